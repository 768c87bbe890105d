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
    // The first candidate from `start`, then each next one by counting up like an odometer
    // (as hashcat walks a mask): a division per letter per guess cost more than MD5 itself in
    // wasm, where a 64-bit division by a constant has no fast form.
    let mut guess = [b'a'; 8];
    let mut n = start;
    for slot in guess.iter_mut().rev() {
        *slot = b'a' + (n % 26) as u8;
        n /= 26;
    }
    for i in 0..count {
        if constant_time_eq(D::digest(guess).as_slice(), target) {
            return Batch { tried: i + 1, found: Some(String::from_utf8_lossy(&guess).into_owned()) };
        }
        for slot in guess.iter_mut().rev() {
            if *slot == b'z' {
                *slot = b'a';
            } else {
                *slot += 1;
                break;
            }
        }
    }
    Batch { tried: count, found: None }
}

/// A rate is measured in this many batches, and the fastest counts.
pub const RATE_BATCHES: u32 = 10;

/// Measures how fast `hash` guesses, in `guesses` candidates split into [`RATE_BATCHES`]
/// batches timed by `clock` (milliseconds): the fastest batch's `(tried, millis)`. Not the
/// whole run: a browser first runs a wasm function with its baseline compiler and swaps in
/// optimised code once it has run hot, so the first batch measures that compiler and not the
/// hash (an attacker's loop runs for hours, optimised).
pub fn measure_rate(hash: FastHash, guesses: u32, clock: &mut dyn FnMut() -> f64) -> (u32, f64) {
    // Nine characters: no 8-character candidate can match, so every guess is made.
    let target = hash.digest(b"no-match!");
    let per_batch = (guesses / RATE_BATCHES).max(1);
    let mut fastest = (0, f64::INFINITY);
    for batch in 0..RATE_BATCHES {
        let started = clock();
        let tried = guess_batch(hash, &target, u64::from(batch) * u64::from(per_batch), per_batch).tried;
        let millis = clock() - started;
        if millis < fastest.1 {
            fastest = (tried, millis);
        }
    }
    fastest
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
    fn counting_up_visits_the_candidates_in_order_across_carries() {
        // "aaaaaaaz" then "aaaaaaba": the carry; the 26^2-th candidate from 0 is "aaaaabaa".
        let target = FastHash::Sha256.digest(b"aaaaabaa");
        assert_eq!(guess_batch(FastHash::Sha256, &target, 0, 1_000).tried, 26 * 26 + 1);
        assert_eq!(guess_batch(FastHash::Sha256, &target, 26 * 26 - 3, 10).tried, 4);
        // The last candidate wraps to the first without panicking.
        let first = FastHash::Md5.digest(b"aaaaaaaa");
        assert_eq!(guess_batch(FastHash::Md5, &first, 26u64.pow(8) - 1, 2).tried, 2);
    }

    #[test]
    fn a_rate_is_the_fastest_batch() {
        // A clock that makes the first batch slow (the baseline compiler) and the rest steady.
        let mut ticks = [0.0, 50.0, 50.0, 55.0].into_iter().chain((0..).map(|n| 55.0 + f64::from(n) * 5.0));
        let mut clock = move || ticks.next().unwrap_or(f64::MAX);
        let (tried, millis) = measure_rate(FastHash::Md5, 1_000, &mut clock);
        assert_eq!(tried, 100);
        assert!(millis <= 5.0 && millis > 0.0, "{millis}");
    }

    #[test]
    fn estimates_scale_with_the_rate() {
        let e = estimate(1e9);
        assert!((e.word_list_seconds - 1e-5).abs() < 1e-12);
        assert!((e.all_8_char_seconds - 6_634_204.312890625).abs() < 1.0);
        assert!(estimate(0.0).word_list_seconds.is_finite() || estimate(0.0).word_list_seconds.is_infinite());
    }
}
