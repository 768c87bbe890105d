//! Native time per hash for each scheme at its library's default parameters, and the fast
//! digests' guessing rate (the lab's cost table), for BENCHMARKS.md.
//!
//! Run: `cargo run --release -p dragonproof-engines --example password_bench`

use std::time::Instant;

use dragonproof_engines::passwords::{guess_batch, hash_password, FastHash, Scheme, PRESETS};

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
    // The lab's measurement: a batch of 8-letter guesses that cannot match, each digest twice
    // in turn, so a slow first round (a cold cache) shows.
    for round in 1..=2 {
        for hash in [FastHash::Md5, FastHash::Sha256] {
            let target = hash.digest(b"no-match!");
            let count = 3_000_000;
            let start = Instant::now();
            let tried = guess_batch(hash, &target, 0, count).tried;
            let rate = f64::from(tried) / start.elapsed().as_secs_f64();
            println!("guesses, {hash:?}, round {round}: {:>6.1} million a second", rate / 1e6);
        }
    }
}
