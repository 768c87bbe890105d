//! itsdangerous 2.2.0's `Signer` and `TimestampSigner` with SHA-1, the digest Flask sessions and
//! Flask-WTF tokens use: key derivation, `value.timestamp.signature`, and unsigning with several
//! keys, newest first, with itsdangerous's own error messages.

use std::fmt;

use hmac::{KeyInit, Mac};
use sha1::{Digest, Sha1};

use super::python_base64::{decode_forgiving, encode_unpadded};

type HmacSha1 = hmac::Hmac<Sha1>;

/// How itsdangerous turns a secret key and a salt into the HMAC key (`Signer.derive_key`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyDerivation {
    /// `hmac.new(secret_key, salt, sha1).digest()`: what Flask's session interface asks for.
    Hmac,
    /// `sha1(salt + b"signer" + secret_key).digest()`: itsdangerous's default, which Flask-WTF
    /// gets because it passes no `key_derivation`.
    DjangoConcat,
}

/// One itsdangerous signer: a salt and how the key is derived from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signer<'a> {
    /// The salt (`cookie-session` for Flask sessions, `wtf-csrf-token` for Flask-WTF).
    pub salt: &'a str,
    /// The key derivation.
    pub derivation: KeyDerivation,
}

/// Flask 3.1's `SecureCookieSessionInterface` signer.
pub const FLASK_SESSION: Signer<'static> = Signer { salt: "cookie-session", derivation: KeyDerivation::Hmac };

/// Flask-WTF 1.3's `URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token")`.
pub const FLASK_WTF_CSRF: Signer<'static> = Signer { salt: "wtf-csrf-token", derivation: KeyDerivation::DjangoConcat };

/// Why a timestamped value did not unsign, in itsdangerous's words (`str(exc)`), plus what the
/// value carried when it was readable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnsignError {
    /// `BadSignature("No b'.' found in value")`.
    NoSeparator,
    /// `BadTimeSignature("Signature b'…' does not match")`: no key made this signature.
    SignatureMismatch {
        /// The signature part, as given.
        signature: String,
        /// The signing time it claims, when readable (`date_signed`).
        claimed_timestamp: Option<u64>,
        /// Whether there was a timestamp part at all (itsdangerous raises the plain
        /// `BadSignature` when not, `BadTimeSignature` when so).
        timestamp_part: bool,
    },
    /// `BadTimeSignature("timestamp missing")`.
    TimestampMissing,
    /// `BadTimeSignature("Malformed timestamp")`.
    MalformedTimestamp,
    /// `SignatureExpired("Signature age N > M seconds")` or `"... < 0 seconds"`.
    Expired {
        /// Seconds between signing and now (negative: signed in the future).
        age: i64,
        /// The maximum age allowed.
        max_age: u64,
    },
}

impl UnsignError {
    /// The itsdangerous exception class raised.
    pub fn itsdangerous_class(&self) -> &'static str {
        match self {
            UnsignError::NoSeparator | UnsignError::SignatureMismatch { timestamp_part: false, .. } => "BadSignature",
            UnsignError::SignatureMismatch { .. } | UnsignError::TimestampMissing | UnsignError::MalformedTimestamp => {
                "BadTimeSignature"
            }
            UnsignError::Expired { .. } => "SignatureExpired",
        }
    }

    /// The message itsdangerous puts in the exception, character for character.
    pub fn itsdangerous_message(&self) -> String {
        match self {
            UnsignError::NoSeparator => "No b'.' found in value".to_string(),
            UnsignError::SignatureMismatch { signature, .. } => {
                format!("Signature {} does not match", python_bytes_repr(signature.as_bytes()))
            }
            UnsignError::TimestampMissing => "timestamp missing".to_string(),
            UnsignError::MalformedTimestamp => "Malformed timestamp".to_string(),
            UnsignError::Expired { age, .. } if *age < 0 => {
                format!("Signature age {age} < 0 seconds")
            }
            UnsignError::Expired { age, max_age } => {
                format!("Signature age {age} > {max_age} seconds")
            }
        }
    }
}

impl fmt::Display for UnsignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnsignError::NoSeparator => f.write_str("there is no '.' in it, so it carries no signature"),
            UnsignError::SignatureMismatch { .. } => {
                f.write_str("the signature does not match: none of the keys signed this value (or a character changed)")
            }
            UnsignError::TimestampMissing => f.write_str("the signing time is missing"),
            UnsignError::MalformedTimestamp => f.write_str("the signing time is not a valid timestamp"),
            UnsignError::Expired { age, .. } if *age < 0 => {
                write!(f, "it was signed {} seconds in the future", age.unsigned_abs())
            }
            UnsignError::Expired { age, max_age } => {
                write!(f, "it is too old: signed {age} seconds ago, the limit is {max_age}")
            }
        }
    }
}

impl std::error::Error for UnsignError {}

/// A successfully unsigned value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsigned<'v> {
    /// The payload part (still base64, as signed).
    pub value: &'v str,
    /// The signing time, seconds since the epoch.
    pub timestamp: u64,
    /// Which key verified it: an index into the keys given, oldest first.
    pub key_index: usize,
}

impl Signer<'_> {
    /// `Signer.derive_key(secret_key)`.
    pub fn derive_key(&self, secret_key: &[u8]) -> [u8; 20] {
        match self.derivation {
            KeyDerivation::Hmac => {
                let mut mac = hmac_sha1(secret_key);
                mac.update(self.salt.as_bytes());
                mac.finalize().into_bytes().into()
            }
            KeyDerivation::DjangoConcat => {
                let mut hash = Sha1::new();
                hash.update(self.salt.as_bytes());
                hash.update(b"signer");
                hash.update(secret_key);
                hash.finalize().into()
            }
        }
    }

    /// The raw 20-byte signature of `value` under a derived key.
    pub fn raw_signature(derived_key: &[u8; 20], value: &[u8]) -> [u8; 20] {
        let mut mac = hmac_sha1(derived_key);
        mac.update(value);
        mac.finalize().into_bytes().into()
    }

    /// `TimestampSigner.sign(value)` at `timestamp`: `value.ts.sig`.
    pub fn sign_timestamped(&self, secret_key: &[u8], value: &str, timestamp: u64) -> String {
        let signed = format!("{value}.{}", encode_timestamp(timestamp));
        let signature = Self::raw_signature(&self.derive_key(secret_key), signed.as_bytes());
        format!("{signed}.{}", encode_unpadded(&signature))
    }

    /// `TimestampSigner.unsign(signed, max_age)` with the keys oldest first (itsdangerous tries
    /// the newest first), at time `now`. The first error itsdangerous would raise is returned.
    pub fn unsign_timestamped<'v, K: AsRef<[u8]>>(
        &self,
        signed: &'v str,
        keys: &[K],
        max_age: Option<u64>,
        now: u64,
    ) -> Result<Unsigned<'v>, UnsignError> {
        let (signed_part, signature) = signed.rsplit_once('.').ok_or(UnsignError::NoSeparator)?;
        let key_index = self.matching_key(signed_part, signature, keys);
        // As TimestampSigner.unsign: even with a bad signature, the timestamp is read so that
        // the error can say when the value claims it was signed.
        let Some((value, ts_text)) = signed_part.rsplit_once('.') else {
            return Err(match key_index {
                None => UnsignError::SignatureMismatch {
                    signature: signature.to_string(),
                    claimed_timestamp: None,
                    timestamp_part: false,
                },
                Some(_) => UnsignError::TimestampMissing,
            });
        };
        let timestamp = decode_timestamp(ts_text);
        let Some(key_index) = key_index else {
            // `timestamp_to_datetime` fails past the year 9999, and itsdangerous then reports
            // the malformed timestamp instead of the signature.
            if timestamp.is_some_and(|ts| ts > LAST_DATETIME) {
                return Err(UnsignError::MalformedTimestamp);
            }
            return Err(UnsignError::SignatureMismatch {
                signature: signature.to_string(),
                claimed_timestamp: timestamp,
                timestamp_part: true,
            });
        };
        let timestamp = timestamp.ok_or(UnsignError::MalformedTimestamp)?;
        if let Some(max_age) = max_age {
            let age = i128::from(now) - i128::from(timestamp);
            let clamp = |a: i128| i64::try_from(a).unwrap_or(if a < 0 { i64::MIN } else { i64::MAX });
            if age > i128::from(max_age) || age < 0 {
                return Err(UnsignError::Expired { age: clamp(age), max_age });
            }
        }
        Ok(Unsigned { value, timestamp, key_index })
    }

    /// Which key (index, oldest first) signed `signed_part` with `signature`; itsdangerous tries
    /// them newest first, and a signature that is not base64 matches none.
    pub fn matching_key<K: AsRef<[u8]>>(&self, signed_part: &str, signature: &str, keys: &[K]) -> Option<usize> {
        let given = decode_forgiving(signature).ok()?;
        (0..keys.len()).rev().find(|&i| {
            let Some(key) = keys.get(i) else { return false };
            let mut mac = hmac_sha1(&self.derive_key(key.as_ref()));
            mac.update(signed_part.as_bytes());
            // Constant-time, as hmac.compare_digest.
            mac.verify_slice(&given).is_ok()
        })
    }
}

/// 9999-12-31T23:59:59Z, the last second Python's `datetime` can hold.
const LAST_DATETIME: u64 = 253_402_300_799;

fn hmac_sha1(key: &[u8]) -> HmacSha1 {
    // HMAC takes a key of any length (longer ones are hashed first): this cannot fail.
    match HmacSha1::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => <HmacSha1 as KeyInit>::new(&Default::default()),
    }
}

/// `base64_encode(int_to_bytes(ts))`: big-endian without leading zero bytes.
pub fn encode_timestamp(timestamp: u64) -> String {
    let bytes = timestamp.to_be_bytes();
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    encode_unpadded(bytes.get(first..).unwrap_or_default())
}

/// `bytes_to_int(base64_decode(ts))`; `None` where itsdangerous's `except Exception` would
/// swallow an error (bad base64, more than eight bytes).
pub fn decode_timestamp(text: &str) -> Option<u64> {
    let bytes = decode_forgiving(text).ok()?;
    if bytes.len() > 8 {
        return None;
    }
    Some(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// Python's `repr(bytes)` for the error messages: `b'…'`, or `b"…"` when it holds `'` only.
pub fn python_bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if char::from(b) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
    out
}
