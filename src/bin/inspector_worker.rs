//! The inspector's worker binary (see `src/workers/inspector.rs`); the only binary that links
//! the Python parser.

use dragonproof::workers::inspector::InspectorWorker;
use gloo_worker::Registrable;

fn main() {
    InspectorWorker::registrar().register();
}
