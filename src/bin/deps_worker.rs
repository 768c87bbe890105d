//! The dependencies worker binary (see `src/workers/deps.rs`): the only binary that links the
//! PEP 440/508 parsers and the curated advisories.

fn main() {
    dragonproof::workers::deps::serve();
}
