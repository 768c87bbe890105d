//! The hash worker: the passwords engine (`dragonproof_engines::passwords`) off the main thread.
//! A slow hash (Django's 1,500,000 PBKDF2 rounds, scrypt, Django's 100 MiB argon2) takes
//! seconds in a browser, and one call cannot be interrupted, so it runs here and the page stays
//! responsive.
//!
//! It runs on a [`KillableWorker`] (`src/workers/killable.rs`), not gloo-worker's bridge: Cancel,
//! a newer request that supersedes a slow hash, and a hash that exhausts the worker's memory all
//! need a worker the page can stop. The worker binary is `src/bin/passwords_worker.rs`.

use dragonproof_engines::passwords::{measure_rate, salt_for, AttackReport, FastHash};
use dragonproof_engines::passwords::{
    outcome_with, Judgement, PasswordsOutcome, PasswordsSandbox, PasswordsState, Response, Scheme, StoredTable,
    StoredUser, RANDOM_BYTES_FOR_SALT, USERS,
};
use dragonproof_engines::sandbox::SandboxEngine;
use serde::{Deserialize, Serialize};

use super::killable::{self, FromWorker, KillableWorker, Reply, Request};

/// The script `scripts/build-sandboxes.sh` writes for `src/bin/passwords_worker.rs`.
pub const SCRIPT: &str = "passwords_worker.js";

/// A newer request waits this long for a running one before the running one is stopped: a fast
/// answer (the clock stepped over a stored table) arrives well within it and keeps the worker's
/// stored table; a slow hash is abandoned for the newer request.
pub const SUPERSEDE_AFTER_MS: f64 = 250.0;

/// One piece of work, numbered by the page so that an old answer is never shown as the new one.
pub type HashRequest = Request<HashJob>;
/// The answer to request `id`, with the time the work took in this browser's worker.
pub type HashReply = Reply<HashAnswer>;
/// What the worker says.
pub type FromHashWorker = FromWorker<HashAnswer>;
/// The page's side of one lane.
pub type HashWorker = KillableWorker<HashJob, HashAnswer>;
/// What the page hears from a [`HashWorker`].
pub type WorkerEvent = killable::WorkerEvent<HashAnswer>;

/// What the worker can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HashJob {
    /// The castle's table stored under the state's scheme, and the quests read from its outcome.
    Table { state: PasswordsState, quests: Vec<String> },
    /// The hash lab: `password` hashed under `scheme` with a fresh salt.
    Hash { scheme: Scheme, password: String },
    /// A pasted hash checked against a password.
    Check { password: String, stored: String },
    /// [`RATE_GUESSES`] unsalted guesses under `hash`, timed batch by batch in the worker
    /// ([`measure_rate`]): the attacker's rate.
    Rate { hash: FastHash },
}

/// How many fast guesses a rate measurement makes: about a tenth of a second of MD5 in a
/// browser's worker, long enough that the clock's coarse steps do not matter.
pub const RATE_GUESSES: u32 = 300_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HashAnswer {
    /// Boxed: a table is ten times the size of the other answers.
    Table(Box<TableView>),
    /// The stored string, or why it could not be made.
    Hash(Result<String, String>),
    Check(Result<CheckView, String>),
    /// The fastest batch of a [`HashJob::Rate`]: its guesses (all made: none can match) and the
    /// milliseconds they took on the worker's clock.
    Rate {
        hash: FastHash,
        tried: u32,
        millis: f64,
    },
}

/// The passwords outcome as the view shows it: the engine's [`PasswordsOutcome`] with its
/// errors in words (the engine's error type is not meant to be read back), and the quests solved
/// in it, read in the worker from the real outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableView {
    pub state: PasswordsState,
    pub table: Result<Vec<StoredUser>, String>,
    pub judgement: Judgement,
    pub shared: Vec<Vec<String>>,
    pub cracked_by_table: Vec<(String, String)>,
    pub lookup_attack: bool,
    pub honest_login: bool,
    pub attack_now: Option<AttackReport>,
    pub attack_hour: Option<AttackReport>,
    pub king_with_typo: [Response; 2],
    pub king_during_attack: [Response; 2],
    pub solved: Vec<String>,
}

impl TableView {
    fn new(state: PasswordsState, outcome: PasswordsOutcome, solved: Vec<String>) -> TableView {
        TableView {
            state,
            table: outcome.table.map_err(|e| e.to_string()),
            judgement: outcome.judgement,
            shared: outcome.shared,
            cracked_by_table: outcome.cracked_by_table,
            lookup_attack: outcome.lookup_attack,
            honest_login: outcome.honest_login,
            attack_now: outcome.attack_now,
            attack_hour: outcome.attack_hour,
            king_with_typo: outcome.king_with_typo,
            king_during_attack: outcome.king_during_attack,
            solved,
        }
    }
}

/// A pasted hash, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckView {
    pub scheme: Scheme,
    pub matches: bool,
    pub judgement: Judgement,
}

/// The worker's memory between requests: the table of the last scheme, so that stepping the
/// clock or changing a limit does not hash the users' passwords again.
#[derive(Debug, Default)]
pub struct HashEngine {
    stored: Option<StoredTable>,
}

impl HashEngine {
    /// Does `job`; `random` fills a buffer with random bytes (the browser's
    /// `crypto.getRandomValues` in the worker, fixed bytes in the tests).
    pub fn answer(&mut self, job: HashJob, random: &mut dyn FnMut(&mut [u8])) -> HashAnswer {
        match job {
            HashJob::Table { state, quests } => {
                let stored = match self.stored.take() {
                    Some(stored) if stored.scheme == state.scheme => stored,
                    _ => {
                        let mut bytes = vec![0u8; USERS.len() * RANDOM_BYTES_FOR_SALT];
                        random(&mut bytes);
                        StoredTable::new(&state.scheme, &bytes)
                    }
                };
                let outcome = outcome_with(&state, &stored);
                self.stored = Some(stored);
                let solved = quests
                    .iter()
                    .filter(|quest| PasswordsSandbox::solved(quest, &outcome) == Some(true))
                    .cloned()
                    .collect();
                HashAnswer::Table(Box::new(TableView::new(state, outcome, solved)))
            }
            HashJob::Hash { scheme, password } => {
                let mut bytes = [0u8; RANDOM_BYTES_FOR_SALT];
                random(&mut bytes);
                HashAnswer::Hash(
                    salt_for(&scheme, &bytes)
                        .and_then(|salt| dragonproof_engines::passwords::hash_password(&scheme, &password, &salt))
                        .map_err(|e| e.to_string()),
                )
            }
            HashJob::Check { password, stored } => HashAnswer::Check(
                dragonproof_engines::passwords::check(&password, &stored)
                    .map(|check| CheckView {
                        scheme: check.parsed.scheme,
                        matches: check.matches,
                        judgement: check.judgement,
                    })
                    .map_err(|e| e.to_string()),
            ),
            HashJob::Rate { hash } => {
                let (tried, millis) = measure_rate(hash, RATE_GUESSES, &mut worker_clock);
                HashAnswer::Rate { hash, tried, millis }
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `crypto.getRandomValues` of the current global (the page or the worker).
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]);
}

#[cfg(target_arch = "wasm32")]
pub use killable::now_ms;

/// Fills `buffer` from the browser's CSPRNG (`crypto.getRandomValues`, at most 65,536 bytes a
/// call).
#[cfg(target_arch = "wasm32")]
pub fn browser_random(buffer: &mut [u8]) {
    for chunk in buffer.chunks_mut(65_536) {
        get_random_values(chunk);
    }
}

/// The worker's side (the worker binary calls this): the passwords engine, answering each job.
#[cfg(target_arch = "wasm32")]
pub fn serve() {
    let mut engine = HashEngine::default();
    killable::serve(move |job: HashJob| engine.answer(job, &mut browser_random));
}

/// Milliseconds on the worker's monotonic clock (natively, for the tests, since the first call).
fn worker_clock() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return killable::now_ms();
    #[cfg(not(target_arch = "wasm32"))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed().as_secs_f64() * 1000.0
    }
}

/// A lane of hash work on its own worker ([`KillableWorker`]): a newer request stops a running
/// one after [`SUPERSEDE_AFTER_MS`].
pub fn hash_worker(on_event: impl Fn(WorkerEvent) + 'static) -> HashWorker {
    HashWorker::new(SCRIPT, SUPERSEDE_AFTER_MS, on_event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::passwords::{PasswordsSandbox, PRESETS};

    fn fixed(buffer: &mut [u8]) {
        for (i, b) in buffer.iter_mut().enumerate() {
            *b = (i * 73 % 251) as u8;
        }
    }

    fn scheme(id: &str) -> Scheme {
        PRESETS.iter().find(|(name, _)| *name == id).map(|(_, s)| *s).unwrap()
    }

    #[test]
    fn the_table_answer_is_the_engines_outcome_and_its_quests() {
        let mut engine = HashEngine::default();
        let state = PasswordsState { lookup_attack: true, ..PasswordsState::default() };
        let quests = vec!["crack-the-unsalted".to_string(), "salted-and-slow".to_string()];
        let HashAnswer::Table(view) = engine.answer(HashJob::Table { state: state.clone(), quests }, &mut fixed) else {
            panic!("a table job answers with a table");
        };
        assert_eq!(view.solved, ["crack-the-unsalted"]);
        let outcome = PasswordsSandbox::outcome(&state, &mut PasswordsSandbox::test_env());
        assert!(!view.cracked_by_table.is_empty());
        assert_eq!(view.cracked_by_table, outcome.cracked_by_table);
        assert_eq!(view.table, outcome.table.map_err(|e| e.to_string()));
    }

    #[test]
    fn the_stored_table_is_kept_while_only_the_clock_moves() {
        let mut engine = HashEngine::default();
        let mut calls = 0;
        let mut counting = |buffer: &mut [u8]| {
            calls += 1;
            fixed(buffer)
        };
        let state = PasswordsState { scheme: scheme("bcrypt_10"), ..PasswordsState::default() };
        for clock in [0, 60, 600] {
            let job =
                HashJob::Table { state: PasswordsState { clock_seconds: clock, ..state.clone() }, quests: vec![] };
            engine.answer(job, &mut counting);
        }
        let other = PasswordsState { scheme: scheme("django_md5"), ..state };
        engine.answer(HashJob::Table { state: other, quests: vec![] }, &mut counting);
        assert_eq!(calls, 2);
    }

    #[test]
    fn the_lab_hashes_and_checks_and_bad_hashes_are_explained() {
        let mut engine = HashEngine::default();
        let job = HashJob::Hash { scheme: scheme("django_md5"), password: "sunshine".into() };
        let HashAnswer::Hash(Ok(stored)) = engine.answer(job, &mut fixed) else { panic!("md5 hashes") };
        assert!(stored.starts_with("md5$"), "{stored}");
        let check = HashJob::Check { password: "sunshine".into(), stored: stored.clone() };
        let HashAnswer::Check(Ok(view)) = engine.answer(check, &mut fixed) else { panic!("it checks") };
        assert!(view.matches);
        let wrong = HashJob::Check { password: "sunshin".into(), stored };
        assert!(matches!(engine.answer(wrong, &mut fixed), HashAnswer::Check(Ok(CheckView { matches: false, .. }))));
        let bad = HashJob::Check { password: "x".into(), stored: "pbkdf2_sha256$abc".into() };
        let HashAnswer::Check(Err(message)) = engine.answer(bad, &mut fixed) else { panic!("a bad hash is refused") };
        assert!(message.contains("fields"), "{message}");
    }

    #[test]
    fn requests_and_replies_survive_the_trip_as_json() {
        let request =
            HashRequest { id: 7, job: HashJob::Hash { scheme: Scheme::DJANGO_ARGON2, password: "é".into() } };
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<HashRequest>(&text).unwrap(), request);
        let reply = FromHashWorker::Reply(HashReply { id: 7, millis: 1.5, answer: HashAnswer::Hash(Err("no".into())) });
        assert_eq!(serde_json::from_str::<FromHashWorker>(&serde_json::to_string(&reply).unwrap()).unwrap(), reply);
    }
}
