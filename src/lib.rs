//! Dragonproof's Yew app: a thin layer of components over `dragonproof-engines`.
//!
//! See ARCHITECTURE.md for the map. The binaries in `src/bin/` and `src/main.rs` only call in
//! here, so that the wasm-bindgen tests in `tests/` can mount the same components.

pub mod components;
pub mod lesson_content;
pub mod lessons;
pub mod route;
pub mod sandboxes;
pub mod state;
pub mod store;
pub mod workers;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<components::App>::new().render();
}
