//! Argon2's PHC string as the reference C library (inside argon2-cffi) writes it:
//! `$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>`, salt and hash in base64 without padding.

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;

use super::error::HashError;
use super::kdf::{Argon2Params, Argon2Variant};
use super::parse::number;

/// `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
pub fn encode(params: &Argon2Params, salt: &[u8], hash: &[u8]) -> String {
    format!(
        "${}$v={}$m={},t={},p={}${}${}",
        params.variant.name(),
        params.version,
        params.memory_kib,
        params.passes,
        params.lanes,
        STANDARD_NO_PAD.encode(salt),
        STANDARD_NO_PAD.encode(hash)
    )
}

/// Reads a PHC string (starting with `$`): parameters, salt bytes, hash bytes. The C library's
/// `decode_string` wants the fields in this order; a string without `v=` is Argon2 1.0.
pub fn parse(text: &str) -> Result<(Argon2Params, Vec<u8>, Vec<u8>), HashError> {
    let fields: Vec<&str> = text.split('$').collect();
    let layout = "$variant$v=19$m=…,t=…,p=…$salt$hash";
    let (variant, version, costs, salt, hash) = match fields.as_slice() {
        ["", variant, version, costs, salt, hash] => (*variant, Some(*version), *costs, *salt, *hash),
        ["", variant, costs, salt, hash] => (*variant, None, *costs, *salt, *hash),
        _ => {
            return Err(HashError::FieldCount { scheme: "Argon2 (PHC)", expected: 6, found: fields.len(), layout });
        }
    };
    let variant = match variant {
        "argon2id" => Argon2Variant::Argon2id,
        "argon2i" => Argon2Variant::Argon2i,
        "argon2d" => Argon2Variant::Argon2d,
        other => {
            return Err(HashError::UnknownScheme { start: format!("${}", other.chars().take(20).collect::<String>()) })
        }
    };
    let version = match version {
        None => 0x10,
        Some(v) => {
            let digits = v.strip_prefix("v=").ok_or(HashError::FieldCount {
                scheme: "Argon2 (PHC)",
                expected: 6,
                found: fields.len(),
                layout,
            })?;
            u32::try_from(number("argon2 version", digits)?).unwrap_or(u32::MAX)
        }
    };
    let mut values = [0u32; 3];
    let names = ["m=", "t=", "p="];
    let parts: Vec<&str> = costs.split(',').collect();
    if parts.len() != 3 {
        return Err(HashError::FieldCount {
            scheme: "Argon2 cost field",
            expected: 3,
            found: parts.len(),
            layout: "m=…,t=…,p=…",
        });
    }
    for ((slot, part), name) in values.iter_mut().zip(&parts).zip(names) {
        let digits = part.strip_prefix(name).ok_or_else(|| HashError::BadEncoding {
            field: "cost field",
            encoding: "m=…,t=…,p=… in that order",
            detail: format!("expected \"{name}…\", found \"{}\"", part.chars().take(20).collect::<String>()),
        })?;
        let field = match name {
            "m=" => "argon2 memory (KiB)",
            "t=" => "argon2 time cost",
            _ => "argon2 parallelism",
        };
        let value = number(field, digits)?;
        *slot = u32::try_from(value).map_err(|_| HashError::OutOfRange {
            field,
            value,
            reason: "Argon2 parameters are 32-bit numbers (RFC 9106 §3.1)".into(),
        })?;
    }
    let decode = |field: &'static str, text: &str| {
        STANDARD_NO_PAD.decode(text).map_err(|e| HashError::BadEncoding {
            field,
            encoding: "base64 (no padding)",
            detail: e.to_string(),
        })
    };
    let salt = decode("salt", salt)?;
    let hash = decode("hash", hash)?;
    if hash.len() < 4 {
        return Err(HashError::BadEncoding {
            field: "hash",
            encoding: "base64 of at least 4 bytes",
            detail: format!("it holds {} bytes", hash.len()),
        });
    }
    let params = Argon2Params { variant, version, memory_kib: values[0], passes: values[1], lanes: values[2] };
    Ok((params, salt, hash))
}
