//! Base32 secrets (RFC 4648 §6) as pyotp makes and reads them: `random_base32()` is 32
//! characters of `A–Z2–7` (160 bits); `OTP.byte_secret` pads to a multiple of 8 with `=`,
//! decodes case-insensitively (`b32decode(secret, casefold=True)`) and wants 112 bits at least.

use data_encoding::{Encoding, Specification};

use super::error::TotpError;

/// pyotp's `min_secret_length_bits`.
pub const MIN_SECRET_BITS: usize = 112;

/// The longest secret read.
pub const SECRET_TEXT_LIMIT: usize = 1024;

/// The random bytes a fresh secret takes: 160 bits, as `random_base32()` (32 characters).
pub const SECRET_BYTES: usize = 20;

fn base32() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.padding = Some('=');
    // Python's b32decode keeps the whole bytes and ignores the leftover bits of the last symbol.
    spec.check_trailing_bits = false;
    spec.encoding().unwrap_or_else(|_| data_encoding::BASE32.clone())
}

/// A secret in `random_base32()`'s format from 20 random bytes (the browser's, in the worker):
/// exactly 32 characters of `A–Z2–7`, no padding.
pub fn secret_from_bytes(random: &[u8; SECRET_BYTES]) -> String {
    base32().encode(random)
}

/// The key bytes of a base32 secret, as `OTP.byte_secret` decodes it.
pub fn decode_secret(secret: &str) -> Result<Vec<u8>, TotpError> {
    if secret.len() > SECRET_TEXT_LIMIT {
        return Err(TotpError::SecretTooLong { length: secret.len() });
    }
    if let Some((position, character)) =
        secret.chars().enumerate().find(|(_, c)| !(c.is_ascii_alphabetic() || ('2'..='7').contains(c) || *c == '='))
    {
        return Err(TotpError::NotBase32 { character, position });
    }
    let mut padded = secret.to_ascii_uppercase();
    while padded.len() % 8 != 0 {
        padded.push('=');
    }
    let key = base32().decode(padded.as_bytes()).map_err(|_| TotpError::BadPadding { length: secret.len() })?;
    if key.len() * 8 < MIN_SECRET_BITS {
        return Err(TotpError::SecretTooShort { bits: key.len() * 8 });
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_round_trip_and_bad_ones_are_explained() {
        let secret = secret_from_bytes(&[0xa5; 20]);
        assert_eq!(secret.len(), 32);
        assert_eq!(decode_secret(&secret).unwrap(), vec![0xa5; 20]);
        assert_eq!(decode_secret(&secret.to_lowercase()).unwrap(), vec![0xa5; 20]);
        assert!(matches!(decode_secret("JBSW Y3DP"), Err(TotpError::NotBase32 { character: ' ', position: 4 })));
        assert!(matches!(decode_secret("JBSWY3DPEHPK3PXP"), Err(TotpError::SecretTooShort { bits: 80 })));
        assert!(matches!(decode_secret("A"), Err(TotpError::BadPadding { .. })));
    }
}
