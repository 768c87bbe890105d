//! The secrets sandbox's model and actions: the engine's state, the word list's answers so far
//! (its worker sends them), the keys generated for the learner, the attack's progress, and the
//! one outcome of all that, computed once per change (the component only renders it).

use std::cell::RefCell;
use std::rc::Rc;

use dragonproof_engines::sandbox::SandboxEngine;
use dragonproof_engines::secrets::generator::RandomSource;
use dragonproof_engines::secrets::key_strength::{dictionary_word, GeneratedFormat, WordListAnswers};
use dragonproof_engines::secrets::sandbox::{GeneratedKeys, SecretsEnv, SecretsOutcome, SecretsSandbox, SecretsState};
use yew::Reducible;

use crate::workers::wordlist::{AttackProgress, WordListReply};

/// One random source shared by every outcome of the model (the browser's CSPRNG in the page).
#[derive(Clone)]
pub struct SharedRandom(pub Rc<RefCell<Box<dyn RandomSource>>>);

impl SharedRandom {
    /// Shares `random`.
    pub fn new(random: Box<dyn RandomSource>) -> Self {
        SharedRandom(Rc::new(RefCell::new(random)))
    }
}

impl RandomSource for SharedRandom {
    fn fill(&mut self, bytes: &mut [u8]) {
        self.0.borrow_mut().fill(bytes);
    }
}

/// What the learner does, and what the word list's worker answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Types `SECRET_KEY`.
    SetSecretKey(String),
    /// Types `SECRET_KEY_FALLBACKS`, one per line.
    SetFallbacks(String),
    /// Pastes a cookie into the workbench.
    SetCookie(String),
    /// Edits the session the attacker signs.
    SetForgedJson(String),
    /// Types the key the attacker signs with.
    SetForgeKey(String),
    /// Uses a generated key as `SECRET_KEY`.
    UseGenerated(GeneratedFormat),
    /// New generated keys.
    Regenerate,
    /// A planned rotation: the current key becomes the newest fallback, a generated key signs.
    Rotate,
    /// The attack on this cookie was sent to the worker.
    AttackStarted(String),
    /// The worker answered.
    Worker(WordListReply),
    /// Back to the lesson's starting state.
    Reset,
}

/// The view's model.
#[derive(Clone)]
pub struct SecretsModel {
    /// The engine's state (what a link carries).
    pub state: SecretsState,
    /// The clock (seconds since the epoch) the page opened with.
    pub now: u64,
    /// The word list's answers so far.
    pub answers: WordListAnswers,
    /// Keys generated for the learner to copy; new only when asked for.
    pub generated: GeneratedKeys,
    /// The latest progress of the attack, if one ran.
    pub attack: Option<AttackProgress>,
    /// The state's one outcome.
    pub outcome: Rc<SecretsOutcome>,
    random: SharedRandom,
}

impl SecretsModel {
    /// The model of `state` at `now`, generating keys from `random`.
    pub fn new(state: SecretsState, now: u64, random: Box<dyn RandomSource>) -> Self {
        let random = SharedRandom::new(random);
        let answers = WordListAnswers::default();
        let outcome = Rc::new(compute(&state, now, &answers, &random));
        SecretsModel { generated: outcome.generated.clone(), state, now, answers, attack: None, outcome, random }
    }

    fn with(&self, state: SecretsState, answers: WordListAnswers) -> Self {
        let outcome = Rc::new(compute(&state, self.now, &answers, &self.random));
        SecretsModel { state, answers, outcome, ..self.clone() }
    }

    /// The cookie the attacker holds: the one pasted into the workbench, or Arthur's own.
    pub fn attacked_cookie(&self) -> String {
        let pasted = self.state.cookie.trim();
        if pasted.is_empty() {
            self.outcome.arthur_cookie.clone().unwrap_or_default()
        } else {
            pasted.to_string()
        }
    }

    /// The attack's progress on the cookie held now (an attack on an older cookie is not shown).
    pub fn current_attack(&self) -> Option<&AttackProgress> {
        self.attack.as_ref().filter(|progress| progress.cookie == self.attacked_cookie())
    }

    /// The words whose place in the word list the key box still waits for.
    pub fn pending_words(&self) -> Vec<String> {
        // The fallbacks as the engine reads them (trimmed, blank lines skipped), then the key.
        let fallbacks = self.state.fallbacks.lines().map(str::trim).filter(|line| !line.is_empty());
        let keys = fallbacks.zip(&self.outcome.fallbacks).chain([(self.state.secret_key.as_str(), &self.outcome.key)]);
        let mut words: Vec<String> =
            keys.filter(|(_, report)| report.dictionary_pending).map(|(key, _)| dictionary_word(key)).collect();
        words.sort_unstable();
        words.dedup();
        words
    }
}

fn compute(state: &SecretsState, now: u64, answers: &WordListAnswers, random: &SharedRandom) -> SecretsOutcome {
    let mut env = SecretsEnv { now, random: Box::new(random.clone()), words: Box::new(answers.clone()) };
    SecretsSandbox::outcome(state, &mut env)
}

impl Reducible for SecretsModel {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = self.state.clone();
        let answers = self.answers.clone();
        Rc::new(match action {
            Action::SetSecretKey(secret_key) => self.with(SecretsState { secret_key, ..state }, answers),
            Action::SetFallbacks(fallbacks) => self.with(SecretsState { fallbacks, ..state }, answers),
            Action::SetCookie(cookie) => self.with(SecretsState { cookie, ..state }, answers),
            Action::SetForgedJson(forged_json) => self.with(SecretsState { forged_json, ..state }, answers),
            Action::SetForgeKey(forge_key) => self.with(SecretsState { forge_key, ..state }, answers),
            Action::UseGenerated(format) => {
                let secret_key = match format {
                    GeneratedFormat::TokenHex32 => self.generated.token_hex.clone(),
                    GeneratedFormat::TokenUrlsafe32 => self.generated.token_urlsafe.clone(),
                    GeneratedFormat::DjangoRandom => self.generated.django.clone(),
                };
                self.with(SecretsState { secret_key, ..state }, answers)
            }
            Action::Regenerate => {
                let mut next = self.with(state, answers);
                next.generated = next.outcome.generated.clone();
                next
            }
            Action::Rotate => {
                let mut fallbacks = state.fallbacks.trim_end().to_string();
                if !state.secret_key.is_empty() {
                    if !fallbacks.is_empty() {
                        fallbacks.push('\n');
                    }
                    fallbacks.push_str(&state.secret_key);
                }
                let secret_key = self.generated.token_hex.clone();
                let mut next = self.with(SecretsState { secret_key, fallbacks, ..state }, answers);
                next.generated = next.outcome.generated.clone();
                next
            }
            Action::AttackStarted(cookie) => SecretsModel {
                attack: Some(AttackProgress {
                    cookie,
                    tried: 0,
                    total: 0,
                    found: None,
                    done: false,
                    error: None,
                    elapsed_ms: 0.0,
                }),
                ..(*self).clone()
            },
            Action::Worker(WordListReply::Positions(positions)) => {
                let mut answers = answers;
                answers.0.extend(positions);
                self.with(state, answers)
            }
            Action::Worker(WordListReply::Progress(progress)) => {
                SecretsModel { attack: Some(progress), ..(*self).clone() }
            }
            Action::Reset => {
                let mut next = self.with(SecretsState::default(), answers);
                next.attack = None;
                next
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragonproof_engines::sandbox::solved_quests;
    use dragonproof_engines::secrets::generator::SeededRandom;
    use dragonproof_engines::secrets::key_strength::{Strength, WordList};
    use dragonproof_engines::secrets::wordlist::{AttackTarget, FullWordList};

    const QUESTS: [&str; 2] = ["forge-the-king", "unguessable-key"];

    fn start() -> Rc<SecretsModel> {
        Rc::new(SecretsModel::new(SecretsState::default(), 1_767_225_600, Box::new(SeededRandom::new(3))))
    }

    fn solved(model: &SecretsModel) -> Vec<String> {
        solved_quests::<SecretsSandbox>(&QUESTS, &model.outcome)
    }

    /// What the worker would answer for `model`'s pending words.
    fn worker_answers(model: &SecretsModel) -> Action {
        let words = model.pending_words();
        Action::Worker(WordListReply::Positions(
            words.iter().map(|w| (w.clone(), FullWordList.position(w).flatten())).collect(),
        ))
    }

    #[test]
    fn the_leaked_key_is_known_without_the_word_list() {
        let model = start();
        assert_eq!(model.outcome.key.strength, Strength::Known);
        assert!(model.pending_words().is_empty(), "a known key needs no worker");
        assert!(solved(&model).is_empty());
    }

    #[test]
    fn a_dictionary_key_waits_for_the_worker_then_is_known() {
        let model = start().reduce(Action::SetSecretKey("Dragon2024".into()));
        assert!(model.outcome.key.dictionary_pending);
        assert_eq!(model.pending_words(), ["dragon"]);
        let model = model.clone().reduce(worker_answers(&model));
        assert_eq!(model.outcome.key.strength, Strength::Known);
        assert!(model.pending_words().is_empty());
    }

    #[test]
    fn the_attack_then_the_fix_by_typing() {
        let model = start();
        // The worker's attack finds the key in Arthur's cookie (the same engine, natively).
        let cookie = model.attacked_cookie();
        let chunk = AttackTarget::new(&cookie).expect("signed").try_chunk(0, 100_000);
        assert_eq!(chunk.found, Some("my-super-secret-key"));
        let model = model.reduce(Action::SetForgeKey("my-super-secret-key".into()));
        assert_eq!(solved(&model), ["forge-the-king"]);
        // A planned rotation keeps the leaked key as a fallback: the forgery still verifies.
        let rotated = model.clone().reduce(Action::Rotate);
        assert!(rotated.state.fallbacks.contains("my-super-secret-key"));
        assert_eq!(solved(&rotated), ["forge-the-king"]);
        // A generated key and no fallbacks: the fix.
        let fixed = rotated.reduce(Action::SetFallbacks(String::new()));
        assert_eq!(fixed.outcome.key.format, Some(GeneratedFormat::TokenHex32));
        assert_eq!(solved(&fixed), ["unguessable-key"]);
    }

    #[test]
    fn generated_keys_change_only_when_asked() {
        let model = start();
        let before = model.generated.clone();
        let model = model.reduce(Action::SetSecretKey("x".into()));
        assert_eq!(model.generated, before);
        let model = model.reduce(Action::Regenerate);
        assert_ne!(model.generated, before);
        let model = model.reduce(Action::UseGenerated(GeneratedFormat::DjangoRandom));
        assert_eq!(model.state.secret_key, model.generated.django);
        assert!(!model.outcome.key.w009);
    }

    #[test]
    fn progress_for_another_cookie_is_not_shown() {
        let model = start();
        let progress = |cookie: &str| AttackProgress {
            cookie: cookie.into(),
            tried: 10,
            total: 20,
            found: None,
            done: false,
            error: None,
            elapsed_ms: 1.0,
        };
        let model = model.reduce(Action::Worker(WordListReply::Progress(progress("old.cookie.here"))));
        assert!(model.current_attack().is_none());
        let cookie = model.attacked_cookie();
        let model = model.reduce(Action::Worker(WordListReply::Progress(progress(&cookie))));
        assert_eq!(model.current_attack().map(|p| p.tried), Some(10));
    }
}
