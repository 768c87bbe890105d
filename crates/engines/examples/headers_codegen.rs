//! Prints, as JSON, the code the headers sandbox generates for each header block read from
//! stdin (blocks separated by a line `----`), with the headers the engine says each piece of
//! code sends, for crates/engines/fixtures/check_headers_codegen.py to run in the real libraries.
//!
//!   printf 'HTTP/1.1 200 OK\nX-Frame-Options: DENY' | cargo run -p dragonproof-engines --example headers_codegen

use std::io::Read;

use dragonproof_engines::headers::codegen::{generate, Framework};
use dragonproof_engines::headers::read_block;

fn main() {
    let mut input = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("headers_codegen: cannot read stdin: {error}");
        std::process::exit(1);
    }
    let entries: Vec<serde_json::Value> = input
        .split("\n----\n")
        .map(|text| {
            let response = read_block(text).last();
            let frameworks: serde_json::Map<String, serde_json::Value> = Framework::ALL
                .iter()
                .map(|f| (f.id().to_string(), serde_json::json!(generate(&response, *f))))
                .collect();
            serde_json::json!({ "block": text, "frameworks": frameworks })
        })
        .collect();
    println!("{}", serde_json::json!(entries));
}
