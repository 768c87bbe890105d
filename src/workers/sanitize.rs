//! The ammonia worker: the XSS sandbox's engine (`dragonproof_engines::xss`) off the main
//! thread. It needs ammonia and html5ever, most of a megabyte of wasm, so it loads only when
//! the sandbox opens.

use dragonproof_engines::sandbox::SandboxEngine;
use dragonproof_engines::xss::sanitize::Policy;
use dragonproof_engines::xss::{XssOutcome, XssSandbox, XssState};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// The script Trunk writes for `src/bin/sanitize_worker.rs`.
pub const SCRIPT: &str = "sanitize_worker.js";

/// The worker's answer to a state (the request is the [`XssState`] itself; its policy `None` is
/// ammonia's defaults, built here: building them in the sandbox would pull ammonia's tables
/// into its bundle).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanitizeReply {
    /// What was asked: a reply to an older keystroke is not shown as the current one.
    pub state: XssState,
    /// The state's one outcome, which the view renders and reads the quests from.
    pub outcome: XssOutcome,
}

pub struct SanitizeWorker;

impl Worker for SanitizeWorker {
    type Message = ();
    type Input = XssState;
    type Output = SanitizeReply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        // The first ammonia call is ~30x slower than the next (docs/toolchain.md): pay it now, while
        // the first request is still being posted.
        let _ = dragonproof_engines::xss::sanitize::clean("<b>warm</b>", &Policy::default());
        SanitizeWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, state: Self::Input, id: HandlerId) {
        let outcome = XssSandbox::outcome(&state, &mut ());
        scope.respond(id, SanitizeReply { state, outcome });
    }
}
