//! A lesson's sandbox: its own page (`sandbox.html?sandbox=<id>&host=app`) in a frame that
//! fits its content, the quest panel beside it fed by the page's reports, and the ways to use
//! the sandbox outside the lesson (alone, or embedded in a course page).
//!
//! The frame is a separate document of this origin: the sandbox has its own Yew runtime, DOM
//! and JavaScript realm, so nothing the app renders (a second root, a portal) can take its
//! events, and nothing in it can touch the app's DOM. They talk only by `postMessage`, and each
//! side checks the other's window and origin (`sandboxes::protocol`).

use std::rc::Rc;

use dragonproof_engines::registry::Entry;
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::sandbox_jump::jump_to_sandbox;
use crate::components::{EmbedDialog, QuestPanel};
use crate::lesson_content::Quest;
use crate::sandboxes::protocol::{self, FromSandbox, MountConfig, Report, ToSandbox};
use crate::sandboxes::shared_state::state_fragment;
use crate::state::{use_app, Action};
use dragonproof_engines::progress::Dock;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub entry: &'static Entry,
    pub lesson: &'static str,
    /// The lesson's quests, once its content has arrived.
    pub quests: Option<Rc<Vec<Quest>>>,
}

/// The sandbox page's address for `entry`, relative to the app's base URL.
pub fn sandbox_page(entry: &Entry) -> String {
    format!("sandbox.html?sandbox={}", entry.id)
}

/// Shows the sandbox after a "Try it" step: unfolds a folded dock, scrolls to the sandbox when
/// it is not on screen (on a phone it sits after the story; a docked one is always in view) and
/// tells `SandboxJump` where the learner was reading, then gives the frame focus, so the next
/// key goes to the sandbox (whose page focuses its notice of what the step filled in).
fn bring_into_view(frame: &web_sys::HtmlIFrameElement, app: &crate::state::AppContext) {
    let Some(window) = web_sys::window() else { return };
    // Read from the page, not from `app`: this runs in a listener made at mount, whose handle
    // still holds the settings of that moment. A folded dock hides the frame.
    let rect = frame.get_bounding_client_rect();
    if rect.height() == 0.0 {
        app.dispatch(Action::SetDock(Dock::Beside));
    }
    let top = rect.top();
    let height = window.inner_height().ok().and_then(|height| height.as_f64()).unwrap_or(0.0);
    if top < 0.0 || top > height * 0.6 {
        jump_to_sandbox();
    }
    let _ = frame.focus();
}

#[function_component(SandboxFrame)]
pub fn sandbox_frame(props: &Props) -> Html {
    let frame = use_node_ref();
    let report = use_state(Report::default);
    let loaded = use_state(|| false);
    let embed_open = use_state(|| false);
    let app = use_app();
    let framework = app.progress.settings.framework;
    let entry = props.entry;
    // A "Try it" step clicked before the sandbox page first reported (so before its view and
    // its listener exist) waits here, and goes with that first report.
    let pending_step = use_mut_ref(|| None::<String>);
    let reported = use_mut_ref(|| false);

    {
        let (frame, report, loaded) = (frame.clone(), report.clone(), loaded.clone());
        let (pending_step, reported) = (pending_step.clone(), reported.clone());
        // The framework is sent at mount only: switching it in the header must not remount the
        // sandbox and wipe what the learner typed (a sandbox with framework code has its own switch).
        use_effect_with(entry.id, move |_| {
            let window = web_sys::window();
            let listener = window.as_ref().map(|window| {
                EventListener::new(window, "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                    let Some(element) = frame.cast::<web_sys::HtmlIFrameElement>() else { return };
                    let Some(sandbox) = element.content_window() else { return };
                    if !protocol::is_from(event, &sandbox) {
                        return;
                    }
                    let Some(text) = event.data().as_string() else { return };
                    match protocol::decode::<FromSandbox>(&text) {
                        Some(FromSandbox::Ready) => {
                            protocol::post(&sandbox, &ToSandbox::Mount(MountConfig { framework }));
                            loaded.set(true);
                        }
                        Some(FromSandbox::Size { height }) => {
                            // Through the CSSOM: the app's CSP allows no style attributes.
                            let _ = element.style().set_property("height", &format!("{height}px"));
                        }
                        Some(FromSandbox::Report(next)) => {
                            if !std::mem::replace(&mut *reported.borrow_mut(), true) {
                                if let Some(quest) = pending_step.borrow_mut().take() {
                                    protocol::post(&sandbox, &ToSandbox::Try { quest });
                                }
                            }
                            report.set(next);
                        }
                        None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        // The lesson's "Try it" steps are buttons in its rendered HTML (crates/lessons), which
        // Yew does not own: one listener on the document hears them all.
        let (frame, app) = (frame.clone(), app.clone());
        use_effect_with(entry.id, move |_| {
            let document = web_sys::window().and_then(|window| window.document());
            let listener = document.as_ref().map(|document| {
                EventListener::new(document, "click", move |event| {
                    let Some(step) = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        .and_then(|target| target.closest("button.try-it[data-try]").ok().flatten())
                    else {
                        return;
                    };
                    let Some(quest) = step.get_attribute("data-try") else { return };
                    let Some(element) = frame.cast::<web_sys::HtmlIFrameElement>() else { return };
                    match element.content_window() {
                        Some(sandbox) if *reported.borrow() => protocol::post(&sandbox, &ToSandbox::Try { quest }),
                        _ => *pending_step.borrow_mut() = Some(quest),
                    }
                    bring_into_view(&element, &app);
                })
            });
            move || drop(listener)
        });
    }

    let fragment = report.state.as_deref().map(|json| format!("#{}", state_fragment(json))).unwrap_or_default();
    let alone = format!("{}{fragment}", sandbox_page(entry));
    let open_embed = {
        let embed_open = embed_open.clone();
        Callback::from(move |_| embed_open.set(true))
    };
    let close_embed = {
        let embed_open = embed_open.clone();
        Callback::from(move |()| embed_open.set(false))
    };

    html! {
        <div class="sandbox-grid">
            <div class="sandbox-work">
                if !*loaded {
                    <p class="engine-status">{"Loading the sandbox…"}</p>
                }
                <iframe ref={frame} class="sandbox-frame" title={entry.title}
                    src={format!("{}&host=app", sandbox_page(entry))} />
                <p class="sandbox-elsewhere">
                    <a href={alone} target="_blank" rel="noopener">{"Open this sandbox alone"}</a>
                    {" · "}
                    <button type="button" class="button-link" onclick={open_embed}>{"Embed in your course page"}</button>
                </p>
                if *embed_open {
                    <EmbedDialog entry={entry} fragment={fragment} on_close={close_embed} />
                }
            </div>
            if let Some(quests) = props.quests.as_ref().filter(|quests| !quests.is_empty()) {
                <QuestPanel lesson={props.lesson} quests={quests.clone()}
                    solved_now={report.solved.clone()} answers={report.answers.clone()} />
            }
        </div>
    }
}
