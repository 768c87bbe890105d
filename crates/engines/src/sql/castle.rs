//! The castle database: users with roles and unsalted SHA-256 password hashes, and a treasury of
//! secrets. Created in memory when the sandbox starts and again on **Reset castle**.

use rusqlite::Connection;

use super::guard::{self, Clock, Deadline};
use super::login::password_hash;

/// A user of the castle: (username, role, password). Only the peasant's password is given to
/// the learner; the others exist so that the quests need an injection.
pub const USERS: [(&str, &str, &str); 4] = [
    ("king", "king", "Long live the king! 1066 & crowns"),
    ("sir_gawain", "knight", "green-knight-never-again"),
    ("sir_lancelot", "knight", "guinevere<3camelot"),
    ("peasant", "peasant", "turnip"),
];

pub use super::PEASANT;

/// The treasury: (item, secret). No login query ever selects from it.
pub const TREASURY: [(&str, &str); 3] = [
    ("crown jewels", "vault code 7-3-1-9, behind the throne"),
    ("dragon gold", "buried under the north tower's third stone"),
    ("royal seal", "the spare is in the chapel's left candlestick"),
];

/// The schema, as a Flask app's `schema.sql` would have it.
pub const SCHEMA: &str = "CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT UNIQUE NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE TABLE treasury (
    id INTEGER PRIMARY KEY,
    item TEXT NOT NULL,
    secret TEXT NOT NULL
);";

/// An in-memory SQLite database holding the castle, with the runaway guard installed.
pub struct Castle {
    connection: Connection,
    deadline: Deadline,
}

impl Castle {
    /// Opens a fresh castle, its statements timed by `clock`.
    pub fn open(clock: Clock) -> Result<Castle, String> {
        let mut connection = Connection::open_in_memory().map_err(|error| format!("SQLite did not open: {error}"))?;
        let deadline = guard::install(&mut connection, clock).map_err(|error| format!("SQLite guard: {error}"))?;
        let castle = Castle { connection, deadline };
        castle.seed().map_err(|error| format!("The castle could not be built: {error}"))?;
        Ok(castle)
    }

    /// Drops every table (whatever the learner created too) and seeds the castle again.
    pub fn reset(&mut self) -> Result<(), String> {
        self.deadline.clear();
        let tables = self.table_names().map_err(|error| error.to_string())?;
        for table in tables {
            let quoted = table.replace('"', "\"\"");
            self.connection
                .execute_batch(&format!("DROP TABLE IF EXISTS \"{quoted}\""))
                .map_err(|error| error.to_string())?;
        }
        self.seed().map_err(|error| format!("The castle could not be rebuilt: {error}"))
    }

    fn seed(&self) -> rusqlite::Result<()> {
        self.connection.execute_batch(SCHEMA)?;
        for (username, role, password) in USERS {
            self.connection.execute(
                "INSERT INTO users (username, role, password_hash) VALUES (?, ?, ?)",
                (username, role, password_hash(password)),
            )?;
        }
        for (item, secret) in TREASURY {
            self.connection.execute("INSERT INTO treasury (item, secret) VALUES (?, ?)", (item, secret))?;
        }
        Ok(())
    }

    fn table_names(&self) -> rusqlite::Result<Vec<String>> {
        let mut statement = self.connection.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let names = statement.query_map([], |row| row.get::<_, String>(0))?.collect();
        names
    }

    /// Every table and its row count (a table the learner dropped is missing).
    pub fn tables(&self) -> Vec<(String, i64)> {
        self.deadline.clear();
        let Ok(names) = self.table_names() else {
            return Vec::new();
        };
        names
            .into_iter()
            .map(|name| {
                let quoted = name.replace('"', "\"\"");
                let count = self
                    .connection
                    .query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |row| row.get(0))
                    .unwrap_or(-1);
                (name, count)
            })
            .collect()
    }

    /// The connection, with the next statement's deadline started.
    pub fn guarded(&self) -> &Connection {
        self.deadline.start();
        &self.connection
    }

    /// Starts a fresh deadline (for the next statement of a script).
    pub fn restart_deadline(&self) {
        self.deadline.start();
    }
}

/// The user `username` as seeded, if there is one.
pub fn seeded_user(username: &str) -> Option<(&'static str, &'static str, &'static str)> {
    USERS.into_iter().find(|(name, _, _)| *name == username)
}

/// Whether `text` contains any treasury secret.
pub fn reveals_treasury(text: &str) -> bool {
    TREASURY.iter().any(|(_, secret)| text.contains(secret))
}
