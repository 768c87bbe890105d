//! JSON as Flask's session serializer writes it: `json.dumps(obj, ensure_ascii=True,
//! sort_keys=True, separators=(",", ":"))` (Flask 3.1's `DefaultJSONProvider` inside the app
//! context every request has), and JSON read as `json.loads` would, with plain-word errors.
//!
//! Reading goes through serde_json; its differences from Python's `json` are stated where they
//! matter: it refuses `NaN`/`Infinity` (Python writes them for float specials) and lone
//! surrogates in `\u` escapes, reads integers past 64 bits as floats, and stops nesting at 128
//! levels (Python at about 1,000).

use std::fmt::Write as _;

use serde_json::Value;

/// Why a text is not JSON Flask could have written, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// The plain-English message.
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text as `json.loads` would (see the module documentation for the differences).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    serde_json::from_str(text).map_err(|e| {
        let line = e.line();
        let column = e.column();
        let what = e.to_string();
        // serde_json's message ends with " at line L column C"; keep only the reason.
        let reason = what.split(" at line ").next().unwrap_or(&what).to_string();
        let hint = if text.contains("NaN") || text.contains("Infinity") {
            " (Python's json writes NaN and Infinity for float specials; they are not JSON and this workbench cannot read them)"
        } else if reason.contains("surrogate") {
            " (a \\u escape that is half of a surrogate pair: Python accepts it, but it is not text)"
        } else if reason.contains("recursion limit") {
            " (nested more than 128 levels deep)"
        } else {
            ""
        };
        JsonError { message: format!("not valid JSON at line {line}, column {column}: {reason}{hint}") }
    })
}

/// `json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))`.
pub fn dumps_sorted_ascii(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                out.push_str(&python_float_repr(n.as_f64().unwrap_or(f64::NAN)));
            }
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // serde_json's map is a BTreeMap: keys in byte order of UTF-8, which is code point
            // order, which is how Python sorts `str` keys.
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// Python's `py_encode_basestring_ascii`: everything outside `' '..='~'` becomes `\uXXXX`
/// (lower-case hex, astral characters as a surrogate pair), with the short escapes for
/// `"`, `\`, `\n`, `\r`, `\t`, `\b`, `\f`.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if let Some(escape) = crate::json::short_escape(c) {
            out.push_str(escape);
            continue;
        }
        match c {
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// Python's `repr(float)` (`float_repr_style == 'short'`), which `json.dumps` uses: the shortest
/// digits that round-trip, in fixed notation when the decimal point falls between 10^-4 and
/// 10^16, otherwise `d.ddde+XX`.
pub fn python_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity".to_string() } else { "-Infinity".to_string() };
    }
    // Rust's `{:e}` prints the shortest round-trip digits too: "1.2345e-7", "1e16", "-0e0".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let decpt = exponent + 1;
    if !(-3..=16).contains(&decpt) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let dot = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let esign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}e{esign}{:02}", exponent.unsigned_abs());
    }
    let len = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    if decpt <= 0 {
        let zeros = "0".repeat(decpt.unsigned_abs() as usize);
        format!("{sign}0.{zeros}{digits}")
    } else if decpt >= len {
        let zeros = "0".repeat((decpt - len) as usize);
        format!("{sign}{digits}{zeros}.0")
    } else {
        let (int, frac) = digits.split_at(decpt as usize);
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e16, "1.5e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (2.71, "2.71"),
            (1e-300, "1e-300"),
            (2.5e-5, "2.5e-05"),
        ];
        for (x, want) in cases {
            assert_eq!(python_float_repr(x), want, "{x}");
        }
    }

    #[test]
    fn strings_escape_as_ensure_ascii() {
        let mut out = String::new();
        write_string(&mut out, "caf\u{e9} \u{1f409} \"q\" \\ \u{7f}\u{1}\n");
        assert_eq!(out, r#""caf\u00e9 \ud83d\udc09 \"q\" \\ \u007f\u0001\n""#);
    }
}
