//! The inspector worker: `dragonproof_engines::inspector` with Astral's Python parser (from
//! Ruff), off the main thread. The parser and its Unicode-name tables are most of the worker's
//! size, so it loads only when the audits sandbox first sends it code.
//!
//! The view bundle names these types to talk to the worker but is built without the `python`
//! feature, so the parser is linked only into `inspector_worker` (see Cargo.toml).

use dragonproof_engines::inspector::{InspectorReply, InspectorRequest};

use super::killable::{KillableWorker, WorkerEvent};

/// The script `scripts/build-sandboxes.sh` writes for `src/bin/inspector_worker.rs`.
pub const SCRIPT: &str = "inspector_worker.js";

/// A newer source stops the worker once it has spent this long on an older one: a 2,000-line
/// module takes well under a second (BENCHMARKS.md), so this is a worker that is stuck.
pub const SUPERSEDE_AFTER_MS: f64 = 5_000.0;

/// The worker's answer: the inspection, or why this build cannot inspect.
pub type InspectorAnswer = Result<InspectorReply, String>;

/// The page's side: a worker it can stop, and whose crash (a stack overflow in the parser
/// traps the worker's wasm) it hears at once.
pub type InspectorWorker = KillableWorker<InspectorRequest, InspectorAnswer>;

/// The inspector's worker, started on the first request.
pub fn inspector_worker(on_event: impl Fn(WorkerEvent<InspectorAnswer>) + 'static) -> InspectorWorker {
    KillableWorker::new(SCRIPT, SUPERSEDE_AFTER_MS, on_event)
}

/// The worker's side: the one outcome, and the quests read from it, here in the worker.
pub fn answer(request: InspectorRequest) -> InspectorAnswer {
    #[cfg(feature = "python")]
    return Ok(dragonproof_engines::inspector::sandbox::answer(&request));
    #[cfg(not(feature = "python"))]
    {
        let _ = request;
        Err("this build has no Python parser".to_string())
    }
}
