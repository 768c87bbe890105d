//! The csrf sandbox: Flask-WTF's and Django's CSRF checks as the real libraries make them
//! (tokens, messages and reasons matched against fixtures), and a bank under attack from
//! evil.example: for each forged request, whether Chromium sends the session cookie (the
//! cookies engine's SameSite model), whether the framework accepts it, and whether gold moved.

pub mod bank;
pub mod django;
pub mod flask_wtf;
pub mod sandbox;
pub mod url_split;

#[cfg(test)]
mod tests;
