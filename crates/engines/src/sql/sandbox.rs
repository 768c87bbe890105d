//! One keystroke, end to end: build the login's statement, run it the way Python would on the
//! castle, tokenize it, explain it, and check the quests.

use std::collections::HashMap;

use super::castle::Castle;
use super::explain::{effects, Facts};
use super::login::{python_code, statement};
use super::python::{execute, executescript, Raiser};
use super::quests;
use super::tokens::mark;
use super::{Call, Evaluation, Flavour, LoggedIn, LoginForm, Mode, Origin, Piece, Run, SqlRequest, TokenKind};

/// Statements longer than this are tokenized up to here (they still run in full).
pub const TOKENIZED_BYTES: usize = 20_000;

/// The sandbox's engine: the castle, and which (mode, call) pairs stop the whole gallery.
pub struct SqlEngine {
    castle: Castle,
    fixes: HashMap<(Mode, Call), bool>,
}

impl SqlEngine {
    pub fn new() -> Result<SqlEngine, String> {
        Ok(SqlEngine { castle: Castle::open()?, fixes: HashMap::new() })
    }

    /// Answers one request.
    pub fn evaluate(&mut self, request: &SqlRequest) -> Evaluation {
        let mut reset_failed = None;
        if request.reset {
            if let Err(error) = self.castle.reset() {
                reset_failed = Some(error);
            }
        }
        let mut evaluation = evaluate_on(&self.castle, request.mode, request.flavour, request.call, &request.form);
        if let Some(error) = reset_failed {
            evaluation.effects.insert(0, format!("The castle could not be rebuilt: {error}"));
        }
        let call = effective_call(request.mode, request.call);
        let fixes = &mut self.fixes;
        evaluation.solved = request
            .quests
            .iter()
            .filter(|quest| {
                quests::solved_by(quest, &request.form, &evaluation, || {
                    *fixes.entry((request.mode, call)).or_insert_with(|| quests::stops_every_attack(request.mode, call))
                }) == Some(true)
            })
            .cloned()
            .collect();
        evaluation
    }
}

/// `executescript` takes no parameters: only the f-string version can use it.
pub fn effective_call(mode: Mode, call: Call) -> Call {
    if mode.pastes_input() {
        call
    } else {
        Call::Execute
    }
}

/// Runs the login on `castle` and describes it (no quests).
pub fn evaluate_on(castle: &Castle, mode: Mode, flavour: Flavour, call: Call, form: &LoginForm) -> Evaluation {
    let call = effective_call(mode, call);
    let statement = statement(mode, form);
    let raiser = Raiser { mode, flavour };
    let tables_before = castle.tables();
    let run = match call {
        Call::Execute => execute(castle, &statement.sql, &statement.params, raiser),
        Call::ExecuteScript => executescript(castle, &statement.sql, raiser),
    };
    let tables_after = castle.tables();
    let login = logged_in(&run);
    let pieces = tokenized(&statement.sql, statement.learner.as_slice());
    let effects = effects(&Facts {
        mode,
        form,
        pieces: &pieces,
        run: &run,
        login: login.as_ref(),
        tables_before: &tables_before,
        tables_after: &tables_after,
    });
    Evaluation {
        code: python_code(mode, flavour, call),
        statement: pieces,
        params: statement.params,
        effects,
        run,
        login,
        tables: tables_after,
        solved: Vec::new(),
    }
}

fn tokenized(sql: &str, learner: &[std::ops::Range<usize>]) -> Vec<Piece> {
    if sql.len() <= TOKENIZED_BYTES {
        return mark(sql, learner);
    }
    let mut end = TOKENIZED_BYTES;
    while !sql.is_char_boundary(end) {
        end -= 1;
    }
    let mut pieces = mark(&sql[..end], learner);
    pieces.push(Piece {
        text: format!("… and {} more bytes", sql.len() - end),
        kind: TokenKind::Unreadable,
        origin: Origin::App,
    });
    pieces
}

/// The view: `user = ….fetchone()`, then "Welcome, {user[1]} ({user[2]})" (id, username, role).
fn logged_in(run: &Run) -> Option<LoggedIn> {
    let Run::Rows { rows, .. } = run else { return None };
    let first = rows.first()?;
    Some(LoggedIn {
        username: first.get(1).cloned().unwrap_or_default(),
        role: first.get(2).cloned().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::gallery::ATTACKS;
    use proptest::prelude::*;

    fn request(username: &str, mode: Mode, call: Call) -> SqlRequest {
        SqlRequest {
            form: LoginForm { username: username.into(), password: "guess".into() },
            mode,
            flavour: Flavour::Flask,
            call,
            reset: true,
            quests: crate::sql::quests::QUESTS.iter().map(|quest| quest.to_string()).collect(),
        }
    }

    fn says(evaluation: &Evaluation, words: &str) -> bool {
        evaluation.effects.iter().any(|sentence| sentence.contains(words))
    }

    #[test]
    fn the_tautology_is_explained_in_plain_words() {
        let mut engine = SqlEngine::new().unwrap();
        let evaluation = engine.evaluate(&request(ATTACKS[0].username, Mode::FString, Call::Execute));
        assert!(says(&evaluation, "it is always true"), "{:?}", evaluation.effects);
        assert!(says(&evaluation, "the password check AND password_hash = '…' is gone"), "{:?}", evaluation.effects);
        assert!(says(&evaluation, "logged in as king without king's password"), "{:?}", evaluation.effects);
        assert_eq!(evaluation.solved, vec!["king-without-password".to_string()]);
    }

    /// The gallery's note says so: without the comment, AND binds tighter than OR.
    #[test]
    fn the_tautology_without_its_comment_logs_nobody_in() {
        let mut engine = SqlEngine::new().unwrap();
        let evaluation = engine.evaluate(&request("' OR '1'='1", Mode::FString, Call::Execute));
        assert_eq!(evaluation.login, None);
        assert!(says(&evaluation, "OR adds a condition"), "{:?}", evaluation.effects);
    }

    #[test]
    fn errors_are_named_as_each_framework_raises_them() {
        let mut engine = SqlEngine::new().unwrap();
        let mut class = |mode: Mode, flavour: Flavour, username: &str| {
            let mut asked = request(username, mode, Call::Execute);
            asked.flavour = flavour;
            match engine.evaluate(&asked).run {
                Run::Raised(error) => format!("{}: {}", error.class, error.message),
                other => format!("{other:?}"),
            }
        };
        // A lone quote: the literal swallows the app's own quote and ends at the hash.
        let lone_quote = class(Mode::FString, Flavour::Flask, "'");
        assert!(lone_quote.starts_with("sqlite3.OperationalError: near \"") && lone_quote.ends_with("\": syntax error"), "{lone_quote}");
        assert_eq!(class(Mode::FString, Flavour::Django, "x'; SELECT 1; --"), "django.db.utils.ProgrammingError: You can only execute one statement at a time.");
        // A value too long for the length limit fails in the ORM too, wrapped as SQLAlchemy does.
        let long = "a".repeat(1_000_001);
        assert_eq!(class(Mode::SqlAlchemy, Flavour::Flask, &long), "sqlalchemy.exc.DataError: (sqlite3.DataError) string or blob too big");
    }

    #[test]
    fn bound_parameters_are_explained_and_keep_the_input_out_of_the_sql() {
        let mut engine = SqlEngine::new().unwrap();
        let evaluation = engine.evaluate(&request("king'--", Mode::Params, Call::ExecuteScript));
        assert!(says(&evaluation, "bound parameters"));
        assert!(evaluation.statement.iter().all(|piece| piece.origin == Origin::App));
        assert_eq!(evaluation.login, None);
        assert_eq!(evaluation.run, Run::Rows { columns: vec!["id".into(), "username".into(), "role".into()], rows: vec![], more: false });
        assert_eq!(evaluation.solved, vec!["every-attack-fails".to_string()]);
    }

    #[test]
    fn the_union_reads_the_treasury_and_reset_rebuilds_a_dropped_table() {
        let mut engine = SqlEngine::new().unwrap();
        let evaluation = engine.evaluate(&request(ATTACKS[2].username, Mode::FString, Call::Execute));
        assert!(evaluation.solved.contains(&"treasury-through-login".to_string()));
        assert!(evaluation.login.as_ref().is_some_and(|user| crate::sql::castle::reveals_treasury(&user.role)));
        let mut drop = request("'; DROP TABLE users;--", Mode::FString, Call::ExecuteScript);
        drop.reset = false;
        let evaluation = engine.evaluate(&drop);
        assert!(says(&evaluation, "The table users is gone."), "{:?}", evaluation.effects);
        // Without a reset the castle stays broken; with one it is whole again.
        let mut honest = request("peasant", Mode::Params, Call::Execute);
        honest.reset = false;
        assert!(matches!(engine.evaluate(&honest).run, Run::Raised(ref error) if error.message == "no such table: users"));
        honest.reset = true;
        assert_eq!(engine.evaluate(&honest).tables, vec![("treasury".to_string(), 3), ("users".to_string(), 4)]);
    }

    #[test]
    fn a_long_statement_is_tokenized_in_part_and_still_runs() {
        let mut engine = SqlEngine::new().unwrap();
        let long = "a".repeat(50_000);
        let evaluation = engine.evaluate(&request(&long, Mode::FString, Call::Execute));
        assert!(evaluation.statement.last().is_some_and(|piece| piece.text.contains("more bytes")));
        assert!(matches!(evaluation.run, Run::Rows { .. }));
    }

    fn sqlish() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,60}",
            proptest::collection::vec(
                prop_oneof![
                    Just("'"), Just("\""), Just(";"), Just("--"), Just("/*"), Just("*/"), Just(" "), Just("\n"),
                    Just("OR"), Just("UNION"), Just("SELECT"), Just("FROM"), Just("treasury"), Just("1"), Just("="),
                    Just("("), Just(")"), Just("?"), Just(":x"), Just("x'"), Just("\0"), Just("🐉"), Just("DROP TABLE users"),
                ],
                0..24
            )
            .prop_map(|parts| parts.concat()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn never_panics_and_shows_exactly_what_ran(username in sqlish(), password in "\\PC{0,20}") {
            let mut engine = SqlEngine::new().unwrap();
            for mode in Mode::ALL {
                for call in [Call::Execute, Call::ExecuteScript] {
                    let mut asked = request(&username, mode, call);
                    asked.form.password = password.clone();
                    asked.reset = false;
                    let evaluation = engine.evaluate(&asked);
                    let shown: String = evaluation.statement.iter().map(|piece| piece.text.as_str()).collect();
                    prop_assert_eq!(shown, crate::sql::login::statement(mode, &asked.form).sql);
                    if !mode.pastes_input() {
                        prop_assert!(evaluation.statement.iter().all(|piece| piece.origin == Origin::App));
                    }
                }
            }
        }
    }
}
