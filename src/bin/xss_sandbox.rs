//! The XSS sandbox's bundle (see `src/sandboxes/mod.rs`).
dragonproof::sandbox_bundle!(Xss, dragonproof::sandboxes::xss::XssSandbox, dragonproof_engines::xss::XssState);
