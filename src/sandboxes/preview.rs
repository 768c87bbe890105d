//! The live preview: HTML shown in a sandboxed frame, and the "dragon alarm" when a payload runs.
//!
//! The frame is `static/preview.html` with `sandbox="allow-scripts"` and never
//! `allow-same-origin`: an opaque origin, so a payload can run there but cannot reach the app,
//! its storage or its cookies. Not a `srcdoc` frame: that would inherit the app's own CSP
//! (docs/toolchain.md, "Browser facts that shape the preview"). Every render gets a fresh frame.

use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long typing must pause before the preview renders again.
const PAUSE_MS: u32 = 150;

/// The frame document, relative to the app's base URL.
pub const PREVIEW_DOCUMENT: &str = "static/preview.html";

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The HTML to show, exactly as a server would send it.
    pub html: AttrValue,
    /// Told what the frame did after every change: for the CSP sandbox, which lists the
    /// browser's own verdicts beside the engine's.
    #[prop_or_default]
    pub on_report: Option<Callback<PreviewReport>>,
}

/// What the frame reported for the current HTML.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreviewReport {
    /// The HTML has been written into a fresh frame.
    pub rendered: bool,
    /// What ran, in order (`alert(dragon)`).
    pub ran: Vec<String>,
    /// The browser's `securitypolicyviolation` events: (effective directive, blocked URI).
    pub violations: Vec<(String, String)>,
}

#[derive(Default, PartialEq)]
struct PreviewState {
    /// Bumped for every new HTML: the frame is recreated.
    generation: u32,
    rendered: bool,
    /// What the page ran, in order (`alert: dragon`, `javascript-url: javascript:...`).
    ran: Vec<String>,
    /// The browser's CSP violation events: (effective directive, blocked URI).
    violations: Vec<(String, String)>,
}

enum PreviewAction {
    /// The HTML changed: what the old frame showed no longer counts.
    Stale,
    NewHtml,
    Rendered,
    Ran(String),
    Violation(String, String),
}

impl Reducible for PreviewState {
    type Action = PreviewAction;
    fn reduce(self: Rc<Self>, action: PreviewAction) -> Rc<Self> {
        let mut next = PreviewState {
            generation: self.generation,
            rendered: self.rendered,
            ran: self.ran.clone(),
            violations: self.violations.clone(),
        };
        match action {
            PreviewAction::Stale => next = PreviewState { generation: self.generation, ..PreviewState::default() },
            PreviewAction::NewHtml => {
                next = PreviewState { generation: self.generation.wrapping_add(1), ..PreviewState::default() }
            }
            PreviewAction::Rendered => next.rendered = true,
            PreviewAction::Ran(what) if next.ran.len() < 20 => next.ran.push(what),
            PreviewAction::Ran(_) => {}
            PreviewAction::Violation(directive, blocked) if next.violations.len() < 50 => {
                next.violations.push((directive, blocked))
            }
            PreviewAction::Violation(..) => {}
        }
        Rc::new(next)
    }
}

fn field(data: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(data, &name.into()).ok()?.as_string()
}

#[function_component(Preview)]
pub fn preview(props: &Props) -> Html {
    let state = use_reducer(PreviewState::default);
    let frame = use_node_ref();
    let html = use_mut_ref(String::new);
    *html.borrow_mut() = props.html.to_string();

    // A fresh frame costs a document load: while the learner types, wait until they pause, so
    // a keystroke only updates the code above (measured: 22 ms median per keystroke with a
    // frame per keystroke; see BENCHMARKS.md).
    {
        let dispatcher = state.dispatcher();
        let first = state.generation == 0;
        use_effect_with(props.html.clone(), move |_| {
            dispatcher.dispatch(PreviewAction::Stale);
            let delay = if first { 0 } else { PAUSE_MS };
            let timeout = Timeout::new(delay, move || dispatcher.dispatch(PreviewAction::NewHtml));
            move || drop(timeout)
        });
    }
    {
        let (frame, html, dispatcher) = (frame.clone(), html.clone(), state.dispatcher());
        use_effect_with((), move |()| {
            let on_message = move |event: &web_sys::Event| {
                let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                // Only our own frame speaks here; its origin is opaque ("null"), so check the source.
                let Some(window) = frame.cast::<web_sys::HtmlIFrameElement>().and_then(|f| f.content_window()) else {
                    return;
                };
                let from_frame =
                    event.source().is_some_and(|source| JsValue::from(source) == JsValue::from(window.clone()));
                if !from_frame {
                    return;
                }
                let data = event.data();
                match field(&data, "type").as_deref() {
                    Some("dragonproof-preview-ready") => {
                        let message = js_sys::Object::new();
                        let _ = js_sys::Reflect::set(&message, &"type".into(), &"dragonproof-render".into());
                        let _ = js_sys::Reflect::set(&message, &"html".into(), &html.borrow().as_str().into());
                        let _ = window.post_message(&message, "*");
                    }
                    Some("dragonproof-rendered") => dispatcher.dispatch(PreviewAction::Rendered),
                    Some("dragonproof-ran") => {
                        let via = field(&data, "via").unwrap_or_default();
                        let detail = field(&data, "detail").unwrap_or_default();
                        dispatcher.dispatch(PreviewAction::Ran(format!("{via}({detail})")));
                    }
                    Some("dragonproof-csp") => {
                        let directive = field(&data, "directive").unwrap_or_default();
                        let blocked = field(&data, "blocked").unwrap_or_default();
                        dispatcher.dispatch(PreviewAction::Violation(directive, blocked));
                    }
                    _ => {}
                }
            };
            let listener = web_sys::window().map(|window| EventListener::new(&window, "message", on_message));
            move || drop(listener)
        });
    }

    {
        let report =
            PreviewReport { rendered: state.rendered, ran: state.ran.clone(), violations: state.violations.clone() };
        let on_report = props.on_report.clone();
        use_effect_with(report, move |report| {
            if let Some(on_report) = on_report {
                on_report.emit(report.clone());
            }
        });
    }

    let status = if !state.ran.is_empty() {
        html! {
            <div class="dragon-alarm" role="alert">
                <strong>{"Dragon alarm! "}</strong>{"Script ran in the page: "}
                <code>{ state.ran.join(", ") }</code>
            </div>
        }
    } else if state.rendered {
        html! { <p class="verdict is-safe">{"Nothing has run. (A handler runs when its event fires: a broken image at once, a link when clicked.)"}</p> }
    } else {
        html! { <p class="engine-status">{"Rendering…"}</p> }
    };

    html! {
        <div class="preview">
            <iframe key={state.generation.to_string()} ref={frame} class="preview-frame"
                title="Preview: the page as a browser shows it" sandbox="allow-scripts"
                src={PREVIEW_DOCUMENT} />
            <div aria-live="polite">{ status }</div>
        </div>
    }
}
