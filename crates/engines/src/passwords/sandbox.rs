//! The passwords sandbox as the platform drives it: the castle's user table stored with the
//! learner's scheme, a stolen copy attacked with a lookup table, and the login form attacked
//! with the word list on a clock the learner steps.

use serde::{Deserialize, Serialize};

use super::advice::{judge, Judgement, Verdict};
use super::cost::{FastHash, LookupTable};
use super::error::HashError;
use super::hash::{hash_password, verify};
use super::kdf::{Argon2Params, Argon2Variant, Digest, ARGON2_PASS_LIMIT, MEMORY_LIMIT_BYTES};
use super::login::{honest_login, word_list_attack, AttackReport, Limits, Lockout, RateLimit, Response, HOUR_SECONDS};
use super::parse::parse_hash;
use super::salt::{salt_for, RANDOM_BYTES_FOR_SALT};
use super::scheme::Scheme;
use crate::sandbox::{SandboxEngine, SandboxState, Solution};

/// The castle's users: the king, and two who share a password.
pub const USERS: [(&str, &str); 3] = [("king", "dragon99"), ("miller", "sunshine"), ("baker", "sunshine")];

/// The schemes a lesson can name, by the id its solution writes.
pub const PRESETS: [(&str, Scheme); 13] = [
    ("unsalted_md5", Scheme::UnsaltedMd5),
    ("unsalted_sha256", Scheme::UnsaltedSha256),
    ("django_md5", Scheme::DjangoMd5),
    ("werkzeug_default", Scheme::WERKZEUG_DEFAULT),
    ("werkzeug_pbkdf2", Scheme::WERKZEUG_PBKDF2),
    ("werkzeug_scrypt_owasp", Scheme::WerkzeugScrypt { n: 1 << 17, r: 8, p: 1 }),
    ("django_pbkdf2_sha256", Scheme::DJANGO_DEFAULT),
    ("django_pbkdf2_sha1", Scheme::DJANGO_PBKDF2_SHA1),
    ("django_argon2", Scheme::DJANGO_ARGON2),
    ("django_bcrypt_sha256", Scheme::DJANGO_BCRYPT_SHA256),
    ("django_scrypt", Scheme::DJANGO_SCRYPT),
    (
        "argon2id_owasp",
        Scheme::Argon2Phc(Argon2Params {
            variant: Argon2Variant::Argon2id,
            version: 19,
            memory_kib: 19_456,
            passes: 2,
            lanes: 1,
        }),
    ),
    ("bcrypt_10", Scheme::Bcrypt { prefix: super::BcryptPrefix::TwoB, cost: 10 }),
];

/// Everything the learner sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordsState {
    /// How the castle stores passwords.
    pub scheme: Scheme,
    /// Run the lookup table against the stolen user table.
    pub lookup_attack: bool,
    /// Run the word-list attack against the login form.
    pub word_list_attack: bool,
    /// The login form's limits.
    pub limits: Limits,
    /// The simulated clock, in seconds since the attack began (0 to 3600).
    pub clock_seconds: u64,
}

impl Default for PasswordsState {
    fn default() -> Self {
        PasswordsState {
            scheme: Scheme::UnsaltedSha256,
            lookup_attack: false,
            word_list_attack: false,
            limits: Limits::default(),
            clock_seconds: 0,
        }
    }
}

/// Random bytes for the users' salts: from the browser in the worker, fixed in the self-test.
#[derive(Debug, Clone)]
pub struct PasswordsEnv {
    /// At least [`RANDOM_BYTES_FOR_SALT`] bytes per user.
    pub random: Vec<u8>,
}

/// One row of the user table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredUser {
    pub username: String,
    pub stored: String,
}

/// What the view shows and the quests read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PasswordsOutcome {
    /// The user table, or why it could not be made.
    pub table: Result<Vec<StoredUser>, HashError>,
    pub judgement: Judgement,
    /// Users whose stored strings are identical (the same password, no salt).
    pub shared: Vec<Vec<String>>,
    /// What the lookup table cracks in the stolen table (username, password).
    pub cracked_by_table: Vec<(String, String)>,
    /// Whether the lookup attack was run (the view shows `cracked_by_table` then).
    pub lookup_attack: bool,
    /// Whether the king still logs in with his password.
    pub honest_login: bool,
    /// The word-list attack up to the clock, and over the whole hour.
    pub attack_now: Option<AttackReport>,
    pub attack_hour: Option<AttackReport>,
    /// The king with one typo, then his password, without an attack and during one.
    pub king_with_typo: [Response; 2],
    pub king_during_attack: [Response; 2],
}

/// The engine.
pub struct PasswordsSandbox;

impl SandboxEngine for PasswordsSandbox {
    type State = PasswordsState;
    type Env = PasswordsEnv;
    type Outcome = PasswordsOutcome;

    fn test_env() -> PasswordsEnv {
        PasswordsEnv { random: (0..USERS.len() * RANDOM_BYTES_FOR_SALT).map(|i| (i * 73 % 251) as u8).collect() }
    }

    fn outcome(state: &PasswordsState, env: &mut PasswordsEnv) -> PasswordsOutcome {
        outcome_with(state, &StoredTable::new(&state.scheme, &env.random))
    }

    fn solved(quest: &str, outcome: &PasswordsOutcome) -> Option<bool> {
        let typo_then_in = outcome.king_with_typo == [Response::WrongPassword, Response::LoggedIn];
        match quest {
            "crack-the-unsalted" => Some(
                outcome.lookup_attack
                    && USERS
                        .iter()
                        .filter(|(_, pw)| *pw == "sunshine")
                        .all(|(user, _)| outcome.cracked_by_table.iter().any(|(u, _)| u == user)),
            ),
            "salted-and-slow" => Some(
                outcome.table.is_ok()
                    && outcome.judgement.verdict == Verdict::MeetsAdvice
                    && outcome.cracked_by_table.is_empty()
                    && outcome.shared.is_empty()
                    && outcome.honest_login,
            ),
            "brute-force-the-login" => Some(outcome.attack_hour.as_ref().is_some_and(|a| a.got_in_at.is_some())),
            "limit-the-tries" => {
                Some(outcome.attack_hour.as_ref().is_some_and(|a| a.got_in_at.is_none()) && typo_then_in)
            }
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(input, value)| match input.as_str() {
                "scheme" => format!("Store passwords with {value}."),
                "lookup_attack" => format!("Turn the lookup-table attack {value}."),
                "word_list_attack" => format!("Turn the word-list attack {value}."),
                "per_address" => format!("Limit each address to {} (requests/seconds).", value),
                "per_account" => format!("Lock an account after {} (failures/seconds of cool-off).", value),
                "clock" => format!("Step the clock to {value} seconds."),
                other => format!("Set {other} to {value}."),
            })
            .collect()
    }
}

/// A state from a link is bounded like the inputs: no link can ask for more work than a learner can.
impl SandboxState for PasswordsState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "scheme" => {
                    self.scheme = PRESETS.iter().find(|(id, _)| id == value).map(|(_, s)| *s).ok_or_else(|| {
                        format!("No scheme \"{value}\"; the sandbox has {}.", PRESETS.map(|(id, _)| id).join(", "))
                    })?
                }
                "lookup_attack" => self.lookup_attack = switch(input, value)?,
                "word_list_attack" => self.word_list_attack = switch(input, value)?,
                "per_address" => {
                    self.limits.per_address =
                        pair(input, value)?.map(|(requests, per_seconds)| RateLimit { requests, per_seconds })
                }
                "per_account" => {
                    self.limits.per_account = if value == "none" {
                        None
                    } else if let Some(failures) = value.strip_suffix("/never") {
                        Some(Lockout { failures: whole(input, failures)?, cooloff_seconds: None })
                    } else {
                        pair(input, value)?
                            .map(|(failures, cooloff)| Lockout { failures, cooloff_seconds: Some(cooloff) })
                    }
                }
                "clock" => self.clock_seconds = whole(input, value)?.into(),
                other => return Err(format!("The passwords sandbox has no input \"{other}\".")),
            }
        }
        Self::check(self)
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        state.limits.check()?;
        if state.clock_seconds > HOUR_SECONDS {
            return Err("The clock runs from 0 to 3600 seconds.".into());
        }
        let memory = match state.scheme {
            Scheme::DjangoArgon2(p) | Scheme::Argon2Phc(p) => {
                if p.passes > ARGON2_PASS_LIMIT {
                    return Err(format!("At most {ARGON2_PASS_LIMIT} argon2 passes here."));
                }
                u64::from(p.memory_kib) * 1024
            }
            Scheme::WerkzeugScrypt { n, r, .. } | Scheme::DjangoScrypt { n, r, .. } => {
                n.saturating_mul(128).saturating_mul(r.into())
            }
            Scheme::WerkzeugPbkdf2 { iterations, .. } | Scheme::DjangoPbkdf2 { iterations, .. }
                if iterations > 20_000_000 =>
            {
                return Err("At most 20,000,000 PBKDF2 iterations here.".into());
            }
            _ => 0,
        };
        if memory > MEMORY_LIMIT_BYTES {
            return Err(format!("At most {} MiB of hash memory here.", MEMORY_LIMIT_BYTES >> 20));
        }
        let _ = Digest::Sha256;
        Ok(())
    }
}

/// The slow part of an outcome: the user table stored under one scheme, and what an attacker
/// and the king do with it. It depends on the scheme (and the salts) only, so a worker keeps it
/// while the learner steps the clock or changes the limits, instead of hashing again.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTable {
    /// The scheme the table was stored with.
    pub scheme: Scheme,
    table: Result<Vec<StoredUser>, HashError>,
    shared: Vec<Vec<String>>,
    cracked_by_table: Vec<(String, String)>,
    honest_login: bool,
}

impl StoredTable {
    /// Hashes every user's password under `scheme` (each with a salt from its share of
    /// `random`), runs the lookup table on the copy, and logs the king in once.
    pub fn new(scheme: &Scheme, random: &[u8]) -> StoredTable {
        let table = store(scheme, random);
        let table_lookup = LookupTable::build(match scheme {
            Scheme::UnsaltedMd5 => FastHash::Md5,
            _ => FastHash::Sha256,
        });
        let (shared, cracked_by_table, honest_login) = match &table {
            Ok(rows) => {
                let mut shared: Vec<Vec<String>> = Vec::new();
                for (i, row) in rows.iter().enumerate() {
                    let same: Vec<String> =
                        rows.iter().filter(|r| r.stored == row.stored).map(|r| r.username.clone()).collect();
                    if same.len() > 1 && rows.iter().position(|r| r.stored == row.stored) == Some(i) {
                        shared.push(same);
                    }
                }
                let cracked = rows
                    .iter()
                    .filter_map(|r| {
                        let parsed = parse_hash(&r.stored).ok()?;
                        table_lookup.crack(&parsed).map(|pw| (r.username.clone(), pw.to_string()))
                    })
                    .collect();
                let king = rows.first().and_then(|r| parse_hash(&r.stored).ok());
                let honest = king.is_some_and(|p| verify(USERS[0].1, &p).unwrap_or(false));
                (shared, cracked, honest)
            }
            Err(_) => (Vec::new(), Vec::new(), false),
        };
        StoredTable { scheme: *scheme, table, shared, cracked_by_table, honest_login }
    }
}

/// The outcome of `state` over a table already stored with `state.scheme` (the fast part: the
/// verdict, the login attacks on the simulated clock). [`PasswordsSandbox::outcome`] is this
/// over a fresh [`StoredTable`].
pub fn outcome_with(state: &PasswordsState, stored: &StoredTable) -> PasswordsOutcome {
    let clock = state.clock_seconds.min(HOUR_SECONDS);
    PasswordsOutcome {
        table: stored.table.clone(),
        judgement: judge(&state.scheme),
        shared: stored.shared.clone(),
        cracked_by_table: stored.cracked_by_table.clone(),
        lookup_attack: state.lookup_attack,
        honest_login: stored.honest_login,
        attack_now: state.word_list_attack.then(|| word_list_attack(state.limits, clock)),
        attack_hour: state.word_list_attack.then(|| word_list_attack(state.limits, HOUR_SECONDS)),
        king_with_typo: honest_login(state.limits, 0),
        king_during_attack: honest_login(state.limits, 60),
    }
}

/// The user table under `scheme`, each user with a salt from their own share of `random`.
fn store(scheme: &Scheme, random: &[u8]) -> Result<Vec<StoredUser>, HashError> {
    USERS
        .iter()
        .enumerate()
        .map(|(i, (username, password))| {
            let share = random.get(i * RANDOM_BYTES_FOR_SALT..(i + 1) * RANDOM_BYTES_FOR_SALT).unwrap_or(&[]);
            let salt = salt_for(scheme, share)?;
            Ok(StoredUser { username: username.to_string(), stored: hash_password(scheme, password, &salt)? })
        })
        .collect()
}

fn switch(input: &str, value: &str) -> Result<bool, String> {
    match value {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(format!("{input} is \"on\" or \"off\", not \"{value}\".")),
    }
}

fn whole(input: &str, value: &str) -> Result<u32, String> {
    value.parse().map_err(|_| format!("{input} needs a whole number, not \"{value}\"."))
}

/// `"5/60"` as (5, 60), or `"none"`.
fn pair(input: &str, value: &str) -> Result<Option<(u32, u32)>, String> {
    if value == "none" {
        return Ok(None);
    }
    let (a, b) =
        value.split_once('/').ok_or_else(|| format!("{input} is written \"5/60\" or \"none\", not \"{value}\"."))?;
    Ok(Some((whole(input, a)?, whole(input, b)?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::solved_quests;

    const QUESTS: [&str; 4] = ["crack-the-unsalted", "salted-and-slow", "brute-force-the-login", "limit-the-tries"];

    fn solve(pairs: &[(&str, &str)]) -> Vec<String> {
        let mut state = PasswordsState::default();
        let solution: Solution = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        PasswordsSandbox::apply(&mut state, &solution).unwrap();
        let outcome = PasswordsSandbox::outcome(&state, &mut PasswordsSandbox::test_env());
        solved_quests::<PasswordsSandbox>(&QUESTS, &outcome)
    }

    #[test]
    fn nothing_is_solved_at_the_start() {
        assert!(solve(&[]).is_empty());
    }

    #[test]
    fn the_lookup_table_cracks_both_users_who_share_an_unsalted_hash() {
        assert_eq!(solve(&[("lookup_attack", "on")]), ["crack-the-unsalted"]);
        let outcome = PasswordsSandbox::outcome(&PasswordsState::default(), &mut PasswordsSandbox::test_env());
        assert_eq!(outcome.shared, [vec!["miller".to_string(), "baker".to_string()]]);
    }

    #[test]
    fn a_salted_slow_scheme_defeats_the_table_and_the_king_still_logs_in() {
        assert_eq!(solve(&[("lookup_attack", "on"), ("scheme", "argon2id_owasp")]), ["salted-and-slow"]);
        assert_eq!(solve(&[("scheme", "bcrypt_10")]), ["salted-and-slow"]);
        // Salted but fast, or salted under today's figures, is not the fix.
        assert!(solve(&[("scheme", "django_md5")]).is_empty());
        assert!(solve(&[("scheme", "werkzeug_default")]).is_empty());
    }

    #[test]
    fn the_word_list_gets_in_without_limits_and_not_with_them() {
        assert_eq!(solve(&[("word_list_attack", "on")]), ["brute-force-the-login"]);
        assert_eq!(solve(&[("word_list_attack", "on"), ("per_address", "5/60")]), ["limit-the-tries"]);
        assert_eq!(solve(&[("word_list_attack", "on"), ("per_account", "5/1800")]), ["limit-the-tries"]);
        // A lockout after one failure keeps the attacker out and the king too.
        assert!(solve(&[("word_list_attack", "on"), ("per_account", "1/never")]).is_empty());
        // A limit too loose lets the list in within the hour.
        assert_eq!(solve(&[("word_list_attack", "on"), ("per_address", "100/60")]), ["brute-force-the-login"]);
    }

    #[test]
    fn bad_solutions_and_links_are_explained() {
        let mut state = PasswordsState::default();
        let bad: Solution = [("scheme".to_string(), "rot13".to_string())].into();
        assert!(PasswordsSandbox::apply(&mut state, &bad).unwrap_err().contains("No scheme"));
        state.limits.per_address = Some(RateLimit { requests: 0, per_seconds: 60 });
        assert!(PasswordsSandbox::check(&state).is_err());
        let huge =
            PasswordsState { scheme: Scheme::DjangoScrypt { n: 1 << 40, r: 8, p: 1 }, ..PasswordsState::default() };
        assert!(PasswordsSandbox::check(&huge).is_err());
        let outcome = PasswordsSandbox::outcome(&huge, &mut PasswordsSandbox::test_env());
        assert!(outcome.table.is_err());
    }
}
