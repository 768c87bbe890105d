//! The built-in lessons, rendered to clean HTML at build time by `build.rs`.

pub use dragonproof_engines::registry::Sandbox;

/// A lesson on the castle map. Its text and quiz are fetched when it opens (`content`).
#[derive(Debug, PartialEq)]
pub struct Lesson {
    pub id: &'static str,
    pub order: u32,
    pub title: &'static str,
    pub castle_title: &'static str,
    pub summary: &'static str,
    pub sandbox: Sandbox,
    pub reading_minutes: u32,
    /// The content file, relative to the app's base URL (`book/<id>-<hash>.json`).
    pub content: &'static str,
    pub checklist: &'static [ChecklistItem],
}

/// A launch-checklist line, ticked when its lesson is done.
#[derive(Debug, PartialEq)]
pub struct ChecklistItem {
    /// Inline HTML rendered from the item's Markdown and cleaned by ammonia at build time.
    pub html: &'static str,
    pub lesson: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// Finds a lesson (or the checklist) by id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|lesson| lesson.id == id)
}

/// The thirteen lessons, without the checklist.
pub fn lessons() -> impl Iterator<Item = &'static Lesson> {
    LESSONS.iter().filter(|lesson| lesson.sandbox != Sandbox::None)
}

/// The lesson before and after `id` in map order (the checklist comes last).
pub fn neighbours(id: &str) -> (Option<&'static Lesson>, Option<&'static Lesson>) {
    let Some(index) = LESSONS.iter().position(|lesson| lesson.id == id) else {
        return (None, None);
    };
    (index.checked_sub(1).and_then(|i| LESSONS.get(i)), LESSONS.get(index + 1))
}
