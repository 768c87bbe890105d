//! Werkzeug 3.1's strings (`werkzeug.security`): `method$salt$hexdigest`, where the method is
//! `scrypt:N:r:p` or `pbkdf2:<hash>:<iterations>` and the salt is 16 characters of
//! `SALT_CHARS` (`generate_password_hash(password, method="scrypt", salt_length=16)`).

use data_encoding::HEXLOWER;

use super::error::HashError;
use super::kdf::{self, Digest};
use super::parse::{number, ParsedHash};
use super::scheme::Scheme;

/// Werkzeug's `DEFAULT_PBKDF2_ITERATIONS` (3.1).
pub const DEFAULT_PBKDF2_ITERATIONS: u32 = 1_000_000;

/// Python's `hashlib.scrypt` refuses a `maxmem` above `INT_MAX`.
const PYTHON_MAXMEM_LIMIT: u64 = i32::MAX as u64;

/// The method part as Werkzeug writes it back: `scrypt:32768:8:1`, `pbkdf2:sha256:1000000`.
pub fn method(scheme: &Scheme) -> String {
    match scheme {
        Scheme::WerkzeugScrypt { n, r, p } => format!("scrypt:{n}:{r}:{p}"),
        Scheme::WerkzeugPbkdf2 { digest, iterations } => {
            format!("pbkdf2:{}:{iterations}", digest.name())
        }
        other => other.label(),
    }
}

/// Werkzeug passes `maxmem = 132 * n * r * p` ("ideally 128, but some extra seems needed") to
/// `hashlib.scrypt`, so OpenSSL refuses small N (below 96 with p=1: its count adds 3 blocks),
/// and Python refuses any maxmem above 2^31-1 (N=2^21 with r=8 already).
pub fn check_scrypt_memory(n: u64, r: u32, p: u32) -> Result<(), HashError> {
    let maxmem = 132u64.checked_mul(n).and_then(|m| m.checked_mul(r.into())).and_then(|m| m.checked_mul(p.into()));
    let Some(maxmem) = maxmem.filter(|m| *m <= PYTHON_MAXMEM_LIMIT) else {
        return Err(HashError::OutOfRange {
            field: "scrypt N·r·p",
            value: n.saturating_mul(u64::from(r)).saturating_mul(u64::from(p)),
            reason: "Werkzeug asks hashlib for maxmem = 132·N·r·p bytes, and Python refuses more than 2,147,483,647 (\"maxmem must be positive and smaller than 2147483647\")".into(),
        });
    };
    let needed = kdf::scrypt_memory(n, r.into(), p.into()).unwrap_or(u64::MAX);
    if n >= 2 && n.is_power_of_two() && needed > maxmem {
        return Err(HashError::OutOfRange {
            field: "scrypt N",
            value: n,
            reason: format!(
                "OpenSSL needs {needed} bytes but Werkzeug allows 132·N·r·p = {maxmem}, so hashlib raises \"memory limit exceeded\""
            ),
        });
    }
    Ok(())
}

/// `method$salt$hexdigest`.
pub fn encode(scheme: &Scheme, salt: &[u8], digest: &[u8]) -> String {
    format!("{}${}${}", method(scheme), String::from_utf8_lossy(salt), HEXLOWER.encode(digest))
}

/// Reads a Werkzeug string as `check_password_hash` splits it (`pwhash.split("$", 2)`).
pub fn parse(text: &str) -> Result<ParsedHash, HashError> {
    let fields: Vec<&str> = text.splitn(3, '$').collect();
    let [method_text, salt, hex] = fields.as_slice() else {
        return Err(HashError::FieldCount {
            scheme: "Werkzeug",
            expected: 3,
            found: fields.len(),
            layout: "method$salt$hex digest",
        });
    };
    let scheme = parse_method(method_text)?;
    let expected_len = match scheme {
        Scheme::WerkzeugPbkdf2 { digest, .. } => digest.size(),
        _ => 64,
    };
    let digest = HEXLOWER.decode(hex.as_bytes()).map_err(|_| HashError::BadEncoding {
        field: "digest",
        encoding: "lower-case hex",
        detail: "Werkzeug compares the hex text it computes, so upper case or any other character never matches".into(),
    })?;
    if digest.len() != expected_len {
        return Err(HashError::BadEncoding {
            field: "digest",
            encoding: "hex of the right length",
            detail: format!(
                "{} needs {} hex characters, this one has {}",
                method(&scheme),
                expected_len * 2,
                hex.len()
            ),
        });
    }
    Ok(ParsedHash { scheme, salt: salt.as_bytes().to_vec(), digest })
}

/// `scrypt`, `scrypt:N:r:p`, `pbkdf2`, `pbkdf2:<hash>`, `pbkdf2:<hash>:<iterations>`
/// (`_hash_internal`'s cases, with its defaults for the short forms).
fn parse_method(text: &str) -> Result<Scheme, HashError> {
    let mut parts = text.split(':');
    let name = parts.next().unwrap_or("");
    let args: Vec<&str> = parts.collect();
    match (name, args.as_slice()) {
        ("scrypt", []) => Ok(Scheme::WERKZEUG_DEFAULT),
        ("scrypt", [n, r, p]) => {
            Ok(Scheme::WerkzeugScrypt { n: number("scrypt N", n)?, r: small("scrypt r", r)?, p: small("scrypt p", p)? })
        }
        ("scrypt", other) => Err(HashError::FieldCount {
            scheme: "Werkzeug scrypt method",
            expected: 4,
            found: other.len() + 1,
            layout: "scrypt:N:r:p",
        }),
        ("pbkdf2", []) => Ok(Scheme::WERKZEUG_PBKDF2),
        ("pbkdf2", [digest]) => {
            Ok(Scheme::WerkzeugPbkdf2 { digest: Digest::from_name(digest)?, iterations: DEFAULT_PBKDF2_ITERATIONS })
        }
        ("pbkdf2", [digest, iterations]) => {
            Ok(Scheme::WerkzeugPbkdf2 { digest: Digest::from_name(digest)?, iterations: iteration_count(iterations)? })
        }
        ("pbkdf2", other) => Err(HashError::FieldCount {
            scheme: "Werkzeug pbkdf2 method",
            expected: 3,
            found: other.len() + 1,
            layout: "pbkdf2:hash:iterations",
        }),
        _ => Err(HashError::UnknownScheme { start: text.chars().take(24).collect() }),
    }
}

/// A u32 parameter.
pub(crate) fn small(field: &'static str, text: &str) -> Result<u32, HashError> {
    let value = number(field, text)?;
    u32::try_from(value).map_err(|_| HashError::OutOfRange {
        field,
        value,
        reason: "it does not fit in 32 bits, which OpenSSL's scrypt and bcrypt need".into(),
    })
}

/// An iteration count: hashlib takes at most `INT_MAX` ("iteration value is too great").
pub(crate) fn iteration_count(text: &str) -> Result<u32, HashError> {
    let value = number("iteration count", text)?;
    if value > i32::MAX as u64 {
        return Err(HashError::OutOfRange {
            field: "iteration count",
            value,
            reason: "Python's hashlib takes at most 2,147,483,647 iterations (\"iteration value is too great\")".into(),
        });
    }
    Ok(value as u32)
}
