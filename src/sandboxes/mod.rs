//! The sandboxes: each is a page of its own, isolated from the app by construction.
//!
//! A sandbox's view is a small Yew app in its own wasm bundle (`src/bin/<id>_sandbox.rs`, one
//! line: [`sandbox_bundle!`]), built by `scripts/build-sandboxes.sh` for every entry of the
//! engines' registry. `sandbox.html?sandbox=<id>` loads it ([`page::start`]). In a lesson the
//! app frames that page (`components::SandboxFrame`); alone it is a full-window page, and any
//! course page can embed it. The app and the sandbox share no DOM, no Yew runtime and no
//! JavaScript realm: they talk only by `postMessage` ([`protocol`]), each checking the other's
//! window and origin. The learner's payloads still run only in the opaque-origin preview
//! ([`preview`]) inside the sandbox page.

use std::rc::Rc;

use dragonproof_engines::progress::Framework;
use yew::prelude::*;

pub mod choices;
pub mod cookies;
pub mod csp;
pub mod csrf;
pub mod deps;
pub mod escape;
pub mod framing;
pub mod headers;
pub mod hsts;
pub mod inspector;
pub mod lesson;
pub mod page;
pub mod passwords;
pub mod preview;
pub mod protocol;
pub mod secrets;
pub mod shared_state;
pub mod sql;
pub mod standalone;
pub mod try_step;
pub mod worker_model;
pub mod xss;

pub use lesson::SandboxQuest;
pub use protocol::Report;

/// The properties every sandbox view takes.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct SandboxProps {
    /// The learner's framework, for sandboxes that show Flask or Django code.
    pub framework: Framework,
    /// A state from a link or a lesson's "Try it" step, already read and checked (JSON of the
    /// view's state type).
    pub initial_state: Option<Rc<str>>,
    /// The initial state is a "Try it" step's: the quest's inputs on the starting state. A view
    /// that adapts its starting state to the learner (the SQL code's framework) does so here too.
    #[prop_or_default]
    pub from_step: bool,
    /// Called with the quests solved now, the answers in words and the state, after every change.
    pub report: Callback<Report>,
}

impl SandboxProps {
    /// The state the view starts in: the link's, or the lesson's starting state.
    pub fn initial<S: dragonproof_engines::sandbox::SandboxState>(&self) -> S {
        self.initial_state.as_deref().and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
    }
}

/// A sandbox's quests, from its lesson's front matter (see [`lesson`]).
/// A `const fn`: views call it in a `const`, so only their own lesson's quests are compiled in.
pub const fn quests_of(sandbox: dragonproof_engines::registry::Sandbox) -> &'static [SandboxQuest] {
    match lesson::sandbox_lesson(sandbox) {
        Some(lesson) => lesson.quests,
        None => &[],
    }
}

/// What a sandbox whose engine runs in its bundle tells the app after a change: which of
/// `quests` are solved in `outcome`, each quest's answer in words, and `state` for a link.
pub fn engine_report<E: dragonproof_engines::sandbox::SandboxEngine>(
    quests: &[SandboxQuest],
    state: &E::State,
    outcome: &E::Outcome,
) -> Report {
    let ids: Vec<&str> = quests.iter().map(|quest| quest.id).collect();
    Report {
        solved: dragonproof_engines::sandbox::solved_quests::<E>(&ids, outcome),
        answers: quests.iter().map(|quest| E::describe(&quest.solution())).collect(),
        state: serde_json::to_string(state).ok(),
    }
}

/// A bundle binary's whole source, `dragonproof::sandbox_bundle!(<registry variant>, <view>,
/// <engine state>);`: exports `start()`, which `static/sandbox.js` calls once the bundle has
/// loaded.
#[macro_export]
macro_rules! sandbox_bundle {
    ($sandbox:ident, $view:ty, $state:ty) => {
        use wasm_bindgen::prelude::*;

        /// Mounts this sandbox into its page (`sandbox.html`).
        #[wasm_bindgen]
        pub fn start() {
            // Evaluated at compile time: this bundle carries only its own lesson's text.
            const LESSON: Option<$crate::sandboxes::lesson::SandboxLesson> =
                $crate::sandboxes::lesson::sandbox_lesson(dragonproof_engines::registry::Sandbox::$sandbox);
            $crate::sandboxes::page::start::<$view, $state>(dragonproof_engines::registry::Sandbox::$sandbox, LESSON);
        }

        fn main() {}
    };
}
