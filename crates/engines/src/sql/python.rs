//! Python `sqlite3`'s rules, on the real SQLite: `execute` prepares the first statement and
//! refuses anything but whitespace and comments after it ("You can only execute one statement
//! at a time."); `executescript` runs every statement; errors are the `sqlite3` exception
//! classes CPython maps SQLite's result codes to (Modules/_sqlite/util.c), with SQLite's message.

use std::ffi::{c_char, c_int, CStr};
use std::ptr;

use rusqlite::types::ValueRef;
use rusqlite::{ffi, Connection};

use super::castle::Castle;
use super::guard::{MAX_LENGTH, TIME_BUDGET_MS};
use super::{Flavour, Mode, Param, PythonError, Run, ROWS_SHOWN};

/// CPython's message when `execute` gets more than one statement.
pub const ONE_STATEMENT: &str = "You can only execute one statement at a time.";

/// Who raises the exception: the learner sees the class as their traceback names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raiser {
    pub mode: Mode,
    pub flavour: Flavour,
}

impl Raiser {
    fn raise(self, class: &str, message: &str, explanation: String) -> Run {
        let (class, message) = match (self.mode, self.flavour) {
            // SQLAlchemy wraps the driver's exception and names it in brackets.
            (Mode::SqlAlchemy, _) => (format!("sqlalchemy.exc.{class}"), format!("(sqlite3.{class}) {message}")),
            // Django re-raises sqlite3's errors as its own (django.db.utils.DatabaseErrorWrapper).
            (Mode::DjangoOrm, _) | (_, Flavour::Django) if class != "MemoryError" => {
                (format!("django.db.utils.{class}"), message.to_string())
            }
            _ if class == "MemoryError" => (class.to_string(), message.to_string()),
            _ => (format!("sqlite3.{class}"), message.to_string()),
        };
        Run::Raised(PythonError { class, message, explanation })
    }
}

/// `cursor.execute(sql, params)` followed by `fetchall()` (at most [`ROWS_SHOWN`] rows).
pub fn execute(castle: &Castle, sql: &str, params: &[Param], raiser: Raiser) -> Run {
    if sql.contains('\0') {
        return raiser.raise("ProgrammingError", "the query contains a null character", explain_null());
    }
    let connection = castle.guarded();
    let tail = match first_statement_end(connection, sql) {
        Ok(tail) => tail,
        Err(error) => return sqlite_error(raiser, &error),
    };
    if !lstrip_sql(&sql[tail..]).is_empty() {
        return raiser.raise("ProgrammingError", ONE_STATEMENT, explain_one_statement());
    }
    let mut statement = match connection.prepare(&sql[..tail]) {
        Ok(statement) => statement,
        Err(error) => return sqlite_error(raiser, &error),
    };
    let wanted = statement.parameter_count();
    if wanted != params.len() {
        let message = format!(
            "Incorrect number of bindings supplied. The current statement uses {wanted}, and there are {} supplied.",
            params.len()
        );
        return raiser.raise("ProgrammingError", &message, explain_bindings());
    }
    for (index, param) in params.iter().enumerate() {
        let bound = match param {
            Param::Text(text) => statement.raw_bind_parameter(index + 1, text),
            Param::Integer(number) => statement.raw_bind_parameter(index + 1, number),
        };
        if let Err(error) = bound {
            return sqlite_error(raiser, &error);
        }
    }
    let columns: Vec<String> = statement.column_names().map(str::to_string).collect();
    let mut rows = Vec::new();
    let mut more = false;
    let mut cursor = statement.raw_query();
    loop {
        match cursor.next() {
            Ok(Some(row)) => {
                if rows.len() == ROWS_SHOWN {
                    more = true;
                    break;
                }
                rows.push((0..columns.len()).map(|index| python_repr(row.get_ref(index).ok())).collect());
            }
            Ok(None) => break,
            Err(error) => return sqlite_error(raiser, &error),
        }
    }
    Run::Rows { columns, rows, more }
}

/// `cursor.executescript(sql)`: every statement runs, in order, each to completion; it returns
/// no rows. Statements before a failing one have already run (and stay run).
pub fn executescript(castle: &Castle, sql: &str, raiser: Raiser) -> Run {
    if sql.contains('\0') {
        return raiser.raise("ValueError", "embedded null character", explain_null());
    }
    let connection = castle.guarded();
    let mut rest = sql;
    let mut statements = 0;
    while !lstrip_sql(rest).is_empty() {
        castle.restart_deadline();
        let tail = match first_statement_end(connection, rest) {
            Ok(tail) => tail,
            Err(error) => return sqlite_error(raiser, &error),
        };
        if tail == 0 {
            break;
        }
        match connection.prepare(&rest[..tail]) {
            Ok(mut statement) => {
                let mut cursor = statement.raw_query();
                loop {
                    match cursor.next() {
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        Err(error) => return sqlite_error(raiser, &error),
                    }
                }
            }
            Err(error) => return sqlite_error(raiser, &error),
        }
        statements += 1;
        rest = &rest[tail..];
    }
    Run::Script { statements }
}

/// The byte offset just past the first statement of `sql` (its `;` included), as
/// `sqlite3_prepare_v2` reports it: CPython checks what lies after it.
fn first_statement_end(connection: &Connection, sql: &str) -> rusqlite::Result<usize> {
    let length = c_int::try_from(sql.len()).map_err(|_| too_big())?;
    let mut statement: *mut ffi::sqlite3_stmt = ptr::null_mut();
    let mut tail: *const c_char = ptr::null();
    // SAFETY: the handle belongs to the open connection; SQLite reads `length` bytes of `sql`
    // (no NUL needed) and points `tail` into it; the statement is finalized right away.
    unsafe {
        let db = connection.handle();
        let code = ffi::sqlite3_prepare_v2(db, sql.as_ptr().cast(), length, &mut statement, &mut tail);
        ffi::sqlite3_finalize(statement);
        if code != ffi::SQLITE_OK {
            let message = CStr::from_ptr(ffi::sqlite3_errmsg(db)).to_string_lossy().into_owned();
            return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(message)));
        }
        if tail.is_null() {
            return Ok(sql.len());
        }
        let offset = (tail as usize).saturating_sub(sql.as_ptr() as usize).min(sql.len());
        Ok(offset)
    }
}

fn too_big() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), Some("string or blob too big".into()))
}

/// CPython's `lstrip_sql`: skips whitespace, `--` comments and `/* */` comments.
pub fn lstrip_sql(sql: &str) -> &str {
    let mut rest = sql;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\u{c}', '\n', '\r']);
        if let Some(comment) = trimmed.strip_prefix("--") {
            match comment.find('\n') {
                Some(end) => rest = &comment[end..],
                None => return "",
            }
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            match comment.find("*/") {
                Some(end) => rest = &comment[end + 2..],
                None => return "",
            }
        } else {
            return trimmed;
        }
    }
}

/// How Python prints a value (`None`, `3`, `'text'` is shown without quotes, `b'..'`).
fn python_repr(value: Option<ValueRef<'_>>) -> String {
    match value {
        None | Some(ValueRef::Null) => "None".to_string(),
        Some(ValueRef::Integer(number)) => number.to_string(),
        Some(ValueRef::Real(number)) => {
            if number.is_finite() && number.fract() == 0.0 && number.abs() < 1e16 {
                format!("{number:.1}")
            } else {
                number.to_string()
            }
        }
        Some(ValueRef::Text(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        Some(ValueRef::Blob(bytes)) => {
            let shown: String = bytes.iter().take(64).map(|byte| format!("\\x{byte:02x}")).collect();
            format!("b'{shown}{}'", if bytes.len() > 64 { "…" } else { "" })
        }
    }
}

/// The exception CPython raises for a SQLite error code (Modules/_sqlite/util.c).
fn python_class(code: c_int) -> &'static str {
    match code & 0xff {
        ffi::SQLITE_INTERNAL | ffi::SQLITE_NOTFOUND => "InternalError",
        ffi::SQLITE_NOMEM => "MemoryError",
        ffi::SQLITE_ERROR
        | ffi::SQLITE_PERM
        | ffi::SQLITE_ABORT
        | ffi::SQLITE_BUSY
        | ffi::SQLITE_LOCKED
        | ffi::SQLITE_READONLY
        | ffi::SQLITE_INTERRUPT
        | ffi::SQLITE_IOERR
        | ffi::SQLITE_FULL
        | ffi::SQLITE_CANTOPEN
        | ffi::SQLITE_PROTOCOL
        | ffi::SQLITE_EMPTY
        | ffi::SQLITE_SCHEMA => "OperationalError",
        ffi::SQLITE_CORRUPT => "DatabaseError",
        ffi::SQLITE_TOOBIG => "DataError",
        ffi::SQLITE_CONSTRAINT | ffi::SQLITE_MISMATCH => "IntegrityError",
        ffi::SQLITE_MISUSE | ffi::SQLITE_RANGE => "InterfaceError",
        _ => "DatabaseError",
    }
}

fn sqlite_error(raiser: Raiser, error: &rusqlite::Error) -> Run {
    match error {
        rusqlite::Error::SqliteFailure(failure, message) => {
            let code = failure.extended_code;
            let message = message.clone().unwrap_or_else(|| failure.to_string());
            let explanation = match code & 0xff {
                ffi::SQLITE_INTERRUPT => format!(
                    "The query ran for more than {TIME_BUDGET_MS} ms, so the sandbox stopped it. On a real server it would keep a worker busy for as long as it liked: one request like this is a denial of service."
                ),
                ffi::SQLITE_TOOBIG => format!(
                    "The sandbox caps strings and blobs at {MAX_LENGTH} bytes, so one giant value cannot freeze the page."
                ),
                ffi::SQLITE_ERROR if message.contains("syntax error") || message.contains("unrecognized token") || message.contains("incomplete input") => {
                    "Your characters broke the SQL: SQLite could not parse the statement. To an attacker this error is already an answer: the input reaches the SQL text.".to_string()
                }
                _ => "SQLite refused the statement. An error page that shows this message tells an attacker about your tables and columns.".to_string(),
            };
            raiser.raise(python_class(code), &message, explanation)
        }
        other => raiser.raise("DatabaseError", &other.to_string(), "SQLite refused the statement.".to_string()),
    }
}

fn explain_one_statement() -> String {
    "Your ; ended the app's statement and began another. Python's sqlite3 runs one statement per execute(), so it refused the whole call and nothing ran. executescript() would have run them all, and other drivers are not this strict.".to_string()
}

fn explain_bindings() -> String {
    "Your text put a placeholder (? or :name) into the SQL, and the f-string call passes no values for it.".to_string()
}

fn explain_null() -> String {
    "Python refuses SQL text containing a NUL character before SQLite sees it.".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::guard::Clock;

    fn flask() -> Raiser {
        Raiser { mode: Mode::FString, flavour: Flavour::Flask }
    }

    #[test]
    fn lstrip_sql_skips_what_cpython_skips() {
        assert_eq!(lstrip_sql("  -- c\n /* d */ x"), "x");
        assert_eq!(lstrip_sql("-- only a comment"), "");
        assert_eq!(lstrip_sql("/* open"), "");
        assert_eq!(lstrip_sql(" ; "), "; ");
    }

    #[test]
    fn execute_refuses_a_second_statement_with_pythons_message() {
        let castle = Castle::open(Clock::ticking(1.0)).unwrap();
        let Run::Raised(error) = execute(&castle, "SELECT 1; SELECT 2", &[], flask()) else { panic!() };
        assert_eq!((error.class.as_str(), error.message.as_str()), ("sqlite3.ProgrammingError", ONE_STATEMENT));
        // A comment after the semicolon is fine, as in CPython.
        assert!(matches!(execute(&castle, "SELECT 1; -- done", &[], flask()), Run::Rows { .. }));
        // A second statement is refused even when it is not valid SQL (CPython does not parse it).
        let Run::Raised(error) = execute(&castle, "SELECT 1; nonsense", &[], flask()) else { panic!() };
        assert_eq!(error.message, ONE_STATEMENT);
    }

    #[test]
    fn a_syntax_error_is_sqlites_own_message() {
        let castle = Castle::open(Clock::ticking(1.0)).unwrap();
        let Run::Raised(error) = execute(&castle, "SELECT FROM WHERE", &[], flask()) else { panic!() };
        assert_eq!(error.class, "sqlite3.OperationalError");
        assert!(error.message.contains("syntax error"), "{}", error.message);
        let django = Raiser { mode: Mode::FString, flavour: Flavour::Django };
        let Run::Raised(error) = execute(&castle, "SELECT FROM WHERE", &[], django) else { panic!() };
        assert_eq!(error.class, "django.db.utils.OperationalError");
    }

    #[test]
    fn executescript_runs_every_statement() {
        let castle = Castle::open(Clock::ticking(1.0)).unwrap();
        let run = executescript(&castle, "SELECT 1; DROP TABLE treasury; -- bye", flask());
        assert_eq!(run, Run::Script { statements: 2 });
        assert!(castle.tables().iter().all(|(name, _)| name != "treasury"));
    }

    #[test]
    fn a_runaway_query_is_stopped_and_the_next_one_runs() {
        let castle = Castle::open(Clock::ticking(1.0)).unwrap();
        let runaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        let Run::Raised(error) = execute(&castle, runaway, &[], flask()) else { panic!() };
        assert_eq!((error.class.as_str(), error.message.as_str()), ("sqlite3.OperationalError", "interrupted"));
        assert!(error.explanation.contains("stopped it"));
        assert!(matches!(execute(&castle, "SELECT 1", &[], flask()), Run::Rows { .. }));
    }

    #[test]
    fn a_giant_blob_fails_at_once() {
        let castle = Castle::open(Clock::ticking(1.0)).unwrap();
        let Run::Raised(error) = execute(&castle, "SELECT length(randomblob(500000000))", &[], flask()) else {
            panic!()
        };
        assert_eq!((error.class.as_str(), error.message.as_str()), ("sqlite3.DataError", "string or blob too big"));
    }

    #[test]
    fn a_missing_binding_is_pythons_programming_error() {
        let castle = Castle::open(Clock::ticking(1.0)).unwrap();
        let Run::Raised(error) = execute(&castle, "SELECT ?", &[], flask()) else { panic!() };
        assert!(error.message.starts_with("Incorrect number of bindings supplied. The current statement uses 1"));
    }

    #[test]
    fn values_print_as_python_does() {
        let castle = Castle::open(Clock::ticking(1.0)).unwrap();
        let Run::Rows { rows, .. } = execute(&castle, "SELECT NULL, 3, 2.0, 'text', x'00ff'", &[], flask()) else {
            panic!()
        };
        assert_eq!(rows, vec![vec!["None", "3", "2.0", "text", "b'\\x00\\xff'"]]);
    }
}
