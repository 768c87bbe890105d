//! The word-list attack on a Flask session cookie's key, in chunks (the worker calls
//! [`AttackTarget::try_chunk`] repeatedly and reports progress and guesses per second).
//!
//! Guesses are tried in the order an attacker would: the known keys of `known_keys.txt` (seed
//! tutorials' examples and common defaults) first, then our word list, `wordlist.txt`: 32,453
//! lower-case words of 4 to 6 letters from web2 (Webster's Second International Dictionary,
//! 1934, public domain), as the PyPI package english-words 2.0.2 ships it; written by
//! `fixtures/make_cookie_fixtures.py`. 207 KB raw, 80 KB gzip: it belongs in the worker.

use super::key_strength::{KnownSource, WordList};
use super::python_base64::decode_forgiving;
use super::signer::{Signer, FLASK_SESSION};

const KNOWN: &str = include_str!("known_keys.txt");
const WORDS: &str = include_str!("wordlist.txt");

/// The known keys, in the order tried, with where each comes from.
pub fn known_keys() -> impl Iterator<Item = (KnownSource, &'static str)> {
    KNOWN.lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
        let (source, key) = l.split_once('\t')?;
        Some((if source == "seed" { KnownSource::SeedTutorial } else { KnownSource::CommonDefault }, key))
    })
}

/// The dictionary words, sorted.
pub fn words() -> impl Iterator<Item = &'static str> {
    WORDS.lines().filter(|l| !l.is_empty())
}

/// Whether `word` has the shape of a listed word: 4 to 6 lower-case ASCII letters. Anything else
/// (a token, a hex key, a passphrase) cannot be in the list, so the page answers "not listed"
/// at once instead of asking the worker: a keystroke in the key box then never waits for a
/// round trip. A test checks every listed word against it.
pub fn could_be_listed(word: &str) -> bool {
    (4..=6).contains(&word.len()) && word.bytes().all(|byte| byte.is_ascii_lowercase())
}

/// How many guesses the whole attack makes.
pub fn candidate_count() -> usize {
    known_keys().count() + words().count()
}

/// The `index`-th guess (0-based).
pub fn candidate(index: usize) -> Option<&'static str> {
    let known = known_keys().count();
    if index < known {
        known_keys().nth(index).map(|(_, k)| k)
    } else {
        words().nth(index - known)
    }
}

/// At which guess (1-based) the attack tries `key`, if at all.
pub fn candidate_position(key: &str) -> Option<usize> {
    if let Some(i) = known_keys().position(|(_, k)| k == key) {
        return Some(i + 1);
    }
    let words: Vec<&str> = words().collect();
    words.binary_search(&key).ok().map(|i| known_keys().count() + i + 1)
}

/// The whole word list, for the worker and native tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FullWordList;

impl WordList for FullWordList {
    fn position(&self, word: &str) -> Option<Option<usize>> {
        Some(candidate_position(word))
    }
}

/// Why a cookie cannot be attacked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttackError {
    /// No signature part.
    NotSigned,
    /// The signature is not base64.
    BadSignature,
}

impl std::fmt::Display for AttackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttackError::NotSigned => {
                f.write_str("paste a signed session cookie (payload.timestamp.signature) to attack its key")
            }
            AttackError::BadSignature => f.write_str("the signature part is not base64, so no key could have made it"),
        }
    }
}

impl std::error::Error for AttackError {}

/// One chunk's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Guesses made in this chunk.
    pub tried: usize,
    /// Where the next chunk starts.
    pub next: usize,
    /// The key, when one of the guesses signed the cookie.
    pub found: Option<&'static str>,
    /// No guesses left.
    pub done: bool,
}

/// A cookie under attack: what was signed and the signature to match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttackTarget {
    signed_part: String,
    signature: Vec<u8>,
}

impl AttackTarget {
    /// Prepares a session cookie (only its last `.` matters: everything before it is signed).
    pub fn new(cookie: &str) -> Result<Self, AttackError> {
        let (signed_part, signature) = cookie.trim().rsplit_once('.').ok_or(AttackError::NotSigned)?;
        let signature = decode_forgiving(signature).map_err(|_| AttackError::BadSignature)?;
        Ok(AttackTarget { signed_part: signed_part.to_string(), signature })
    }

    /// Whether `key` signed the cookie as Flask signs sessions.
    pub fn try_key(&self, key: &[u8]) -> bool {
        Signer::raw_signature(&FLASK_SESSION.derive_key(key), self.signed_part.as_bytes()) == self.signature.as_slice()
    }

    /// Tries guesses `start..start + count`.
    pub fn try_chunk(&self, start: usize, count: usize) -> Chunk {
        let known = known_keys().count();
        let guesses = known_keys().map(|(_, k)| k).chain(words()).skip(start).take(count);
        let mut tried = 0;
        for guess in guesses {
            tried += 1;
            if self.try_key(guess.as_bytes()) {
                return Chunk { tried, next: start + tried, found: Some(guess), done: true };
            }
        }
        let next = start + tried;
        Chunk { tried, next, found: None, done: next >= known + words().count() }
    }
}

/// Years to try `2^bits` keys at `guesses_per_second` (half of them, on average, to find one).
pub fn years_to_search(bits: f64, guesses_per_second: f64) -> f64 {
    if guesses_per_second <= 0.0 {
        return f64::INFINITY;
    }
    2f64.powf(bits - 1.0) / guesses_per_second / (365.25 * 24.0 * 3600.0)
}
