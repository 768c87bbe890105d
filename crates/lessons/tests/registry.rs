//! Every sandbox the registry lists has everything a sandbox needs: adding one means its lesson,
//! its engine (with its arm in the quest self-test), its view and its registry entry (ARCHITECTURE.md, "Adding a sandbox"); this test
//! names whatever is missing.

use std::path::{Path, PathBuf};

use dragonproof_engines::registry::{Sandbox, SANDBOXES};
use dragonproof_lessons::Book;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn book() -> Book {
    Book::load(&repo().join("lessons")).expect("lessons are valid")
}

/// What a registered sandbox with a view is missing, in words.
fn missing(entry: &dragonproof_engines::registry::Entry, book: &Book, benchmarks: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let id = entry.id;
    let lessons: Vec<&str> = book
        .lessons
        .iter()
        .filter(|lesson| lesson.front.sandbox == entry.sandbox)
        .map(|lesson| lesson.front.id.as_str())
        .collect();
    match lessons.as_slice() {
        [] => problems.push(format!("{id}: no lesson names `sandbox = \"{id}\"`")),
        [_] => {}
        many => problems.push(format!("{id}: one lesson per sandbox, but {} name it", many.join(", "))),
    }
    if !entry.has_view {
        return problems;
    }
    let files = [
        (format!("src/bin/{id}_sandbox.rs"), "its bundle entry (one line: `dragonproof::sandbox_bundle!(...)`)"),
        (format!("tests/e2e/{id}-sandbox.spec.ts"), "its end-to-end spec"),
    ];
    for (file, what) in files {
        if !repo().join(&file).is_file() {
            problems.push(format!("{id}: {what} `{file}` is missing"));
        }
    }
    // A view is one file, or a folder with its reducer beside the component (issue 16 item 6).
    let (single, folder) = (format!("src/sandboxes/{id}.rs"), format!("src/sandboxes/{id}/mod.rs"));
    if !repo().join(&single).is_file() && !repo().join(&folder).is_file() {
        problems.push(format!("{id}: its view `{single}` (or `{folder}`) is missing"));
    }
    // The quest self-test drives every sandbox's engine through one match arm per sandbox.
    let self_test = std::fs::read_to_string(repo().join("crates/lessons/tests/quests.rs")).unwrap_or_default();
    if !self_test.contains(&format!("Sandbox::{} =>", entry.sandbox.variant_name())) {
        problems.push(format!(
            "{id}: the quest self-test (crates/lessons/tests/quests.rs) has no `Sandbox::{} =>` arm for its engine",
            entry.sandbox.variant_name()
        ));
    }
    if let Some(worker) = entry.worker {
        let file = format!("src/bin/{}.rs", worker.name);
        if !repo().join(&file).is_file() {
            problems.push(format!("{id}: its worker `{file}` is missing"));
        }
    }
    // BENCHMARKS.md has a section per sandbox: a heading that names it by its registry title
    // or id (`## The SQL sandbox`, `## csp …`).
    let title = entry.title.to_lowercase();
    let has_section = benchmarks.lines().filter(|line| line.starts_with('#')).any(|heading| {
        let heading = heading.to_lowercase();
        heading.contains(&title) || heading.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| word == id)
    });
    if !has_section {
        problems
            .push(format!("{id}: BENCHMARKS.md has no section for it (a heading with `{id}` or “{}”)", entry.title));
    }
    problems
}

#[test]
fn every_registered_sandbox_has_its_lesson_view_spec_and_benchmarks() {
    let book = book();
    let benchmarks = std::fs::read_to_string(repo().join("BENCHMARKS.md")).expect("BENCHMARKS.md");
    let problems: Vec<String> = SANDBOXES.iter().flat_map(|entry| missing(entry, &book, &benchmarks)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_lesson_names_a_registered_sandbox_or_none() {
    for lesson in book().lessons {
        let sandbox = lesson.front.sandbox;
        assert!(sandbox == Sandbox::None || sandbox.entry().is_some(), "{}: {sandbox:?}", lesson.front.id);
    }
}

/// The check can fail: a sandbox with a view but none of its files is caught, item by item.
#[test]
fn the_registry_check_names_what_is_missing() {
    let ghost = dragonproof_engines::registry::Entry {
        sandbox: Sandbox::None,
        id: "ghost",
        title: "Ghost sandbox",
        has_view: true,
        worker: Some(dragonproof_engines::registry::WorkerSpec { name: "ghost_worker", features: &[], wasm_opt: "3" }),
    };
    let problems = missing(&ghost, &book(), "# Benchmarks\n## The SQL sandbox\n");
    assert_eq!(problems.len(), 6, "{problems:#?}");
}
