//! The secure-headers sandbox's engine: read a pasted response-header block as a browser
//! does, grade it as MDN's HTTP Observatory does, and say what browsers make of it.
//!
//! One concept per file: [`block`] (reading the paste, problems by line), [`client_view`] (the
//! headers as the Observatory's HTTP client receives them), [`site`] (what else the
//! Observatory reads: plain http, scripts, preload list), [`observatory`] (its tests, score and
//! grade), [`advice`] (X-XSS-Protection, worth nothing), [`codegen`] (the Flask-Talisman, Flask
//! and Django code that sends the headers, and what it really sends), [`quests`] (the sandbox).
//!
//! ```
//! use dragonproof_engines::headers::{report, Site, Scoring};
//! let r = report("HTTP/1.1 200 OK\nContent-Type: text/html\nX-Frame-Options: DENY", &Site::default(), Scoring::Current);
//! assert_eq!(r.grade.grade, "C");
//! ```

pub mod advice;
pub mod block;
pub mod client_view;
pub mod codegen;
pub mod observatory;
pub mod quests;
pub mod site;

use serde::Serialize;

pub use advice::Advice;
pub use block::{read_block, Block, LineProblem};
pub use client_view::ClientView;
pub use observatory::{grade, Expectation, Grade, Scoring, Test, TestResult};
pub use site::{PlainHttp, Preload, Script, ScriptSource, Site};

use crate::csp::{Disposition, Verdict as CspVerdict};
use crate::framing::{decide, FramingInput};

/// The castle's page as the honest case sees it: its own script and stylesheet.
pub const CASTLE_PAGE: &str = "<link rel=\"stylesheet\" href=\"/static/castle.css\">\n<h1>The castle</h1>\n<script src=\"/static/castle.js\"></script>";
/// Where the castle lives.
pub const CASTLE_URL: &str = "https://castle.example/";
/// The stranger that tries to frame it.
pub const STRANGER_URL: &str = "https://evil.example/";

/// What browsers do with the headers, beside the grade (which is the Observatory's opinion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrowserReading {
    /// Whether https://evil.example can show the castle in a frame, and why.
    pub stranger_can_frame: bool,
    pub framing_because: String,
    /// Whether browsers may sniff a response's type (Fetch "determine nosniff": the first
    /// X-Content-Type-Options value must be `nosniff`).
    pub sniffs: bool,
    /// Whether the castle page's own script and stylesheet load under the enforced CSP.
    pub castle_page_works: bool,
    /// The CSP engine's problems with each policy, in plain words.
    pub csp_problems: Vec<String>,
}

/// Everything the headers sandbox shows for one paste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadersReport {
    pub block: Block,
    /// Under the chosen scoring.
    pub grade: Grade,
    pub advice: Vec<Advice>,
    pub browser: BrowserReading,
}

/// Fetch's "determine nosniff".
pub fn nosniff(response: &block::Response) -> bool {
    response.combined("x-content-type-options").is_some_and(|v| {
        crate::framing::xfo::split_values(&v).first().is_some_and(|first| first.eq_ignore_ascii_case("nosniff"))
    })
}

/// Reads, grades and explains a pasted block.
pub fn report(text: &str, site: &Site, scoring: Scoring) -> HeadersReport {
    let block = read_block(text);
    let response = block.last();
    let grade = grade(&ClientView::of(&response), site, scoring);
    let framing = decide(&FramingInput {
        headers: text.into(),
        page_url: CASTLE_URL.into(),
        meta_policies: vec![],
        ancestors: vec![STRANGER_URL.into()],
    });
    let mut csp_inputs = Vec::new();
    for field in &response.fields {
        if field.is("content-security-policy") {
            csp_inputs.push(crate::csp::PolicyInput { text: field.value.clone(), disposition: Disposition::Enforce });
        } else if field.is("content-security-policy-report-only") {
            csp_inputs.push(crate::csp::PolicyInput { text: field.value.clone(), disposition: Disposition::Report });
        }
    }
    let analysis = crate::csp::analyze(&csp_inputs, crate::csp::Delivery::Header, CASTLE_URL, CASTLE_PAGE);
    let castle_page_works = analysis.evaluation.results.iter().all(|r| r.verdict == CspVerdict::Allowed);
    let csp_problems = analysis
        .policies
        .iter()
        .flat_map(|p| p.problems.iter().filter(|p| p.is_error()).map(|p| p.message()))
        .collect();
    let browser = BrowserReading {
        stranger_can_frame: framing.verdict.shown(),
        framing_because: framing.verdict.because().to_string(),
        sniffs: !nosniff(&response),
        castle_page_works,
        csp_problems,
    };
    HeadersReport { advice: advice::advice(&response), block, grade, browser }
}

#[cfg(test)]
mod tests;
