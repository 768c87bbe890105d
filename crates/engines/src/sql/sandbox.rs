//! The SQL sandbox's engine: its environment (the castle database the learner's statements
//! change, and the clock the runaway guard reads), one keystroke end to end (build the login's
//! statement, run it the way Python would on the castle, tokenize it, explain it), and the
//! quests read from that one outcome. In the browser it all runs in the SQL worker, which
//! answers each [`SqlRequest`] with [`answer`].

use std::collections::HashMap;

use super::castle::Castle;
use super::explain::{effects, Facts};
use super::guard::Clock;
use super::login::{python_code, statement};
use super::python::{execute, executescript, Raiser};
use super::quests::{self, QUESTS};
use super::tokens::mark;
use super::{
    describe_solution, Call, Evaluation, Flavour, LoggedIn, LoginForm, Mode, Origin, Piece, QuestFacts, Run,
    SqlOutcome, SqlReply, SqlRequest, SqlState, TokenKind,
};
use crate::sandbox::{prefix, solved_quests, SandboxEngine, Solution};

/// Statements longer than this are tokenized up to here (they still run in full).
pub const TOKENIZED_BYTES: usize = 20_000;

/// What the SQL engine needs from outside the state: the castle database (it lives as long as
/// the lesson is open, so a dropped table stays dropped until **Reset castle**) and the clock
/// the runaway guard reads.
pub struct SqlEnv {
    /// The castle, or why SQLite could not open it.
    castle: Result<Castle, String>,
    clock: Clock,
    /// Whether each (mode, call) stops the whole gallery: replaying it opens a fresh castle per
    /// attack, and the answer never changes, so it is found once per pair.
    fixes: HashMap<(Mode, Call), bool>,
}

impl SqlEnv {
    /// Opens the castle, its statements timed by `clock`.
    pub fn open(clock: Clock) -> SqlEnv {
        SqlEnv { castle: Castle::open(clock.clone()), clock, fixes: HashMap::new() }
    }

    /// Rebuilds the castle (the **Reset castle** button), or opens it again if it had failed.
    pub fn reset(&mut self) -> Result<(), String> {
        match &mut self.castle {
            Ok(castle) => castle.reset(),
            Err(_) => {
                self.castle = Castle::open(self.clock.clone());
                self.castle.as_ref().map(|_| ()).map_err(Clone::clone)
            }
        }
    }

    fn stops_every_attack(&mut self, mode: Mode, call: Call) -> bool {
        let clock = &self.clock;
        *self
            .fixes
            .entry((mode, effective_call(mode, call)))
            .or_insert_with(|| quests::stops_every_attack(mode, call, clock))
    }
}

/// The SQL sandbox's engine.
pub struct SqlSandbox;

impl SandboxEngine for SqlSandbox {
    type State = SqlState;
    type Env = SqlEnv;
    type Outcome = Result<SqlOutcome, String>;

    /// A fresh castle and a [`Clock::ticking`] clock: a runaway statement is stopped after the
    /// same number of steps on any machine.
    fn test_env() -> SqlEnv {
        SqlEnv::open(Clock::ticking(1.0))
    }

    fn outcome(state: &SqlState, env: &mut SqlEnv) -> Result<SqlOutcome, String> {
        let form = state.form();
        // Why SQLite could not open the castle, as Castle::open says it ("SQLite did not open: …").
        let castle = env.castle.as_ref().map_err(Clone::clone)?;
        let evaluation = evaluate_on(castle, state.mode, state.flavour, state.call, &form);
        let facts = QuestFacts {
            king_without_password: quests::king_without_password(&form, &evaluation),
            treasury_through_login: quests::reveals_treasury(&evaluation.run),
            every_attack_fails: env.stops_every_attack(state.mode, state.call),
        };
        Ok(SqlOutcome { evaluation, facts })
    }

    fn solved(quest: &str, outcome: &Result<SqlOutcome, String>) -> Option<bool> {
        if !QUESTS.contains(&quest) {
            return None;
        }
        // Without a database nothing is solved.
        let Ok(outcome) = outcome else {
            return Some(false);
        };
        let facts = &outcome.facts;
        Some(match quest {
            "king-without-password" => facts.king_without_password,
            "treasury-through-login" => facts.treasury_through_login,
            _ => facts.every_attack_fails,
        })
    }

    fn describe(solution: &Solution) -> Vec<String> {
        describe_solution(solution)
    }
}

/// The worker's answer to one request: reset the castle if asked, compute the one outcome, and
/// read the requested quests from it.
pub fn answer(env: &mut SqlEnv, request: &SqlRequest) -> SqlReply {
    let reset_failed = if request.reset { env.reset().err() } else { None };
    let mut outcome = SqlSandbox::outcome(&request.state, env);
    if let (Some(error), Ok(outcome)) = (reset_failed, &mut outcome) {
        outcome.evaluation.effects.insert(0, format!("The castle could not be rebuilt: {error}"));
    }
    let ids: Vec<&str> = request.quests.iter().map(String::as_str).collect();
    let solved = solved_quests::<SqlSandbox>(&ids, &outcome);
    SqlReply { outcome, solved }
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
    }
}

fn tokenized(sql: &str, learner: &[std::ops::Range<usize>]) -> Vec<Piece> {
    if sql.len() <= TOKENIZED_BYTES {
        return mark(sql, learner);
    }
    let read = prefix(sql, TOKENIZED_BYTES);
    let mut pieces = mark(read, learner);
    pieces.push(Piece {
        text: format!("… and {} more bytes", sql.len() - read.len()),
        kind: TokenKind::Unreadable,
        origin: Origin::App,
    });
    pieces
}

/// The view: `user = ….fetchone()`, then "Welcome, {user[1]} ({user[2]})" (id, username, role).
fn logged_in(run: &Run) -> Option<LoggedIn> {
    let Run::Rows { rows, .. } = run else {
        return None;
    };
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
            state: SqlState {
                username: username.into(),
                password: "guess".into(),
                mode,
                flavour: Flavour::Flask,
                call,
            },
            reset: true,
            quests: QUESTS.iter().map(|quest| quest.to_string()).collect(),
        }
    }

    /// The worker's answer, with the evaluation at hand.
    struct Answered {
        evaluation: Evaluation,
        solved: Vec<String>,
    }

    impl std::ops::Deref for Answered {
        type Target = Evaluation;
        fn deref(&self) -> &Evaluation {
            &self.evaluation
        }
    }

    fn ask(env: &mut SqlEnv, request: &SqlRequest) -> Answered {
        let reply = answer(env, request);
        let outcome = reply.outcome.expect("the castle opens");
        Answered { evaluation: outcome.evaluation, solved: reply.solved }
    }

    fn says(evaluation: &Evaluation, words: &str) -> bool {
        evaluation.effects.iter().any(|sentence| sentence.contains(words))
    }

    #[test]
    fn the_tautology_is_explained_in_plain_words() {
        let mut env = SqlSandbox::test_env();
        let evaluation = ask(&mut env, &request(ATTACKS[0].username, Mode::FString, Call::Execute));
        assert!(says(&evaluation, "it is always true"), "{:?}", evaluation.effects);
        assert!(says(&evaluation, "the password check AND password_hash = '…' is gone"), "{:?}", evaluation.effects);
        assert!(says(&evaluation, "logged in as king without king's password"), "{:?}", evaluation.effects);
        assert_eq!(evaluation.solved, vec!["king-without-password".to_string()]);
    }

    /// The gallery's note says so: without the comment, AND binds tighter than OR.
    #[test]
    fn the_tautology_without_its_comment_logs_nobody_in() {
        let mut env = SqlSandbox::test_env();
        let evaluation = ask(&mut env, &request("' OR '1'='1", Mode::FString, Call::Execute));
        assert_eq!(evaluation.login, None);
        assert!(says(&evaluation, "OR adds a condition"), "{:?}", evaluation.effects);
    }

    #[test]
    fn errors_are_named_as_each_framework_raises_them() {
        let mut env = SqlSandbox::test_env();
        let mut class = |mode: Mode, flavour: Flavour, username: &str| {
            let mut asked = request(username, mode, Call::Execute);
            asked.state.flavour = flavour;
            match ask(&mut env, &asked).evaluation.run {
                Run::Raised(error) => format!("{}: {}", error.class, error.message),
                other => format!("{other:?}"),
            }
        };
        // A lone quote: the literal swallows the app's own quote and ends at the hash.
        let lone_quote = class(Mode::FString, Flavour::Flask, "'");
        assert!(
            lone_quote.starts_with("sqlite3.OperationalError: near \"") && lone_quote.ends_with("\": syntax error"),
            "{lone_quote}"
        );
        assert_eq!(
            class(Mode::FString, Flavour::Django, "x'; SELECT 1; --"),
            "django.db.utils.ProgrammingError: You can only execute one statement at a time."
        );
        // A value too long for the length limit fails in the ORM too, wrapped as SQLAlchemy does.
        let long = "a".repeat(1_000_001);
        assert_eq!(
            class(Mode::SqlAlchemy, Flavour::Flask, &long),
            "sqlalchemy.exc.DataError: (sqlite3.DataError) string or blob too big"
        );
    }

    #[test]
    fn bound_parameters_are_explained_and_keep_the_input_out_of_the_sql() {
        let mut env = SqlSandbox::test_env();
        let evaluation = ask(&mut env, &request("king'--", Mode::Params, Call::ExecuteScript));
        assert!(says(&evaluation, "bound parameters"));
        assert!(evaluation.statement.iter().all(|piece| piece.origin == Origin::App));
        assert_eq!(evaluation.login, None);
        assert_eq!(
            evaluation.run,
            Run::Rows { columns: vec!["id".into(), "username".into(), "role".into()], rows: vec![], more: false }
        );
        assert_eq!(evaluation.solved, vec!["every-attack-fails".to_string()]);
    }

    #[test]
    fn the_union_reads_the_treasury_and_reset_rebuilds_a_dropped_table() {
        let mut env = SqlSandbox::test_env();
        let evaluation = ask(&mut env, &request(ATTACKS[2].username, Mode::FString, Call::Execute));
        assert!(evaluation.solved.contains(&"treasury-through-login".to_string()));
        assert!(evaluation.login.as_ref().is_some_and(|user| crate::sql::castle::reveals_treasury(&user.role)));
        let mut drop = request("'; DROP TABLE users;--", Mode::FString, Call::ExecuteScript);
        drop.reset = false;
        let evaluation = ask(&mut env, &drop);
        assert!(says(&evaluation, "The table users is gone."), "{:?}", evaluation.effects);
        // Without a reset the castle stays broken; with one it is whole again.
        let mut honest = request("peasant", Mode::Params, Call::Execute);
        honest.reset = false;
        assert!(
            matches!(ask(&mut env, &honest).run, Run::Raised(ref error) if error.message == "no such table: users")
        );
        honest.reset = true;
        assert_eq!(ask(&mut env, &honest).tables, vec![("treasury".to_string(), 3), ("users".to_string(), 4)]);
    }

    #[test]
    fn a_long_statement_is_tokenized_in_part_and_still_runs() {
        let mut env = SqlSandbox::test_env();
        let long = "a".repeat(50_000);
        let evaluation = ask(&mut env, &request(&long, Mode::FString, Call::Execute));
        assert!(evaluation.statement.last().is_some_and(|piece| piece.text.contains("more bytes")));
        assert!(matches!(evaluation.run, Run::Rows { .. }));
    }

    /// The worker reports exactly the quests `solved` reads from the outcome it computed, and
    /// the outcome's facts are the ones the quest functions find in its evaluation.
    #[test]
    fn the_reported_quests_are_read_from_the_one_outcome() {
        let mut env = SqlSandbox::test_env();
        for (username, mode) in
            [(ATTACKS[0].username, Mode::FString), (ATTACKS[2].username, Mode::FString), ("peasant", Mode::Params)]
        {
            let asked = request(username, mode, Call::Execute);
            let reply = answer(&mut env, &asked);
            let outcome = reply.outcome.clone().unwrap();
            let read: Vec<String> = QUESTS
                .iter()
                .filter(|quest| SqlSandbox::solved(quest, &reply.outcome) == Some(true))
                .map(|q| q.to_string())
                .collect();
            assert_eq!(reply.solved, read, "{username}");
            assert!(!reply.solved.is_empty(), "{username}");
            let form = asked.state.form();
            assert_eq!(outcome.facts.king_without_password, quests::king_without_password(&form, &outcome.evaluation));
            assert_eq!(outcome.facts.treasury_through_login, quests::reveals_treasury(&outcome.evaluation.run));
        }
    }

    /// The fix check replays the whole gallery on fresh castles: once per (mode, call), kept in
    /// the environment, not recomputed per keystroke or per quest.
    #[test]
    fn the_gallery_is_replayed_once_per_mode_and_call() {
        let mut env = SqlSandbox::test_env();
        for username in ["a", "ab", "abc"] {
            let _ = answer(&mut env, &request(username, Mode::Params, Call::Execute));
        }
        assert_eq!(env.fixes.len(), 1);
        // executescript takes no parameters: the bound modes run through execute either way.
        let _ = answer(&mut env, &request("a", Mode::Params, Call::ExecuteScript));
        assert_eq!(env.fixes.len(), 1);
        let _ = answer(&mut env, &request("a", Mode::FString, Call::Execute));
        assert_eq!(
            env.fixes,
            HashMap::from([((Mode::Params, Call::Execute), true), ((Mode::FString, Call::Execute), false)])
        );
    }

    /// The runaway attack through the worker's path: the guard reads the environment's clock.
    #[test]
    fn the_runaway_attack_is_stopped_by_the_environments_clock() {
        let runaway = ATTACKS.iter().find(|attack| attack.aim == crate::sql::gallery::Aim::Runaway).unwrap();
        let mut env = SqlEnv::open(Clock::ticking(1.0));
        let evaluation = ask(&mut env, &request(runaway.username, Mode::FString, Call::Execute));
        assert!(
            matches!(&evaluation.run, Run::Raised(error) if error.message == "interrupted"),
            "{:?}",
            evaluation.run
        );
    }

    #[test]
    fn unknown_inputs_and_quests_are_reported() {
        let mut state = SqlState::default();
        let solution = [("colour".to_string(), "red".to_string())].into();
        assert!(SqlSandbox::apply(&mut state, &solution).unwrap_err().contains("colour"));
        let solution = [("mode".to_string(), "magic".to_string())].into();
        assert!(SqlSandbox::apply(&mut state, &solution).is_err());
        let outcome = SqlSandbox::outcome(&state, &mut SqlSandbox::test_env());
        assert_eq!(SqlSandbox::solved("fly", &outcome), None);
        assert_eq!(SqlSandbox::solved("every-attack-fails", &Err("no database".into())), Some(false));
    }

    #[test]
    fn a_link_with_a_huge_username_is_refused_in_words() {
        assert!(SqlSandbox::check(&SqlState::default()).is_ok());
        let huge = SqlState { username: "a".repeat(crate::sandbox::LINK_TEXT_LIMIT + 1), ..SqlState::default() };
        assert!(SqlSandbox::check(&huge).unwrap_err().starts_with("The username in this link"));
    }

    fn sqlish() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,60}",
            proptest::collection::vec(
                prop_oneof![
                    Just("'"),
                    Just("\""),
                    Just(";"),
                    Just("--"),
                    Just("/*"),
                    Just("*/"),
                    Just(" "),
                    Just("\n"),
                    Just("OR"),
                    Just("UNION"),
                    Just("SELECT"),
                    Just("FROM"),
                    Just("treasury"),
                    Just("1"),
                    Just("="),
                    Just("("),
                    Just(")"),
                    Just("?"),
                    Just(":x"),
                    Just("x'"),
                    Just("\0"),
                    Just("🐉"),
                    Just("DROP TABLE users"),
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
            let mut env = SqlSandbox::test_env();
            for mode in Mode::ALL {
                for call in [Call::Execute, Call::ExecuteScript] {
                    let mut asked = request(&username, mode, call);
                    asked.state.password = password.clone();
                    asked.reset = false;
                    let evaluation = ask(&mut env, &asked);
                    let shown: String = evaluation.statement.iter().map(|piece| piece.text.as_str()).collect();
                    prop_assert_eq!(shown, crate::sql::login::statement(mode, &asked.state.form()).sql);
                    if !mode.pastes_input() {
                        prop_assert!(evaluation.statement.iter().all(|piece| piece.origin == Origin::App));
                    }
                }
            }
        }
    }
}
