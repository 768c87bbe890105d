//! The CSP sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(Csp, dragonproof::sandboxes::csp::CspSandbox, dragonproof_engines::csp::CspState);
