//! The schemes a learner can pick or paste, with their parameters, and the derivation each
//! runs: the bytes that go into the stored string.

use md5::Digest as _;
use serde::{Deserialize, Serialize};

use super::bcrypt_string::{self, BcryptPrefix};
use super::django;
use super::error::HashError;
use super::kdf::{self, Argon2Params, Argon2Variant, Digest};
use super::werkzeug;

/// Which library writes and reads a scheme's strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Library {
    /// Werkzeug 3.1 (`generate_password_hash`, `check_password_hash`), what Flask apps use.
    Werkzeug,
    /// Django's `make_password` and `check_password` (`django.contrib.auth.hashers`).
    Django,
    /// argon2-cffi's `PasswordHasher` (a bare PHC string).
    Argon2Cffi,
    /// pyca/bcrypt's `hashpw` and `checkpw`.
    Bcrypt,
    /// A bare digest: what an app that "hashes" with `hashlib.md5(password)` stores.
    Unsalted,
}

impl Library {
    /// The library's name as a learner knows it.
    pub fn name(self) -> &'static str {
        match self {
            Library::Werkzeug => "Werkzeug",
            Library::Django => "Django",
            Library::Argon2Cffi => "argon2-cffi",
            Library::Bcrypt => "bcrypt",
            Library::Unsalted => "no library (a bare digest)",
        }
    }
}

/// A password-hashing scheme with its parameters, exactly as its stored string records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scheme {
    /// Werkzeug `scrypt:N:r:p` (default `scrypt:32768:8:1`), 64-byte key as hex.
    WerkzeugScrypt { n: u64, r: u32, p: u32 },
    /// Werkzeug `pbkdf2:<hash>:<iterations>` (default `pbkdf2:sha256:1000000`), key as hex.
    WerkzeugPbkdf2 { digest: Digest, iterations: u32 },
    /// Django `pbkdf2_sha256` (6.1: 1,500,000 iterations) or `pbkdf2_sha1`, key in base64.
    DjangoPbkdf2 { digest: Digest, iterations: u32 },
    /// Django `argon2`: argon2-cffi's PHC string after `argon2` (m=102400, t=2, p=8).
    DjangoArgon2(Argon2Params),
    /// Django `bcrypt_sha256`: bcrypt of the SHA-256 hex digest (cost 12), so no 72-byte cut.
    DjangoBcryptSha256 { prefix: BcryptPrefix, cost: u32 },
    /// Django `bcrypt`: bcrypt of the password itself (bcrypt 5 refuses past 72 bytes).
    DjangoBcrypt { prefix: BcryptPrefix, cost: u32 },
    /// Django `scrypt` (N=16384, r=8, p=5), 64-byte key in base64.
    DjangoScrypt { n: u64, r: u32, p: u32 },
    /// Django `md5`: one MD5 of salt + password. Fast: an attacker's favourite.
    DjangoMd5,
    /// argon2-cffi `PasswordHasher` (default argon2id m=65536, t=3, p=4).
    Argon2Phc(Argon2Params),
    /// pyca/bcrypt `hashpw` (`$2b$12$…`).
    Bcrypt { prefix: BcryptPrefix, cost: u32 },
    /// A bare MD5 hex digest, no salt.
    UnsaltedMd5,
    /// A bare SHA-256 hex digest, no salt.
    UnsaltedSha256,
}

/// Django's default pbkdf2_sha256 iterations, by release (`PBKDF2PasswordHasher.iterations`).
pub const DJANGO_6_1_PBKDF2_ITERATIONS: u32 = 1_500_000;
/// Django 6.0's figure.
pub const DJANGO_6_0_PBKDF2_ITERATIONS: u32 = 1_200_000;
/// Django 5.2 LTS's figure.
pub const DJANGO_5_2_PBKDF2_ITERATIONS: u32 = 1_000_000;

impl Scheme {
    /// Werkzeug's default, `scrypt:32768:8:1`.
    pub const WERKZEUG_DEFAULT: Scheme = Scheme::WerkzeugScrypt { n: 32768, r: 8, p: 1 };
    /// Werkzeug's `pbkdf2` with its defaults, `pbkdf2:sha256:1000000`.
    pub const WERKZEUG_PBKDF2: Scheme = Scheme::WerkzeugPbkdf2 { digest: Digest::Sha256, iterations: 1_000_000 };
    /// Django 6.1's default hasher.
    pub const DJANGO_DEFAULT: Scheme =
        Scheme::DjangoPbkdf2 { digest: Digest::Sha256, iterations: DJANGO_6_1_PBKDF2_ITERATIONS };
    /// Django's `PBKDF2SHA1PasswordHasher` (same iteration count as the default).
    pub const DJANGO_PBKDF2_SHA1: Scheme =
        Scheme::DjangoPbkdf2 { digest: Digest::Sha1, iterations: DJANGO_6_1_PBKDF2_ITERATIONS };
    /// Django's `Argon2PasswordHasher`: argon2id, m=102400 KiB, t=2, p=8.
    pub const DJANGO_ARGON2: Scheme = Scheme::DjangoArgon2(Argon2Params {
        variant: Argon2Variant::Argon2id,
        version: 19,
        memory_kib: 102_400,
        passes: 2,
        lanes: 8,
    });
    /// Django's `BCryptSHA256PasswordHasher`: `bcrypt.gensalt(12)`, so `$2b$12$`.
    pub const DJANGO_BCRYPT_SHA256: Scheme = Scheme::DjangoBcryptSha256 { prefix: BcryptPrefix::TwoB, cost: 12 };
    /// Django's `ScryptPasswordHasher`: N=2^14, r=8, p=5.
    pub const DJANGO_SCRYPT: Scheme = Scheme::DjangoScrypt { n: 16384, r: 8, p: 5 };
    /// argon2-cffi 25.1's `PasswordHasher()` (RFC 9106's low-memory profile).
    pub const ARGON2_CFFI_DEFAULT: Scheme = Scheme::Argon2Phc(Argon2Params {
        variant: Argon2Variant::Argon2id,
        version: 19,
        memory_kib: 65_536,
        passes: 3,
        lanes: 4,
    });
    /// bcrypt's `gensalt()` default cost, 12.
    pub const BCRYPT_DEFAULT: Scheme = Scheme::Bcrypt { prefix: BcryptPrefix::TwoB, cost: 12 };

    /// The library whose strings this scheme is.
    pub fn library(&self) -> Library {
        match self {
            Scheme::WerkzeugScrypt { .. } | Scheme::WerkzeugPbkdf2 { .. } => Library::Werkzeug,
            Scheme::DjangoPbkdf2 { .. }
            | Scheme::DjangoArgon2(_)
            | Scheme::DjangoBcryptSha256 { .. }
            | Scheme::DjangoBcrypt { .. }
            | Scheme::DjangoScrypt { .. }
            | Scheme::DjangoMd5 => Library::Django,
            Scheme::Argon2Phc(_) => Library::Argon2Cffi,
            Scheme::Bcrypt { .. } => Library::Bcrypt,
            Scheme::UnsaltedMd5 | Scheme::UnsaltedSha256 => Library::Unsalted,
        }
    }

    /// The scheme's short name as its string starts: `scrypt:32768:8:1`, `pbkdf2_sha256`, …
    pub fn label(&self) -> String {
        match self {
            Scheme::WerkzeugScrypt { .. } | Scheme::WerkzeugPbkdf2 { .. } => werkzeug::method(self),
            Scheme::DjangoPbkdf2 { digest, .. } => format!("pbkdf2_{}", digest.name()),
            Scheme::DjangoArgon2(_) => "argon2".into(),
            Scheme::DjangoBcryptSha256 { .. } => "bcrypt_sha256".into(),
            Scheme::DjangoBcrypt { .. } => "bcrypt".into(),
            Scheme::DjangoScrypt { .. } => "scrypt".into(),
            Scheme::DjangoMd5 => "md5".into(),
            Scheme::Argon2Phc(params) => params.variant.name().into(),
            Scheme::Bcrypt { prefix, .. } => format!("bcrypt {}", prefix.text()),
            Scheme::UnsaltedMd5 => "unsalted MD5".into(),
            Scheme::UnsaltedSha256 => "unsalted SHA-256".into(),
        }
    }

    /// Whether the scheme mixes a per-user salt in.
    pub fn is_salted(&self) -> bool {
        !matches!(self, Scheme::UnsaltedMd5 | Scheme::UnsaltedSha256)
    }

    /// The bytes the scheme's string records for `password` and `salt` (the salt's own bytes:
    /// a text salt's UTF-8, a PHC or bcrypt salt decoded). Library rules apply first:
    /// Werkzeug's and Django's scrypt memory limits, bcrypt 5's 72 bytes, Argon2's 8-byte salt.
    pub fn derive(&self, password: &str, salt: &[u8]) -> Result<Vec<u8>, HashError> {
        let pw = password.as_bytes();
        match *self {
            Scheme::WerkzeugScrypt { n, r, p } => {
                werkzeug::check_scrypt_memory(n, r, p)?;
                kdf::scrypt(pw, salt, n, r, p, 64)
            }
            // hashlib.pbkdf2_hmac's default dklen is the digest size.
            Scheme::WerkzeugPbkdf2 { digest, iterations } | Scheme::DjangoPbkdf2 { digest, iterations } => {
                kdf::pbkdf2(digest, pw, salt, iterations, digest.size())
            }
            Scheme::DjangoScrypt { n, r, p } => {
                django::check_scrypt_memory(n, r, p)?;
                kdf::scrypt(pw, salt, n, r, p, 64)
            }
            // argon2-cffi's DEFAULT_HASH_LENGTH, which Django also uses.
            Scheme::DjangoArgon2(params) | Scheme::Argon2Phc(params) => kdf::argon2(pw, salt, params, 32),
            Scheme::DjangoBcryptSha256 { cost, .. } => {
                // Django hashes first "to prevent password truncation as described in #20138":
                // bcrypt gets the 64-character hex of SHA-256, never the password itself.
                let hex = data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(pw));
                bcrypt_string::derive(hex.as_bytes(), cost, salt).map(|d| d.to_vec())
            }
            Scheme::DjangoBcrypt { cost, .. } | Scheme::Bcrypt { cost, .. } => {
                bcrypt_string::derive(pw, cost, salt).map(|d| d.to_vec())
            }
            Scheme::DjangoMd5 => {
                let mut md5 = md5::Md5::new();
                md5.update(salt);
                md5.update(pw);
                Ok(md5.finalize().to_vec())
            }
            Scheme::UnsaltedMd5 => Ok(md5::Md5::digest(pw).to_vec()),
            Scheme::UnsaltedSha256 => Ok(sha2::Sha256::digest(pw).to_vec()),
        }
    }
}
