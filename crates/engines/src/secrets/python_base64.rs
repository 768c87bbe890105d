//! Base64 as itsdangerous reads and writes it: URL-safe, padding stripped on the way out, and on
//! the way in Python's forgiving `binascii.a2b_base64` (non-strict mode), so that a cookie the
//! real Flask accepts is accepted here and one it refuses is refused, for the same reason.
//!
//! `itsdangerous.encoding.base64_decode` drops non-ASCII characters (`errors="ignore"`), pads with
//! `=` to a multiple of four *counting every character*, maps `-`/`_` to `+`/`/`, then CPython
//! skips characters outside the alphabet, stops at a complete `=` pad, ignores the unused low bits
//! of the last character, and fails with "Incorrect padding" when a quad is left incomplete.

use std::fmt;

/// Why Python would refuse to decode a base64 string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// One data character more than a multiple of four: no bytes could encode to that.
    OneCharacterTooMany {
        /// The data characters CPython counts in its message.
        data_characters: usize,
    },
    /// The last group of data characters is incomplete and the padding does not complete it.
    IncorrectPadding,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base64Error::OneCharacterTooMany { data_characters } => write!(
                f,
                "not valid base64: {data_characters} letters is one more than a multiple of four, \
                 which no bytes encode to (a character was added or removed)"
            ),
            Base64Error::IncorrectPadding => f.write_str(
                "not valid base64: the last group of letters is incomplete (Python says \
                 \"Incorrect padding\"; a character was probably added or removed)",
            ),
        }
    }
}

impl std::error::Error for Base64Error {}

/// `base64.urlsafe_b64encode(data).rstrip(b"=")`, as `itsdangerous.encoding.base64_encode`.
pub fn encode_unpadded(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

/// `itsdangerous.encoding.base64_decode`: see the module documentation for every rule.
pub fn decode_forgiving(text: &str) -> Result<Vec<u8>, Base64Error> {
    // `want_bytes(s, encoding="ascii", errors="ignore")` drops non-ASCII characters first, and
    // the padding is computed from what is left, junk characters included.
    let ascii: Vec<u8> = text.bytes().filter(u8::is_ascii).collect();
    let pad = (4 - ascii.len() % 4) % 4;
    decode_a2b(ascii.iter().copied().chain(std::iter::repeat_n(b'=', pad)), true)
}

/// `base64.b64decode(text)` with the standard alphabet (Flask's `TagBytes` uses it), forgiving
/// like CPython's non-strict `a2b_base64`, without itsdangerous's extra padding.
pub fn decode_standard(text: &str) -> Result<Vec<u8>, Base64Error> {
    decode_a2b(text.bytes(), false)
}

/// CPython's `binascii.a2b_base64(strict_mode=False)` (Modules/binascii.c), after
/// `urlsafe_b64decode`'s translation of `-_` to `+/` when `url_safe`.
fn decode_a2b(input: impl Iterator<Item = u8>, url_safe: bool) -> Result<Vec<u8>, Base64Error> {
    let mut out = Vec::new();
    let mut quad_pos = 0u8;
    let mut left: u8 = 0;
    let mut pads = 0u8;
    for byte in input {
        if byte == b'=' {
            // A pad after at least two data characters that completes the quad ends the data;
            // anything after it is ignored. Other pads are skipped.
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(value) = sextet(byte, url_safe) else {
            continue;
        };
        pads = 0;
        match quad_pos {
            0 => {
                left = value;
                quad_pos = 1;
            }
            1 => {
                out.push((left << 2) | (value >> 4));
                left = value & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push((left << 4) | (value >> 2));
                left = value & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push((left << 6) | value);
                left = 0;
                quad_pos = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(Base64Error::OneCharacterTooMany { data_characters: out.len() / 3 * 4 + 1 }),
        _ => Err(Base64Error::IncorrectPadding),
    }
}

/// The value of one base64 character; `+` and `/` stay valid after the URL-safe translation,
/// exactly as in Python.
fn sextet(byte: u8, url_safe: bool) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        b'-' if url_safe => Some(62),
        b'_' if url_safe => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_without_padding() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = encode_unpadded(&data);
            assert!(!text.contains('='));
            assert_eq!(decode_forgiving(&text), Ok(data));
        }
    }

    #[test]
    fn ignores_the_unused_bits_of_the_last_character_as_python_does() {
        // "QQ" and "QR" both decode to b"A" in Python: the low four bits of the last
        // character are not data.
        assert_eq!(decode_forgiving("QQ"), Ok(b"A".to_vec()));
        assert_eq!(decode_forgiving("QR"), Ok(b"A".to_vec()));
    }

    #[test]
    fn junk_characters_are_skipped_but_count_for_the_padding() {
        assert_eq!(decode_forgiving("QQ!"), Err(Base64Error::IncorrectPadding));
        assert_eq!(decode_forgiving("Q!Q!"), Err(Base64Error::IncorrectPadding));
        assert_eq!(decode_forgiving("QUJD!"), Ok(b"ABC".to_vec()));
        assert_eq!(decode_forgiving("QUJDQ"), Err(Base64Error::OneCharacterTooMany { data_characters: 5 }));
        // A complete pad ends the data: what follows is ignored.
        assert_eq!(decode_forgiving("QQ==QUJD"), Ok(b"A".to_vec()));
    }
}
