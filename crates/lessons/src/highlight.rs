//! Code highlighting with syntect at build time, as CSS classes (`hl-keyword`, `hl-string`, ...)
//! so that the light and dark themes are plain CSS and no highlighter ships to the browser.

use std::sync::OnceLock;

use syntect::easy::ScopeRangeIterator;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The languages a lesson may name in a fence, and the syntect syntax that colours them.
/// `None` means "known, shown as plain text" (syntect's defaults have no TOML or HTTP).
pub fn syntax_token(language: &str) -> Result<Option<&'static str>, String> {
    match language {
        "python" | "py" => Ok(Some("py")),
        "html" | "jinja" => Ok(Some("html")),
        "shell" | "sh" | "bash" | "console" => Ok(Some("sh")),
        "javascript" | "js" => Ok(Some("js")),
        "sql" => Ok(Some("sql")),
        "toml" | "ini" | "text" | "http" | "env" | "" => Ok(None),
        other => Err(format!(
            "unknown code language `{other}`; use python, html, shell, javascript, sql, toml, ini, http or text"
        )),
    }
}

/// The few colours a reader tells apart, by scope prefix (TextMate scope names), most specific
/// first. One short class per token keeps the lessons small: syntect's own HTML writes every
/// scope of the stack as a class, which made the app's wasm three times larger.
const CATEGORIES: [(&str, &str); 12] = [
    ("comment", "c"),
    ("string", "s"),
    ("constant.numeric", "n"),
    ("constant.language", "n"),
    ("constant.character.escape", "n"),
    ("keyword", "k"),
    ("storage", "k"),
    ("entity.name.function", "f"),
    ("support.function", "f"),
    ("variable.function", "f"),
    ("entity.name.tag", "t"),
    ("entity.other.attribute-name", "a"),
];

fn category(stack: &ScopeStack) -> Option<&'static str> {
    // Outer scopes decide first: a keyword-looking word inside a string or comment is text.
    stack.as_slice().iter().find_map(|scope: &Scope| {
        let name = scope.build_string();
        if name.starts_with("keyword.operator") {
            return None; // `=` and `+` read better uncoloured
        }
        CATEGORIES
            .iter()
            .find(|(prefix, _)| name == *prefix || name.starts_with(&format!("{prefix}.")))
            .map(|(_, class)| *class)
    })
}

/// Returns the highlighted HTML of `code` (already escaped), without the `<pre>` wrapper.
pub fn highlight(code: &str, language: &str) -> Result<String, String> {
    let Some(token) = syntax_token(language)? else {
        return Ok(escape_text(code));
    };
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(token) else {
        return Ok(escape_text(code));
    };
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // Runs of text with one class each, merged when neighbours share a class.
    let mut runs: Vec<(Option<&'static str>, String)> = Vec::new();
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, set).map_err(|error| format!("highlighting {language}: {error}"))?;
        for (range, op) in ScopeRangeIterator::new(&ops, line) {
            stack.apply(op).map_err(|error| format!("highlighting {language}: {error:?}"))?;
            let text = &line[range];
            if text.is_empty() {
                continue;
            }
            let class = if text.trim().is_empty() { None } else { category(&stack) };
            match runs.last_mut() {
                Some((last, run)) if *last == class => run.push_str(text),
                _ => runs.push((class, text.to_string())),
            }
        }
    }
    let mut html = String::with_capacity(code.len() * 2);
    for (class, text) in runs {
        match class {
            Some(class) => html.push_str(&format!(r#"<span class="hl-{class}">{}</span>"#, escape_text(&text))),
            None => html.push_str(&escape_text(&text)),
        }
    }
    Ok(html)
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_keywords_get_classes() {
        let html = highlight("def hello():\n    return 1\n", "python").unwrap();
        assert!(html.contains(r#"<span class="hl-k">def</span>"#), "{html}");
        assert!(html.contains(r#"<span class="hl-f">hello</span>"#), "{html}");
        assert!(html.contains("hello"));
    }

    #[test]
    fn keywords_inside_strings_stay_strings() {
        let html = highlight("x = 'def if'\n", "python").unwrap();
        assert!(html.contains(r#"<span class="hl-s">'def if'</span>"#), "{html}");
    }

    #[test]
    fn plain_text_is_escaped() {
        assert_eq!(highlight("<b>&", "text").unwrap(), "&lt;b&gt;&amp;");
    }

    #[test]
    fn markup_in_python_strings_is_escaped() {
        let html = highlight("x = '<script>'\n", "python").unwrap();
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn unknown_language_is_an_error() {
        assert!(highlight("x", "cobol").unwrap_err().contains("cobol"));
    }
}
