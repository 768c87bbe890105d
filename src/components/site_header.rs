//! The top bar: skip link, the way home, the framework switch.

use yew::prelude::*;

use crate::components::FrameworkSwitch;
use crate::route::Route;

#[function_component(SiteHeader)]
pub fn site_header() -> Html {
    // With hash routes, `href="#main"` would be read as a route: move focus by hand instead.
    let skip = Callback::from(|event: MouseEvent| {
        event.prevent_default();
        if let Some(main) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id("main"))
        {
            if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                let _ = main.focus();
            }
        }
    });
    html! {
        <header class="site-header">
            <a class="skip-link" href="#main" onclick={skip}>{"Skip to content"}</a>
            <a href={Route::Home.href()} class="brand">
                <img src="static/icon.svg" alt="" width="32" height="32" />
                <span>{"Dragonproof"}</span>
            </a>
            <nav aria-label="Site">
                <a href={Route::Home.href()}>{"Castle map"}</a>
                <a href={Route::lesson("checklist")}>{"Checklist"}</a>
                <a href={Route::Progress.href()}>{"Progress"}</a>
            </nav>
            <FrameworkSwitch />
        </header>
    }
}
