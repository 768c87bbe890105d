//! The hsts sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Hsts,
    dragonproof::sandboxes::hsts::HstsSandbox,
    dragonproof_engines::hsts::quests::HstsState
);
