//! Where a lesson's live sandbox mounts. One line per sandbox: adding a sandbox touches only
//! its component and its arm here.

use yew::prelude::*;

use std::rc::Rc;

use crate::components::SandboxBundle;
use crate::lesson_content::Quest;
use crate::lessons::Sandbox;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub sandbox: Sandbox,
    pub lesson: &'static str,
    pub lesson_title: &'static str,
    /// The lesson's quests, once its content has arrived (`None` until then: a sandbox bundle
    /// is mounted once, with its quests).
    pub quests: Option<Rc<Vec<Quest>>>,
}

#[function_component(SandboxSlot)]
pub fn sandbox_slot(props: &Props) -> Html {
    // A sandbox bundle is mounted once, with its quests, so it waits for the lesson's content.
    let bundle = |name: &'static str| match &props.quests {
        Some(quests) => html! { <SandboxBundle bundle={name} lesson={props.lesson} quests={quests.clone()} /> },
        None => html! { <p class="engine-status">{"Loading the sandbox…"}</p> },
    };
    let sandbox = match props.sandbox {
        Sandbox::Escape => bundle("escape_sandbox"),
        Sandbox::Xss => bundle("xss_sandbox"),
        Sandbox::Csp => bundle("csp_sandbox"),
        Sandbox::Sql => bundle("sql_sandbox"),
        _ => html! {
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
