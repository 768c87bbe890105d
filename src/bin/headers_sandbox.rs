//! The headers sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Headers,
    dragonproof::sandboxes::headers::HeadersSandbox,
    dragonproof_engines::headers::quests::HeadersState
);
