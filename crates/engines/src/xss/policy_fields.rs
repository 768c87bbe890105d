//! The ammonia policy as the sandbox's editor shows it: plain text fields a learner can type
//! into, read back into a [`Policy`] with a message for every line that makes no sense, and
//! written out as the `nh3.clean(...)` call (nh3 is ammonia for Python) that applies it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::sanitize::Policy;

/// One text field per policy setting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyFields {
    /// Allowed tags, separated by spaces or commas.
    pub tags: String,
    /// Attributes allowed on every tag.
    pub generic_attributes: String,
    /// One line per tag: `a: href hreflang`.
    pub tag_attributes: String,
    pub url_schemes: String,
    /// The `rel` added to links; empty leaves links as they are.
    pub link_rel: String,
    pub strip_comments: bool,
    /// Tags removed together with their content.
    pub drop_content_of: String,
}

/// Words of a list field: lowercase, without duplicates, in order.
fn words(field: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for word in field.split(|c: char| c.is_whitespace() || c == ',') {
        let word = word.trim_matches(|c: char| c == '"' || c == '\'' || c == '<' || c == '>').to_ascii_lowercase();
        if !word.is_empty() && !seen.contains(&word) {
            seen.push(word);
        }
    }
    seen
}

impl From<&Policy> for PolicyFields {
    fn from(policy: &Policy) -> Self {
        PolicyFields {
            tags: policy.tags.join(" "),
            generic_attributes: policy.generic_attributes.join(" "),
            tag_attributes: policy
                .tag_attributes
                .iter()
                .map(|(tag, names)| format!("{tag}: {}", names.join(" ")))
                .collect::<Vec<_>>()
                .join("\n"),
            url_schemes: policy.url_schemes.join(" "),
            link_rel: policy.link_rel.clone().unwrap_or_default(),
            strip_comments: policy.strip_comments,
            drop_content_of: policy.drop_content_of.join(" "),
        }
    }
}

impl PolicyFields {
    /// The policy these fields describe, and a plain message for each line that was skipped.
    pub fn to_policy(&self) -> (Policy, Vec<String>) {
        let mut problems = Vec::new();
        let mut tag_attributes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (number, line) in self.tag_attributes.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match line.split_once(':') {
                Some((tag, names)) if words(tag).len() == 1 => {
                    tag_attributes.entry(words(tag).remove(0)).or_default().extend(words(names));
                }
                _ => problems.push(format!(
                    "Attributes per tag, line {}: “{}” is not “tag: attribute attribute”, so it was skipped.",
                    number + 1,
                    line.trim()
                )),
            }
        }
        let schemes =
            words(&self.url_schemes).into_iter().map(|scheme| scheme.trim_end_matches(':').to_string()).collect();
        let link_rel = self.link_rel.trim();
        let policy = Policy {
            tags: words(&self.tags),
            generic_attributes: words(&self.generic_attributes),
            tag_attributes,
            url_schemes: schemes,
            link_rel: (!link_rel.is_empty()).then(|| link_rel.to_string()),
            strip_comments: self.strip_comments,
            drop_content_of: words(&self.drop_content_of),
        };
        (policy, problems)
    }
}

fn python_set(items: &[String]) -> String {
    if items.is_empty() {
        return "set()".to_string();
    }
    format!("{{{}}}", items.iter().map(|item| format!("{item:?}")).collect::<Vec<_>>().join(", "))
}

/// The `nh3.clean(...)` call that applies `policy` (nh3 0.3: the same ammonia, from Python).
pub fn nh3_call(policy: &Policy) -> String {
    let mut attributes: Vec<String> = Vec::new();
    if !policy.generic_attributes.is_empty() {
        attributes.push(format!("\"*\": {}", python_set(&policy.generic_attributes)));
    }
    for (tag, names) in &policy.tag_attributes {
        attributes.push(format!("{tag:?}: {}", python_set(names)));
    }
    let link_rel = match &policy.link_rel {
        Some(rel) => format!("{rel:?}"),
        None => "None".to_string(),
    };
    format!(
        "clean_comment = nh3.clean(\n    comment,\n    tags={},\n    clean_content_tags={},\n    attributes={{\n        {}\n    }},\n    url_schemes={},\n    link_rel={link_rel},\n    strip_comments={},\n)",
        python_set(&policy.tags),
        python_set(&policy.drop_content_of),
        attributes.join(",\n        "),
        python_set(&policy.url_schemes),
        if policy.strip_comments { "True" } else { "False" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_policy_round_trips() {
        let policy = Policy::default();
        let (back, problems) = PolicyFields::from(&policy).to_policy();
        assert_eq!(back, policy);
        assert!(problems.is_empty());
    }

    #[test]
    fn fields_are_forgiving_about_separators_and_case() {
        let fields = PolicyFields {
            tags: "B, i  <EM>".into(),
            url_schemes: "https: mailto".into(),
            tag_attributes: "a: href\nnonsense\nimg: src alt".into(),
            ..PolicyFields::default()
        };
        let (policy, problems) = fields.to_policy();
        assert_eq!(policy.tags, ["b", "i", "em"]);
        assert_eq!(policy.url_schemes, ["https", "mailto"]);
        assert_eq!(policy.tag_attributes["img"], ["src", "alt"]);
        assert_eq!(policy.link_rel, None);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("line 2"));
    }

    #[test]
    fn the_nh3_call_names_every_setting() {
        let call = nh3_call(&Policy::default());
        assert!(call.starts_with("clean_comment = nh3.clean(\n    comment,\n    tags={"));
        assert!(call.contains("\"a\": {\"href\", \"hreflang\"}"), "{call}");
        assert!(call.contains("link_rel=\"noopener noreferrer\""));
        assert!(call.contains("clean_content_tags={\"script\", \"style\"}"));
        assert!(call.contains("strip_comments=True"));
    }

    proptest! {
        #[test]
        fn never_panics(tags in ".{0,80}", lines in ".{0,80}", schemes in ".{0,40}") {
            let fields = PolicyFields { tags, tag_attributes: lines, url_schemes: schemes, ..PolicyFields::default() };
            let (policy, _) = fields.to_policy();
            let _ = nh3_call(&policy);
        }
    }
}
