//! The secrets engine against fixtures from the real Flask 3.1.3 and itsdangerous 2.2.0
//! (`fixtures/make_cookie_fixtures.py`).

use serde_json::Value;

use super::session_cookie::{sign_session, FlaskResponse, SessionCookie, Verdict, FLASK_MAX_AGE};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("../../fixtures/flask_sessions.json")).unwrap_or(Value::Null)
}

/// The JSON text inside a cookie, inflated when compressed.
fn json_text(cookie: &str) -> String {
    SessionCookie::decode(cookie)
        .ok()
        .and_then(|c| c.json.ok())
        .unwrap_or_default()
}

#[test]
fn fixtures_cover_what_the_issue_asks() {
    let f = fixtures();
    let sessions = f["sessions"].as_array().map(Vec::len).unwrap_or(0);
    let verdicts = f["verdicts"].as_array().map(Vec::len).unwrap_or(0);
    assert!(
        sessions + verdicts >= 30 && sessions >= 25,
        "{sessions} sessions, {verdicts} verdicts"
    );
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
        let ours = sign_session(
            case["tagged_json"].as_str().unwrap_or_default(),
            key.as_bytes(),
            ts,
        );
        let ours = ours.unwrap_or_else(|e| panic!("{name}: {e}"));
        // These bytes are the ones the script fed back to Flask's test client.
        assert_eq!(ours, case["ours"].as_str().unwrap_or_default(), "{name}");
        if case["compressed"] == Value::Bool(true) || ours.starts_with('.') {
            compressed += 1;
            // Deflate encoders differ (and so, near the threshold, whether compressing pays):
            // equal after inflating.
            assert_eq!(json_text(&ours), json_text(flask), "{name}");
            assert_eq!(
                json_text(&ours),
                case["tagged_json"].as_str().unwrap_or_default(),
                "{name}"
            );
        } else {
            assert_eq!(ours, flask, "{name}");
        }
        assert_eq!(
            case["flask_reads_ours"], case["session"],
            "{name}: Flask read our cookie differently"
        );
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
        assert_eq!(
            decoded.compressed,
            case["compressed"] == Value::Bool(true),
            "{name}"
        );
        let session = decoded.session.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&session).unwrap_or_default(),
            case["session"],
            "{name}"
        );
    }
}

#[test]
fn verdicts_and_messages_match_itsdangerous_and_flask() {
    let f = fixtures();
    for case in f["verdicts"].as_array().into_iter().flatten() {
        let name = case["name"].as_str().unwrap_or_default();
        let cookie = case["cookie"].as_str().unwrap_or_default();
        let keys: Vec<&str> = case["keys"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let now = case["now"].as_u64().unwrap_or_default();
        let verdict = SessionCookie::verify(cookie, &keys, now, FLASK_MAX_AGE);
        match &verdict {
            Verdict::Valid {
                session,
                signed_at,
                key_index,
            } => {
                let want = &case["valid"];
                assert_eq!(
                    &serde_json::to_value(session).unwrap_or_default(),
                    &want["session"],
                    "{name}"
                );
                assert_eq!(Some(*signed_at), want["signed_at"].as_u64(), "{name}");
                assert_eq!(
                    Some(*key_index as u64),
                    want["key_index"].as_u64(),
                    "{name}"
                );
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
                assert_eq!(
                    serde_json::to_value(s).unwrap_or_default(),
                    case["flask_view"],
                    "{name}"
                );
            }
            FlaskResponse::EmptySession => {
                assert_eq!(status, Some(200), "{name}");
                assert_eq!(
                    case["flask_view"],
                    serde_json::json!({"dict": []}),
                    "{name}"
                );
            }
            FlaskResponse::ServerError => assert_eq!(status, Some(500), "{name}"),
        }
    }
}
