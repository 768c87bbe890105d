//! Times one keystroke of the headers, HSTS and clickjacking sandboxes on a 10 KB paste, and a
//! 1 MB paste (bounded). Run: `cargo run --release -p dragonproof-engines --example headers_bench`.

use std::time::Instant;

use dragonproof_engines::framing::quests::{FramingSandbox, FramingState};
use dragonproof_engines::headers::quests::{HeadersSandbox, HeadersState};
use dragonproof_engines::hsts::quests::{HstsSandbox, HstsState};
use dragonproof_engines::sandbox::SandboxEngine;

/// This thread's time on a CPU, in nanoseconds (Linux `schedstat`): on a machine shared with
/// other builds, wall-clock time mostly measures waiting for a core.
fn cpu_nanos() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// Median wall-clock time and mean CPU time per run, in microseconds.
fn time(runs: usize, mut work: impl FnMut()) -> (f64, Option<f64>) {
    let cpu_start = cpu_nanos();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    let cpu = cpu_start.zip(cpu_nanos()).map(|(a, b)| b.saturating_sub(a) as f64 / 1e3 / runs as f64);
    times.sort_by(|a, b| a.total_cmp(b));
    (times[times.len() / 2], cpu)
}

fn show(what: &str, (wall, cpu): (f64, Option<f64>)) {
    match cpu {
        Some(cpu) => {
            println!("{what}: {cpu:.1} µs of CPU per run (wall-clock median {wall:.1} µs)")
        }
        None => println!("{what}: wall-clock median {wall:.1} µs"),
    }
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
    show(
        &format!("headers, {} KB paste", block.len() / 1024),
        time(200, || drop(HeadersSandbox::outcome(&headers, &mut ()))),
    );
    show(
        &format!("headers, {} KB paste (read up to 64 KB)", huge.headers.len() / 1024),
        time(20, || drop(HeadersSandbox::outcome(&huge, &mut ()))),
    );
    show(
        &format!("framing, {} KB headers, three chains", block.len() / 1024),
        time(200, || drop(FramingSandbox::outcome(&framing, &mut ()))),
    );
    show("hsts", time(1000, || drop(HstsSandbox::outcome(&hsts, &mut ()))));
}
