//! A sandbox's own page: `sandbox.html?sandbox=<id>` loads the sandbox's bundle, which calls
//! [`start`]. The same page serves three places:
//! - **in the app** (`&host=app`, framed by the app at the same origin): the view alone; the
//!   app's lesson page shows the quests and keeps progress, told by `postMessage`;
//! - **alone** (a projector, a second screen): the view with its quests and a link to share;
//! - **embedded in someone else's page** (a course site's `<iframe>`): the same, plus a note
//!   that the browser keeps this frame's storage apart from Dragonproof's own.
//!
//! A state can come from the URL fragment (`#state=<JSON>`, percent-encoded), written by a
//! teacher's link. It is untrusted: bounded, parsed into the sandbox's own state type, checked,
//! and only ever used as the inputs a learner could have typed. When it cannot be read the
//! sandbox starts fresh and says why.

use std::rc::Rc;

use dragonproof_engines::progress::Framework;
use dragonproof_engines::registry::Sandbox;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sandboxes::lesson::SandboxLesson;
use crate::sandboxes::protocol::{self, FromSandbox, MountConfig, Report, ToSandbox};
use crate::sandboxes::shared_state::{read_state_link, StateLink};
use crate::sandboxes::standalone::Standalone;
use crate::sandboxes::try_step::{self, Notice, StepAction, Steps};
use crate::sandboxes::SandboxProps;
use dragonproof_engines::sandbox::SandboxState;

/// Where this page is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// Framed by the app's lesson page, which it reports to.
    InApp(web_sys::Window),
    /// The top-level page.
    Alone,
    /// Framed by another page (another site, or a same-site page that is not the app).
    Embedded,
}

/// How long the page waits for the app's `Mount` before it shows itself as a page of its own
/// (a `host=app` link copied into somebody else's frame gets no answer).
const MOUNT_WAIT_MS: u32 = 3_000;

/// Mounts sandbox `sandbox` (view `V`, whose state `S` a link may carry) into `#sandbox-root`.
/// Every bundle's `start()` export calls this ([`sandbox_bundle!`](crate::sandbox_bundle)).
pub fn start<V, S>(sandbox: Sandbox, lesson: Option<SandboxLesson>)
where
    V: BaseComponent<Properties = SandboxProps>,
    S: SandboxState + 'static,
{
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let Some(root) = document.get_element_by_id("sandbox-root") else { return };
    let location = window.location();
    let query = location.search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&query).ok();
    let param = |name: &str| params.as_ref().and_then(|params| params.get(name));
    let link = read_state_link::<S>(&location.hash().unwrap_or_default());
    let framework = match param("framework").as_deref() {
        Some("django") => Framework::Django,
        _ => Framework::Flask,
    };

    let parent = window.parent().ok().flatten().filter(|parent| parent != &window);
    let page =
        move |place: Place, framework: Framework| PageProps { sandbox, lesson, framework, link: link.clone(), place };
    let render = move |root: web_sys::Element, props: PageProps| {
        yew::Renderer::<SandboxPage<V, S>>::with_root_and_props(root, props).render();
    };

    match parent {
        Some(parent) if param("host").as_deref() == Some("app") => {
            report_size_to(&parent);
            let mounted = Rc::new(std::cell::Cell::new(false));
            let (on_mount_parent, on_mount_root) = (parent.clone(), root.clone());
            let (page_in_app, render_in_app, mounted_in_app) = (page.clone(), render, mounted.clone());
            let listener = EventListener::new(&window, "message", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                if mounted_in_app.get() || !protocol::is_from(event, &on_mount_parent) {
                    return;
                }
                let Some(text) = event.data().as_string() else { return };
                if let Some(ToSandbox::Mount(MountConfig { framework })) = protocol::decode(&text) {
                    mounted_in_app.set(true);
                    render_in_app(on_mount_root.clone(), page_in_app(Place::InApp(on_mount_parent.clone()), framework));
                }
            });
            // The page lives as long as its listener: there is nothing to clean up after it.
            listener.forget();
            protocol::post(&parent, &FromSandbox::Ready);
            Timeout::new(MOUNT_WAIT_MS, move || {
                if !mounted.get() {
                    mounted.set(true);
                    render(root, page(Place::Embedded, framework));
                }
            })
            .forget();
        }
        Some(_) => render(root, page(Place::Embedded, framework)),
        None => render(root, page(Place::Alone, framework)),
    }
}

/// Tells the app the page's height whenever it changes, so the frame fits its content.
fn report_size_to(parent: &web_sys::Window) {
    let Some(body) = web_sys::window().and_then(|window| window.document()).and_then(|document| document.body()) else {
        return;
    };
    let parent = parent.clone();
    let measured = body.clone();
    let last = std::cell::Cell::new(0_u32);
    let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        // The body's own box, not the viewport's: the frame is as tall as we say.
        let height = measured.get_bounding_client_rect().height().ceil().max(0.0) as u32;
        if height != last.get() {
            last.set(height);
            protocol::post(&parent, &FromSandbox::Size { height });
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // Both live as long as the page.
    on_resize.forget();
}

#[derive(Properties, PartialEq)]
struct PageProps {
    sandbox: Sandbox,
    /// Its lesson and quests, from `sandboxes::lesson` at compile time.
    lesson: Option<SandboxLesson>,
    framework: Framework,
    link: StateLink,
    place: Place,
}

#[function_component(SandboxPage)]
fn sandbox_page<V, S>(props: &PageProps) -> Html
where
    V: BaseComponent<Properties = SandboxProps>,
    S: SandboxState + 'static,
{
    let report = use_state(Report::default);
    // The state the view last reported, for a step's undo (read when a step arrives, so a cell).
    let reported = use_mut_ref(|| None::<Rc<str>>);
    let steps = use_reducer(|| Steps {
        shown: match &props.link {
            StateLink::Read(json) => Some(json.clone()),
            StateLink::None | StateLink::Unreadable(_) => None,
        },
        ..Steps::default()
    });
    let on_report = {
        let (report, place, reported) = (report.clone(), props.place.clone(), reported.clone());
        Callback::from(move |next: Report| {
            if let Place::InApp(parent) = &place {
                protocol::post(parent, &FromSandbox::Report(next.clone()));
            }
            *reported.borrow_mut() = next.state.as_deref().map(Rc::from);
            report.set(next);
        })
    };
    {
        // In the app, the lesson's "Try it" steps arrive as messages from the app's window.
        let (place, steps, reported) = (props.place.clone(), steps.clone(), reported.clone());
        let quests = props.lesson.map_or(&[][..], |lesson| lesson.quests);
        use_effect_with((), move |()| {
            let listener = match (&place, web_sys::window()) {
                (Place::InApp(parent), Some(window)) => {
                    let parent = parent.clone();
                    Some(EventListener::new(&window, "message", move |event| {
                        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                        if !protocol::is_from(event, &parent) {
                            return;
                        }
                        let Some(text) = event.data().as_string() else { return };
                        if let Some(ToSandbox::Try { quest }) = protocol::decode(&text) {
                            let current = reported.borrow().clone();
                            steps.dispatch(StepAction::Try { result: try_step::fill::<S>(quests, &quest), current });
                        }
                    }))
                }
                _ => None,
            };
            move || drop(listener)
        });
    }
    // After a step, the notice takes focus: a screen reader hears what changed, and the next Tab
    // reaches its undo.
    let notice_ref = use_node_ref();
    {
        let notice_ref = notice_ref.clone();
        use_effect_with(steps.generation, move |generation| {
            if *generation > 0 {
                if let Some(notice) = notice_ref.cast::<web_sys::HtmlElement>() {
                    let _ = notice.focus();
                }
            }
        });
    }
    let notice = steps.notice.as_ref().map(|notice| {
        let undo = {
            let steps = steps.clone();
            Callback::from(move |_: MouseEvent| steps.dispatch(StepAction::Undo))
        };
        match notice {
            Notice::Filled { goal, .. } => html! {
                <div class="notice step-notice" role="status" tabindex="-1" ref={notice_ref.clone()} data-testid="step-notice">
                    <p>{"Filled in from the lesson's step: "}{ *goal }</p>
                    <button type="button" class="button button-small" onclick={undo}>{"Undo: put back what you had"}</button>
                </div>
            },
            Notice::Undone => html! {
                <div class="notice step-notice" role="status" tabindex="-1" ref={notice_ref.clone()} data-testid="step-notice">
                    <p>{"Your own inputs are back."}</p>
                </div>
            },
            Notice::Failed(reason) => html! {
                <div class="notice is-warning step-notice" role="alert" data-testid="step-notice">
                    <p>{ format!("This step could not fill the sandbox: {reason}.") }</p>
                </div>
            },
        }
    });
    // The view alone in a keyed list: a new key (a step, an undo) remounts it with the new state,
    // and the notice's place is always taken (empty when there is none), so a notice appearing
    // never shifts the view and remounts it by accident.
    let view = html! {
        <>
            { notice.unwrap_or_default() }
            <>
                <V key={steps.generation} framework={props.framework} initial_state={steps.shown.clone()}
                    from_step={steps.from_step} report={on_report} />
            </>
        </>
    };
    match &props.place {
        Place::InApp(_) => view,
        place => html! {
            <Standalone sandbox={props.sandbox} lesson={props.lesson} link={props.link.clone()}
                embedded={*place == Place::Embedded} report={(*report).clone()}>
                { view }
            </Standalone>
        },
    }
}
