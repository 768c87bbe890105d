//! The word-list worker binary (see `src/workers/wordlist.rs`); the only binary that carries the
//! secrets sandbox's full word list.

use dragonproof::workers::wordlist::WordListWorker;
use gloo_worker::Registrable;

fn main() {
    WordListWorker::registrar().register();
}
