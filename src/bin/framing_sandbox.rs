//! The framing sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Framing,
    dragonproof::sandboxes::framing::FramingSandbox,
    dragonproof_engines::framing::quests::FramingState
);
