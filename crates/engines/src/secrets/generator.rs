//! Keys in the formats of Python's generators, from random bytes the caller supplies (the
//! browser's `crypto.getRandomValues` in the view, a fixed stream in tests): never a global RNG.

use super::python_base64::encode_unpadded;

/// Django 6.1's `get_random_secret_key()` alphabet (`django/core/management/utils.py`).
pub const DJANGO_SECRET_KEY_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";

/// A source of cryptographically random bytes.
pub trait RandomSource {
    /// Fills `bytes` with random bytes.
    fn fill(&mut self, bytes: &mut [u8]);
}

/// `secrets.token_hex(n)`: `n` random bytes as lower-case hex.
pub fn token_hex(random: &mut dyn RandomSource, n: usize) -> String {
    let mut bytes = vec![0u8; n];
    random.fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `secrets.token_urlsafe(n)`: `n` random bytes in URL-safe base64 without padding.
pub fn token_urlsafe(random: &mut dyn RandomSource, n: usize) -> String {
    let mut bytes = vec![0u8; n];
    random.fill(&mut bytes);
    encode_unpadded(&bytes)
}

/// `get_random_string(length, chars)` as Django's `secrets.choice` loop: each character
/// uniform over `chars`. Bytes at or above the largest multiple of the alphabet's size are
/// thrown away (rejection sampling), so no character is likelier than another.
pub fn random_string(random: &mut dyn RandomSource, length: usize, chars: &str) -> String {
    let alphabet: Vec<char> = chars.chars().collect();
    let n = alphabet.len();
    if n == 0 || n > 256 {
        return String::new();
    }
    let limit = 256 - 256 % n;
    let mut out = String::with_capacity(length);
    let mut byte = [0u8; 1];
    let mut written = 0;
    while written < length {
        random.fill(&mut byte);
        let b = usize::from(byte[0]);
        if b < limit {
            if let Some(c) = alphabet.get(b % n) {
                out.push(*c);
                written += 1;
            }
        }
    }
    out
}

/// Django's `get_random_secret_key()`: 50 characters of [`DJANGO_SECRET_KEY_CHARS`].
pub fn django_secret_key(random: &mut dyn RandomSource) -> String {
    random_string(random, 50, DJANGO_SECRET_KEY_CHARS)
}

/// A deterministic stream for tests and the quest self-test: SHA-256 of a seed and a counter.
#[derive(Clone, Debug)]
pub struct SeededRandom {
    seed: u64,
    counter: u64,
    buffer: Vec<u8>,
}

impl SeededRandom {
    /// A stream from `seed`.
    pub fn new(seed: u64) -> Self {
        SeededRandom { seed, counter: 0, buffer: Vec::new() }
    }
}

impl RandomSource for SeededRandom {
    fn fill(&mut self, bytes: &mut [u8]) {
        use sha2::Digest;
        for out in bytes.iter_mut() {
            if self.buffer.is_empty() {
                let mut h = sha2::Sha256::new();
                h.update(self.seed.to_be_bytes());
                h.update(self.counter.to_be_bytes());
                self.counter += 1;
                self.buffer = h.finalize().to_vec();
            }
            *out = self.buffer.pop().unwrap_or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_pythons() {
        let mut r = SeededRandom::new(7);
        let hex = token_hex(&mut r, 32);
        assert_eq!(hex.len(), 64);
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        let url = token_urlsafe(&mut r, 32);
        assert_eq!(url.len(), 43);
        let dj = django_secret_key(&mut r);
        assert_eq!(dj.chars().count(), 50);
        assert!(dj.chars().all(|c| DJANGO_SECRET_KEY_CHARS.contains(c)));
    }

    #[test]
    fn django_characters_are_uniform() {
        let mut r = SeededRandom::new(1);
        let text = random_string(&mut r, 50_000, DJANGO_SECRET_KEY_CHARS);
        for c in DJANGO_SECRET_KEY_CHARS.chars() {
            let count = text.chars().filter(|x| *x == c).count();
            // 1000 expected; a biased modulo (256 % 50 = 6 extra) would give 1,200 for the first six.
            assert!((850..1150).contains(&count), "{c}: {count}");
        }
    }
}
