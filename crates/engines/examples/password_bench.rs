//! Native time per hash for each scheme at its library's default parameters, for BENCHMARKS.md.
//!
//! Run: `cargo run --release -p dragonproof-engines --example password_bench`

use std::time::Instant;

use dragonproof_engines::passwords::{hash_password, Scheme, PRESETS};

fn main() {
    let salt_text = b"aB3dE6gH9jK2mN5pQ8sT1v";
    let salt_raw = [7u8; 16];
    for (id, scheme) in PRESETS {
        let salt: &[u8] = match scheme {
            Scheme::Bcrypt { .. } | Scheme::DjangoBcryptSha256 { .. } | Scheme::Argon2Phc(_) => &salt_raw,
            _ => salt_text,
        };
        let runs = 3;
        let start = Instant::now();
        for _ in 0..runs {
            if let Err(e) = hash_password(&scheme, "turnip", salt) {
                println!("{id}: {e}");
            }
        }
        println!("{id:24} {:>10.1} ms", start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs));
    }
}
