//! The escape sandbox as its own wasm bundle (see `src/sandboxes/mod.rs`).

use dragonproof::sandboxes::escape::{EscapeSandbox, Props};
use dragonproof::sandboxes::protocol::{send_report, MountConfig};
use wasm_bindgen::prelude::*;
use yew::Callback;

/// A mounted sandbox; the app calls `destroy` when the lesson closes.
#[wasm_bindgen]
pub struct MountedSandbox {
    handle: Option<yew::AppHandle<EscapeSandbox>>,
}

#[wasm_bindgen]
impl MountedSandbox {
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// Mounts the sandbox into `root`; `config` is a JSON `MountConfig`.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, config: &str) -> MountedSandbox {
    let config: MountConfig = serde_json::from_str(config).unwrap_or(MountConfig { quests: Vec::new() });
    let reporter = root.clone();
    let props = Props { quests: config.quests, report: Callback::from(move |report| send_report(&reporter, &report)) };
    MountedSandbox { handle: Some(yew::Renderer::<EscapeSandbox>::with_root_and_props(root, props).render()) }
}

fn main() {}
