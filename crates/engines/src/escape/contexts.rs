//! Output contexts: the same value placed in element text, a quoted attribute, an unquoted
//! attribute, an `href`, and a string inside an inline `<script>`, and whether HTML escaping
//! alone keeps it in its place there.
//!
//! The rules are the HTML tokenizer's (WHATWG HTML: attribute value states, script data state)
//! and the URL parser's scheme handling; each verdict says which one decided.

use serde::{Deserialize, Serialize};

use super::render::{decode_escaped, markupsafe_escape, tags_opened};

/// Where a template puts the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Context {
    ElementText,
    QuotedAttribute,
    UnquotedAttribute,
    Href,
    ScriptString,
}

impl Context {
    pub const ALL: [Context; 5] = [
        Context::ElementText,
        Context::QuotedAttribute,
        Context::UnquotedAttribute,
        Context::Href,
        Context::ScriptString,
    ];

    /// The Jinja2 template line for this context.
    pub fn template(self) -> &'static str {
        match self {
            Context::ElementText => "<p>{{ v }}</p>",
            Context::QuotedAttribute => "<p title=\"{{ v }}\">…</p>",
            Context::UnquotedAttribute => "<p title={{ v }}>…</p>",
            Context::Href => "<a href=\"{{ v }}\">profile</a>",
            Context::ScriptString => "<script>const name = \"{{ v }}\";</script>",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Context::ElementText => "Element text",
            Context::QuotedAttribute => "Quoted attribute",
            Context::UnquotedAttribute => "Unquoted attribute",
            Context::Href => "Link href",
            Context::ScriptString => "String in an inline script",
        }
    }

    fn fill(self, value: &str) -> String {
        self.template().replace("{{ v }}", value)
    }
}

/// What the value does in its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// The value stays data in its place.
    Safe { why: String },
    /// No breakout, but the reader sees something other than the value (e.g. `&#34;` in JS).
    Garbled { why: String },
    /// The value escapes its place: the attacker writes markup, attributes or script.
    Breaks { why: String },
}

impl Verdict {
    pub fn is_breakout(&self) -> bool {
        matches!(self, Verdict::Breaks { .. })
    }
}

/// One placement of the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub context: Context,
    /// The HTML the template sends.
    pub html: String,
    pub verdict: Verdict,
}

/// Places `value` in every context, escaped with markupsafe (`escaped = true`) or not.
pub fn place_everywhere(value: &str, escaped: bool) -> Vec<Placement> {
    Context::ALL.into_iter().map(|context| place(value, context, escaped)).collect()
}

/// Places `value` in `context`, escaped with markupsafe or raw.
pub fn place(value: &str, context: Context, escaped: bool) -> Placement {
    let inserted = if escaped { markupsafe_escape(value) } else { value.to_string() };
    let verdict = match context {
        Context::ElementText => element_text(&inserted),
        Context::QuotedAttribute => quoted_attribute(&inserted),
        Context::UnquotedAttribute => unquoted_attribute(&inserted),
        Context::Href => href(&inserted),
        Context::ScriptString => script_string(&inserted, escaped),
    };
    Placement { context, html: context.fill(&inserted), verdict }
}

fn element_text(inserted: &str) -> Verdict {
    let tags = tags_opened(inserted);
    if tags.is_empty() {
        Verdict::Safe { why: "No `<` starts a tag, so the browser shows the value as text.".into() }
    } else {
        Verdict::Breaks { why: format!("The value opens markup: <{}>.", tags.join(">, <")) }
    }
}

fn quoted_attribute(inserted: &str) -> Verdict {
    if inserted.contains('"') {
        Verdict::Breaks {
            why: "A `\"` ends the attribute value early; what follows becomes new attributes, such as `onmouseover`."
                .into(),
        }
    } else {
        Verdict::Safe { why: "The value cannot close the quotes, so it stays inside the attribute.".into() }
    }
}

/// In the "attribute value (unquoted)" state, ASCII whitespace ends the value and `>` ends the
/// tag. Escaping leaves spaces alone, so this context is never safe for arbitrary values.
fn unquoted_attribute(inserted: &str) -> Verdict {
    if let Some(ch) = inserted.chars().find(|ch| matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '>')) {
        let what = if ch == '>' { "`>` ends the tag".to_string() } else { "whitespace ends the value".to_string() };
        Verdict::Breaks {
            why: format!(
                "Without quotes, {what}: the rest becomes new attributes. Escaping does not touch spaces — always quote attributes."
            ),
        }
    } else if inserted.is_empty() {
        Verdict::Garbled { why: "An empty unquoted value swallows the next attribute or `>`.".into() }
    } else {
        Verdict::Safe {
            why: "This value has no whitespace or `>`, so it stays one value — by luck, not by design.".into(),
        }
    }
}

/// The URL parser strips leading C0 controls and spaces and removes tabs and newlines anywhere
/// before it reads the scheme, and the attribute value is entity-decoded first.
fn href(inserted: &str) -> Verdict {
    if inserted.contains('"') {
        return quoted_attribute(inserted);
    }
    let decoded = decode_escaped(inserted);
    let cleaned: String = decoded
        .trim_start_matches(|ch: char| ch <= ' ')
        .chars()
        .filter(|ch| !matches!(ch, '\t' | '\n' | '\r'))
        .collect();
    let scheme = cleaned.split(':').next().filter(|_| cleaned.contains(':')).unwrap_or_default().to_ascii_lowercase();
    match scheme.as_str() {
        "javascript" => Verdict::Breaks {
            why: "HTML escaping keeps the value inside the quotes, but it is a `javascript:` URL: the browser runs it on click. Allow only http(s) (and relative) URLs.".into(),
        },
        "data" | "vbscript" => Verdict::Breaks {
            why: format!("A `{scheme}:` URL is not a web page of yours; allow only http(s) and relative URLs."),
        },
        _ => Verdict::Safe { why: "An ordinary URL inside quotes.".into() },
    }
}

/// Inside `<script>` the browser does not decode entities (script data state) and the value is
/// JavaScript, not HTML: escaping for HTML is the wrong tool. Use `|tojson` or `json_script`.
fn script_string(inserted: &str, escaped: bool) -> Verdict {
    if inserted.to_ascii_lowercase().contains("</script") {
        return Verdict::Breaks { why: "`</script>` ends the script element; whatever follows is new HTML.".into() };
    }
    if inserted.contains('"') {
        return Verdict::Breaks { why: "A `\"` ends the JavaScript string: the rest is code.".into() };
    }
    if inserted.ends_with('\\') || inserted.contains(['\n', '\r']) {
        return Verdict::Breaks {
            why: "A backslash or a line break is not HTML, so HTML escaping leaves it: it breaks the JavaScript string. Use `|tojson` (Jinja2) or `json_script` (Django).".into(),
        };
    }
    if escaped && inserted.contains('&') {
        return Verdict::Garbled {
            why: "No breakout, but the script sees `&#34;` and `&lt;` literally: entities are not decoded inside `<script>`. Use `|tojson` or `json_script`.".into(),
        };
    }
    Verdict::Safe { why: "Nothing in this value can end the string or the script.".into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn verdict(value: &str, context: Context, escaped: bool) -> Verdict {
        place(value, context, escaped).verdict
    }

    #[test]
    fn escaping_saves_element_text_and_quoted_attributes() {
        for value in ["<img src=x onerror=alert(1)>", "\" onmouseover=\"alert(1)"] {
            assert!(!verdict(value, Context::ElementText, true).is_breakout());
            assert!(!verdict(value, Context::QuotedAttribute, true).is_breakout());
            assert!(
                verdict(value, Context::QuotedAttribute, false).is_breakout()
                    || verdict(value, Context::ElementText, false).is_breakout()
            );
        }
    }

    #[test]
    fn an_unquoted_attribute_breaks_at_a_space_even_when_escaped() {
        let placement = place("x onmouseover=alert(1)", Context::UnquotedAttribute, true);
        assert_eq!(placement.html, "<p title=x onmouseover=alert(1)>…</p>");
        assert!(placement.verdict.is_breakout());
    }

    #[test]
    fn javascript_urls_survive_html_escaping() {
        for value in ["javascript:alert(1)", "  JavaScript:alert(1)", "java\tscript:alert(1)", "\u{1}javascript:x"] {
            assert!(verdict(value, Context::Href, true).is_breakout(), "{value:?}");
        }
        assert!(!verdict("https://example.com/?a=1&b=2", Context::Href, true).is_breakout());
        assert!(!verdict("/profile/ada", Context::Href, true).is_breakout());
    }

    #[test]
    fn script_strings_need_json_not_html_escaping() {
        assert!(verdict("</script><script>alert(1)//", Context::ScriptString, false).is_breakout());
        assert!(!verdict("</script><script>alert(1)//", Context::ScriptString, true).is_breakout());
        assert!(verdict("\\", Context::ScriptString, true).is_breakout());
        assert!(matches!(verdict("Tom & Jerry", Context::ScriptString, true), Verdict::Garbled { .. }));
    }

    proptest! {
        #[test]
        fn never_panics_and_escaped_text_never_breaks(value in "\\PC{0,120}") {
            let placements = place_everywhere(&value, true);
            prop_assert!(!placements[0].verdict.is_breakout());
            prop_assert!(!placements[1].verdict.is_breakout());
            let _ = place_everywhere(&value, false);
        }
    }
}
