//! The SQL injection sandbox (lesson 2): the same login written four ways, run on a real SQLite
//! database, with the learner's characters marked as data or code.
//!
//! Always compiled (so the sandbox view can name them): the request and answer types below and
//! the attack [`gallery`]. Behind the `sql` cargo feature, which only the SQL worker and the
//! native tests enable: SQLite itself (rusqlite) and everything that runs it.
//!
//! One concept per file:
//! - [`castle`]: the castle database, its seed and its reset;
//! - [`login`]: the login as an f-string, `?` parameters, SQLAlchemy `filter_by` and Django
//!   `filter`, giving the statement and bound parameters each really sends;
//! - [`tokens`]: the statement cut into SQL tokens, each character marked as the app's, or the
//!   learner's as data or code;
//! - [`python`]: Python `sqlite3`'s rules for `execute` and `executescript`, and its errors;
//! - [`guard`]: the runaway guard (a time budget and a length limit);
//! - [`explain`]: what the input did to the statement, in plain words;
//! - [`sandbox`]: one keystroke, end to end;
//! - [`quests`]: the quest detector.

pub mod gallery;
pub mod settings_check;

#[cfg(feature = "sql")]
pub mod castle;
#[cfg(feature = "sql")]
pub mod explain;
#[cfg(feature = "sql")]
pub mod guard;
#[cfg(feature = "sql")]
pub mod login;
#[cfg(feature = "sql")]
pub mod python;
#[cfg(feature = "sql")]
pub mod quests;
#[cfg(feature = "sql")]
pub mod sandbox;
#[cfg(feature = "sql")]
pub mod tokens;

use serde::{Deserialize, Serialize};

/// The sandbox's inputs, as quest solutions and shared links name them. Outside the `sql`
/// feature, so the view (which never links SQLite) can hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlState {
    pub username: String,
    pub password: String,
    pub mode: Mode,
    pub call: Call,
}

/// The peasant's own login, which the castle's seed knows (`castle::PEASANT`).
pub(crate) const PEASANT_LOGIN: (&str, &str) = ("peasant", "turnip");

impl Default for SqlState {
    /// The castle as inherited: the peasant at the f-string login, through `execute`.
    fn default() -> Self {
        SqlState {
            username: PEASANT_LOGIN.0.to_string(),
            password: PEASANT_LOGIN.1.to_string(),
            mode: Mode::FString,
            call: Call::Execute,
        }
    }
}

/// How the login view builds its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Mode {
    /// `cursor.execute(f"... '{username}' ...")`: the input is pasted into the SQL text.
    #[default]
    FString,
    /// `cursor.execute("... = ?", (username, pw_hash))`: the values travel apart from the SQL.
    Params,
    /// Flask-SQLAlchemy's `User.query.filter_by(username=..., password_hash=...).first()`.
    SqlAlchemy,
    /// Django's `User.objects.filter(username=..., password_hash=...).first()`.
    DjangoOrm,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::FString, Mode::Params, Mode::SqlAlchemy, Mode::DjangoOrm];

    /// The name quest solutions use (`mode = "params"`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::FString => "f-string",
            Mode::Params => "params",
            Mode::SqlAlchemy => "sqlalchemy",
            Mode::DjangoOrm => "django-orm",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|mode| mode.name() == name)
    }

    /// What the mode switch says.
    pub fn label(self) -> &'static str {
        match self {
            Mode::FString => "f-string in execute()",
            Mode::Params => "Bound parameters",
            Mode::SqlAlchemy => "SQLAlchemy filter_by",
            Mode::DjangoOrm => "Django ORM filter",
        }
    }

    /// Whether the learner's text is pasted into the SQL text.
    pub fn pastes_input(self) -> bool {
        self == Mode::FString
    }
}

/// Whose code the sandbox shows: a Flask app with `sqlite3`, or a Django app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Flavour {
    #[default]
    Flask,
    Django,
}

/// Which `sqlite3` method runs the f-string: `execute` (one statement) or `executescript`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Call {
    #[default]
    Execute,
    ExecuteScript,
}

impl Call {
    pub fn name(self) -> &'static str {
        match self {
            Call::Execute => "execute",
            Call::ExecuteScript => "executescript",
        }
    }

    pub fn from_name(name: &str) -> Option<Call> {
        [Call::Execute, Call::ExecuteScript].into_iter().find(|call| call.name() == name)
    }
}

/// What the learner typed into the login form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
}

/// One keystroke's worth of work for the SQL worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlRequest {
    pub form: LoginForm,
    pub mode: Mode,
    pub flavour: Flavour,
    pub call: Call,
    /// Rebuild the castle before running (the Reset castle button).
    pub reset: bool,
    /// The lesson's quest ids, to report which are solved.
    pub quests: Vec<String>,
}

/// Who wrote a piece of the statement, and what it became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// The app's own SQL text.
    App,
    /// The learner's characters inside a string literal the app opened: a value.
    LearnerData,
    /// The learner's characters anywhere else: they are SQL code now.
    LearnerCode,
}

/// What kind of SQL token a piece belongs to (for colouring).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenKind {
    Keyword,
    Identifier,
    String,
    Number,
    Placeholder,
    Comment,
    Punctuation,
    Whitespace,
    /// What the tokenizer could not read (an unterminated string or comment).
    Unreadable,
}

/// A run of statement text with one origin inside one token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub text: String,
    pub kind: TokenKind,
    pub origin: Origin,
}

/// A bound parameter, as Python passes it to `sqlite3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Param {
    Text(String),
    Integer(i64),
}

/// What running the statement gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Run {
    /// The rows `fetchall()` would see (at most [`ROWS_SHOWN`]).
    Rows { columns: Vec<String>, rows: Vec<Vec<String>>, more: bool },
    /// `executescript` ran every statement; it returns no rows.
    Script { statements: usize },
    /// An exception, as the Flask or Django traceback's last line shows it.
    Raised(PythonError),
}

/// The most result rows an answer carries.
pub const ROWS_SHOWN: usize = 50;

/// A Python exception raised by `sqlite3` (or re-raised by Django).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonError {
    /// e.g. `sqlite3.OperationalError` or `django.db.utils.OperationalError`.
    pub class: String,
    pub message: String,
    /// Why it happened, for a learner.
    pub explanation: String,
}

/// Who the login page says is logged in: the first row's `username` and `role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedIn {
    pub username: String,
    pub role: String,
}

/// Everything the sandbox shows after one keystroke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The view's Python code for this mode and flavour.
    pub code: String,
    /// The exact statement handed to SQLite, tokenized.
    pub statement: Vec<Piece>,
    pub params: Vec<Param>,
    /// What the input did, in plain words.
    pub effects: Vec<String>,
    pub run: Run,
    /// `None`: "Wrong username or password."
    pub login: Option<LoggedIn>,
    /// Each castle table and its row count after the run (a dropped table is missing).
    pub tables: Vec<(String, i64)>,
    /// Quests of the request solved now.
    pub solved: Vec<String>,
}

/// A quest solution in words, one line per input, for the answer hint. Outside the `sql`
/// feature so the sandbox view can write it without SQLite.
pub fn describe_solution(solution: &crate::quests::Solution) -> Vec<String> {
    solution
        .iter()
        .map(|(input, value)| match (input.as_str(), Mode::from_name(value)) {
            ("mode", Some(mode)) => format!("Login code: {}", mode.label()),
            ("username", _) => format!("Username: {value}"),
            ("password", _) => format!("Password: {value}"),
            ("call", _) => format!("sqlite3 call: {value}()"),
            _ => format!("{input}: {value}"),
        })
        .collect()
}
