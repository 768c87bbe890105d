//! Hash-sources: the digest of inline code, as a policy writes it (`'sha256-…'`).

use base64::Engine;
use serde::Serialize;
use sha2::Digest;

use super::source::HashAlgorithm;

/// The three hash-sources of one inline text, ready to paste into a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hashes {
    pub sha256: String,
    pub sha384: String,
    pub sha512: String,
}

/// The base64 digest of `text` (its UTF-8 bytes, as CSP3 §6.7.3.5 hashes it).
pub fn digest(algorithm: HashAlgorithm, text: &str) -> String {
    let bytes = text.as_bytes();
    let engine = base64::engine::general_purpose::STANDARD;
    match algorithm {
        HashAlgorithm::Sha256 => engine.encode(sha2::Sha256::digest(bytes)),
        HashAlgorithm::Sha384 => engine.encode(sha2::Sha384::digest(bytes)),
        HashAlgorithm::Sha512 => engine.encode(sha2::Sha512::digest(bytes)),
    }
}

/// All three hash-sources of `text`, quoted: `'sha256-…'`.
pub fn hashes(text: &str) -> Hashes {
    let quoted = |algorithm: HashAlgorithm| format!("'{}-{}'", algorithm.name(), digest(algorithm, text));
    Hashes {
        sha256: quoted(HashAlgorithm::Sha256),
        sha384: quoted(HashAlgorithm::Sha384),
        sha512: quoted(HashAlgorithm::Sha512),
    }
}

/// Whether a hash-source's value is the digest of `text`. Browsers accept the base64url
/// alphabet too (CSP3 §6.7.3.5 step 5.2), and padding does not change the bytes.
pub fn matches(algorithm: HashAlgorithm, written: &str, text: &str) -> bool {
    same_digest(written, &digest(algorithm, text))
}

/// Whether a hash-source's value equals a computed base64 digest, alphabet and padding aside.
pub fn same_digest(written: &str, computed: &str) -> bool {
    let normalize = |c: char| match c {
        '-' => '+',
        '_' => '/',
        c => c,
    };
    let (a, b) = (written.trim_end_matches('='), computed.trim_end_matches('='));
    a.len() == b.len() && a.chars().map(normalize).eq(b.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_known_values() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(digest(HashAlgorithm::Sha256, "alert(1)"), "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
        assert_eq!(digest(HashAlgorithm::Sha256, ""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assert!(hashes("x").sha384.starts_with("'sha384-"));
        assert!(matches(HashAlgorithm::Sha256, "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF-pI", "alert(1)"));
        assert!(!matches(HashAlgorithm::Sha256, "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=", "alert(2)"));
    }
}
