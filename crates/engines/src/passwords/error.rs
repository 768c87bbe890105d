//! What can go wrong reading or computing a password hash, in words a learner can act on.

use std::fmt;

use serde::Serialize;

/// Why a hash could not be read or computed. Every variant says what to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum HashError {
    /// The text is longer than any stored hash, so it was not read.
    TooLong { length: usize, limit: usize },
    /// No known library writes hashes that start like this.
    UnknownScheme { start: String },
    /// The string has the wrong number of `$`-separated (or `:`-separated) fields.
    FieldCount { scheme: &'static str, expected: usize, found: usize, layout: &'static str },
    /// A number field (iterations, cost, memory) is not a plain whole number.
    NotANumber { field: &'static str, text: String },
    /// A parameter is outside what the library accepts.
    OutOfRange { field: &'static str, value: u64, reason: String },
    /// The work asked for is more than this sandbox will do in a browser tab.
    TooMuchWork { what: String },
    /// The memory asked for is more than this sandbox will allocate.
    TooMuchMemory { bytes: u64, limit: u64, library: String },
    /// A field that must be base64 (or hex, or bcrypt's base64) is not.
    BadEncoding { field: &'static str, encoding: &'static str, detail: String },
    /// The salt is not one the library would accept or write.
    BadSalt { reason: String },
    /// The password is one the library refuses (bcrypt 5 past 72 bytes).
    BadPassword { reason: String },
    /// pbkdf2's inner hash is not one this sandbox knows.
    UnknownDigest { name: String },
    /// The browser could not give the memory the hash needs.
    OutOfMemory { bytes: u64 },
}

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HashError::TooLong { length, limit } => write!(
                f,
                "This is {length} characters long; a stored password hash is under {limit}. Paste only the hash column's value."
            ),
            HashError::UnknownScheme { start } => write!(
                f,
                "No scheme this sandbox knows starts with \"{start}\". Werkzeug hashes start with \"scrypt:\" or \"pbkdf2:\", Django's with \"pbkdf2_sha256$\", \"argon2$\", \"bcrypt_sha256$\" or \"scrypt$\", argon2-cffi's with \"$argon2id$\", bcrypt's with \"$2b$\"."
            ),
            HashError::FieldCount { scheme, expected, found, layout } => write!(
                f,
                "A {scheme} hash has {expected} fields ({layout}); this one has {found}. Check that nothing was cut off or pasted twice."
            ),
            HashError::NotANumber { field, text } => {
                write!(f, "The {field} must be a whole number written in digits; \"{text}\" is not.")
            }
            HashError::OutOfRange { field, value, reason } => write!(f, "A {field} of {value} cannot be used: {reason}."),
            HashError::TooMuchWork { what } => write!(f, "{what} This sandbox stops there so your browser tab stays usable."),
            HashError::TooMuchMemory { bytes, limit, library } => write!(
                f,
                "This needs {} MiB of memory; {library} stops at {} MiB. Lower the memory cost (or N and r).",
                bytes.div_ceil(1 << 20),
                limit / (1 << 20)
            ),
            HashError::BadEncoding { field, encoding, detail } => {
                write!(f, "The {field} is not valid {encoding}: {detail}. A copy-paste may have changed a character.")
            }
            HashError::BadSalt { reason } => write!(f, "The salt cannot be used: {reason}."),
            HashError::BadPassword { reason } => write!(f, "{reason}"),
            HashError::UnknownDigest { name } => write!(
                f,
                "\"{name}\" is not a hash this sandbox knows for pbkdf2; use sha256 (or sha1, sha224, sha384, sha512)."
            ),
            HashError::OutOfMemory { bytes } => write!(
                f,
                "The browser could not give the {} MiB this hash needs. Close other tabs or lower the memory cost.",
                bytes.div_ceil(1 << 20)
            ),
        }
    }
}

impl std::error::Error for HashError {}
