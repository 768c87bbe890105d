//! The inspector against Bandit 1.9.4 and Django 6.1.3 (`fixtures/make_inspector_fixtures.py`),
//! rule by rule, and its behaviour on bad input.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::Value;

use super::sandbox::InspectorSandbox;
use super::state::{InspectorState, CASTLE_APP};
use super::{inspect, Source, SyntaxProblem};
use crate::sandbox::{SandboxEngine, Solution};

/// The Bandit test ids the inspector implements.
const BANDIT_IDS: &[&str] = &[
    "B104", "B105", "B106", "B107", "B113", "B201", "B301", "B307", "B308", "B324", "B501", "B506", "B602", "B605",
    "B608", "B701", "B704",
];

/// The Django check ids the inspector implements.
const DJANGO_IDS: &[&str] = &[
    "security.W004",
    "security.W008",
    "security.W009",
    "security.W010",
    "security.W011",
    "security.W012",
    "security.W016",
    "security.W018",
    "security.W020",
];

fn fixtures() -> Value {
    serde_json::from_str(include_str!("../../fixtures/inspector.json")).expect("inspector.json is JSON")
}

fn sample(name: &str) -> String {
    let path = format!("{}/fixtures/inspector/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("the sample exists")
}

type Row = (String, u64, u64, String, String, String);

#[test]
fn every_bandit_result_we_implement_is_ours_and_nothing_more() {
    let data = fixtures();
    let mut failures = Vec::new();
    let mut compared = 0;
    for (file, results) in data["bandit_results"].as_object().unwrap() {
        let bandit: BTreeSet<Row> = results
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| BANDIT_IDS.contains(&r["test_id"].as_str().unwrap()))
            .map(|r| {
                (
                    r["test_id"].as_str().unwrap().to_string(),
                    r["line"].as_u64().unwrap(),
                    r["col"].as_u64().unwrap(),
                    r["severity"].as_str().unwrap().to_string(),
                    r["confidence"].as_str().unwrap().to_string(),
                    r["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let ours: BTreeSet<Row> = inspect(&sample(file))
            .findings
            .iter()
            .filter(|f| f.source == Source::Bandit)
            .map(|f| {
                (
                    f.id.clone(),
                    f.line as u64,
                    f.col as u64,
                    f.severity.bandit_name().to_string(),
                    f.confidence.bandit_name().to_string(),
                    f.message.clone(),
                )
            })
            .collect();
        compared += bandit.len();
        for missing in bandit.difference(&ours) {
            failures.push(format!("{file}: Bandit has {missing:?}, we do not"));
        }
        for extra in ours.difference(&bandit) {
            failures.push(format!("{file}: we report {extra:?}, Bandit does not"));
        }
    }
    assert!(compared >= 40, "only {compared} Bandit results compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_django_security_id_we_implement_agrees_with_check_deploy() {
    let data = fixtures();
    for (file, ids) in data["django_checks"].as_object().unwrap() {
        let django: BTreeSet<String> = ids
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap().to_string())
            .filter(|i| DJANGO_IDS.contains(&i.as_str()))
            .collect();
        let ours: BTreeSet<String> = inspect(&sample(file))
            .findings
            .iter()
            .filter(|f| f.source == Source::Django)
            .map(|f| f.id.to_string())
            .collect();
        assert_eq!(ours, django, "{file}");
    }
}

#[test]
fn our_own_rules_fire_where_neither_tool_does() {
    let castle = inspect(CASTLE_APP);
    let ids: BTreeSet<&str> = castle.findings.iter().map(|f| f.id.as_str()).collect();
    for id in ["DP002", "DP004", "DP005", "DP007"] {
        assert!(ids.contains(id), "castle app lacks {id}: {ids:?}");
    }
    let settings = inspect(&sample("django_settings_unsafe.py"));
    assert!(settings.findings.iter().any(|f| f.id == "DP001"), "ALLOWED_HOSTS = ['*']");
    assert!(inspect(&sample("django_views.py")).findings.iter().any(|f| f.id == "DP003"), "@csrf_exempt");
    let fixed = inspect(&sample("castle_app_fixed.py"));
    let fixed_ids: BTreeSet<&str> = fixed.findings.iter().map(|f| f.id.as_str()).collect();
    for id in ["DP002", "DP004", "DP005"] {
        assert!(!fixed_ids.contains(id), "the fixed app still has {id}");
    }
}

#[test]
fn a_syntax_error_is_reported_with_findings_for_what_could_be_read() {
    let source = "import hashlib\nhashlib.md5(b'x')\ndef broken(:\n    pass\neval(data)\n";
    let inspection = inspect(source);
    assert!(!inspection.syntax_errors.is_empty());
    let first = &inspection.syntax_errors[0];
    assert_eq!(first.line, 3, "{first:?}");
    let ids: Vec<&str> = inspection.findings.iter().map(|f| f.id.as_str()).collect();
    assert!(ids.contains(&"B324") && ids.contains(&"B307"), "{ids:?}");
}

fn solution(pairs: &[(&str, &str)]) -> Solution {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn quests_start_unsolved_and_are_solved_by_their_fixes() {
    let start = InspectorState::default();
    let outcome = InspectorSandbox::outcome(&start, &mut ());
    assert_eq!(InspectorSandbox::solved("sql-from-input", &outcome), Some(false));
    assert_eq!(InspectorSandbox::solved("clean-castle", &outcome), Some(false));
    assert_eq!(InspectorSandbox::solved("no-such-quest", &outcome), None);

    let injected = CASTLE_APP.replace(
        "db.execute(\"SELECT name, rank FROM knights WHERE rank = ?\", (request.args.get(\"rank\"),))",
        "db.execute(f\"SELECT name, rank FROM knights WHERE rank = '{request.args.get('rank')}'\")",
    );
    assert_ne!(injected, CASTLE_APP);
    let mut state = start.clone();
    InspectorSandbox::apply(&mut state, &solution(&[("source", &injected)])).unwrap();
    assert_eq!(InspectorSandbox::solved("sql-from-input", &InspectorSandbox::outcome(&state, &mut ())), Some(true));

    let fixed = sample("castle_app_fixed.py");
    InspectorSandbox::apply(&mut state, &solution(&[("source", &fixed)])).unwrap();
    let outcome = InspectorSandbox::outcome(&state, &mut ());
    assert_eq!(InspectorSandbox::solved("clean-castle", &outcome), Some(true), "{:?}", outcome.inspection.findings);

    // Deleting the routes is no fix.
    InspectorSandbox::apply(&mut state, &solution(&[("source", "from flask import Flask\napp = Flask(__name__)\n")]))
        .unwrap();
    assert_eq!(InspectorSandbox::solved("clean-castle", &InspectorSandbox::outcome(&state, &mut ())), Some(false));
    assert!(InspectorSandbox::apply(&mut state, &solution(&[("colour", "red")])).is_err());
    assert!(InspectorSandbox::apply(&mut state, &solution(&[("sample", "django-settings")])).is_ok());
}

#[test]
fn ten_thousand_nested_parentheses_do_not_overflow() {
    for source in [
        "x = ".to_string() + &"(".repeat(10_000) + "1" + &")".repeat(10_000),
        "x = ".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000),
        "x = ".to_string() + &"f(".repeat(10_000) + &")".repeat(10_000),
        "x = 1".to_string() + &" + 1".repeat(10_000),
        "x = ".to_string() + &"-".repeat(10_000) + "1",
    ] {
        let inspection = inspect(&source);
        // The process is still alive, and the learner is told what was left out (brackets
        // alone nest no nodes: `((1))` is `1`).
        if !source.starts_with("x = ((") {
            assert!(inspection.notes.iter().any(|note| note.contains("nested")), "{:?}", inspection.notes);
        }
    }
}

#[test]
fn a_one_megabyte_paste_is_read_in_part() {
    let line = "password = 'x'\n";
    let source = line.repeat(1024 * 1024 / line.len() + 1);
    let inspection = inspect(&source);
    assert_eq!(inspection.notes.len(), 1, "{:?}", inspection.notes);
    assert!(!inspection.findings.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(source in "\\PC{0,300}") {
        let _ = inspect(&source);
    }

    #[test]
    fn never_panics_on_python_like_text(source in "[a-z_ ()\\[\\]{}=+.,:'\"\\n\\\\#@fr%*-]{0,300}") {
        let _ = inspect(&source);
    }
}

#[test]
fn two_thousand_lines_are_inspected_quickly() {
    let lines = CASTLE_APP.lines().count();
    let source = CASTLE_APP.repeat(2000 / lines + 1);
    let started = std::time::Instant::now();
    let inspection = inspect(&source);
    let took = started.elapsed();
    println!("inspected {} lines in {took:?} ({} findings)", source.lines().count(), inspection.findings.len());
    // Debug build on a shared machine: generous, but a quadratic walk would still fail it.
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
}

#[test]
fn past_cpythons_bracket_limit_the_error_is_cpythons_and_earlier_lines_are_inspected() {
    let source =
        "import pickle\nobj = pickle.loads(data)\nx = ".to_string() + &"(".repeat(10_000) + "1" + &")".repeat(10_000);
    let inspection = inspect(&source);
    assert_eq!(
        inspection.syntax_errors,
        vec![SyntaxProblem { message: "too many nested parentheses".into(), line: 3, col: 204 }]
    );
    assert!(inspection.findings.iter().any(|f| f.id == "B301" && f.line == 2), "{:?}", inspection.findings);
    assert!(inspection.notes.iter().any(|note| note.contains("lines from 3 on")), "{:?}", inspection.notes);
}
