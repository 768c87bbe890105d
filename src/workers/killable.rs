//! A worker the page can stop: for engines whose one call cannot be interrupted (a slow hash,
//! a parser on pathological input) or that can die (a stack overflow or an allocation failure
//! traps the worker's wasm).
//!
//! gloo-worker 0.6 cannot terminate a worker (docs/toolchain.md), and Cancel, a newer request
//! that supersedes a slow one, and a crash all need exactly that. So the page keeps the
//! `web_sys::Worker` itself ([`KillableWorker`]): JSON text both ways, a `Ready` message once the
//! wasm has started (a request posted before it would be lost), `terminate()` to stop one, and
//! the worker's `error` event (a trap, an allocation failure) reported to the view, which starts
//! a fresh worker on the next request. The worker binary calls [`serve`]; it is built like the
//! others with wasm-bindgen's `no-modules` target and loaded by the same `importScripts` shim
//! gloo uses.

use std::cell::RefCell;
use std::rc::Rc;

#[cfg(target_arch = "wasm32")]
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// One piece of work, numbered by the page so that an old answer is never shown as the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request<J> {
    pub id: u64,
    pub job: J,
}

/// The answer to request `id`, with the time the work took in the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply<A> {
    pub id: u64,
    pub millis: f64,
    pub answer: A,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker<A> {
    /// The wasm has started and listens: requests posted before this would be lost.
    Ready,
    Reply(Reply<A>),
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.now()` of the current global (the page or the worker).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Milliseconds on the browser's monotonic clock.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    performance_now()
}

/// The worker's side: answers every request posted to it with `answer` (the worker binary calls
/// this), timing each answer on the worker's clock.
#[cfg(target_arch = "wasm32")]
pub fn serve<J, A>(mut answer: impl FnMut(J) -> A + 'static)
where
    J: DeserializeOwned + 'static,
    A: Serialize + 'static,
{
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post_scope = scope.clone();
    let on_message =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else { return };
            let Ok(request) = serde_json::from_str::<Request<J>>(&text) else { return };
            let started = now_ms();
            let answer = answer(request.job);
            let reply = FromWorker::Reply(Reply { id: request.id, millis: now_ms() - started, answer });
            if let Ok(json) = serde_json::to_string(&reply) {
                let _ = post_scope.post_message(&json.into());
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    if let Ok(json) = serde_json::to_string(&FromWorker::<A>::Ready) {
        let _ = scope.post_message(&json.into());
    }
}

/// What the page hears from a [`KillableWorker`].
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent<A> {
    Answered(Reply<A>),
    /// The worker died (its message) and was dropped; the next request starts a new one.
    Crashed(String),
}

/// The page's side: one worker, started on the first request, stopped by
/// [`KillableWorker::cancel`], by a newer request that a slow one holds up (after the lane's
/// `supersede_after_ms`), or by its own crash (reported, and the next request starts a new one).
pub struct KillableWorker<J, A> {
    inner: Rc<RefCell<Lane<J, A>>>,
}

// Not derived: a derive would require `J: Clone` and `A: Clone`; a handle is cheap to copy.
impl<J, A> Clone for KillableWorker<J, A> {
    fn clone(&self) -> Self {
        KillableWorker { inner: self.inner.clone() }
    }
}

// The worker itself exists only in wasm; natively (the tests) a lane only keeps its bookkeeping.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct Lane<J, A> {
    /// The worker's script (`passwords_worker.js`), built by `scripts/build-sandboxes.sh`.
    script: &'static str,
    supersede_after_ms: f64,
    on_event: Rc<dyn Fn(WorkerEvent<A>)>,
    running: Option<Running>,
    /// The request to post once the worker is ready or free (only the newest is kept).
    next: Option<Request<J>>,
    busy_since: Option<(u64, f64)>,
}

#[cfg(target_arch = "wasm32")]
struct Running {
    worker: web_sys::Worker,
    ready: bool,
    _listeners: [gloo_events::EventListener; 2],
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
struct Running;

impl<J, A> KillableWorker<J, A> {
    /// A lane for the worker `script` that calls `on_event` with every answer and crash. A
    /// running request is stopped for a newer one once it has run `supersede_after_ms`. Nothing
    /// is fetched until the first [`KillableWorker::send`].
    pub fn new(
        script: &'static str,
        supersede_after_ms: f64,
        on_event: impl Fn(WorkerEvent<A>) + 'static,
    ) -> KillableWorker<J, A> {
        KillableWorker {
            inner: Rc::new(RefCell::new(Lane {
                script,
                supersede_after_ms,
                on_event: Rc::new(on_event),
                running: None,
                next: None,
                busy_since: None,
            })),
        }
    }

    /// Whether a request is being worked on.
    pub fn is_busy(&self) -> bool {
        self.inner.borrow().busy_since.is_some()
    }

    /// Stops the worker and whatever it was doing.
    pub fn cancel(&self) {
        let mut lane = self.inner.borrow_mut();
        lane.stop();
        lane.next = None;
    }
}

impl<J, A> Lane<J, A> {
    fn stop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let Some(running) = self.running.take() {
            running.worker.terminate();
        }
        self.running = None;
        self.busy_since = None;
    }
}

// Natively (the view's tests) there is no worker: a request goes nowhere.
#[cfg(not(target_arch = "wasm32"))]
impl<J, A> KillableWorker<J, A> {
    /// Natively, does nothing.
    pub fn send(&self, _request: Request<J>) {}
}

#[cfg(target_arch = "wasm32")]
impl<J, A> KillableWorker<J, A>
where
    J: Serialize + 'static,
    A: DeserializeOwned + 'static,
{
    /// Sends `request`. A running request that has taken longer than the lane's
    /// `supersede_after_ms` is stopped for it; a younger one may finish first (its answer is older than this request's,
    /// and the view keeps only the newest), and is stopped if it is still running then.
    pub fn send(&self, request: Request<J>) {
        let waited = {
            let mut lane = self.inner.borrow_mut();
            match lane.busy_since {
                None => {
                    lane.next = Some(request);
                    drop(lane);
                    self.post_next();
                    return;
                }
                Some((_, since)) => {
                    lane.next = Some(request);
                    now_ms() - since
                }
            }
        };
        let supersede_after_ms = self.inner.borrow().supersede_after_ms;
        if waited >= supersede_after_ms {
            self.inner.borrow_mut().stop();
            self.post_next();
        } else {
            let this = self.clone();
            let id = self.inner.borrow().busy_since.map(|(id, _)| id);
            gloo_timers::callback::Timeout::new((supersede_after_ms - waited).ceil() as u32, move || {
                let still = this.inner.borrow().busy_since.map(|(id, _)| id) == id && id.is_some();
                if still && this.inner.borrow().next.is_some() {
                    this.inner.borrow_mut().stop();
                    this.post_next();
                }
            })
            .forget();
        }
    }

    /// Posts the waiting request if the worker is free, starting a worker first if none runs.
    fn post_next(&self) {
        if self.inner.borrow().running.is_none() {
            match self.spawn() {
                Ok(running) => self.inner.borrow_mut().running = Some(running),
                Err(reason) => {
                    let on_event = {
                        let mut lane = self.inner.borrow_mut();
                        lane.next = None;
                        lane.on_event.clone()
                    };
                    on_event(WorkerEvent::Crashed(reason));
                    return;
                }
            }
        }
        let mut lane = self.inner.borrow_mut();
        let ready = lane.running.as_ref().is_some_and(|r| r.ready);
        if !ready || lane.busy_since.is_some() {
            return;
        }
        let Some(request) = lane.next.take() else { return };
        let Ok(json) = serde_json::to_string(&request) else { return };
        if let Some(running) = lane.running.as_ref() {
            let _ = running.worker.post_message(&json.into());
            lane.busy_since = Some((request.id, now_ms()));
        }
    }

    fn spawn(&self) -> Result<Running, String> {
        use gloo_events::EventListener;
        use wasm_bindgen::JsCast;
        let script = self.inner.borrow().script;
        let url = crate::workers::script_url(script)?;
        let wasm = url.replace(".js", "_bg.wasm");
        // The loader gloo-worker writes for a `no-modules` worker; a blob, which the page's CSP
        // allows as `worker-src blob:`. The URLs are ours (the page's base and a constant).
        let shim = js_sys::Array::of1(
            &format!("importScripts({});wasm_bindgen({});", js_string(&url), js_string(&wasm)).into(),
        );
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/javascript");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&shim, &options)
            .map_err(|_| "the browser refused to make the worker's loader".to_string())?;
        let loader = web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|_| "the browser refused to make the worker's loader".to_string())?;
        let worker = web_sys::Worker::new(&loader).map_err(|_| format!("the browser refused to start {script}"))?;
        let on_message = {
            let this = self.clone();
            EventListener::new(&worker, "message", move |event| {
                let Some(text) = event.dyn_ref::<web_sys::MessageEvent>().and_then(|e| e.data().as_string()) else {
                    return;
                };
                match serde_json::from_str::<FromWorker<A>>(&text) {
                    Ok(FromWorker::Ready) => {
                        if let Some(running) = this.inner.borrow_mut().running.as_mut() {
                            running.ready = true;
                        }
                        this.post_next();
                    }
                    Ok(FromWorker::Reply(reply)) => {
                        let on_event = {
                            let mut lane = this.inner.borrow_mut();
                            lane.busy_since = None;
                            lane.on_event.clone()
                        };
                        // Post the waiting request before the view re-renders.
                        this.post_next();
                        on_event(WorkerEvent::Answered(reply));
                    }
                    Err(_) => {}
                }
            })
        };
        let on_error = {
            let this = self.clone();
            EventListener::new(&worker, "error", move |event| {
                let message = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "the worker stopped".to_string());
                let on_event = {
                    let mut lane = this.inner.borrow_mut();
                    lane.stop();
                    lane.next = None;
                    lane.on_event.clone()
                };
                on_event(WorkerEvent::Crashed(message));
            })
        };
        Ok(Running { worker, ready: false, _listeners: [on_message, on_error] })
    }
}

/// `text` as a JavaScript string literal (JSON's string syntax is JavaScript's).
#[cfg(target_arch = "wasm32")]
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}
