//! Lesson 3's sandbox engine: a value written into one of two templates (a comment on the
//! notice board, or a profile's website link) as written, escaped, sanitized by ammonia, or
//! with its URL scheme checked; what in the result could run; and the lesson's quests.
//!
//! It runs in the sanitize worker in the browser (it needs ammonia and html5ever's tokenizer),
//! and natively in tests. The preview frame shows what really runs; this engine predicts it, so
//! quests are detected without the DOM, and an end-to-end test holds the two together.

use serde::{Deserialize, Serialize};

use crate::escape::markupsafe_escape;
use crate::html_scan::{scan, url_scheme, Item};
use crate::removals::{account, Removal};
use crate::sanitize::{clean, Policy, Sanitized};

/// Where the learner's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// `<p class="comment">{{ comment }}</p>`: element text.
    Comment,
    /// `<a href="{{ website }}">Visit my castle</a>`: a URL in a quoted attribute.
    Link,
}

impl Place {
    pub const ALL: [Place; 2] = [Place::Comment, Place::Link];

    pub fn name(self) -> &'static str {
        match self {
            Place::Comment => "comment",
            Place::Link => "link",
        }
    }

    pub fn from_name(name: &str) -> Option<Place> {
        Place::ALL.into_iter().find(|place| place.name() == name)
    }

    /// The Jinja2 template line, with autoescape on (Flask's default for `.html`).
    pub fn template(self) -> &'static str {
        match self {
            Place::Comment => r#"<p class="comment">{{ comment }}</p>"#,
            Place::Link => r#"<a href="{{ website }}">Visit my castle</a>"#,
        }
    }
}

/// How the template writes the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Output {
    /// `|safe`: trusted, written as it is.
    AsWritten,
    /// Autoescape (markupsafe).
    Escaped,
    /// `Markup(nh3.clean(...))`: ammonia, under the learner's policy.
    Sanitized,
    /// Links only: the view keeps the URL only if its scheme is `http` or `https` (the
    /// lesson's `safe_link`).
    UrlChecked,
}

impl Output {
    pub const ALL: [Output; 4] = [Output::AsWritten, Output::Escaped, Output::Sanitized, Output::UrlChecked];

    pub fn name(self) -> &'static str {
        match self {
            Output::AsWritten => "as-written",
            Output::Escaped => "escaped",
            Output::Sanitized => "sanitized",
            Output::UrlChecked => "url-checked",
        }
    }

    pub fn from_name(name: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|output| output.name() == name)
    }

    /// Whether the output applies to `place` (the scheme check is for URLs).
    pub fn fits(self, place: Place) -> bool {
        self != Output::UrlChecked || place == Place::Link
    }

    /// The Flask code that produces this output in `place`.
    pub fn flask_code(self, place: Place) -> &'static str {
        match (place, self) {
            (Place::Comment, Output::AsWritten) => r#"<p class="comment">{{ comment|safe }}</p>"#,
            (Place::Comment, Output::Escaped | Output::UrlChecked) => r#"<p class="comment">{{ comment }}</p>"#,
            (Place::Comment, Output::Sanitized) => {
                "comment = Markup(nh3.clean(comment))  # in the view\n<p class=\"comment\">{{ comment }}</p>"
            }
            (Place::Link, Output::AsWritten) => r#"<a href="{{ website|safe }}">Visit my castle</a>"#,
            (Place::Link, Output::Escaped) => r#"<a href="{{ website }}">Visit my castle</a>"#,
            (Place::Link, Output::Sanitized) => {
                "link = render_template_string('<a href=\"{{ website }}\">Visit my castle</a>', website=website)\nlink = Markup(nh3.clean(link))  # ammonia, in Rust"
            }
            (Place::Link, Output::UrlChecked) => {
                "website = safe_link(website)  # in the view: http and https only, else \"#\"\n<a href=\"{{ website }}\">Visit my castle</a>"
            }
        }
    }
}

/// Everything the learner sets in the XSS sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XssState {
    pub input: String,
    pub place: Place,
    pub output: Output,
}

impl Default for XssState {
    /// A friendly comment on a board that trusts it: nothing runs yet.
    fn default() -> Self {
        XssState {
            input: "Lovely castle! <b>Ten out of ten</b>, would storm again.".to_string(),
            place: Place::Comment,
            output: Output::AsWritten,
        }
    }
}

/// Something in the page that would run script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Danger {
    /// A `<script>` element: runs as the page loads.
    Script,
    /// An event-handler attribute (`onerror`, `onload`, ...): runs when its event fires.
    Handler { tag: String, attribute: String },
    /// A `javascript:` URL: runs when the link is followed or the form sent.
    JavascriptUrl { tag: String, attribute: String },
    /// An `<iframe srcdoc>` whose document has any of the above.
    FrameDocument,
}

impl Danger {
    /// What would run, in plain words.
    pub fn describe(&self) -> String {
        match self {
            Danger::Script => "a <script> element runs as the page loads".to_string(),
            Danger::Handler { tag, attribute } => {
                format!("the {attribute} handler on <{tag}> runs when its {} event fires", &attribute[2..])
            }
            Danger::JavascriptUrl { tag, attribute } => {
                format!("the javascript: URL in {attribute} on <{tag}> runs when it is followed (a click)")
            }
            Danger::FrameDocument => "the document in an <iframe srcdoc> runs script".to_string(),
        }
    }
}

/// Attributes whose value the browser follows as a URL.
fn is_followed_url(name: &str) -> bool {
    matches!(name, "href" | "xlink:href" | "src" | "action" | "formaction" | "data")
}

/// What in `html` would run script in a browser.
pub fn dangers(html: &str) -> Vec<Danger> {
    let mut found = Vec::new();
    for item in scan(html) {
        let Item::Tag { name, attributes, .. } = item else { continue };
        if name == "script" {
            found.push(Danger::Script);
        }
        for (attribute, value) in attributes {
            if attribute.len() > 2 && attribute.starts_with("on") {
                found.push(Danger::Handler { tag: name.clone(), attribute });
            } else if is_followed_url(&attribute) && url_scheme(&value).as_deref() == Some("javascript") {
                found.push(Danger::JavascriptUrl { tag: name.clone(), attribute });
            } else if name == "iframe" && attribute == "srcdoc" && !dangers(&value).is_empty() {
                found.push(Danger::FrameDocument);
            }
        }
    }
    found
}

/// The HTML the server sends, and what the sandbox knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    pub html: String,
    /// What would run in `html`.
    pub dangers: Vec<Danger>,
    /// What would run if the same value were written as it is: an attack stopped is still an attack.
    pub dangers_as_written: Vec<Danger>,
    /// When sanitized: what ammonia removed, and why.
    pub removed: Vec<Removal>,
    /// When sanitized: whether `removed` accounts for all of ammonia's changes.
    pub explained: bool,
}

fn write_into(place: Place, value: &str) -> String {
    match place {
        Place::Comment => format!(r#"<p class="comment">{value}</p>"#),
        Place::Link => format!(r#"<a href="{value}">Visit my castle</a>"#),
    }
}

/// The lesson's `safe_link`: `urlsplit(url).scheme in {"http", "https"}`. Python 3.11's
/// `urlsplit` strips leading C0 controls and spaces and removes tabs and newlines as browsers
/// do, so it reads the same scheme the browser will.
fn scheme_is_web(url: &str) -> bool {
    matches!(url_scheme(url).as_deref(), Some("http") | Some("https"))
}

/// The HTML the server sends for every output but `Sanitized`, which needs ammonia (`None`).
/// Cheap and ammonia-free, so the sandbox shows it on every keystroke without its worker.
pub fn write(state: &XssState) -> Option<String> {
    match (state.output, state.place) {
        (Output::AsWritten, place) => Some(write_into(place, &state.input)),
        (Output::Escaped, place) | (Output::UrlChecked, place @ Place::Comment) => {
            Some(write_into(place, &markupsafe_escape(&state.input)))
        }
        (Output::UrlChecked, Place::Link) => {
            let url = if scheme_is_web(&state.input) { state.input.as_str() } else { "#" };
            Some(write_into(Place::Link, &markupsafe_escape(url)))
        }
        (Output::Sanitized, _) => None,
    }
}

/// Renders `state` under `policy`. Refuses (with a reason) only inputs over the sanitizer's limit.
pub fn render(state: &XssState, policy: &Policy) -> Result<Rendered, String> {
    let sanitize = |html: &str| match clean(html, policy) {
        Sanitized::Clean { html } => Ok(html),
        Sanitized::Refused { reason } => Err(reason),
    };
    let as_written = write_into(state.place, &state.input);
    let (html, removed, explained) = match (write(state), state.place) {
        (Some(html), _) => (html, Vec::new(), true),
        (None, Place::Comment) => {
            let clean_comment = sanitize(&state.input)?;
            let (removed, explained) = account(&state.input, &clean_comment, policy);
            (write_into(Place::Comment, &clean_comment), removed, explained)
        }
        (None, Place::Link) => {
            let link = write_into(Place::Link, &markupsafe_escape(&state.input));
            let clean_link = sanitize(&link)?;
            let (removed, explained) = account(&link, &clean_link, policy);
            (clean_link, removed, explained)
        }
    };
    let dangers_as_written = dangers(&as_written);
    // Written as it is, the output is the same HTML: read it once.
    let found = if html == as_written { dangers_as_written.clone() } else { dangers(&html) };
    Ok(Rendered { dangers: found, dangers_as_written, html, removed, explained })
}

/// Whether `quest` is solved, given the state and what it rendered to.
pub fn solved_in(quest: &str, state: &XssState, rendered: &Rendered) -> Option<bool> {
    let attack = !rendered.dangers_as_written.is_empty();
    let link_attack = rendered.dangers_as_written.iter().any(|danger| matches!(danger, Danger::JavascriptUrl { .. }));
    let runs = !rendered.dangers.is_empty();
    let url_runs = rendered.dangers.iter().any(|danger| matches!(danger, Danger::JavascriptUrl { .. }));
    Some(match quest {
        // Attack: a comment that runs script on a board that trusts it.
        "dragon-on-the-board" => state.place == Place::Comment && state.output == Output::AsWritten && runs,
        // Fix: the same kind of comment, stopped by the output, not by a harmless input.
        "escape-the-board" => {
            state.place == Place::Comment && state.output != Output::AsWritten && attack && !runs
        }
        // Attack: autoescape on, and the link still runs script.
        "link-survives-escaping" => state.place == Place::Link && state.output == Output::Escaped && url_runs,
        // Fix: a javascript: website, and nothing runs.
        "check-the-link" => {
            state.place == Place::Link
                && matches!(state.output, Output::UrlChecked | Output::Sanitized)
                && link_attack
                && !runs
        }
        _ => return None,
    })
}

/// The quests of the XSS sandbox.
pub struct XssSandbox;

impl crate::quests::QuestSandbox for XssSandbox {
    type State = XssState;

    fn apply(state: &mut XssState, solution: &crate::quests::Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "input" => state.input = value.clone(),
                "place" => {
                    state.place =
                        Place::from_name(value).ok_or_else(|| format!("`{value}` is not a place of the XSS sandbox"))?
                }
                "output" => {
                    state.output =
                        Output::from_name(value).ok_or_else(|| format!("`{value}` is not an output of the XSS sandbox"))?
                }
                other => return Err(format!("the XSS sandbox has no input `{other}`")),
            }
        }
        Ok(())
    }

    fn solved(quest: &str, state: &XssState) -> Option<bool> {
        let rendered = render(state, &Policy::default()).ok()?;
        solved_in(quest, state, &rendered)
    }

    fn describe(solution: &crate::quests::Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(input, value)| match input.as_str() {
                "input" => format!("Value: {value}"),
                "place" => match Place::from_name(value) {
                    Some(place) => format!("Template: {}", place.template()),
                    None => format!("place: {value}"),
                },
                "output" => format!("Output: {}", value.replace('-', " ")),
                other => format!("{other}: {value}"),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::PAYLOADS;
    use crate::quests::{solved_quests, QuestSandbox};
    use proptest::prelude::*;

    const QUESTS: [&str; 4] = ["dragon-on-the-board", "escape-the-board", "link-survives-escaping", "check-the-link"];

    fn state(input: &str, place: Place, output: Output) -> XssState {
        XssState { input: input.to_string(), place, output }
    }

    /// The engine's prediction for the gallery agrees with what Chromium does in
    /// tests/e2e/gallery.spec.ts: every vector runs as written, none escaped or sanitized.
    #[test]
    fn every_gallery_payload_is_predicted_to_run_only_as_written() {
        for payload in PAYLOADS {
            let run = |output| render(&state(payload.html, Place::Comment, output), &Policy::default()).unwrap().dangers;
            assert!(!run(Output::AsWritten).is_empty(), "{}", payload.html);
            assert!(run(Output::Escaped).is_empty(), "{}", payload.html);
            assert!(run(Output::Sanitized).is_empty(), "{}", payload.html);
        }
    }

    #[test]
    fn a_javascript_website_survives_escaping_but_not_the_scheme_check() {
        for url in ["javascript:alert('dragon')", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)"] {
            let escaped = render(&state(url, Place::Link, Output::Escaped), &Policy::default()).unwrap();
            assert!(matches!(escaped.dangers[..], [Danger::JavascriptUrl { .. }]), "{url}");
            let checked = render(&state(url, Place::Link, Output::UrlChecked), &Policy::default()).unwrap();
            assert_eq!(checked.html, r##"<a href="#">Visit my castle</a>"##);
            assert!(checked.dangers.is_empty());
            let sanitized = render(&state(url, Place::Link, Output::Sanitized), &Policy::default()).unwrap();
            assert!(sanitized.dangers.is_empty(), "{}", sanitized.html);
        }
    }

    #[test]
    fn honest_links_pass_the_scheme_check() {
        for url in ["https://castle.example/", "HTTP://x"] {
            let checked = render(&state(url, Place::Link, Output::UrlChecked), &Policy::default()).unwrap();
            assert!(checked.html.contains(&markupsafe_escape(url)), "{url}");
        }
        let relative = render(&state("/profile/7", Place::Link, Output::UrlChecked), &Policy::default()).unwrap();
        assert!(relative.html.contains("href=\"#\""), "safe_link allows absolute web links only");
    }

    #[test]
    fn an_attribute_breakout_runs_only_as_written() {
        let breakout = r#"x" onmouseover="alert(1)"#;
        assert!(!render(&state(breakout, Place::Link, Output::AsWritten), &Policy::default()).unwrap().dangers.is_empty());
        assert!(render(&state(breakout, Place::Link, Output::Escaped), &Policy::default()).unwrap().dangers.is_empty());
    }

    #[test]
    fn sanitizing_explains_what_it_removed() {
        let rendered =
            render(&state("<img src=x onerror=alert(1)>hi", Place::Comment, Output::Sanitized), &Policy::default()).unwrap();
        assert_eq!(rendered.html, r#"<p class="comment"><img src="x">hi</p>"#);
        assert_eq!(rendered.removed.len(), 1);
        assert!(rendered.explained);
    }

    #[test]
    fn quests_start_unsolved_and_each_is_solved_only_by_its_own_kind_of_answer() {
        assert!(solved_quests::<XssSandbox>(&QUESTS, &XssState::default()).is_empty());
        let payload = "<img src=x onerror=alert('dragon')>";
        let solved = |s: XssState| solved_quests::<XssSandbox>(&QUESTS, &s);
        assert_eq!(solved(state(payload, Place::Comment, Output::AsWritten)), ["dragon-on-the-board"]);
        assert_eq!(solved(state(payload, Place::Comment, Output::Escaped)), ["escape-the-board"]);
        assert_eq!(solved(state(payload, Place::Comment, Output::Sanitized)), ["escape-the-board"]);
        // Escaping a harmless comment is not a fix of anything.
        assert!(solved(state("hello", Place::Comment, Output::Escaped)).is_empty());
        let link = "javascript:alert('dragon')";
        assert_eq!(solved(state(link, Place::Link, Output::Escaped)), ["link-survives-escaping"]);
        assert_eq!(solved(state(link, Place::Link, Output::UrlChecked)), ["check-the-link"]);
        assert!(solved(state("https://x", Place::Link, Output::UrlChecked)).is_empty());
        assert_eq!(XssSandbox::solved("fly", &XssState::default()), None);
    }

    #[test]
    fn unknown_inputs_are_reported() {
        let mut s = XssState::default();
        let bad = [("place".to_string(), "moat".to_string())].into();
        assert!(XssSandbox::apply(&mut s, &bad).unwrap_err().contains("moat"));
    }

    proptest! {
        #[test]
        fn never_panics(input in ".{0,300}", place in 0..2usize, output in 0..4usize) {
            let s = state(&input, Place::ALL[place], Output::ALL[output]);
            if let Ok(rendered) = render(&s, &Policy::default()) {
                for quest in QUESTS { let _ = solved_in(quest, &s, &rendered); }
                for danger in rendered.dangers { let _ = danger.describe(); }
            }
        }
    }
}
