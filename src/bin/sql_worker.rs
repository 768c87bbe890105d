//! The SQL engine's worker binary (see `src/workers/sql.rs`); the only binary that links SQLite.

use dragonproof::workers::sql::SqlWorker;
use gloo_worker::Registrable;

fn main() {
    SqlWorker::registrar().register();
}
