//! The SQL injection sandbox as its own wasm bundle (see `src/sandboxes/mod.rs`).

dragonproof::sandbox_bundle!(dragonproof::sandboxes::sql::SqlSandbox);
