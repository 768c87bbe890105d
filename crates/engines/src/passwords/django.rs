//! Django's strings (`django.contrib.auth.hashers`, 6.1 and 5.2): `algorithm$…` with a salt of
//! 22 characters from `RANDOM_STRING_CHARS` (128 bits of entropy, `BasePasswordHasher.salt`)
//! and the key in standard base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use data_encoding::HEXLOWER;

use super::bcrypt_string;
use super::error::HashError;
use super::kdf::{self, Digest};
use super::parse::{number, ParsedHash};
use super::phc;
use super::scheme::Scheme;
use super::werkzeug::{iteration_count, small};

/// OpenSSL's `SCRYPT_MAX_MEM` (32 MiB), which applies because Django passes `maxmem=0`.
pub const OPENSSL_DEFAULT_SCRYPT_MAXMEM: u64 = 32 << 20;

/// Django's `ScryptPasswordHasher` keeps `maxmem = 0`, so OpenSSL's 32 MiB default decides:
/// N=2^14, r=8 fits, N=2^15, r=8 does not ("memory limit exceeded").
pub fn check_scrypt_memory(n: u64, r: u32, p: u32) -> Result<(), HashError> {
    let needed = kdf::scrypt_memory(n, r.into(), p.into()).unwrap_or(u64::MAX);
    if n >= 2 && n.is_power_of_two() && needed > OPENSSL_DEFAULT_SCRYPT_MAXMEM {
        return Err(HashError::TooMuchMemory {
            bytes: needed,
            limit: OPENSSL_DEFAULT_SCRYPT_MAXMEM,
            library: "Django's scrypt (maxmem=0, so OpenSSL's default)".into(),
        });
    }
    Ok(())
}

/// Django's check on a salt before encoding (`_check_encode_args`): present, and no `$`.
pub fn check_salt(salt: &[u8]) -> Result<(), HashError> {
    if salt.is_empty() || salt.contains(&b'$') {
        return Err(HashError::BadSalt {
            reason: "Django needs a salt, without \"$\" (\"salt must be provided and cannot contain $.\")".into(),
        });
    }
    Ok(())
}

/// The string `make_password` stores for `scheme`, `salt` and the derived `digest`.
pub fn encode(scheme: &Scheme, salt: &[u8], digest: &[u8]) -> String {
    let salt_text = String::from_utf8_lossy(salt);
    match scheme {
        Scheme::DjangoPbkdf2 { digest: d, iterations } => {
            format!("pbkdf2_{}${iterations}${salt_text}${}", d.name(), STANDARD.encode(digest))
        }
        Scheme::DjangoArgon2(params) => format!("argon2{}", phc::encode(params, salt, digest)),
        Scheme::DjangoBcryptSha256 { prefix, cost } => {
            format!("bcrypt_sha256${}", bcrypt_string::encode(*prefix, *cost, salt, digest))
        }
        Scheme::DjangoBcrypt { prefix, cost } => {
            format!("bcrypt${}", bcrypt_string::encode(*prefix, *cost, salt, digest))
        }
        Scheme::DjangoScrypt { n, r, p } => {
            format!("scrypt${n}${salt_text}${r}${p}${}", STANDARD.encode(digest))
        }
        Scheme::DjangoMd5 => format!("md5${salt_text}${}", HEXLOWER.encode(digest)),
        other => other.label(),
    }
}

/// Reads a Django string as its hasher's `decode` splits it; `algorithm` is the text before the
/// first `$` (`identify_hasher`).
pub fn parse(algorithm: &str, text: &str) -> Result<ParsedHash, HashError> {
    match algorithm {
        "pbkdf2_sha256" | "pbkdf2_sha1" => {
            let digest = if algorithm == "pbkdf2_sha1" { Digest::Sha1 } else { Digest::Sha256 };
            // `algorithm, iterations, salt, hash = encoded.split("$", 3)`
            let fields = split(text, 4, "Django pbkdf2", "algorithm$iterations$salt$hash")?;
            let iterations = canonical(fields[1], iteration_count(fields[1])?.into())? as u32;
            let key = base64_digest(fields[3], digest.size())?;
            Ok(ParsedHash {
                scheme: Scheme::DjangoPbkdf2 { digest, iterations },
                salt: fields[2].as_bytes().to_vec(),
                digest: key,
            })
        }
        "scrypt" => {
            // `algorithm, work_factor, salt, block_size, parallelism, hash_ = encoded.split("$", 6)`
            let fields = split(text, 6, "Django scrypt", "scrypt$N$salt$r$p$hash")?;
            let n = canonical(fields[1], number("scrypt N", fields[1])?)?;
            let r = canonical(fields[3], small("scrypt r", fields[3])?.into())? as u32;
            let p = canonical(fields[4], small("scrypt p", fields[4])?.into())? as u32;
            let key = base64_digest(fields[5], 64)?;
            Ok(ParsedHash {
                scheme: Scheme::DjangoScrypt { n, r, p },
                salt: fields[2].as_bytes().to_vec(),
                digest: key,
            })
        }
        "argon2" => {
            let rest = text.get("argon2".len()..).unwrap_or("");
            let (params, salt, digest) = phc::parse(rest)?;
            Ok(ParsedHash { scheme: Scheme::DjangoArgon2(params), salt, digest })
        }
        "bcrypt_sha256" | "bcrypt" => {
            // `algorithm, empty, algostr, work_factor, data = encoded.split("$", 4)`
            let rest = text.get(algorithm.len() + 1..).unwrap_or("");
            let (prefix, cost, salt, digest) = bcrypt_string::parse(rest)?;
            let scheme = if algorithm == "bcrypt" {
                Scheme::DjangoBcrypt { prefix, cost }
            } else {
                Scheme::DjangoBcryptSha256 { prefix, cost }
            };
            Ok(ParsedHash { scheme, salt: salt.to_vec(), digest: digest.to_vec() })
        }
        "md5" => {
            let fields = split(text, 3, "Django md5", "md5$salt$hex digest")?;
            let digest =
                HEXLOWER.decode(fields[2].as_bytes()).ok().filter(|d| d.len() == 16).ok_or(HashError::BadEncoding {
                    field: "digest",
                    encoding: "32 lower-case hex characters",
                    detail: "Django compares the hex text it computes".into(),
                })?;
            Ok(ParsedHash { scheme: Scheme::DjangoMd5, salt: fields[1].as_bytes().to_vec(), digest })
        }
        other => Err(HashError::UnknownScheme { start: other.chars().take(24).collect() }),
    }
}

/// Splits on `$` into exactly `count` fields, as Python's tuple unpacking demands.
fn split<'a>(
    text: &'a str,
    count: usize,
    scheme: &'static str,
    layout: &'static str,
) -> Result<Vec<&'a str>, HashError> {
    let fields: Vec<&str> = text.splitn(count, '$').collect();
    // `split("$", 6)` gives up to 7 pieces: one `$` too many is also a wrong count.
    let found = text.split('$').count();
    if fields.len() != count || (count == 6 && found != 6) {
        return Err(HashError::FieldCount { scheme, expected: count, found, layout });
    }
    Ok(fields)
}

/// Django's `verify` encodes again and compares the whole string, so a number written any way
/// but Python's `%d` (a leading zero) can never match.
fn canonical(text: &str, value: u64) -> Result<u64, HashError> {
    if value.to_string() != text {
        return Err(HashError::BadEncoding {
            field: "number",
            encoding: "plain decimal",
            detail: format!(
                "Django writes {value}, not \"{text}\", and compares the whole string, so this hash never matches"
            ),
        });
    }
    Ok(value)
}

/// A standard base64 key of `len` bytes, written as Django writes it (padded, canonical).
fn base64_digest(text: &str, len: usize) -> Result<Vec<u8>, HashError> {
    let key = STANDARD.decode(text).map_err(|e| HashError::BadEncoding {
        field: "hash",
        encoding: "base64",
        detail: e.to_string(),
    })?;
    if key.len() != len {
        return Err(HashError::BadEncoding {
            field: "hash",
            encoding: "base64 of the right length",
            detail: format!("this scheme stores {len} bytes, this hash holds {}", key.len()),
        });
    }
    Ok(key)
}
