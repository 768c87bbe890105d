//! How guessable a secret key is. A key an attacker can list (a tutorial's example, a
//! framework default, a dictionary word) is worth a handful of bits whatever its length; only
//! a key drawn at random is worth its length times the bits per character.

use serde::Serialize;

use super::generator::DJANGO_SECRET_KEY_CHARS;
use super::wordlist::{candidate_position, known_keys};

/// Django 6.1's `SECRET_KEY_MIN_LENGTH`.
pub const DJANGO_MIN_LENGTH: usize = 50;
/// Django 6.1's `SECRET_KEY_MIN_UNIQUE_CHARACTERS`.
pub const DJANGO_MIN_UNIQUE: usize = 5;
/// Django 6.1's `SECRET_KEY_INSECURE_PREFIX`, which `startproject` puts on the key it writes.
pub const DJANGO_INSECURE_PREFIX: &str = "django-insecure-";

/// The text of Django 6.1's `security.W009`.
pub const W009_MESSAGE: &str = "Your SECRET_KEY has less than 50 characters, less than 5 unique characters, or it's prefixed with 'django-insecure-' indicating that it was generated automatically by Django. Please generate a long and random value, otherwise many of Django's security-critical features will be vulnerable to attack.";

/// Where a known key comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KnownSource {
    /// An example key of the tutorials the lessons grew from.
    SeedTutorial,
    /// A default seen in tutorials, templates and quick starts.
    CommonDefault,
    /// A dictionary word (our word list), maybe with digits after it.
    Dictionary,
}

/// A format of Python's generators the key matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum GeneratedFormat {
    /// `secrets.token_hex(32)`: 64 lower-case hex digits.
    TokenHex32,
    /// `secrets.token_urlsafe(32)`: 43 URL-safe base64 characters.
    TokenUrlsafe32,
    /// Django's `get_random_secret_key()`: 50 characters of its 50-letter alphabet.
    DjangoRandom,
}

/// The verdict in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Strength {
    /// No key at all.
    Missing,
    /// On a list attackers try first.
    Known,
    /// Short or from a small alphabet.
    Weak,
    /// Random and long enough.
    Strong,
}

/// Everything the key box shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyReport {
    /// Characters (code points, as Python's `len`).
    pub length: usize,
    /// Distinct characters (`len(set(key))`).
    pub distinct: usize,
    /// Where an attacker finds it, and at which guess (1 = the first tried).
    pub known: Option<(KnownSource, usize)>,
    /// Starts with `django-insecure-`.
    pub django_insecure: bool,
    /// Django's `security.W009` fires (exactly `_check_secret_key` negated).
    pub w009: bool,
    /// Which generator's format it has, if any.
    pub format: Option<GeneratedFormat>,
    /// Bits an attacker must search: log2 of the guesses needed.
    pub bits: f64,
    /// The verdict.
    pub strength: Strength,
}

/// Django 6.1's `_check_secret_key(secret_key)`: at least 5 unique characters, at least 50,
/// and no `django-insecure-` prefix.
pub fn django_check_secret_key(key: &str) -> bool {
    let mut chars: Vec<char> = key.chars().collect();
    let length = chars.len();
    chars.sort_unstable();
    chars.dedup();
    chars.len() >= DJANGO_MIN_UNIQUE && length >= DJANGO_MIN_LENGTH && !key.starts_with(DJANGO_INSECURE_PREFIX)
}

fn format_of(key: &str) -> Option<GeneratedFormat> {
    let b = key.as_bytes();
    if b.len() == 64 && b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
        Some(GeneratedFormat::TokenHex32)
    } else if b.len() == 43 && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')) {
        Some(GeneratedFormat::TokenUrlsafe32)
    } else if b.len() == 50 && b.iter().all(|c| DJANGO_SECRET_KEY_CHARS.as_bytes().contains(c)) {
        Some(GeneratedFormat::DjangoRandom)
    } else {
        None
    }
}

/// The size of the alphabet the key's characters seem drawn from.
fn pool_size(key: &str) -> f64 {
    let mut pool = 0.0;
    if key.bytes().any(|b| b.is_ascii_lowercase()) {
        pool += 26.0;
    }
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        pool += 26.0;
    }
    if key.bytes().any(|b| b.is_ascii_digit()) {
        pool += 10.0;
    }
    if key.bytes().any(|b| b.is_ascii_punctuation() || b == b' ') {
        pool += 33.0;
    }
    if !key.is_ascii() {
        pool += 100.0;
    }
    f64::max(pool, 1.0)
}

/// Judges a key.
pub fn assess(key: &str) -> KeyReport {
    let length = key.chars().count();
    let mut chars: Vec<char> = key.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    let distinct = chars.len();
    let known = known_source(key);
    let format = format_of(key);
    let bits = match (known, format) {
        (Some((_, position)), _) => (position as f64).log2().max(0.0),
        (None, Some(GeneratedFormat::TokenHex32 | GeneratedFormat::TokenUrlsafe32)) => 256.0,
        (None, Some(GeneratedFormat::DjangoRandom)) => 50.0 * 50f64.log2(),
        // An upper bound: a key typed by a person has far less than its alphabet allows.
        (None, None) => length as f64 * pool_size(key).log2() * if distinct < length / 2 { 0.5 } else { 1.0 },
    };
    let strength = if key.is_empty() {
        Strength::Missing
    } else if known.is_some() {
        Strength::Known
    } else if bits < 128.0 {
        Strength::Weak
    } else {
        Strength::Strong
    };
    KeyReport {
        length,
        distinct,
        known,
        django_insecure: key.starts_with(DJANGO_INSECURE_PREFIX),
        w009: !django_check_secret_key(key),
        format,
        bits,
        strength,
    }
}

/// Where an attacker's list has this key, and at which guess.
fn known_source(key: &str) -> Option<(KnownSource, usize)> {
    if key.is_empty() {
        return None;
    }
    if let Some((i, (source, _))) = known_keys().enumerate().find(|(_, (_, k))| *k == key) {
        return Some((source, i + 1));
    }
    // A word of the list, or one with digits after it ("dragon2024"), in any case.
    let lower = key.to_ascii_lowercase();
    let word = lower.trim_end_matches(|c: char| c.is_ascii_digit());
    let position = candidate_position(word)?;
    let digits = lower.len() - word.len();
    Some((KnownSource::Dictionary, position.saturating_mul(10usize.saturating_pow(digits.min(6) as u32))))
}

/// The default of `os.getenv("SECRET_KEY", "…")` or `os.environ.get("SECRET_KEY", "…")` in a
/// pasted line: the key every deployment without the variable silently ships.
pub fn getenv_default(code: &str) -> Option<String> {
    let start = code.find("getenv(").map(|i| i + 7).or_else(|| code.find("environ.get(").map(|i| i + 12))?;
    let args = code.get(start..)?;
    let comma = args.find(',')?;
    let rest = args.get(comma + 1..)?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let body = rest.get(1..)?;
    let end = body.find(quote)?;
    Some(body.get(..end)?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w009_is_djangos_rule() {
        assert!(!django_check_secret_key("short"));
        assert!(!django_check_secret_key(&"ab".repeat(30)), "two distinct characters");
        assert!(!django_check_secret_key(&format!("django-insecure-{}", "abcdefghij".repeat(5))));
        assert!(django_check_secret_key(&"abcde".repeat(10)));
        // Code points, not bytes: 49 dragons are 196 bytes and still too short.
        assert!(!django_check_secret_key(&"\u{1f409}abcd".repeat(9)));
    }

    #[test]
    fn a_known_key_is_worth_nothing_whatever_its_length() {
        let seed = assess("your-64-char-random-key");
        assert_eq!(seed.strength, Strength::Known);
        assert!(matches!(seed.known, Some((KnownSource::SeedTutorial, _))));
        assert!(seed.bits < 8.0);
        let word = assess("Dragon2024");
        assert_eq!(word.strength, Strength::Known);
        assert!(word.bits < 30.0, "{}", word.bits);
        let hex = assess("3f9c2a7b1e8d4f6a0c5b9e2d7a4f1c8b6e3d0a9f2c7b5e1d8a4f6c0b3e9d2a7f");
        assert_eq!((hex.strength, hex.format, hex.w009), (Strength::Strong, Some(GeneratedFormat::TokenHex32), false));
        assert_eq!(assess("").strength, Strength::Missing);
        assert!(assess("django-insecure-abc").django_insecure);
    }

    #[test]
    fn finds_the_default_in_getenv() {
        assert_eq!(
            getenv_default(r#"SECRET_KEY = os.getenv("SECRET_KEY", "default-secret-key")"#).as_deref(),
            Some("default-secret-key")
        );
        assert_eq!(
            getenv_default("app.secret_key = os.environ.get('FLASK_SECRET_KEY', 'dev')").as_deref(),
            Some("dev")
        );
        assert_eq!(getenv_default("os.environ['SECRET_KEY']"), None);
    }
}
