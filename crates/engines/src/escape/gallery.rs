//! The attacks the fix quest replays against the learner's template, and the honest name that
//! must still read as typed: a fix stops every one and keeps the name.

use super::render::{decode_escaped, render_greeting, tags_opened, Rendering, AFTER, BEFORE};

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
