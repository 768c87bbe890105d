//! The secure-headers sandbox as [`SandboxEngine`]: the learner edits a header block and the
//! facts the Observatory also reads; every quest is read from one [`HeadersReport`].
//!
//! - `frameable-and-sniffable` (attack): from the starting headers, let any site frame the
//!   castle and let browsers sniff uploads. `ALLOW-FROM` counts: browsers ignore it.
//! - `a-plus-castle` (fix): an A+ under today's scoring, and the castle page's own script and
//!   stylesheet still load under the CSP (the honest case: `default-src 'none'` alone is no fix).

use serde::{Deserialize, Serialize};

use super::{report, HeadersReport, PlainHttp, Preload, Scoring, Script, ScriptSource, Site};
use crate::headers::block::MAX_BLOCK_BYTES;
use crate::sandbox::{SandboxEngine, SandboxState, Solution};

/// The lesson's starting headers, as the seed tutorial sends them.
pub const START_HEADERS: &str = "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nX-Frame-Options: SAMEORIGIN\nX-Content-Type-Options: nosniff\nX-XSS-Protection: 1; mode=block\nSet-Cookie: session=eyJ1c2VyIjoia2luZyJ9; HttpOnly; Path=/";

/// Everything the learner sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadersState {
    pub headers: String,
    pub site: Site,
    pub scoring: Scoring,
}

impl Default for HeadersState {
    fn default() -> Self {
        HeadersState {
            headers: START_HEADERS.into(),
            site: Site {
                plain_http: PlainHttp::SameHostHttps,
                scripts: vec![Script { source: ScriptSource::Relative, integrity: false }],
                preload: Preload::NotListed,
            },
            scoring: Scoring::Current,
        }
    }
}

/// The headers sandbox.
pub struct HeadersSandbox;

fn parse_kebab<T: serde::de::DeserializeOwned>(what: &str, value: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(value.to_string()))
        .map_err(|_| format!("`{value}` is not a known {what}."))
}

impl SandboxEngine for HeadersSandbox {
    type State = HeadersState;
    type Env = ();
    type Outcome = HeadersReport;

    fn test_env() {}

    fn outcome(state: &HeadersState, _env: &mut ()) -> HeadersReport {
        report(&state.headers, &state.site, state.scoring)
    }

    fn solved(quest: &str, outcome: &HeadersReport) -> Option<bool> {
        match quest {
            "frameable-and-sniffable" => Some(outcome.browser.stranger_can_frame && outcome.browser.sniffs),
            "a-plus-castle" => Some(outcome.grade.grade == "A+" && outcome.browser.castle_page_works),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(name, value)| match name.as_str() {
                "headers" => format!("Headers:\n{value}"),
                "plain_http" => format!("What plain http answers: {value}"),
                "preload" => format!("Preload list: {value}"),
                "scripts" => format!("The page's scripts: {value}"),
                other => format!("{other}: {value}"),
            })
            .collect()
    }
}

/// A state from a link is bounded like a paste.
impl SandboxState for HeadersState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (name, value) in solution {
            match name.as_str() {
                "headers" => self.headers = value.clone(),
                "plain_http" => self.site.plain_http = parse_kebab("answer on plain http", value)?,
                "preload" => self.site.preload = parse_kebab("preload status", value)?,
                "scoring" => self.scoring = parse_kebab("scoring", value)?,
                "scripts" => {
                    // `relative, external-https+integrity`
                    let mut scripts = Vec::new();
                    for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        let (source, integrity) = match item.strip_suffix("+integrity") {
                            Some(source) => (source, true),
                            None => (item, false),
                        };
                        scripts.push(Script { source: parse_kebab("script source", source)?, integrity });
                    }
                    self.site.scripts = scripts;
                }
                other => return Err(format!("The headers sandbox has no input called `{other}`.")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        if state.headers.len() > MAX_BLOCK_BYTES {
            return Err(format!("The headers in this link are longer than {} KB.", MAX_BLOCK_BYTES / 1024));
        }
        if state.site.scripts.len() > 50 {
            return Err("This link lists more than 50 scripts.".into());
        }
        Ok(())
    }
}
