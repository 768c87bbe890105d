//! What the app and a sandbox bundle say to each other.

use std::collections::BTreeMap;

use dragonproof_engines::progress::Framework;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// The DOM event a sandbox dispatches on its root element with a [`Report`] (JSON) as detail.
pub const REPORT_EVENT: &str = "dragonproof-sandbox-report";

/// Given to a sandbox when it is mounted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MountConfig {
    pub quests: Vec<QuestSpec>,
    /// The learner's framework, for sandboxes that show Flask or Django code.
    #[serde(default)]
    pub framework: Framework,
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

/// The properties every sandbox view takes.
#[derive(Debug, Clone, PartialEq, yew::Properties)]
pub struct SandboxProps {
    pub quests: Vec<QuestSpec>,
    pub framework: Framework,
    /// Called with the quests solved now, after every change.
    pub report: yew::Callback<Report>,
}

/// Mounts a sandbox view into `root` with a JSON [`MountConfig`], wiring its reports to
/// [`REPORT_EVENT`]s on `root`. Each bundle's binary exports this through
/// [`sandbox_bundle!`](crate::sandbox_bundle).
pub fn mount<C>(root: web_sys::Element, config: &str) -> yew::AppHandle<C>
where
    C: yew::BaseComponent<Properties = SandboxProps>,
{
    let config: MountConfig = serde_json::from_str(config).unwrap_or(MountConfig { quests: Vec::new(), framework: Framework::default() });
    step_past_the_apps_subtree_ids();
    let reporter = root.clone();
    let props = SandboxProps {
        quests: config.quests,
        framework: config.framework,
        report: yew::Callback::from(move |report| send_report(&reporter, &report)),
    };
    yew::Renderer::<C>::with_root_and_props(root, props).render()
}

/// Two Yew runtimes share this page: the app's (rooted at `<body>`) and this bundle's. Yew
/// delegates events to its root in the capture phase and decides which app handles an event by
/// a subtree id stamped on elements, counted from 1 in each runtime. With equal ids, the app's
/// Yew took clicks inside the bundle for its own and ran one of its handlers (seen for real: a
/// radio button that would not check, because an unrelated handler called `preventDefault`).
/// Creating and dropping a few empty roots first gives this bundle's elements ids the app never
/// uses (the app has a single root and no portals).
fn step_past_the_apps_subtree_ids() {
    #[yew::function_component]
    fn Nothing() -> yew::Html {
        yew::Html::default()
    }
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    for _ in 0..APP_SUBTREE_IDS {
        if let Ok(detached) = document.create_element("div") {
            yew::Renderer::<Nothing>::with_root(detached).render().destroy();
        }
    }
}

/// More than the app will ever create: one root, and no portals.
const APP_SUBTREE_IDS: u32 = 8;

/// Defines a bundle binary's exports (`mount`, and `destroy` on what it returns) for a view.
#[macro_export]
macro_rules! sandbox_bundle {
    ($view:ty) => {
        use wasm_bindgen::prelude::*;

        /// A mounted sandbox; the app calls `destroy` when the lesson closes.
        #[wasm_bindgen]
        pub struct MountedSandbox {
            handle: Option<yew::AppHandle<$view>>,
        }

        #[wasm_bindgen]
        impl MountedSandbox {
            pub fn destroy(&mut self) {
                if let Some(handle) = self.handle.take() {
                    handle.destroy();
                }
            }
        }

        /// Mounts the sandbox into `root`; `config` is a JSON `MountConfig`.
        #[wasm_bindgen]
        pub fn mount(root: web_sys::Element, config: &str) -> MountedSandbox {
            MountedSandbox { handle: Some($crate::sandboxes::protocol::mount::<$view>(root, config)) }
        }

        fn main() {}
    };
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
