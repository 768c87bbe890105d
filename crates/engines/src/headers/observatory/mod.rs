//! MDN's HTTP Observatory grader, test for test (`@mdn/mdn-http-observatory`), on a pasted
//! response and the [`Site`] facts it also reads.
//!
//! Every test starts from the headers as the Observatory's HTTP client receives them
//! ([`ClientView`]). The score starts at 100 and adds each test's modifier; bonuses count only
//! when the score without them is at least 90; it never goes below 0; the grade is the score
//! rounded down to a multiple of 5 (100 and above: A+).

pub mod cookies;
pub mod csp;
pub mod expectation;
pub mod integrity;
pub mod simple;
pub mod transport;

use serde::Serialize;

pub use expectation::{Expectation, Scoring};

use crate::headers::client_view::ClientView;
use crate::headers::site::Site;

/// The host the castle is graded as (cookies' domains are checked against it).
pub const CASTLE_HOST: &str = "castle.example";

/// Only then do bonuses count (`MINIMUM_SCORE_FOR_EXTRA_CREDIT`).
pub const MINIMUM_SCORE_FOR_EXTRA_CREDIT: i32 = 90;

/// The tests, by the Observatory's names, in its order (today's two last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Test {
    ContentSecurityPolicy,
    Cookies,
    CrossOriginResourceSharing,
    Redirection,
    ReferrerPolicy,
    StrictTransportSecurity,
    SubresourceIntegrity,
    XContentTypeOptions,
    XFrameOptions,
    CrossOriginResourcePolicy,
    CrossOriginOpenerPolicy,
    CrossOriginEmbedderPolicy,
}

impl Test {
    /// The Observatory's id for the test.
    pub fn id(self) -> &'static str {
        match self {
            Test::ContentSecurityPolicy => "content-security-policy",
            Test::Cookies => "cookies",
            Test::CrossOriginResourceSharing => "cross-origin-resource-sharing",
            Test::Redirection => "redirection",
            Test::ReferrerPolicy => "referrer-policy",
            Test::StrictTransportSecurity => "strict-transport-security",
            Test::SubresourceIntegrity => "subresource-integrity",
            Test::XContentTypeOptions => "x-content-type-options",
            Test::XFrameOptions => "x-frame-options",
            Test::CrossOriginResourcePolicy => "cross-origin-resource-policy",
            Test::CrossOriginOpenerPolicy => "cross-origin-opener-policy",
            Test::CrossOriginEmbedderPolicy => "cross-origin-embedder-policy",
        }
    }

    /// The title the Observatory shows.
    pub fn title(self) -> &'static str {
        match self {
            Test::ContentSecurityPolicy => "Content Security Policy (CSP)",
            Test::Cookies => "Cookies",
            Test::CrossOriginResourceSharing => "Cross Origin Resource Sharing (CORS)",
            Test::Redirection => "Redirection",
            Test::ReferrerPolicy => "Referrer Policy",
            Test::StrictTransportSecurity => "Strict Transport Security (HSTS)",
            Test::SubresourceIntegrity => "Subresource Integrity",
            Test::XContentTypeOptions => "X-Content-Type-Options",
            Test::XFrameOptions => "X-Frame-Options",
            Test::CrossOriginResourcePolicy => "Cross Origin Resource Policy",
            Test::CrossOriginOpenerPolicy => "Cross Origin Opener Policy",
            Test::CrossOriginEmbedderPolicy => "Cross Origin Embedder Policy",
        }
    }
}

/// One test's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestResult {
    pub test: Test,
    pub result: Expectation,
    /// Points under the chosen scoring (counted only if the bonus rule allows).
    pub modifier: i32,
}

/// The whole grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub tests: Vec<TestResult>,
    /// After the bonus rule and the floor at 0.
    pub score: i32,
    /// `A+` … `F`.
    pub grade: &'static str,
    /// 100 plus the penalties only.
    pub score_without_bonuses: i32,
    /// Whether bonuses were counted (the score without them was ≥ 90).
    pub bonuses_counted: bool,
}

/// The letter for a score (`getGradeForScore`).
pub fn letter(score: i32) -> &'static str {
    let score = score.max(0);
    match (score - score % 5).min(100) {
        100 => "A+",
        90 | 95 => "A",
        85 => "A-",
        80 => "B+",
        70 | 75 => "B",
        65 => "B-",
        60 => "C+",
        50 | 55 => "C",
        45 => "C-",
        40 => "D+",
        30 | 35 => "D",
        25 => "D-",
        _ => "F",
    }
}

/// Grades a response's headers (through the Observatory's client view) and the site facts.
pub fn grade(view: &ClientView, site: &Site, scoring: Scoring) -> Grade {
    let (csp_result, csp_read) = csp::test(view);
    let hsts = transport::hsts(view, site.preload);
    let mut results = vec![
        (Test::ContentSecurityPolicy, csp_result),
        (Test::Cookies, cookies::test(view.set_cookies(), CASTLE_HOST, transport::hsts_passes(hsts.result))),
        (Test::CrossOriginResourceSharing, simple::cors(view)),
        (Test::Redirection, transport::redirection(site.plain_http, site.preload)),
        (Test::ReferrerPolicy, simple::referrer(view)),
        (Test::StrictTransportSecurity, hsts.result),
        (Test::SubresourceIntegrity, integrity::test(view, &site.scripts)),
        (Test::XContentTypeOptions, simple::nosniff(view)),
        (Test::XFrameOptions, simple::frame_options(view, csp_read.as_ref())),
        (Test::CrossOriginResourcePolicy, simple::resource_policy(view)),
    ];
    if scoring == Scoring::Current {
        results.push((Test::CrossOriginOpenerPolicy, simple::opener_policy(view)));
        results.push((Test::CrossOriginEmbedderPolicy, simple::embedder_policy(view)));
    }
    let tests: Vec<TestResult> = results
        .into_iter()
        .map(|(test, result)| TestResult { test, result, modifier: result.modifier(scoring) })
        .collect();
    let with_bonuses = 100 + tests.iter().map(|t| t.modifier).sum::<i32>();
    let score_without_bonuses = 100 + tests.iter().map(|t| t.modifier).filter(|m| *m < 0).sum::<i32>();
    let bonuses_counted = score_without_bonuses >= MINIMUM_SCORE_FOR_EXTRA_CREDIT;
    let score = if bonuses_counted { with_bonuses } else { score_without_bonuses }.max(0);
    Grade { tests, score, grade: letter(score), score_without_bonuses, bonuses_counted }
}
