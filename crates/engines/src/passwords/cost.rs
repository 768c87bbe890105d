//! What a hash costs an attacker: a batch of fast unsalted guesses for the worker to time,
//! what a measured rate means for a word list and for every 8-character password, and the
//! lookup table that cracks every user who shares an unsalted hash at once.

use std::collections::BTreeMap;

use md5::Digest as _;
use serde::{Deserialize, Serialize};

use super::hash::constant_time_eq;
use super::parse::ParsedHash;
use super::scheme::Scheme;
use super::wordlist;

/// The fast digests an attacker loves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FastHash {
    Md5,
    Sha256,
}

impl FastHash {
    /// The digest of `password`.
    pub fn digest(self, password: &[u8]) -> Vec<u8> {
        match self {
            FastHash::Md5 => md5::Md5::digest(password).to_vec(),
            FastHash::Sha256 => sha2::Sha256::digest(password).to_vec(),
        }
    }
}

/// The most guesses one batch runs, so one call stays short whatever the caller asks.
pub const BATCH_LIMIT: u32 = 5_000_000;

/// A batch of guesses: how many were tried and which one, if any, matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub tried: u32,
    pub found: Option<String>,
}

/// Tries `count` 8-character lower-case candidates from `start` (`aaaaaaaa`, `aaaaaaab`, …)
/// against `target` with `hash`: the worker times this call to measure guesses per second.
pub fn guess_batch(hash: FastHash, target: &[u8], start: u64, count: u32) -> Batch {
    // One loop per digest, its output on the stack: an attacker's loop allocates nothing, and a
    // `Vec` per guess (as `FastHash::digest` returns) would measure the allocator, not the hash.
    match hash {
        FastHash::Md5 => guesses_with::<md5::Md5>(target, start, count),
        FastHash::Sha256 => guesses_with::<sha2::Sha256>(target, start, count),
    }
}

fn guesses_with<D: md5::Digest>(target: &[u8], start: u64, count: u32) -> Batch {
    let count = count.min(BATCH_LIMIT);
    let mut guess = [b'a'; 8];
    for i in 0..count {
        let mut n = start.wrapping_add(u64::from(i));
        for slot in guess.iter_mut().rev() {
            *slot = b'a' + (n % 26) as u8;
            n /= 26;
        }
        if constant_time_eq(D::digest(guess).as_slice(), target) {
            return Batch { tried: i + 1, found: Some(String::from_utf8_lossy(&guess).into_owned()) };
        }
    }
    Batch { tried: count, found: None }
}

/// Printable ASCII characters: what "every 8-character password" draws from.
pub const PRINTABLE: u64 = 95;

/// What a guessing rate means.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub guesses_per_second: f64,
    /// Seconds to try the whole 10,000-word list.
    pub word_list_seconds: f64,
    /// Seconds to try every password of 8 printable ASCII characters (95^8).
    pub all_8_char_seconds: f64,
}

/// What `guesses_per_second` (measured on one core of this browser) means for the word list
/// and for every 8-character password.
pub fn estimate(guesses_per_second: f64) -> Estimate {
    let rate =
        if guesses_per_second.is_finite() && guesses_per_second > 0.0 { guesses_per_second } else { f64::MIN_POSITIVE };
    Estimate {
        guesses_per_second: rate,
        word_list_seconds: wordlist::LENGTH as f64 / rate,
        all_8_char_seconds: (PRINTABLE as f64).powi(8) / rate,
    }
}

/// Precomputed unsalted digests of the whole word list: built once, it cracks every stored
/// unsalted hash it contains at the cost of a lookup.
#[derive(Debug, Clone)]
pub struct LookupTable {
    hash: FastHash,
    table: BTreeMap<Vec<u8>, String>,
}

impl LookupTable {
    /// The table of the word list under `hash`.
    pub fn build(hash: FastHash) -> LookupTable {
        let table =
            (0..wordlist::LENGTH).filter_map(wordlist::candidate).map(|w| (hash.digest(w.as_bytes()), w)).collect();
        LookupTable { hash, table }
    }

    /// The password behind `stored`, when the table applies to its scheme and holds it. A salt
    /// defeats the table: the attacker would have to hash the whole list again for each user.
    pub fn crack(&self, stored: &ParsedHash) -> Option<&str> {
        let applies = matches!(
            (self.hash, stored.scheme),
            (FastHash::Md5, Scheme::UnsaltedMd5) | (FastHash::Sha256, Scheme::UnsaltedSha256)
        );
        if !applies {
            return None;
        }
        self.table.get(&stored.digest).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_finds_the_password_it_reaches() {
        let target = FastHash::Md5.digest(b"aaaaaabc");
        let batch = guess_batch(FastHash::Md5, &target, 0, 100);
        assert_eq!(batch, Batch { tried: 28 + 1, found: Some("aaaaaabc".into()) });
        assert_eq!(guess_batch(FastHash::Sha256, &target, 0, 10).found, None);
    }

    #[test]
    fn estimates_scale_with_the_rate() {
        let e = estimate(1e9);
        assert!((e.word_list_seconds - 1e-5).abs() < 1e-12);
        assert!((e.all_8_char_seconds - 6_634_204.312890625).abs() < 1.0);
        assert!(estimate(0.0).word_list_seconds.is_finite() || estimate(0.0).word_list_seconds.is_infinite());
    }
}
