//! The audits sandbox: Python source read by a real parser (Astral's, from Ruff), with
//! Bandit's findings (same ids, lines, columns, severities and confidences as Bandit 1.9.4),
//! Django's `check --deploy` security ids for a settings module, and our own rules for what
//! neither reports.
//!
//! The parser sits behind the `python` feature, which only the inspector's worker enables;
//! the result types are always available so views can name them.

use serde::{Deserialize, Serialize};

pub mod findings;
#[cfg(feature = "python")]
mod frameworks;
pub mod nesting;
#[cfg(feature = "python")]
mod rules;
#[cfg(feature = "python")]
pub mod sandbox;
pub mod state;
#[cfg(feature = "python")]
mod walk;

#[cfg(all(test, feature = "python"))]
mod tests;

pub use findings::{Finding, Level, Source};
pub use state::{InspectorOutcome, InspectorReply, InspectorRequest, InspectorState};

/// The most source the inspector reads: a 2,000-line module is about 80 KB. A 1 MB paste is
/// answered for its first part, with a note.
pub const MAX_SOURCE_BYTES: usize = 256 * 1024;

/// A route the app defines (`@app.route("/gate", methods=["POST"])`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Route {
    pub path: String,
    /// Upper-case methods, sorted (`GET` when none are given, as Flask does).
    pub methods: Vec<String>,
    /// The view function's name.
    pub view: String,
}

/// A syntax error as the parser reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxProblem {
    /// The parser's message.
    pub message: String,
    /// 1-based line and 0-based byte column, as Python counts.
    pub line: usize,
    pub col: usize,
}

/// Everything the sandbox shows for one source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    /// Sorted by line, column and id.
    pub findings: Vec<Finding>,
    /// Empty when the source parses; findings are still given for what could be read.
    pub syntax_errors: Vec<SyntaxProblem>,
    pub routes: Vec<Route>,
    /// What the inspector left out (a long paste, code nested too deep), in words.
    pub notes: Vec<String>,
}

/// Stack for the parse, the walk and dropping the tree: the parser grows its own stack with
/// `stacker` as it recurses; the walk is depth-limited, and dropping a deep tree recurses too,
/// so all three run on a segment this big (natively and in wasm, where psm switches stacks).
#[cfg(feature = "python")]
const STACK_BYTES: usize = 8 * 1024 * 1024;

/// Parses and inspects Python source.
#[cfg(feature = "python")]
pub fn inspect(source: &str) -> Inspection {
    let (source, cut) = bounded(source);
    // Past CPython's bracket limit the source is not Python, and Ruff's parser would recurse
    // once per level on a stack that cannot grow in a browser (nesting.rs): read the whole
    // statements before it, and report CPython's error where CPython reports it.
    let deep = nesting::first_too_deep(source);
    let readable = deep.map_or(source, |deep| &source[..deep.statement_line_start]);
    let mut inspection = stacker::grow(STACK_BYTES, || inspect_on_this_stack(readable));
    if let Some(deep) = deep {
        let (line, col) = walk::Positions::new(source).at(deep.offset);
        inspection.syntax_errors.push(SyntaxProblem { message: nesting::TOO_DEEP_MESSAGE.to_string(), line, col });
        let from = readable.lines().count() + 1;
        inspection.notes.push(format!(
            "Python refuses more than {} nested brackets; lines from {from} on were not inspected.",
            nesting::MAX_OPEN_BRACKETS
        ));
    }
    if let Some(note) = cut {
        inspection.notes.push(note);
    }
    inspection
}

#[cfg(feature = "python")]
fn inspect_on_this_stack(source: &str) -> Inspection {
    use ruff_python_ast::PySourceType;
    use ruff_python_parser::{parse_unchecked_source, ParseError};

    let parsed = parse_unchecked_source(source, PySourceType::Python);
    let mut walker = walk::Walker::new(source);
    let syntax_errors = parsed
        .errors()
        .iter()
        .map(|e: &ParseError| {
            let (line, col) = walker.positions.at(e.location.start().to_usize());
            SyntaxProblem { message: e.error.to_string(), line, col }
        })
        .collect();
    let body = &parsed.syntax().body;
    walker.walk_body(body, 0);
    let routes = frameworks::module_rules(&mut walker, body);
    let mut notes = Vec::new();
    if walker.too_deep {
        notes.push(format!("Code nested more than {} levels deep was not inspected (CPython itself refuses more than 200 nested brackets).", walk::MAX_DEPTH));
    }
    let too_deep = walker.too_deep;
    let mut findings = walker.findings;
    findings.sort_by(|a, b| (a.line, a.col, &a.id).cmp(&(b.line, b.col, &b.id)));
    // Dropping a tree recurses once per level, and a left-nested chain (`1 + 1 + ...`, `-----1`,
    // `f(f(f(...)))`) is as deep as it is long: 256 KB of it overflows any stack we can afford
    // to allocate per keystroke. Such a tree is leaked instead (bounded by the input bound; the
    // worker's memory is reclaimed when the view restarts it). CPython's own parser refuses
    // such code, so no real module is affected.
    if too_deep {
        std::mem::forget(parsed);
    }
    Inspection { findings, syntax_errors, routes, notes }
}

/// The first [`MAX_SOURCE_BYTES`] of `source`, cut at a line break.
pub fn bounded(source: &str) -> (&str, Option<String>) {
    if source.len() <= MAX_SOURCE_BYTES {
        return (source, None);
    }
    let mut end = MAX_SOURCE_BYTES;
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let cut = source[..end].rfind('\n').map_or(end, |i| i + 1);
    let lines = source[..cut].lines().count();
    (
        &source[..cut],
        Some(format!(
            "Only the first {lines} lines ({} KB) were inspected; {} bytes were left out.",
            MAX_SOURCE_BYTES / 1024,
            source.len() - cut
        )),
    )
}
