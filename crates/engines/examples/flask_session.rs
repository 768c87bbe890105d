//! Signs Flask session cookies with our engine, for `fixtures/make_cookie_fixtures.py` to feed
//! back to the real Flask: one JSON request per stdin line, `{"json": "<tagged JSON>", "key":
//! "<SECRET_KEY>", "timestamp": N}`, one cookie (or `error: …`) per stdout line.

use std::io::{BufRead, Write};

use dragonproof_engines::secrets::session_cookie::sign_session;

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines().map_while(Result::ok) {
        let answer = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(request) => {
                let json = request["json"].as_str().unwrap_or_default();
                let key = request["key"].as_str().unwrap_or_default();
                let timestamp = request["timestamp"].as_u64().unwrap_or_default();
                sign_session(json, key.as_bytes(), timestamp).unwrap_or_else(|e| format!("error: {e}"))
            }
            Err(e) => format!("error: {e}"),
        };
        let _ = writeln!(out, "{answer}");
    }
}
