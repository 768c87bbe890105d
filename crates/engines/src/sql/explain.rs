//! What the learner's input did to the statement, in plain words, from the tokens (which of
//! their characters became code, and what that code is) and from what the real database did.

use super::castle::{reveals_treasury, seeded_user};
use super::login::password_hash;
use super::{LoggedIn, LoginForm, Mode, Origin, Piece, Run, TokenKind};

/// Everything [`effects`] looks at.
pub struct Facts<'a> {
    pub mode: Mode,
    pub form: &'a LoginForm,
    pub pieces: &'a [Piece],
    pub run: &'a Run,
    pub login: Option<&'a LoggedIn>,
    pub tables_before: &'a [(String, i64)],
    pub tables_after: &'a [(String, i64)],
}

/// Sentences, most important first.
pub fn effects(facts: &Facts) -> Vec<String> {
    let mut said = Vec::new();
    if !facts.mode.pastes_input() {
        said.push(
            "Your input travels as bound parameters: the SQL text has a ? where each value goes, and SQLite receives the values separately. Quotes, dashes and keywords in them stay data.".to_string(),
        );
    } else {
        said.extend(code_effects(facts.pieces));
    }
    said.extend(run_effects(facts));
    said
}

fn code_effects(pieces: &[Piece]) -> Vec<String> {
    let code: Vec<&Piece> = pieces.iter().filter(|piece| piece.origin == Origin::LearnerCode).collect();
    if code.is_empty() {
        return vec!["Everything you typed stayed inside the username's string literal: it is data.".to_string()];
    }
    let written: String = code.iter().map(|piece| piece.text.as_str()).collect();
    let mut said =
        vec![format!("{} of your characters became SQL code: {}", written.chars().count(), shorten(written.trim()))];
    let keyword =
        |word: &str| code.iter().any(|piece| piece.kind == TokenKind::Keyword && piece.text.eq_ignore_ascii_case(word));
    if code.iter().any(|piece| piece.kind == TokenKind::String && piece.text.starts_with('\''))
        || code.first().is_some_and(|piece| piece.text.starts_with('\''))
    {
        said.push(
            "Your quote closed the username's string literal early, so what follows it is read as SQL.".to_string(),
        );
    }
    if keyword("OR") {
        said.push("OR adds a condition of your own to the WHERE clause.".to_string());
    }
    if keyword("UNION") {
        said.push("UNION SELECT appends the rows of a second query of your choosing to the result.".to_string());
    }
    if code.iter().any(|piece| piece.kind == TokenKind::Punctuation && piece.text.contains(';')) {
        said.push("Your ; ends the app's statement; what follows is a second statement (a stacked query).".to_string());
    }
    let commented_app = pieces.iter().any(|piece| {
        piece.kind == TokenKind::Comment && piece.origin == Origin::App && piece.text.contains("password_hash")
    });
    if commented_app {
        said.push(
            "Your -- turns the rest of the statement into a comment: the password check AND password_hash = '…' is gone.".to_string(),
        );
    }
    if keyword("AND") && !keyword("UNION") {
        said.push(
            "AND adds a condition of your own: whether you get logged in now answers a yes/no question about the data."
                .to_string(),
        );
    }
    if pieces.iter().any(|piece| piece.kind == TokenKind::Unreadable) {
        said.push("The statement ends inside an unfinished string or comment, so SQLite cannot read it.".to_string());
    }
    said
}

fn run_effects(facts: &Facts) -> Vec<String> {
    let mut said = Vec::new();
    match facts.run {
        Run::Rows { rows, .. } => {
            let users = count(facts.tables_before, "users");
            if rows.len() > 1
                && users.is_some_and(|users| rows.len() as i64 >= users)
                && !rows_reveal_treasury(facts.run)
            {
                said.push("The WHERE clause now matches every user: it is always true.".to_string());
            }
            if rows_reveal_treasury(facts.run) {
                said.push(
                    "Secrets from the treasury table are in the result, through a login form that never meant to read it.".to_string(),
                );
            }
        }
        Run::Script { statements } => {
            said.push(format!(
                "executescript() ran {statements} statement{} and returns no rows, so nobody is logged in, but every statement took effect.",
                if *statements == 1 { "" } else { "s" }
            ));
        }
        Run::Raised(_) => {}
    }
    for (table, rows) in facts.tables_before {
        match count(facts.tables_after, table) {
            None => said.push(format!("The table {table} is gone.")),
            Some(now) if now != *rows => said.push(format!("The table {table} had {rows} rows and now has {now}.")),
            Some(_) => {}
        }
    }
    if let Some(user) = facts.login {
        let real = seeded_user(&user.username).map(|(_, _, password)| password_hash(password));
        if real.as_ref().is_some_and(|hash| *hash != password_hash(&facts.form.password)) {
            said.push(format!("You are logged in as {} without {}'s password.", user.username, user.username));
        } else if real.is_none() {
            said.push(format!(
                "The login page now greets “{}”, which is no user of the castle.",
                shorten(&user.username)
            ));
        }
    }
    said
}

fn rows_reveal_treasury(run: &Run) -> bool {
    matches!(run, Run::Rows { rows, .. } if rows.iter().flatten().any(|cell| reveals_treasury(cell)))
}

fn count(tables: &[(String, i64)], name: &str) -> Option<i64> {
    tables.iter().find(|(table, _)| table == name).map(|(_, rows)| *rows)
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 80;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    }
}
