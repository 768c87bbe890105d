//! "Jump to the sandbox" on a narrow screen, where the sandbox sits after the castle story
//! rather than beside the text: a button that stays in reach at the foot of the screen, moves
//! focus to the sandbox, and then offers the way back to where the learner was reading.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The id of the sandbox section's heading (`SandboxSlot`), which takes focus on a jump.
pub const SANDBOX_HEADING: &str = "sandbox-title";

/// Sent on the window when a lesson's "Try it" step scrolled to the sandbox (`SandboxFrame`),
/// with where the learner was reading as its `detail`: the way back is offered as after a jump.
pub const SANDBOX_JUMPED: &str = "dragonproof-sandbox-jumped";

/// Scrolls the sandbox's heading into view and announces it with [`SANDBOX_JUMPED`], carrying
/// where the learner was reading, so that [`SandboxJump`] offers the way back: the one jump,
/// for the button and for a lesson's "Try it" step. Returns the heading, for focus.
pub fn jump_to_sandbox() -> Option<web_sys::HtmlElement> {
    let window = web_sys::window()?;
    let heading = window.document()?.get_element_by_id(SANDBOX_HEADING)?;
    let reading_at = window.scroll_y().unwrap_or(0.0);
    heading.scroll_into_view();
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&wasm_bindgen::JsValue::from_f64(reading_at));
    if let Ok(jumped) = web_sys::CustomEvent::new_with_event_init_dict(SANDBOX_JUMPED, &init) {
        let _ = window.dispatch_event(&jumped);
    }
    heading.dyn_into::<web_sys::HtmlElement>().ok()
}

#[function_component(SandboxJump)]
pub fn sandbox_jump() -> Html {
    // Where the learner was reading when they jumped, until they go back.
    let reading_at = use_state(|| None::<f64>);
    // While the sandbox is on screen the button would only cover it, so it hides, unless it
    // offers the way back. Leaving the sandbox by scrolling ends that offer.
    let sandbox_in_view = use_state(|| false);
    {
        let (sandbox_in_view, reading_at) = (sandbox_in_view.clone(), reading_at.clone());
        let jumped_reading_at = reading_at.clone();
        use_effect_with((), move |()| {
            let section = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id(SANDBOX_HEADING))
                .and_then(|heading| heading.closest("section").ok().flatten());
            let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let Some(entry) =
                    entries.iter().last().and_then(|entry| entry.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                else {
                    return;
                };
                let visible = entry.is_intersecting();
                if !visible {
                    reading_at.set(None);
                }
                sandbox_in_view.set(visible);
            });
            let observer = web_sys::IntersectionObserver::new(on_change.as_ref().unchecked_ref()).ok();
            if let (Some(observer), Some(section)) = (&observer, &section) {
                observer.observe(section);
            }
            let jumped = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, SANDBOX_JUMPED, move |event| {
                    let reading = event.dyn_ref::<web_sys::CustomEvent>().and_then(|event| event.detail().as_f64());
                    if let Some(y) = reading {
                        jumped_reading_at.set(Some(y));
                    }
                })
            });
            move || {
                drop(jumped);
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(on_change);
            }
        });
    }
    let onclick = {
        let reading_at = reading_at.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else { return };
            match *reading_at {
                // The jump's event records where the learner was reading (the listener above).
                None => {
                    if let Some(heading) = jump_to_sandbox() {
                        let _ = heading.focus();
                    }
                }
                Some(y) => {
                    window.scroll_to_with_x_and_y(0.0, y);
                    reading_at.set(None);
                }
            }
        })
    };
    if *sandbox_in_view && reading_at.is_none() {
        return Html::default();
    }
    let label = if reading_at.is_some() { "Back to where you were reading" } else { "Jump to the sandbox" };
    html! {
        <p class="sandbox-jump">
            <button type="button" class="button button-small" {onclick}>
                <span aria-hidden="true">{ if reading_at.is_some() { "↑ " } else { "↓ " } }</span>{ label }
            </button>
        </p>
    }
}
