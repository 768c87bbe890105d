//! The secrets engine against fixtures from the real Flask 3.1.3 and itsdangerous 2.2.0
//! (`fixtures/make_cookie_fixtures.py`).

use serde_json::Value;

use super::session_cookie::{sign_session, FlaskResponse, SessionCookie, Verdict, FLASK_MAX_AGE};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("../../fixtures/flask_sessions.json")).unwrap_or(Value::Null)
}

/// The JSON text inside a cookie, inflated when compressed.
fn json_text(cookie: &str) -> String {
    SessionCookie::decode(cookie).ok().and_then(|c| c.json.ok()).unwrap_or_default()
}

#[test]
fn fixtures_cover_what_the_issue_asks() {
    let f = fixtures();
    let sessions = f["sessions"].as_array().map(Vec::len).unwrap_or(0);
    let verdicts = f["verdicts"].as_array().map(Vec::len).unwrap_or(0);
    assert!(sessions + verdicts >= 30 && sessions >= 25, "{sessions} sessions, {verdicts} verdicts");
    assert_eq!(f["versions"]["Flask"], "3.1.3");
    assert_eq!(f["versions"]["itsdangerous"], "2.2.0");
    assert_eq!(f["max_age"].as_u64(), Some(FLASK_MAX_AGE));
}

#[test]
fn signing_gives_flask_bytes_and_flask_reads_ours() {
    let f = fixtures();
    let mut compressed = 0;
    for case in f["sessions"].as_array().into_iter().flatten() {
        let name = case["name"].as_str().unwrap_or_default();
        let key = case["key"].as_str().unwrap_or_default();
        let ts = case["timestamp"].as_u64().unwrap_or_default();
        let flask = case["cookie"].as_str().unwrap_or_default();
        let ours = sign_session(case["tagged_json"].as_str().unwrap_or_default(), key.as_bytes(), ts);
        let ours = ours.unwrap_or_else(|e| panic!("{name}: {e}"));
        // These bytes are the ones the script fed back to Flask's test client.
        assert_eq!(ours, case["ours"].as_str().unwrap_or_default(), "{name}");
        if case["compressed"] == Value::Bool(true) || ours.starts_with('.') {
            compressed += 1;
            // Deflate encoders differ (and so, near the threshold, whether compressing pays):
            // equal after inflating.
            assert_eq!(json_text(&ours), json_text(flask), "{name}");
            assert_eq!(json_text(&ours), case["tagged_json"].as_str().unwrap_or_default(), "{name}");
        } else {
            assert_eq!(ours, flask, "{name}");
        }
        assert_eq!(case["flask_reads_ours"], case["session"], "{name}: Flask read our cookie differently");
    }
    assert!(compressed >= 5, "{compressed} compressed cases");
}

#[test]
fn decoding_without_a_key_reads_the_session_as_flask_does() {
    let f = fixtures();
    for case in f["sessions"].as_array().into_iter().flatten() {
        let name = case["name"].as_str().unwrap_or_default();
        let cookie = case["cookie"].as_str().unwrap_or_default();
        let decoded = SessionCookie::decode(cookie).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.signed_at, case["timestamp"].as_u64(), "{name}");
        assert_eq!(decoded.compressed, case["compressed"] == Value::Bool(true), "{name}");
        let session = decoded.session.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(serde_json::to_value(&session).unwrap_or_default(), case["session"], "{name}");
    }
}

#[test]
fn verdicts_and_messages_match_itsdangerous_and_flask() {
    let f = fixtures();
    for case in f["verdicts"].as_array().into_iter().flatten() {
        let name = case["name"].as_str().unwrap_or_default();
        let cookie = case["cookie"].as_str().unwrap_or_default();
        let keys: Vec<&str> = case["keys"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let now = case["now"].as_u64().unwrap_or_default();
        let verdict = SessionCookie::verify(cookie, &keys, now, FLASK_MAX_AGE);
        match &verdict {
            Verdict::Valid { session, signed_at, key_index } => {
                let want = &case["valid"];
                assert_eq!(&serde_json::to_value(session).unwrap_or_default(), &want["session"], "{name}");
                assert_eq!(Some(*signed_at), want["signed_at"].as_u64(), "{name}");
                assert_eq!(Some(*key_index as u64), want["key_index"].as_u64(), "{name}");
            }
            Verdict::Rejected(why) => {
                let want = &case["error"];
                assert_eq!(why.itsdangerous_class(), want["class"], "{name}: {why}");
                assert_eq!(why.itsdangerous_message(), want["message"], "{name}: {why}");
            }
        }
        let status = case["flask_status"].as_u64();
        match verdict.flask_response() {
            FlaskResponse::Session(s) => {
                assert_eq!(status, Some(200), "{name}");
                assert_eq!(serde_json::to_value(s).unwrap_or_default(), case["flask_view"], "{name}");
            }
            FlaskResponse::EmptySession => {
                assert_eq!(status, Some(200), "{name}");
                assert_eq!(case["flask_view"], serde_json::json!({"dict": []}), "{name}");
            }
            FlaskResponse::ServerError => assert_eq!(status, Some(500), "{name}"),
        }
    }
}

mod sandbox {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use crate::sandbox::{solved_quests, SandboxEngine, Solution};
    use crate::secrets::sandbox::{SecretsSandbox, SecretsState, LEAKED_KEY};
    use crate::secrets::session_cookie::{sign_session, SessionCookie, FLASK_MAX_AGE};
    use crate::secrets::wordlist::{candidate_count, AttackTarget};

    const QUESTS: [&str; 2] = ["forge-the-king", "unguessable-key"];
    const STRONG: &str = "3f9c2a7b1e8d4f6a0c5b9e2d7a4f1c8b6e3d0a9f2c7b5e1d8a4f6c0b3e9d2a7f";

    fn solution(pairs: &[(&str, &str)]) -> Solution {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>()
    }

    fn solved(state: &SecretsState) -> Vec<String> {
        solved_quests::<SecretsSandbox>(&QUESTS, &SecretsSandbox::outcome(state, &mut SecretsSandbox::test_env()))
    }

    #[test]
    fn the_word_list_finds_the_leaked_key_in_chunks() {
        assert!(candidate_count() >= 10_000, "{}", candidate_count());
        let cookie = sign_session(r#"{"user":"arthur"}"#, LEAKED_KEY.as_bytes(), 1_767_225_600).unwrap_or_default();
        let target = AttackTarget::new(&cookie).unwrap_or_else(|e| panic!("{e}"));
        let first = target.try_chunk(0, 1);
        assert_eq!((first.found, first.next), (Some(LEAKED_KEY), 1));
        // A dictionary word takes longer, chunk by chunk.
        let cookie = sign_session(r#"{"user":"arthur"}"#, b"turnip", 1_767_225_600).unwrap_or_default();
        let target = AttackTarget::new(&cookie).unwrap_or_else(|e| panic!("{e}"));
        let (mut next, mut found) = (0, None);
        while found.is_none() {
            let chunk = target.try_chunk(next, 5_000);
            next = chunk.next;
            found = chunk.found;
            if chunk.done {
                break;
            }
        }
        assert_eq!(found, Some("turnip"));
        // A generated key is not on any list.
        let cookie = sign_session(r#"{"user":"arthur"}"#, STRONG.as_bytes(), 1_767_225_600).unwrap_or_default();
        let target = AttackTarget::new(&cookie).unwrap_or_else(|e| panic!("{e}"));
        let all = target.try_chunk(0, usize::MAX);
        assert_eq!((all.found, all.done, all.tried), (None, true, candidate_count()));
    }

    #[test]
    fn quests_start_unsolved_and_their_solutions_solve_them() {
        let start = SecretsState::default();
        assert!(solved(&start).is_empty());

        let mut attack = start.clone();
        SecretsSandbox::apply(
            &mut attack,
            &solution(&[("forge_key", LEAKED_KEY), ("forged_json", r#"{"user": "king"}"#)]),
        )
        .ok();
        assert_eq!(solved(&attack), ["forge-the-king"]);

        let mut fix = attack.clone();
        SecretsSandbox::apply(&mut fix, &solution(&[("secret_key", STRONG), ("fallbacks", "")])).ok();
        assert_eq!(solved(&fix), ["unguessable-key"]);

        // Keeping the leaked key as a fallback lets the forgery in: not a fix.
        let mut leaky = fix.clone();
        leaky.fallbacks = LEAKED_KEY.to_string();
        assert_eq!(solved(&leaky), ["forge-the-king"]);
        // A long key from a tutorial is no better.
        let mut long_known = fix.clone();
        long_known.secret_key = "your-64-char-random-key".to_string();
        assert!(!solved(&long_known).contains(&"unguessable-key".to_string()));
    }

    #[test]
    fn one_changed_character_in_the_payload_fails() {
        let cookie = sign_session(r#"{"user":"arthur"}"#, b"dev", 1_767_225_600).unwrap_or_default();
        let verify = |c: &str| SessionCookie::verify(c, &["dev"], 1_767_225_700, FLASK_MAX_AGE);
        assert!(matches!(verify(&cookie), crate::secrets::session_cookie::Verdict::Valid { .. }));
        let mut changed = cookie.clone().into_bytes();
        if let Some(b) = changed.get_mut(3) {
            *b = if *b == b'A' { b'B' } else { b'A' };
        }
        let changed = String::from_utf8(changed).unwrap_or_default();
        assert!(matches!(verify(&changed), crate::secrets::session_cookie::Verdict::Rejected(_)));
    }

    proptest! {
        // Each case judges several keys against the 32,453-word list: fewer cases keep the
        // debug-build test under a few seconds.
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn never_panics(cookie in "[A-Za-z0-9._\\-!=+/\u{e9}]{0,200}", key in "\\PC{0,20}", json in "\\PC{0,60}") {
            let state = SecretsState { cookie: cookie.clone(), secret_key: key.clone(), fallbacks: key.clone(), forged_json: json, forge_key: key };
            let _ = SecretsSandbox::outcome(&state, &mut SecretsSandbox::test_env());
            let _ = AttackTarget::new(&cookie).map(|t| t.try_chunk(0, 3));
        }

        #[test]
        fn never_panics_on_signed_garbage(payload in "\\PC{0,80}", ts in "[A-Za-z0-9_\\-]{0,12}") {
            let signer = crate::secrets::signer::FLASK_SESSION;
            let signed = signer.sign_timestamped(b"dev", &payload, 1_767_225_600);
            let _ = SessionCookie::verify(&signed, &["dev"], 1_767_225_600, FLASK_MAX_AGE);
            let _ = SessionCookie::verify(&format!("{payload}.{ts}.x"), &["dev"], 0, FLASK_MAX_AGE);
        }
    }

    #[test]
    fn a_megabyte_answers_with_a_message() {
        let big = "A".repeat(1 << 20);
        assert!(SessionCookie::decode(&big).is_err());
        let state = SecretsState { cookie: big, ..SecretsState::default() };
        assert!(SecretsSandbox::check(&state).is_err());
        let outcome = SecretsSandbox::outcome(&state, &mut SecretsSandbox::test_env());
        assert!(outcome.decoded.is_err());
        // A zlib bomb inside a validly signed cookie stops at the limit.
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b'['; 4 << 20], 9);
        let payload = format!(".{}", crate::secrets::python_base64::encode_unpadded(&bomb));
        let signed = crate::secrets::signer::FLASK_SESSION.sign_timestamped(b"dev", &payload, 1_767_225_600);
        let verdict = SessionCookie::verify(&signed, &["dev"], 1_767_225_600, FLASK_MAX_AGE);
        assert!(matches!(verdict, crate::secrets::session_cookie::Verdict::Rejected(_)));
    }
}
