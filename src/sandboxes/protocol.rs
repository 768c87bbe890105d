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

use dragonproof_engines::json::{self, object, Value};
use dragonproof_engines::progress::Framework;

/// Marks our messages: anything else a window receives (an extension's, a payload's) is not
/// ours and is ignored.
const PROTOCOL: &str = "dragonproof-sandbox/1";

/// Given to a sandbox when it is mounted in the app. A sandbox page opened alone reads the
/// same settings from its URL instead.
#[derive(Debug, Clone, PartialEq)]
pub struct MountConfig {
    /// The learner's framework, for sandboxes that show Flask or Django code.
    pub framework: Framework,
}

/// What a sandbox reports after every change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Quests its engine says are solved in the sandbox's current state.
    pub solved: Vec<String>,
    /// Each quest's answer in words, line by line, in the lesson's quest order.
    pub answers: Vec<Vec<String>>,
    /// The sandbox's state as JSON, for a link that opens it as it is now (`None`: a sandbox
    /// whose state cannot be shared).
    pub state: Option<String>,
}

/// From a sandbox page to the app.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub enum ToSandbox {
    Mount(MountConfig),
    /// Fill the sandbox with this quest's declared solution (a "Try it" step of the lesson).
    /// Only an id travels: the solution is the sandbox's own, compiled into its bundle.
    Try {
        quest: String,
    },
}

/// A message as JSON. Written by hand over the small [`json`] reader rather than with serde's
/// derives, so that serde_json stays out of the app's first load. An enum is written as serde
/// writes an externally tagged one: `"ready"`, `{"size":{"height":640}}`.
pub trait Message: Sized {
    fn to_json(&self) -> Value;
    /// `None` for anything that is not this message.
    fn from_json(value: &Value) -> Option<Self>;
}

/// The one field of `{"<tag>": <body>}`.
fn tagged(value: &Value) -> Option<(&str, &Value)> {
    match value.as_object()? {
        [(tag, body)] => Some((tag, body)),
        _ => None,
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|item| item.as_str().map(str::to_string)).collect()
}

impl Message for FromSandbox {
    fn to_json(&self) -> Value {
        match self {
            FromSandbox::Ready => "ready".into(),
            FromSandbox::Size { height } => object([("size", object([("height", (*height).into())]))]),
            FromSandbox::Report(report) => {
                let answers = report.answers.iter().map(|lines| lines.clone().into()).collect();
                let body = object([
                    ("solved", report.solved.clone().into()),
                    ("answers", Value::Array(answers)),
                    ("state", report.state.clone().into()),
                ]);
                object([("report", body)])
            }
        }
    }

    fn from_json(value: &Value) -> Option<Self> {
        if value.as_str() == Some("ready") {
            return Some(FromSandbox::Ready);
        }
        match tagged(value)? {
            ("size", body) => Some(FromSandbox::Size { height: u32::try_from(body.get("height")?.as_u64()?).ok()? }),
            ("report", body) => Some(FromSandbox::Report(Report {
                solved: strings(body.get("solved")?)?,
                answers: body.get("answers")?.as_array()?.iter().map(strings).collect::<Option<_>>()?,
                state: match body.get("state") {
                    None | Some(Value::Null) => None,
                    Some(state) => Some(state.as_str()?.to_string()),
                },
            })),
            _ => None,
        }
    }
}

impl Message for ToSandbox {
    fn to_json(&self) -> Value {
        match self {
            ToSandbox::Mount(config) => object([("mount", object([("framework", config.framework.name().into())]))]),
            ToSandbox::Try { quest } => object([("try", object([("quest", quest.as_str().into())]))]),
        }
    }

    fn from_json(value: &Value) -> Option<Self> {
        match tagged(value)? {
            ("mount", body) => Some(ToSandbox::Mount(MountConfig {
                framework: body.field_or_default("framework", |name| Framework::from_name(name.as_str()?))?,
            })),
            ("try", body) => Some(ToSandbox::Try { quest: body.get("quest")?.as_str()?.to_string() }),
            _ => None,
        }
    }
}

/// The text to post for `message`.
pub fn encode<T: Message>(message: &T) -> String {
    object([("protocol", PROTOCOL.into()), ("message", message.to_json())]).to_compact()
}

/// The message in `text`, or `None` for anything that is not one of ours.
pub fn decode<T: Message>(text: &str) -> Option<T> {
    let envelope = json::parse(text).ok()?;
    if envelope.get("protocol")?.as_str()? != PROTOCOL {
        return None;
    }
    T::from_json(envelope.get("message")?)
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
pub fn post<T: Message>(target: &web_sys::Window, message: &T) {
    if let Some(origin) = own_origin() {
        let _ = target.post_message(&wasm_bindgen::JsValue::from_str(&encode(message)), &origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_strangers_are_ignored() {
        let report = FromSandbox::Report(Report { solved: vec!["a".into()], answers: vec![], state: None });
        let text = encode(&report);
        assert_eq!(
            text,
            r#"{"protocol":"dragonproof-sandbox/1","message":{"report":{"solved":["a"],"answers":[],"state":null}}}"#
        );
        assert_eq!(decode::<FromSandbox>(&text), Some(report));
        assert_eq!(decode::<FromSandbox>(r#""ready""#), None);
        assert_eq!(decode::<FromSandbox>(r#"{"protocol":"other/1","message":"ready"}"#), None);
        assert_eq!(
            decode::<FromSandbox>(r#"{"protocol":"dragonproof-sandbox/1","message":"ready"}"#),
            Some(FromSandbox::Ready)
        );
        assert_eq!(decode::<FromSandbox>("not json"), None);
    }

    #[test]
    fn every_message_round_trips() {
        let from_sandbox = [
            FromSandbox::Ready,
            FromSandbox::Size { height: 640 },
            FromSandbox::Report(Report {
                solved: vec!["forge".into()],
                answers: vec![vec!["line \"one\"".into(), "två".into()], vec![]],
                state: Some(r#"{"input":"<script>"}"#.into()),
            }),
        ];
        for message in from_sandbox {
            assert_eq!(decode::<FromSandbox>(&encode(&message)), Some(message));
        }
        let to_sandbox =
            [ToSandbox::Mount(MountConfig { framework: Framework::Django }), ToSandbox::Try { quest: "q-1".into() }];
        for message in to_sandbox {
            assert_eq!(decode::<ToSandbox>(&encode(&message)), Some(message));
        }
    }

    #[test]
    fn a_message_of_the_wrong_shape_is_ignored() {
        for message in [
            r#"{"size":{"height":-1}}"#,
            r#"{"size":{"height":640},"ready":null}"#,
            r#"{"report":{"solved":"a","answers":[]}}"#,
            r#"{"mount":{"framework":"rails"}}"#,
            r#"{"try":{}}"#,
            r#""mount""#,
        ] {
            let text = format!(r#"{{"protocol":"dragonproof-sandbox/1","message":{message}}}"#);
            assert_eq!(decode::<FromSandbox>(&text), None, "{message}");
            assert_eq!(decode::<ToSandbox>(&text), None, "{message}");
        }
        let mount = r#"{"protocol":"dragonproof-sandbox/1","message":{"mount":{}}}"#;
        assert_eq!(decode::<ToSandbox>(mount), Some(ToSandbox::Mount(MountConfig { framework: Framework::Flask })));
    }
}
