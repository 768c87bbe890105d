//! Flask 3.1.3's session cookie (`SecureCookieSessionInterface` over itsdangerous 2.2.0's
//! `URLSafeTimedSerializer`): `payload.timestamp.signature`, where the payload is Flask's tagged
//! JSON, zlib-compressed behind a `.` when that is shorter, in unpadded URL-safe base64.
//!
//! Anyone can read a session cookie: it is signed, not encrypted. [`SessionCookie::decode`]
//! shows what a learner (or an attacker) reads without the key; [`SessionCookie::verify`]
//! decides as Flask's `open_session` does; [`sign_session`] makes one Flask accepts.

use serde_json::Value;

use super::python_base64::{decode_forgiving, encode_unpadded, Base64Error};
use super::python_json::{dumps_sorted_ascii, parse, JsonError};
use super::signer::{decode_timestamp, UnsignError, FLASK_SESSION};
use super::tagged_json::{untag, SessionValue, UntagError};

/// Flask's default `PERMANENT_SESSION_LIFETIME`, 31 days, which `open_session` passes as
/// `max_age` for every session cookie, permanent or not.
pub const FLASK_MAX_AGE: u64 = 31 * 24 * 60 * 60;

/// The longest cookie text the workbench reads. Browsers keep about 4 KB per cookie; this leaves
/// room for pasted experiments and keeps a 1 MB paste from costing anything.
pub const MAX_COOKIE_LEN: usize = 64 * 1024;

/// The most a compressed payload may inflate to (a zlib bomb answers with a message).
pub const MAX_INFLATED_LEN: usize = 1024 * 1024;

/// Why a payload cannot be read; `BadPayload` in itsdangerous, an empty session in Flask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadError {
    /// The payload is not base64.
    Base64(Base64Error),
    /// The `.` prefix promises zlib, and the bytes are not a zlib stream.
    Zlib(String),
    /// Inflating would pass [`MAX_INFLATED_LEN`].
    TooLargeInflated,
    /// The bytes are not UTF-8 text.
    NotUtf8,
    /// The text is not JSON.
    Json(JsonError),
    /// Flask's tags could not be read.
    Tag(UntagError),
}

impl std::fmt::Display for PayloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PayloadError::Base64(e) => write!(f, "the payload is {e}"),
            PayloadError::Zlib(why) => {
                write!(f, "the payload starts with '.', which means zlib-compressed, but it does not inflate: {why}")
            }
            PayloadError::TooLargeInflated => {
                write!(f, "the payload inflates to more than {MAX_INFLATED_LEN} bytes; not reading further")
            }
            PayloadError::NotUtf8 => f.write_str("the payload's bytes are not UTF-8 text, so they cannot be JSON"),
            PayloadError::Json(e) => write!(f, "the payload is {e}"),
            PayloadError::Tag(e) => write!(f, "the payload's Flask tags cannot be read: {e}"),
        }
    }
}

impl std::error::Error for PayloadError {}

/// Why the workbench cannot even split a cookie into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CookieShapeError {
    /// Nothing was pasted.
    Empty,
    /// Longer than [`MAX_COOKIE_LEN`].
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// Fewer than three `.`-separated parts.
    MissingParts,
}

impl std::fmt::Display for CookieShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CookieShapeError::Empty => f.write_str("paste a session cookie: three parts separated by dots"),
            CookieShapeError::TooLong { len } => write!(
                f,
                "this is {len} bytes; a browser keeps at most 4096 per cookie and the workbench reads up to {MAX_COOKIE_LEN}"
            ),
            CookieShapeError::MissingParts => f.write_str(
                "a Flask session cookie has three parts separated by dots (payload.timestamp.signature); this has fewer",
            ),
        }
    }
}

impl std::error::Error for CookieShapeError {}

/// A session cookie split into its parts, as read without any key.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionCookie<'c> {
    /// The payload part, with its `.` prefix when compressed.
    pub payload: &'c str,
    /// Whether the payload is zlib-compressed (the `.` prefix).
    pub compressed: bool,
    /// The timestamp part.
    pub timestamp_text: &'c str,
    /// The signing time, seconds since the epoch, when readable.
    pub signed_at: Option<u64>,
    /// The signature part.
    pub signature: &'c str,
    /// The JSON text inside, or why it could not be read.
    pub json: Result<String, PayloadError>,
    /// The session as the view sees it, or why Flask would fail to read it.
    pub session: Result<SessionValue, PayloadError>,
}

/// What Flask's `open_session` makes of a cookie: the session it hands the view, or an empty one
/// and why.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Verified and read.
    Valid {
        /// The session.
        session: SessionValue,
        /// When it was signed.
        signed_at: u64,
        /// Which key verified it, oldest first: the last is `SECRET_KEY`, earlier ones are
        /// `SECRET_KEY_FALLBACKS` in order.
        key_index: usize,
    },
    /// `BadSignature` or one of its subclasses: Flask silently starts an empty session.
    Rejected(Rejection),
}

/// Why Flask would start an empty session instead.
#[derive(Clone, Debug, PartialEq)]
pub enum Rejection {
    /// The cookie's shape.
    Shape(CookieShapeError),
    /// Signature or time.
    Unsign(UnsignError),
    /// A good signature over an unreadable payload.
    Payload(PayloadError),
}

/// What the Flask view gets for a cookie.
#[derive(Clone, Debug, PartialEq)]
pub enum FlaskResponse<'v> {
    /// The session, as read.
    Session(&'v SessionValue),
    /// `open_session` caught `BadSignature`: an empty session, no error shown anywhere.
    EmptySession,
    /// `open_session` raised (itsdangerous's `BadPayload` is not a `BadSignature`, and a
    /// payload that is not an object cannot become the session dict): a 500 Internal Server
    /// Error, on every request, until the cookie is gone.
    ServerError,
}

impl Verdict {
    /// What Flask's view gets.
    pub fn flask_response(&self) -> FlaskResponse<'_> {
        match self {
            Verdict::Valid { session: session @ SessionValue::Dict(_), .. } => FlaskResponse::Session(session),
            Verdict::Valid { .. } | Verdict::Rejected(Rejection::Payload(_)) => FlaskResponse::ServerError,
            Verdict::Rejected(_) => FlaskResponse::EmptySession,
        }
    }
}

impl Rejection {
    /// The itsdangerous exception class.
    pub fn itsdangerous_class(&self) -> &'static str {
        match self {
            Rejection::Shape(_) => "BadSignature",
            Rejection::Unsign(e) => e.itsdangerous_class(),
            Rejection::Payload(_) => "BadPayload",
        }
    }

    /// The message of the exception itsdangerous raises, as Python's `str(exc)` gives it.
    pub fn itsdangerous_message(&self) -> String {
        match self {
            Rejection::Shape(CookieShapeError::MissingParts) | Rejection::Shape(CookieShapeError::Empty) => {
                // Not reachable from Flask for an empty cookie (it skips it); with one '.' the
                // signature mismatches or the timestamp is missing, decided by unsign.
                "No b'.' found in value".to_string()
            }
            Rejection::Shape(CookieShapeError::TooLong { .. }) => "too long".to_string(),
            Rejection::Unsign(e) => e.itsdangerous_message(),
            Rejection::Payload(PayloadError::Base64(_)) => {
                "Could not base64 decode the payload because of an exception".to_string()
            }
            Rejection::Payload(PayloadError::Zlib(_)) | Rejection::Payload(PayloadError::TooLargeInflated) => {
                "Could not zlib decompress the payload before decoding the payload".to_string()
            }
            Rejection::Payload(_) => {
                "Could not load the payload because an exception occurred on unserializing the data.".to_string()
            }
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Shape(e) => e.fmt(f),
            Rejection::Unsign(e) => e.fmt(f),
            Rejection::Payload(e) => e.fmt(f),
        }
    }
}

impl<'c> SessionCookie<'c> {
    /// Splits and reads a cookie without any key, as anyone holding it can.
    pub fn decode(cookie: &'c str) -> Result<Self, CookieShapeError> {
        if cookie.is_empty() {
            return Err(CookieShapeError::Empty);
        }
        if cookie.len() > MAX_COOKIE_LEN {
            return Err(CookieShapeError::TooLong { len: cookie.len() });
        }
        let (rest, signature) = cookie.rsplit_once('.').ok_or(CookieShapeError::MissingParts)?;
        let (payload, timestamp_text) = rest.rsplit_once('.').ok_or(CookieShapeError::MissingParts)?;
        let json = payload_json(payload);
        let session = json.clone().and_then(|text| read_session(&text));
        Ok(SessionCookie {
            payload,
            compressed: payload.starts_with('.'),
            timestamp_text,
            signed_at: decode_timestamp(timestamp_text),
            signature,
            json,
            session,
        })
    }

    /// Flask's `open_session`: `URLSafeTimedSerializer(keys, salt="cookie-session",
    /// key_derivation="hmac").loads(cookie, max_age)` at time `now`, with `keys` oldest first
    /// (`SECRET_KEY_FALLBACKS` then `SECRET_KEY`, as Flask builds the list).
    pub fn verify<K: AsRef<[u8]>>(cookie: &str, keys: &[K], now: u64, max_age: u64) -> Verdict {
        if cookie.len() > MAX_COOKIE_LEN {
            return Verdict::Rejected(Rejection::Shape(CookieShapeError::TooLong { len: cookie.len() }));
        }
        let unsigned = match FLASK_SESSION.unsign_timestamped(cookie, keys, Some(max_age), now) {
            Ok(u) => u,
            Err(e) => return Verdict::Rejected(Rejection::Unsign(e)),
        };
        match payload_json(unsigned.value).and_then(|text| read_session(&text)) {
            Ok(session) => Verdict::Valid { session, signed_at: unsigned.timestamp, key_index: unsigned.key_index },
            Err(e) => Verdict::Rejected(Rejection::Payload(e)),
        }
    }
}

/// The payload's JSON text: `URLSafeSerializerMixin.load_payload` up to the JSON parser.
fn payload_json(payload: &str) -> Result<String, PayloadError> {
    let (compressed, body) = match payload.strip_prefix('.') {
        Some(body) => (true, body),
        None => (false, payload),
    };
    let mut bytes = decode_forgiving(body).map_err(PayloadError::Base64)?;
    if compressed {
        bytes =
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&bytes, MAX_INFLATED_LEN).map_err(|e| {
                match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => PayloadError::TooLargeInflated,
                    miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress => {
                        PayloadError::Zlib("the compressed data stops before its end".to_string())
                    }
                    miniz_oxide::inflate::TINFLStatus::Adler32Mismatch => {
                        PayloadError::Zlib("its checksum does not match its content".to_string())
                    }
                    _ => PayloadError::Zlib("the bytes are not a zlib stream".to_string()),
                }
            })?;
    }
    String::from_utf8(bytes).map_err(|_| PayloadError::NotUtf8)
}

fn read_session(json: &str) -> Result<SessionValue, PayloadError> {
    let value = parse(json).map_err(PayloadError::Json)?;
    untag(&value).map_err(PayloadError::Tag)
}

/// Why a session cannot be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignError {
    /// The edited JSON is not JSON.
    Json(JsonError),
    /// Flask sessions are dicts: the top level must be an object.
    NotAnObject,
    /// Flask refuses to sign without a key (`get_signing_serializer` returns None).
    NoKey,
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignError::Json(e) => write!(f, "the session is {e}"),
            SignError::NotAnObject => {
                f.write_str("a Flask session is a dict: write a JSON object, {\"user\": \"king\"}")
            }
            SignError::NoKey => f.write_str("Flask signs nothing without a SECRET_KEY: type one"),
        }
    }
}

impl std::error::Error for SignError {}

/// The payload Flask writes for this tagged-JSON session: compact sorted ASCII JSON, zlib
/// behind a `.` when that is more than one byte shorter (`dump_payload`), unpadded base64.
pub fn session_payload(tagged_json: &Value) -> String {
    let json = dumps_sorted_ascii(tagged_json);
    // Python's zlib.compress defaults to level 6; miniz's deflate at 6 makes different (valid)
    // bytes, so a compressed cookie equals Flask's after inflating, not byte for byte.
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 6);
    if compressed.len() + 1 < json.len() {
        format!(".{}", encode_unpadded(&compressed))
    } else {
        encode_unpadded(json.as_bytes())
    }
}

/// Signs a session (its tagged JSON, as the cookie carries it) with `secret_key` at `timestamp`,
/// as `save_session` does.
pub fn sign_session(tagged_json: &str, secret_key: &[u8], timestamp: u64) -> Result<String, SignError> {
    if secret_key.is_empty() {
        return Err(SignError::NoKey);
    }
    let value = parse(tagged_json).map_err(SignError::Json)?;
    if !value.is_object() {
        return Err(SignError::NotAnObject);
    }
    Ok(FLASK_SESSION.sign_timestamped(secret_key, &session_payload(&value), timestamp))
}
