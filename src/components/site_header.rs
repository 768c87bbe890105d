//! The top bar: skip link, the way home, the framework switch.

use yew::prelude::*;
use yew_router::prelude::*;

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
            <Link<Route> to={Route::Home} classes="brand">
                <img src="static/icon.svg" alt="" width="32" height="32" />
                <span>{"Dragonproof"}</span>
            </Link<Route>>
            <nav aria-label="Site">
                <Link<Route> to={Route::Home}>{"Castle map"}</Link<Route>>
                <Link<Route> to={Route::Lesson { id: "checklist".into() }}>{"Checklist"}</Link<Route>>
                <Link<Route> to={Route::Progress}>{"Progress"}</Link<Route>>
            </nav>
            <FrameworkSwitch />
        </header>
    }
}
