//! The sanitize engine's worker binary (see `src/workers/sanitize.rs`).

use dragonproof::workers::sanitize::SanitizeWorker;
use gloo_worker::Registrable;

fn main() {
    SanitizeWorker::registrar().register();
}
