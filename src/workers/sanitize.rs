//! The ammonia worker: `dragonproof_engines::sanitize` off the main thread.

use dragonproof_engines::sanitize::{clean, Policy, Sanitized};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// The script Trunk writes for `src/bin/sanitize_worker.rs`.
pub const SCRIPT: &str = "sanitize_worker.js";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanitizeRequest {
    pub input: String,
    /// `None` is ammonia's default policy, built in the worker: building it here would pull
    /// ammonia's tables into the app's first load.
    pub policy: Option<Policy>,
}

pub struct SanitizeWorker;

impl Worker for SanitizeWorker {
    type Message = ();
    type Input = SanitizeRequest;
    type Output = Sanitized;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        // The first ammonia call is ~30x slower than the next (TOOLCHAIN.md): pay it now, while
        // the first request is still being posted.
        let _ = clean("<b>warm</b>", &Policy::default());
        SanitizeWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        let policy = request.policy.unwrap_or_default();
        scope.respond(id, clean(&request.input, &policy));
    }
}
