//! Flask-WTF 1.3.0's CSRF protection (`flask_wtf/csrf.py`): `generate_csrf` keeps a raw token
//! (the hex SHA-1 of 64 random bytes) in the session and hands the page that token signed by
//! itsdangerous's `URLSafeTimedSerializer(SECRET_KEY, salt="wtf-csrf-token")` (the default
//! `django-concat` key derivation); `CSRFProtect.protect` checks POST, PUT, PATCH and DELETE:
//! the token (form field `csrf_token`, else the `X-CSRFToken` or `X-CSRF-Token` header),
//! signed within `WTF_CSRF_TIME_LIMIT` (3600 s) and equal to the session's, then on HTTPS
//! (`WTF_CSRF_SSL_STRICT`) a `Referer` of the same origin. A failure is `400 Bad Request` with
//! Flask-WTF's own message.

use serde_json::Value;

use crate::secrets::python_json::parse;
use crate::secrets::session_cookie::{payload_json, session_payload};
use crate::secrets::signer::{UnsignError, FLASK_WTF_CSRF};

use super::url_split::urlsplit;

/// `WTF_CSRF_TIME_LIMIT`'s default.
pub const TIME_LIMIT: u64 = 3600;

/// The methods `WTF_CSRF_METHODS` checks by default.
pub const CHECKED_METHODS: [&str; 4] = ["POST", "PUT", "PATCH", "DELETE"];

/// Why Flask-WTF refused a request, with its exact message ([`std::fmt::Display`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlaskWtfError {
    /// No token in the form or the headers.
    TokenMissing,
    /// The session has no raw token (no page with the form was ever served in this session,
    /// or the session cookie did not come).
    SessionTokenMissing,
    /// Signed longer ago than the time limit (or in the future).
    Expired,
    /// Not a token this key signed.
    Invalid,
    /// Signed, but for another session's raw token.
    DoNotMatch,
    /// HTTPS, and no `Referer`.
    ReferrerMissing,
    /// HTTPS, and the `Referer` is another origin.
    ReferrerMismatch,
}

impl std::fmt::Display for FlaskWtfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FlaskWtfError::TokenMissing => "The CSRF token is missing.",
            FlaskWtfError::SessionTokenMissing => "The CSRF session token is missing.",
            FlaskWtfError::Expired => "The CSRF token has expired.",
            FlaskWtfError::Invalid => "The CSRF token is invalid.",
            FlaskWtfError::DoNotMatch => "The CSRF tokens do not match.",
            FlaskWtfError::ReferrerMissing => "The referrer header is missing.",
            FlaskWtfError::ReferrerMismatch => "The referrer does not match the host.",
        })
    }
}

/// `generate_csrf()` for the session's raw token, signed at `timestamp`.
pub fn generate_csrf(secret_key: &[u8], raw: &str, timestamp: u64) -> String {
    let payload = session_payload(&Value::String(raw.to_string()));
    FLASK_WTF_CSRF.sign_timestamped(secret_key, &payload, timestamp)
}

/// `validate_csrf(data)` at `now`.
pub fn validate_csrf(
    data: Option<&str>,
    session_token: Option<&str>,
    secret_key: &[u8],
    time_limit: Option<u64>,
    now: u64,
) -> Result<(), FlaskWtfError> {
    let data = data.filter(|d| !d.is_empty()).ok_or(FlaskWtfError::TokenMissing)?;
    let session_token = session_token.ok_or(FlaskWtfError::SessionTokenMissing)?;
    let unsigned = match FLASK_WTF_CSRF.unsign_timestamped(data, &[secret_key], time_limit, now) {
        Ok(unsigned) => unsigned,
        Err(UnsignError::Expired { .. }) => return Err(FlaskWtfError::Expired),
        Err(_) => return Err(FlaskWtfError::Invalid),
    };
    // A good signature over a payload that does not load is itsdangerous's BadPayload, which
    // is BadData too: "invalid".
    let json = payload_json(unsigned.value).map_err(|_| FlaskWtfError::Invalid)?;
    match parse(&json) {
        Ok(Value::String(token)) if constant_time_eq(token.as_bytes(), session_token.as_bytes()) => Ok(()),
        Ok(_) => Err(FlaskWtfError::DoNotMatch),
        Err(_) => Err(FlaskWtfError::Invalid),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // As hmac.compare_digest: the time does not depend on where they differ.
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A request as `CSRFProtect.protect` reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaskRequest<'a> {
    /// `GET`, `POST`…
    pub method: &'a str,
    /// `request.is_secure`: it came over HTTPS.
    pub secure: bool,
    /// `request.host`: `bank.example` (with `:port` when not the default).
    pub host: &'a str,
    /// The `Referer` header.
    pub referrer: Option<&'a str>,
    /// The form's `csrf_token` field.
    pub form_token: Option<&'a str>,
    /// The `X-CSRFToken` header.
    pub header_token: Option<&'a str>,
    /// The raw token in the session (`session["csrf_token"]`), when the session cookie came.
    pub session_token: Option<&'a str>,
}

/// `CSRFProtect.protect()` with the default settings, at `now`.
pub fn protect(request: &FlaskRequest, secret_key: &[u8], now: u64) -> Result<(), FlaskWtfError> {
    if !CHECKED_METHODS.contains(&request.method) {
        return Ok(());
    }
    let token = request.form_token.filter(|t| !t.is_empty()).or(request.header_token.filter(|t| !t.is_empty()));
    validate_csrf(token, request.session_token, secret_key, Some(TIME_LIMIT), now)?;
    if request.secure {
        let referrer = request.referrer.filter(|r| !r.is_empty()).ok_or(FlaskWtfError::ReferrerMissing)?;
        if !same_origin(referrer, &format!("https://{}/", request.host)) {
            return Err(FlaskWtfError::ReferrerMismatch);
        }
    }
    Ok(())
}

/// Flask-WTF's `same_origin`: `urlparse`'s scheme, hostname and port all equal (a default port
/// written out, `:443`, is not equal to none).
pub fn same_origin(current: &str, compare: &str) -> bool {
    match (urlsplit(current), urlsplit(compare)) {
        (Some(a), Some(b)) => {
            // A port Python cannot read raises ValueError: the request fails either way.
            let (Ok(pa), Ok(pb)) = (a.port(), b.port()) else { return false };
            a.scheme == b.scheme && a.hostname() == b.hostname() && pa == pb
        }
        _ => false,
    }
}
