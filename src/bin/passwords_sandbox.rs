//! The passwords sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Passwords,
    dragonproof::sandboxes::passwords::PasswordsSandbox,
    dragonproof_engines::passwords::PasswordsAndMfaState
);
