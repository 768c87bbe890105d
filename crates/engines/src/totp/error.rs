//! What can go wrong with a TOTP secret, time or code, in words.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a secret, time or setting cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TotpError {
    /// A character that is not in base32's alphabet (A–Z, 2–7).
    NotBase32 { character: char, position: usize },
    /// A length base32 cannot have, or `=` padding in the wrong place.
    BadPadding { length: usize },
    /// Fewer than 112 bits after decoding (pyotp's `min_secret_length_bits`).
    SecretTooShort { bits: usize },
    /// A secret longer than any authenticator app takes.
    SecretTooLong { length: usize },
    /// pyotp takes 6 to 10 digits; django-otp 6 or 8.
    Digits { digits: u32 },
    /// pyotp takes an interval of 1 to 120 seconds.
    Interval { seconds: u64 },
    /// pyotp takes times from the Unix epoch to the end of year 9999.
    TimeOutOfRange { time: i64 },
}

impl fmt::Display for TotpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TotpError::NotBase32 { character, position } => write!(
                f,
                "{character:?} at position {position} is not base32: a secret uses only the letters A to Z and the digits 2 to 7 (no spaces, no 0, 1, 8 or 9)."
            ),
            TotpError::BadPadding { length } => write!(
                f,
                "A base32 secret cannot be {length} characters long (pyotp raises \"Incorrect padding\"): a character is missing or extra."
            ),
            TotpError::SecretTooShort { bits } => write!(
                f,
                "This secret is {bits} bits; pyotp needs at least 112 (NIST SP 800-63B), and random_base32() makes 160."
            ),
            TotpError::SecretTooLong { length } => write!(f, "A secret of {length} characters is longer than this sandbox reads (1024)."),
            TotpError::Digits { digits } => write!(f, "{digits} digits: pyotp makes codes of 6 to 10 digits, django-otp 6 or 8."),
            TotpError::Interval { seconds } => {
                write!(f, "An interval of {seconds} s: pyotp takes 1 to 120 seconds (a new code at least every two minutes).")
            }
            TotpError::TimeOutOfRange { time } => write!(
                f,
                "{time} is outside the times pyotp takes: from the Unix epoch (0) to the end of year 9999 (253402300799)."
            ),
        }
    }
}

impl std::error::Error for TotpError {}
