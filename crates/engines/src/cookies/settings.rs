//! The Flask and Django settings that make a session cookie with these attributes, beside their
//! real defaults: Flask 3.1 (`SESSION_COOKIE_SECURE = False`, `SESSION_COOKIE_HTTPONLY = True`,
//! `SESSION_COOKIE_SAMESITE = None`, i.e. no attribute, `Path=/`, a browser-session cookie
//! unless `session.permanent`) and Django 6.1 (`SESSION_COOKIE_SECURE = False`,
//! `SESSION_COOKIE_HTTPONLY = True`, `SESSION_COOKIE_SAMESITE = "Lax"`,
//! `SESSION_COOKIE_AGE = 1209600`, two weeks).

use super::jar::StoredCookie;
use super::set_cookie::SameSite;

/// One setting line and whether it differs from the framework's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingLine {
    /// `SESSION_COOKIE_SECURE = True`.
    pub code: String,
    /// Whether the default already gives it (the line may then be left out).
    pub is_default: bool,
}

fn py_str(s: &str) -> String {
    format!("{s:?}")
}

fn same_site_py(s: SameSite) -> &'static str {
    match s {
        SameSite::Unspecified => "None",
        SameSite::None => "\"None\"",
        SameSite::Lax => "\"Lax\"",
        SameSite::Strict => "\"Strict\"",
    }
}

fn line(code: String, is_default: bool) -> SettingLine {
    SettingLine { code, is_default }
}

/// Flask's `app.config` lines for a session cookie like `cookie`.
pub fn flask_settings(cookie: &StoredCookie) -> Vec<SettingLine> {
    let bool_py = |b: bool| if b { "True" } else { "False" };
    vec![
        line(format!("SESSION_COOKIE_NAME = {}", py_str(&cookie.name)), cookie.name == "session"),
        line(format!("SESSION_COOKIE_SECURE = {}", bool_py(cookie.secure)), !cookie.secure),
        line(format!("SESSION_COOKIE_HTTPONLY = {}", bool_py(cookie.http_only)), cookie.http_only),
        line(
            format!("SESSION_COOKIE_SAMESITE = {}", same_site_py(cookie.same_site)),
            cookie.same_site == SameSite::Unspecified,
        ),
        line(
            format!(
                "SESSION_COOKIE_DOMAIN = {}",
                if cookie.host_only { "None".to_string() } else { py_str(&cookie.domain) }
            ),
            cookie.host_only,
        ),
        line(format!("SESSION_COOKIE_PATH = {}", py_str(&cookie.path)), cookie.path == "/"),
    ]
}

/// Django's `settings.py` lines for a session cookie like `cookie`.
pub fn django_settings(cookie: &StoredCookie) -> Vec<SettingLine> {
    let bool_py = |b: bool| if b { "True" } else { "False" };
    vec![
        line(format!("SESSION_COOKIE_NAME = {}", py_str(&cookie.name)), cookie.name == "sessionid"),
        line(format!("SESSION_COOKIE_SECURE = {}", bool_py(cookie.secure)), !cookie.secure),
        line(format!("SESSION_COOKIE_HTTPONLY = {}", bool_py(cookie.http_only)), cookie.http_only),
        line(
            format!("SESSION_COOKIE_SAMESITE = {}", same_site_py(cookie.same_site)),
            cookie.same_site == SameSite::Lax,
        ),
        line(
            format!(
                "SESSION_COOKIE_DOMAIN = {}",
                if cookie.host_only { "None".to_string() } else { py_str(&cookie.domain) }
            ),
            cookie.host_only,
        ),
        line(format!("SESSION_COOKIE_PATH = {}", py_str(&cookie.path)), cookie.path == "/"),
    ]
}
