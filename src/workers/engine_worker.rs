//! A hook that spawns an engine's worker on the first request and keeps its latest answer.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_worker::{Spawnable, Worker, WorkerBridge};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

/// What the sandbox shows while its engine loads and answers.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerState<O> {
    /// Nothing asked yet: the engine has not been downloaded.
    Idle,
    /// The first request is on its way (downloading and starting the engine).
    Loading,
    /// The answer to the most recent request that has come back.
    Ready(O),
    /// The worker could not be started (offline before the first visit, a blocked script).
    Failed(String),
}

/// A handle to a lazily spawned engine worker.
pub struct EngineWorker<W: Worker> {
    script: &'static str,
    bridge: Rc<RefCell<Option<WorkerBridge<W>>>>,
    state: UseStateHandle<WorkerState<W::Output>>,
}

// Not derived: a derive would require `W: Clone`, and a handle is cheap to copy whatever `W` is.
impl<W: Worker> Clone for EngineWorker<W> {
    fn clone(&self) -> Self {
        EngineWorker { script: self.script, bridge: self.bridge.clone(), state: self.state.clone() }
    }
}

impl<W> EngineWorker<W>
where
    W: Worker + 'static,
    W::Input: Serialize + for<'de> Deserialize<'de>,
    W::Output: Serialize + for<'de> Deserialize<'de> + Clone + 'static,
{
    /// The latest answer, or where the engine is in loading.
    pub fn state(&self) -> &WorkerState<W::Output> {
        &self.state
    }

    /// Sends work, spawning the worker first if this is the first request.
    pub fn send(&self, input: W::Input) {
        let mut slot = self.bridge.borrow_mut();
        if slot.is_none() {
            let url = match script_url(self.script) {
                Ok(url) => url,
                Err(reason) => {
                    self.state.set(WorkerState::Failed(reason));
                    return;
                }
            };
            let state = self.state.clone();
            // Trunk builds workers with wasm-bindgen's `no-modules` target, so they are
            // classic scripts; gloo-worker would spawn a module worker by default.
            let bridge =
                W::spawner().as_module(false).callback(move |output| state.set(WorkerState::Ready(output))).spawn(&url);
            *slot = Some(bridge);
            self.state.set(WorkerState::Loading);
        }
        if let Some(bridge) = slot.as_ref() {
            bridge.send(input);
        }
    }
}

/// Resolves a worker script against `document.baseURI`, not the page URL: the page may be a
/// deep link, and the app may be hosted under a sub-path (docs/toolchain.md).
pub fn script_url(script: &str) -> Result<String, String> {
    let base = document_base_uri().ok_or("the page has no base address")?;
    web_sys::Url::new_with_base(script, &base).map(|url| url.href()).map_err(|_| format!("cannot resolve {script}"))
}

fn document_base_uri() -> Option<String> {
    web_sys::window()?.document()?.base_uri().ok().flatten()
}

/// Keeps a worker for the life of the component; spawns it on the first [`EngineWorker::send`].
#[hook]
pub fn use_engine_worker<W>(script: &'static str) -> EngineWorker<W>
where
    W: Worker + 'static,
    W::Output: Clone + PartialEq + 'static,
{
    let bridge = use_mut_ref(|| None::<WorkerBridge<W>>);
    let state = use_state(|| WorkerState::Idle);
    EngineWorker { script, bridge, state }
}
