//! The passwords page's model: the one state a link carries (the castle's password table and
//! the king's second factor, [`PasswordsAndMfaState`]), the TOTP outcome computed here once per
//! change (HMAC and a QR code: instant), and the hash worker's answers for the three pieces of
//! work that may be slow: the user table, the hash lab and the pasted-hash check. Each of those
//! is a [`Lane`] with at most one request pending; an answer to an older request is dropped.

use std::rc::Rc;

use dragonproof_engines::passwords::{parse_hash, FastHash, ParsedHash, PasswordsSandbox, Scheme, PRESETS};
use dragonproof_engines::passwords::{PasswordsAndMfa, PasswordsAndMfaState};
use dragonproof_engines::sandbox::{SandboxEngine, Solution};
use dragonproof_engines::totp::{secret_from_bytes, TotpEnv, TotpOutcome, TotpSandbox, Verifier, SECRET_BYTES};
use yew::Reducible;

use crate::workers::passwords::{CheckView, HashAnswer, HashReply, TableView};

/// The most characters of a pasted hash read as it is typed (the engine refuses longer text
/// with a message anyway; this keeps a 1 MB paste from being copied around).
pub const PASTE_LIMIT: usize = 4096;

/// One kind of slow work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneId {
    Table,
    Lab,
    Check,
    /// The attacker's rate for unsalted MD5 and SHA-256, measured once on its own worker.
    Rate,
}

/// A request in flight: its number and when it was sent (`performance.now()`, ms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pending {
    pub id: u64,
    pub since_ms: f64,
}

/// Where one kind of slow work stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane<T> {
    pub pending: Option<Pending>,
    /// The newest answer and the milliseconds it took in the worker.
    pub last: Option<(T, f64)>,
    /// Why the last request has no answer: cancelled, or the worker stopped.
    pub note: Option<String>,
}

impl<T> Default for Lane<T> {
    fn default() -> Self {
        Lane { pending: None, last: None, note: None }
    }
}

impl<T> Lane<T> {
    fn sent(&mut self, id: u64, at: f64) {
        self.pending = Some(Pending { id, since_ms: at });
        self.note = None;
    }

    /// Keeps `value` if it answers the pending request (a superseded answer is dropped).
    fn answered(&mut self, id: u64, value: T, millis: f64) -> bool {
        if self.pending.is_some_and(|p| p.id == id) {
            self.pending = None;
            self.last = Some((value, millis));
            return true;
        }
        false
    }

    fn stopped(&mut self, note: String) {
        if self.pending.take().is_some() {
            self.note = Some(note);
        }
    }
}

/// The hash lab's inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    pub password: String,
    /// A [`PRESETS`] id.
    pub scheme: &'static str,
    /// The [`PRESETS`] id of the scheme the newest request hashes with (the select may move on).
    pub hashing: &'static str,
    pub lane: Lane<Result<String, String>>,
}

/// Guesses a second against the fast unsalted digests, measured in this browser's worker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rates {
    pub md5: Option<f64>,
    pub sha256: Option<f64>,
    pub lane: Lane<(FastHash, u32)>,
}

impl Rates {
    /// The next digest to measure, if any.
    pub fn next(&self) -> Option<FastHash> {
        if self.lane.pending.is_some() || self.lane.note.is_some() {
            return None;
        }
        match (self.md5, self.sha256) {
            (None, _) => Some(FastHash::Md5),
            (_, None) => Some(FastHash::Sha256),
            _ => None,
        }
    }
}

/// Guesses a second: `tried` guesses in `millis` milliseconds. A worker's clock ticks in steps of
/// 0.1 ms at the finest, so a shorter time counts as one step.
pub fn per_second(tried: u32, millis: f64) -> f64 {
    f64::from(tried) * 1000.0 / millis.max(0.1)
}

/// The pasted-hash check: what was pasted, read as it is typed, and the worker's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Paste {
    pub stored: String,
    pub password: String,
    /// The pasted text read (instant: no hashing), or why it cannot be.
    pub parsed: Option<Result<ParsedHash, String>>,
    pub lane: Lane<Result<CheckView, String>>,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub state: PasswordsAndMfaState,
    /// The limit fields as typed ("5/60"), which the state holds only once they read.
    pub per_address: String,
    pub per_account: String,
    /// Why the last limit typed was not taken.
    pub limits_error: Option<String>,
    /// The TOTP window as typed, and why it was not taken.
    pub window: String,
    pub totp_error: Option<String>,
    /// Unix seconds, from the browser's clock.
    pub now: i64,
    /// `performance.now()`, for the pending timers.
    pub now_ms: f64,
    pub totp: Rc<TotpOutcome>,
    pub table: Lane<TableView>,
    pub lab: Lab,
    pub paste: Paste,
    pub rates: Rates,
}

/// What the learner and the worker do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A passwords-engine input by the name a lesson's solution uses (`scheme`, `lookup_attack`,
    /// `word_list_attack`, `per_address`, `per_account`, `clock`).
    Passwords(&'static str, String),
    /// A TOTP-engine input by its solution name (`secret`, `name`, `issuer`, `replay`).
    Totp(&'static str, String),
    /// The verifier's kind (`pyotp_verify`, `pyotp_last_timecode`, `django_otp`).
    VerifierKind(String),
    /// Its window (tolerance), as typed.
    Window(String),
    /// A fresh secret from these random bytes.
    NewSecret([u8; SECRET_BYTES]),
    /// The clocks moved (Unix seconds, `performance.now()` ms).
    Tick {
        now: i64,
        now_ms: f64,
    },
    LabPassword(String),
    LabScheme(String),
    PasteStored(String),
    PastePassword(String),
    /// A request went to the worker.
    Sent {
        lane: LaneId,
        id: u64,
        at: f64,
    },
    /// The worker answered.
    Answered(HashReply),
    /// The learner pressed Cancel.
    Cancelled(LaneId),
    /// A lane's worker stopped (its message); its pending request is lost.
    Crashed(LaneId, String),
}

impl Model {
    /// The page at `state` (a link's, or the start), at Unix time `now`.
    pub fn new(state: PasswordsAndMfaState, now: i64) -> Model {
        let limits = state.passwords.limits;
        let per_address =
            limits.per_address.map(|l| format!("{}/{}", l.requests, l.per_seconds)).unwrap_or("none".into());
        let per_account = match limits.per_account {
            None => "none".to_string(),
            Some(l) => match l.cooloff_seconds {
                Some(cooloff) => format!("{}/{}", l.failures, cooloff),
                None => format!("{}/never", l.failures),
            },
        };
        let window = verifier_parts(state.totp.verifier).1.to_string();
        let totp = Rc::new(TotpSandbox::outcome(&state.totp, &mut TotpEnv { now }));
        Model {
            state,
            per_address,
            per_account,
            limits_error: None,
            window,
            totp_error: None,
            now,
            now_ms: 0.0,
            totp,
            table: Lane::default(),
            lab: Lab {
                password: "correct horse battery staple".into(),
                scheme: "django_pbkdf2_sha256",
                hashing: "django_pbkdf2_sha256",
                lane: Lane::default(),
            },
            paste: Paste { stored: String::new(), password: String::new(), parsed: None, lane: Lane::default() },
            rates: Rates::default(),
        }
    }

    /// The quests solved now among `quests`: the passwords quests from the worker's answer for
    /// this very state (none while it is being computed), the TOTP quests from the outcome here.
    pub fn solved(&self, quests: &[&str]) -> Vec<String> {
        let table = self.table.last.as_ref().map(|(view, _)| view).filter(|view| view.state == self.state.passwords);
        quests
            .iter()
            .filter(|quest| match TotpSandbox::solved(quest, &self.totp) {
                Some(solved) => solved,
                None => table.is_some_and(|view| view.solved.iter().any(|s| s == *quest)),
            })
            .map(|quest| quest.to_string())
            .collect()
    }

    /// The lab's scheme.
    pub fn lab_scheme(&self) -> Scheme {
        preset(self.lab.scheme).unwrap_or(Scheme::DJANGO_DEFAULT)
    }

    /// Whether any request is pending (the page then ticks faster, for the timers).
    pub fn any_pending(&self) -> bool {
        self.table.pending.is_some()
            || self.lab.lane.pending.is_some()
            || self.paste.lane.pending.is_some()
            || self.rates.lane.pending.is_some()
    }

    fn apply_passwords(&mut self, input: &str, value: &str) -> Result<(), String> {
        let mut next = self.state.passwords.clone();
        let solution: Solution = [(input.to_string(), value.to_string())].into();
        PasswordsSandbox::apply(&mut next, &solution)?;
        self.state.passwords = next;
        Ok(())
    }

    fn apply_totp(&mut self, input: &str, value: &str) {
        // The typed value is kept even when the engine refuses it (a half-typed secret), so the
        // field shows what was typed and the outcome says what is wrong with it.
        let solution: Solution = [(input.to_string(), value.to_string())].into();
        self.totp_error = TotpSandbox::apply(&mut self.state.totp, &solution).err();
        self.recompute_totp();
    }

    fn recompute_totp(&mut self) {
        self.totp = Rc::new(TotpSandbox::outcome(&self.state.totp, &mut TotpEnv { now: self.now }));
    }
}

/// The scheme a [`PRESETS`] id names.
pub fn preset(id: &str) -> Option<Scheme> {
    PRESETS.iter().find(|(name, _)| *name == id).map(|(_, scheme)| *scheme)
}

/// A verifier as the lesson writes it: its kind and window.
pub fn verifier_parts(verifier: Verifier) -> (&'static str, u32) {
    match verifier {
        Verifier::PyotpVerify { valid_window } => ("pyotp_verify", valid_window),
        Verifier::PyotpLastTimecode { valid_window } => ("pyotp_last_timecode", valid_window),
        Verifier::DjangoOtp { tolerance } => ("django_otp", tolerance),
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut model = (*self).clone();
        match action {
            Action::Passwords(input, value) => {
                match input {
                    "per_address" => model.per_address = value.clone(),
                    "per_account" => model.per_account = value.clone(),
                    _ => {}
                }
                let result = model.apply_passwords(input, value.trim());
                if matches!(input, "per_address" | "per_account") {
                    model.limits_error = result.err();
                }
            }
            Action::Totp(input, value) => model.apply_totp(input, &value),
            Action::VerifierKind(kind) => {
                let window = model.window.trim().parse::<u32>().unwrap_or(1);
                model.apply_totp("verifier", &format!("{kind}:{window}"));
            }
            Action::Window(text) => {
                let kind = verifier_parts(model.state.totp.verifier).0;
                model.window = text.clone();
                model.apply_totp("verifier", &format!("{kind}:{}", text.trim()));
            }
            Action::NewSecret(bytes) => model.apply_totp("secret", &secret_from_bytes(&bytes)),
            Action::Tick { now, now_ms } => {
                model.now_ms = now_ms;
                if now != model.now {
                    model.now = now;
                    model.recompute_totp();
                }
            }
            Action::LabPassword(text) => model.lab.password = text,
            Action::LabScheme(id) => {
                if let Some((name, _)) = PRESETS.iter().find(|(name, _)| *name == id) {
                    model.lab.scheme = *name;
                }
            }
            Action::PasteStored(text) => {
                let text: String = text.chars().take(PASTE_LIMIT).collect();
                let trimmed = text.trim();
                model.paste.parsed = (!trimmed.is_empty()).then(|| parse_hash(trimmed).map_err(|e| e.to_string()));
                model.paste.stored = text;
            }
            Action::PastePassword(text) => model.paste.password = text,
            Action::Sent { lane, id, at } => {
                model.now_ms = at;
                match lane {
                    LaneId::Table => model.table.sent(id, at),
                    LaneId::Lab => {
                        model.lab.hashing = model.lab.scheme;
                        model.lab.lane.sent(id, at)
                    }
                    LaneId::Check => model.paste.lane.sent(id, at),
                    LaneId::Rate => model.rates.lane.sent(id, at),
                }
            }
            Action::Answered(HashReply { id, millis, answer }) => {
                let _ = match answer {
                    HashAnswer::Table(view) => model.table.answered(id, *view, millis),
                    HashAnswer::Hash(result) => model.lab.lane.answered(id, result, millis),
                    HashAnswer::Check(result) => model.paste.lane.answered(id, result, millis),
                    HashAnswer::Rate { hash, tried, millis: batch_millis } => {
                        let kept = model.rates.lane.answered(id, (hash, tried), millis);
                        if kept {
                            // The fastest batch's own time, not the whole job's (see `measure_rate`).
                            let rate = Some(per_second(tried, batch_millis));
                            match hash {
                                FastHash::Md5 => model.rates.md5 = rate,
                                FastHash::Sha256 => model.rates.sha256 = rate,
                            }
                        }
                        kept
                    }
                };
            }
            Action::Cancelled(lane) => {
                let note =
                    "Cancelled. The worker was stopped mid-hash; the next request starts a fresh one.".to_string();
                match lane {
                    LaneId::Table => model.table.stopped(note),
                    LaneId::Lab => model.lab.lane.stopped(note),
                    LaneId::Check => model.paste.lane.stopped(note),
                    LaneId::Rate => model.rates.lane.stopped(note),
                }
            }
            Action::Crashed(lane, message) => {
                let note = format!(
                    "The hash worker stopped ({message}), most likely out of memory; nothing else on the page was affected. The next request starts a fresh worker."
                );
                match lane {
                    LaneId::Table => model.table.stopped(note),
                    LaneId::Lab => model.lab.lane.stopped(note),
                    LaneId::Check => model.paste.lane.stopped(note),
                    LaneId::Rate => model.rates.lane.stopped(note),
                }
            }
        }
        Rc::new(model)
    }
}

/// The quests' answers in words, as the platform reports them.
pub fn describe(solution: &Solution) -> Vec<String> {
    PasswordsAndMfa::describe(solution)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workers::passwords::{HashEngine, HashJob};
    use dragonproof_engines::passwords::{Limits, RATE_BATCHES};

    const NOW: i64 = 1_795_348_805;
    const QUESTS: [&str; 6] = [
        "crack-the-unsalted",
        "salted-and-slow",
        "brute-force-the-login",
        "limit-the-tries",
        "replay-the-code",
        "one-time-for-real",
    ];

    fn start() -> Rc<Model> {
        Rc::new(Model::new(PasswordsAndMfaState::default(), NOW))
    }

    /// Plays the worker: answers the table for the model's state, as request `id`.
    fn answer_table(model: Rc<Model>, id: u64) -> Rc<Model> {
        let model = model.reduce(Action::Sent { lane: LaneId::Table, id, at: 0.0 });
        let job = HashJob::Table { state: model.state.passwords.clone(), quests: QUESTS.map(String::from).to_vec() };
        let answer = HashEngine::default().answer(job, &mut |b: &mut [u8]| b.fill(7));
        model.reduce(Action::Answered(HashReply { id, millis: 1.0, answer }))
    }

    #[test]
    fn the_attackers_rates_are_measured_md5_then_sha256_then_never_again() {
        let mut model = start();
        let mut engine = HashEngine::default();
        assert_eq!(model.rates.next(), Some(FastHash::Md5));
        for (id, hash) in [(1, FastHash::Md5), (2, FastHash::Sha256)] {
            assert_eq!(model.rates.next(), Some(hash));
            model = model.reduce(Action::Sent { lane: LaneId::Rate, id, at: 0.0 });
            assert_eq!(model.rates.next(), None, "one measurement at a time");
            let answer = engine.answer(HashJob::Rate { hash }, &mut |b: &mut [u8]| b.fill(7));
            let HashAnswer::Rate { hash: measured, tried, millis } = answer else {
                panic!("a rate answers with a rate")
            };
            assert_eq!((measured, tried), (hash, crate::workers::passwords::RATE_GUESSES / RATE_BATCHES));
            assert!(millis >= 0.0);
            // The fastest batch took 10 ms: the rate is its own, whatever the whole job took.
            let answer = HashAnswer::Rate { hash, tried, millis: 10.0 };
            model = model.reduce(Action::Answered(HashReply { id, millis: 100.0, answer }));
        }
        assert_eq!((model.rates.md5, model.rates.sha256), (Some(3_000_000.0), Some(3_000_000.0)));
        assert_eq!(model.rates.next(), None);
        // A worker that stopped mid-measurement is not asked again in a loop.
        let mut stopped = start().reduce(Action::Sent { lane: LaneId::Rate, id: 1, at: 0.0 });
        stopped = stopped.reduce(Action::Crashed(LaneId::Rate, "out of memory".into()));
        assert_eq!(stopped.rates.next(), None);
        assert_eq!(per_second(10, 0.0), 100_000.0, "a time under the clock's step counts as one step");
    }

    #[test]
    fn typing_a_limit_sets_it_once_it_reads_and_says_why_until_then() {
        let model = start().reduce(Action::Passwords("per_address", "5/".into()));
        assert_eq!(model.per_address, "5/");
        assert!(model.limits_error.as_deref().is_some_and(|e| e.contains("whole number")), "{:?}", model.limits_error);
        assert_eq!(model.state.passwords.limits, Limits::default());
        let model = model.reduce(Action::Passwords("per_address", "5/60".into()));
        assert_eq!(model.limits_error, None);
        assert_eq!(model.state.passwords.limits.per_address.map(|l| (l.requests, l.per_seconds)), Some((5, 60)));
    }

    #[test]
    fn the_passwords_quests_come_from_the_answer_for_this_very_state() {
        let model = start().reduce(Action::Passwords("lookup_attack", "on".into()));
        assert!(model.solved(&QUESTS).is_empty(), "nothing before the worker answers");
        let model = answer_table(model, 1);
        assert_eq!(model.solved(&QUESTS), ["crack-the-unsalted"]);
        // A change makes the old answer stale: it no longer counts.
        let model = model.reduce(Action::Passwords("word_list_attack", "on".into()));
        assert!(model.solved(&QUESTS).is_empty());
        let model = answer_table(model, 2);
        assert_eq!(model.solved(&QUESTS), ["crack-the-unsalted", "brute-force-the-login"]);
    }

    #[test]
    fn an_older_answer_never_replaces_a_newer_request() {
        let model = start().reduce(Action::Sent { lane: LaneId::Lab, id: 1, at: 0.0 });
        let model = model.reduce(Action::Sent { lane: LaneId::Lab, id: 2, at: 5.0 });
        let old = HashReply { id: 1, millis: 9.0, answer: HashAnswer::Hash(Ok("old".into())) };
        let model = model.reduce(Action::Answered(old));
        assert_eq!(model.lab.lane.last, None);
        assert_eq!(model.lab.lane.pending.map(|p| p.id), Some(2));
        let new = HashReply { id: 2, millis: 3.0, answer: HashAnswer::Hash(Ok("new".into())) };
        let model = model.reduce(Action::Answered(new));
        assert_eq!(model.lab.lane.last, Some((Ok("new".to_string()), 3.0)));
        assert!(!model.any_pending());
    }

    #[test]
    fn cancel_and_a_crash_say_what_happened() {
        let model = start().reduce(Action::Sent { lane: LaneId::Lab, id: 1, at: 0.0 });
        let cancelled = model.clone().reduce(Action::Cancelled(LaneId::Lab));
        assert!(cancelled.lab.lane.note.as_deref().is_some_and(|n| n.starts_with("Cancelled")));
        let crashed = model.reduce(Action::Crashed(LaneId::Lab, "RuntimeError: unreachable".into()));
        assert!(crashed.lab.lane.note.as_deref().is_some_and(|n| n.contains("out of memory")));
        assert_eq!(crashed.table.note, None, "a lane with nothing pending lost nothing");
    }

    #[test]
    fn the_totp_quests_are_read_here_and_a_bad_secret_is_explained() {
        let model = start().reduce(Action::Totp("replay", "on".into()));
        assert_eq!(model.solved(&QUESTS), ["replay-the-code"]);
        let model = model.reduce(Action::VerifierKind("django_otp".into()));
        assert_eq!(model.state.totp.verifier, Verifier::DjangoOtp { tolerance: 0 });
        let model = model.reduce(Action::Window("1".into()));
        assert_eq!(model.solved(&QUESTS), ["one-time-for-real"]);
        let model = model.reduce(Action::Totp("secret", "not base32!".into()));
        assert!(model.totp_error.as_deref().is_some_and(|e| e.contains("base32")), "{:?}", model.totp_error);
        assert!(model.totp.uri.is_err() && model.totp.qr.is_none());
        let model = model.reduce(Action::NewSecret([0; SECRET_BYTES]));
        assert_eq!(model.state.totp.secret, "A".repeat(32));
        assert_eq!(model.totp_error, None);
    }

    #[test]
    fn a_pasted_hash_is_read_as_it_is_typed_and_a_bad_one_explained() {
        let model = start().reduce(Action::PasteStored("pbkdf2_sha256$abc".into()));
        assert!(matches!(&model.paste.parsed, Some(Err(e)) if e.contains("fields")));
        let good = "pbkdf2_sha256$1500000$AAAAAAAAAAAAAAAAAAAAAA$n3z5m5SPmrEVYFdSU1GtMwEH8FFmLtv2bwVTrmb1tjo=";
        let model = model.reduce(Action::PasteStored(good.into()));
        assert!(matches!(&model.paste.parsed, Some(Ok(p)) if p.scheme == Scheme::DJANGO_DEFAULT));
        let model = model.reduce(Action::PasteStored("x".repeat(1_000_000)));
        assert_eq!(model.paste.stored.len(), PASTE_LIMIT);
    }
}
