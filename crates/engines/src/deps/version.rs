//! PEP 440 versions, read as `packaging.version.Version` reads them.
//!
//! The parsing and ordering are `pep440_rs`'s; this layer adds what `packaging` does around
//! them: surrounding whitespace is allowed (`Version(" 1.0 ")` is valid) and the error says
//! which text was refused.

use std::fmt;
use std::str::FromStr;

pub use pep440_rs::Version;

/// A text that is not a PEP 440 version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    /// The text as given.
    pub input: String,
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a version: PEP 440 versions look like `1.2`, `1.2.3rc1`, `2!1.0.post2` or `1.0+local.1`",
            self.input
        )
    }
}

impl std::error::Error for VersionError {}

/// Parses a version as `packaging.version.Version(text)` does.
pub fn parse_version(text: &str) -> Result<Version, VersionError> {
    // packaging's pattern is anchored with `^\s*` and `\s*$`.
    let trimmed = text.trim();
    // pep440_rs reads Unicode digits as digits only where Rust's `to_digit` would; packaging's
    // pattern is ASCII-only (`(?a:...)`), so anything non-ASCII is refused here first.
    if trimmed.is_empty() || !trimmed.is_ascii() {
        return Err(VersionError { input: text.to_string() });
    }
    Version::from_str(trimmed).map_err(|_| VersionError { input: text.to_string() })
}

/// `Version.is_prerelease`: a pre-release or a development release.
pub fn is_prerelease(version: &Version) -> bool {
    version.any_prerelease()
}

/// `Version.public`: the version without its local segment.
pub fn public(version: &Version) -> String {
    version.clone().without_local().to_string()
}

/// `Version.base_version`: epoch and release only.
pub fn base_version(version: &Version) -> String {
    let release = version.release().iter().map(u64::to_string).collect::<Vec<_>>().join(".");
    if version.epoch() == 0 {
        release
    } else {
        format!("{}!{release}", version.epoch())
    }
}

/// `Version.local`: the local segment after `+`, normalized, if any.
pub fn local(version: &Version) -> Option<String> {
    let segments = version.local();
    if segments.is_empty() {
        None
    } else {
        Some(segments.iter().map(ToString::to_string).collect::<Vec<_>>().join("."))
    }
}
