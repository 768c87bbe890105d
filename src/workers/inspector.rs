//! The inspector worker: `dragonproof_engines::inspector` with Astral's Python parser (from
//! Ruff), off the main thread. The parser and its Unicode-name tables are most of the worker's
//! size, so it loads only when the audits sandbox first sends it code.
//!
//! The view bundle names these types to talk to the worker but is built without the `python`
//! feature, so the parser is linked only into `inspector_worker` (see Cargo.toml).

use dragonproof_engines::inspector::{InspectorReply, InspectorRequest};
use gloo_worker::{HandlerId, Worker, WorkerScope};

/// The script Trunk writes for `src/bin/inspector_worker.rs`.
pub const SCRIPT: &str = "inspector_worker.js";

/// The worker's answer: the inspection, or why this build cannot inspect.
pub type InspectorAnswer = Result<InspectorReply, String>;

pub struct InspectorWorker;

impl Worker for InspectorWorker {
    type Message = ();
    type Input = InspectorRequest;
    type Output = InspectorAnswer;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        InspectorWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        // The one outcome, and the quests read from it, here in the worker.
        #[cfg(feature = "python")]
        let answer = Ok(dragonproof_engines::inspector::sandbox::answer(&request));
        #[cfg(not(feature = "python"))]
        let answer = {
            let _ = request;
            Err("this build has no Python parser".to_string())
        };
        scope.respond(id, answer);
    }
}
