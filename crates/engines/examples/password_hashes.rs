//! Prints hashes the passwords engine makes, as JSON, for `fixtures/make_password_fixtures.py`
//! to check with the real Werkzeug, Django, argon2-cffi and bcrypt. The salts come from fixed
//! "random" bytes through `salt_for`, as the worker makes them from the browser's.
//!
//! Run: `cargo run -p dragonproof-engines --example password_hashes`

use dragonproof_engines::passwords::{
    hash_password, salt_for, Argon2Params, Argon2Variant, BcryptPrefix, Digest, Scheme, RANDOM_BYTES_FOR_SALT,
};
use sha2::Digest as _;

fn main() {
    let argon2_low =
        Argon2Params { variant: Argon2Variant::Argon2id, version: 19, memory_kib: 256, passes: 1, lanes: 2 };
    let cases: Vec<(Scheme, String)> = vec![
        (Scheme::WERKZEUG_DEFAULT, "turnip".into()),
        (Scheme::WerkzeugPbkdf2 { digest: Digest::Sha256, iterations: 1000 }, "caf\u{e9} \u{1f409}".into()),
        (Scheme::WerkzeugScrypt { n: 1024, r: 8, p: 1 }, String::new()),
        (Scheme::DJANGO_DEFAULT, "turnip".into()),
        (Scheme::DjangoPbkdf2 { digest: Digest::Sha1, iterations: 1000 }, "caf\u{e9}".into()),
        (Scheme::DjangoArgon2(argon2_low), "turnip".into()),
        (Scheme::DjangoBcryptSha256 { prefix: BcryptPrefix::TwoB, cost: 4 }, "y".repeat(100)),
        (Scheme::DjangoBcrypt { prefix: BcryptPrefix::TwoB, cost: 4 }, "x".repeat(72)),
        (Scheme::DjangoScrypt { n: 1024, r: 8, p: 2 }, "pass$word".into()),
        (Scheme::DjangoMd5, "turnip".into()),
        (Scheme::Argon2Phc(argon2_low), "\u{1f409}".into()),
        (Scheme::Bcrypt { prefix: BcryptPrefix::TwoB, cost: 4 }, String::new()),
    ];
    let mut out = Vec::new();
    for (i, (scheme, password)) in cases.iter().enumerate() {
        let random = fixed_random(i);
        let hash = salt_for(scheme, &random).and_then(|salt| hash_password(scheme, password, &salt));
        match hash {
            Ok(hash) => out.push(serde_json::json!({
                "library": scheme.library().name(),
                "scheme": scheme.label(),
                "password": password,
                "random_hex": data_encoding::HEXLOWER.encode(&random),
                "hash": hash,
            })),
            Err(e) => {
                eprintln!("{}: {e}", scheme.label());
                std::process::exit(1);
            }
        }
    }
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
}

/// The bytes the worker would draw from the browser, fixed: SHA-256 chained from the case number.
fn fixed_random(case: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut block = sha2::Sha256::digest(case.to_le_bytes()).to_vec();
    while bytes.len() < RANDOM_BYTES_FOR_SALT {
        bytes.extend_from_slice(&block);
        block = sha2::Sha256::digest(&block).to_vec();
    }
    bytes.truncate(RANDOM_BYTES_FOR_SALT);
    bytes
}
