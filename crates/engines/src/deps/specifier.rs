//! Version specifier sets (`>=2.2.5,<3`), read and matched as `packaging.specifiers` 26.4 does.
//!
//! `pep440_rs` parses each specifier and answers the PEP 440 comparison itself. `packaging`
//! adds the pre-release rules on top (its 26.0 change): a single version asked with
//! `prereleases=None` matches when the comparison does; a list of candidates drops
//! pre-releases unless the set names one or nothing else matches. Those rules live here.

use std::fmt;
use std::str::FromStr;

use pep440_rs::{Operator, VersionSpecifier, VersionSpecifiers};

use super::version::{is_prerelease, Version};

/// A parsed specifier set, with the text as `str(SpecifierSet)` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecifierSet {
    specifiers: Vec<VersionSpecifier>,
    /// `===` specifiers: PEP 440's arbitrary equality compares text, not versions.
    arbitrary: Vec<String>,
    /// Each specifier as written, operator and version without spaces, sorted as strings.
    normalized: String,
}

impl Default for SpecifierSet {
    /// The empty set: every version matches.
    fn default() -> Self {
        SpecifierSet { specifiers: Vec::new(), arbitrary: Vec::new(), normalized: String::new() }
    }
}

/// A specifier text that is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecifierError {
    /// The specifier at fault (one comma-separated part), as written.
    pub specifier: String,
    /// What is wrong, in words.
    pub reason: String,
}

impl fmt::Display for SpecifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a version specifier: {}", self.specifier, self.reason)
    }
}

impl std::error::Error for SpecifierError {}

const OPERATOR_CHARS: &[char] = &['<', '>', '=', '!', '~'];

/// Splits `>= 1.0` into (`>=`, `1.0`).
fn split_operator(part: &str) -> (&str, &str) {
    let end = part.find(|c: char| !OPERATOR_CHARS.contains(&c)).unwrap_or(part.len());
    let (operator, version) = part.split_at(end);
    (operator, version.trim())
}

/// Why one specifier is refused, in words a learner can act on.
fn reason_for(operator: &str, version: &str) -> String {
    match operator {
        "" => "it needs an operator in front: `==`, `!=`, `>=`, `<=`, `>`, `<`, `~=` or `===`".into(),
        "=>" => "the operator is `>=` (greater than or equal), not `=>`".into(),
        "=<" => "the operator is `<=`, not `=<`".into(),
        "=" => "a single `=` is not an operator here; pin with `==`".into(),
        "==" | "!=" | ">=" | "<=" | ">" | "<" | "~=" | "===" if version.is_empty() => {
            "the version after the operator is missing".into()
        }
        "~=" if !version.contains('.') => "`~=` needs at least two release numbers, like `~=1.4`".into(),
        "~=" | ">=" | "<=" | ">" | "<" if version.ends_with(".*") => {
            format!("a trailing `.*` is only allowed with `==` and `!=`, not `{operator}`")
        }
        ">=" | "<=" | ">" | "<" | "~=" if version.contains('+') => {
            format!("a local version (`+...`) cannot be used with `{operator}`")
        }
        "==" | "!=" | ">=" | "<=" | ">" | "<" | "~=" | "===" => {
            format!("`{version}` is not a PEP 440 version")
        }
        _ => format!("`{operator}` is not an operator"),
    }
}

impl SpecifierSet {
    /// Parses a comma-separated specifier set as `SpecifierSet(text)` does (empty is allowed).
    pub fn parse(text: &str) -> Result<SpecifierSet, SpecifierError> {
        let mut specifiers = Vec::new();
        let mut arbitrary = Vec::new();
        let mut normalized = Vec::new();
        // packaging splits on commas, strips each part and drops the empty ones (so a
        // trailing comma is allowed).
        {
            for part in text.split(',') {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                let (operator, version) = split_operator(part);
                let compact = format!("{operator}{version}");
                if operator == "===" && !version.is_empty() && !version.chars().any(char::is_whitespace) {
                    arbitrary.push(version.to_string());
                    normalized.push(compact);
                    continue;
                }
                let parsed = if version.is_ascii() && !version.chars().any(char::is_whitespace) {
                    VersionSpecifier::from_str(&compact).ok()
                } else {
                    None
                };
                let parsed = parsed.filter(|spec| extra_packaging_rules(operator, version, spec));
                match parsed {
                    Some(spec) => {
                        specifiers.push(spec);
                        normalized.push(compact);
                    }
                    None => {
                        return Err(SpecifierError {
                            specifier: part.to_string(),
                            reason: reason_for(operator, version),
                        })
                    }
                }
            }
        }
        normalized.sort();
        Ok(SpecifierSet { specifiers, arbitrary, normalized: normalized.join(",") })
    }

    /// The specifiers, in the order written.
    pub fn specifiers(&self) -> &[VersionSpecifier] {
        &self.specifiers
    }

    /// Whether the set is empty (any version matches).
    pub fn is_empty(&self) -> bool {
        self.specifiers.is_empty() && self.arbitrary.is_empty()
    }

    /// `SpecifierSet.prereleases` with no override: `Some(true)` when a specifier names a
    /// pre-release (so pre-releases are wanted), else `None` (PEP 440's default).
    pub fn prereleases(&self) -> Option<bool> {
        if self.specifiers.iter().any(specifier_wants_prereleases) {
            Some(true)
        } else {
            None
        }
    }

    /// The comparison alone, pre-releases included (`contains(v, prereleases=True)`).
    pub fn matches(&self, version: &Version) -> bool {
        let text = version.to_string();
        self.specifiers.iter().all(|spec| specifier_contains(spec, version))
            && self.arbitrary.iter().all(|a| a.eq_ignore_ascii_case(&text))
    }

    /// `contains` for a text that may not be a version: packaging 26 lets an unparsable text
    /// through only an empty set or a matching `===`.
    pub fn contains_text(&self, text: &str, prereleases: Option<bool>) -> bool {
        match super::version::parse_version(text) {
            Ok(version) if self.arbitrary.is_empty() => self.contains(&version, prereleases),
            Ok(version) => {
                // `===` compares the text as written, the rest as versions.
                (prereleases != Some(false) || !is_prerelease(&version))
                    && self.specifiers.iter().all(|spec| specifier_contains(spec, &version))
                    && self.arbitrary.iter().all(|a| a.eq_ignore_ascii_case(text.trim()))
            }
            Err(_) => self.specifiers.is_empty() && self.arbitrary.iter().all(|a| a.eq_ignore_ascii_case(text.trim())),
        }
    }

    /// `SpecifierSet.contains(version, prereleases)` for a version that parsed.
    ///
    /// Since packaging 26.0 a single version asked with `None` matches when the comparison
    /// does, pre-release or not: it has no alternatives to be preferred over.
    pub fn contains(&self, version: &Version, prereleases: Option<bool>) -> bool {
        if prereleases == Some(false) && is_prerelease(version) {
            return false;
        }
        self.matches(version)
    }

    /// `SpecifierSet.filter(candidates)`: the matching candidates, pre-releases only when the
    /// set names one or no final release matches (PEP 440's recommendation).
    pub fn filter<'a>(&self, candidates: &'a [Version], prereleases: Option<bool>) -> Vec<&'a Version> {
        let prereleases = prereleases.or(self.prereleases());
        let matching: Vec<&Version> = candidates.iter().filter(|v| self.matches(v)).collect();
        match prereleases {
            Some(true) => matching,
            Some(false) => matching.into_iter().filter(|v| !is_prerelease(v)).collect(),
            None => {
                if matching.iter().any(|v| !is_prerelease(v)) {
                    matching.into_iter().filter(|v| !is_prerelease(v)).collect()
                } else {
                    matching
                }
            }
        }
    }

    /// The `pep440_rs` form of the set.
    pub fn to_version_specifiers(&self) -> VersionSpecifiers {
        self.specifiers.iter().cloned().collect()
    }
}

/// One specifier's comparison. `pep440_rs` refuses every pre-release of V's release for `<V`
/// even when V is itself a pre-release; PEP 440 (and packaging) refuse them only when V is
/// not one, so `<1.0rc1` contains `1.0a1`.
fn specifier_contains(spec: &VersionSpecifier, version: &Version) -> bool {
    if *spec.operator() == Operator::LessThan && is_prerelease(spec.version()) {
        return version < spec.version();
    }
    spec.contains(version)
}

/// `Specifier.prereleases`: `!=` and `==X.*` never ask for pre-releases; the others do when
/// their version is one.
fn specifier_wants_prereleases(spec: &VersionSpecifier) -> bool {
    match spec.operator() {
        Operator::NotEqual | Operator::NotEqualStar | Operator::EqualStar => false,
        _ => is_prerelease(spec.version()),
    }
}

/// Rules `packaging`'s specifier pattern has that `pep440_rs` does not check.
fn extra_packaging_rules(operator: &str, version: &str, spec: &VersionSpecifier) -> bool {
    // `==1.0a1.*`: packaging's wildcard form allows only a release (and epoch) before `.*`.
    if matches!(spec.operator(), Operator::EqualStar | Operator::NotEqualStar) {
        let v = spec.version();
        if v.pre().is_some() || v.post().is_some() || v.dev().is_some() || !v.local().is_empty() {
            return false;
        }
    }
    // packaging's `===` takes any text without spaces; pep440_rs reads a version there, so
    // keep what it read but only when the operator really was `===`.
    let _ = (operator, version);
    true
}

impl fmt::Display for SpecifierSet {
    /// As `str(SpecifierSet)`: each specifier without spaces, sorted, joined by commas.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized)
    }
}
