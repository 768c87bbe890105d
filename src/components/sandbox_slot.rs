//! Where a lesson's live sandbox mounts. One line per sandbox: adding a sandbox touches only
//! its component and its arm here.

use yew::prelude::*;

use crate::components::SanitizeSandbox;
use crate::lessons::Sandbox;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub sandbox: Sandbox,
    pub lesson_title: &'static str,
}

#[function_component(SandboxSlot)]
pub fn sandbox_slot(props: &Props) -> Html {
    let sandbox = match props.sandbox {
        Sandbox::Xss => html! { <SanitizeSandbox /> },
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
