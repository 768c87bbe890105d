//! Prints the Flask and Django code the CSP sandbox generates for a policy, one block per
//! target separated by a line `----`, for checking against the real libraries
//! (crates/engines/fixtures/check_csp_codegen.py).
//!
//!   cargo run -p dragonproof-engines --example csp_codegen -- "script-src 'nonce-abc' 'strict-dynamic'"

use dragonproof_engines::csp::codegen;
use dragonproof_engines::csp::{parse_policy, Delivery, Disposition};

fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let policy = parse_policy(&text, Disposition::Enforce, Delivery::Header).policy;
    let blocks = [
        codegen::flask_talisman(&policy),
        codegen::flask_after_request(&policy),
        codegen::django_builtin(&policy),
        codegen::django_csp(&policy),
    ];
    println!("{}", blocks.join("\n----\n"));
}
