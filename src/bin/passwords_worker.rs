//! The hash worker binary (see `src/workers/passwords.rs`): the passwords engine, built for speed.

fn main() {
    #[cfg(target_arch = "wasm32")]
    dragonproof::workers::passwords::serve();
}
