//! Django 6.1.3's `CsrfViewMiddleware` (`django/middleware/csrf.py`): a 32-character secret in
//! the `csrftoken` cookie, handed to pages masked (64 characters: a fresh mask, then the secret
//! shifted by it, so the token differs on every page and BREACH learns nothing); unsafe methods
//! are checked for `Origin` (when sent), else on HTTPS for a same-site `Referer`, then for a
//! token (the `csrfmiddlewaretoken` field, else the `X-CSRFToken` header) that unmasks to the
//! cookie's secret. A failure is `403 Forbidden` with one of Django's reasons.

use super::url_split::urlsplit;

/// `CSRF_ALLOWED_CHARS`: ASCII letters, then digits.
pub const ALLOWED_CHARS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// `CSRF_SECRET_LENGTH`.
pub const SECRET_LENGTH: usize = 32;
/// `CSRF_TOKEN_LENGTH`.
pub const TOKEN_LENGTH: usize = 64;

fn index(c: u8) -> Option<usize> {
    ALLOWED_CHARS.bytes().position(|a| a == c)
}

fn char_at(i: usize) -> char {
    ALLOWED_CHARS.as_bytes().get(i % ALLOWED_CHARS.len()).map_or('a', |b| char::from(*b))
}

/// `_mask_cipher_secret(secret)` with the mask given (Django draws it at random): the mask,
/// then each secret character shifted by the mask's. `None` when either has a character
/// outside [`ALLOWED_CHARS`].
pub fn mask_cipher_secret(secret: &str, mask: &str) -> Option<String> {
    let mut cipher = String::with_capacity(secret.len());
    for (s, m) in secret.bytes().zip(mask.bytes()) {
        cipher.push(char_at(index(s)? + index(m)?));
    }
    Some(format!("{mask}{cipher}"))
}

/// `_unmask_cipher_token(token)`: the secret inside a 64-character token.
pub fn unmask_cipher_token(token: &str) -> Option<String> {
    let (mask, cipher) = (token.get(..SECRET_LENGTH)?, token.get(SECRET_LENGTH..)?);
    let n = ALLOWED_CHARS.len();
    cipher.bytes().zip(mask.bytes()).map(|(c, m)| Some(char_at(index(c)? + n - index(m)?))).collect()
}

/// `InvalidTokenFormat`'s reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenFormat {
    /// Neither 32 nor 64 characters.
    IncorrectLength,
    /// A character outside [`ALLOWED_CHARS`].
    InvalidCharacters,
}

impl TokenFormat {
    fn words(self) -> &'static str {
        match self {
            TokenFormat::IncorrectLength => "has incorrect length",
            TokenFormat::InvalidCharacters => "has invalid characters",
        }
    }
}

/// `_check_token_format(token)`.
pub fn check_token_format(token: &str) -> Result<(), TokenFormat> {
    if token.len() != TOKEN_LENGTH && token.len() != SECRET_LENGTH {
        return Err(TokenFormat::IncorrectLength);
    }
    if !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(TokenFormat::InvalidCharacters);
    }
    Ok(())
}

/// Where the token came from, as Django names it in its reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// The `csrfmiddlewaretoken` form field.
    Post,
    /// The `X-CSRFToken` header (`CSRF_HEADER_NAME = "HTTP_X_CSRFTOKEN"`).
    Header,
}

impl std::fmt::Display for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TokenSource::Post => "POST",
            // HttpHeaders.parse_header_name("HTTP_X_CSRFTOKEN"), title-cased.
            TokenSource::Header => "the 'X-Csrftoken' HTTP header",
        })
    }
}

/// Why `CsrfViewMiddleware` rejected a request: [`std::fmt::Display`] is Django's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DjangoReject {
    /// `REASON_BAD_ORIGIN`.
    BadOrigin(String),
    /// `REASON_NO_REFERER`.
    NoReferer,
    /// `REASON_MALFORMED_REFERER`.
    MalformedReferer,
    /// `REASON_INSECURE_REFERER`.
    InsecureReferer,
    /// `REASON_BAD_REFERER`, with the referer as `geturl()` gives it.
    BadReferer(String),
    /// `REASON_NO_CSRF_COOKIE`.
    NoCsrfCookie,
    /// The cookie's format.
    BadCookie(TokenFormat),
    /// `REASON_CSRF_TOKEN_MISSING`.
    TokenMissing,
    /// The token's format.
    BadToken(TokenFormat, TokenSource),
    /// The token does not unmask to the cookie's secret.
    IncorrectToken(TokenSource),
}

impl std::fmt::Display for DjangoReject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DjangoReject::BadOrigin(origin) => {
                write!(f, "Origin checking failed - {origin} does not match any trusted origins.")
            }
            DjangoReject::NoReferer => f.write_str("Referer checking failed - no Referer."),
            DjangoReject::MalformedReferer => f.write_str("Referer checking failed - Referer is malformed."),
            DjangoReject::InsecureReferer => {
                f.write_str("Referer checking failed - Referer is insecure while host is secure.")
            }
            DjangoReject::BadReferer(url) => {
                write!(f, "Referer checking failed - {url} does not match any trusted origins.")
            }
            DjangoReject::NoCsrfCookie => f.write_str("CSRF cookie not set."),
            DjangoReject::BadCookie(format) => write!(f, "CSRF cookie {}.", format.words()),
            DjangoReject::TokenMissing => f.write_str("CSRF token missing."),
            DjangoReject::BadToken(format, source) => write!(f, "CSRF token from {source} {}.", format.words()),
            DjangoReject::IncorrectToken(source) => write!(f, "CSRF token from {source} incorrect."),
        }
    }
}

/// A request as the middleware reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DjangoRequest<'a> {
    /// `GET`, `POST`…
    pub method: &'a str,
    /// `request.is_secure()`.
    pub secure: bool,
    /// `request.get_host()` (in `ALLOWED_HOSTS`).
    pub host: &'a str,
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// The `Referer` header.
    pub referer: Option<&'a str>,
    /// The `csrftoken` cookie, when it came.
    pub csrf_cookie: Option<&'a str>,
    /// The `csrfmiddlewaretoken` form field (POST only).
    pub post_token: Option<&'a str>,
    /// The `X-CSRFToken` header.
    pub header_token: Option<&'a str>,
    /// The view is `@csrf_exempt`.
    pub exempt: bool,
}

/// `CSRF_TRUSTED_ORIGINS` (the cookie domain is Django's default, `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DjangoCsrfSettings {
    /// `https://pay.example`, or `https://*.partner.example` for every subdomain.
    pub trusted_origins: Vec<String>,
}

/// Django's `is_same_domain(host, pattern)`: exact, or a `.pattern` covering the domain and
/// its subdomains. The host is compared as given; only the pattern is lower-cased.
pub fn is_same_domain(host: &str, pattern: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    match pattern.strip_prefix('.') {
        Some(bare) => host.ends_with(&pattern) || host == bare,
        None => !pattern.is_empty() && pattern == host,
    }
}

impl DjangoCsrfSettings {
    fn trusted_hosts(&self) -> impl Iterator<Item = String> + '_ {
        self.trusted_origins
            .iter()
            .filter_map(|origin| urlsplit(origin))
            .map(|url| url.netloc.trim_start_matches('*').to_string())
    }

    fn origin_verified(&self, request: &DjangoRequest, origin: &str) -> bool {
        let good = format!("{}://{}", if request.secure { "https" } else { "http" }, request.host);
        if origin == good || self.trusted_origins.iter().any(|t| !t.contains('*') && t == origin) {
            return true;
        }
        let Some(parsed) = urlsplit(origin) else { return false };
        self.trusted_origins
            .iter()
            .filter(|t| t.contains('*'))
            .filter_map(|t| urlsplit(t))
            .filter(|t| t.scheme == parsed.scheme)
            .any(|t| is_same_domain(&parsed.netloc, t.netloc.trim_start_matches('*')))
    }

    fn check_referer(&self, request: &DjangoRequest) -> Result<(), DjangoReject> {
        let referer = request.referer.ok_or(DjangoReject::NoReferer)?;
        let url = urlsplit(referer).ok_or(DjangoReject::MalformedReferer)?;
        if url.scheme.is_empty() || url.netloc.is_empty() {
            return Err(DjangoReject::MalformedReferer);
        }
        if url.scheme != "https" {
            return Err(DjangoReject::InsecureReferer);
        }
        if self.trusted_hosts().any(|host| is_same_domain(&url.netloc, &host)) {
            return Ok(());
        }
        if is_same_domain(&url.netloc, request.host) {
            Ok(())
        } else {
            Err(DjangoReject::BadReferer(url.geturl()))
        }
    }
}

/// The cookie's secret (`_get_secret`): unmasked when the cookie holds a 64-character token.
fn secret_of(cookie: &str) -> Result<String, DjangoReject> {
    check_token_format(cookie).map_err(DjangoReject::BadCookie)?;
    if cookie.len() == TOKEN_LENGTH {
        unmask_cipher_token(cookie).ok_or(DjangoReject::BadCookie(TokenFormat::InvalidCharacters))
    } else {
        Ok(cookie.to_string())
    }
}

fn check_token(request: &DjangoRequest) -> Result<(), DjangoReject> {
    let secret = secret_of(request.csrf_cookie.ok_or(DjangoReject::NoCsrfCookie)?)?;
    let posted = if request.method == "POST" { request.post_token.unwrap_or_default() } else { "" };
    let (token, source) = if posted.is_empty() {
        (request.header_token.ok_or(DjangoReject::TokenMissing)?, TokenSource::Header)
    } else {
        (posted, TokenSource::Post)
    };
    check_token_format(token).map_err(|format| DjangoReject::BadToken(format, source))?;
    let given = if token.len() == TOKEN_LENGTH { unmask_cipher_token(token) } else { Some(token.to_string()) };
    match given {
        // constant_time_compare in Django; the sandbox has no timing to leak.
        Some(given) if given == secret => Ok(()),
        _ => Err(DjangoReject::IncorrectToken(source)),
    }
}

/// `CsrfViewMiddleware.process_view`: accepted, or the reason for the 403.
pub fn process_view(request: &DjangoRequest, settings: &DjangoCsrfSettings) -> Result<(), DjangoReject> {
    if request.exempt || matches!(request.method, "GET" | "HEAD" | "OPTIONS" | "TRACE") {
        return Ok(());
    }
    if let Some(origin) = request.origin {
        if !settings.origin_verified(request, origin) {
            return Err(DjangoReject::BadOrigin(origin.to_string()));
        }
    } else if request.secure {
        settings.check_referer(request)?;
    }
    check_token(request)
}
