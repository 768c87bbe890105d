//! The word-list worker: the secrets sandbox's 32,453-word list (207 KB of text) and the attack
//! over it (`dragonproof_engines::secrets::wordlist`), out of the sandbox's bundle and off its
//! main thread. The page asks it where the attack would try a key (the key box's verdict) and
//! runs the attack on a session cookie, which answers in chunks with its progress.

use dragonproof_engines::secrets::key_strength::WordList;
use dragonproof_engines::secrets::wordlist::{candidate_count, AttackTarget, FullWordList};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// The script `scripts/build-sandboxes.sh` writes for `src/bin/wordlist_worker.rs`.
pub const SCRIPT: &str = "wordlist_worker.js";

/// Guesses per chunk: about a millisecond or two of HMACs, so progress comes often.
const CHUNK: usize = 1_000;

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WordListRequest {
    /// Where the attack tries each word (`None`: not on the list).
    Lookup(Vec<String>),
    /// Attack the key of this session cookie.
    Attack {
        /// The cookie, as the attacker holds it.
        cookie: String,
    },
}

/// How far an attack has come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttackProgress {
    /// The cookie attacked (a reply about an older cookie is not shown as the current one).
    pub cookie: String,
    /// Guesses made so far.
    pub tried: usize,
    /// Guesses the whole list holds.
    pub total: usize,
    /// The key, once a guess signed the cookie.
    pub found: Option<String>,
    /// No guesses left, or found.
    pub done: bool,
    /// Why the cookie cannot be attacked.
    pub error: Option<String>,
    /// Milliseconds since the attack started, measured in the worker.
    pub elapsed_ms: f64,
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WordListReply {
    /// Positions of the looked-up words.
    Positions(Vec<(String, Option<usize>)>),
    /// An attack's progress.
    Progress(AttackProgress),
}

struct Running {
    id: HandlerId,
    cookie: String,
    target: AttackTarget,
    next: usize,
    started: f64,
}

/// The worker.
pub struct WordListWorker {
    running: Option<Running>,
}

impl Worker for WordListWorker {
    /// "Do the next chunk": sent to itself, so each chunk is its own task.
    type Message = ();
    type Input = WordListRequest;
    type Output = WordListReply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        WordListWorker { running: None }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, _message: ()) {
        let Some(running) = self.running.as_mut() else { return };
        let chunk = running.target.try_chunk(running.next, CHUNK);
        running.next = chunk.next;
        scope.respond(
            running.id,
            WordListReply::Progress(AttackProgress {
                cookie: running.cookie.clone(),
                tried: chunk.next,
                total: candidate_count(),
                found: chunk.found.map(str::to_string),
                done: chunk.done,
                error: None,
                elapsed_ms: js_sys::Date::now() - running.started,
            }),
        );
        if chunk.done {
            self.running = None;
        } else {
            scope.send_message(());
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: WordListRequest, id: HandlerId) {
        match request {
            WordListRequest::Lookup(words) => {
                let positions =
                    words.into_iter().map(|word| (word.clone(), FullWordList.position(&word).flatten())).collect();
                scope.respond(id, WordListReply::Positions(positions));
            }
            WordListRequest::Attack { cookie } => match AttackTarget::new(&cookie) {
                Ok(target) => {
                    // A new attack replaces one under way.
                    let start = self.running.is_none();
                    self.running = Some(Running { id, cookie, target, next: 0, started: js_sys::Date::now() });
                    if start {
                        scope.send_message(());
                    }
                }
                Err(error) => scope.respond(
                    id,
                    WordListReply::Progress(AttackProgress {
                        cookie,
                        tried: 0,
                        total: candidate_count(),
                        found: None,
                        done: true,
                        error: Some(error.to_string()),
                        elapsed_ms: 0.0,
                    }),
                ),
            },
        }
    }
}
