//! For `./x bench` only, never shipped: the sanitize engine exactly as the worker builds it,
//! callable from a page, so `scripts/bench.mjs` can time ammonia beside DOMPurify on the same
//! inputs in one Chromium run.

use dragonproof_engines::xss::sanitize::{clean, Policy, Sanitized};
use wasm_bindgen::prelude::*;

/// ammonia's default policy; a refusal (over 1 MB) comes back as its reason.
#[wasm_bindgen]
pub fn sanitize(html: &str) -> String {
    match clean(html, &Policy::default()) {
        Sanitized::Clean { html } => html,
        Sanitized::Refused { reason } => reason,
    }
}

fn main() {}
