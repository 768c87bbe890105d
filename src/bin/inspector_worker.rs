//! The inspector's worker binary (see `src/workers/inspector.rs`); the only binary that links
//! the Python parser.

fn main() {
    #[cfg(target_arch = "wasm32")]
    dragonproof::workers::killable::serve(dragonproof::workers::inspector::answer);
}
