//! Flask 3.1's `TaggedJSONSerializer` (`flask/json/tag.py`) read back: the Python values a view
//! finds in `session`, with the tags Flask adds for types JSON lacks.
//!
//! Tags, as Flask registers them: `" di"` a one-key dict whose key is itself a tag, `" t"` tuple,
//! `" b"` bytes (standard base64), `" m"` `Markup`, `" u"` UUID (hex), `" d"` datetime (an
//! HTTP date). A dict is untagged only when it has exactly one key and that key is a tag, after
//! its values were untagged (`_untag_scan`).

use serde::Serialize;
use serde_json::Value;

use super::python_base64::decode_standard;
use super::python_json::python_float_repr;

/// A value as the Flask view sees it in `session`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionValue {
    /// `None`.
    None,
    /// `True`/`False`.
    Bool(bool),
    /// An `int`, as Python prints it.
    Int(String),
    /// A `float`, as Python's `repr` prints it.
    Float(String),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<SessionValue>),
    /// A `dict`, keys in the order the JSON holds them (sorted, when Flask wrote it).
    Dict(Vec<(String, SessionValue)>),
    /// A `tuple` (tag `" t"`).
    Tuple(Vec<SessionValue>),
    /// `bytes` (tag `" b"`), as lower-case hex.
    Bytes(String),
    /// `markupsafe.Markup` (tag `" m"`): a string Jinja will not escape.
    Markup(String),
    /// `uuid.UUID` (tag `" u"`), as `str(uuid)`.
    Uuid(String),
    /// `datetime` (tag `" d"`), as `isoformat()` of the aware UTC value.
    Datetime(String),
}

/// Why Flask could not untag the payload (it raises, and itsdangerous turns that into
/// `BadPayload`, so the session comes back empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UntagError {
    /// The plain-English message.
    pub message: String,
}

impl std::fmt::Display for UntagError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UntagError {}

const TAGS: [&str; 6] = [" di", " t", " b", " m", " u", " d"];

/// `TaggedJSONSerializer._untag_scan`.
pub fn untag(value: &Value) -> Result<SessionValue, UntagError> {
    Ok(match value {
        Value::Null => SessionValue::None,
        Value::Bool(b) => SessionValue::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => SessionValue::Int(i.to_string()),
            (_, Some(u)) => SessionValue::Int(u.to_string()),
            _ => SessionValue::Float(python_float_repr(n.as_f64().unwrap_or(f64::NAN))),
        },
        Value::String(s) => SessionValue::Str(s.clone()),
        Value::Array(items) => SessionValue::List(items.iter().map(untag).collect::<Result<_, _>>()?),
        Value::Object(map) => {
            let entries =
                map.iter().map(|(k, v)| Ok((k.clone(), untag(v)?))).collect::<Result<Vec<_>, UntagError>>()?;
            match entries.as_slice() {
                [(key, inner)] if TAGS.contains(&key.as_str()) => untag_one(key, inner)?,
                _ => SessionValue::Dict(entries),
            }
        }
    })
}

/// `JSONTag.to_python` of the tag `key` on an already untagged `inner` value.
fn untag_one(key: &str, inner: &SessionValue) -> Result<SessionValue, UntagError> {
    let err = |message: String| UntagError { message };
    match key {
        " di" => match inner {
            // `{key[:-2]: value[key]}`: the one key loses its last two characters ("__").
            SessionValue::Dict(entries) => Ok(SessionValue::Dict(
                entries
                    .iter()
                    .take(1)
                    .map(|(k, v)| {
                        let mut chars: Vec<char> = k.chars().collect();
                        chars.truncate(chars.len().saturating_sub(2));
                        (chars.into_iter().collect(), v.clone())
                    })
                    .collect(),
            )),
            _ => Err(err("the \" di\" tag holds something other than a one-key object".into())),
        },
        " t" => match inner {
            SessionValue::List(items) => Ok(SessionValue::Tuple(items.clone())),
            // `tuple("ab")` is ('a', 'b') in Python.
            SessionValue::Str(s) => {
                Ok(SessionValue::Tuple(s.chars().map(|c| SessionValue::Str(c.to_string())).collect()))
            }
            SessionValue::Dict(entries) => {
                Ok(SessionValue::Tuple(entries.iter().map(|(k, _)| SessionValue::Str(k.clone())).collect()))
            }
            _ => Err(err("the tuple tag \" t\" holds a value Python cannot turn into a tuple".into())),
        },
        " b" => match inner {
            SessionValue::Str(s) if s.is_ascii() => match decode_standard(s) {
                Ok(bytes) => Ok(SessionValue::Bytes(bytes.iter().map(|b| format!("{b:02x}")).collect())),
                Err(e) => Err(err(format!("the bytes tag \" b\" holds {e}"))),
            },
            _ => Err(err("the bytes tag \" b\" must hold base64 text".into())),
        },
        " m" => match inner {
            // `Markup(value)` is `str(value)` for any scalar.
            SessionValue::Str(s) | SessionValue::Int(s) | SessionValue::Float(s) => Ok(SessionValue::Markup(s.clone())),
            SessionValue::Bool(b) => Ok(SessionValue::Markup(if *b { "True" } else { "False" }.to_string())),
            SessionValue::None => Ok(SessionValue::Markup("None".to_string())),
            _ => Err(err(
                "the Markup tag \" m\" holds a list or an object, which this workbench cannot print as Python would"
                    .into(),
            )),
        },
        " u" => match inner {
            SessionValue::Str(s) => parse_uuid(s)
                .map(SessionValue::Uuid)
                .ok_or_else(|| err(format!("the UUID tag \" u\" holds {s:?}, which is not 32 hexadecimal digits"))),
            _ => Err(err("the UUID tag \" u\" must hold a string".into())),
        },
        " d" => match inner {
            // Werkzeug's `parse_date` returns None for text it cannot read instead of failing.
            SessionValue::Str(s) => Ok(parse_http_date(s).map_or(SessionValue::None, SessionValue::Datetime)),
            _ => Err(err("the datetime tag \" d\" must hold a date string".into())),
        },
        _ => Err(err(format!("unknown tag {key:?}"))),
    }
}

/// `uuid.UUID(hex)` for the common spellings (braces, `urn:uuid:`, hyphens), as `str(uuid)`.
fn parse_uuid(text: &str) -> Option<String> {
    let hex: String = text.replace("urn:", "").replace("uuid:", "");
    let hex: String = hex.trim_matches(|c| c == '{' || c == '}').replace('-', "");
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or_default().to_string();
    Some(format!("{}-{}-{}-{}-{}", part(0, 8), part(8, 12), part(12, 16), part(16, 20), part(20, 32)))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The IMF-fixdate Flask writes (`werkzeug.http.http_date`: `Wed, 21 Oct 2015 07:28:00 GMT`),
/// as `isoformat()` of the aware UTC datetime. Other spellings Werkzeug might still read are
/// shown as unreadable (`None`) rather than guessed.
pub fn parse_http_date(text: &str) -> Option<String> {
    let rest = text.get(5..)?; // "Wed, "
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? + 1;
    let year: u32 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let mut hms = time.split(':').map(|p| p.parse::<u32>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 59 {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}+00:00"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_dates_flask_writes() {
        assert_eq!(
            super::parse_http_date("Fri, 31 Dec 1999 23:59:59 GMT").as_deref(),
            Some("1999-12-31T23:59:59+00:00")
        );
    }
}
