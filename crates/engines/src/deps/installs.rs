//! Whether a set of pins still installs: each pinned package's own requirements (read from its
//! wheel metadata on PyPI by `fixtures/make_package_requirements.py`, into
//! `crates/engines/data/package_requirements.json`) are met by the other pins, and its
//! `Requires-Python` by the chosen environment. Flask 3.1 beside Werkzeug 2 is no fix, and
//! neither is Django 6.1 on Python 3.9.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::requirement::{canonicalize_name, PythonEnvironment, Requirement};
use super::specifier::SpecifierSet;
use super::version::{parse_version, Version};

const PACKAGE_REQUIREMENTS_JSON: &str = include_str!("../../data/package_requirements.json");

/// The curated metadata: for each package (canonical name), for each release we read, its
/// `Requires-Dist` lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageRequirements {
    /// Where the data came from and how it is used.
    pub about: String,
    pub packages: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// For each package, for each release read, its `Requires-Python` ("" when it has none).
    #[serde(default)]
    pub requires_python: BTreeMap<String, BTreeMap<String, String>>,
}

/// A pinned package whose own requirement another pin breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The package that requires (`flask`), and its pinned version.
    pub package: String,
    pub version: String,
    /// The release whose metadata was read (the same, or the nearest earlier one of its series).
    pub metadata_of: String,
    /// Its requirement as its metadata writes it (`Werkzeug>=3.1`).
    pub requires: String,
    /// The pin that does not satisfy it (`werkzeug==2.3.8`), or the environment's Python version
    /// when `python` is set.
    pub pinned: String,
    /// The requirement is the release's `Requires-Python` (`>=3.12`), which the chosen
    /// environment's Python breaks, not another pin.
    #[serde(default)]
    pub python: bool,
}

impl PackageRequirements {
    /// The curated data (empty if the embedded file were damaged; the tests read it).
    pub fn curated() -> PackageRequirements {
        serde_json::from_str(PACKAGE_REQUIREMENTS_JSON).unwrap_or_else(|_| PackageRequirements {
            about: String::new(),
            packages: BTreeMap::new(),
            requires_python: BTreeMap::new(),
        })
    }

    /// The requirements of `package` at `version`: its own entry, else the nearest earlier
    /// curated release of the same `major.minor`, else the earliest later one of that series
    /// (requirements seldom change within a series; the data file says which were read).
    pub fn requirements_of(&self, package: &str, version: &Version) -> Option<(String, &[String])> {
        let (text, reqs) = nearest_release(self.packages.get(&canonicalize_name(package))?, version)?;
        Some((text.clone(), reqs.as_slice()))
    }

    /// The `Requires-Python` of `package` at `version` (by the same nearest-release rule), and the
    /// release it was read from; `None` when none was read or it has none.
    pub fn requires_python_of(&self, package: &str, version: &Version) -> Option<(String, &str)> {
        let (text, spec) = nearest_release(self.requires_python.get(&canonicalize_name(package))?, version)?;
        (!spec.is_empty()).then(|| (text.clone(), spec.as_str()))
    }

    /// Every requirement of a pinned package that another pin, or the environment's Python, breaks.
    pub fn conflicts(&self, pins: &[(String, Version)], env: &PythonEnvironment) -> Vec<Conflict> {
        let mut conflicts = Vec::new();
        let mut by_name: BTreeMap<String, Vec<&Version>> = BTreeMap::new();
        for (package, version) in pins {
            by_name.entry(canonicalize_name(package)).or_default().push(version);
        }
        // Each package's metadata is read once, however often it is pinned.
        let mut seen = std::collections::BTreeSet::new();
        for (package, version) in pins {
            if !seen.insert((canonicalize_name(package), version.to_string())) {
                continue;
            }
            if let Some((metadata_of, spec)) = self.requires_python_of(package, version) {
                let python = &env.python_full_version;
                if SpecifierSet::parse(spec).is_ok_and(|set| !set.contains_text(python, None)) {
                    conflicts.push(Conflict {
                        package: canonicalize_name(package),
                        version: version.to_string(),
                        metadata_of: metadata_of.clone(),
                        requires: spec.to_string(),
                        pinned: python.clone(),
                        python: true,
                    });
                }
            }
            let Some((metadata_of, requirements)) = self.requirements_of(package, version) else {
                continue;
            };
            for text in requirements {
                let Ok(required) = Requirement::parse(text) else {
                    continue;
                };
                // Requirements behind an extra (`extra == "dotenv"`) only apply when that extra
                // is installed; the sandbox installs none.
                if let Some(marker) = &required.marker {
                    if marker.evaluate(env) != Some(true) {
                        continue;
                    }
                }
                for other_version in by_name.get(&required.canonical_name).into_iter().flatten() {
                    if !required.specifier.contains(other_version, None) {
                        conflicts.push(Conflict {
                            package: canonicalize_name(package),
                            version: version.to_string(),
                            metadata_of: metadata_of.clone(),
                            requires: text.clone(),
                            pinned: format!("{}=={other_version}", required.canonical_name),
                            python: false,
                        });
                    }
                }
            }
        }
        conflicts
    }
}

/// The entry for `version` in `releases`: its own, else the nearest earlier release of the same
/// `major.minor`, else the earliest later one of that series (metadata seldom changes within a
/// series; the data file says which releases were read).
fn nearest_release<'d, T>(releases: &'d BTreeMap<String, T>, version: &Version) -> Option<(&'d String, &'d T)> {
    let series = |v: &Version| (v.epoch(), v.release().first().copied(), v.release().get(1).copied().unwrap_or(0));
    let same_series: Vec<(Version, &String, &T)> = releases
        .iter()
        .filter_map(|(text, entry)| parse_version(text).ok().map(|v| (v, text, entry)))
        .filter(|(v, _, _)| series(v) == series(version))
        .collect();
    let earlier = same_series.iter().filter(|(v, _, _)| v <= version).max_by(|a, b| a.0.cmp(&b.0));
    let later = same_series.iter().filter(|(v, _, _)| v > version).min_by(|a, b| a.0.cmp(&b.0));
    earlier.or(later).map(|(_, text, entry)| (*text, *entry))
}
