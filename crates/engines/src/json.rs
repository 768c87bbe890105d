//! A small JSON reader and writer for the app's own files and messages.
//!
//! The first page load reads and writes exactly three kinds of JSON: the saved progress
//! ([`crate::progress`]), a lesson's content file ([`crate::book`]) and the messages between the
//! app and a sandbox page. All three hold only objects, arrays, strings, booleans and small
//! whole numbers. serde_json with its derives cost the app wasm about 18 KB gzip (its code is
//! generated again for every type); this reader is one function for every document, and it has
//! no floating-point code because numbers stay the text they were written as
//! (ARCHITECTURE.md, "The first load reads its JSON by hand", has the figures and the
//! alternatives measured).
//!
//! It follows RFC 8259 exactly: the native tests check that it accepts and rejects what
//! serde_json does, and that what it writes serde_json reads back as the same value. It never
//! panics, and refuses documents nested deeper than [`MAX_DEPTH`] (as serde_json does) so that
//! a hostile file cannot exhaust the stack.
//!
//! ```
//! use dragonproof_engines::json::{self, Value};
//! let value = json::parse(r#"{"read": true, "quests": {}}"#).unwrap();
//! assert_eq!(value.get("read").and_then(Value::as_bool), Some(true));
//! assert_eq!(value.to_compact(), r#"{"read":true,"quests":{}}"#);
//! ```

use std::fmt;

/// How deeply arrays and objects may nest: serde_json reads 127 levels and refuses the 128th.
pub const MAX_DEPTH: usize = 127;

/// A JSON value. Objects keep their keys in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number as written in the text (already checked against JSON's grammar).
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// A number's literal text, e.g. `1`, `-0.5`, `2e10`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// The number as a whole number that fits `u64`: `None` for a fraction, an exponent or a
    /// sign, as serde_json refuses `1.0` or `1e2` where it expects an integer.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.bytes().all(|byte| byte.is_ascii_digit()).then(|| self.0.parse().ok()).flatten()
    }

    /// The literal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<u64> for Value {
    fn from(number: u64) -> Self {
        Value::Number(Number(number.to_string()))
    }
}

impl From<u32> for Value {
    fn from(number: u32) -> Self {
        Value::from(u64::from(number))
    }
}

impl From<u8> for Value {
    fn from(number: u8) -> Self {
        Value::from(u64::from(number))
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::String(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::String(text)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::Array(items.into_iter().map(Into::into).collect())
    }
}

/// An object from its fields, in this order.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
}

impl Value {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(number) => number.as_u64(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The fields of an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(fields) => Some(fields),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The field `key` of an object. Where a key is written twice the last one counts, as in
    /// the browser's `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.iter().rev().find(|(name, _)| name == key).map(|(_, value)| value)
    }

    /// The field `key` as `read` reads it: the type's default when the object leaves it out
    /// (serde's `#[serde(default)]`), `None` when it is there but does not fit.
    pub fn field_or_default<T: Default>(&self, key: &str, read: impl FnOnce(&Value) -> Option<T>) -> Option<T> {
        match self.get(key) {
            None => Some(T::default()),
            Some(value) => read(value),
        }
    }

    /// Whether this is an object whose every key is one of `keys` (what serde's
    /// `deny_unknown_fields` checked: a record with a stranger's field is not ours).
    pub fn has_only(&self, keys: &[&str]) -> bool {
        self.as_object().is_some_and(|fields| fields.iter().all(|(name, _)| keys.contains(&name.as_str())))
    }

    /// The JSON text on one line, without spaces: what travels in a message.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out, None);
        out
    }

    /// The JSON text indented by two spaces, as serde_json's `to_string_pretty` writes it: what
    /// a person may open (an exported progress file).
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out, Some(0));
        out
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub reason: &'static str,
    /// 1-based, counted in lines and characters, as an editor shows them.
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.reason, self.line, self.column)
    }
}

impl std::error::Error for JsonError {}

/// Reads a JSON document: one value, with only white space around it.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut reader = Reader { text, at: 0, depth: 0 };
    let value = reader.value()?;
    reader.skip_space();
    if reader.at < text.len() {
        return Err(reader.error("unexpected text after the end of the document"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    /// A byte offset into `text`, always at a character boundary between tokens.
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self, reason: &'static str) -> JsonError {
        let before = self.text.get(..self.at).unwrap_or(self.text);
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        JsonError {
            reason,
            line: before.matches('\n').count() + 1,
            column: before.get(line_start..).map_or(0, |line| line.chars().count()) + 1,
        }
    }

    fn skip_space(&mut self) {
        // RFC 8259 white space: space, tab, line feed, carriage return; nothing else.
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn value(&mut self) -> Result<Value, JsonError> {
        self.skip_space();
        match self.peek() {
            None => Err(self.error("the text ends where a value was expected")),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, JsonError>) -> Result<Value, JsonError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error("arrays and objects are nested too deeply"));
        }
        self.depth += 1;
        self.at += 1; // the opening bracket
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_space();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `]`"));
            }
        }
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        let mut fields = Vec::new();
        self.skip_space();
        if self.eat(b'}') {
            return Ok(Value::Object(fields));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key in double quotes"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b':') {
                return Err(self.error("expected `:` after a key"));
            }
            fields.push((key, self.value()?));
            self.skip_space();
            if self.eat(b'}') {
                return Ok(Value::Object(fields));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `}`"));
            }
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.text.get(self.at..).is_some_and(|rest| rest.starts_with(word)) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        self.eat(b'-');
        if self.eat(b'0') {
            if self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.error("a number may not start with 0"));
            }
        } else if self.digits() == 0 {
            return Err(self.error("expected a digit"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("expected a digit after the decimal point"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let literal = self.text.get(start..self.at).unwrap_or_default();
        Ok(Value::Number(Number(literal.to_string())))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        let mut run = self.at;
        loop {
            match self.peek() {
                None => return Err(self.error("a string is not closed")),
                Some(b'"') => {
                    out.push_str(self.text.get(run..self.at).unwrap_or_default());
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.at).unwrap_or_default());
                    self.at += 1;
                    self.escape(&mut out)?;
                    run = self.at;
                }
                Some(0..=0x1f) => return Err(self.error("a control character must be escaped in a string")),
                // Any other byte, including those of a multi-byte character: the run is cut
                // only at `"` and `\`, which are ASCII, so it always ends at a boundary.
                Some(_) => self.at += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(byte) = self.peek() else {
            return Err(self.error("a string is not closed"));
        };
        self.at += 1;
        let plain = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(out),
            _ => return Err(self.error("unknown escape in a string")),
        };
        out.push(plain);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let code = self
            .text
            .get(self.at..self.at + 4)
            .filter(|hex| hex.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
        self.at += 4;
        Ok(code)
    }

    /// `\uXXXX`, where a character beyond the Basic Multilingual Plane is two of them (a UTF-16
    /// surrogate pair). A lone surrogate is no character at all, and is refused.
    fn unicode_escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !(self.eat(b'\\') && self.eat(b'u')) {
                    return Err(self.error("a surrogate \\u escape is not followed by its pair"));
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("a surrogate \\u escape is not followed by its pair"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("a surrogate \\u escape is not followed by its pair")),
            _ => first,
        };
        out.push(char::from_u32(code).ok_or_else(|| self.error("not a character"))?);
        Ok(())
    }
}

/// `indent`: `None` for compact text, else the current depth.
fn write_value(value: &Value, out: &mut String, indent: Option<usize>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => out.push_str(&number.0),
        Value::String(text) => write_string(text, out),
        Value::Array(items) => write_list(out, indent, ('[', ']'), items, write_value),
        Value::Object(fields) => write_list(out, indent, ('{', '}'), fields, |(key, value), out, indent| {
            write_string(key, out);
            out.push_str(if indent.is_some() { ": " } else { ":" });
            write_value(value, out, indent);
        }),
    }
}

fn write_list<T>(
    out: &mut String,
    indent: Option<usize>,
    (open, close): (char, char),
    items: &[T],
    write_item: impl Fn(&T, &mut String, Option<usize>),
) {
    out.push(open);
    let inner = indent.map(|depth| depth + 1);
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        new_line(out, inner);
        write_item(item, out, inner);
    }
    // serde_json writes an empty array or object as `[]` or `{}`, even when pretty.
    if !items.is_empty() {
        new_line(out, indent);
    }
    out.push(close);
}

fn new_line(out: &mut String, indent: Option<usize>) {
    if let Some(depth) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
}

/// JSON's two-character escape for `character` (RFC 8259, section 7), if it has one: what both
/// this writer and Python's `json` (`secrets::python_json`) write for these seven.
pub fn short_escape(character: char) -> Option<&'static str> {
    Some(match character {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        _ => return None,
    })
}

/// A string as serde_json writes one: `"` and `\` escaped, the control characters as their
/// short escape or `\u00xx`, everything else (all of Unicode) as itself.
fn write_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for character in text.chars() {
        if let Some(escape) = short_escape(character) {
            out.push_str(escape);
            continue;
        }
        match character {
            '\0'..='\u{1f}' => {
                let code = character as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[code >> 4]));
                out.push(char::from(HEX[code & 0xf]));
            }
            _ => out.push(character),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests;
