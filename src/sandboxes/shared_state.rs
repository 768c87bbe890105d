//! A sandbox's state in a link: `sandbox.html?sandbox=csp#state=<percent-encoded JSON>`.
//!
//! A link is untrusted input like any other (a teacher's, or anyone's). It is bounded, parsed
//! into the sandbox's own state type (so it can only ever hold inputs the learner could have
//! typed), checked, and never executed. Whatever cannot be read is explained, and the sandbox
//! starts fresh.

use dragonproof_engines::sandbox::SandboxState;

/// The longest state a link may carry, in characters of the fragment. Browsers accept far
/// longer URLs; a longer state is a paste, not a prepared exercise.
pub const MAX_LINK_STATE: usize = 64 * 1024;

/// What the fragment of this page's URL held.
#[derive(Debug, Clone, PartialEq)]
pub enum StateLink {
    /// No state: the sandbox starts as the lesson sets it up.
    None,
    /// A state that was read and checked, as the JSON of the sandbox's state type.
    Read(std::rc::Rc<str>),
    /// A state that could not be read, and why in words.
    Unreadable(String),
}

/// Reads `#state=...` from `fragment` (with or without its `#`) as a sandbox state `S`,
/// checked by its own [`SandboxState::check`].
pub fn read_state_link<S: SandboxState>(fragment: &str) -> StateLink {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(encoded) = fragment.split('&').find_map(|part| part.strip_prefix("state=")) else {
        return StateLink::None;
    };
    match decode_state::<S>(encoded) {
        Ok(state) => match serde_json::to_string(&state) {
            Ok(json) => StateLink::Read(json.into()),
            Err(_) => StateLink::Unreadable("the state in this link could not be read".into()),
        },
        Err(reason) => StateLink::Unreadable(reason),
    }
}

fn decode_state<S: SandboxState>(encoded: &str) -> Result<S, String> {
    if encoded.len() > MAX_LINK_STATE {
        return Err(format!(
            "the state in this link is {} KB; a link may carry at most {} KB",
            encoded.len() / 1024,
            MAX_LINK_STATE / 1024
        ));
    }
    let json = percent_decode(encoded).ok_or("the state in this link is not properly percent-encoded")?;
    let state: S = serde_json::from_str(&json)
        .map_err(|error| format!("the state in this link does not fit this sandbox ({})", plain_serde_error(&error)))?;
    state.check()?;
    Ok(state)
}

/// The fragment that carries `state`: `state=<percent-encoded JSON>`.
pub fn state_fragment(state_json: &str) -> String {
    format!("state={}", percent_encode(state_json))
}

/// serde's message without its line and column (the learner did not write the JSON).
fn plain_serde_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// The `<iframe>` a teacher pastes into a course page to embed the sandbox at `url` (which
/// carries its state): attribute values escaped, a title for screen readers, lazy loading, and
/// a height that fits every sandbox (the embedded page scrolls inside it when it needs more).
pub fn embed_snippet(url: &str, title: &str) -> String {
    let attribute = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<iframe src=\"{}\" title=\"{} from Dragonproof\" width=\"100%\" height=\"900\" loading=\"lazy\" style=\"border:0\"></iframe>",
        attribute(url),
        attribute(title)
    )
}

/// Percent-encodes everything but unreserved characters (RFC 3986 §2.3), as UTF-8.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes (and leaves other characters as they are); `None` for a broken escape
/// or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ToyState {
        name: String,
    }

    impl SandboxState for ToyState {
        fn apply(&mut self, solution: &dragonproof_engines::sandbox::Solution) -> Result<(), String> {
            match solution.get("name") {
                Some(name) => self.name = name.clone(),
                None => return Err("the toy has only a name".into()),
            }
            Ok(())
        }

        fn check(&self) -> Result<(), String> {
            if self.name.len() > 40 {
                Err("the name is too long".into())
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn a_state_round_trips_through_a_link() {
        let fragment = state_fragment(r#"{"name":"<b>é & 🐉</b>"}"#);
        assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"=%-._~".contains(&b)), "{fragment}");
        assert_eq!(
            read_state_link::<ToyState>(&format!("#{fragment}")),
            StateLink::Read(r#"{"name":"<b>é & 🐉</b>"}"#.into())
        );
    }

    #[test]
    fn no_state_is_no_state() {
        assert_eq!(read_state_link::<ToyState>(""), StateLink::None);
        assert_eq!(read_state_link::<ToyState>("#other=1"), StateLink::None);
    }

    #[test]
    fn a_bad_state_is_explained_never_half_read() {
        let unreadable = |fragment: &str| match read_state_link::<ToyState>(fragment) {
            StateLink::Unreadable(reason) => reason,
            other => panic!("{fragment}: {other:?}"),
        };
        assert!(unreadable("#state=%7B%22name").contains("does not fit"));
        assert!(unreadable("#state=%E2%82").contains("percent-encoded"));
        assert!(unreadable("#state=%zz").contains("percent-encoded"));
        assert!(unreadable("#state=%7B%22name%22%3A1%7D").contains("does not fit"));
        assert!(unreadable("#state=%7B%22name%22%3A%22x%22%2C%22__proto__%22%3A%7B%7D%7D").contains("does not fit"));
        assert!(unreadable("#state=%7B%22name%22%3A%22abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq%22%7D")
            .contains("too long"));
        assert!(unreadable(&format!("#state={}", "a".repeat(MAX_LINK_STATE + 1))).contains("at most"));
    }

    #[test]
    fn the_embed_snippet_escapes_its_attributes() {
        let snippet =
            embed_snippet("https://castle.example/sandbox.html?sandbox=csp&host=x#state=%22a%22\"", "CSP <sandbox>");
        assert_eq!(
            snippet,
            "<iframe src=\"https://castle.example/sandbox.html?sandbox=csp&amp;host=x#state=%22a%22&quot;\" \
             title=\"CSP &lt;sandbox> from Dragonproof\" width=\"100%\" height=\"900\" loading=\"lazy\" \
             style=\"border:0\"></iframe>"
        );
    }
}
