//! A scheme judged against the OWASP Password Storage Cheat Sheet's figures (docs/passwords.md
//! records them): Argon2id at least 19 MiB with t=2, p=1 (or an equal trade of memory for
//! passes), scrypt N=2^17, r=8, p=1 (or its equal rows), bcrypt cost 10 or more, PBKDF2-HMAC-SHA256
//! 600,000 iterations (SHA-1 1,300,000, SHA-512 210,000).

use serde::{Deserialize, Serialize};

use super::kdf::{Argon2Variant, Digest};
use super::scheme::{Library, Scheme};

/// The cheat sheet's Argon2id rows: (memory KiB, passes), each with p=1.
pub const OWASP_ARGON2ID: [(u32, u32); 5] = [(47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5)];
/// The cheat sheet's scrypt rows: (N, r, p).
pub const OWASP_SCRYPT: [(u64, u32, u32); 5] =
    [(1 << 17, 8, 1), (1 << 16, 8, 2), (1 << 15, 8, 3), (1 << 14, 8, 5), (1 << 13, 8, 10)];
/// bcrypt's minimum work factor.
pub const OWASP_BCRYPT_COST: u32 = 10;
/// PBKDF2-HMAC-SHA256's minimum iterations.
pub const OWASP_PBKDF2_SHA256: u32 = 600_000;
/// PBKDF2-HMAC-SHA1's.
pub const OWASP_PBKDF2_SHA1: u32 = 1_300_000;
/// PBKDF2-HMAC-SHA512's.
pub const OWASP_PBKDF2_SHA512: u32 = 210_000;

/// How a scheme stands against today's advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// At or above the cheat sheet's figures.
    MeetsAdvice,
    /// A slow, salted scheme, but with parameters under today's figures.
    BelowAdvice,
    /// Fast or unsalted: an attacker with the database tries billions of guesses a second.
    Broken,
}

/// The verdict, why, and the code that does better in Flask and in Django.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    pub flask_fix: String,
    pub django_fix: String,
}

/// The Flask code that meets the advice: Werkzeug's default `scrypt:32768:8:1` is under
/// OWASP's N=2^17, so the method is written out.
pub const FLASK_FIX: &str = "from werkzeug.security import generate_password_hash, check_password_hash\n\n\
user.password_hash = generate_password_hash(password, method=\"scrypt:131072:8:1\")\n\
# at login:\nif check_password_hash(user.password_hash, password): ...";

/// The Django setting that meets the advice; `User.check_password` rehashes a weaker stored
/// hash with the first hasher at the next successful login.
pub const DJANGO_FIX: &str = "# settings.py (pip install django[argon2])\nPASSWORD_HASHERS = [\n    \
\"django.contrib.auth.hashers.Argon2PasswordHasher\",\n    \
\"django.contrib.auth.hashers.PBKDF2PasswordHasher\",\n    \
\"django.contrib.auth.hashers.ScryptPasswordHasher\",\n]\n\
# make_password(password) hashes with the first; check_password(password, encoded) reads all,\n\
# and a login with an older hash stores it again with the first.";

/// Judges `scheme` against the cheat sheet.
pub fn judge(scheme: &Scheme) -> Judgement {
    let (verdict, reasons) = match *scheme {
        Scheme::UnsaltedMd5 | Scheme::UnsaltedSha256 => (
            Verdict::Broken,
            vec![
                "No salt: two users with one password share one hash, and a precomputed table cracks both at once.".to_string(),
                "One fast digest: a graphics card tries billions of guesses a second.".to_string(),
            ],
        ),
        Scheme::DjangoMd5 => (
            Verdict::Broken,
            vec!["Salted, but one MD5: a graphics card still tries billions of guesses a second. Django keeps MD5PasswordHasher for tests only.".to_string()],
        ),
        Scheme::WerkzeugPbkdf2 { digest, iterations } | Scheme::DjangoPbkdf2 { digest, iterations } => pbkdf2(digest, iterations),
        Scheme::WerkzeugScrypt { n, r, p } | Scheme::DjangoScrypt { n, r, p } => {
            if OWASP_SCRYPT.iter().any(|&(rn, rr, rp)| n >= rn && r >= rr && p >= rp) {
                (Verdict::MeetsAdvice, vec![format!("scrypt N={n}, r={r}, p={p} meets one of OWASP's rows (N=2^17, r=8, p=1 or an equal trade).")])
            } else {
                (Verdict::BelowAdvice, vec![format!("scrypt N={n}, r={r}, p={p} is under OWASP's N=2^17, r=8, p=1 (or N=2^16 with p=2, 2^15 with p=3, 2^14 with p=5, 2^13 with p=10).")])
            }
        }
        Scheme::DjangoArgon2(params) | Scheme::Argon2Phc(params) => {
            let memory_ok = OWASP_ARGON2ID.iter().any(|&(m, t)| params.memory_kib >= m && params.passes >= t);
            let mut reasons = Vec::new();
            if params.variant != Argon2Variant::Argon2id {
                reasons.push(format!("{} is not Argon2id, the variant OWASP (and RFC 9106) recommends.", params.variant.name()));
            }
            if memory_ok {
                reasons.push(format!("m={} KiB, t={} meets OWASP's 19 MiB with t=2 (or an equal trade).", params.memory_kib, params.passes));
            } else {
                reasons.push(format!("m={} KiB, t={} is under OWASP's 19 MiB (19,456 KiB) with t=2, or 46 MiB with t=1.", params.memory_kib, params.passes));
            }
            if params.version != 0x13 {
                reasons.push("Argon2 1.0 (v=16) has a known weakness fixed in 1.3 (v=19).".to_string());
            }
            let good = memory_ok && params.variant == Argon2Variant::Argon2id && params.version == 0x13;
            (if good { Verdict::MeetsAdvice } else { Verdict::BelowAdvice }, reasons)
        }
        Scheme::DjangoBcryptSha256 { cost, .. } | Scheme::DjangoBcrypt { cost, .. } | Scheme::Bcrypt { cost, .. } => {
            let mut reasons = vec![if cost >= OWASP_BCRYPT_COST {
                format!("bcrypt cost {cost} meets OWASP's 10 or more.")
            } else {
                format!("bcrypt cost {cost} is under OWASP's 10.")
            }];
            if !matches!(scheme, Scheme::DjangoBcryptSha256 { .. }) {
                reasons.push("bcrypt reads at most 72 bytes of a password; bcrypt 5 refuses longer ones.".to_string());
            }
            (if cost >= OWASP_BCRYPT_COST { Verdict::MeetsAdvice } else { Verdict::BelowAdvice }, reasons)
        }
    };
    let mut reasons = reasons;
    if scheme.library() == Library::Werkzeug && *scheme == Scheme::WERKZEUG_DEFAULT {
        reasons.push("This is Werkzeug 3.1's default, which is under OWASP's scrypt figure.".to_string());
    }
    Judgement { verdict, reasons, flask_fix: FLASK_FIX.to_string(), django_fix: DJANGO_FIX.to_string() }
}

fn pbkdf2(digest: Digest, iterations: u32) -> (Verdict, Vec<String>) {
    let (minimum, named) = match digest {
        Digest::Sha1 => (OWASP_PBKDF2_SHA1, true),
        Digest::Sha512 => (OWASP_PBKDF2_SHA512, true),
        Digest::Sha256 => (OWASP_PBKDF2_SHA256, true),
        Digest::Sha224 | Digest::Sha384 => (OWASP_PBKDF2_SHA256, false),
    };
    let name = digest.name().to_uppercase();
    let mut reasons = vec![if iterations >= minimum {
        format!("PBKDF2-HMAC-{name} with {iterations} iterations meets OWASP's {minimum}.")
    } else {
        format!("PBKDF2-HMAC-{name} with {iterations} iterations is under OWASP's {minimum}.")
    }];
    if !named {
        reasons.push(format!("OWASP gives no figure for {name}; this uses SHA-256's."));
    }
    (if iterations >= minimum { Verdict::MeetsAdvice } else { Verdict::BelowAdvice }, reasons)
}
