//! A friendly 404 for routes that do not exist (and lesson ids that do not).

use yew::prelude::*;

use crate::route::Route;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    html! {
        <section class="not-found">
            <h1>{"This corridor leads nowhere"}</h1>
            <p>{"There is no page here. Perhaps the link was mistyped, or a lesson moved."}</p>
            <p><a href={Route::Home.href()}>{"Back to the castle map"}</a></p>
        </section>
    }
}
