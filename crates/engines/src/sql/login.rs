//! The castle's login, written four ways. Each gives the exact statement and bound parameters
//! Python hands to `sqlite3`: for the f-string and `?` versions that is the code itself; for the
//! ORMs it is what Flask-SQLAlchemy 3.1 / SQLAlchemy 2.0 and Django 5.2 emit, checked against
//! `fixtures/sql_orm.json` (made by `fixtures/make_sql_fixtures.py` with the real libraries).
//!
//! Every version hashes the password first (`hashlib.sha256(password.encode()).hexdigest()`),
//! so only the username can reach the SQL text: the weak unsalted hash is lesson 8's subject.

use std::ops::Range;

use sha2::{Digest, Sha256};

use super::{Call, Flavour, LoginForm, Mode, Param};

/// The statement Python hands to SQLite, and which bytes of it the learner typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
    /// The bytes of `sql` that are the learner's own characters (f-string only).
    pub learner: Option<Range<usize>>,
    pub params: Vec<Param>,
}

/// `hashlib.sha256(password.encode()).hexdigest()`.
pub fn password_hash(password: &str) -> String {
    Sha256::digest(password.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

const FSTRING_BEFORE: &str = "SELECT id, username, role FROM users WHERE username = '";
const FSTRING_MIDDLE: &str = "' AND password_hash = '";
const FSTRING_AFTER: &str = "'";

/// sqlite3's qmark style, as the Flask code writes it.
pub const PARAMS_SQL: &str = "SELECT id, username, role FROM users WHERE username = ? AND password_hash = ?";

/// What `User.query.filter_by(username=..., password_hash=...).first()` sends (SQLAlchemy 2.0.58).
pub const SQLALCHEMY_SQL: &str = "SELECT users.id AS users_id, users.username AS users_username, users.role AS users_role, users.password_hash AS users_password_hash \nFROM users \nWHERE users.username = ? AND users.password_hash = ?\n LIMIT ? OFFSET ?";

/// What `User.objects.filter(username=..., password_hash=...).first()` sends (Django 5.2: it
/// sorts keyword filters by name, and `.first()` orders by the primary key).
pub const DJANGO_SQL: &str = "SELECT \"users\".\"id\", \"users\".\"username\", \"users\".\"role\", \"users\".\"password_hash\" FROM \"users\" WHERE (\"users\".\"password_hash\" = ? AND \"users\".\"username\" = ?) ORDER BY \"users\".\"id\" ASC LIMIT 1";

/// The statement `mode` runs for `form`.
pub fn statement(mode: Mode, form: &LoginForm) -> Statement {
    let hash = password_hash(&form.password);
    let text = |value: &str| Param::Text(value.to_string());
    match mode {
        Mode::FString => {
            let mut sql = String::with_capacity(FSTRING_BEFORE.len() + form.username.len() + 120);
            sql.push_str(FSTRING_BEFORE);
            let start = sql.len();
            sql.push_str(&form.username);
            let learner = (!form.username.is_empty()).then_some(start..sql.len());
            sql.push_str(FSTRING_MIDDLE);
            sql.push_str(&hash);
            sql.push_str(FSTRING_AFTER);
            Statement { sql, learner, params: Vec::new() }
        }
        Mode::Params => {
            Statement { sql: PARAMS_SQL.to_string(), learner: None, params: vec![text(&form.username), text(&hash)] }
        }
        Mode::SqlAlchemy => Statement {
            sql: SQLALCHEMY_SQL.to_string(),
            learner: None,
            params: vec![text(&form.username), text(&hash), Param::Integer(1), Param::Integer(0)],
        },
        Mode::DjangoOrm => {
            Statement { sql: DJANGO_SQL.to_string(), learner: None, params: vec![text(&hash), text(&form.username)] }
        }
    }
}

/// The view's code for `mode`, as the learner's framework writes it.
pub fn python_code(mode: Mode, flavour: Flavour, call: Call) -> String {
    const HASH: &str = "pw_hash = hashlib.sha256(password.encode()).hexdigest()\n";
    const FSTRING: &str =
        "f\"SELECT id, username, role FROM users WHERE username = '{username}' AND password_hash = '{pw_hash}'\"";
    let body = match (mode, flavour, call) {
        (Mode::FString, Flavour::Flask, Call::Execute) => format!("user = get_db().execute(\n    {FSTRING}\n).fetchone()"),
        (Mode::FString, Flavour::Flask, Call::ExecuteScript) => {
            format!("cursor = get_db().executescript(\n    {FSTRING}\n)\nuser = cursor.fetchone()")
        }
        (Mode::FString, Flavour::Django, Call::Execute) => {
            format!("with connection.cursor() as cursor:\n    cursor.execute(\n        {FSTRING}\n    )\n    user = cursor.fetchone()")
        }
        (Mode::FString, Flavour::Django, Call::ExecuteScript) => format!(
            "connection.ensure_connection()  # the sqlite3 connection under Django's\ncursor = connection.connection.executescript(\n    {FSTRING}\n)\nuser = cursor.fetchone()"
        ),
        (Mode::Params, Flavour::Flask, _) => format!("user = get_db().execute(\n    \"{PARAMS_SQL}\",\n    (username, pw_hash),\n).fetchone()"),
        (Mode::Params, Flavour::Django, _) => "with connection.cursor() as cursor:\n    cursor.execute(\n        \"SELECT id, username, role FROM users WHERE username = %s AND password_hash = %s\",\n        [username, pw_hash],\n    )\n    user = cursor.fetchone()".to_string(),
        (Mode::SqlAlchemy, _, _) => "user = User.query.filter_by(username=username, password_hash=pw_hash).first()".to_string(),
        (Mode::DjangoOrm, _, _) => "user = User.objects.filter(username=username, password_hash=pw_hash).first()".to_string(),
    };
    format!("{HASH}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Fixtures {
        sqlalchemy_filter_by: Vec<Case>,
        django_filter: Vec<Case>,
    }

    #[derive(Deserialize)]
    struct Case {
        username: String,
        password: String,
        sql: String,
        params: Vec<serde_json::Value>,
    }

    fn as_json(params: &[Param]) -> Vec<serde_json::Value> {
        params
            .iter()
            .map(|param| match param {
                Param::Text(text) => serde_json::Value::from(text.as_str()),
                Param::Integer(number) => serde_json::Value::from(*number),
            })
            .collect()
    }

    fn fixtures() -> Fixtures {
        serde_json::from_str(include_str!("../../fixtures/sql_orm.json")).expect("fixture file parses")
    }

    #[test]
    fn sqlalchemy_filter_by_sends_what_the_real_library_sends() {
        let cases = fixtures().sqlalchemy_filter_by;
        assert!(cases.len() >= 5);
        for case in cases {
            let form = LoginForm { username: case.username.clone(), password: case.password.clone() };
            let statement = statement(Mode::SqlAlchemy, &form);
            assert_eq!(statement.sql, case.sql, "{}", case.username);
            assert_eq!(as_json(&statement.params), case.params, "{}", case.username);
        }
    }

    #[test]
    fn django_filter_sends_what_the_real_library_sends() {
        let cases = fixtures().django_filter;
        assert!(cases.len() >= 5);
        for case in cases {
            let form = LoginForm { username: case.username.clone(), password: case.password.clone() };
            let statement = statement(Mode::DjangoOrm, &form);
            assert_eq!(statement.sql, case.sql, "{}", case.username);
            assert_eq!(as_json(&statement.params), case.params, "{}", case.username);
        }
    }

    #[test]
    fn password_hash_is_hashlib_sha256_hexdigest() {
        // hashlib.sha256(b"turnip").hexdigest(), also in the fixtures' first case.
        assert_eq!(password_hash("turnip"), "609a9020414880accc484b0d8fd5082e2799aa828d83dfa37a1ed5f77d50861a");
    }

    #[test]
    fn the_f_string_pastes_the_username_and_remembers_where() {
        let form = LoginForm { username: "king'--".into(), password: "x".into() };
        let statement = statement(Mode::FString, &form);
        assert_eq!(&statement.sql[statement.learner.clone().unwrap()], "king'--");
        assert!(statement
            .sql
            .starts_with("SELECT id, username, role FROM users WHERE username = 'king'--' AND password_hash = '"));
        assert!(statement.params.is_empty());
    }

    #[test]
    fn bound_modes_never_put_the_input_in_the_sql() {
        let form = LoginForm { username: "king'--".into(), password: "x".into() };
        for mode in [Mode::Params, Mode::SqlAlchemy, Mode::DjangoOrm] {
            let statement = statement(mode, &form);
            assert!(!statement.sql.contains("king"), "{mode:?}");
            assert!(statement.params.contains(&Param::Text("king'--".into())), "{mode:?}");
        }
    }
}
