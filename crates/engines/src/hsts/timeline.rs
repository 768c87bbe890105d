//! The first-visit timeline: what happens on each visit, and whether an attacker on the same
//! café Wi-Fi (who can answer and rewrite plain http) wins it. As data the view renders.
//!
//! Why the first visit is special: a browser that has no HSTS policy for a host sends the
//! first request over plain http when the learner types `castle.example` or follows an
//! `http://` link, and the attacker can answer that request itself (keep the victim on http,
//! "SSL stripping"). HSTS only helps once an https response has been received; the preload
//! list closes that first gap.

use serde::Serialize;

use super::parse::HstsPolicy;

/// One moment of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub moment: String,
    pub browser_does: String,
    pub attacker_wins: bool,
}

/// The timeline for a policy the browser stored (`None`: it stored nothing), with or without
/// the host on the preload list.
pub fn timeline(stored: Option<&HstsPolicy>, preloaded: bool, ignored_because: Option<String>) -> Vec<Step> {
    let mut steps = Vec::new();
    if preloaded {
        steps.push(Step {
            moment: "First visit, typing castle.example".into(),
            browser_does:
                "The host is on the preload list built into the browser, so even the first request goes over https."
                    .into(),
            attacker_wins: false,
        });
    } else {
        steps.push(Step {
            moment: "First visit, typing castle.example".into(),
            browser_does: "The browser knows nothing about the castle yet and asks http://castle.example/. The attacker answers that request and keeps the victim on plain http.".into(),
            attacker_wins: true,
        });
    }
    let kept = stored.filter(|p| p.stored_max_age > 0);
    match kept {
        Some(policy) => {
            let days = policy.stored_max_age / 86_400;
            steps.push(Step {
                moment: "An https response arrives".into(),
                browser_does: format!("It carries Strict-Transport-Security: the browser remembers for {days} days to use only https for castle.example."),
                attacker_wins: false,
            });
            steps.push(Step {
                moment: format!("Every visit in the next {days} days"),
                browser_does: "The browser turns http:// into https:// itself, before anything is sent: there is no plain request left to attack.".into(),
                attacker_wins: false,
            });
            steps.push(Step {
                moment: "First visit to api.castle.example".into(),
                browser_does: if policy.include_subdomains {
                    "includeSubDomains covers it: https from the start.".into()
                } else {
                    "Without includeSubDomains the subdomain is unknown: its first request is plain http again.".into()
                },
                attacker_wins: !policy.include_subdomains && !preloaded,
            });
            steps.push(Step {
                moment: format!("A visit after more than {days} days away"),
                browser_does: if preloaded {
                    "The preload list still applies: https.".into()
                } else {
                    "The policy has expired (each https visit renews it): the next first request is plain http again."
                        .into()
                },
                attacker_wins: !preloaded,
            });
        }
        None => {
            steps.push(Step {
                moment: "An https response arrives".into(),
                browser_does: format!(
                    "The browser keeps no HSTS policy: {}",
                    ignored_because.unwrap_or_else(|| "there is no Strict-Transport-Security header.".into())
                ),
                attacker_wins: false,
            });
            steps.push(Step {
                moment: "Every later visit".into(),
                browser_does: if preloaded {
                    "The preload list still forces https.".into()
                } else {
                    "Each visit starts over plain http again, and the attacker can strip it every time.".into()
                },
                attacker_wins: !preloaded,
            });
        }
    }
    steps
}
