//! PEP 508 requirements (`requests[socks]>=2.31; python_version >= "3.9"`) and their markers,
//! read with `pep508_rs` and shown as `packaging.requirements.Requirement` shows them.
//!
//! `pep508_rs` normalizes names and extras as it parses; `packaging` keeps them as written
//! (`str(Requirement)` preserves spelling), so the spelled name and extras are read back from
//! the text here.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use pep508_rs::{ExtraName, MarkerEnvironment, MarkerEnvironmentBuilder, MarkerTree, Pep508Url, VersionOrUrl};
use serde::{Deserialize, Serialize};

use super::specifier::SpecifierSet;

/// A URL after `name @`, kept as written: the browser has no working directory to resolve a
/// relative path against, and pip-audit skips URL requirements anyway.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WrittenUrl(pub String);

impl fmt::Display for WrittenUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A URL `packaging` refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError(String);

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UrlError {}

impl Pep508Url for WrittenUrl {
    type Err = UrlError;

    fn parse_url(url: &str, _working_dir: Option<&Path>) -> Result<Self, Self::Err> {
        Ok(WrittenUrl(url.to_string()))
    }
}

/// One parsed requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// The name as written (`Flask_SQLAlchemy`).
    pub name: String,
    /// The name as pip compares it (`flask-sqlalchemy`).
    pub canonical_name: String,
    /// Extras as written, sorted.
    pub extras: Vec<String>,
    /// The version specifier set (empty for none, and for a URL requirement).
    pub specifier: SpecifierSet,
    /// The URL after `@`, if any.
    pub url: Option<String>,
    /// The marker after `;`, if any.
    pub marker: Option<Marker>,
}

/// A parsed environment marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The marker text as written (after `;`, trimmed).
    pub text: String,
    tree: MarkerTree,
}

/// A requirement or marker that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementError {
    /// What is wrong, in words.
    pub message: String,
    /// Where in the text (character offset) the problem starts.
    pub column: usize,
}

impl fmt::Display for RequirementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.column + 1)
    }
}

impl std::error::Error for RequirementError {}

/// The Python and platform a marker is evaluated for (PEP 508's environment markers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonEnvironment {
    pub implementation_name: String,
    pub implementation_version: String,
    pub os_name: String,
    pub platform_machine: String,
    pub platform_python_implementation: String,
    pub platform_release: String,
    pub platform_system: String,
    pub platform_version: String,
    pub python_full_version: String,
    pub python_version: String,
    pub sys_platform: String,
    /// The extras being installed (`extra == "test"` is true when `test` is among them).
    pub extras: Vec<String>,
}

impl PythonEnvironment {
    /// CPython 3.12 on 64-bit Linux, the sandbox's default.
    pub fn linux_cpython_312() -> PythonEnvironment {
        PythonEnvironment {
            implementation_name: "cpython".into(),
            implementation_version: "3.12.1".into(),
            os_name: "posix".into(),
            platform_machine: "x86_64".into(),
            platform_python_implementation: "CPython".into(),
            platform_release: "6.1.0".into(),
            platform_system: "Linux".into(),
            platform_version: "#1 SMP".into(),
            python_full_version: "3.12.1".into(),
            python_version: "3.12".into(),
            sys_platform: "linux".into(),
            extras: Vec::new(),
        }
    }

    fn marker_environment(&self) -> Option<MarkerEnvironment> {
        MarkerEnvironment::try_from(MarkerEnvironmentBuilder {
            implementation_name: &self.implementation_name,
            implementation_version: &self.implementation_version,
            os_name: &self.os_name,
            platform_machine: &self.platform_machine,
            platform_python_implementation: &self.platform_python_implementation,
            platform_release: &self.platform_release,
            platform_system: &self.platform_system,
            platform_version: &self.platform_version,
            python_full_version: &self.python_full_version,
            python_version: &self.python_version,
            sys_platform: &self.sys_platform,
        })
        .ok()
    }
}

impl Default for PythonEnvironment {
    fn default() -> Self {
        PythonEnvironment::linux_cpython_312()
    }
}

impl Marker {
    /// Parses a marker expression (the part after `;`).
    pub fn parse(text: &str) -> Result<Marker, RequirementError> {
        if text.trim().is_empty() {
            return Err(RequirementError {
                message: "a marker is expected here, like `python_version >= \"3.9\"`".into(),
                column: 0,
            });
        }
        let tree = MarkerTree::parse_str::<WrittenUrl>(text)
            .map_err(|e| RequirementError { message: e.message.to_string(), column: e.start })?;
        Ok(Marker { text: text.trim().to_string(), tree })
    }

    /// Whether the marker holds in `env`, or `None` when the environment itself is not valid
    /// (a Python version that is not a version).
    pub fn evaluate(&self, env: &PythonEnvironment) -> Option<bool> {
        let marker_env = env.marker_environment()?;
        let extras: Vec<ExtraName> = env.extras.iter().filter_map(|e| ExtraName::from_str(e).ok()).collect();
        Some(self.tree.evaluate(&marker_env, &extras))
    }
}

/// `packaging.utils.canonicalize_name`: lower case, every run of `-`, `_` and `.` as one `-`.
pub fn canonicalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// The name and extras as spelled: `pep508_rs` has checked the grammar, so this only reads
/// the leading name and the bracket after it.
fn spelled_name_and_extras(text: &str) -> (String, Vec<String>) {
    let rest = text.trim_start();
    let name_len =
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(rest.len());
    let (name, rest) = rest.split_at(name_len);
    let rest = rest.trim_start();
    let mut extras = Vec::new();
    if let Some(inner) = rest.strip_prefix('[') {
        if let Some(end) = inner.find(']') {
            extras = inner[..end].split(',').map(str::trim).filter(|e| !e.is_empty()).map(String::from).collect();
        }
    }
    extras.sort();
    extras.dedup();
    (name.to_string(), extras)
}

/// The specifier text of a parsed requirement: from the first operator or `(` to `;` or the end.
fn specifier_text(text: &str) -> String {
    let before_marker = text.split(';').next().unwrap_or("");
    let after_extras = match before_marker.find(']') {
        Some(i) => &before_marker[i + 1..],
        None => before_marker,
    };
    let start = after_extras.find(['<', '>', '=', '!', '~', '(']);
    match start {
        Some(i) => after_extras[i..].trim().trim_start_matches('(').trim_end_matches(')').to_string(),
        None => String::new(),
    }
}

impl Requirement {
    /// Parses a PEP 508 requirement as `packaging.requirements.Requirement(text)` does.
    pub fn parse(text: &str) -> Result<Requirement, RequirementError> {
        check_name_ends(text)?;
        let parsed = pep508_rs::Requirement::<WrittenUrl>::from_str(text).or_else(|e| {
            // `===` takes any text in packaging; pep508_rs wants a version there. Read the
            // grammar with a stand-in, then the specifier from the text as written.
            let stand_in = arbitrary_as_version(text)
                .ok_or_else(|| RequirementError { message: e.message.to_string(), column: e.start })?;
            pep508_rs::Requirement::<WrittenUrl>::from_str(&stand_in)
                .map_err(|_| RequirementError { message: e.message.to_string(), column: e.start })
        })?;
        let (name, extras) = spelled_name_and_extras(text);
        let (specifier, url) = match &parsed.version_or_url {
            Some(VersionOrUrl::VersionSpecifier(_)) => {
                let spec_text = specifier_text(text);
                let set = SpecifierSet::parse(&spec_text).map_err(|e| RequirementError {
                    message: e.to_string(),
                    column: text.find(&spec_text).unwrap_or(0),
                })?;
                (set, None)
            }
            Some(VersionOrUrl::Url(url)) => {
                check_url(&url.0)
                    .map_err(|message| RequirementError { message, column: text.find('@').map_or(0, |i| i + 1) })?;
                (SpecifierSet::default(), Some(url.0.clone()))
            }
            None => (SpecifierSet::default(), None),
        };
        // The marker starts at the first `;` after the URL (a URL may hold a `;`).
        let from = url.as_ref().and_then(|u| text.find(u.as_str()).map(|i| i + u.len())).unwrap_or(0);
        let marker =
            text.get(from..).and_then(|rest| rest.split_once(';')).map(|(_, m)| Marker::parse(m)).transpose()?;
        Ok(Requirement { canonical_name: canonicalize_name(&name), name, extras, specifier, url, marker })
    }
}

/// PEP 508 names and extras end with a letter or digit. `pep508_rs` 0.9.2 checks this only at
/// the very end of the input and otherwise panics inside (`PackageName::new(..).expect(..)`
/// on `5_ `), which would kill the page: so the name and the extras are checked here first.
fn check_name_ends(text: &str) -> Result<(), RequirementError> {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let bad_end = |word: &str, offset: usize| -> Result<(), RequirementError> {
        match word.chars().last() {
            Some(last @ ('-' | '_' | '.')) => Err(RequirementError {
                message: format!("`{word}` ends with `{last}`: names and extras must end with a letter or a digit"),
                column: offset + word.len() - 1,
            }),
            _ => Ok(()),
        }
    };
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let name_len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
    bad_end(&rest[..name_len], start)?;
    let after = &rest[name_len..];
    let gap = after.len() - after.trim_start().len();
    if let Some(inner) = after.trim_start().strip_prefix('[') {
        let mut offset = start + name_len + gap + 1;
        for part in inner.split([',', ']']) {
            let lead = part.len() - part.trim_start().len();
            let extra_len = part[lead..].find(|c: char| !is_name_char(c)).unwrap_or(part.len() - lead);
            bad_end(&part[lead..lead + extra_len], offset + lead)?;
            offset += part.len() + 1;
            if inner.get(offset - (start + name_len + gap + 1)..).is_none() {
                break;
            }
        }
    }
    Ok(())
}

/// `text` with each `===<anything>` replaced by `===0`, or `None` when it has none.
fn arbitrary_as_version(text: &str) -> Option<String> {
    if !text.contains("===") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("===") {
        out.push_str(&rest[..i + 3]);
        let after = rest[i + 3..].trim_start();
        let end = after.find(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ')').unwrap_or(after.len());
        out.push('0');
        rest = &after[end..];
    }
    out.push_str(rest);
    Some(out)
}

/// `packaging`'s URL check: a `file:` URL must survive a round trip; any other needs a scheme
/// and a host.
fn check_url(url: &str) -> Result<(), String> {
    let (scheme, rest) = match url.split_once(':') {
        Some((scheme, rest))
            if !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            (scheme, rest)
        }
        _ => return Err(format!("`{url}` is not a URL: it needs a scheme such as `https://`")),
    };
    if scheme.eq_ignore_ascii_case("file") {
        return Ok(());
    }
    match rest.strip_prefix("//") {
        Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(()),
        _ => Err(format!("`{url}` is not a URL: it needs a host after `{scheme}://`")),
    }
}

impl fmt::Display for Requirement {
    /// As `str(Requirement)` prints it (the marker as written).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.extras.is_empty() {
            write!(f, "[{}]", self.extras.join(","))?;
        }
        if !self.specifier.is_empty() {
            write!(f, "{}", self.specifier)?;
        }
        if let Some(url) = &self.url {
            write!(f, " @ {url}")?;
            if self.marker.is_some() {
                f.write_str(" ")?;
            }
        }
        if let Some(marker) = &self.marker {
            write!(f, "; {}", marker.text)?;
        }
        Ok(())
    }
}
