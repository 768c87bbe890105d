//! What the app and a sandbox page say to each other, declared once for both sides.
//!
//! Each sandbox is its own document (`sandbox.html?sandbox=<id>`, see [`crate::sandboxes`]). In
//! the app it sits in an `<iframe>`; the two talk only by `postMessage`, as JSON text, and each
//! side accepts a message only from the other's window *and* from the app's own origin.
//!
//! ```text
//! sandbox page ── Ready ───────────────► app      (the page has loaded its bundle)
//! sandbox page ◄── Mount(MountConfig) ── app      (the learner's framework)
//! sandbox page ── Size / Report ───────► app      (after every change)
//! sandbox page ◄── Try(quest) ────────── app      (a lesson's "Try it" step was clicked)
//! ```

use dragonproof_engines::progress::Framework;
use serde::{Deserialize, Serialize};

/// Marks our messages: anything else a window receives (an extension's, a payload's) is not
/// ours and is ignored.
const PROTOCOL: &str = "dragonproof-sandbox/1";

/// Given to a sandbox when it is mounted in the app. A sandbox page opened alone reads the
/// same settings from its URL instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MountConfig {
    /// The learner's framework, for sandboxes that show Flask or Django code.
    #[serde(default)]
    pub framework: Framework,
}

/// What a sandbox reports after every change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Quests its engine says are solved in the sandbox's current state.
    pub solved: Vec<String>,
    /// Each quest's answer in words, line by line, in the lesson's quest order.
    pub answers: Vec<Vec<String>>,
    /// The sandbox's state as JSON, for a link that opens it as it is now (`None`: a sandbox
    /// whose state cannot be shared).
    #[serde(default)]
    pub state: Option<String>,
}

/// From a sandbox page to the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Externally tagged (`{"size":{"height":640}}`): serde's internally tagged enums buffer
// through its `Content` type, which cost the app wasm several KB gzip.
#[serde(rename_all = "kebab-case")]
pub enum FromSandbox {
    /// The bundle has loaded and waits for [`ToSandbox::Mount`].
    Ready,
    /// The page's height in CSS pixels: the app sizes the frame to it, so the lesson scrolls as
    /// one page and the frame never shows a scroll bar of its own.
    Size {
        height: u32,
    },
    Report(Report),
}

/// From the app to a sandbox page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Externally tagged (`{"size":{"height":640}}`): serde's internally tagged enums buffer
// through its `Content` type, which cost the app wasm several KB gzip.
#[serde(rename_all = "kebab-case")]
pub enum ToSandbox {
    Mount(MountConfig),
    /// Fill the sandbox with this quest's declared solution (a "Try it" step of the lesson).
    /// Only an id travels: the solution is the sandbox's own, compiled into its bundle.
    Try {
        quest: String,
    },
}

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    protocol: String,
    message: T,
}

/// The text to post for `message`.
pub fn encode<T: Serialize>(message: &T) -> Option<String> {
    serde_json::to_string(&Envelope { protocol: PROTOCOL.to_string(), message }).ok()
}

/// The message in `text`, or `None` for anything that is not one of ours.
pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    let envelope: Envelope<T> = serde_json::from_str(text).ok()?;
    (envelope.protocol == PROTOCOL).then_some(envelope.message)
}

/// Whether a `message` event comes from `expected` (a window) at the app's own origin. Both
/// checks: the origin alone would accept any same-origin window (another tab's frame, the
/// preview cannot be one — it is opaque — but a future page might), the source alone would
/// accept a frame that navigated elsewhere.
pub fn is_from(event: &web_sys::MessageEvent, expected: &web_sys::Window) -> bool {
    // Compared as objects, not cast: a window of another document is not an `instanceof` this
    // document's `Window`, so a checked cast to `Window` would always fail.
    let from_expected = event.source().is_some_and(|source| js_sys::Object::is(&source, expected.as_ref()));
    from_expected && Some(event.origin()) == own_origin()
}

/// This document's origin, e.g. `http://127.0.0.1:4173`.
pub fn own_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// Posts `message` to `target`, to be delivered only if `target` is at the app's own origin.
pub fn post<T: Serialize>(target: &web_sys::Window, message: &T) {
    if let (Some(text), Some(origin)) = (encode(message), own_origin()) {
        let _ = target.post_message(&wasm_bindgen::JsValue::from_str(&text), &origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_strangers_are_ignored() {
        let report = FromSandbox::Report(Report { solved: vec!["a".into()], answers: vec![], state: None });
        let text = encode(&report).expect("encodes");
        assert_eq!(decode::<FromSandbox>(&text), Some(report));
        assert_eq!(decode::<FromSandbox>(r#""ready""#), None);
        assert_eq!(decode::<FromSandbox>(r#"{"protocol":"other/1","message":"ready"}"#), None);
        assert_eq!(
            decode::<FromSandbox>(r#"{"protocol":"dragonproof-sandbox/1","message":"ready"}"#),
            Some(FromSandbox::Ready)
        );
        assert_eq!(decode::<FromSandbox>("not json"), None);
    }
}
