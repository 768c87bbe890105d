//! Reading a pasted response-header block the way a browser's HTTP stack reads the bytes of a
//! response head: a status line, then one field per line until a blank line.
//!
//! What it accepts, and why:
//! - Line ends: CRLF or a bare LF (RFC 9112 §2.2 lets a recipient accept a bare LF; terminals
//!   and `curl -sI` pastes have LF only).
//! - Status line `HTTP/1.1 200 OK`, `HTTP/2 200` (curl's form), or an HTTP/2 `:status: 200`
//!   pseudo-field as some tools print it. Other pseudo-fields (`:authority`) are not response
//!   headers and are skipped with a note.
//! - Several responses (`curl -sIL` prints the redirects first): the last one is the page's,
//!   as a browser ends up on the last.
//! - Obsolete line folding (a line starting with a space or tab): RFC 9112 §5.2 says a user
//!   agent replaces each fold with a space before reading the value; it is joined so.
//! - Names are compared without regard to case (RFC 9110 §5.1); values are trimmed of spaces
//!   and tabs at both ends (§5.5).
//! - Repeated fields are kept in order; [`Response::combined`] joins them with ", " as Fetch's
//!   "get" does (Set-Cookie excepted: each is its own cookie).
//! - Non-ASCII: browsers decode header bytes one byte per character (Fetch's "isomorphic
//!   decode"), so a UTF-8 `é` arrives as two characters. The field is kept; the line is flagged.
//!
//! Work is bounded: only the first [`MAX_BLOCK_BYTES`] are read.

use serde::Serialize;

/// How much of a paste is read. Chromium refuses response heads over 256 KB; real security
/// headers fit in a few KB, so 64 KB keeps every keystroke fast and is still generous.
pub const MAX_BLOCK_BYTES: usize = 64 * 1024;

/// A status line (or `:status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusLine {
    /// 1-based line number in the paste.
    pub line: usize,
    /// `HTTP/1.1`, `HTTP/2`, or `:status` for a pseudo-field.
    pub version: String,
    pub code: u16,
    pub reason: String,
}

/// One header field as the learner wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// 1-based line number where the field starts.
    pub line: usize,
    /// The name as written (compare with [`Field::is`]).
    pub name: String,
    /// The value, trimmed, folds joined with one space.
    pub value: String,
}

impl Field {
    /// Whether this field is called `name`, case-insensitively.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// One response head: its status and fields in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Response {
    pub status: Option<StatusLine>,
    pub fields: Vec<Field>,
}

impl Response {
    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|f| f.is(name)).map(|f| f.value.as_str()).collect()
    }

    /// Whether the response has a field called `name`.
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.is(name))
    }

    /// The values of `name` joined with ", ", as Fetch's "get" gives them to the browser's
    /// checks (`None` when absent). Not for Set-Cookie, which is never combined.
    pub fn combined(&self, name: &str) -> Option<String> {
        let values = self.all(name);
        if values.is_empty() {
            None
        } else {
            Some(values.join(", "))
        }
    }
}

/// Something in the paste worth telling the learner, with its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineProblem {
    /// 1-based line number.
    pub line: usize,
    pub kind: BlockProblem,
}

/// What was odd about a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum BlockProblem {
    /// The first line is a header, not `HTTP/1.1 200 OK`.
    NoStatusLine,
    /// A line starting `HTTP/` that is not a status line.
    BadStatusLine,
    /// No colon: not a header.
    NoColon,
    /// `Name : value`.
    SpaceBeforeColon { name: String },
    /// The name has characters a header name cannot have.
    InvalidName { name: String },
    /// A line starting with a space or tab, joined to the header above.
    Folded { name: String },
    /// A folded line with no header above it.
    FoldWithoutField,
    /// Non-ASCII characters in the value.
    NonAscii { name: String },
    /// A control character (other than tab) in the value.
    ControlCharacter { name: String },
    /// An HTTP/2 pseudo-field other than `:status`.
    PseudoField { name: String },
    /// Several responses were pasted; this line starts the one that is graded.
    LaterResponseGraded { responses: usize },
    /// Text after the blank line that ends the head (a body).
    BodyIgnored,
    /// The paste is longer than [`MAX_BLOCK_BYTES`].
    Truncated,
    /// The same header several times.
    Repeated { name: String, count: usize },
}

impl BlockProblem {
    /// The problem in plain words.
    pub fn message(&self) -> String {
        match self {
            BlockProblem::NoStatusLine => "No status line (like `HTTP/1.1 200 OK`) before the headers; reading them as a 200 response.".into(),
            BlockProblem::BadStatusLine => "This looks like a status line but is not one (`HTTP/1.1 200 OK` or `HTTP/2 200`); it is skipped.".into(),
            BlockProblem::NoColon => "No colon, so this is not a header (`Name: value`); browsers skip it.".into(),
            BlockProblem::SpaceBeforeColon { name } => format!(
                "Space between `{name}` and the colon: Chromium reads the header anyway, but RFC 9112 §5.1 forbids it and stricter clients (Node's) refuse the whole response. Remove the space."
            ),
            BlockProblem::InvalidName { name } => format!("`{name}` is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only); browsers skip the line."),
            BlockProblem::Folded { name } => format!(
                "This line starts with a space, so it continues `{name}` (obsolete line folding, RFC 9112 §5.2): it is joined with one space. Put the value on one line."
            ),
            BlockProblem::FoldWithoutField => "This line starts with a space but there is no header above it to continue; it is skipped.".into(),
            BlockProblem::NonAscii { name } => format!(
                "`{name}` has non-ASCII characters. Browsers read header bytes one by one, so they see different characters than you typed; keep header values ASCII."
            ),
            BlockProblem::ControlCharacter { name } => format!("`{name}` has a control character in its value, which a header value cannot carry (RFC 9110 §5.5); the header is skipped."),
            BlockProblem::PseudoField { name } => format!("`{name}` is an HTTP/2 pseudo-header, not a response header; it is skipped."),
            BlockProblem::LaterResponseGraded { responses } => format!(
                "{responses} responses were pasted (redirects first, as `curl -sIL` prints them); the last one, starting here, is the page's and is the one graded."
            ),
            BlockProblem::BodyIgnored => "Text after the blank line that ends the headers is the body; it is not read.".into(),
            BlockProblem::Truncated => format!("The paste is longer than {} KB; only the beginning is read.", MAX_BLOCK_BYTES / 1024),
            BlockProblem::Repeated { name, count } => format!(
                "`{name}` is sent {count} times. Browsers join the values with a comma into one (`a, b`), which often makes a security header invalid; send it once."
            ),
        }
    }
}

/// A pasted block: every response head found, and what was odd.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Block {
    /// At least one (possibly empty) response.
    pub responses: Vec<Response>,
    pub problems: Vec<LineProblem>,
}

impl Block {
    /// The response a browser ends up with: the last one.
    pub fn last(&self) -> Response {
        self.responses.last().cloned().unwrap_or_default()
    }
}

/// RFC 9110 §5.6.2 `tchar`.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Cuts `text` to at most `limit` bytes on a character boundary.
pub fn bounded(text: &str, limit: usize) -> (&str, bool) {
    if text.len() <= limit {
        return (text, false);
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// `HTTP/1.1 200 OK` or `HTTP/2 200`.
fn status_line(line: &str, number: usize) -> Option<StatusLine> {
    let mut parts = line.splitn(3, ' ');
    let version = parts.next()?;
    let rest = version.strip_prefix("HTTP/")?;
    if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let code_text = parts.next()?;
    if code_text.len() != 3 || !code_text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let code = code_text.parse().ok()?;
    Some(StatusLine {
        line: number,
        version: version.to_string(),
        code,
        reason: parts.next().unwrap_or("").trim().to_string(),
    })
}

fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Reads a pasted block (bounded to [`MAX_BLOCK_BYTES`]).
pub fn read_block(text: &str) -> Block {
    let (text, truncated) = bounded(text, MAX_BLOCK_BYTES);
    let mut block = Block::default();
    let mut current = Response::default();
    let mut started = false; // a status line or field seen in `current`
    let mut after_blank = false;
    let mut in_body = false;
    let mut response_starts: Vec<usize> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if in_body {
            continue;
        }
        if line.trim().is_empty() {
            if started {
                after_blank = true;
            }
            continue;
        }
        if let Some(status) = status_line(line.trim_end(), number) {
            if started {
                block.responses.push(std::mem::take(&mut current));
            }
            response_starts.push(number);
            current.status = Some(status);
            started = true;
            after_blank = false;
            continue;
        }
        if after_blank {
            // A blank line ended the head and no new status line follows: this is a body.
            block.problems.push(LineProblem { line: number, kind: BlockProblem::BodyIgnored });
            in_body = true;
            continue;
        }
        if line.starts_with("HTTP/") {
            block.problems.push(LineProblem { line: number, kind: BlockProblem::BadStatusLine });
            continue;
        }
        if line.starts_with([' ', '\t']) {
            match current.fields.last_mut() {
                Some(field) => {
                    let more = trim_ows(line);
                    if !more.is_empty() {
                        if !field.value.is_empty() {
                            field.value.push(' ');
                        }
                        field.value.push_str(more);
                    }
                    block
                        .problems
                        .push(LineProblem { line: number, kind: BlockProblem::Folded { name: field.name.clone() } });
                }
                None => block.problems.push(LineProblem { line: number, kind: BlockProblem::FoldWithoutField }),
            }
            continue;
        }
        // `:status: 200` and other HTTP/2 pseudo-fields start with a colon.
        let (pseudo, body) = match line.strip_prefix(':') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let Some(colon) = body.find(':') else {
            block.problems.push(LineProblem { line: number, kind: BlockProblem::NoColon });
            continue;
        };
        let written_name = &body[..colon];
        let name = written_name.trim_end_matches([' ', '\t']);
        let value = trim_ows(&body[colon + 1..]);
        if pseudo {
            if name.eq_ignore_ascii_case("status") {
                if let Some(code) =
                    value.get(..3).filter(|c| c.chars().all(|d| d.is_ascii_digit())).and_then(|c| c.parse().ok())
                {
                    if started && current.status.is_some() {
                        block.responses.push(std::mem::take(&mut current));
                    }
                    response_starts.push(number);
                    current.status =
                        Some(StatusLine { line: number, version: ":status".into(), code, reason: String::new() });
                    started = true;
                    continue;
                }
            }
            block
                .problems
                .push(LineProblem { line: number, kind: BlockProblem::PseudoField { name: format!(":{name}") } });
            continue;
        }
        if name.is_empty() || !name.chars().all(is_token_char) {
            block
                .problems
                .push(LineProblem { line: number, kind: BlockProblem::InvalidName { name: name.to_string() } });
            continue;
        }
        if name.len() != written_name.len() {
            block
                .problems
                .push(LineProblem { line: number, kind: BlockProblem::SpaceBeforeColon { name: name.to_string() } });
        }
        if value.chars().any(|c| (c.is_control() && c != '\t') || c == '\u{7f}') {
            block
                .problems
                .push(LineProblem { line: number, kind: BlockProblem::ControlCharacter { name: name.to_string() } });
            continue;
        }
        if !value.is_ascii() {
            block.problems.push(LineProblem { line: number, kind: BlockProblem::NonAscii { name: name.to_string() } });
        }
        if !started {
            block.problems.push(LineProblem { line: number, kind: BlockProblem::NoStatusLine });
            started = true;
        }
        current.fields.push(Field { line: number, name: name.to_string(), value: value.to_string() });
    }
    block.responses.push(current);
    if response_starts.len() > 1 {
        if let Some(&line) = response_starts.last() {
            block.problems.push(LineProblem {
                line,
                kind: BlockProblem::LaterResponseGraded { responses: response_starts.len() },
            });
        }
    }
    // Repeats in the graded response, once per name (one pass: a paste can have thousands).
    let mut counts: std::collections::BTreeMap<String, (usize, usize, String)> = std::collections::BTreeMap::new();
    if let Some(last) = block.responses.last() {
        for field in &last.fields {
            let entry = counts.entry(field.name.to_ascii_lowercase()).or_insert((0, field.line, field.name.clone()));
            entry.0 += 1;
        }
    }
    for (lower, (count, line, name)) in counts {
        if count > 1 && lower != "set-cookie" {
            block.problems.push(LineProblem { line, kind: BlockProblem::Repeated { name, count } });
        }
    }
    if truncated {
        block.problems.push(LineProblem { line: text.split('\n').count(), kind: BlockProblem::Truncated });
    }
    block.problems.sort_by_key(|p| p.line);
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<BlockProblem> {
        read_block(text).problems.into_iter().map(|p| p.kind).collect()
    }

    #[test]
    fn crlf_and_lf_read_the_same() {
        let lf = read_block("HTTP/1.1 200 OK\nX-Frame-Options: DENY\n\n");
        let crlf = read_block("HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\n\r\n");
        assert_eq!(lf, crlf);
        assert_eq!(lf.last().combined("x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(lf.last().status.map(|s| s.code), Some(200));
    }

    #[test]
    fn http2_status_forms_are_read() {
        assert_eq!(
            read_block("HTTP/2 301\nlocation: https://a.example/").last().status.map(|s| (s.version, s.code)),
            Some(("HTTP/2".into(), 301))
        );
        let pseudo = read_block(":status: 200\n:authority: castle.example\ncontent-type: text/html");
        assert_eq!(pseudo.last().status.map(|s| s.code), Some(200));
        assert_eq!(pseudo.last().fields.len(), 1);
        assert_eq!(
            kinds(":status: 200\n:authority: castle.example"),
            [BlockProblem::PseudoField { name: ":authority".into() }]
        );
    }

    #[test]
    fn folded_lines_join_with_one_space() {
        let block = read_block("HTTP/1.1 200 OK\nContent-Security-Policy: default-src 'self';\n   img-src 'none'\n");
        assert_eq!(
            block.last().combined("content-security-policy").as_deref(),
            Some("default-src 'self'; img-src 'none'")
        );
        assert_eq!(
            block.problems[0],
            LineProblem { line: 3, kind: BlockProblem::Folded { name: "Content-Security-Policy".into() } }
        );
    }

    #[test]
    fn repeats_combine_with_a_comma_and_cookies_do_not() {
        let block = read_block(
            "HTTP/1.1 200 OK\nx-frame-options: DENY\nX-Frame-Options: SAMEORIGIN\nSet-Cookie: a=1\nSet-Cookie: b=2",
        );
        let last = block.last();
        assert_eq!(last.combined("X-FRAME-OPTIONS").as_deref(), Some("DENY, SAMEORIGIN"));
        assert_eq!(last.all("set-cookie"), ["a=1", "b=2"]);
        assert_eq!(kinds("HTTP/1.1 200 OK\nA: 1\na: 2"), [BlockProblem::Repeated { name: "A".into(), count: 2 }]);
    }

    #[test]
    fn the_last_of_several_responses_is_graded() {
        let block =
            read_block("HTTP/1.1 301 Moved\nLocation: https://castle.example/\n\nHTTP/2 200\nx-frame-options: DENY\n");
        assert_eq!(block.responses.len(), 2);
        assert_eq!(block.last().status.map(|s| s.code), Some(200));
        assert_eq!(block.problems, [LineProblem { line: 4, kind: BlockProblem::LaterResponseGraded { responses: 2 } }]);
    }

    #[test]
    fn odd_lines_are_named_by_line() {
        let block = read_block(
            "X-Frame-Options: DENY\nno colon here\nBad Name: x\nX-Thing : y\nX-Castle: château\nHTTP/9 nope\n\n<html>",
        );
        let found: Vec<(usize, BlockProblem)> = block.problems.into_iter().map(|p| (p.line, p.kind)).collect();
        assert_eq!(
            found,
            [
                (1, BlockProblem::NoStatusLine),
                (2, BlockProblem::NoColon),
                (3, BlockProblem::InvalidName { name: "Bad Name".into() }),
                (4, BlockProblem::SpaceBeforeColon { name: "X-Thing".into() }),
                (5, BlockProblem::NonAscii { name: "X-Castle".into() }),
                (6, BlockProblem::BadStatusLine),
                (8, BlockProblem::BodyIgnored),
            ]
        );
        for (_, kind) in found {
            assert!(!kind.message().is_empty());
        }
    }

    #[test]
    fn a_huge_paste_is_read_up_to_the_bound() {
        let text = format!("HTTP/1.1 200 OK\nX-Big: {}", "é".repeat(MAX_BLOCK_BYTES));
        let block = read_block(&text);
        assert!(block.problems.iter().any(|p| p.kind == BlockProblem::Truncated));
    }
}
