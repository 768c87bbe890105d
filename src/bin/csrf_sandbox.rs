//! The CSRF sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Csrf,
    dragonproof::sandboxes::csrf::CsrfSandbox,
    dragonproof_engines::csrf::sandbox::CsrfState
);
