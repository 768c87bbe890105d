//! Where a lesson's live sandbox goes: the sandbox's page in a frame, from the registry entry
//! its lesson names. Nothing here changes when a sandbox is added.
//!
//! On a wide screen the slot is docked beside the text (`LessonPage`), and its header offers
//! the dock's three ways (beside, wide, folded), kept in the learner's settings. Folding only
//! hides the frame: the sandbox page stays loaded, with everything the learner typed.
//!
//! On a projector the sandbox can take the whole screen (the Fullscreen API on this section:
//! the frame is only moved into the top layer, so nothing typed is lost).

use std::rc::Rc;

use dragonproof_engines::progress::Dock;
use yew::prelude::*;

use crate::components::sandbox_jump::SANDBOX_HEADING;
use crate::components::SandboxFrame;
use crate::lesson_content::Quest;
use crate::lessons::Sandbox;
use crate::state::{use_app, Action};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub sandbox: Sandbox,
    pub lesson: &'static str,
    pub lesson_title: &'static str,
    /// The lesson's quests, once its content has arrived (`None` until then).
    pub quests: Option<Rc<Vec<Quest>>>,
}

#[function_component(SandboxSlot)]
pub fn sandbox_slot(props: &Props) -> Html {
    let app = use_app();
    let dock = app.progress.settings.dock;
    let set_dock = |to: Dock| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::SetDock(to)))
    };
    // The sandbox page loads beside the lesson's content; the quest panel joins it when the
    // content (the quests' hints and reasoning) arrives.
    let entry = props.sandbox.entry().filter(|entry| entry.has_view);
    let sandbox = match entry {
        Some(entry) => html! { <SandboxFrame {entry} lesson={props.lesson} quests={props.quests.clone()} /> },
        None => html! {
            <p class="sandbox-pending">
                { format!("The live sandbox for “{}” is still being built. Until it lands, \
                           this lesson is text only: the code above is complete and correct.",
                          props.lesson_title) }
            </p>
        },
    };
    let folded = dock == Dock::Folded;
    let section = use_node_ref();
    let full_screen = use_state(|| false);
    {
        // Esc (or the browser's own control) leaves full screen too: the label follows the page.
        let full_screen = full_screen.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().and_then(|window| window.document()).map(|document| {
                let watched = document.clone();
                gloo_events::EventListener::new(&document, "fullscreenchange", move |_| {
                    full_screen.set(watched.fullscreen_element().is_some());
                })
            });
            move || drop(listener)
        });
    }
    let can_full_screen = entry.is_some()
        && web_sys::window().and_then(|window| window.document()).is_some_and(|document| document.fullscreen_enabled());
    let toggle_full_screen = {
        let section = section.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
            if document.fullscreen_element().is_some() {
                document.exit_fullscreen();
            } else if let Some(section) = section.cast::<web_sys::Element>() {
                let _ = section.request_fullscreen();
            }
        })
    };
    html! {
        <section class="sandbox" aria-labelledby={SANDBOX_HEADING} ref={section}>
            <div class="sandbox-head">
                <h2 id={SANDBOX_HEADING} tabindex="-1">{"Sandbox"}</h2>
                <div class="sandbox-tools">
                    if can_full_screen {
                        <button type="button" class="button button-secondary button-small full-screen"
                            onclick={toggle_full_screen}>
                            { if *full_screen { "Leave full screen" } else { "Full screen" } }
                        </button>
                    }
                    if entry.is_some() {
                        // Only shown where the sandbox is docked (a wide screen): see style.css.
                        <div class="dock-controls" role="group" aria-label="Sandbox layout">
                            if folded {
                                <button type="button" class="button button-small" aria-expanded="false" aria-controls="sandbox-body"
                                    onclick={set_dock(Dock::Beside)}>{"Show the sandbox"}</button>
                            } else {
                                <button type="button" class="button button-secondary button-small"
                                    aria-pressed={(dock == Dock::Wide).to_string()}
                                    onclick={set_dock(if dock == Dock::Wide { Dock::Beside } else { Dock::Wide })}>
                                    {"Wide sandbox"}
                                </button>
                                <button type="button" class="button button-secondary button-small" aria-expanded="true" aria-controls="sandbox-body"
                                    onclick={set_dock(Dock::Folded)}>{"Fold away"}</button>
                            }
                        </div>
                    }
                </div>
            </div>
            <div class="sandbox-body" id="sandbox-body">{ sandbox }</div>
        </section>
    }
}
