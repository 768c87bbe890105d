//! The escape sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Escape,
    dragonproof::sandboxes::escape::EscapeSandbox,
    dragonproof_engines::escape::EscapeState
);
