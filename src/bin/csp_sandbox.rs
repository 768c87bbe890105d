//! The CSP sandbox as its own wasm bundle (see `src/sandboxes/mod.rs`).

dragonproof::sandbox_bundle!(dragonproof::sandboxes::csp::CspSandbox);
