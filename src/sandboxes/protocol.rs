//! What the app and a sandbox bundle say to each other.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// The DOM event a sandbox dispatches on its root element with a [`Report`] (JSON) as detail.
pub const REPORT_EVENT: &str = "dragonproof-sandbox-report";

/// Given to a sandbox when it is mounted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MountConfig {
    pub quests: Vec<QuestSpec>,
}

/// A quest as a sandbox needs it: its id, and the solution to describe as the answer hint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestSpec {
    pub id: String,
    pub solution: BTreeMap<String, String>,
}

/// What a sandbox reports after every change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Quests its engine says are solved in the sandbox's current state.
    pub solved: Vec<String>,
    /// Each quest's answer in words, line by line, in `MountConfig::quests` order.
    pub answers: Vec<Vec<String>>,
}

/// Sends `report` from a sandbox to the app, as a DOM event on the sandbox's root.
pub fn send_report(root: &web_sys::Element, report: &Report) {
    let Ok(detail) = serde_json::to_string(report) else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&wasm_bindgen::JsValue::from_str(&detail));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(REPORT_EVENT, &init) {
        let _ = root.dispatch_event(&event);
    }
}

/// Reads a report from the event the app receives; `None` for anything else.
pub fn read_report(event: &web_sys::Event) -> Option<Report> {
    let event = event.dyn_ref::<web_sys::CustomEvent>()?;
    serde_json::from_str(&event.detail().as_string()?).ok()
}
