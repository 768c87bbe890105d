//! The advisories we curate (`crates/engines/data/advisories.json`), in a shape modelled on OSV.
//!
//! Each range is half-open like OSV's `ECOSYSTEM` ranges: `introduced` is affected, `fixed`
//! is not. `introduced = "0"` means every release before the fix.

use serde::{Deserialize, Serialize};

use super::requirement::canonicalize_name;
use super::version::{parse_version, Version};

/// The data file, embedded at build time.
const ADVISORIES_JSON: &str = include_str!("../../data/advisories.json");

/// One affected range of versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedRange {
    /// The first affected version (`"0"`: all earlier ones).
    pub introduced: String,
    /// The first version with the fix.
    pub fixed: String,
}

/// One advisory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advisory {
    /// Its primary id (GHSA, CVE or PYSEC).
    pub id: String,
    /// Other ids of the same issue.
    pub aliases: Vec<String>,
    /// The package, as written on PyPI (compared canonicalized).
    pub package: String,
    pub ranges: Vec<AffectedRange>,
    /// The versions that fix it, one per release line.
    pub fixed_versions: Vec<String>,
    /// The severity the source states (`low`, `moderate`, `medium`, `high`, `critical`), if it does.
    pub severity: Option<String>,
    /// Our own one-line summary.
    pub summary: String,
    /// One page to read more.
    pub reference: String,
    /// How the entry was checked.
    pub checked: String,
    /// How the aliases were checked, when not like the rest.
    #[serde(default)]
    pub aliases_checked: Option<String>,
}

/// The whole data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryDatabase {
    /// What the file is and how it was made.
    pub about: String,
    /// When the entries were last checked.
    pub checked_on: String,
    pub advisories: Vec<Advisory>,
}

impl AdvisoryDatabase {
    /// The curated database. The file is ours and checked by the tests, so a parse failure
    /// can only come from an edit that the tests also catch; it yields an empty database
    /// rather than a panic in the browser.
    pub fn curated() -> AdvisoryDatabase {
        serde_json::from_str(ADVISORIES_JSON).unwrap_or_else(|_| AdvisoryDatabase {
            about: String::new(),
            checked_on: String::new(),
            advisories: Vec::new(),
        })
    }

    /// The advisories that affect `package` at `version`.
    pub fn affecting<'a>(&'a self, package: &str, version: &Version) -> Vec<&'a Advisory> {
        let name = canonicalize_name(package);
        self.advisories.iter().filter(|a| canonicalize_name(&a.package) == name && a.affects(version)).collect()
    }
}

impl Advisory {
    /// Whether `version` falls in one of the ranges.
    pub fn affects(&self, version: &Version) -> bool {
        self.ranges.iter().any(|range| range.contains(version))
    }

    /// Whether the source rates it high (or critical).
    pub fn is_high(&self) -> bool {
        matches!(self.severity.as_deref(), Some("high" | "critical"))
    }
}

impl AffectedRange {
    /// `introduced <= version < fixed`, comparing as PEP 440 versions.
    pub fn contains(&self, version: &Version) -> bool {
        let after_start =
            self.introduced == "0" || parse_version(&self.introduced).is_ok_and(|start| version >= &start);
        let before_fix = parse_version(&self.fixed).is_ok_and(|fixed| version < &fixed);
        after_start && before_fix
    }
}
