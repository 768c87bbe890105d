//! The self-test of the learning loop: every quest of every lesson is unsolved in its sandbox's
//! starting state and solved by its declared solution. A lesson with an unsolvable or
//! pre-solved quest, or a quest its sandbox cannot detect, fails here.
//!
//! It drives each engine through `SandboxEngine` as the views do: one outcome per state, in the
//! engine's deterministic test environment, and every quest read from that outcome.

use std::path::Path;

use dragonproof_engines::cookies::sandbox::CookiesSandbox;
use dragonproof_engines::csp::CspSandbox;
use dragonproof_engines::csrf::sandbox::CsrfSandbox;
use dragonproof_engines::deps::sandbox::DepsSandbox;
use dragonproof_engines::escape::EscapeSandbox;
use dragonproof_engines::framing::quests::FramingSandbox;
use dragonproof_engines::headers::quests::HeadersSandbox;
use dragonproof_engines::hsts::quests::HstsSandbox;
use dragonproof_engines::inspector::sandbox::InspectorSandbox;
use dragonproof_engines::passwords::PasswordsAndMfa;
use dragonproof_engines::sandbox::SandboxEngine;
use dragonproof_engines::secrets::sandbox::SecretsSandbox;
use dragonproof_engines::sql::sandbox::SqlSandbox;
use dragonproof_engines::xss::XssSandbox;
use dragonproof_lessons::{Book, Quest, QuestKind, Sandbox};

fn book() -> Book {
    Book::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")).expect("lessons are valid")
}

/// Checks one quest against sandbox `S`; returns problems in words.
fn check<S: SandboxEngine>(lesson: &str, quest: &Quest) -> Vec<String> {
    let mut problems = Vec::new();
    // A fresh environment per quest: a database one quest changed does not leak into the next.
    let mut env = S::test_env();
    let start = S::State::default();
    if let Err(error) = S::check(&start) {
        problems.push(format!("{lesson}: the sandbox's starting state fails its own check: {error}"));
    }
    match S::solved(&quest.id, &S::outcome(&start, &mut env)) {
        None => problems.push(format!("{lesson}: the sandbox cannot detect quest `{}`", quest.id)),
        Some(true) => problems.push(format!("{lesson}: quest `{}` is already solved at the start", quest.id)),
        Some(false) => {}
    }
    let mut solved = start.clone();
    match S::apply(&mut solved, &quest.solution) {
        Err(error) => problems.push(format!("{lesson}: quest `{}`: {error}", quest.id)),
        Ok(()) if S::solved(&quest.id, &S::outcome(&solved, &mut env)) != Some(true) => {
            problems.push(format!("{lesson}: quest `{}` is not solved by its own solution", quest.id))
        }
        Ok(()) => {}
    }
    // A teacher's link can carry the solved state, so it must pass the link check.
    if let Err(error) = S::check(&solved) {
        problems.push(format!("{lesson}: quest `{}`: its solution is not a state a link can carry: {error}", quest.id));
    }
    if S::describe(&quest.solution).is_empty() {
        problems.push(format!("{lesson}: quest `{}` has an answer hint with nothing in it", quest.id));
    }
    problems
}

#[test]
fn every_quest_starts_unsolved_and_is_solved_by_its_solution() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for lesson in book().lessons {
        for quest in &lesson.front.quests {
            checked += 1;
            problems.extend(match lesson.front.sandbox {
                Sandbox::Escape => check::<EscapeSandbox>(&lesson.front.id, quest),
                Sandbox::Xss => check::<XssSandbox>(&lesson.front.id, quest),
                Sandbox::Csp => check::<CspSandbox>(&lesson.front.id, quest),
                Sandbox::Sql => check::<SqlSandbox>(&lesson.front.id, quest),
                Sandbox::Passwords => check::<PasswordsAndMfa>(&lesson.front.id, quest),
                Sandbox::Headers => check::<HeadersSandbox>(&lesson.front.id, quest),
                Sandbox::Hsts => check::<HstsSandbox>(&lesson.front.id, quest),
                Sandbox::Framing => check::<FramingSandbox>(&lesson.front.id, quest),
                Sandbox::Cookies => check::<CookiesSandbox>(&lesson.front.id, quest),
                Sandbox::Secrets => check::<SecretsSandbox>(&lesson.front.id, quest),
                Sandbox::Csrf => check::<CsrfSandbox>(&lesson.front.id, quest),
                Sandbox::Deps => check::<DepsSandbox>(&lesson.front.id, quest),
                Sandbox::Inspector => check::<InspectorSandbox>(&lesson.front.id, quest),
                other => vec![format!("{}: the {other:?} sandbox has no quest detector yet", lesson.front.id)],
            });
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 0, "no lesson declares a quest");
}

#[test]
fn every_fix_quest_follows_an_attack_quest() {
    for lesson in book().lessons {
        let kinds: Vec<QuestKind> = lesson.front.quests.iter().map(|q| q.kind).collect();
        if let Some(first) = kinds.first() {
            assert_eq!(*first, QuestKind::Attack, "{}: quests start with an attack", lesson.front.id);
        }
        assert!(
            kinds.windows(2).all(|pair| pair != [QuestKind::Fix, QuestKind::Fix]),
            "{}: each fix follows the attack it stops",
            lesson.front.id
        );
    }
}

/// The self-test can fail: a quest solved at the start, or not solved by its solution, is caught.
#[test]
fn the_self_test_catches_broken_quests() {
    let quest = |id: &str, solution: &[(&str, &str)]| Quest {
        id: id.into(),
        kind: QuestKind::Attack,
        goal: "g".into(),
        hints: vec!["a".into(), "b".into()],
        solution: solution.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        attacker: "a".into(),
        defender: "d".into(),
    };
    // Ada Lovelace opens no tag: not a solution.
    assert_eq!(check::<EscapeSandbox>("t", &quest("markup-gets-in", &[("name", "Ada")])).len(), 1);
    // A quest the sandbox does not know.
    assert!(!check::<EscapeSandbox>("t", &quest("fly", &[("name", "x")])).is_empty());
    // An input the sandbox does not have.
    assert!(!check::<EscapeSandbox>("t", &quest("markup-gets-in", &[("colour", "red")])).is_empty());
    // A CSP fix that keeps the castle's script but lets the injection run is no fix.
    assert_eq!(
        check::<CspSandbox>(
            "t",
            &quest("only-the-castles-scripts", &[("policy", "script-src 'self' 'unsafe-inline'")])
        )
        .len(),
        1
    );
}
