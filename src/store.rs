//! Progress in `localStorage`: the only place the app touches storage.
//!
//! Reading never crashes the app: damaged or foreign data is replaced with fresh progress, a
//! copy of what was there is kept under [`DAMAGED_KEY`] (so nothing is lost for good), and the
//! problems come back for a visible notice.

use dragonproof_engines::progress::{Progress, StoreProblem};

/// Where progress lives.
pub const KEY: &str = "dragonproof.progress";
/// Where unreadable progress is kept aside before it is reset.
pub const DAMAGED_KEY: &str = "dragonproof.progress.damaged";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What the app starts with.
pub struct Restored {
    pub progress: Progress,
    /// Plain-English lines for the notice; empty when all was well.
    pub notices: Vec<String>,
}

/// Reads saved progress.
pub fn restore() -> Restored {
    let Some(storage) = storage() else {
        return Restored {
            progress: Progress::default(),
            notices: vec!["This browser does not let Dragonproof save progress here (storage is blocked), so it will be forgotten when you close the tab.".into()],
        };
    };
    let Ok(Some(text)) = storage.get_item(KEY) else {
        return Restored { progress: Progress::default(), notices: Vec::new() };
    };
    let loaded = Progress::read(&text);
    if !loaded.problems.is_empty() {
        let _ = storage.set_item(DAMAGED_KEY, &text);
    }
    Restored { notices: describe(&loaded.problems, "Your saved progress"), progress: loaded.progress }
}

/// Turns store problems into notice lines, e.g. "Your saved progress: …".
pub fn describe(problems: &[StoreProblem], what: &str) -> Vec<String> {
    problems
        .iter()
        .map(|problem| {
            let action = if problem.is_fatal() { " It was reset to a fresh start." } else { "" };
            format!("{what}: {problem}.{action}")
        })
        .collect()
}

/// Writes progress; failure (a full or blocked store) is reported, not fatal.
pub fn save(progress: &Progress) -> Result<(), String> {
    let storage = storage().ok_or("storage is blocked in this browser")?;
    storage
        .set_item(KEY, &progress.to_json())
        .map_err(|_| "the browser refused to save (its storage may be full)".to_string())
}
