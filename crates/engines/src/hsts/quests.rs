//! The HTTPS/HSTS sandbox as [`SandboxEngine`]: the header, how it is sent, what plain http
//! answers; every quest read from one [`HstsReport`].
//!
//! - `strip-every-visit` (attack): from a working `max-age=31536000`, make browsers keep no
//!   policy — send it only over http, `max-age=0`, a typo — so every visit can be stripped.
//! - `preload-ready` (fix): every hstspreload.org requirement met (which keeps the site
//!   reachable: http still redirects to the same host, every subdomain works on https).

use serde::{Deserialize, Serialize};

use super::parse::{parse, HstsReading};
use super::preload::{checks, Check, Deployment};
use super::timeline::{timeline, Step};
use crate::headers::site::PlainHttp;
use crate::sandbox::{SandboxEngine, SandboxState, Solution};

/// The longest header value the sandbox reads.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// Over which scheme the castle sends the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SentOver {
    #[default]
    Https,
    /// Only on the plain http responses: browsers ignore it there (RFC 6797 §8.1).
    HttpOnly,
    Both,
}

/// Everything the learner sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HstsState {
    /// The Strict-Transport-Security value.
    pub header: String,
    pub sent_over: SentOver,
    pub plain_http: PlainHttp,
    pub https_redirects: bool,
    pub header_on_https_redirect: bool,
    pub subdomains_on_https: bool,
    /// Whether the host is already on the preload list (to show the timeline once listed).
    pub preloaded: bool,
}

impl Default for HstsState {
    fn default() -> Self {
        HstsState {
            header: "max-age=31536000".into(),
            sent_over: SentOver::Https,
            plain_http: PlainHttp::SameHostHttps,
            https_redirects: false,
            header_on_https_redirect: false,
            subdomains_on_https: false,
            preloaded: false,
        }
    }
}

/// What the sandbox shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HstsReport {
    pub reading: HstsReading,
    /// Whether a browser stores a policy after an https visit.
    pub remembered: bool,
    /// Why not, in words, when it does not.
    pub ignored_because: Option<String>,
    pub checks: Vec<Check>,
    pub timeline: Vec<Step>,
}

/// The HSTS sandbox.
pub struct HstsSandbox;

fn flag(name: &str, value: &str) -> Result<bool, String> {
    match value.trim() {
        "true" | "yes" | "on" => Ok(true),
        "false" | "no" | "off" => Ok(false),
        other => Err(format!("`{name}` is yes or no, not `{other}`.")),
    }
}

impl SandboxEngine for HstsSandbox {
    type State = HstsState;
    type Env = ();
    type Outcome = HstsReport;

    fn test_env() {}

    fn outcome(state: &HstsState, _env: &mut ()) -> HstsReport {
        let (value, _) = crate::headers::block::bounded(&state.header, MAX_HEADER_BYTES);
        let reading = parse(value);
        let over_https = state.sent_over != SentOver::HttpOnly;
        let ignored_because = match (&reading.policy, &reading.error) {
            (_, Some(error)) => Some(error.message()),
            (Some(_), None) if !over_https => Some(
                "the header is only sent over plain http, where browsers ignore it (an attacker could forge it there)."
                    .into(),
            ),
            (Some(p), None) if p.max_age == 0 => Some("`max-age=0` tells the browser to forget the host.".into()),
            _ => None,
        };
        let stored = reading.policy.as_ref().filter(|_| over_https);
        let remembered = stored.is_some_and(|p| p.stored_max_age > 0);
        let deployment = Deployment {
            plain_http: state.plain_http,
            sent_over_https: over_https,
            https_redirects: state.https_redirects,
            header_on_https_redirect: state.header_on_https_redirect,
            subdomains_on_https: state.subdomains_on_https,
        };
        HstsReport {
            checks: checks(reading.policy.as_ref(), &deployment),
            timeline: timeline(stored, state.preloaded, ignored_because.clone()),
            remembered,
            ignored_because,
            reading,
        }
    }

    fn solved(quest: &str, outcome: &HstsReport) -> Option<bool> {
        match quest {
            "strip-every-visit" => {
                Some(!outcome.remembered && outcome.timeline.iter().filter(|s| s.attacker_wins).count() >= 2)
            }
            "preload-ready" => Some(outcome.checks.iter().all(|c| c.met)),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution.iter().map(|(name, value)| format!("{}: {value}", name.replace('_', " "))).collect()
    }
}

/// A state from a link is bounded like a paste.
impl SandboxState for HstsState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (name, value) in solution {
            match name.as_str() {
                "header" => self.header = value.clone(),
                "sent_over" => {
                    self.sent_over = serde_json::from_value(serde_json::Value::String(value.clone()))
                        .map_err(|_| format!("`{value}` is https, http-only or both."))?
                }
                "plain_http" => {
                    self.plain_http = serde_json::from_value(serde_json::Value::String(value.clone()))
                        .map_err(|_| format!("`{value}` is not a known answer on plain http."))?
                }
                "https_redirects" => self.https_redirects = flag(name, value)?,
                "header_on_https_redirect" => self.header_on_https_redirect = flag(name, value)?,
                "subdomains_on_https" => self.subdomains_on_https = flag(name, value)?,
                "preloaded" => self.preloaded = flag(name, value)?,
                other => return Err(format!("The HSTS sandbox has no input called `{other}`.")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        if state.header.len() > MAX_HEADER_BYTES {
            return Err(format!("The header in this link is longer than {} KB.", MAX_HEADER_BYTES / 1024));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(pairs: &[(&str, &str)]) -> HstsReport {
        let mut state = HstsState::default();
        let solution: Solution = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        HstsSandbox::apply(&mut state, &solution).unwrap_or_else(|e| panic!("{e}"));
        HstsSandbox::outcome(&state, &mut ())
    }

    #[test]
    fn quests_start_unsolved() {
        let start = after(&[]);
        assert!(start.remembered);
        for quest in ["strip-every-visit", "preload-ready"] {
            assert_eq!(HstsSandbox::solved(quest, &start), Some(false), "{quest}");
        }
    }

    #[test]
    fn each_way_of_stripping_every_visit_counts() {
        for pairs in [
            vec![("sent_over", "http-only")],
            vec![("header", "max-age=0")],
            vec![("header", "max-age=31536000;; includeSubDomains=1")],
            vec![("header", "maxage=31536000")],
        ] {
            let outcome = after(&pairs);
            assert_eq!(HstsSandbox::solved("strip-every-visit", &outcome), Some(true), "{pairs:?}");
            assert!(outcome.ignored_because.is_some());
        }
        // Preloaded hosts are safe whatever the header says.
        assert_eq!(
            HstsSandbox::solved("strip-every-visit", &after(&[("header", "max-age=0"), ("preloaded", "yes")])),
            Some(false)
        );
    }

    #[test]
    fn preload_ready_needs_every_requirement() {
        let ready = [("header", "max-age=63072000; includeSubDomains; preload"), ("subdomains_on_https", "yes")];
        assert_eq!(HstsSandbox::solved("preload-ready", &after(&ready)), Some(true));
        let mut redirect_without_header = ready.to_vec();
        redirect_without_header.push(("https_redirects", "yes"));
        assert_eq!(HstsSandbox::solved("preload-ready", &after(&redirect_without_header)), Some(false));
        redirect_without_header.push(("header_on_https_redirect", "yes"));
        assert_eq!(HstsSandbox::solved("preload-ready", &after(&redirect_without_header)), Some(true));
        let mut off_host = ready.to_vec();
        off_host.push(("plain_http", "other-host-https"));
        assert_eq!(HstsSandbox::solved("preload-ready", &after(&off_host)), Some(false));
        assert_eq!(
            HstsSandbox::solved(
                "preload-ready",
                &after(&[("header", "max-age=31536000; includeSubDomains"), ("subdomains_on_https", "yes")])
            ),
            Some(false)
        );
    }

    #[test]
    fn the_timeline_shows_where_the_attacker_still_wins() {
        let plain = after(&[]);
        assert!(plain.timeline[0].attacker_wins, "the first visit");
        assert!(!plain.timeline[2].attacker_wins, "visits while remembered");
        let preloaded = after(&[("preloaded", "yes"), ("header", "max-age=31536000; includeSubDomains; preload")]);
        assert!(preloaded.timeline.iter().all(|s| !s.attacker_wins));
    }
}
