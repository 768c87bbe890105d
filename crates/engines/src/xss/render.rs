//! The value written into one of two templates (a comment on the notice board, or a profile's
//! website link) as written, escaped, sanitized by ammonia, or with its URL scheme checked:
//! the HTML the server sends, and what in it could run.

use serde::{Deserialize, Serialize};

use super::dangers::{dangers, Danger};
use super::removals::{account, Removal};
use super::sandbox::XssState;
use super::sanitize::{clean, Policy, Sanitized};
use crate::escape::markupsafe_escape;
use crate::html_scan::url_scheme;

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

/// Renders `state` under `policy` (the outcome builds it from `state.policy`). Refuses (with a reason) only inputs over the sanitizer's limit.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xss::gallery::PAYLOADS;
    use proptest::prelude::*;

    fn state(input: &str, place: Place, output: Output) -> XssState {
        XssState { input: input.to_string(), place, output, policy: None }
    }

    /// The engine's prediction for the gallery agrees with what Chromium does in
    /// tests/e2e/gallery.spec.ts: every vector runs as written, none escaped or sanitized.
    #[test]
    fn every_gallery_payload_is_predicted_to_run_only_as_written() {
        for payload in PAYLOADS {
            let run =
                |output| render(&state(payload.html, Place::Comment, output), &Policy::default()).unwrap().dangers;
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
        assert!(!render(&state(breakout, Place::Link, Output::AsWritten), &Policy::default())
            .unwrap()
            .dangers
            .is_empty());
        assert!(render(&state(breakout, Place::Link, Output::Escaped), &Policy::default()).unwrap().dangers.is_empty());
    }

    #[test]
    fn sanitizing_explains_what_it_removed() {
        let rendered =
            render(&state("<img src=x onerror=alert(1)>hi", Place::Comment, Output::Sanitized), &Policy::default())
                .unwrap();
        assert_eq!(rendered.html, r#"<p class="comment"><img src="x">hi</p>"#);
        assert_eq!(rendered.removed.len(), 1);
        assert!(rendered.explained);
    }

    proptest! {
        #[test]
        fn never_panics(input in ".{0,300}", place in 0..2usize, output in 0..4usize) {
            let s = state(&input, Place::ALL[place], Output::ALL[output]);
            if let Ok(rendered) = render(&s, &Policy::default()) {
                for danger in rendered.dangers { let _ = danger.describe(); }
            }
        }
    }
}
