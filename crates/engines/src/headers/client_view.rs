//! The response as the HTTP Observatory's scanner receives it: through Node's HTTP client.
//!
//! The Observatory fetches pages with axios on Node, so its tests read headers as Node hands
//! them over, which is not quite what a browser keeps (Node `IncomingMessage`, `_addHeaderLine`):
//! - bytes are decoded one per character (latin-1), as browsers also do;
//! - a repeated header is joined with ", " — except a few where Node keeps the first and drops
//!   the rest (Content-Type among them), and Set-Cookie, which stays a list.
//!
//! Grading through this view is what makes our score equal the Observatory's on repeated
//! headers (`X-Frame-Options` sent twice is "DENY, DENY": invalid for the Observatory).

use super::block::Response;

/// Headers for which Node keeps the first value and drops repeats.
const NODE_KEEPS_FIRST: &[&str] = &[
    "content-type",
    "content-length",
    "user-agent",
    "referer",
    "host",
    "authorization",
    "proxy-authorization",
    "if-modified-since",
    "if-unmodified-since",
    "from",
    "location",
    "max-forwards",
    "retry-after",
    "etag",
    "last-modified",
    "server",
    "age",
    "expires",
];

/// The response's headers as Node gives them to the Observatory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientView {
    /// Lowercase name and latin-1 decoded value, one entry per name (Set-Cookie aside).
    fields: Vec<(String, String)>,
    set_cookies: Vec<String>,
}

/// Each UTF-8 byte as one character, as an HTTP client decodes header bytes.
fn latin1(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

impl ClientView {
    /// Node's view of `response`.
    pub fn of(response: &Response) -> ClientView {
        let mut view = ClientView::default();
        for field in &response.fields {
            let name = field.name.to_ascii_lowercase();
            let value = latin1(&field.value);
            if name == "set-cookie" {
                view.set_cookies.push(value);
                continue;
            }
            match view.fields.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => {
                    if name == "cookie" {
                        existing.push_str("; ");
                        existing.push_str(&value);
                    } else if !NODE_KEEPS_FIRST.contains(&name.as_str()) {
                        existing.push_str(", ");
                        existing.push_str(&value);
                    }
                }
                None => view.fields.push((name, value)),
            }
        }
        view
    }

    /// The (combined) value of `name`, lowercase.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every Set-Cookie value, in order.
    pub fn set_cookies(&self) -> &[String] {
        &self.set_cookies
    }
}

/// JavaScript's `s.slice(0, n)`: the first `n` UTF-16 code units (never splitting a character here).
pub fn js_slice(text: &str, units: usize) -> &str {
    let mut count = 0;
    for (index, c) in text.char_indices() {
        count += c.len_utf16();
        if count > units {
            return &text[..index];
        }
    }
    text
}

/// JavaScript's `String.prototype.trim` (its white space and line terminators).
pub fn js_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::super::block::read_block;
    use super::*;

    #[test]
    fn repeats_join_except_where_node_keeps_the_first() {
        let block = read_block("HTTP/1.1 200 OK\nX-Frame-Options: DENY\nx-frame-options: DENY\nContent-Type: text/html\nContent-Type: text/plain\nSet-Cookie: a=1\nSet-Cookie: b=2");
        let view = ClientView::of(&block.last());
        assert_eq!(view.get("x-frame-options"), Some("DENY, DENY"));
        assert_eq!(view.get("content-type"), Some("text/html"));
        assert_eq!(view.set_cookies(), ["a=1", "b=2"]);
    }

    #[test]
    fn non_ascii_arrives_byte_by_byte() {
        let view = ClientView::of(&read_block("X-Castle: é").last());
        assert_eq!(view.get("x-castle"), Some("\u{c3}\u{a9}"));
        assert_eq!(js_slice("abc", 2), "ab");
        assert_eq!(js_slice("a😀b", 2), "a");
    }
}
