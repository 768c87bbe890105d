//! A login form under attack, on a simulated clock: without limits, with a limit per address
//! (Flask-Limiter's `@limiter.limit("5 per minute")`, a moving window keyed by the remote
//! address, where a refused request is not counted), and with a lockout per account
//! (django-axes: `AXES_FAILURE_LIMIT` failures within `AXES_COOLOFF_TIME` lock the username).
//!
//! The clock is the server's own field, stepped by the caller: nothing reads the real time.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::hash::constant_time_eq;
use super::wordlist;

/// Flask-Limiter's "`requests` per `per_seconds`", per remote address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    pub requests: u32,
    pub per_seconds: u32,
}

/// django-axes: `failures` failed logins for one username within `cooloff_seconds` lock it
/// until the oldest of them is older than that (`None`: until an admin resets it, axes' default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lockout {
    pub failures: u32,
    pub cooloff_seconds: Option<u32>,
}

/// The limits a login form has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Limits {
    pub per_address: Option<RateLimit>,
    pub per_account: Option<Lockout>,
}

/// The most requests a limit may name, and the longest window: a day.
pub const LIMIT_BOUND: u32 = 86_400;

impl Limits {
    /// Whether the limits are within what the simulator runs (a link may carry anything).
    pub fn check(&self) -> Result<(), String> {
        if let Some(limit) = self.per_address {
            if limit.requests == 0
                || limit.requests > LIMIT_BOUND
                || limit.per_seconds == 0
                || limit.per_seconds > LIMIT_BOUND
            {
                return Err(format!(
                    "A limit per address is 1 to {LIMIT_BOUND} requests per 1 to {LIMIT_BOUND} seconds."
                ));
            }
        }
        if let Some(lockout) = self.per_account {
            if lockout.failures == 0
                || lockout.failures > LIMIT_BOUND
                || lockout.cooloff_seconds.is_some_and(|s| s > LIMIT_BOUND)
            {
                return Err(format!("A lockout is 1 to {LIMIT_BOUND} failures, cooling off within a day (or never)."));
            }
        }
        Ok(())
    }
}

/// What the server answers one login attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    LoggedIn,
    WrongPassword,
    /// HTTP 429 from the per-address limit.
    TooManyRequests,
    /// django-axes' lockout page (HTTP 429 in axes 6 and later).
    LockedOut,
}

/// The login server: accounts (unsalted SHA-256 here, so that ten thousand guesses stay
/// instant: the limits are the lesson), the limits, their counters, and the clock.
#[derive(Debug, Clone)]
pub struct LoginServer {
    limits: Limits,
    accounts: BTreeMap<String, Vec<u8>>,
    now_ms: u64,
    hits: BTreeMap<String, VecDeque<u64>>,
    failures: BTreeMap<String, VecDeque<u64>>,
}

impl LoginServer {
    /// A server with `accounts` (username, password) and `limits`, its clock at 0.
    pub fn new(limits: Limits, accounts: &[(&str, &str)]) -> LoginServer {
        let accounts =
            accounts.iter().map(|(u, p)| (u.to_string(), sha2::Sha256::digest(p.as_bytes()).to_vec())).collect();
        LoginServer { limits, accounts, now_ms: 0, hits: BTreeMap::new(), failures: BTreeMap::new() }
    }

    /// The clock, in milliseconds since the server started.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// Moves the clock on.
    pub fn advance(&mut self, ms: u64) {
        self.now_ms = self.now_ms.saturating_add(ms);
    }

    /// One login attempt from `address` now.
    pub fn attempt(&mut self, address: &str, username: &str, password: &str) -> Response {
        let now = self.now_ms;
        if let Some(limit) = self.limits.per_address {
            let window = u64::from(limit.per_seconds) * 1000;
            let hits = self.hits.entry(address.to_string()).or_default();
            while hits.front().is_some_and(|t| now.saturating_sub(*t) >= window) {
                hits.pop_front();
            }
            if hits.len() >= limit.requests as usize {
                return Response::TooManyRequests;
            }
            hits.push_back(now);
        }
        if let Some(lockout) = self.limits.per_account {
            let failures = self.failures.entry(username.to_string()).or_default();
            if let Some(cooloff) = lockout.cooloff_seconds {
                let window = u64::from(cooloff) * 1000;
                while failures.front().is_some_and(|t| now.saturating_sub(*t) >= window) {
                    failures.pop_front();
                }
            }
            if failures.len() >= lockout.failures as usize {
                return Response::LockedOut;
            }
        }
        let right = self
            .accounts
            .get(username)
            .is_some_and(|stored| constant_time_eq(stored, &sha2::Sha256::digest(password.as_bytes())));
        if right {
            return Response::LoggedIn;
        }
        if self.limits.per_account.is_some() {
            self.failures.entry(username.to_string()).or_default().push_back(now);
        }
        Response::WrongPassword
    }
}

/// The king's account, the attacker's target. His password is in the word list, far down.
pub const KING: (&str, &str) = ("king", "dragon99");
/// The attacker's address and the king's own.
pub const ATTACKER_ADDRESS: &str = "203.0.113.7";
pub const KING_ADDRESS: &str = "198.51.100.20";
/// One guess every 100 ms: ten a second, from one address.
pub const ATTACK_INTERVAL_MS: u64 = 100;
/// The simulated hour.
pub const HOUR_SECONDS: u64 = 3600;

/// How the word-list attack on the king went up to a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackReport {
    /// Seconds simulated.
    pub seconds: u64,
    /// Requests sent.
    pub requests: u64,
    /// Passwords actually checked (not refused by a limit).
    pub guesses: u64,
    pub refused_by_address_limit: u64,
    pub refused_by_lockout: u64,
    /// When the attacker got in, in seconds.
    pub got_in_at: Option<u64>,
}

/// The attacker tries the word list in order against the king, one request every 100 ms, for
/// `seconds`; a refused request is sent again with the same word.
pub fn word_list_attack(limits: Limits, seconds: u64) -> AttackReport {
    let mut server = LoginServer::new(limits, &[KING]);
    let mut report = AttackReport {
        seconds,
        requests: 0,
        guesses: 0,
        refused_by_address_limit: 0,
        refused_by_lockout: 0,
        got_in_at: None,
    };
    let mut word = 0usize;
    let end = seconds.saturating_mul(1000);
    while server.now_ms() < end {
        let Some(guess) = wordlist::candidate(word) else {
            break;
        };
        report.requests += 1;
        match server.attempt(ATTACKER_ADDRESS, KING.0, &guess) {
            Response::LoggedIn => {
                report.guesses += 1;
                report.got_in_at = Some(server.now_ms() / 1000);
                break;
            }
            Response::WrongPassword => {
                report.guesses += 1;
                word += 1;
            }
            Response::TooManyRequests => report.refused_by_address_limit += 1,
            Response::LockedOut => report.refused_by_lockout += 1,
        }
        server.advance(ATTACK_INTERVAL_MS);
    }
    report
}

/// The king logs in himself: one typo, then his password five seconds later. With the attack
/// running since `attack_seconds_before` (0: no attack), a lockout can lock him out too.
pub fn honest_login(limits: Limits, attack_seconds_before: u64) -> [Response; 2] {
    let mut server = LoginServer::new(limits, &[KING]);
    let mut word = 0usize;
    while server.now_ms() < attack_seconds_before.saturating_mul(1000) {
        if let Some(guess) = wordlist::candidate(word) {
            if server.attempt(ATTACKER_ADDRESS, KING.0, &guess) == Response::WrongPassword {
                word += 1;
            }
        }
        server.advance(ATTACK_INTERVAL_MS);
    }
    let typo = server.attempt(KING_ADDRESS, KING.0, "dragon98");
    server.advance(5000);
    let right = server.attempt(KING_ADDRESS, KING.0, KING.1);
    [typo, right]
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLASK_LIMITER: Limits =
        Limits { per_address: Some(RateLimit { requests: 5, per_seconds: 60 }), per_account: None };
    const AXES: Limits =
        Limits { per_address: None, per_account: Some(Lockout { failures: 5, cooloff_seconds: Some(1800) }) };

    #[test]
    fn without_limits_the_word_list_gets_in_within_the_hour() {
        let report = word_list_attack(Limits::default(), HOUR_SECONDS);
        let position = wordlist::position(KING.1).unwrap() as u64;
        assert_eq!(report.guesses, position + 1);
        assert_eq!(report.got_in_at, Some(position / 10));
    }

    #[test]
    fn a_limit_per_address_holds_the_word_list_to_five_a_minute() {
        let report = word_list_attack(FLASK_LIMITER, HOUR_SECONDS);
        assert_eq!(report.got_in_at, None);
        assert_eq!(report.guesses, 300);
        assert_eq!(report.requests, 36_000);
    }

    #[test]
    fn a_lockout_per_account_holds_it_to_five_every_half_hour() {
        let report = word_list_attack(AXES, HOUR_SECONDS);
        assert_eq!(report.got_in_at, None);
        assert_eq!(report.guesses, 10);
    }

    #[test]
    fn the_honest_king_with_one_typo_still_gets_in_unless_the_attack_locked_him_out() {
        for limits in [Limits::default(), FLASK_LIMITER, AXES] {
            assert_eq!(honest_login(limits, 0), [Response::WrongPassword, Response::LoggedIn]);
        }
        // A lockout per account is also a lockout of the account's owner while the attack runs.
        assert_eq!(honest_login(AXES, 60), [Response::LockedOut, Response::LockedOut]);
        assert_eq!(honest_login(FLASK_LIMITER, 60), [Response::WrongPassword, Response::LoggedIn]);
    }
}
