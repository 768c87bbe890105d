//! Parsing a policy as CSP3 §2.2.1 ("parse a serialized CSP") and §2.2.2 (the list in one
//! header value) say, and the problems a learner should hear about in plain words.

use serde::Serialize;

use super::directives::{suggest, takes_source_list, KNOWN_DIRECTIVES, NOT_IN_META};
use super::source::{parse_source, Source};

/// Whether a policy blocks (`Content-Security-Policy`) or only reports
/// (`Content-Security-Policy-Report-Only`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Disposition {
    Enforce,
    Report,
}

/// How the policy reaches the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Delivery {
    Header,
    /// `<meta http-equiv="Content-Security-Policy">`: some directives are ignored there.
    Meta,
}

/// One directive as the browser keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lowercase name.
    pub name: String,
    /// The value's tokens as written.
    pub tokens: Vec<String>,
    /// The tokens that are valid source expressions, parsed (for source-list directives).
    pub sources: Vec<Source>,
}

impl Directive {
    pub fn has(&self, wanted: impl Fn(&Source) -> bool) -> bool {
        self.sources.iter().any(wanted)
    }
}

/// A parsed policy: its directives in order (duplicates dropped), how it is delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub directives: Vec<Directive>,
    pub disposition: Disposition,
    pub delivery: Delivery,
}

impl Policy {
    /// The directive called `name`, if the policy has it (and its delivery honours it).
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }
}

/// Something about a policy the learner should know; the browser carries on regardless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ParseProblem {
    UnknownDirective { name: String, suggestion: Option<String> },
    DuplicateDirective { name: String },
    KeywordWithoutQuotes { directive: String, token: String },
    MissingSemicolon { directive: String, token: String },
    NotInMeta { name: String },
    InvalidSource { directive: String, token: String },
    NoneWithOtherSources { directive: String },
    EmptySourceList { directive: String },
    Deprecated { name: String, instead: String },
    ReportOnlyInMeta,
    EmptyPolicy,
    InvalidDirectiveName { name: String },
}

impl ParseProblem {
    /// The problem in plain words.
    pub fn message(&self) -> String {
        match self {
            ParseProblem::UnknownDirective { name, suggestion: Some(s) } => format!("`{name}` is not a CSP directive, so browsers ignore it. Did you mean `{s}`?"),
            ParseProblem::UnknownDirective { name, suggestion: None } => format!("`{name}` is not a CSP directive, so browsers ignore it."),
            ParseProblem::DuplicateDirective { name } => format!("`{name}` is listed twice; browsers ignore the second one."),
            ParseProblem::KeywordWithoutQuotes { directive, token } => format!(
                "In `{directive}`, `{token}` has no single quotes, so it is read as a host name called “{token}”, not the keyword. Write `'{token}'`."
            ),
            ParseProblem::MissingSemicolon { directive, token } => format!(
                "`{token}` appears inside the value of `{directive}`: a semicolon is probably missing before it, so it is read as a host name and `{token}` is not a directive."
            ),
            ParseProblem::NotInMeta { name } => format!("`{name}` is ignored in a <meta> policy; send it as an HTTP header."),
            ParseProblem::InvalidSource { directive, token } => format!("In `{directive}`, `{token}` is not a valid source expression; browsers skip it."),
            ParseProblem::NoneWithOtherSources { directive } => format!("`{directive}` has `'none'` with other sources; `'none'` only counts alone, so it is ignored."),
            ParseProblem::EmptySourceList { directive } => format!("`{directive}` has no sources, which means the same as `'none'`: it allows nothing."),
            ParseProblem::Deprecated { name, instead } => format!("`{name}` is deprecated: {instead}"),
            ParseProblem::ReportOnlyInMeta => "A report-only policy cannot be set in a <meta> element; browsers ignore it. Send Content-Security-Policy-Report-Only as a header.".into(),
            ParseProblem::EmptyPolicy => "The policy has no directives, so it restricts nothing.".into(),
            ParseProblem::InvalidDirectiveName { name } => format!("`{name}` is not a valid directive name (letters, digits and hyphens only); browsers ignore it."),
        }
    }

    /// Whether this problem changes what the policy allows (as opposed to a style note).
    pub fn is_error(&self) -> bool {
        !matches!(self, ParseProblem::Deprecated { .. } | ParseProblem::EmptySourceList { .. })
    }
}

/// A policy and what went wrong reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedPolicy {
    pub policy: Policy,
    pub problems: Vec<ParseProblem>,
}

fn is_ascii_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' ')
}

/// Directives that were part of CSP once and are gone, with what replaced them.
const REMOVED_DIRECTIVES: &[(&str, &str)] = &[
    ("reflected-xss", "browsers removed it with CSP2, and its replacement `X-XSS-Protection` is deprecated too: send `X-XSS-Protection: 0` or omit it."),
    ("referrer", "browsers removed it; send a `Referrer-Policy` header."),
    ("disown-opener", "browsers never shipped it; send a `Cross-Origin-Opener-Policy` header."),
];

const BARE_KEYWORDS: &[&str] = &[
    "self",
    "none",
    "unsafe-inline",
    "unsafe-eval",
    "strict-dynamic",
    "unsafe-hashes",
    "wasm-unsafe-eval",
    "report-sample",
];

fn looks_like_unquoted_keyword(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    BARE_KEYWORDS.contains(&lower.as_str())
        || ["nonce-", "sha256-", "sha384-", "sha512-"].iter().any(|prefix| lower.starts_with(prefix))
        // a quote on one side only: `'self` or `self'`
        || (token.len() > 1 && (token.starts_with('\'') != token.ends_with('\'')))
}

/// Parses one serialized policy (no commas are special here: that is [`parse_policy_list`]).
pub fn parse_policy(text: &str, disposition: Disposition, delivery: Delivery) -> ParsedPolicy {
    let mut directives: Vec<Directive> = Vec::new();
    let mut problems = Vec::new();
    if disposition == Disposition::Report && delivery == Delivery::Meta {
        problems.push(ParseProblem::ReportOnlyInMeta);
    }
    for token in text.split(';') {
        let token = token.trim_matches(is_ascii_whitespace);
        if token.is_empty() {
            continue;
        }
        let name_end = token.find(is_ascii_whitespace).unwrap_or(token.len());
        let name = token[..name_end].to_ascii_lowercase();
        let value: Vec<String> =
            token[name_end..].split(is_ascii_whitespace).filter(|t| !t.is_empty()).map(str::to_string).collect();
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            problems.push(ParseProblem::InvalidDirectiveName { name });
            continue;
        }
        if directives.iter().any(|d| d.name == name) {
            problems.push(ParseProblem::DuplicateDirective { name });
            continue;
        }
        // Directives removed from CSP are no typos: browsers ignore them, and the learner hears
        // what replaced them (Google's CSP Evaluator rates them as deprecated too).
        if !KNOWN_DIRECTIVES.contains(&name.as_str()) && !REMOVED_DIRECTIVES.iter().any(|(removed, _)| *removed == name)
        {
            problems.push(ParseProblem::UnknownDirective {
                suggestion: suggest(&name).map(str::to_string),
                name: name.clone(),
            });
        }
        if let Some((_, instead)) = REMOVED_DIRECTIVES.iter().find(|(removed, _)| *removed == name) {
            problems.push(ParseProblem::Deprecated { name: name.clone(), instead: (*instead).into() });
        }
        // Trusted Types take their own values (Trusted Types §4.1): `'script'` is the only sink
        // group, and `trusted-types` takes policy names, `'none'` and `'allow-duplicates'`.
        let quoted_value_allowed = |value: &str| match name.as_str() {
            "require-trusted-types-for" => Some(value == "'script'"),
            "trusted-types" => Some(!value.starts_with('\'') || matches!(value, "'none'" | "'allow-duplicates'")),
            _ => None,
        };
        for item in &value {
            if quoted_value_allowed(item) == Some(false) {
                problems.push(ParseProblem::InvalidSource { directive: name.clone(), token: item.clone() });
            }
        }
        match name.as_str() {
            "report-uri" => problems.push(ParseProblem::Deprecated {
                name: name.clone(),
                instead:
                    "use `report-to` with a Reporting-Endpoints header (browsers still honour `report-uri` when `report-to` is absent)."
                        .into(),
            }),
            "block-all-mixed-content" => problems.push(ParseProblem::Deprecated {
                name: name.clone(),
                instead: "browsers now block or upgrade mixed content by themselves.".into(),
            }),
            "plugin-types" | "prefetch-src" | "navigate-to" | "require-sri-for" => {
                problems.push(ParseProblem::Deprecated { name: name.clone(), instead: "no current browser supports it.".into() })
            }
            _ => {}
        }
        if delivery == Delivery::Meta && NOT_IN_META.contains(&name.as_str()) {
            problems.push(ParseProblem::NotInMeta { name: name.clone() });
        }
        let mut sources = Vec::new();
        if takes_source_list(&name) {
            if value.is_empty() {
                problems.push(ParseProblem::EmptySourceList { directive: name.clone() });
            }
            for item in &value {
                let lower = item.to_ascii_lowercase();
                if KNOWN_DIRECTIVES.contains(&lower.as_str()) {
                    problems.push(ParseProblem::MissingSemicolon { directive: name.clone(), token: item.clone() });
                } else if looks_like_unquoted_keyword(item) {
                    problems.push(ParseProblem::KeywordWithoutQuotes {
                        directive: name.clone(),
                        token: item.trim_matches('\'').to_string(),
                    });
                }
                match parse_source(item) {
                    Ok(source) => sources.push(source),
                    Err(_) => {
                        if !looks_like_unquoted_keyword(item) {
                            problems.push(ParseProblem::InvalidSource { directive: name.clone(), token: item.clone() })
                        }
                    }
                }
            }
            if sources.contains(&Source::None) && value.len() > 1 {
                problems.push(ParseProblem::NoneWithOtherSources { directive: name.clone() });
            }
        }
        directives.push(Directive { name, tokens: value, sources });
    }
    if directives.is_empty() {
        problems.push(ParseProblem::EmptyPolicy);
    }
    // A <meta> policy drops what it cannot carry (CSP3 §3.3).
    if delivery == Delivery::Meta {
        directives.retain(|d| !NOT_IN_META.contains(&d.name.as_str()));
    }
    ParsedPolicy { policy: Policy { directives, disposition, delivery }, problems }
}

/// Parses a header value that may hold several policies separated by commas (CSP3 §2.2.2).
/// Policies with no directives are dropped, as the spec says.
pub fn parse_policy_list(text: &str, disposition: Disposition) -> Vec<ParsedPolicy> {
    let parsed: Vec<ParsedPolicy> =
        text.split(',').map(|part| parse_policy(part, disposition, Delivery::Header)).collect();
    if parsed.len() > 1 {
        parsed.into_iter().filter(|p| !p.policy.directives.is_empty()).collect()
    } else {
        parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str, delivery: Delivery) -> Vec<ParseProblem> {
        parse_policy(text, Disposition::Enforce, delivery).problems
    }

    #[test]
    fn directives_are_split_on_semicolons_and_lowercased() {
        let parsed = parse_policy(
            "  Script-Src 'self'  https://cdn.example ;; IMG-SRC *;",
            Disposition::Enforce,
            Delivery::Header,
        );
        let names: Vec<&str> = parsed.policy.directives.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["script-src", "img-src"]);
        assert_eq!(parsed.policy.directives[0].tokens, ["'self'", "https://cdn.example"]);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    /// Each row: policy, delivery, the first problem expected.
    #[test]
    fn problems_are_named_in_plain_words() {
        use ParseProblem::*;
        let s = |t: &str| t.to_string();
        let cases: Vec<(&str, Delivery, ParseProblem)> = vec![
            (
                "scirpt-src 'self'",
                Delivery::Header,
                UnknownDirective { name: s("scirpt-src"), suggestion: Some(s("script-src")) },
            ),
            ("script-src 'self'; script-src *", Delivery::Header, DuplicateDirective { name: s("script-src") }),
            (
                "script-src self",
                Delivery::Header,
                KeywordWithoutQuotes { directive: s("script-src"), token: s("self") },
            ),
            (
                "script-src nonce-abc",
                Delivery::Header,
                KeywordWithoutQuotes { directive: s("script-src"), token: s("nonce-abc") },
            ),
            (
                "script-src 'self' object-src 'none'",
                Delivery::Header,
                MissingSemicolon { directive: s("script-src"), token: s("object-src") },
            ),
            ("frame-ancestors 'none'", Delivery::Meta, NotInMeta { name: s("frame-ancestors") }),
            ("sandbox", Delivery::Meta, NotInMeta { name: s("sandbox") }),
            (
                "script-src 'nonce-a!b'",
                Delivery::Header,
                InvalidSource { directive: s("script-src"), token: s("'nonce-a!b'") },
            ),
            ("img-src 'none' https:", Delivery::Header, NoneWithOtherSources { directive: s("img-src") }),
            ("", Delivery::Header, EmptyPolicy),
            ("scr@pt-src *", Delivery::Header, InvalidDirectiveName { name: s("scr@pt-src") }),
            (
                "referrer no-referrer",
                Delivery::Header,
                Deprecated { name: s("referrer"), instead: s("browsers removed it; send a `Referrer-Policy` header.") },
            ),
            (
                "require-trusted-types-for 'style'",
                Delivery::Header,
                InvalidSource { directive: s("require-trusted-types-for"), token: s("'style'") },
            ),
            (
                "trusted-types 'self'",
                Delivery::Header,
                InvalidSource { directive: s("trusted-types"), token: s("'self'") },
            ),
        ];
        for (policy, delivery, expected) in cases {
            let found = problems(policy, delivery);
            assert_eq!(found.first(), Some(&expected), "{policy}: {found:?}");
            assert!(!expected.message().is_empty());
        }
        assert!(problems("report-uri /r", Delivery::Meta).contains(&NotInMeta { name: s("report-uri") }));
    }

    #[test]
    fn the_first_of_two_duplicates_wins() {
        let parsed = parse_policy("script-src 'none'; script-src *", Disposition::Enforce, Delivery::Header);
        assert_eq!(parsed.policy.directive("script-src").map(|d| d.sources.clone()), Some(vec![Source::None]));
    }

    #[test]
    fn a_meta_policy_drops_what_it_cannot_carry() {
        let parsed =
            parse_policy("frame-ancestors 'none'; sandbox; img-src 'none'", Disposition::Enforce, Delivery::Meta);
        let names: Vec<&str> = parsed.policy.directives.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["img-src"]);
    }

    #[test]
    fn a_header_value_with_commas_is_several_policies() {
        let list = parse_policy_list("script-src 'self', img-src 'none'", Disposition::Enforce);
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].policy.directives[0].name, "img-src");
    }
}
