//! The SQL sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(Sql, dragonproof::sandboxes::sql::SqlSandbox, dragonproof_engines::sql::SqlState);
