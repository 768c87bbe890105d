//! Reading a pasted hash: which library wrote it, with which parameters, salt and key.

use data_encoding::HEXLOWER_PERMISSIVE;
use serde::{Deserialize, Serialize};

use super::bcrypt_string;
use super::django;
use super::error::HashError;
use super::phc;
use super::scheme::Scheme;
use super::werkzeug;

/// The longest text read as a hash. Django's `password` column is 128 characters; a PHC string
/// with a long salt stays well under this.
pub const HASH_TEXT_LIMIT: usize = 1024;

/// A stored hash taken apart: the scheme with its parameters, the salt's bytes, the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedHash {
    pub scheme: Scheme,
    /// The bytes the scheme mixes in: a text salt's UTF-8, or a PHC or bcrypt salt decoded.
    pub salt: Vec<u8>,
    /// The derived key the string records.
    pub digest: Vec<u8>,
}

/// Reads any stored hash this sandbox knows. Surrounding whitespace (a paste's newline) is
/// ignored; everything else must be as the library wrote it.
///
/// ```
/// use dragonproof_engines::passwords::{parse_hash, Scheme};
/// let parsed = parse_hash("pbkdf2_sha256$1500000$abc$Zm9v").unwrap_err();
/// assert!(parsed.to_string().contains("32 bytes"));
/// ```
pub fn parse_hash(text: &str) -> Result<ParsedHash, HashError> {
    if text.len() > HASH_TEXT_LIMIT {
        return Err(HashError::TooLong { length: text.len(), limit: HASH_TEXT_LIMIT });
    }
    let text = text.trim();
    if text.starts_with("$argon2") {
        let (params, salt, digest) = phc::parse(text)?;
        return Ok(ParsedHash { scheme: Scheme::Argon2Phc(params), salt, digest });
    }
    if text.starts_with("$2") {
        let (prefix, cost, salt, digest) = bcrypt_string::parse(text)?;
        return Ok(ParsedHash {
            scheme: Scheme::Bcrypt { prefix, cost },
            salt: salt.to_vec(),
            digest: digest.to_vec(),
        });
    }
    if !text.contains('$') {
        return parse_bare_digest(text);
    }
    let algorithm = text.split('$').next().unwrap_or("");
    let werkzeug = algorithm.starts_with("scrypt:")
        || algorithm.starts_with("pbkdf2:")
        || algorithm == "pbkdf2"
        // Werkzeug's bare `scrypt$salt$hash` has three fields, Django's `scrypt$N$salt$r$p$hash` six.
        || (algorithm == "scrypt" && text.split('$').count() == 3);
    if werkzeug {
        werkzeug::parse(text)
    } else {
        django::parse(algorithm, text)
    }
}

/// A bare hex digest: 32 characters for MD5, 64 for SHA-256.
fn parse_bare_digest(text: &str) -> Result<ParsedHash, HashError> {
    let scheme = match text.len() {
        32 => Scheme::UnsaltedMd5,
        64 => Scheme::UnsaltedSha256,
        _ => return Err(HashError::UnknownScheme { start: text.chars().take(24).collect() }),
    };
    let digest = HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .map_err(|_| HashError::UnknownScheme { start: text.chars().take(24).collect() })?;
    Ok(ParsedHash { scheme, salt: Vec::new(), digest })
}

/// A whole number written in ASCII digits (at most 20 of them).
pub(crate) fn number(field: &'static str, text: &str) -> Result<u64, HashError> {
    let shown = || text.chars().take(24).collect::<String>();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HashError::NotANumber { field, text: shown() });
    }
    text.parse::<u64>().map_err(|_| HashError::OutOfRange {
        field,
        value: u64::MAX,
        reason: format!("\"{}\" is more than any library accepts", shown()),
    })
}
