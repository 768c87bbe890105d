//! The secret keys sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Secrets,
    dragonproof::sandboxes::secrets::SecretsSandbox,
    dragonproof_engines::secrets::sandbox::SecretsState
);
