//! The statement cut into SQL tokens by a real tokenizer (sqlparser's, with its SQLite
//! dialect; keywords by SQLite's own `sqlite3_keyword_check`), and each character marked as the
//! app's, or the learner's as **data** (inside the string literal the app opened for it) or
//! **code** (anything else: a quote that ends that literal, a keyword, a comment, a `;`).

use std::ffi::c_int;
use std::ops::Range;

use sqlparser::dialect::{Dialect, SQLiteDialect};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};

use super::{Origin, Piece, TokenKind};

/// sqlparser's SQLite dialect, for its tokenizer only. `SQLiteDialect` itself overrides
/// `parse_statement`, which drags sqlparser's whole parser into the worker through the trait
/// object the tokenizer takes (about 300 KB gzip); this one answers exactly the questions the
/// tokenizer asks, as `SQLiteDialect` does, and leaves parsing at the trait's defaults.
#[derive(Debug)]
struct SqliteTokens;

impl Dialect for SqliteTokens {
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        SQLiteDialect {}.is_delimited_identifier_start(ch)
    }

    fn is_identifier_start(&self, ch: char) -> bool {
        SQLiteDialect {}.is_identifier_start(ch)
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        SQLiteDialect {}.is_identifier_part(ch)
    }

    fn supports_dollar_placeholder(&self) -> bool {
        SQLiteDialect {}.supports_dollar_placeholder()
    }

    fn supports_numeric_literal_underscores(&self) -> bool {
        SQLiteDialect {}.supports_numeric_literal_underscores()
    }
}

/// A token of the statement: its byte range and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    bytes: Range<usize>,
    kind: TokenKind,
    /// A quoted string literal (its first and last bytes are quotes, or a prefix and quotes).
    literal: bool,
}

/// Tokenizes `sql` and marks the bytes in `learner` as the learner's data or code.
pub fn mark(sql: &str, learner: &[Range<usize>]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for span in spans(sql) {
        let opening_quote = span.bytes.start + quote_offset(&sql[span.bytes.clone()]);
        let app_opened = span.literal && !inside(learner, opening_quote);
        let closing_quote = span.bytes.end.saturating_sub(1);
        let mut run_start = span.bytes.start;
        let mut run_origin = None;
        for (offset, _) in sql[span.bytes.clone()].char_indices() {
            let at = span.bytes.start + offset;
            let origin = if !inside(learner, at) {
                Origin::App
            } else if app_opened && at != closing_quote {
                Origin::LearnerData
            } else {
                Origin::LearnerCode
            };
            if run_origin.is_some_and(|previous| previous != origin) {
                pieces.push(piece(sql, run_start..at, span.kind, run_origin.unwrap_or(Origin::App)));
                run_start = at;
            }
            run_origin = Some(origin);
        }
        if let Some(origin) = run_origin {
            pieces.push(piece(sql, run_start..span.bytes.end, span.kind, origin));
        }
    }
    pieces
}

fn piece(sql: &str, bytes: Range<usize>, kind: TokenKind, origin: Origin) -> Piece {
    Piece { text: sql[bytes].to_string(), kind, origin }
}

fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    ranges.iter().any(|range| range.contains(&at))
}

/// Where the opening quote of a literal is: after an `x`/`X`/`N` prefix, if any.
fn quote_offset(literal: &str) -> usize {
    literal.find('\'').unwrap_or(0)
}

/// The tokens of `sql`, covering every byte. What the tokenizer cannot read (an unterminated
/// string or comment) becomes one `Unreadable` token to the end.
fn spans(sql: &str) -> Vec<Span> {
    let dialect = SqliteTokens;
    match Tokenizer::new(&dialect, sql).with_unescape(false).tokenize_with_location() {
        Ok(tokens) => to_spans(sql, &tokens, sql.len()),
        Err(error) => {
            let stop = byte_offset(sql, error.location.line, error.location.column).unwrap_or(0);
            let prefix = &sql[..stop];
            let mut spans = match Tokenizer::new(&dialect, prefix).with_unescape(false).tokenize_with_location() {
                Ok(tokens) => to_spans(prefix, &tokens, stop),
                Err(_) => Vec::new(),
            };
            let covered = spans.last().map_or(0, |span| span.bytes.end);
            if covered < sql.len() {
                spans.push(Span { bytes: covered..sql.len(), kind: TokenKind::Unreadable, literal: false });
            }
            spans
        }
    }
}

/// Each token runs from its start to the next token's start (whitespace is a token too).
fn to_spans(sql: &str, tokens: &[TokenWithSpan], end: usize) -> Vec<Span> {
    let mut cursor = Cursor::new(sql);
    let mut starts = Vec::with_capacity(tokens.len());
    for token in tokens {
        if matches!(token.token, Token::EOF) {
            continue;
        }
        let Some(start) = cursor.advance_to(token.span.start.line, token.span.start.column) else { continue };
        starts.push((start, kind(sql, &token.token)));
    }
    let mut spans = Vec::with_capacity(starts.len());
    for (index, (start, (kind, literal))) in starts.iter().enumerate() {
        let stop = starts.get(index + 1).map_or(end, |(next, _)| *next);
        if stop > *start {
            spans.push(Span { bytes: *start..stop, kind: *kind, literal: *literal });
        }
    }
    if let Some(first) = spans.first_mut() {
        first.bytes.start = 0;
    }
    spans
}

/// Turns the tokenizer's 1-based line and column (in characters; only `\n` ends a line) into
/// byte offsets, walking forward only, so a long statement costs linear time.
struct Cursor<'a> {
    sql: &'a str,
    line: u64,
    column: u64,
    byte: usize,
}

impl<'a> Cursor<'a> {
    fn new(sql: &'a str) -> Self {
        Cursor { sql, line: 1, column: 1, byte: 0 }
    }

    fn advance_to(&mut self, line: u64, column: u64) -> Option<usize> {
        while (self.line, self.column) < (line, column) {
            let character = self.sql[self.byte..].chars().next()?;
            self.byte += character.len_utf8();
            if character == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        Some(self.byte)
    }
}

fn byte_offset(sql: &str, line: u64, column: u64) -> Option<usize> {
    Cursor::new(sql).advance_to(line, column)
}

fn kind(sql: &str, token: &Token) -> (TokenKind, bool) {
    let _ = sql;
    match token {
        Token::Word(word) if word.quote_style.is_none() && is_sqlite_keyword(&word.value) => {
            (TokenKind::Keyword, false)
        }
        Token::Word(_) => (TokenKind::Identifier, false),
        Token::Number(..) => (TokenKind::Number, false),
        Token::SingleQuotedString(_)
        | Token::NationalStringLiteral(_)
        | Token::HexStringLiteral(_)
        | Token::SingleQuotedByteStringLiteral(_)
        | Token::EscapedStringLiteral(_) => (TokenKind::String, true),
        Token::DoubleQuotedString(_) => (TokenKind::String, false),
        Token::Placeholder(_) | Token::Question => (TokenKind::Placeholder, false),
        Token::Whitespace(Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_)) => {
            (TokenKind::Comment, false)
        }
        Token::Whitespace(_) => (TokenKind::Whitespace, false),
        _ => (TokenKind::Punctuation, false),
    }
}

/// SQLite's own keyword list.
fn is_sqlite_keyword(word: &str) -> bool {
    let Ok(length) = c_int::try_from(word.len()) else { return false };
    // SAFETY: SQLite reads exactly `length` bytes of `word`, which outlives the call.
    unsafe { rusqlite::ffi::sqlite3_keyword_check(word.as_ptr().cast(), length) != 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::login::statement;
    use crate::sql::{LoginForm, Mode};

    fn marked(username: &str) -> Vec<Piece> {
        let statement = statement(Mode::FString, &LoginForm { username: username.into(), password: "x".into() });
        mark(&statement.sql, statement.learner.as_slice())
    }

    fn text_of(pieces: &[Piece], origin: Origin) -> String {
        pieces.iter().filter(|piece| piece.origin == origin).map(|piece| piece.text.as_str()).collect()
    }

    #[test]
    fn pieces_cover_the_statement_exactly() {
        for username in ["", "king", "king'--", "' OR '1'='1' --", "a\nb'/*", "é🐉'\u{0}", "x'; DROP TABLE users;--"]
        {
            let statement = statement(Mode::FString, &LoginForm { username: username.into(), password: "p".into() });
            let joined: String =
                mark(&statement.sql, statement.learner.as_slice()).iter().map(|piece| piece.text.as_str()).collect();
            assert_eq!(joined, statement.sql, "{username:?}");
        }
    }

    #[test]
    fn an_honest_name_is_all_data() {
        let pieces = marked("sir_gawain");
        assert_eq!(text_of(&pieces, Origin::LearnerData), "sir_gawain");
        assert_eq!(text_of(&pieces, Origin::LearnerCode), "");
    }

    #[test]
    fn a_quote_ends_the_literal_and_what_follows_is_code() {
        let pieces = marked("king'--");
        assert_eq!(text_of(&pieces, Origin::LearnerData), "king");
        assert_eq!(text_of(&pieces, Origin::LearnerCode), "'--");
        let comment = pieces.iter().find(|piece| piece.kind == TokenKind::Comment && piece.origin == Origin::App);
        assert!(comment.is_some_and(|piece| piece.text.contains("password_hash")), "{pieces:?}");
    }

    #[test]
    fn a_doubled_quote_stays_data() {
        // The hand-escaping approach: '' inside a literal is one quote character of the value.
        let pieces = marked("O''Brien");
        assert_eq!(text_of(&pieces, Origin::LearnerData), "O''Brien");
    }

    #[test]
    fn keywords_are_sqlites_own() {
        let pieces = marked("' UNION SELECT 1 --");
        let keywords: Vec<&str> =
            pieces.iter().filter(|p| p.kind == TokenKind::Keyword).map(|p| p.text.as_str()).collect();
        assert!(
            keywords.contains(&"UNION") && keywords.contains(&"SELECT") && keywords.contains(&"WHERE"),
            "{keywords:?}"
        );
        // `role` and `username` are plain identifiers in SQLite.
        assert!(!keywords.contains(&"role") && !keywords.contains(&"username"));
    }

    /// The tokenizer-only dialect cuts every statement exactly as `SQLiteDialect` does.
    #[test]
    fn the_tokenizer_dialect_agrees_with_sqlites() {
        for sql in [
            "SELECT [a b], `c`, \"d\", $x, ?1, :n, @v, x'00', 1_000, 0x1F, 'it''s' -- c\n/* m */",
            "SELECT é🐉_1 FROM t WHERE a = 'x",
        ] {
            let ours = Tokenizer::new(&SqliteTokens, sql).tokenize();
            let theirs = Tokenizer::new(&SQLiteDialect {}, sql).tokenize();
            assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "{sql}");
        }
    }

    #[test]
    fn an_unterminated_literal_is_marked_unreadable_not_dropped() {
        let pieces = mark("SELECT 'abc", std::slice::from_ref(&(8..11)));
        assert_eq!(pieces.last().map(|p| p.kind), Some(TokenKind::Unreadable));
        assert_eq!(pieces.iter().map(|p| p.text.as_str()).collect::<String>(), "SELECT 'abc");
    }
}
