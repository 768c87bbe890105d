//! How long the CSP engine takes for a large policy and page (a benchmark, not a test).
//!
//!   cargo run --release -p dragonproof-engines --example csp_bench
//!
//! Prints a Markdown table for BENCHMARKS.md: parse + evaluate + findings + suggestion, the
//! whole `analyze` call the sandbox makes on every keystroke.

use std::time::Instant;

use dragonproof_engines::csp::{analyze, Delivery, Disposition, PolicyInput};

/// A policy with every fetch directive and many hosts, nonces and hashes: about `hosts` × 30 bytes.
fn large_policy(hosts: usize) -> String {
    let sources: Vec<String> = (0..hosts)
        .map(|i| match i % 4 {
            0 => format!("https://cdn{i}.example.com/js/"),
            1 => format!("*.static{i}.example:443"),
            2 => format!("'sha256-{}'", "A".repeat(43) + "="),
            _ => format!("'nonce-n{i}n{i}n{i}n{i}'"),
        })
        .collect();
    let directives = [
        "default-src",
        "script-src",
        "style-src",
        "img-src",
        "font-src",
        "connect-src",
        "frame-src",
        "media-src",
        "object-src",
    ];
    let mut policy: Vec<String> = directives.iter().map(|d| format!("{d} 'self' {}", sources.join(" "))).collect();
    policy.push("base-uri 'none'".into());
    policy.join("; ")
}

/// A page of `bytes` with scripts (inline, nonced, external), handlers, styles, images, frames.
fn large_page(bytes: usize) -> String {
    let unit = "<p style=\"color: red\">Guest <b onclick=\"vote(1)\">vote</b></p>\n<script nonce=\"n3n3n3n3\">fetch('/api/votes'); eval('1')</script>\n<script src=\"https://cdn4.example.com/js/app.js\"></script>\n<img src=\"https://img.static1.example/a.png\">\n<style>p { margin: 0 }</style>\n<iframe src=\"https://frames.example/x\"></iframe>\n";
    unit.repeat(bytes / unit.len() + 1)[..bytes].to_string()
}

fn main() {
    println!("| policy | page | resources | analyze, median of 30 | p90 |");
    println!("|---|---|---|---|---|");
    for (hosts, page_bytes) in [(10, 1_000), (100, 10_000), (100, 100_000), (1_000, 100_000)] {
        let policy = large_policy(hosts);
        let page = large_page(page_bytes);
        let inputs = [PolicyInput { text: policy.clone(), disposition: Disposition::Enforce }];
        let mut times = Vec::new();
        let mut resources = 0;
        for _ in 0..30 {
            let start = Instant::now();
            let analysis = analyze(&inputs, Delivery::Header, "https://castle.example/", &page);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            resources = analysis.evaluation.results.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {:.1} KB ({} sources × 9 directives) | {:.0} KB | {resources} | {:.2} ms | {:.2} ms |",
            policy.len() as f64 / 1000.0,
            hosts + 1,
            page.len() as f64 / 1000.0,
            times[15],
            times[26]
        );
    }
}
