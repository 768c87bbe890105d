//! What markupsafe, Jinja2 and Django really output for a value, byte for
//! byte (fixtures from the real libraries: `fixtures/make_escape_fixtures.py`), and whether the
//! value became markup in the page.

use serde::{Deserialize, Serialize};

/// `markupsafe.escape` (and so Jinja2's autoescape and `|e`): `& < > " '` become
/// `&amp; &lt; &gt; &#34; &#39;`.
///
/// ```
/// assert_eq!(dragonproof_engines::escape::markupsafe_escape(r#"<a href="x">'"#),
///            "&lt;a href=&#34;x&#34;&gt;&#39;");
/// ```
pub fn markupsafe_escape(text: &str) -> String {
    replace_specials(text, ["&amp;", "&lt;", "&gt;", "&#34;", "&#39;"])
}

/// `django.utils.html.escape` (and so Django's autoescape): the same five characters, written
/// as `&amp; &lt; &gt; &quot; &#x27;` (Python's `html.escape`).
pub fn django_escape(text: &str) -> String {
    replace_specials(text, ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;"])
}

fn replace_specials(text: &str, [amp, lt, gt, quot, apos]: [&str; 5]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str(amp),
            '<' => out.push_str(lt),
            '>' => out.push_str(gt),
            '"' => out.push_str(quot),
            '\'' => out.push_str(apos),
            _ => out.push(ch),
        }
    }
    out
}

/// Python's `str.strip()` with no argument: Rust's Unicode whitespace plus the four ASCII
/// separators `\x1c`–`\x1f`, which Python's `str.isspace` also counts.
pub fn python_strip(text: &str) -> &str {
    text.trim_matches(|ch: char| ch.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&ch))
}

/// How the greeting template puts the name into the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rendering {
    /// Jinja2 with autoescape on (Flask's default for `.html` templates): `{{ name }}`.
    JinjaAutoescape,
    /// Jinja2 with autoescape off (plain Jinja2's default, or a non-HTML template).
    JinjaNoAutoescape,
    /// `{{ name|safe }}`: the value is trusted, so it is not escaped.
    JinjaSafe,
    /// `{{ name|e }}` with autoescape off: escaped by hand.
    JinjaEscapeFilter,
    /// Django's `{{ name }}`: autoescaped.
    DjangoAutoescape,
    /// Django's `{{ name|safe }}` (or a `mark_safe` value): not escaped.
    DjangoSafe,
}

impl Rendering {
    pub const ALL: [Rendering; 6] = [
        Rendering::JinjaAutoescape,
        Rendering::JinjaNoAutoescape,
        Rendering::JinjaSafe,
        Rendering::JinjaEscapeFilter,
        Rendering::DjangoAutoescape,
        Rendering::DjangoSafe,
    ];

    /// The template line a developer would write, for the learner to see.
    pub fn template(self) -> &'static str {
        match self {
            Rendering::JinjaAutoescape | Rendering::JinjaNoAutoescape | Rendering::DjangoAutoescape => {
                "<p>Hello, {{ name }}!</p>"
            }
            Rendering::JinjaSafe | Rendering::DjangoSafe => "<p>Hello, {{ name|safe }}!</p>",
            Rendering::JinjaEscapeFilter => "<p>Hello, {{ name|e }}!</p>",
        }
    }

    /// A short label for a menu.
    pub fn label(self) -> &'static str {
        match self {
            Rendering::JinjaAutoescape => "Jinja2, autoescape on",
            Rendering::JinjaNoAutoescape => "Jinja2, autoescape off",
            Rendering::JinjaSafe => "Jinja2, |safe",
            Rendering::JinjaEscapeFilter => "Jinja2, autoescape off with |e",
            Rendering::DjangoAutoescape => "Django, autoescaped",
            Rendering::DjangoSafe => "Django, |safe",
        }
    }

    /// The kebab-case name used in lesson files and share links.
    pub fn name(self) -> &'static str {
        match self {
            Rendering::JinjaAutoescape => "jinja-autoescape",
            Rendering::JinjaNoAutoescape => "jinja-no-autoescape",
            Rendering::JinjaSafe => "jinja-safe",
            Rendering::JinjaEscapeFilter => "jinja-escape-filter",
            Rendering::DjangoAutoescape => "django-autoescape",
            Rendering::DjangoSafe => "django-safe",
        }
    }

    pub fn from_name(name: &str) -> Option<Rendering> {
        Rendering::ALL.into_iter().find(|rendering| rendering.name() == name)
    }

    /// Whether this rendering escapes the value.
    pub fn escapes(self) -> bool {
        matches!(self, Rendering::JinjaAutoescape | Rendering::JinjaEscapeFilter | Rendering::DjangoAutoescape)
    }

    fn escape(self, name: &str) -> String {
        match self {
            Rendering::JinjaAutoescape | Rendering::JinjaEscapeFilter => markupsafe_escape(name),
            Rendering::DjangoAutoescape => django_escape(name),
            Rendering::JinjaNoAutoescape | Rendering::JinjaSafe | Rendering::DjangoSafe => name.to_string(),
        }
    }
}

pub(super) const BEFORE: &str = "<p>Hello, ";
pub(super) const AFTER: &str = "!</p>";

/// The greeting as the framework renders it, and what the name did to the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Greeting {
    /// The exact HTML the framework sends.
    pub html: String,
    /// Tags the *name* opened in the page (`script`, `img`, `/p`, `!--` ...): empty when the
    /// name stayed text.
    pub injected: Vec<String>,
}

/// Renders `<p>Hello, {{ name }}!</p>` the way `rendering` does.
pub fn render_greeting(rendering: Rendering, name: &str) -> Greeting {
    let inserted = rendering.escape(name);
    Greeting { injected: tags_opened(&inserted), html: format!("{BEFORE}{inserted}{AFTER}") }
}

/// Every place where an HTML tokenizer in the data state would leave text and start markup:
/// `<` followed by a letter (a start tag), by `/` and a letter (an end tag), by `!` (a comment
/// or doctype) or by `?` (a bogus comment) — WHATWG HTML, "Tag open state".
pub fn tags_opened(fragment: &str) -> Vec<String> {
    let bytes = fragment.as_bytes();
    let mut tags = Vec::new();
    for (index, _) in fragment.match_indices('<') {
        let rest = &bytes[index + 1..];
        let starts_markup = match rest {
            [first, ..] if first.is_ascii_alphabetic() || *first == b'!' || *first == b'?' => true,
            [b'/', second, ..] => second.is_ascii_alphabetic(),
            _ => false,
        };
        if starts_markup {
            let name: String = fragment[index + 1..]
                .chars()
                .take_while(|ch| !ch.is_whitespace() && *ch != '>' && *ch != '<')
                .take(24)
                .collect();
            tags.push(name.to_ascii_lowercase());
        }
    }
    tags
}

/// Turns the entities our escapers write back into characters: what a reader of the page sees.
pub fn decode_escaped(html: &str) -> String {
    let mut out = html.to_string();
    for (entity, ch) in
        [("&lt;", "<"), ("&gt;", ">"), ("&#34;", "\""), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'")]
    {
        out = out.replace(entity, ch);
    }
    out.replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Fixtures {
        cases: Vec<Case>,
    }

    #[derive(Deserialize)]
    struct Case {
        input: String,
        markupsafe_escape: String,
        django_escape: String,
        jinja_autoescape: String,
        jinja_no_autoescape: String,
        jinja_safe: String,
        jinja_e_without_autoescape: String,
        django_autoescape: String,
        django_safe: String,
        python_strip: String,
    }

    fn fixtures() -> Vec<Case> {
        let text = include_str!("../../fixtures/escape.json");
        serde_json::from_str::<Fixtures>(text).expect("fixtures parse").cases
    }

    #[test]
    fn matches_markupsafe_and_django_byte_for_byte() {
        for case in fixtures() {
            assert_eq!(markupsafe_escape(&case.input), case.markupsafe_escape, "{:?}", case.input);
            assert_eq!(django_escape(&case.input), case.django_escape, "{:?}", case.input);
            assert_eq!(python_strip(&case.input), case.python_strip, "{:?}", case.input);
        }
    }

    #[test]
    fn every_rendering_matches_the_real_template_engines() {
        for case in fixtures() {
            let expected = [
                (Rendering::JinjaAutoescape, &case.jinja_autoescape),
                (Rendering::JinjaNoAutoescape, &case.jinja_no_autoescape),
                (Rendering::JinjaSafe, &case.jinja_safe),
                (Rendering::JinjaEscapeFilter, &case.jinja_e_without_autoescape),
                (Rendering::DjangoAutoescape, &case.django_autoescape),
                (Rendering::DjangoSafe, &case.django_safe),
            ];
            for (rendering, html) in expected {
                assert_eq!(&render_greeting(rendering, &case.input).html, html, "{rendering:?} {:?}", case.input);
            }
        }
    }

    #[test]
    fn unescaped_markup_is_reported_as_injected() {
        let greeting = render_greeting(Rendering::JinjaNoAutoescape, "<img src=x onerror=alert(1)>");
        assert_eq!(greeting.injected, ["img"]);
        let escaped = render_greeting(Rendering::JinjaAutoescape, "<img src=x onerror=alert(1)>");
        assert!(escaped.injected.is_empty());
    }

    #[test]
    fn a_lone_less_than_is_text_not_markup() {
        assert!(tags_opened("3 < 4 and <3 and < b").is_empty());
        assert_eq!(tags_opened("</p><!-- x --><?php"), ["/p", "!--", "?php"]);
    }

    #[test]
    fn decoding_reverses_both_escapers() {
        let text = "Tom & Jerry's \"<show>\"";
        assert_eq!(decode_escaped(&markupsafe_escape(text)), text);
        assert_eq!(decode_escaped(&django_escape(text)), text);
    }

    proptest! {
        #[test]
        fn escaped_output_never_opens_a_tag(text in "\\PC{0,200}") {
            for rendering in [Rendering::JinjaAutoescape, Rendering::JinjaEscapeFilter, Rendering::DjangoAutoescape] {
                prop_assert!(render_greeting(rendering, &text).injected.is_empty());
                prop_assert_eq!(decode_escaped(&rendering.escape(&text)), text.clone());
            }
        }
    }
}
