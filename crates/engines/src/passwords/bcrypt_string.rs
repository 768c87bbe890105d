//! bcrypt's modular-crypt string, `$2b$12$` + 22 characters of salt + 31 of hash, in bcrypt's
//! own base64 alphabet (`./A-Za-z0-9`), and pyca/bcrypt 5's rules for the password.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::error::HashError;
use super::kdf;

/// The bytes bcrypt reads of a password (the C original's `BCRYPT_MAXKEYLEN` less its NUL).
pub const PASSWORD_LIMIT: usize = 72;

/// The version letters after `$2`. pyca/bcrypt computes the same hash for all four and writes
/// back the prefix it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BcryptPrefix {
    TwoA,
    TwoB,
    TwoX,
    TwoY,
}

impl BcryptPrefix {
    /// `$2b$`.
    pub fn text(self) -> &'static str {
        match self {
            BcryptPrefix::TwoA => "$2a$",
            BcryptPrefix::TwoB => "$2b$",
            BcryptPrefix::TwoX => "$2x$",
            BcryptPrefix::TwoY => "$2y$",
        }
    }
}

/// The 23 stored bytes for `password` with bcrypt 5's rule: a password over 72 bytes is an
/// error (`ValueError: password cannot be longer than 72 bytes`), where bcrypt 4 cut it
/// silently. The key is the password and its terminating NUL, at most 72 bytes in all.
pub fn derive(password: &[u8], cost: u32, salt: &[u8]) -> Result<[u8; 23], HashError> {
    if password.len() > PASSWORD_LIMIT {
        return Err(HashError::BadPassword {
            reason: format!(
                "This password is {} bytes; bcrypt 5 refuses more than 72 (\"password cannot be longer than 72 bytes\"), and bcrypt 4 silently ignored the rest. Django's bcrypt_sha256 hashes with SHA-256 first, so any length works there.",
                password.len()
            ),
        });
    }
    let salt: [u8; 16] = salt
        .try_into()
        .map_err(|_| HashError::BadSalt { reason: format!("bcrypt's salt is 16 bytes, not {}", salt.len()) })?;
    let mut key = password.to_vec();
    if key.len() < PASSWORD_LIMIT {
        key.push(0);
    }
    kdf::bcrypt(&key, cost, salt)
}

/// `$2b$12$<salt><hash>`; the cost is written with two digits.
pub fn encode(prefix: BcryptPrefix, cost: u32, salt: &[u8], hash: &[u8]) -> String {
    format!("{}{cost:02}${}{}", prefix.text(), bcrypt::BASE_64.encode(salt), bcrypt::BASE_64.encode(hash))
}

/// Reads `$2b$12$<53 characters>`: prefix, cost, 16 salt bytes, 23 hash bytes.
pub fn parse(text: &str) -> Result<(BcryptPrefix, u32, [u8; 16], [u8; 23]), HashError> {
    let fields: Vec<&str> = text.split('$').collect();
    let ["", version, cost, data] = fields.as_slice() else {
        return Err(HashError::FieldCount {
            scheme: "bcrypt",
            expected: 4,
            found: fields.len(),
            layout: "$2b$cost$salt and hash",
        });
    };
    let prefix = match *version {
        "2a" => BcryptPrefix::TwoA,
        "2b" => BcryptPrefix::TwoB,
        "2x" => BcryptPrefix::TwoX,
        "2y" => BcryptPrefix::TwoY,
        other => {
            return Err(HashError::UnknownScheme { start: format!("${}$", other.chars().take(8).collect::<String>()) })
        }
    };
    if cost.len() != 2 || !cost.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HashError::NotANumber { field: "bcrypt cost (two digits)", text: cost.chars().take(20).collect() });
    }
    let cost: u32 = cost.parse().unwrap_or(0);
    if data.len() != 53 || !data.is_ascii() {
        return Err(HashError::BadEncoding {
            field: "salt and hash",
            encoding: "bcrypt base64",
            detail: format!("they are 53 characters (22 of salt, 31 of hash), not {}", data.chars().count()),
        });
    }
    let (salt_text, hash_text) = data.split_at(22);
    let mut salt = [0u8; 16];
    let mut hash = [0u8; 23];
    // A salt whose last character carries stray bits is refused, as bcrypt's "Invalid salt".
    let decode = |field: &'static str, text: &str, out: &mut [u8]| {
        bcrypt::BASE_64.decode_slice(text, out).map_err(|e| HashError::BadEncoding {
            field,
            encoding: "bcrypt base64",
            detail: e.to_string(),
        })
    };
    decode("salt", salt_text, &mut salt)?;
    decode("hash", hash_text, &mut hash)?;
    Ok((prefix, cost, salt, hash))
}
