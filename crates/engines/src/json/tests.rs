//! The reader and writer against serde_json, the implementation the field trusts: the same
//! documents accepted and refused, the same values read, the same text written.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

/// Our value as serde_json's, to compare the two readers.
fn to_serde(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(value) => serde_json::Value::Bool(*value),
        Value::Number(number) => serde_json::from_str(number.as_str()).expect("a checked literal"),
        Value::String(text) => serde_json::Value::String(text.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        Value::Object(fields) => {
            // serde_json's map keeps the last of a repeated key, as `get` does.
            let mut map = serde_json::Map::new();
            for (key, value) in fields {
                map.insert(key.clone(), to_serde(value));
            }
            serde_json::Value::Object(map)
        }
    }
}

fn agrees_with_serde(text: &str) {
    let ours = parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => assert_eq!(&to_serde(ours), theirs, "{text:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn tricky_documents_are_read_as_serde_json_reads_them() {
    for text in [
        "{}",
        " [ ] ",
        "null",
        "true",
        "fals",
        "nulls",
        "0",
        "-0",
        "01",
        "-",
        "1.",
        ".5",
        "1.5e+3",
        "1E-2",
        "1e",
        "18446744073709551615",
        r#""\u00e9\ud83d\ude00""#,
        r#""\ud800""#,
        r#""\udc00\ud800""#,
        r#""\ud800\u0041""#,
        r#""\x""#,
        r#""\u12""#,
        "\"tab\tinside\"",
        "\"line\nbreak\"",
        "\"\u{7f} and é and 😀\"",
        r#"{"a":1,"a":2}"#,
        r#"{"a":1,}"#,
        "[1,]",
        "[1 2]",
        r#"{"a" 1}"#,
        r#"{1:2}"#,
        "{\"a\":\u{a0}1}",
        "\u{feff}{}",
        "[1]x",
        "",
        "   ",
        r#""unclosed"#,
        r#""a\"#,
    ] {
        agrees_with_serde(text);
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 10_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        agrees_with_serde(&text);
    }
    let deep = format!("{}1{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(parse(&deep).map_err(|error| error.reason), Err("arrays and objects are nested too deeply"));
}

#[test]
fn an_error_says_where_in_lines_and_characters() {
    let error = parse("{\n  \"ключ\" 1}").unwrap_err();
    assert_eq!((error.line, error.column), (2, 10));
    assert_eq!(error.to_string(), "expected `:` after a key at line 2 column 10");
}

#[test]
fn whole_numbers_are_read_and_others_are_not_integers() {
    assert_eq!(parse("42").unwrap().as_u64(), Some(42));
    for text in ["-1", "1.0", "1e2", "18446744073709551616"] {
        assert_eq!(parse(text).unwrap().as_u64(), None, "{text}");
    }
}

#[test]
fn only_the_listed_keys_may_appear() {
    let record = parse(r#"{"read":true,"quests":{}}"#).unwrap();
    assert!(record.has_only(&["read", "quests", "quiz"]));
    assert!(!record.has_only(&["read"]));
    assert!(!Value::Null.has_only(&["read"]));
}

/// Tokens that make both valid and subtly broken documents when strung together.
#[rustfmt::skip]
fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{", "}", "[", "]", ",", ":", " ", "\n", "\"a\"", "\"é\"", "\"\\n\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"",
        "\"\\u0041\"", "\"\\q\"", "\"", "1", "-0", "0.5", "2e3", "01", "-", "true", "nul", "null", "\"\u{1}\"",
    ])
}

/// A value with unique keys in sorted order, which serde_json's map writes back unchanged.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|fields: BTreeMap<String, Value>| Value::Object(fields.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn strung_tokens_are_accepted_and_refused_as_serde_json_does(tokens in prop::collection::vec(token(), 0..12)) {
        agrees_with_serde(&tokens.concat());
    }

    #[test]
    fn any_text_reads_without_panicking(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn written_text_is_serde_jsons_byte_for_byte_and_reads_back(value in value()) {
        let theirs = to_serde(&value);
        prop_assert_eq!(value.to_compact(), serde_json::to_string(&theirs).unwrap());
        prop_assert_eq!(value.to_pretty(), serde_json::to_string_pretty(&theirs).unwrap());
        prop_assert_eq!(parse(&value.to_compact()).unwrap(), value.clone());
        prop_assert_eq!(parse(&value.to_pretty()).unwrap(), value);
    }
}
