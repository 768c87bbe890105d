//! The cookies sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(
    Cookies,
    dragonproof::sandboxes::cookies::CookiesSandbox,
    dragonproof_engines::cookies::sandbox::CookiesState
);
