//! HOTP (RFC 4226 §5) and TOTP (RFC 6238 §4) codes, as pyotp's `OTP.generate_otp` and
//! `TOTP.timecode` compute them.

use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

use super::error::TotpError;

/// The HMAC hash (RFC 6238 §1.2 allows SHA-1, SHA-256 and SHA-512).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    /// hashlib's name, as pyotp writes it (upper-cased) in a provisioning URI.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }
}

/// The first time pyotp refuses: 10000-01-01T00:00:00Z (`_TIMESTAMP_LIMIT`).
pub const TIMESTAMP_LIMIT: i64 = 253_402_300_800;

/// The HOTP code for `counter`: dynamic truncation (RFC 4226 §5.3), `digits` digits with
/// leading zeros. `digits` is 6 to 10, as pyotp allows.
pub fn hotp(key: &[u8], counter: u64, digits: u32, algorithm: Algorithm) -> Result<String, TotpError> {
    if !(6..=10).contains(&digits) {
        return Err(TotpError::Digits { digits });
    }
    let message = counter.to_be_bytes();
    let mac = match algorithm {
        Algorithm::Sha1 => mac::<hmac::Hmac<sha1::Sha1>>(key, &message),
        Algorithm::Sha256 => mac::<hmac::Hmac<sha2::Sha256>>(key, &message),
        Algorithm::Sha512 => mac::<hmac::Hmac<sha2::Sha512>>(key, &message),
    };
    let offset = usize::from(mac.last().copied().unwrap_or(0) & 0x0f);
    let bytes: [u8; 4] = mac.get(offset..offset + 4).and_then(|b| b.try_into().ok()).unwrap_or([0; 4]);
    let code = u64::from(u32::from_be_bytes(bytes) & 0x7fff_ffff);
    // pyotp: str(10_000_000_000 + (code % 10**digits))[-digits:], i.e. zero-padded.
    let value = code % 10u64.pow(digits);
    Ok(format!("{value:0width$}", width = digits as usize))
}

fn mac<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(message);
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// The time step of `unix_time` (RFC 6238 §4.2, T0 = 0): pyotp's `int(int(t) / interval)`,
/// for times from the epoch to the end of year 9999 and intervals of 1 to 120 seconds.
pub fn timecode(unix_time: i64, interval: u64) -> Result<u64, TotpError> {
    if !(1..=120).contains(&interval) {
        return Err(TotpError::Interval { seconds: interval });
    }
    if !(0..TIMESTAMP_LIMIT).contains(&unix_time) {
        return Err(TotpError::TimeOutOfRange { time: unix_time });
    }
    Ok(unix_time as u64 / interval)
}

/// A TOTP generator: pyotp's `TOTP(secret, digits=…, digest=…, interval=…)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totp {
    pub key: Vec<u8>,
    pub digits: u32,
    pub algorithm: Algorithm,
    pub interval: u64,
}

impl Totp {
    /// pyotp's defaults: 6 digits, SHA-1, 30 seconds.
    pub fn new(key: Vec<u8>) -> Totp {
        Totp { key, digits: 6, algorithm: Algorithm::Sha1, interval: 30 }
    }

    /// The code at `unix_time` (`TOTP.at`).
    pub fn at(&self, unix_time: i64) -> Result<String, TotpError> {
        self.at_step(timecode(unix_time, self.interval)?)
    }

    /// The code of time step `step`.
    pub fn at_step(&self, step: u64) -> Result<String, TotpError> {
        hotp(&self.key, step, self.digits, self.algorithm)
    }

    /// Seconds until the code at `unix_time` changes.
    pub fn seconds_left(&self, unix_time: i64) -> u64 {
        let interval = self.interval.max(1);
        interval - (unix_time.max(0) as u64 % interval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the seeds are ASCII "1234567890" repeated to the hash's size.
    #[test]
    fn rfc_6238_appendix_b() {
        let sha1 = b"12345678901234567890".to_vec();
        let sha256 = b"12345678901234567890123456789012".to_vec();
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".to_vec();
        let rows: [(i64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        for (time, a, b, c) in rows {
            for (key, algorithm, expected) in
                [(&sha1, Algorithm::Sha1, a), (&sha256, Algorithm::Sha256, b), (&sha512, Algorithm::Sha512, c)]
            {
                let totp = Totp { key: key.clone(), digits: 8, algorithm, interval: 30 };
                assert_eq!(totp.at(time).unwrap(), expected, "{time} {algorithm:?}");
            }
        }
    }

    /// RFC 4226 Appendix D.
    #[test]
    fn rfc_4226_appendix_d() {
        let expected =
            ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(b"12345678901234567890", counter as u64, 6, Algorithm::Sha1).unwrap(), *code);
        }
    }

    #[test]
    fn times_and_settings_outside_pyotps_range_are_refused() {
        assert!(timecode(-1, 30).is_err());
        assert!(timecode(TIMESTAMP_LIMIT, 30).is_err());
        assert!(timecode(TIMESTAMP_LIMIT - 1, 30).is_ok());
        assert!(timecode(0, 0).is_err() && timecode(0, 121).is_err());
        assert!(hotp(b"k", 0, 5, Algorithm::Sha1).is_err());
    }
}
