//! The TOTP sandbox: RFC 6238 codes (HOTP, RFC 4226) as pyotp computes them, base32 secrets in
//! pyotp's format from the caller's random bytes, the `otpauth://` URI exactly as pyotp writes
//! it, its QR code, and verification as pyotp's `verify` and django-otp's `TOTPDevice` do it.
//!
//! Times and randomness are inputs: the engine reads no clock and draws nothing.

mod error;
mod hotp;
mod secret;
mod uri;

pub use error::TotpError;
pub use hotp::{hotp, timecode, Algorithm, Totp, TIMESTAMP_LIMIT};
pub use secret::{decode_secret, secret_from_bytes, MIN_SECRET_BITS, SECRET_BYTES};
pub use uri::provisioning_uri;
mod qr;
mod sandbox;
mod verify;

pub use qr::{qr_svg, QrSvg, BORDER as QR_BORDER};
pub use sandbox::{Attempt, TotpEnv, TotpOutcome, TotpSandbox, TotpState, Verifier, WINDOW_LIMIT};
pub use verify::{pyotp_matching_timecode, pyotp_verify, python_int, DeviceAnswer, PyotpLogin, TotpDevice};

#[cfg(test)]
mod tests;
