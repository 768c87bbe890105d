//! The TOML front matter between the `+++` lines of a lesson file.

use serde::Deserialize;

// Which sandbox a lesson mounts is declared once, in the engines' registry.
pub use dragonproof_engines::registry::Sandbox;

/// Everything a lesson declares about itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: String,
    pub order: u32,
    pub title: String,
    pub castle_title: String,
    pub sandbox: Sandbox,
    pub summary: String,
    #[serde(default)]
    pub quiz: Vec<Question>,
    /// Goals the lesson's sandbox detects by itself (`dragonproof_engines::sandbox::SandboxEngine::solved`).
    #[serde(default)]
    pub quests: Vec<Quest>,
    /// Only the checklist has items.
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
}

/// A quest: a goal the sandbox detects, with stepped hints and the reasoning after solving.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quest {
    pub id: String,
    pub kind: QuestKind,
    /// One sentence: what the learner makes happen.
    pub goal: String,
    /// The nudge and the approach; the third hint, the answer, is written from `solution`.
    pub hints: Vec<String>,
    /// The sandbox inputs that solve it, by name.
    pub solution: std::collections::BTreeMap<String, String>,
    /// Why the attack works (for a fix quest: what the attacker tried).
    pub attacker: String,
    /// Why the defence holds, and what it does not cover.
    pub defender: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestKind {
    /// Make the dragon get in.
    Attack,
    /// Now stop it: must stop every attack of the lesson's gallery and keep the honest case.
    Fix,
}

/// One quiz question, written in the lesson file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub question: String,
    pub kind: QuestionKind,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// Exactly one answer is correct.
    Single,
    /// One or more answers are correct; all must be chosen.
    Multiple,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub text: String,
    pub correct: bool,
    /// Shown after answering: why this answer is right or wrong.
    pub why: String,
}

/// A launch-checklist line, ticked when the learner finishes `lesson`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub text: String,
    pub lesson: String,
}

/// Splits a lesson file into its front matter and body.
///
/// Returns a plain message when the `+++` fences are missing or the TOML is invalid.
pub fn split(source: &str) -> Result<(FrontMatter, &str), String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let rest = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))
        .ok_or("the file must start with a `+++` line opening the front matter")?;
    let end = rest
        .find("\n+++\n")
        .or_else(|| rest.find("\n+++\r\n"))
        .or_else(|| rest.strip_suffix("\n+++").map(|r| r.len()))
        .ok_or("the front matter is never closed by a `+++` line")?;
    let toml_text = &rest[..end];
    let body = rest[end + 1..].trim_start_matches("+++").trim_start_matches(['\r', '\n']);
    let front: FrontMatter = toml::from_str(toml_text).map_err(|error| format!("front matter: {error}"))?;
    Ok((front, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        "+++\nid = \"a\"\norder = 1\ntitle = \"T\"\ncastle_title = \"C\"\nsandbox = \"sql\"\nsummary = \"S\"\n+++\nBody\n";

    #[test]
    fn splits_front_matter_from_body() {
        let (front, body) = split(MINIMAL).unwrap();
        assert_eq!(front.id, "a");
        assert_eq!(front.sandbox, Sandbox::Sql);
        assert_eq!(body, "Body\n");
    }

    #[test]
    fn missing_opening_fence_is_explained() {
        let error = split("id = 1\n").unwrap_err();
        assert!(error.contains("must start with"), "{error}");
    }

    #[test]
    fn unclosed_front_matter_is_explained() {
        let error = split("+++\nid = \"a\"\n").unwrap_err();
        assert!(error.contains("never closed"), "{error}");
    }

    #[test]
    fn unknown_field_is_rejected() {
        let source = MINIMAL.replace("summary", "sumary");
        assert!(split(&source).unwrap_err().contains("sumary"));
    }

    #[test]
    fn unknown_sandbox_is_rejected() {
        let source = MINIMAL.replace("\"sql\"", "\"dragons\"");
        assert!(split(&source).is_err());
    }
}
