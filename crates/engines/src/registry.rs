//! Every sandbox, declared once. The lesson files name a sandbox by its id, the build makes one
//! bundle (and worker) per entry, the app frames it, and the tests derive their lists from here
//! (`cargo run -p dragonproof-engines --example registry` prints it as JSON for the scripts).
//!
//! Adding a sandbox: its lesson file, its engine module, its view (`src/sandboxes/<id>/` with a
//! one-line `src/bin/<id>_sandbox.rs`) and one entry here. `crates/lessons/tests/registry.rs`
//! fails when a registered sandbox lacks any of them.

use serde::{Deserialize, Serialize};

/// Which live sandbox a lesson mounts. The lesson's front matter names it in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sandbox {
    Escape,
    Sql,
    Xss,
    Csp,
    Headers,
    Secrets,
    Csrf,
    Passwords,
    Cookies,
    Hsts,
    Framing,
    Deps,
    Inspector,
    /// The launch checklist has no sandbox.
    None,
}

/// A heavy engine's Web Worker: its own wasm, fetched the first time its sandbox needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WorkerSpec {
    /// The binary `src/bin/<name>.rs`, and the files `<name>.js` / `<name>_bg.wasm` in `dist/`.
    pub name: &'static str,
    /// Cargo features the binary needs (`sql` links SQLite; nothing else may).
    pub features: &'static [&'static str],
    /// `wasm-opt` level: engines are built for speed (`3`), not size.
    pub wasm_opt: &'static str,
}

/// One sandbox: how the build makes it and how the app frames it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub sandbox: Sandbox,
    /// The id in lesson files, URLs (`sandbox.html?sandbox=<id>`) and file names.
    pub id: &'static str,
    /// The frame's accessible name and the standalone page's heading.
    pub title: &'static str,
    /// Whether its view exists yet. A lesson whose sandbox has none says so and is text only.
    pub has_view: bool,
    /// Its engine's worker, if the engine is too heavy for the view's bundle.
    pub worker: Option<WorkerSpec>,
}

/// Every sandbox, in lesson order.
pub const SANDBOXES: &[Entry] = &[
    entry(Sandbox::Escape, "escape", "Escaping sandbox", true, None),
    entry(
        Sandbox::Sql,
        "sql",
        "SQL injection sandbox",
        true,
        Some(WorkerSpec { name: "sql_worker", features: &["sql"], wasm_opt: "z" }),
    ),
    entry(
        Sandbox::Xss,
        "xss",
        "Cross-site scripting sandbox",
        true,
        Some(WorkerSpec { name: "sanitize_worker", features: &[], wasm_opt: "3" }),
    ),
    entry(Sandbox::Csp, "csp", "Content-Security-Policy sandbox", true, None),
    entry(Sandbox::Headers, "headers", "Security headers sandbox", true, None),
    entry(
        Sandbox::Secrets,
        "secrets",
        "Secret keys sandbox",
        true,
        Some(WorkerSpec { name: "wordlist_worker", features: &[], wasm_opt: "3" }),
    ),
    entry(Sandbox::Csrf, "csrf", "CSRF sandbox", true, None),
    entry(
        Sandbox::Passwords,
        "passwords",
        "Passwords and MFA sandbox",
        true,
        Some(WorkerSpec { name: "passwords_worker", features: &[], wasm_opt: "3" }),
    ),
    entry(Sandbox::Cookies, "cookies", "Session cookies sandbox", true, None),
    entry(Sandbox::Hsts, "hsts", "HTTPS and HSTS sandbox", true, None),
    entry(Sandbox::Framing, "framing", "Clickjacking sandbox", true, None),
    entry(
        Sandbox::Deps,
        "deps",
        "Dependencies sandbox",
        true,
        Some(WorkerSpec { name: "deps_worker", features: &[], wasm_opt: "3" }),
    ),
    entry(
        Sandbox::Inspector,
        "inspector",
        "Code inspector sandbox",
        true,
        Some(WorkerSpec { name: "inspector_worker", features: &["python"], wasm_opt: "3" }),
    ),
];

const fn entry(
    sandbox: Sandbox,
    id: &'static str,
    title: &'static str,
    has_view: bool,
    worker: Option<WorkerSpec>,
) -> Entry {
    Entry { sandbox, id, title, has_view, worker }
}

impl Sandbox {
    /// This sandbox's entry; `None` for [`Sandbox::None`].
    pub fn entry(self) -> Option<&'static Entry> {
        SANDBOXES.iter().find(|entry| entry.sandbox == self)
    }

    /// The entry whose id is `id` (from a URL: untrusted, so only a lookup).
    pub fn from_id(id: &str) -> Option<Sandbox> {
        SANDBOXES.iter().find(|entry| entry.id == id).map(|entry| entry.sandbox)
    }

    /// The Rust path of this variant, for code generated at build time.
    pub fn variant_name(self) -> &'static str {
        match self {
            Sandbox::Escape => "Escape",
            Sandbox::Sql => "Sql",
            Sandbox::Xss => "Xss",
            Sandbox::Csp => "Csp",
            Sandbox::Headers => "Headers",
            Sandbox::Secrets => "Secrets",
            Sandbox::Csrf => "Csrf",
            Sandbox::Passwords => "Passwords",
            Sandbox::Cookies => "Cookies",
            Sandbox::Hsts => "Hsts",
            Sandbox::Framing => "Framing",
            Sandbox::Deps => "Deps",
            Sandbox::Inspector => "Inspector",
            Sandbox::None => "None",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_lowercase_and_match_the_serde_names() {
        let mut ids: Vec<&str> = SANDBOXES.iter().map(|entry| entry.id).collect();
        for entry in SANDBOXES {
            assert!(entry.id.bytes().all(|b| b.is_ascii_lowercase()), "{}", entry.id);
            let named: Sandbox = serde_json::from_str(&format!("\"{}\"", entry.id)).expect("serde name");
            assert_eq!(named, entry.sandbox);
            assert_eq!(Sandbox::from_id(entry.id), Some(entry.sandbox));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SANDBOXES.len());
    }

    #[test]
    fn only_the_sql_worker_links_sqlite() {
        for entry in SANDBOXES {
            if let Some(worker) = entry.worker {
                assert_eq!(worker.features.contains(&"sql"), entry.sandbox == Sandbox::Sql, "{}", entry.id);
            }
        }
    }

    #[test]
    fn only_the_inspector_worker_links_the_python_parser() {
        for entry in SANDBOXES {
            if let Some(worker) = entry.worker {
                assert_eq!(worker.features.contains(&"python"), entry.sandbox == Sandbox::Inspector, "{}", entry.id);
            }
        }
    }

    #[test]
    fn an_id_from_a_url_is_only_looked_up() {
        assert_eq!(Sandbox::from_id("../escape"), None);
        assert_eq!(Sandbox::from_id("ESCAPE"), None);
        assert_eq!(Sandbox::from_id(""), None);
    }
}
