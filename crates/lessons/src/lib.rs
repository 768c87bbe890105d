//! The lesson book: reads `lessons/*.md`, checks every file against the authoring rules in
//! `lessons/README.md`, and renders each body to clean HTML.
//!
//! It runs natively, in the app's build script, so none of pulldown-cmark, syntect or ammonia
//! ships to the browser for the built-in lessons (see ARCHITECTURE.md, "Lesson content per
//! lesson, not in the app wasm").
//!
//! ```no_run
//! let book = dragonproof_lessons::Book::load("lessons".as_ref()).expect("valid lessons");
//! assert_eq!(book.lessons.len(), 14);
//! ```

mod book;
mod clean;
mod content;
mod diagram;
mod front_matter;
mod highlight;
mod render;

pub use book::{Book, BookError, RenderedLesson};
pub use content::CONTENT_DIR;
pub use front_matter::{Answer, ChecklistItem, FrontMatter, Quest, QuestKind, Question, QuestionKind, Sandbox};
pub use render::{render_body, render_body_from_line, render_inline, render_plain, Rendered};
