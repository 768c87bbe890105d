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
//! - [`quests`]: the gallery replayed for the fix quest, and the facts the quests read;
//! - [`sandbox`]: the engine's environment (the castle and a clock), one keystroke end to end,
//!   and the quests read from its outcome.

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

use crate::sandbox::Solution;

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

/// The learner's own account: (username, password).
pub const PEASANT: (&str, &str) = ("peasant", "turnip");

/// Everything the learner sets in the SQL sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlState {
    pub username: String,
    pub password: String,
    pub mode: Mode,
    /// Whose code and tracebacks the sandbox shows; the quests do not depend on it.
    #[serde(default)]
    pub flavour: Flavour,
    pub call: Call,
}

impl Default for SqlState {
    /// The castle as inherited: the peasant at the f-string login, through `execute`.
    fn default() -> Self {
        SqlState {
            username: PEASANT.0.to_string(),
            password: PEASANT.1.to_string(),
            mode: Mode::FString,
            flavour: Flavour::Flask,
            call: Call::Execute,
        }
    }
}

impl SqlState {
    /// What the learner typed into the login form.
    pub fn form(&self) -> LoginForm {
        LoginForm { username: self.username.clone(), password: self.password.clone() }
    }
}

/// The username and password are bounded; mode, framework and call are enums serde checked.
impl crate::sandbox::SandboxState for SqlState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "username" => self.username = value.clone(),
                "password" => self.password = value.clone(),
                "mode" => {
                    self.mode =
                        Mode::from_name(value).ok_or_else(|| format!("`{value}` is not a mode of the SQL sandbox"))?
                }
                "call" => {
                    self.call = Call::from_name(value).ok_or_else(|| format!("`{value}` is not a sqlite3 call"))?
                }
                other => return Err(format!("the SQL sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        crate::sandbox::check_link_text("username", &state.username)?;
        crate::sandbox::check_link_text("password", &state.password)
    }
}

/// One keystroke's worth of work for the SQL worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlRequest {
    pub state: SqlState,
    /// Rebuild the castle before running (the Reset castle button).
    pub reset: bool,
    /// The lesson's quest ids, to report which are solved.
    pub quests: Vec<String>,
}

/// The worker's answer to a [`SqlRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlReply {
    /// The one outcome of the state: what the sandbox shows and the quests read, or why the
    /// castle database could not open.
    pub outcome: Result<SqlOutcome, String>,
    /// The requested quests solved in `outcome`, read in the worker.
    pub solved: Vec<String>,
}

/// Everything the SQL sandbox shows for one state, and what its quests read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlOutcome {
    pub evaluation: Evaluation,
    pub facts: QuestFacts,
}

/// What the quests read, found when the outcome is computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestFacts {
    /// The login page greets the king, and the password typed is not his.
    pub king_without_password: bool,
    /// A treasury secret came back through the login query.
    pub treasury_through_login: bool,
    /// Replayed on a fresh castle in the learner's mode and call, no gallery attack reaches its
    /// aim, and the peasant still logs in with the right password.
    pub every_attack_fails: bool,
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
}

/// A quest solution in words, one line per input, for the answer hint. Outside the `sql`
/// feature so the sandbox view can write it without SQLite.
pub fn describe_solution(solution: &crate::sandbox::Solution) -> Vec<String> {
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
