//! Checking a code: pyotp's `TOTP.verify(otp, for_time=…, valid_window=…)` (stateless: a code
//! works again and again within its window), pyotp's `verify_and_get_timecode` with the
//! application keeping the last timecode (what pyotp's docs advise against reuse), and
//! django-otp 1.7's `TOTPDevice.verify_token` (tolerance 1, `last_t`, drift, throttling).

use serde::{Deserialize, Serialize};

use super::error::TotpError;
use super::hotp::{hotp, timecode, Algorithm, Totp};

/// pyotp's `utils.strings_equal`: false past 1024 characters; both sides NFKC-normalised,
/// which here is done only for full-width digits (U+FF10–U+FF19), the one normalisation a
/// code of digits can meet.
fn strings_equal(given: &str, expected: &str) -> bool {
    if given.chars().count() > 1024 {
        return false;
    }
    let normal: String = given
        .chars()
        .map(|c| match c {
            '\u{ff10}'..='\u{ff19}' => char::from(b'0' + (c as u32 - 0xff10) as u8),
            other => other,
        })
        .collect();
    normal == expected
}

/// pyotp's `verify`: the code of the current step, or of any step within `valid_window` of it.
pub fn pyotp_verify(totp: &Totp, code: &str, unix_time: i64, valid_window: u32) -> Result<bool, TotpError> {
    Ok(pyotp_matching_timecode(totp, code, unix_time, valid_window)?.is_some())
}

/// pyotp's `verify_and_get_timecode`: the step whose code matched, if one did. Steps before 0
/// are skipped (pyotp would raise for them).
pub fn pyotp_matching_timecode(
    totp: &Totp,
    code: &str,
    unix_time: i64,
    valid_window: u32,
) -> Result<Option<u64>, TotpError> {
    let now = timecode(unix_time, totp.interval)?;
    let window = i128::from(valid_window.min(100));
    for offset in -window..=window {
        let Ok(step) = u64::try_from(i128::from(now) + offset) else {
            continue;
        };
        if strings_equal(code, &totp.at_step(step)?) {
            return Ok(Some(step));
        }
    }
    Ok(None)
}

/// An application on pyotp that stores the last accepted timecode and refuses any code whose
/// step is not later, as pyotp's `verify_and_get_timecode` documentation suggests.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PyotpLogin {
    pub last_timecode: Option<u64>,
}

impl PyotpLogin {
    /// Verifies and remembers.
    pub fn verify(&mut self, totp: &Totp, code: &str, unix_time: i64, valid_window: u32) -> Result<bool, TotpError> {
        match pyotp_matching_timecode(totp, code, unix_time, valid_window)? {
            Some(step) if self.last_timecode.is_none_or(|last| step > last) => {
                self.last_timecode = Some(step);
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

/// django-otp's `MAX_THROTTLE_DELAY_SECONDS`: a hundred years.
pub const MAX_THROTTLE_DELAY_SECONDS: f64 = 365.0 * 100.0 * 86_400.0;

/// django-otp's `TOTPDevice` fields that verification reads and writes (its defaults in
/// [`TotpDevice::new`]). HMAC-SHA1 only, as `django_otp.oath.hotp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotpDevice {
    pub key: Vec<u8>,
    pub step: u64,
    pub t0: i64,
    pub digits: u32,
    pub tolerance: u32,
    pub drift: i64,
    /// The step of the last verified token; only later steps verify.
    pub last_t: i64,
    /// `OTP_TOTP_THROTTLE_FACTOR` (1): the n-th failure in a row waits factor·2^(n−1) seconds.
    pub throttle_factor: u32,
    pub throttling_failure_count: u32,
    pub throttling_failure_timestamp: Option<f64>,
}

/// What `verify_token` decided.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum DeviceAnswer {
    Verified,
    Refused,
    /// Too soon after failures: refused without looking at the code (and without counting it).
    Throttled {
        wait_seconds: f64,
    },
}

impl TotpDevice {
    /// A device with django-otp's defaults: step 30, t0 0, 6 digits, tolerance 1, drift 0,
    /// last_t −1, throttle factor 1.
    pub fn new(key: Vec<u8>) -> TotpDevice {
        TotpDevice {
            key,
            step: 30,
            t0: 0,
            digits: 6,
            tolerance: 1,
            drift: 0,
            last_t: -1,
            throttle_factor: 1,
            throttling_failure_count: 0,
            throttling_failure_timestamp: None,
        }
    }

    /// `verify_token(token)` at `now` (Unix seconds), with `OTP_TOTP_SYNC = True` (the default).
    pub fn verify_token(&mut self, token: &str, now: f64) -> DeviceAnswer {
        if self.throttle_factor > 0 && self.throttling_failure_count > 0 {
            if let Some(failed_at) = self.throttling_failure_timestamp {
                let exponent = i32::try_from(self.throttling_failure_count - 1).unwrap_or(i32::MAX).min(1000);
                let required = (f64::from(self.throttle_factor) * 2f64.powi(exponent)).min(MAX_THROTTLE_DELAY_SECONDS);
                let waited = now - failed_at;
                if waited < required {
                    return DeviceAnswer::Throttled { wait_seconds: required - waited };
                }
            }
        }
        let verified = match python_int(token) {
            Some(token) => self.match_token(token, now),
            None => false,
        };
        if verified {
            self.throttling_failure_count = 0;
            self.throttling_failure_timestamp = None;
            DeviceAnswer::Verified
        } else {
            self.throttling_failure_count = self.throttling_failure_count.saturating_add(1);
            self.throttling_failure_timestamp = Some(now);
            DeviceAnswer::Refused
        }
    }

    /// `oath.TOTP.verify(token, tolerance, min_t=last_t + 1)`; on a match `last_t` and `drift`
    /// take the matching step's values.
    fn match_token(&mut self, token: i128, now: f64) -> bool {
        if self.step == 0 || !now.is_finite() {
            return false;
        }
        let base = (now.trunc() as i64).saturating_sub(self.t0).div_euclid(self.step as i64);
        let tolerance = i64::from(self.tolerance.min(100));
        for offset in -tolerance..=tolerance {
            let drift = self.drift.saturating_add(offset);
            let t = base.saturating_add(drift);
            if t < self.last_t.saturating_add(1) {
                continue;
            }
            let Ok(counter) = u64::try_from(t) else {
                continue;
            };
            let Ok(code) = hotp(&self.key, counter, self.digits, Algorithm::Sha1) else {
                return false;
            };
            if code.parse::<i128>().ok() == Some(token) {
                self.last_t = t;
                self.drift = drift;
                return true;
            }
        }
        false
    }

    /// The code the device expects now, as django-otp's `TOTP.token()` (an int; shown padded).
    pub fn token_at(&self, now: i64) -> Option<String> {
        let step = i64::try_from(self.step).ok().filter(|s| *s > 0)?;
        let t = now.saturating_sub(self.t0).div_euclid(step).saturating_add(self.drift);
        hotp(&self.key, u64::try_from(t).ok()?, self.digits, Algorithm::Sha1).ok()
    }
}

/// Python's `int(token)` for ASCII: surrounding whitespace, a sign, digits with single `_`
/// between them (so `" 012345 "` and `"12_345"` are numbers, as django-otp reads them).
pub fn python_int(text: &str) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || digits.len() > 38
    {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i128 = clean.parse().ok()?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Vec<u8> {
        b"12345678901234567890".to_vec()
    }

    #[test]
    fn django_otp_refuses_a_code_already_used_and_takes_one_step_of_drift() {
        let mut device = TotpDevice::new(key());
        // oath.py's doctest: at t=30 the token is 287082, the next step's 359152.
        assert_eq!(device.verify_token("287082", 30.0), DeviceAnswer::Verified);
        assert_eq!(device.last_t, 1);
        assert_eq!(device.verify_token("287082", 31.0), DeviceAnswer::Refused);
        assert!(matches!(device.verify_token("359152", 31.5), DeviceAnswer::Throttled { .. }));
        assert_eq!(device.verify_token(" 359152 ", 33.0), DeviceAnswer::Verified);
        assert_eq!((device.last_t, device.drift), (2, 1));
    }

    #[test]
    fn pyotp_verify_takes_a_code_again_and_again() {
        let totp = Totp::new(key());
        assert!(pyotp_verify(&totp, "287082", 30, 0).unwrap());
        assert!(pyotp_verify(&totp, "287082", 59, 0).unwrap());
        assert!(!pyotp_verify(&totp, "287082", 60, 0).unwrap());
        assert!(pyotp_verify(&totp, "287082", 60, 1).unwrap());
        assert!(pyotp_verify(&totp, "\u{ff12}87082", 30, 0).unwrap());
        let mut login = PyotpLogin::default();
        assert!(login.verify(&totp, "287082", 30, 1).unwrap());
        assert!(!login.verify(&totp, "287082", 31, 1).unwrap());
    }

    #[test]
    fn python_int_reads_what_int_reads() {
        assert_eq!(python_int(" 012345\n"), Some(12345));
        assert_eq!(python_int("12_345"), Some(12345));
        assert_eq!(python_int("1__2"), None);
        assert_eq!(python_int("12a"), None);
        assert_eq!(python_int(""), None);
        assert_eq!(python_int("-5"), Some(-5));
    }
}
