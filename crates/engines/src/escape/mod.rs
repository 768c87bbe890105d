//! The escape sandbox (lesson 1): a name in `<p>Hello, {{ name }}!</p>`, rendered the way
//! markupsafe, Jinja2 and Django really do; the same name in other output contexts; the input
//! pipeline before the template; and the quests.
//!
//! One concept per file:
//! - [`render`]: the escapers and template renderings, byte for byte as the real libraries
//!   (fixtures from `fixtures/make_escape_fixtures.py`), and which tags a value opened;
//! - [`contexts`]: the value in element text, attributes, an `href` and a script string;
//! - [`pipeline`]: how a view reads the form field before any template sees it;
//! - [`gallery`]: the attacks the fix quest replays, and the honest name that must survive;
//! - [`sandbox`]: the state, its one outcome, and the quests read from it.

pub mod contexts;
pub mod gallery;
pub mod pipeline;
pub mod render;
pub mod sandbox;

pub use gallery::{honest_name_survives, replay_gallery, Replay, GALLERY, HONEST_NAME};
pub use render::{
    decode_escaped, django_escape, markupsafe_escape, python_strip, render_greeting, tags_opened, Greeting, Rendering,
};
pub use sandbox::{EscapeOutcome, EscapeSandbox, EscapeState};
