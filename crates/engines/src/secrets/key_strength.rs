//! How guessable a secret key is. A key an attacker can list (a tutorial's example, a
//! framework default, a dictionary word) is worth a handful of bits whatever its length; only
//! a key drawn at random is worth its length times the bits per character.

use serde::Serialize;

use super::generator::DJANGO_SECRET_KEY_CHARS;
use super::wordlist::known_keys;

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
    /// The word list has not answered yet (its worker is loading): a dictionary word may still
    /// be found, and then the verdict becomes [`Strength::Known`].
    pub dictionary_pending: bool,
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

/// Where the word-list attack tries a word: the lookup behind [`assess`]. The word list is
/// 207 KB, so the sandbox's page does not carry it: its worker answers, and until it has, the
/// page's [`WordListAnswers`] says "not known yet" ([`KeyReport::dictionary_pending`]).
pub trait WordList {
    /// At which guess (1-based, counting the known keys tried first) the attack tries `word`:
    /// `Some(None)` when the list does not have it, `None` when the answer is not known yet.
    fn position(&self, word: &str) -> Option<Option<usize>>;
}

/// Answers already received from the word list's worker, by word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordListAnswers(pub std::collections::BTreeMap<String, Option<usize>>);

impl WordList for WordListAnswers {
    fn position(&self, word: &str) -> Option<Option<usize>> {
        self.0.get(word).copied()
    }
}

/// The word the dictionary check looks up for `key`: lower case, trailing digits dropped
/// (`Dragon2024` is `dragon`), as attackers' rules mangle words.
pub fn dictionary_word(key: &str) -> String {
    key.to_ascii_lowercase().trim_end_matches(|c: char| c.is_ascii_digit()).to_string()
}

/// Judges a key, looking it up in `words`.
pub fn assess(key: &str, words: &dyn WordList) -> KeyReport {
    let length = key.chars().count();
    let mut chars: Vec<char> = key.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    let distinct = chars.len();
    let (known, dictionary_pending) = known_source(key, words);
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
        dictionary_pending,
    }
}

/// Where an attacker's list has this key, and at which guess; and whether the word list's
/// answer is still to come.
fn known_source(key: &str, words: &dyn WordList) -> (Option<(KnownSource, usize)>, bool) {
    if key.is_empty() {
        return (None, false);
    }
    if let Some((i, (source, _))) = known_keys().enumerate().find(|(_, (_, k))| *k == key) {
        return (Some((source, i + 1)), false);
    }
    // A word of the list, or one with digits after it ("dragon2024"), in any case.
    let word = dictionary_word(key);
    if !super::wordlist::could_be_listed(&word) {
        return (None, false);
    }
    match words.position(&word) {
        None => (None, true),
        Some(None) => (None, false),
        Some(Some(position)) => {
            let digits = key.len() - word.len();
            let guesses = position.saturating_mul(10usize.saturating_pow(digits.min(6) as u32));
            (Some((KnownSource::Dictionary, guesses)), false)
        }
    }
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
    use crate::secrets::wordlist::FullWordList;

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
        let assess = |key: &str| assess(key, &FullWordList);
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
    fn a_dictionary_word_waits_for_the_word_list_then_is_known() {
        let mut answers = WordListAnswers::default();
        let pending = super::assess("Dragon2024", &answers);
        assert!(pending.dictionary_pending && pending.known.is_none());
        answers.0.insert(dictionary_word("Dragon2024"), FullWordList.position("dragon").flatten());
        let known = super::assess("Dragon2024", &answers);
        assert!(!known.dictionary_pending);
        assert_eq!(known, super::assess("Dragon2024", &FullWordList));
        // A known key never waits: that list is small and in the page.
        assert!(!super::assess("my-super-secret-key", &WordListAnswers::default()).dictionary_pending);
    }

    #[test]
    fn a_key_that_cannot_be_a_listed_word_is_judged_without_the_word_list() {
        // Tokens, hex keys, passphrases and short or long words: what the full list would say,
        // at once, so a keystroke never waits for the worker.
        for key in ["0f".repeat(32).as_str(), "dragons-lair", "Dragon!", "abc", "castles", "ab12", "ÄPFEL", "tür", "a"]
        {
            let now = super::assess(key, &WordListAnswers::default());
            assert!(!now.dictionary_pending, "{key}");
            assert_eq!(now, super::assess(key, &FullWordList), "{key}");
        }
        for word in super::super::wordlist::words() {
            assert!(super::super::wordlist::could_be_listed(word), "{word}");
        }
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
