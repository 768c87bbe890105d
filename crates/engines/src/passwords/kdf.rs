//! The key-derivation functions themselves (RustCrypto's), with the bounds that keep a browser
//! tab alive: no derivation starts when its memory or work is over a limit, and memory is
//! reserved before it is used, so a failed allocation is an error rather than an abort.
//!
//! Library rules (Werkzeug's `maxmem`, bcrypt 5's 72 bytes) live with each format; this file
//! knows only the algorithms.

use serde::{Deserialize, Serialize};

use super::error::HashError;

/// The most memory one hash may use here: 256 MiB (Django's argon2 needs 100 MiB).
pub const MEMORY_LIMIT_BYTES: u64 = 256 << 20;

/// The most PBKDF2 iterations one hash may run here: a few seconds natively.
pub const PBKDF2_ITERATION_LIMIT: u32 = 20_000_000;

/// The highest bcrypt cost run here: 2^16 rounds of EksBlowfish, about 16 times cost 12.
pub const BCRYPT_COST_LIMIT: u32 = 16;

/// The most argon2 passes run here.
pub const ARGON2_PASS_LIMIT: u32 = 64;

/// The highest scrypt parallelism run here (each lane is a full pass over N blocks).
pub const SCRYPT_PARALLELISM_LIMIT: u32 = 64;

/// The hash inside HMAC for PBKDF2, by the name `hashlib.pbkdf2_hmac` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Digest {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    /// hashlib's name, as Werkzeug writes it in `pbkdf2:<name>:<iterations>`.
    pub fn name(self) -> &'static str {
        match self {
            Digest::Sha1 => "sha1",
            Digest::Sha224 => "sha224",
            Digest::Sha256 => "sha256",
            Digest::Sha384 => "sha384",
            Digest::Sha512 => "sha512",
        }
    }

    /// The digest named `name` (lower case, as hashlib names it).
    pub fn from_name(name: &str) -> Result<Digest, HashError> {
        match name {
            "sha1" => Ok(Digest::Sha1),
            "sha224" => Ok(Digest::Sha224),
            "sha256" => Ok(Digest::Sha256),
            "sha384" => Ok(Digest::Sha384),
            "sha512" => Ok(Digest::Sha512),
            other => Err(HashError::UnknownDigest { name: other.chars().take(20).collect() }),
        }
    }

    /// The digest's size in bytes: PBKDF2's output length when none is given (hashlib's rule).
    pub fn size(self) -> usize {
        match self {
            Digest::Sha1 => 20,
            Digest::Sha224 => 28,
            Digest::Sha256 => 32,
            Digest::Sha384 => 48,
            Digest::Sha512 => 64,
        }
    }
}

/// PBKDF2-HMAC (RFC 8018 §5.2) with `digest`, `iterations` rounds, `len` bytes out.
pub fn pbkdf2(digest: Digest, password: &[u8], salt: &[u8], iterations: u32, len: usize) -> Result<Vec<u8>, HashError> {
    if iterations == 0 {
        return Err(HashError::OutOfRange {
            field: "iteration count",
            value: 0,
            reason: "PBKDF2 needs at least one iteration (hashlib raises \"iteration value must be greater than 0\")"
                .into(),
        });
    }
    if iterations > PBKDF2_ITERATION_LIMIT {
        return Err(HashError::TooMuchWork {
            what: format!(
                "{iterations} PBKDF2 iterations is more than {PBKDF2_ITERATION_LIMIT}, over thirteen times Django 6.1's default."
            ),
        });
    }
    let mut out = vec![0u8; len];
    match digest {
        Digest::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut out),
        Digest::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, salt, iterations, &mut out),
        Digest::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out),
        Digest::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, iterations, &mut out),
        Digest::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut out),
    }
    Ok(out)
}

/// The bytes scrypt allocates, counted as OpenSSL counts them for `maxmem` (`Blen + Vlen` in
/// its `scrypt_alg`): `128·r·p` for B and `128·r·(N+2)` for V, X and T. `None` on overflow.
pub fn scrypt_memory(n: u64, r: u64, p: u64) -> Option<u64> {
    let b = 128u64.checked_mul(r)?.checked_mul(p)?;
    let v = 128u64.checked_mul(r)?.checked_mul(n.checked_add(2)?)?;
    b.checked_add(v)
}

/// scrypt (RFC 7914) with cost `n` (a power of two), block size `r`, parallelism `p`.
pub fn scrypt(password: &[u8], salt: &[u8], n: u64, r: u32, p: u32, len: usize) -> Result<Vec<u8>, HashError> {
    if n < 2 || !n.is_power_of_two() {
        return Err(HashError::OutOfRange {
            field: "scrypt N",
            value: n,
            reason: "N must be a power of two greater than 1 (hashlib: \"n must be a power of 2\")".into(),
        });
    }
    if r == 0 || p == 0 {
        let (field, value) = if r == 0 { ("scrypt r", r) } else { ("scrypt p", p) };
        return Err(HashError::OutOfRange { field, value: value.into(), reason: "r and p must be at least 1".into() });
    }
    if p > SCRYPT_PARALLELISM_LIMIT {
        return Err(HashError::TooMuchWork {
            what: format!(
                "A parallelism of {p} runs scrypt's whole memory pass {p} times, over {SCRYPT_PARALLELISM_LIMIT}."
            ),
        });
    }
    let bytes = scrypt_memory(n, r.into(), p.into()).unwrap_or(u64::MAX);
    if bytes > MEMORY_LIMIT_BYTES {
        return Err(HashError::TooMuchMemory { bytes, limit: MEMORY_LIMIT_BYTES, library: "this sandbox".into() });
    }
    let log_n = n.trailing_zeros() as u8;
    let params = scrypt::Params::new(log_n, r, p).map_err(|_| HashError::OutOfRange {
        field: "scrypt r·p",
        value: u64::from(r) * u64::from(p),
        reason: "r times p must be under 2^30 (RFC 7914 §2)".into(),
    })?;
    // The crate allocates V with `vec!`, which aborts when the memory is not there. Reserving
    // the same size first turns that into an error; in wasm the grown memory stays for V.
    reserve(bytes)?;
    let mut out = vec![0u8; len];
    scrypt::scrypt(password, salt, &params, &mut out).map_err(|_| HashError::OutOfRange {
        field: "output length",
        value: len as u64,
        reason: "scrypt's output must be at least one byte".into(),
    })?;
    Ok(out)
}

/// The Argon2 variant (RFC 9106 §3.4), as a PHC string names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Argon2Variant {
    Argon2d,
    Argon2i,
    Argon2id,
}

impl Argon2Variant {
    /// The PHC identifier: `argon2id`.
    pub fn name(self) -> &'static str {
        match self {
            Argon2Variant::Argon2d => "argon2d",
            Argon2Variant::Argon2i => "argon2i",
            Argon2Variant::Argon2id => "argon2id",
        }
    }
}

/// Argon2's parameters as a PHC string carries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argon2Params {
    pub variant: Argon2Variant,
    /// 0x13 (19) for Argon2 1.3, 0x10 (16) for 1.0 (a PHC string without `v=`).
    pub version: u32,
    /// Memory in KiB (`m=`).
    pub memory_kib: u32,
    /// Passes over the memory (`t=`).
    pub passes: u32,
    /// Lanes (`p=`).
    pub lanes: u32,
}

/// Argon2 (RFC 9106) with `params`, `len` bytes out.
pub fn argon2(password: &[u8], salt: &[u8], params: Argon2Params, len: usize) -> Result<Vec<u8>, HashError> {
    let version = match params.version {
        0x13 => argon2::Version::V0x13,
        0x10 => argon2::Version::V0x10,
        other => {
            return Err(HashError::OutOfRange {
                field: "argon2 version",
                value: other.into(),
                reason: "Argon2 has versions 16 (1.0) and 19 (1.3)".into(),
            });
        }
    };
    if params.passes > ARGON2_PASS_LIMIT {
        return Err(HashError::TooMuchWork {
            what: format!("{} passes over the memory is more than {ARGON2_PASS_LIMIT}.", params.passes),
        });
    }
    let bytes = u64::from(params.memory_kib) * 1024;
    if bytes > MEMORY_LIMIT_BYTES {
        return Err(HashError::TooMuchMemory { bytes, limit: MEMORY_LIMIT_BYTES, library: "this sandbox".into() });
    }
    let built = argon2::Params::new(params.memory_kib, params.passes, params.lanes, Some(len)).map_err(|e| {
        let (field, value) = match e {
            argon2::Error::MemoryTooLittle | argon2::Error::MemoryTooMuch => ("argon2 memory (KiB)", params.memory_kib),
            argon2::Error::TimeTooSmall => ("argon2 time cost", params.passes),
            argon2::Error::ThreadsTooFew | argon2::Error::ThreadsTooMany => ("argon2 parallelism", params.lanes),
            _ => ("argon2 output length", len as u32),
        };
        HashError::OutOfRange {
            field,
            value: value.into(),
            reason: format!("{e} (RFC 9106 §3.1: memory at least 8 KiB per lane, time and lanes at least 1)"),
        }
    })?;
    let algorithm = match params.variant {
        Argon2Variant::Argon2d => argon2::Algorithm::Argon2d,
        Argon2Variant::Argon2i => argon2::Algorithm::Argon2i,
        Argon2Variant::Argon2id => argon2::Algorithm::Argon2id,
    };
    let mut out = vec![0u8; len];
    // `hash_password_into` allocates with `alloc_zeroed` and answers OutOfMemory when it fails.
    argon2::Argon2::new(algorithm, version, built).hash_password_into(password, salt, &mut out).map_err(
        |e| match e {
            argon2::Error::OutOfMemory => HashError::OutOfMemory { bytes },
            argon2::Error::SaltTooShort => {
                HashError::BadSalt { reason: "Argon2 needs a salt of at least 8 bytes".into() }
            }
            other => HashError::OutOfRange { field: "argon2 input", value: 0, reason: other.to_string() },
        },
    )?;
    Ok(out)
}

/// EksBlowfish-based bcrypt on exactly the bytes given (the caller adds the terminating NUL
/// and applies its library's length rule): 23 bytes, as the `$2b$` string keeps them.
pub fn bcrypt(key: &[u8], cost: u32, salt: [u8; 16]) -> Result<[u8; 23], HashError> {
    if !(4..=31).contains(&cost) {
        return Err(HashError::OutOfRange {
            field: "bcrypt cost",
            value: cost.into(),
            reason: "bcrypt's cost is 4 to 31 (2^cost rounds)".into(),
        });
    }
    if cost > BCRYPT_COST_LIMIT {
        return Err(HashError::TooMuchWork {
            what: format!("A bcrypt cost of {cost} is 2^{cost} rounds, {}× cost 12.", 1u64 << (cost - 12)),
        });
    }
    if key.is_empty() || key.len() > 72 {
        return Err(HashError::BadPassword { reason: "bcrypt takes 1 to 72 key bytes".into() });
    }
    let full = bcrypt::bcrypt(cost, salt, key);
    let mut out = [0u8; 23];
    out.copy_from_slice(full.get(..23).unwrap_or(&[0u8; 23]));
    Ok(out)
}

/// Reserves `bytes` and lets them go, so an allocation that cannot succeed is an error here.
fn reserve(bytes: u64) -> Result<(), HashError> {
    let size = usize::try_from(bytes).map_err(|_| HashError::OutOfMemory { bytes })?;
    let mut probe: Vec<u8> = Vec::new();
    probe.try_reserve_exact(size).map_err(|_| HashError::OutOfMemory { bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use data_encoding::HEXLOWER;

    #[test]
    fn pbkdf2_matches_rfc_6070() {
        // RFC 6070 §2, the second vector.
        let out = pbkdf2(Digest::Sha1, b"password", b"salt", 2, 20).unwrap();
        assert_eq!(HEXLOWER.encode(&out), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    }

    #[test]
    fn scrypt_matches_rfc_7914() {
        // RFC 7914 §12, the second vector.
        let out = scrypt(b"password", b"NaCl", 1024, 8, 16, 64).unwrap();
        assert!(HEXLOWER.encode(&out).starts_with("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"));
    }

    #[test]
    fn scrypt_refuses_before_allocating() {
        assert!(matches!(scrypt(b"p", b"s", 1 << 40, 8, 1, 64), Err(HashError::TooMuchMemory { .. })));
        assert!(matches!(scrypt(b"p", b"s", 3, 8, 1, 64), Err(HashError::OutOfRange { .. })));
        assert!(matches!(scrypt(b"p", b"s", 16, 0, 1, 64), Err(HashError::OutOfRange { .. })));
    }

    #[test]
    fn argon2_refuses_memory_over_the_limit() {
        let params =
            Argon2Params { variant: Argon2Variant::Argon2id, version: 19, memory_kib: u32::MAX, passes: 2, lanes: 1 };
        assert!(matches!(argon2(b"p", b"saltsalt", params, 32), Err(HashError::TooMuchMemory { .. })));
    }

    #[test]
    fn pbkdf2_refuses_zero_and_huge_iterations() {
        assert!(matches!(pbkdf2(Digest::Sha256, b"p", b"s", 0, 32), Err(HashError::OutOfRange { .. })));
        assert!(matches!(pbkdf2(Digest::Sha256, b"p", b"s", u32::MAX, 32), Err(HashError::TooMuchWork { .. })));
    }
}
