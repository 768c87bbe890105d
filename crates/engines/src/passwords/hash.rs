//! Making a stored string and checking a password against one: `generate_password_hash` /
//! `make_password` and `check_password_hash` / `check_password`, for every scheme here.

use data_encoding::HEXLOWER;
use serde::Serialize;

use super::advice::{judge, Judgement};
use super::bcrypt_string;
use super::django;
use super::error::HashError;
use super::parse::{parse_hash, ParsedHash};
use super::phc;
use super::scheme::{Library, Scheme};

/// The string `scheme`'s library stores for `password` with `salt` (the salt's bytes: see
/// [`super::salt_for`]), byte for byte.
///
/// ```
/// use dragonproof_engines::passwords::{hash_password, Scheme, Digest};
/// let scheme = Scheme::WerkzeugPbkdf2 { digest: Digest::Sha256, iterations: 1000 };
/// assert!(hash_password(&scheme, "turnip", b"abcdefghijklmnop").unwrap().starts_with("pbkdf2:sha256:1000$abcdefghijklmnop$"));
/// ```
pub fn hash_password(scheme: &Scheme, password: &str, salt: &[u8]) -> Result<String, HashError> {
    match scheme.library() {
        Library::Werkzeug | Library::Django if !is_bcrypt(scheme) => {
            if std::str::from_utf8(salt).is_err() {
                return Err(HashError::BadSalt { reason: "a Werkzeug or Django salt is text".into() });
            }
            django::check_salt(salt)?;
        }
        _ => {}
    }
    let digest = scheme.derive(password, salt)?;
    Ok(match scheme.library() {
        Library::Werkzeug => super::werkzeug::encode(scheme, salt, &digest),
        Library::Django => django::encode(scheme, salt, &digest),
        Library::Argon2Cffi => match scheme {
            Scheme::Argon2Phc(params) => phc::encode(params, salt, &digest),
            _ => String::new(),
        },
        Library::Bcrypt => match scheme {
            Scheme::Bcrypt { prefix, cost } => bcrypt_string::encode(*prefix, *cost, salt, &digest),
            _ => String::new(),
        },
        Library::Unsalted => HEXLOWER.encode(&digest),
    })
}

fn is_bcrypt(scheme: &Scheme) -> bool {
    matches!(scheme, Scheme::DjangoBcrypt { .. } | Scheme::DjangoBcryptSha256 { .. })
}

/// Whether `password` is the one `parsed` was made from (the key compared in constant time).
pub fn verify(password: &str, parsed: &ParsedHash) -> Result<bool, HashError> {
    let derived = parsed.scheme.derive(password, &parsed.salt)?;
    Ok(constant_time_eq(&derived, &parsed.digest))
}

/// A pasted hash checked against a password: what it is, whether it matches, how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub parsed: ParsedHash,
    pub matches: bool,
    pub judgement: Judgement,
}

/// Reads `stored`, verifies `password` against it and judges its scheme.
pub fn check(password: &str, stored: &str) -> Result<Check, HashError> {
    let parsed = parse_hash(stored)?;
    let matches = verify(password, &parsed)?;
    let judgement = judge(&parsed.scheme);
    Ok(Check { parsed, matches, judgement })
}

/// Equal bytes, compared without stopping at the first difference (as `hmac.compare_digest`).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
