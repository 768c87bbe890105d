//! Loads a sandbox's own wasm bundle, mounts it in the lesson's sandbox slot, and shows the
//! quest panel beside it, fed by the sandbox's reports (see `src/sandboxes/mod.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::QuestPanel;
use crate::lesson_content::Quest;
use crate::sandboxes::protocol::{read_report, MountConfig, QuestSpec, Report, REPORT_EVENT};
use crate::workers::script_url;

// A dynamic `import()` is the one way to load an ES module on demand; wasm-bindgen writes this
// snippet beside the app. The URL must be absolute: `import()` resolves against the snippet.
#[wasm_bindgen(inline_js = "export async function load_sandbox(js, wasm) { \
    const bundle = await import(js); await bundle.default({ module_or_path: wasm }); return bundle; }")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load_sandbox(js: &str, wasm: &str) -> Result<JsValue, JsValue>;
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The bundle's name: `<name>.js` and `<name>_bg.wasm` beside the app.
    pub bundle: &'static str,
    pub lesson: &'static str,
    pub quests: Rc<Vec<Quest>>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed,
}

#[function_component(SandboxBundle)]
pub fn sandbox_bundle(props: &Props) -> Html {
    let slot = use_node_ref();
    let status = use_state(|| Status::Loading);
    let report = use_state(Report::default);
    let framework = crate::state::use_app().progress.settings.framework;

    {
        let (slot, status, report, bundle) = (slot.clone(), status.clone(), report.clone(), props.bundle);
        let quests: Vec<QuestSpec> =
            props.quests.iter().map(|q| QuestSpec { id: q.id.clone(), solution: q.solution.clone() }).collect();
        // The framework is read at mount only: switching it in the header must not remount the
        // sandbox and wipe what the learner typed (a sandbox with framework code has its own switch).
        use_effect_with((bundle, quests), move |(bundle, quests)| {
            let config = MountConfig { quests: quests.clone(), framework };
            let root = slot.cast::<web_sys::Element>().and_then(|host| container(&host));
            let listener = root.as_ref().map(|root| {
                EventListener::new(root, REPORT_EVENT, move |event| {
                    if let Some(next) = read_report(event) {
                        report.set(next);
                    }
                })
            });
            let mounted: Rc<RefCell<Option<JsValue>>> = Rc::default();
            let closed = Rc::new(RefCell::new(false));
            if let Some(root) = root.clone() {
                let (mounted, closed, config) = (mounted.clone(), closed.clone(), serde_json::to_string(&config).unwrap_or_default());
                let bundle = *bundle;
                wasm_bindgen_futures::spawn_local(async move {
                    match mount(bundle, &root, &config).await {
                        Ok(handle) if !*closed.borrow() => {
                            *mounted.borrow_mut() = Some(handle);
                            status.set(Status::Ready);
                        }
                        Ok(handle) => destroy(&handle),
                        Err(()) => status.set(Status::Failed),
                    }
                });
            }
            move || {
                *closed.borrow_mut() = true;
                if let Some(handle) = mounted.borrow_mut().take() {
                    destroy(&handle);
                }
                drop(listener);
                if let Some(root) = root {
                    // Whatever the old bundle app left behind goes with it.
                    root.remove();
                }
            }
        });
    }

    html! {
        <div class="sandbox-grid">
            <div class="sandbox-work">
                { match *status {
                    Status::Loading => html! { <p class="engine-status">{"Loading the sandbox…"}</p> },
                    Status::Failed => html! { <p class="engine-status is-error">{"The sandbox could not be loaded. Check your connection and reload the page."}</p> },
                    Status::Ready => html! {},
                } }
                // The bundle's own Yew app renders in here (see `container`).
                <div ref={slot} class="sandbox-host"></div>
            </div>
            if !props.quests.is_empty() {
                <QuestPanel lesson={props.lesson} quests={props.quests.clone()}
                    solved_now={report.solved.clone()} answers={report.answers.clone()} />
            }
        </div>
    }
}

/// A fresh element for the bundle's app inside `host` (the app's Yew never renders into it).
fn container(host: &web_sys::Element) -> Option<web_sys::Element> {
    let element = web_sys::window()?.document()?.create_element("div").ok()?;
    element.set_class_name("sandbox-root");
    host.append_child(&element).ok()?;
    Some(element)
}

async fn mount(bundle: &str, root: &web_sys::Element, config: &str) -> Result<JsValue, ()> {
    let js = script_url(&format!("{bundle}.js")).map_err(|_| ())?;
    let wasm = script_url(&format!("{bundle}_bg.wasm")).map_err(|_| ())?;
    let module = load_sandbox(&js, &wasm).await.map_err(|_| ())?;
    let mount: js_sys::Function = js_sys::Reflect::get(&module, &"mount".into())
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    mount.call2(&JsValue::NULL, root, &JsValue::from_str(config)).map_err(|_| ())
}

fn destroy(handle: &JsValue) {
    if let Ok(destroy) = js_sys::Reflect::get(handle, &"destroy".into()) {
        if let Some(destroy) = destroy.dyn_ref::<js_sys::Function>() {
            let _ = destroy.call0(handle);
        }
    }
}
