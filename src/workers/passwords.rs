//! The hash worker: the passwords engine (`dragonproof_engines::passwords`) off the main thread.
//! A slow hash (Django's 1,500,000 PBKDF2 rounds, scrypt, Django's 100 MiB argon2) takes
//! seconds in a browser, and one call cannot be interrupted, so it runs here and the page stays
//! responsive.
//!
//! Unlike the other workers it is not driven through gloo-worker's bridge: gloo-worker 0.6
//! cannot terminate a worker (docs/toolchain.md), and Cancel, a newer request that supersedes a
//! slow one, and a hash that exhausts the worker's memory all need exactly that. So the page
//! keeps the `web_sys::Worker` itself ([`HashWorker`]): JSON text both ways, a `Ready` message
//! once the wasm has started, `terminate()` to stop a hash, and the worker's `error` event
//! (a trap, an allocation failure) reported to the view, which starts a fresh worker on the next
//! request. The worker binary is `src/bin/passwords_worker.rs`, built like the others with
//! wasm-bindgen's `no-modules` target and loaded by the same `importScripts` shim gloo uses.

use std::cell::RefCell;
use std::rc::Rc;

use dragonproof_engines::passwords::{guess_batch, salt_for, AttackReport, FastHash};
use dragonproof_engines::passwords::{
    outcome_with, Judgement, PasswordsOutcome, PasswordsSandbox, PasswordsState, Response, Scheme, StoredTable,
    StoredUser, RANDOM_BYTES_FOR_SALT, USERS,
};
use dragonproof_engines::sandbox::SandboxEngine;
use serde::{Deserialize, Serialize};

/// The script `scripts/build-sandboxes.sh` writes for `src/bin/passwords_worker.rs`.
pub const SCRIPT: &str = "passwords_worker.js";

/// A newer request waits this long for a running one before the running one is stopped: a fast
/// answer (the clock stepped over a stored table) arrives well within it and keeps the worker's
/// stored table; a slow hash is abandoned for the newer request.
pub const SUPERSEDE_AFTER_MS: f64 = 250.0;

/// One piece of work, numbered by the page so that an old answer is never shown as the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashRequest {
    pub id: u64,
    pub job: HashJob,
}

/// What the worker can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HashJob {
    /// The castle's table stored under the state's scheme, and the quests read from its outcome.
    Table { state: PasswordsState, quests: Vec<String> },
    /// The hash lab: `password` hashed under `scheme` with a fresh salt.
    Hash { scheme: Scheme, password: String },
    /// A pasted hash checked against a password.
    Check { password: String, stored: String },
    /// [`RATE_GUESSES`] unsalted guesses under `hash`: the reply's time is the attacker's rate.
    Rate { hash: FastHash },
}

/// How many fast guesses a rate measurement makes: about a tenth of a second of MD5 in a
/// browser's worker, long enough that the clock's coarse steps do not matter.
pub const RATE_GUESSES: u32 = 300_000;

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromHashWorker {
    /// The wasm has started and listens: requests posted before this would be lost.
    Ready,
    Reply(HashReply),
}

/// The answer to request `id`, with the time the work took in this browser's worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashReply {
    pub id: u64,
    pub millis: f64,
    pub answer: HashAnswer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HashAnswer {
    /// Boxed: a table is ten times the size of the other answers.
    Table(Box<TableView>),
    /// The stored string, or why it could not be made.
    Hash(Result<String, String>),
    Check(Result<CheckView, String>),
    /// How many guesses a [`HashJob::Rate`] made (all of them: none can match).
    Rate {
        hash: FastHash,
        tried: u32,
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
                // Nine characters: no 8-character candidate can match, so every guess is made.
                let target = hash.digest(b"no-match!");
                HashAnswer::Rate { hash, tried: guess_batch(hash, &target, 0, RATE_GUESSES).tried }
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
    /// `performance.now()` of the current global.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Fills `buffer` from the browser's CSPRNG (`crypto.getRandomValues`, at most 65,536 bytes a
/// call).
#[cfg(target_arch = "wasm32")]
pub fn browser_random(buffer: &mut [u8]) {
    for chunk in buffer.chunks_mut(65_536) {
        get_random_values(chunk);
    }
}

/// Milliseconds on the browser's monotonic clock.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    performance_now()
}

/// The worker's side: answers every request posted to it (the worker binary calls this).
#[cfg(target_arch = "wasm32")]
pub fn serve() {
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let engine = RefCell::new(HashEngine::default());
    let post_scope = scope.clone();
    let on_message =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else { return };
            let Ok(request) = serde_json::from_str::<HashRequest>(&text) else { return };
            let started = now_ms();
            let answer = engine.borrow_mut().answer(request.job, &mut browser_random);
            let reply = FromHashWorker::Reply(HashReply { id: request.id, millis: now_ms() - started, answer });
            if let Ok(json) = serde_json::to_string(&reply) {
                let _ = post_scope.post_message(&json.into());
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    if let Ok(json) = serde_json::to_string(&FromHashWorker::Ready) {
        let _ = scope.post_message(&json.into());
    }
}

/// What the page hears from a [`HashWorker`].
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    Answered(HashReply),
    /// The worker died (its message) and was dropped; the next request starts a new one.
    Crashed(String),
}

/// The page's side: one worker, started on the first request, stopped by [`HashWorker::cancel`]
/// or by a newer request that a slow one holds up (after [`SUPERSEDE_AFTER_MS`]).
#[derive(Clone)]
pub struct HashWorker {
    inner: Rc<RefCell<Lane>>,
}

// The worker itself exists only in wasm; natively (the tests) a lane only keeps its bookkeeping.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct Lane {
    on_event: Rc<dyn Fn(WorkerEvent)>,
    running: Option<Running>,
    /// The request to post once the worker is ready or free (only the newest is kept).
    next: Option<HashRequest>,
    busy_since: Option<(u64, f64)>,
}

#[cfg(target_arch = "wasm32")]
struct Running {
    worker: web_sys::Worker,
    ready: bool,
    _listeners: [gloo_events::EventListener; 2],
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
struct Running;

impl HashWorker {
    /// A lane that calls `on_event` with every answer and crash. Nothing is fetched until the
    /// first [`HashWorker::send`].
    pub fn new(on_event: impl Fn(WorkerEvent) + 'static) -> HashWorker {
        HashWorker {
            inner: Rc::new(RefCell::new(Lane {
                on_event: Rc::new(on_event),
                running: None,
                next: None,
                busy_since: None,
            })),
        }
    }

    /// Whether a request is being worked on.
    pub fn is_busy(&self) -> bool {
        self.inner.borrow().busy_since.is_some()
    }

    /// Stops the worker and whatever it was doing.
    pub fn cancel(&self) {
        let mut lane = self.inner.borrow_mut();
        lane.stop();
        lane.next = None;
    }
}

impl Lane {
    fn stop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let Some(running) = self.running.take() {
            running.worker.terminate();
        }
        self.running = None;
        self.busy_since = None;
    }
}

#[cfg(target_arch = "wasm32")]
impl HashWorker {
    /// Sends `request`. A running request that has taken longer than [`SUPERSEDE_AFTER_MS`] is
    /// stopped for it; a younger one may finish first (its answer is older than this request's,
    /// and the view keeps only the newest), and is stopped if it is still running then.
    pub fn send(&self, request: HashRequest) {
        let waited = {
            let mut lane = self.inner.borrow_mut();
            match lane.busy_since {
                None => {
                    lane.next = Some(request);
                    drop(lane);
                    self.post_next();
                    return;
                }
                Some((_, since)) => {
                    lane.next = Some(request);
                    now_ms() - since
                }
            }
        };
        if waited >= SUPERSEDE_AFTER_MS {
            self.inner.borrow_mut().stop();
            self.post_next();
        } else {
            let this = self.clone();
            let id = self.inner.borrow().busy_since.map(|(id, _)| id);
            gloo_timers::callback::Timeout::new((SUPERSEDE_AFTER_MS - waited).ceil() as u32, move || {
                let still = this.inner.borrow().busy_since.map(|(id, _)| id) == id && id.is_some();
                if still && this.inner.borrow().next.is_some() {
                    this.inner.borrow_mut().stop();
                    this.post_next();
                }
            })
            .forget();
        }
    }

    /// Posts the waiting request if the worker is free, starting a worker first if none runs.
    fn post_next(&self) {
        if self.inner.borrow().running.is_none() {
            match self.spawn() {
                Ok(running) => self.inner.borrow_mut().running = Some(running),
                Err(reason) => {
                    let on_event = {
                        let mut lane = self.inner.borrow_mut();
                        lane.next = None;
                        lane.on_event.clone()
                    };
                    on_event(WorkerEvent::Crashed(reason));
                    return;
                }
            }
        }
        let mut lane = self.inner.borrow_mut();
        let ready = lane.running.as_ref().is_some_and(|r| r.ready);
        if !ready || lane.busy_since.is_some() {
            return;
        }
        let Some(request) = lane.next.take() else { return };
        let Ok(json) = serde_json::to_string(&request) else { return };
        if let Some(running) = lane.running.as_ref() {
            let _ = running.worker.post_message(&json.into());
            lane.busy_since = Some((request.id, now_ms()));
        }
    }

    fn spawn(&self) -> Result<Running, String> {
        use gloo_events::EventListener;
        use wasm_bindgen::JsCast;
        let url = crate::workers::script_url(SCRIPT)?;
        let wasm = url.replace(".js", "_bg.wasm");
        // The loader gloo-worker writes for a `no-modules` worker; a blob, which the page's CSP
        // allows as `worker-src blob:`. The URLs are ours (the page's base and a constant).
        let shim = js_sys::Array::of1(
            &format!("importScripts({});wasm_bindgen({});", js_string(&url), js_string(&wasm)).into(),
        );
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/javascript");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&shim, &options)
            .map_err(|_| "the browser refused to make the worker's loader".to_string())?;
        let loader = web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|_| "the browser refused to make the worker's loader".to_string())?;
        let worker =
            web_sys::Worker::new(&loader).map_err(|_| "the browser refused to start the hash worker".to_string())?;
        let on_message = {
            let this = self.clone();
            EventListener::new(&worker, "message", move |event| {
                let Some(text) = event.dyn_ref::<web_sys::MessageEvent>().and_then(|e| e.data().as_string()) else {
                    return;
                };
                match serde_json::from_str::<FromHashWorker>(&text) {
                    Ok(FromHashWorker::Ready) => {
                        if let Some(running) = this.inner.borrow_mut().running.as_mut() {
                            running.ready = true;
                        }
                        this.post_next();
                    }
                    Ok(FromHashWorker::Reply(reply)) => {
                        let on_event = {
                            let mut lane = this.inner.borrow_mut();
                            lane.busy_since = None;
                            lane.on_event.clone()
                        };
                        // Post the waiting request before the view re-renders.
                        this.post_next();
                        on_event(WorkerEvent::Answered(reply));
                    }
                    Err(_) => {}
                }
            })
        };
        let on_error = {
            let this = self.clone();
            EventListener::new(&worker, "error", move |event| {
                let message = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "the worker stopped".to_string());
                let on_event = {
                    let mut lane = this.inner.borrow_mut();
                    lane.stop();
                    lane.next = None;
                    lane.on_event.clone()
                };
                on_event(WorkerEvent::Crashed(message));
            })
        };
        Ok(Running { worker, ready: false, _listeners: [on_message, on_error] })
    }
}

/// `text` as a JavaScript string literal (JSON's string syntax is JavaScript's).
#[cfg(target_arch = "wasm32")]
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
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
