//! The dependencies sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Deps,
    dragonproof::sandboxes::deps::DepsView,
    dragonproof_engines::deps::sandbox::DepsState
);
