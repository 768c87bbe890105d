//! The dependencies worker: `dragonproof_engines::deps` (Astral's PEP 440/508 crates, the
//! curated advisories and package metadata) off the main thread. A 200-line file took 21 ms at
//! p95 on the page's thread, more than a frame, and the engine was most of the view's 469 KB
//! gzip bundle; in the worker the view stays light and the page keeps its frames.

use dragonproof_engines::deps::sandbox::{DepsReply, DepsRequest};

use super::killable::{KillableWorker, WorkerEvent};

/// The script `scripts/build-sandboxes.sh` writes for `src/bin/deps_worker.rs`.
pub const SCRIPT: &str = "deps_worker.js";

/// A newer file stops the worker once it has spent this long on an older one: a 64 KB paste
/// (the most the engine reads) takes well under a second, so this is a worker that is stuck.
pub const SUPERSEDE_AFTER_MS: f64 = 5_000.0;

/// The page's side: a worker it can stop, and whose crash it hears at once.
pub type DepsWorker = KillableWorker<DepsRequest, DepsReply>;

/// The deps worker, started on the first request.
pub fn deps_worker(on_event: impl Fn(WorkerEvent<DepsReply>) + 'static) -> DepsWorker {
    KillableWorker::new(SCRIPT, SUPERSEDE_AFTER_MS, on_event)
}

/// The worker's side: answers every request, with the curated data parsed once, on the first.
pub fn serve() {
    #[cfg(target_arch = "wasm32")]
    {
        use dragonproof_engines::deps::sandbox::{answer, DepsEnv};
        let mut env: Option<DepsEnv> = None;
        super::killable::serve(move |request: DepsRequest| answer(&request, env.get_or_insert_with(DepsEnv::curated)));
    }
}
