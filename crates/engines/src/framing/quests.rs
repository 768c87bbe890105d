//! The clickjacking sandbox as [`SandboxEngine`]: the castle's headers, the frame chain the
//! learner picks, and the attacker's decoy (the frame's opacity and offset).
//!
//! - `gold-by-decoy` (attack): with framing allowed, make the castle's frame nearly invisible
//!   and move it so its "Send the gold" button sits under the decoy's "Claim your prize".
//! - `refuse-the-stranger` (fix): https://evil.example is refused, and the castle's own
//!   dashboard, which frames the castle's map, still shows it (the honest case: `DENY` breaks it).
//!
//! The geometry is the decoy page's (our own static page, next session): the decoy button's
//! centre and the castle button's box inside the framed page, in CSS pixels.

use serde::{Deserialize, Serialize};

use super::{decide, FramingInput, FramingOutcome};
use crate::headers::block::MAX_BLOCK_BYTES;
use crate::sandbox::{SandboxEngine, SandboxState, Solution};

/// The framed castle page (the gold).
pub const GOLD_URL: &str = "https://castle.example/gold";
/// The castle's map, framed by its own dashboard.
pub const MAP_URL: &str = "https://castle.example/map";
/// The castle's dashboard, which frames the map.
pub const DASHBOARD_URL: &str = "https://castle.example/dashboard";
/// The attacker's page.
pub const STRANGER_URL: &str = "https://evil.example/prize";
/// Where the decoy's "Claim your prize" is clicked, in the attacker's page.
pub const DECOY_CLICK: (i32, i32) = (200, 150);
/// The "Send the gold" button inside the castle page: left, top, right, bottom.
pub const GOLD_BUTTON: (i32, i32, i32, i32) = (60, 380, 220, 420);
/// At or below this opacity (percent) the frame is invisible enough to fool a learner.
pub const HIDDEN_OPACITY: u8 = 20;

/// Everything the learner sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FramingState {
    /// The castle's response headers (sent on every castle page).
    pub headers: String,
    /// A `<meta http-equiv="Content-Security-Policy">` in the castle's pages (empty: none).
    pub meta_policy: String,
    /// The chain to try, nearest first (parent, optional grandparent), around the gold page.
    pub chain: Vec<String>,
    /// The castle frame's opacity in the decoy page, 0–100.
    pub opacity: u8,
    /// Where the castle frame sits in the decoy page, in CSS pixels.
    pub offset_x: i32,
    pub offset_y: i32,
}

impl Default for FramingState {
    fn default() -> Self {
        FramingState {
            headers: "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8".into(),
            meta_policy: String::new(),
            chain: vec![STRANGER_URL.into()],
            opacity: 100,
            offset_x: 0,
            offset_y: 0,
        }
    }
}

/// What the sandbox shows and the quests read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FramingReport {
    /// The learner's chain around the gold page.
    pub chosen: FramingOutcome,
    /// evil.example around the gold page.
    pub stranger: FramingOutcome,
    /// The castle's dashboard around its map.
    pub own_dashboard: FramingOutcome,
    /// Whether a click on the decoy lands on "Send the gold".
    pub click_lands_on_gold: bool,
    /// Whether the frame is faint enough not to be noticed.
    pub frame_hidden: bool,
}

/// Whether the click on the decoy hits the castle button for a frame at this offset.
pub fn click_lands(offset_x: i32, offset_y: i32) -> bool {
    let (left, top, right, bottom) = GOLD_BUTTON;
    let (x, y) = (DECOY_CLICK.0.saturating_sub(offset_x), DECOY_CLICK.1.saturating_sub(offset_y));
    (left..=right).contains(&x) && (top..=bottom).contains(&y)
}

fn input(state: &FramingState, page: &str, chain: Vec<String>) -> FramingInput {
    let meta_policies = if state.meta_policy.trim().is_empty() { vec![] } else { vec![state.meta_policy.clone()] };
    FramingInput { headers: state.headers.clone(), page_url: page.into(), meta_policies, ancestors: chain }
}

/// The clickjacking sandbox.
pub struct FramingSandbox;

impl SandboxEngine for FramingSandbox {
    type State = FramingState;
    type Env = ();
    type Outcome = FramingReport;

    fn test_env() {}

    fn outcome(state: &FramingState, _env: &mut ()) -> FramingReport {
        FramingReport {
            chosen: decide(&input(state, GOLD_URL, state.chain.clone())),
            stranger: decide(&input(state, GOLD_URL, vec![STRANGER_URL.into()])),
            own_dashboard: decide(&input(state, MAP_URL, vec![DASHBOARD_URL.into()])),
            click_lands_on_gold: click_lands(state.offset_x, state.offset_y),
            frame_hidden: state.opacity <= HIDDEN_OPACITY,
        }
    }

    fn solved(quest: &str, outcome: &FramingReport) -> Option<bool> {
        match quest {
            "gold-by-decoy" => {
                Some(outcome.stranger.verdict.shown() && outcome.click_lands_on_gold && outcome.frame_hidden)
            }
            "refuse-the-stranger" => Some(!outcome.stranger.verdict.shown() && outcome.own_dashboard.verdict.shown()),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        solution
            .iter()
            .map(|(name, value)| match name.as_str() {
                "headers" => format!("The castle's headers:\n{value}"),
                "opacity" => format!("Frame opacity: {value}%"),
                "offset_x" => format!("Move the frame {value} px right"),
                "offset_y" => format!("Move the frame {value} px down"),
                "chain" => format!("Frames around the page: {value}"),
                other => format!("{other}: {value}"),
            })
            .collect()
    }
}

/// A state from a link is bounded like a paste.
impl SandboxState for FramingState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (name, value) in solution {
            let number = |what: &str| {
                value.trim().parse::<i32>().map_err(|_| format!("{what} must be a whole number, not `{value}`."))
            };
            match name.as_str() {
                "headers" => self.headers = value.clone(),
                "meta_policy" => self.meta_policy = value.clone(),
                "chain" => {
                    self.chain = value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
                }
                "opacity" => self.opacity = u8::try_from(number("The opacity")?.clamp(0, 100)).unwrap_or(100),
                "offset_x" => self.offset_x = number("The horizontal offset")?,
                "offset_y" => self.offset_y = number("The vertical offset")?,
                other => return Err(format!("The clickjacking sandbox has no input called `{other}`.")),
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        let state = self;
        if state.headers.len() + state.meta_policy.len() > MAX_BLOCK_BYTES {
            return Err(format!("The headers in this link are longer than {} KB.", MAX_BLOCK_BYTES / 1024));
        }
        if state.chain.len() > 4 || state.chain.iter().any(|a| a.len() > 2048) {
            return Err("This link's frame chain is longer than the sandbox shows (four frames).".into());
        }
        if state.opacity > 100 || state.offset_x.abs() > 2000 || state.offset_y.abs() > 2000 {
            return Err("This link's decoy settings are out of range.".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solution(pairs: &[(&str, &str)]) -> Solution {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn after(pairs: &[(&str, &str)]) -> FramingReport {
        let mut state = FramingState::default();
        FramingSandbox::apply(&mut state, &solution(pairs)).unwrap_or_else(|e| panic!("{e}"));
        FramingSandbox::outcome(&state, &mut ())
    }

    #[test]
    fn quests_start_unsolved() {
        let start = after(&[]);
        for quest in ["gold-by-decoy", "refuse-the-stranger"] {
            assert_eq!(FramingSandbox::solved(quest, &start), Some(false), "{quest}");
        }
    }

    #[test]
    fn the_decoy_works_only_when_framing_is_allowed() {
        let decoy = [("opacity", "5"), ("offset_x", "60"), ("offset_y", "-250")];
        assert_eq!(FramingSandbox::solved("gold-by-decoy", &after(&decoy)), Some(true));
        let mut refused = decoy.to_vec();
        refused.push(("headers", "HTTP/1.1 200 OK\nContent-Security-Policy: frame-ancestors 'self'"));
        assert_eq!(FramingSandbox::solved("gold-by-decoy", &after(&refused)), Some(false));
        assert_eq!(
            FramingSandbox::solved(
                "gold-by-decoy",
                &after(&[("opacity", "90"), ("offset_x", "60"), ("offset_y", "-250")])
            ),
            Some(false)
        );
    }

    #[test]
    fn the_fix_keeps_the_castle_s_own_dashboard_working() {
        for (headers, fixed) in [
            ("HTTP/1.1 200 OK\nContent-Security-Policy: frame-ancestors 'self'", true),
            ("HTTP/1.1 200 OK\nX-Frame-Options: SAMEORIGIN", true),
            ("HTTP/1.1 200 OK\nX-Frame-Options: DENY", false),
            ("HTTP/1.1 200 OK\nContent-Security-Policy: frame-ancestors 'none'", false),
            ("HTTP/1.1 200 OK\nX-Frame-Options: ALLOW-FROM https://castle.example", false),
        ] {
            assert_eq!(
                FramingSandbox::solved("refuse-the-stranger", &after(&[("headers", headers)])),
                Some(fixed),
                "{headers}"
            );
        }
        // frame-ancestors in <meta> does nothing.
        assert_eq!(
            FramingSandbox::solved("refuse-the-stranger", &after(&[("meta_policy", "frame-ancestors 'self'")])),
            Some(false)
        );
    }
}
