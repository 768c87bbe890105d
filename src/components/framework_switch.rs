//! Flask or Django first: a remembered choice that orders every lesson's code pairs.

use dragonproof_engines::progress::Framework;
use yew::prelude::*;

use crate::state::{use_app, Action};

#[function_component(FrameworkSwitch)]
pub fn framework_switch() -> Html {
    let app = use_app();
    let current = app.progress.settings.framework;
    let option = |framework: Framework, label: &'static str| {
        let app = app.clone();
        let onchange = Callback::from(move |_: Event| app.dispatch(Action::SetFramework(framework)));
        html! {
            <label class="segment">
                <input type="radio" name="framework" value={label.to_lowercase()}
                    checked={current == framework} {onchange} />
                <span>{label}</span>
            </label>
        }
    };
    html! {
        <fieldset class="framework-switch">
            <legend>{"Code first"}</legend>
            { option(Framework::Flask, "Flask") }
            { option(Framework::Django, "Django") }
        </fieldset>
    }
}
