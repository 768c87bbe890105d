//! Salts in each library's own format, made from random bytes the caller brings (the browser's
//! `crypto.getRandomValues` in the worker): the engine never draws randomness itself.

use super::error::HashError;
use super::scheme::{Library, Scheme};

/// Werkzeug's `SALT_CHARS` and Django's `RANDOM_STRING_CHARS`: the same 62 characters.
pub const SALT_CHARS: &[u8; 62] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Werkzeug's `salt_length` default.
pub const WERKZEUG_SALT_LENGTH: usize = 16;

/// Django's: `ceil(128 / log2(62))` = 22 characters (`BasePasswordHasher.salt`).
pub const DJANGO_SALT_LENGTH: usize = 22;

/// Random bytes to pass to [`salt_for`]: enough for any scheme, rejected bytes included.
pub const RANDOM_BYTES_FOR_SALT: usize = 64;

/// A fresh salt for `scheme` from `random` (at least [`RANDOM_BYTES_FOR_SALT`] bytes): text of
/// `SALT_CHARS` for Werkzeug and Django, 16 bytes for bcrypt (`gensalt`) and argon2-cffi
/// (`DEFAULT_RANDOM_SALT_LENGTH`), nothing for an unsalted digest.
pub fn salt_for(scheme: &Scheme, random: &[u8]) -> Result<Vec<u8>, HashError> {
    match (scheme.library(), scheme) {
        (Library::Unsalted, _) => Ok(Vec::new()),
        (Library::Werkzeug, _) => text_salt(WERKZEUG_SALT_LENGTH, random),
        (Library::Django, Scheme::DjangoBcrypt { .. } | Scheme::DjangoBcryptSha256 { .. }) | (Library::Bcrypt, _) => {
            raw_salt(16, random)
        }
        (Library::Django, _) => text_salt(DJANGO_SALT_LENGTH, random),
        (Library::Argon2Cffi, _) => raw_salt(16, random),
    }
}

/// `length` characters of [`SALT_CHARS`], each as likely as `secrets.choice` makes it: a byte
/// of 248 or more is skipped so that `byte % 62` stays uniform.
pub fn text_salt(length: usize, random: &[u8]) -> Result<Vec<u8>, HashError> {
    let salt: Vec<u8> = random
        .iter()
        .filter(|b| **b < 248)
        .take(length)
        .map(|b| SALT_CHARS.get(usize::from(*b) % SALT_CHARS.len()).copied().unwrap_or(b'a'))
        .collect();
    if salt.len() < length {
        return Err(not_enough(random.len()));
    }
    Ok(salt)
}

fn raw_salt(length: usize, random: &[u8]) -> Result<Vec<u8>, HashError> {
    random.get(..length).map(<[u8]>::to_vec).ok_or_else(|| not_enough(random.len()))
}

fn not_enough(given: usize) -> HashError {
    HashError::BadSalt {
        reason: format!("{given} random bytes are not enough to make one; pass {RANDOM_BYTES_FOR_SALT}"),
    }
}
