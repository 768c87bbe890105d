//! The ammonia worker: the XSS sandbox's engine (`dragonproof_engines::xss`) off the main
//! thread. It needs ammonia and html5ever, most of a megabyte of wasm, so it loads only when
//! the sandbox opens.

use dragonproof_engines::sanitize::Policy;
use dragonproof_engines::xss::{render, Rendered, XssState};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// The script Trunk writes for `src/bin/sanitize_worker.rs`.
pub const SCRIPT: &str = "sanitize_worker.js";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanitizeRequest {
    pub state: XssState,
    /// `None` is ammonia's default policy, built in the worker: building it in the sandbox
    /// would pull ammonia's tables into its bundle.
    pub policy: Option<Policy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanitizeReply {
    /// What was asked: a reply to an older keystroke is not shown as the current one.
    pub state: XssState,
    /// The rendering, or why the input was refused.
    pub rendered: Result<Rendered, String>,
    /// The policy it was sanitized under (the editor starts from ammonia's defaults).
    pub policy: Policy,
}

pub struct SanitizeWorker;

impl Worker for SanitizeWorker {
    type Message = ();
    type Input = SanitizeRequest;
    type Output = SanitizeReply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        // The first ammonia call is ~30x slower than the next (docs/toolchain.md): pay it now, while
        // the first request is still being posted.
        let _ = dragonproof_engines::sanitize::clean("<b>warm</b>", &Policy::default());
        SanitizeWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        let policy = request.policy.unwrap_or_default();
        let rendered = render(&request.state, &policy);
        scope.respond(id, SanitizeReply { state: request.state, rendered, policy });
    }
}
