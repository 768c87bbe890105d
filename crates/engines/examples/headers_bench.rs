//! Times one keystroke of the headers, HSTS and clickjacking sandboxes on a 10 KB paste, and a
//! 1 MB paste (bounded). Run: `cargo run --release -p dragonproof-engines --example headers_bench`.

use std::time::Instant;

use dragonproof_engines::framing::quests::{FramingSandbox, FramingState};
use dragonproof_engines::headers::quests::{HeadersSandbox, HeadersState};
use dragonproof_engines::hsts::quests::{HstsSandbox, HstsState};
use dragonproof_engines::sandbox::SandboxEngine;

fn median_micros(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn main() {
    let mut block = String::from("HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nContent-Security-Policy: default-src 'self'; object-src 'none'; frame-ancestors 'self'\nStrict-Transport-Security: max-age=63072000; includeSubDomains; preload\n");
    let mut n = 0;
    while block.len() < 10 * 1024 {
        block.push_str(&format!("Set-Cookie: pref{n}=value{n}; Secure; HttpOnly; SameSite=Lax; Path=/\nX-Request-Trace-{n}: abcdefghijklmnopqrstuvwxyz0123456789\n"));
        n += 1;
    }
    let headers = HeadersState { headers: block.clone(), ..HeadersState::default() };
    let framing = FramingState { headers: block.clone(), ..FramingState::default() };
    let hsts = HstsState { header: "max-age=63072000; includeSubDomains; preload".into(), ..HstsState::default() };
    let huge = HeadersState { headers: block.repeat(100), ..HeadersState::default() };
    println!("headers, {} KB paste: {:.0} µs median", block.len() / 1024, median_micros(200, || drop(HeadersSandbox::outcome(&headers, &mut ()))));
    println!("headers, {} KB paste (read up to 64 KB): {:.0} µs median", huge.headers.len() / 1024, median_micros(20, || drop(HeadersSandbox::outcome(&huge, &mut ()))));
    println!("framing, {} KB headers, three chains: {:.0} µs median", block.len() / 1024, median_micros(200, || drop(FramingSandbox::outcome(&framing, &mut ()))));
    println!("hsts: {:.1} µs median", median_micros(1000, || drop(HstsSandbox::outcome(&hsts, &mut ()))));
}
