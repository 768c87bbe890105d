//! CPython's bracket limit, checked before the parser runs.
//!
//! CPython's tokenizer refuses the 201st open bracket (`(`, `[` or `{`, and the `{` of an
//! f-string replacement field) that is still unclosed: `SyntaxError: too many nested
//! parentheses` (`MAXLEVEL` is 200 in `Parser/tokenizer.c`; measured in 3.11 and 3.12, see
//! docs/audits-engines.md). Ruff's parser has no such limit and recurses once per level; in a browser
//! the recursion runs on the engine's own call stack, which no Rust code can grow, so 1,000
//! nested parentheses end the worker. Code past the limit is not Python, so the inspector reports
//! CPython's error and reads only what comes before it.

/// CPython's `MAXLEVEL`: this many brackets may be open at once.
pub const MAX_OPEN_BRACKETS: usize = 200;

/// Where the first bracket past [`MAX_OPEN_BRACKETS`] opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset of that bracket.
    pub offset: usize,
    /// Byte offset of the start of the line on which its outermost bracket opened: the source
    /// before it holds only whole statements.
    pub statement_line_start: usize,
}

/// CPython's message for it.
pub const TOO_DEEP_MESSAGE: &str = "too many nested parentheses";

#[derive(Debug, Clone, Copy)]
enum Context {
    /// Code; `field_depth` counts the brackets opened inside the f-string replacement field this
    /// code is in (`None` at the top level).
    Code { field_depth: Option<usize> },
    /// A string literal; an f-string's literal part holds replacement fields. A format spec
    /// (after `:` in a field) reads like a literal part and ends at the field's `}`.
    Text { quote: u8, triple: bool, raw: bool, formatted: bool, spec: bool },
}

/// The first bracket that CPython's tokenizer would refuse, if any. Strings and comments are
/// skipped as the tokenizer skips them; f-strings are read as Python 3.12+ reads them, fields
/// and nested strings included. Linear in the source, no recursion.
pub fn first_too_deep(source: &str) -> Option<TooDeep> {
    let bytes = source.as_bytes();
    let mut stack = vec![Context::Code { field_depth: None }];
    let mut level = 0usize;
    let mut line_start = 0usize;
    let mut statement_line_start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'\n' {
            line_start = i + 1;
        }
        let Some(&context) = stack.last() else { break };
        match context {
            Context::Code { field_depth } => match byte {
                b'#' => {
                    // A comment runs to the end of the line (the newline is read next round).
                    while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                        i += 1;
                    }
                }
                b'(' | b'[' | b'{' => {
                    if level == MAX_OPEN_BRACKETS {
                        return Some(TooDeep { offset: i, statement_line_start });
                    }
                    if level == 0 {
                        statement_line_start = line_start;
                    }
                    level += 1;
                    if let (Some(depth), Some(Context::Code { field_depth: slot })) = (field_depth, stack.last_mut()) {
                        *slot = Some(depth + 1);
                    }
                }
                b')' | b']' | b'}' => match field_depth {
                    // The `}` that closes a replacement field.
                    Some(0) if byte == b'}' => {
                        level = level.saturating_sub(1);
                        stack.pop();
                    }
                    Some(depth) => {
                        level = level.saturating_sub(1);
                        if let Some(Context::Code { field_depth: slot }) = stack.last_mut() {
                            *slot = Some(depth.saturating_sub(1));
                        }
                    }
                    None => level = level.saturating_sub(1),
                },
                // `:` at a field's own depth starts its format spec (`:=` is the walrus).
                b':' if field_depth == Some(0) && bytes.get(i + 1) != Some(&b'=') => {
                    if let Some(&Context::Text { quote, triple, raw, .. }) = stack.iter().rev().nth(1) {
                        stack.push(Context::Text { quote, triple, raw, formatted: true, spec: true });
                    }
                }
                b'\'' | b'"' => {
                    let (raw, formatted) = string_prefix(bytes, i);
                    let triple = bytes.get(i + 1) == Some(&byte) && bytes.get(i + 2) == Some(&byte);
                    stack.push(Context::Text { quote: byte, triple, raw, formatted, spec: false });
                    if triple {
                        i += 2;
                    }
                }
                _ => {}
            },
            Context::Text { quote, triple, raw, formatted, spec } => match byte {
                b'\\' if !raw => i += 1,
                // In a raw string a backslash still keeps the next quote from ending it.
                b'\\' if bytes.get(i + 1) == Some(&quote) => i += 1,
                b'\n' if !triple => {
                    // An unterminated one-line string: the tokenizer stops it here.
                    stack.pop();
                }
                _ if byte == quote && !spec => {
                    if !triple {
                        stack.pop();
                    } else if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                        stack.pop();
                        i += 2;
                    }
                }
                b'{' | b'}' if formatted && bytes.get(i + 1) == Some(&byte) && !spec => i += 1,
                b'{' if formatted => {
                    if level == MAX_OPEN_BRACKETS {
                        return Some(TooDeep { offset: i, statement_line_start });
                    }
                    level += 1;
                    stack.push(Context::Code { field_depth: Some(0) });
                }
                // The end of a format spec is the end of its field.
                b'}' if spec => {
                    stack.pop();
                    level = level.saturating_sub(1);
                    if let Some(Context::Code { field_depth: Some(_) }) = stack.last() {
                        stack.pop();
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// Whether the letters right before the quote at `quote_at` are a string prefix, and whether it
/// makes the string raw and formatted (`r`, `b`, `u`, `f`, `t` in any case, at most two).
fn string_prefix(bytes: &[u8], quote_at: usize) -> (bool, bool) {
    let mut start = quote_at;
    while start > 0
        && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] >= 0x80)
    {
        start -= 1;
    }
    let word = &bytes[start..quote_at];
    let is_prefix = word.len() <= 2 && word.iter().all(|b| b"rRbBuUfFtT".contains(b));
    if !is_prefix {
        return (false, false);
    }
    let has = |letter: u8| word.iter().any(|b| b.eq_ignore_ascii_case(&letter));
    (has(b'r'), has(b'f') || has(b't'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n))
    }

    #[test]
    fn two_hundred_brackets_are_python_and_the_next_one_is_not() {
        // CPython 3.12: `compile("x = " + "(" * 201 + "1" + ")" * 201)` fails at offset 205
        // (1-based), the 201st parenthesis; 200 compile.
        assert_eq!(first_too_deep(&nested(200)), None);
        assert_eq!(first_too_deep(&nested(201)), Some(TooDeep { offset: 204, statement_line_start: 0 }));
        assert_eq!(first_too_deep(&nested(10_000)).map(|t| t.offset), Some(204));
    }

    #[test]
    fn every_kind_of_bracket_counts_and_closing_ones_free_a_level() {
        let mixed = format!("x = {}0{}\n", "[({".repeat(67), "})]".repeat(67));
        assert_eq!(first_too_deep(&mixed).map(|t| t.offset), Some(4 + 200));
        let sequential = "f(1)\n".repeat(10_000);
        assert_eq!(first_too_deep(&sequential), None);
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let source = format!(
            "a = '{0}'\nb = \"{0}\"\nc = '''{0}\n{0}'''\nd = r'\\'{0}'\n# {0}\ne = b\"{0}\"\n",
            "(".repeat(300)
        );
        assert_eq!(first_too_deep(&source), None);
    }

    #[test]
    fn an_f_string_field_is_a_level_and_its_brackets_count() {
        // CPython 3.12: `x = f"{` + "(" * 250 ... fails at offset 207: the field's `{` is level 1.
        let source = format!("x = f\"{{{}1{}}}\"\n", "(".repeat(250), ")".repeat(250));
        assert_eq!(first_too_deep(&source).map(|t| t.offset), Some(206));
        // Doubled braces are text, and a format spec ends with its field.
        let text = format!("x = f\"{}{{y:>{{width}}}}\"\ny = {}\n", "{{".repeat(300), "(1)");
        assert_eq!(first_too_deep(&text), None);
        // A string inside a field, with the f-string's own quote (Python 3.12+).
        let inner = format!("x = f\"{{d[\"{}\"]}}\"\n", "(".repeat(300));
        assert_eq!(first_too_deep(&inner), None);
    }

    #[test]
    fn the_cut_is_at_the_line_where_the_statement_opened() {
        let source = format!("import os\nvalue = (\n{}1\n", "(".repeat(250));
        let deep = first_too_deep(&source).unwrap();
        assert_eq!(deep.statement_line_start, "import os\n".len());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for source in ["'", "\"\"\"", "f'{", "f'{x:", "f'{x:{'", "}}}}", "\\", "rb'\\", "é'(", "f\"{'\"'}\""] {
            let _ = first_too_deep(source);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(source in "[(\\[{}\\])'\"#\\\\fFrRbB:=\n a-z]{0,200}") {
            let _ = first_too_deep(&source);
        }
    }
}
