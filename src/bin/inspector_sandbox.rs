//! The audits sandbox's bundle (see `src/sandboxes/mod.rs`); its parser is in `inspector_worker`.
dragonproof::sandbox_bundle!(
    Inspector,
    dragonproof::sandboxes::inspector::InspectorView,
    dragonproof_engines::inspector::InspectorState
);
