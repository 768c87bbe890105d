//! The grader against MDN's HTTP Observatory 1.4.8 itself (`fixtures/observatory/`), test by
//! test, and today's two scoring changes as named deltas.

use serde::Deserialize;

use super::quests::{HeadersSandbox, HeadersState};
use super::*;
use crate::sandbox::{SandboxEngine, Solution};

#[derive(Deserialize)]
struct Case {
    name: String,
    fields: Vec<String>,
    http: PlainHttp,
    scripts: Vec<Script>,
    preload: Preload,
}

#[derive(Deserialize)]
struct Graded {
    name: String,
    tests: std::collections::BTreeMap<String, GradedTest>,
    score: i32,
    grade: String,
}

#[derive(Deserialize)]
struct GradedTest {
    result: String,
    modifier: i32,
}

#[derive(Deserialize)]
struct Fixture {
    generator: String,
    cases: Vec<Graded>,
}

const CASES: &str = include_str!("../../fixtures/observatory/cases.json");
const GRADED: &str = include_str!("../../fixtures/observatory/observatory.json");

fn cases() -> Vec<(Case, Graded)> {
    let cases: Vec<Case> = serde_json::from_str(CASES).unwrap_or_else(|e| panic!("cases.json: {e}"));
    let fixture: Fixture = serde_json::from_str(GRADED).unwrap_or_else(|e| panic!("observatory.json: {e}"));
    assert_eq!(fixture.generator, "@mdn/mdn-http-observatory 1.4.8");
    assert_eq!(cases.len(), fixture.cases.len());
    cases.into_iter().zip(fixture.cases).collect()
}

fn block_of(case: &Case) -> String {
    // As the fixture script sends it (CRLF), plus the status line.
    format!("HTTP/1.1 200 OK\r\n{}\r\n\r\n", case.fields.join("\r\n"))
}

fn site_of(case: &Case) -> Site {
    Site { plain_http: case.http, scripts: case.scripts.clone(), preload: case.preload }
}

#[test]
fn every_fixture_set_grades_as_the_observatory_1_4_8_does() {
    let all = cases();
    assert!(all.len() >= 60, "{} sets", all.len());
    let mut mismatches = Vec::new();
    for (case, expected) in &all {
        assert_eq!(case.name, expected.name);
        let got = report(&block_of(case), &site_of(case), Scoring::Observatory148).grade;
        assert_eq!(got.tests.len(), expected.tests.len(), "{}", case.name);
        for test in &got.tests {
            let Some(want) = expected.tests.get(test.test.id()) else {
                mismatches.push(format!("{}: no {} in the fixture", case.name, test.test.id()));
                continue;
            };
            if test.result.id() != want.result || test.modifier != want.modifier {
                mismatches.push(format!(
                    "{}: {} is {} ({}), the Observatory says {} ({})",
                    case.name,
                    test.test.id(),
                    test.result.id(),
                    test.modifier,
                    want.result,
                    want.modifier
                ));
            }
        }
        if got.score != expected.score || got.grade != expected.grade {
            mismatches.push(format!(
                "{}: {} {} , the Observatory says {} {}",
                case.name, got.score, got.grade, expected.score, expected.grade
            ));
        }
    }
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn every_fixture_result_is_one_we_know() {
    for (_, expected) in cases() {
        for test in expected.tests.values() {
            assert!(Expectation::from_id(&test.result).is_some(), "{}", test.result);
        }
    }
}

fn current(headers: &str) -> Grade {
    report(headers, &Site::default(), Scoring::Current).grade
}

fn result_of(grade: &Grade, test: Test) -> Option<&TestResult> {
    grade.tests.iter().find(|t| t.test == test)
}

/// Delta 1 (Observatory 1.5.0): `X-Frame-Options: DENY`/`SAMEORIGIN` earns +5.
#[test]
fn delta_xfo_deny_or_sameorigin_is_worth_five_today() {
    let headers = "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Security-Policy: default-src 'self'\nStrict-Transport-Security: max-age=31536000\nX-Content-Type-Options: nosniff\nX-Frame-Options: DENY";
    let old = report(headers, &Site::default(), Scoring::Observatory148).grade;
    let new = current(headers);
    assert_eq!(result_of(&old, Test::XFrameOptions).map(|t| t.modifier), Some(0));
    assert_eq!(result_of(&new, Test::XFrameOptions).map(|t| t.modifier), Some(5));
    assert_eq!((old.score, new.score), (105, 110));
}

/// Delta 2: COOP and COEP are graded today: +10 for isolating values, −5 when invalid.
#[test]
fn delta_coop_and_coep_are_graded_today() {
    let base = "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Security-Policy: default-src 'self'\nStrict-Transport-Security: max-age=31536000\nX-Content-Type-Options: nosniff\nX-Frame-Options: DENY";
    let cases: &[(&str, i32, i32)] = &[
        ("", 0, 0),
        ("Cross-Origin-Opener-Policy: same-origin\nCross-Origin-Embedder-Policy: require-corp", 10, 10),
        ("Cross-Origin-Opener-Policy: same-origin-allow-popups\nCross-Origin-Embedder-Policy: credentialless", 10, 10),
        ("Cross-Origin-Opener-Policy: noopener-allow-popups; report-to=\"r\"", 10, 0),
        ("Cross-Origin-Opener-Policy: unsafe-none\nCross-Origin-Embedder-Policy: unsafe-none", 0, 0),
        ("Cross-Origin-Opener-Policy: same-orgin\nCross-Origin-Embedder-Policy: require-coep", -5, -5),
    ];
    for (extra, coop, coep) in cases {
        let grade = current(&format!("{base}\n{extra}"));
        assert_eq!(result_of(&grade, Test::CrossOriginOpenerPolicy).map(|t| t.modifier), Some(*coop), "{extra}");
        assert_eq!(result_of(&grade, Test::CrossOriginEmbedderPolicy).map(|t| t.modifier), Some(*coep), "{extra}");
        let old = report(&format!("{base}\n{extra}"), &Site::default(), Scoring::Observatory148).grade;
        assert!(result_of(&old, Test::CrossOriginOpenerPolicy).is_none());
        assert_eq!(grade.score - old.score, 5 + coop + coep, "{extra}");
    }
}

#[test]
fn bonuses_count_only_from_ninety_and_the_score_never_goes_below_zero() {
    let low = current("HTTP/1.1 200 OK\nContent-Type: text/html\nReferrer-Policy: no-referrer\nCross-Origin-Resource-Policy: same-origin");
    assert!(!low.bonuses_counted);
    assert_eq!(low.score, low.score_without_bonuses);
    let zero = current("HTTP/1.1 200 OK\nContent-Type: text/html\nSet-Cookie: sessionid=a\nAccess-Control-Allow-Origin: https://http-observatory.security.mozilla.org\nAccess-Control-Allow-Credentials: true");
    assert_eq!((zero.score, zero.grade), (0, "F"));
    let grades: Vec<&str> =
        [135, 100, 99, 90, 89, 85, 84, 80, 79, 70, 69, 65, 64, 60, 59, 50, 49, 45, 44, 40, 39, 30, 29, 25, 24, 0, -20]
            .iter()
            .map(|s| observatory::letter(*s))
            .collect();
    assert_eq!(
        grades,
        [
            "A+", "A+", "A", "A", "A-", "A-", "B+", "B+", "B", "B", "B-", "B-", "C+", "C+", "C", "C", "C-", "C-", "D+",
            "D+", "D", "D", "D-", "D-", "F", "F", "F"
        ]
    );
}

#[test]
fn x_xss_protection_is_advice_worth_nothing() {
    let with = report("HTTP/1.1 200 OK\nX-XSS-Protection: 1; mode=block", &Site::default(), Scoring::Current);
    let without = report("HTTP/1.1 200 OK", &Site::default(), Scoring::Current);
    assert_eq!(with.grade.score, without.grade.score);
    assert!(!with.advice[0].fine);
    assert!(report("HTTP/1.1 200 OK\nX-XSS-Protection: 0", &Site::default(), Scoring::Current).advice[0].fine);
}

#[test]
fn browsers_and_the_observatory_disagree_on_a_repeated_nosniff() {
    let r = report(
        "HTTP/1.1 200 OK\nX-Content-Type-Options: nosniff\nX-Content-Type-Options: nosniff",
        &Site::default(),
        Scoring::Current,
    );
    assert!(!r.browser.sniffs, "Fetch reads the first value");
    assert_eq!(
        result_of(&r.grade, Test::XContentTypeOptions).map(|t| t.result),
        Some(Expectation::XContentTypeOptionsHeaderInvalid)
    );
}

fn solution(pairs: &[(&str, &str)]) -> Solution {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn solved_after(pairs: &[(&str, &str)], quest: &str) -> bool {
    let mut state = HeadersState::default();
    HeadersSandbox::apply(&mut state, &solution(pairs)).unwrap_or_else(|e| panic!("{e}"));
    HeadersSandbox::solved(quest, &HeadersSandbox::outcome(&state, &mut ())).unwrap_or(false)
}

const A_PLUS: &str = "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nContent-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'\nStrict-Transport-Security: max-age=63072000; includeSubDomains; preload\nX-Content-Type-Options: nosniff\nReferrer-Policy: strict-origin-when-cross-origin\nSet-Cookie: session=eyJ1c2VyIjoia2luZyJ9; Secure; HttpOnly; SameSite=Lax; Path=/";

#[test]
fn quests_start_unsolved() {
    let start = HeadersSandbox::outcome(&HeadersState::default(), &mut ());
    assert_eq!(start.grade.grade, "F");
    for quest in ["frameable-and-sniffable", "a-plus-castle"] {
        assert_eq!(HeadersSandbox::solved(quest, &start), Some(false), "{quest}");
    }
    assert_eq!(HeadersSandbox::solved("nope", &start), None);
}

#[test]
fn the_attack_quest_is_solved_by_dropping_both_and_allow_from_counts() {
    let no_xfo = "HTTP/1.1 200 OK\nContent-Type: text/html\nSet-Cookie: session=x; HttpOnly";
    assert!(solved_after(&[("headers", no_xfo)], "frameable-and-sniffable"));
    let allow_from = "HTTP/1.1 200 OK\nContent-Type: text/html\nX-Frame-Options: ALLOW-FROM https://partner.example\nX-Content-Type-Options: sniff";
    assert!(solved_after(&[("headers", allow_from)], "frameable-and-sniffable"));
    let still_nosniff = "HTTP/1.1 200 OK\nX-Content-Type-Options: nosniff";
    assert!(!solved_after(&[("headers", still_nosniff)], "frameable-and-sniffable"));
}

#[test]
fn the_fix_quest_needs_an_a_plus_and_the_castle_page_still_working() {
    assert!(solved_after(&[("headers", A_PLUS)], "a-plus-castle"));
    // An A+ whose CSP blocks the castle's own script and stylesheet is no fix.
    let breaks_page = A_PLUS.replace("default-src 'self'", "default-src 'none'");
    let r = report(&breaks_page, &HeadersState::default().site, Scoring::Current);
    assert_eq!(r.grade.grade, "A+");
    assert!(!r.browser.castle_page_works);
    assert!(!solved_after(&[("headers", &breaks_page)], "a-plus-castle"));
}

#[test]
fn apply_rejects_unknown_inputs_in_words() {
    let mut state = HeadersState::default();
    assert!(HeadersSandbox::apply(&mut state, &solution(&[("nope", "x")])).is_err());
    assert!(HeadersSandbox::apply(&mut state, &solution(&[("plain_http", "sometimes")])).is_err());
    HeadersSandbox::apply(
        &mut state,
        &solution(&[("scripts", "relative, external-https+integrity"), ("preload", "listed")]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(state.site.scripts.len(), 2);
    assert!(state.site.scripts[1].integrity);
}

mod never_panics {
    use proptest::prelude::*;

    use super::super::*;

    fn header_like() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            "[ -~]{0,40}",
            "(Set-Cookie|Content-Security-Policy|Strict-Transport-Security|X-Frame-Options|Referrer-Policy|Access-Control-Allow-Origin|Content-Type): [ -~\u{80}-\u{10ffff}]{0,60}",
            "[ \t][ -~]{0,20}",
            ":status: [0-9]{0,4}",
            "HTTP/[0-9.]{0,3} [0-9]{0,4} [A-Za-z ]{0,8}",
            "\\PC{0,30}",
        ];
        proptest::collection::vec(line, 0..20).prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #[test]
        fn any_paste_is_graded_without_panicking(text in header_like(), noise in "\\PC{0,200}") {
            for scoring in [Scoring::Observatory148, Scoring::Current] {
                let r = report(&format!("{text}\n{noise}"), &Site::default(), scoring);
                prop_assert!(r.grade.score >= 0);
                prop_assert!(["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"].contains(&r.grade.grade));
            }
        }
    }

    #[test]
    fn a_megabyte_paste_answers_with_a_message() {
        let huge = format!("HTTP/1.1 200 OK\n{}", "Content-Security-Policy: default-src 'self'\n".repeat(25_000));
        assert!(huge.len() > 1_000_000);
        let r = report(&huge, &Site::default(), Scoring::Current);
        assert!(r.block.problems.iter().any(|p| p.kind == block::BlockProblem::Truncated));
    }
}
