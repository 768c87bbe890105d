//! The `escape` engine: what markupsafe, Jinja2 and Django really output for a value, byte for
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
            Rendering::JinjaNoAutoescape | Rendering::JinjaSafe | Rendering::DjangoSafe => {
                name.to_string()
            }
        }
    }
}

const BEFORE: &str = "<p>Hello, ";
const AFTER: &str = "!</p>";

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
    for (entity, ch) in [("&lt;", "<"), ("&gt;", ">"), ("&#34;", "\""), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'")] {
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
        let text = include_str!("../fixtures/escape.json");
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

/// The attacks the fix quest replays against the learner's template: a fix must stop them all.
pub const GALLERY: [(&str, &str); 8] = [
    ("<script>alert('dragon')</script>", "The classic: a script element."),
    ("<img src=x onerror=alert('dragon')>", "No script tag needed: an event handler runs when the image fails."),
    ("<svg onload=alert('dragon')>", "SVG elements have load events too."),
    ("\"><b>dragon</b>", "Breaks out of an attribute first, then adds markup."),
    ("</p><h1>The castle has fallen</h1>", "Closes the template's paragraph and writes its own page."),
    ("<!--", "A comment swallows the rest of the page."),
    ("<a href=\"javascript:alert('dragon')\">claim your prize</a>", "A link that runs script when clicked."),
    ("<b>bold</b>", "Harmless-looking markup is still markup the attacker controls."),
];

/// A real name that must still read exactly as typed after the fix.
pub const HONEST_NAME: &str = "Tom & Jerry's \"Castle\" <3";

/// The escape sandbox's inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscapeState {
    pub name: String,
    pub rendering: Rendering,
}

impl Default for EscapeState {
    /// The castle as inherited: a plain Jinja2 environment, where autoescape is off.
    fn default() -> Self {
        EscapeState { name: "Ada Lovelace".to_string(), rendering: Rendering::JinjaNoAutoescape }
    }
}

/// One gallery attack replayed under the learner's template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    pub payload: &'static str,
    pub note: &'static str,
    /// Tags the payload opened (empty: it stayed text).
    pub injected: Vec<String>,
}

/// Replays every gallery attack under `rendering`.
pub fn replay_gallery(rendering: Rendering) -> Vec<Replay> {
    GALLERY
        .iter()
        .map(|(payload, note)| Replay { payload, note, injected: render_greeting(rendering, payload).injected })
        .collect()
}

/// Whether the honest name reads exactly as typed under `rendering`.
pub fn honest_name_survives(rendering: Rendering) -> bool {
    let html = render_greeting(rendering, HONEST_NAME).html;
    let shown = html.strip_prefix(BEFORE).and_then(|rest| rest.strip_suffix(AFTER)).unwrap_or_default();
    decode_escaped(shown) == HONEST_NAME && tags_opened(shown).is_empty()
}

/// The quests of the escape sandbox.
pub struct EscapeSandbox;

impl crate::quests::QuestSandbox for EscapeSandbox {
    type State = EscapeState;

    fn apply(state: &mut EscapeState, solution: &crate::quests::Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "name" => state.name = value.clone(),
                "rendering" => {
                    state.rendering = Rendering::from_name(value)
                        .ok_or_else(|| format!("`{value}` is not a rendering of the escape sandbox"))?
                }
                other => return Err(format!("the escape sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn solved(quest: &str, state: &EscapeState) -> Option<bool> {
        match quest {
            // Attack: the name itself opened a tag in the page.
            "markup-gets-in" => Some(!render_greeting(state.rendering, &state.name).injected.is_empty()),
            // Fix: every gallery attack stays text, and a real name still reads as typed.
            "every-name-is-text" => Some(
                replay_gallery(state.rendering).iter().all(|replay| replay.injected.is_empty())
                    && honest_name_survives(state.rendering),
            ),
            _ => None,
        }
    }

    fn describe(solution: &crate::quests::Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(input, value)| match (input.as_str(), Rendering::from_name(value)) {
                ("rendering", Some(rendering)) => format!("Template: {}", rendering.label()),
                ("name", _) => format!("Name: {value}"),
                _ => format!("{input}: {value}"),
            })
            .collect()
    }
}

#[cfg(test)]
mod quest_tests {
    use super::*;
    use crate::quests::{solved_quests, QuestSandbox};

    #[test]
    fn no_quest_is_solved_at_the_start() {
        let start = EscapeState::default();
        assert!(solved_quests::<EscapeSandbox>(&["markup-gets-in", "every-name-is-text"], &start).is_empty());
    }

    #[test]
    fn only_escaping_renderings_fix_it() {
        for rendering in Rendering::ALL {
            let state = EscapeState { rendering, ..EscapeState::default() };
            let fixed = EscapeSandbox::solved("every-name-is-text", &state) == Some(true);
            let escapes = matches!(rendering, Rendering::JinjaAutoescape | Rendering::JinjaEscapeFilter | Rendering::DjangoAutoescape);
            assert_eq!(fixed, escapes, "{rendering:?}");
        }
    }

    #[test]
    fn unknown_inputs_and_quests_are_reported() {
        let mut state = EscapeState::default();
        let solution = [("colour".to_string(), "red".to_string())].into();
        assert!(EscapeSandbox::apply(&mut state, &solution).unwrap_err().contains("colour"));
        assert_eq!(EscapeSandbox::solved("fly", &state), None);
    }
}
