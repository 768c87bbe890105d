//! Where a lesson's live sandbox goes: the sandbox's page in a frame, from the registry entry
//! its lesson names. Nothing here changes when a sandbox is added.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::SandboxFrame;
use crate::lesson_content::Quest;
use crate::lessons::Sandbox;

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
    // The sandbox page loads beside the lesson's content; the quest panel joins it when the
    // content (the quests' hints and reasoning) arrives.
    let sandbox = match props.sandbox.entry().filter(|entry| entry.has_view) {
        Some(entry) => html! { <SandboxFrame {entry} lesson={props.lesson} quests={props.quests.clone()} /> },
        None => html! {
            <p class="sandbox-pending">
                { format!("The live sandbox for “{}” is still being built. Until it lands, \
                           this lesson is text only: the code above is complete and correct.",
                          props.lesson_title) }
            </p>
        },
    };
    html! {
        <section class="sandbox" aria-labelledby="sandbox-title">
            <h2 id="sandbox-title">{"Sandbox"}</h2>
            { sandbox }
        </section>
    }
}
