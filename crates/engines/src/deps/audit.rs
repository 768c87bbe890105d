//! One pasted file, read and audited: each logical line's meaning, then the findings as
//! pip-audit reports them, the warnings for unpinned and loose lines, and the smallest safe
//! upgrade.

use serde::{Deserialize, Serialize};

use super::advisories::{Advisory, AdvisoryDatabase};
use super::installs::{Conflict, PackageRequirements};
use super::reqfile::{read_requirement_file, LineOptions};
use super::requirement::{canonicalize_name, PythonEnvironment, Requirement};
use super::version::{parse_version, Version};

/// The most text the sandbox reads: a requirements file is small; a 1 MB paste is answered
/// with a message about what was left out, not with a frozen page.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

/// How exactly a requirement line fixes its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pin {
    /// `==1.2.3` (or `===1.2.3`): one release, which is what an audit needs.
    Exact(String),
    /// A range (`>=2.0`, `~=3.1`, `==3.*`): what installs changes as new releases come out.
    Loose(String),
    /// No version at all.
    Unpinned,
}

/// What one logical line is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LineKind {
    /// A PEP 508 requirement.
    Requirement {
        /// Its parts in packaging's words: name as written and canonical, extras, specifier
        /// and marker, and `str(Requirement)`.
        name: String,
        canonical_name: String,
        extras: Vec<String>,
        specifier: String,
        marker: Option<String>,
        shown: String,
        /// Whether the marker holds for the chosen Python and platform (`None`: no marker).
        applies: Option<bool>,
        pin: Pin,
        /// `--hash` values given.
        hashes: usize,
    },
    /// A URL or VCS link, or `name @ url`: pip-audit cannot audit these and skips them.
    Url { target: String },
    /// `-e`: an editable install of a path or repository, also skipped by pip-audit.
    Editable { target: String },
    /// `-r file` or `-c file`: pip reads that file too; the sandbox asks for its text.
    Nested { file: String, constraint: bool },
    /// Only options (`--index-url`, `--require-hashes`, ...).
    Options { summary: Vec<String> },
    /// What pip or packaging refuses, in words, with the column (1-based) when known.
    Error { message: String, column: Option<usize> },
}

/// One logical line and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineReport {
    /// The first physical line (1-based).
    pub line: usize,
    pub text: String,
    pub kind: LineKind,
}

/// One vulnerable pin, as a pip-audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub line: usize,
    /// The canonical name, as pip-audit prints it.
    pub name: String,
    pub version: String,
    pub advisory: Advisory,
}

/// A warning about a line that is not an advisory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// The smallest release that no curated advisory affects, for a vulnerable pin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upgrade {
    pub name: String,
    pub from: String,
    pub to: String,
    /// The command that installs it.
    pub command: String,
}

/// Everything the sandbox shows for one paste.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub lines: Vec<LineReport>,
    pub findings: Vec<Finding>,
    pub warnings: Vec<Warning>,
    pub upgrades: Vec<Upgrade>,
    /// Pins that break another pinned package's own requirements.
    pub conflicts: Vec<Conflict>,
    /// Set when the paste was longer than [`MAX_INPUT_BYTES`].
    pub truncated: Option<String>,
}

fn summarize_options(options: &LineOptions) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(url) = &options.index_url {
        out.push(format!("index URL {url} (replaces PyPI)"));
    }
    out.extend(
        options.extra_index_urls.iter().map(|u| {
            format!("extra index {u}: pip may take a package from here instead of PyPI (dependency confusion)")
        }),
    );
    if options.no_index {
        out.push("--no-index: no package index at all".into());
    }
    out.extend(options.find_links.iter().map(|l| format!("find links {l}")));
    out.extend(options.trusted_hosts.iter().map(|h| format!("trusted host {h}: TLS errors for it are ignored")));
    if options.pre {
        out.push("--pre: pre-releases are allowed".into());
    }
    if options.require_hashes {
        out.push("--require-hashes: every requirement must be pinned with ==, and carry --hash".into());
    }
    if options.prefer_binary {
        out.push("--prefer-binary".into());
    }
    out.extend(options.features_enabled.iter().map(|f| format!("feature {f}")));
    if !options.hashes.is_empty() {
        out.push("--hash with no requirement on the line: pip ignores it".into());
    }
    out.extend(options.other.iter().cloned());
    out
}

/// Whether a requirement text is a URL or a path rather than a name (pip's own check in
/// `install_req_from_line`: a scheme, or a path separator or a leading dot).
fn looks_like_url_or_path(args: &str) -> bool {
    let lower = args.to_ascii_lowercase();
    let has_scheme = lower
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+'));
    has_scheme || args.starts_with('.') || args.starts_with('/') || args.contains('\\')
}

fn pin_of(requirement: &Requirement) -> Pin {
    let specifiers = requirement.specifier.specifiers();
    if let [only] = specifiers {
        let op = only.operator().to_string();
        if op == "==" || op == "===" {
            return Pin::Exact(only.version().to_string());
        }
    }
    if specifiers.is_empty() {
        Pin::Unpinned
    } else {
        Pin::Loose(requirement.specifier.to_string())
    }
}

/// Reads and audits a pasted file for `env`.
pub fn audit(
    text: &str,
    env: &PythonEnvironment,
    advisories: &AdvisoryDatabase,
    metadata: &PackageRequirements,
) -> Audit {
    let (text, truncated) = bounded(text);
    let mut lines = Vec::new();
    let mut findings = Vec::new();
    let mut warnings = Vec::new();
    let mut pins: Vec<(String, Version, usize)> = Vec::new();
    for file_line in read_requirement_file(text) {
        let kind = match &file_line.options {
            Err(message) => LineKind::Error { message: message.clone(), column: None },
            Ok(options) if !file_line.args.is_empty() => {
                if looks_like_url_or_path(&file_line.args) {
                    LineKind::Url { target: file_line.args.clone() }
                } else {
                    match Requirement::parse(&file_line.args) {
                        Err(e) => LineKind::Error { message: e.message, column: Some(e.column + 1) },
                        Ok(req) if req.url.is_some() => LineKind::Url { target: req.url.clone().unwrap_or_default() },
                        Ok(req) => requirement_line(&req, options, env),
                    }
                }
            }
            Ok(options) if !options.editables.is_empty() => LineKind::Editable { target: options.editables.join(" ") },
            Ok(options) if !options.requirements.is_empty() => {
                LineKind::Nested { file: options.requirements.join(" "), constraint: false }
            }
            Ok(options) if !options.constraints.is_empty() => {
                LineKind::Nested { file: options.constraints.join(" "), constraint: true }
            }
            Ok(options) => LineKind::Options { summary: summarize_options(options) },
        };
        if let LineKind::Requirement { canonical_name, pin, applies, .. } = &kind {
            match pin {
                Pin::Unpinned => warnings.push(Warning { line: file_line.line, message: format!("`{canonical_name}` is not pinned: every install may bring a different release, and pip-audit can only check the one it resolves today. Pin it with `==`.") }),
                Pin::Loose(spec) => warnings.push(Warning { line: file_line.line, message: format!("`{canonical_name}{spec}` is a range: what installs changes when a new release comes out. Pin the release you tested with `==` (and update on purpose).") }),
                Pin::Exact(version) => {
                    if *applies != Some(false) {
                        if let Ok(v) = parse_version(version) {
                            for advisory in advisories.affecting(canonical_name, &v) {
                                findings.push(Finding { line: file_line.line, name: canonical_name.clone(), version: version.clone(), advisory: advisory.clone() });
                            }
                            pins.push((canonical_name.clone(), v, file_line.line));
                        }
                    }
                }
            }
        }
        lines.push(LineReport { line: file_line.line, text: file_line.text, kind });
    }
    let pin_list: Vec<(String, Version)> = pins.iter().map(|(n, v, _)| (n.clone(), v.clone())).collect();
    let upgrades =
        pins.iter().filter_map(|(name, version, _)| smallest_safe_upgrade(name, version, advisories)).collect();
    Audit { lines, findings, warnings, upgrades, conflicts: metadata.conflicts(&pin_list, env), truncated }
}

fn requirement_line(req: &Requirement, options: &LineOptions, env: &PythonEnvironment) -> LineKind {
    LineKind::Requirement {
        name: req.name.clone(),
        canonical_name: req.canonical_name.clone(),
        extras: req.extras.clone(),
        specifier: req.specifier.to_string(),
        marker: req.marker.as_ref().map(|m| m.text.clone()),
        shown: req.to_string(),
        applies: req.marker.as_ref().and_then(|m| m.evaluate(env)),
        pin: pin_of(req),
        hashes: options.hashes.iter().map(|(_, d)| d.len()).sum(),
    }
}

/// The first [`MAX_INPUT_BYTES`] of `text`, cut at a line break.
fn bounded(text: &str) -> (&str, Option<String>) {
    if text.len() <= MAX_INPUT_BYTES {
        return (text, None);
    }
    let mut end = MAX_INPUT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind('\n').map_or(end, |i| i + 1);
    (
        &text[..cut],
        Some(format!(
            "Only the first {} KB are read: a requirements file is rarely longer. {} bytes were left out.",
            MAX_INPUT_BYTES / 1024,
            text.len() - cut
        )),
    )
}

/// The smallest fixed version above `version` that no curated advisory affects.
pub fn smallest_safe_upgrade(name: &str, version: &Version, advisories: &AdvisoryDatabase) -> Option<Upgrade> {
    if advisories.affecting(name, version).is_empty() {
        return None;
    }
    let name = canonicalize_name(name);
    let mut candidates: Vec<Version> = advisories
        .advisories
        .iter()
        .filter(|a| canonicalize_name(&a.package) == name)
        .flat_map(|a| a.fixed_versions.iter().filter_map(|f| parse_version(f).ok()))
        .filter(|f| f > version)
        .collect();
    candidates.sort();
    let to = candidates.into_iter().find(|c| advisories.affecting(&name, c).is_empty())?;
    Some(Upgrade {
        command: format!("pip install \"{name}=={to}\""),
        name,
        from: version.to_string(),
        to: to.to_string(),
    })
}

/// pip-audit's `-f json` shape: `{"dependencies": [{"name", "version", "vulns": [{"id",
/// "fix_versions", "aliases", "description"}]}], "fixes": []}`, for the pinned requirements.
pub fn pip_audit_json(audit: &Audit) -> serde_json::Value {
    let mut dependencies = Vec::new();
    for line in &audit.lines {
        if let LineKind::Requirement { canonical_name, pin: Pin::Exact(version), applies, .. } = &line.kind {
            if *applies == Some(false) {
                continue;
            }
            let vulns: Vec<serde_json::Value> = audit
                .findings
                .iter()
                .filter(|f| f.line == line.line)
                .map(|f| serde_json::json!({"id": f.advisory.id, "fix_versions": f.advisory.fixed_versions, "aliases": f.advisory.aliases, "description": f.advisory.summary}))
                .collect();
            dependencies.push(serde_json::json!({"name": canonical_name, "version": version, "vulns": vulns}));
        }
    }
    serde_json::json!({"dependencies": dependencies, "fixes": []})
}

/// pip-audit's summary line (which it prints on stderr) and its table (`Name Version ID Fix
/// Versions`, columns padded to the widest cell, a rule of dashes under the header), or its
/// message when nothing is found.
pub fn pip_audit_table(audit: &Audit) -> String {
    if audit.findings.is_empty() {
        return "No known vulnerabilities found".into();
    }
    let rows: Vec<[String; 4]> = audit
        .findings
        .iter()
        .map(|f| [f.name.clone(), f.version.clone(), f.advisory.id.clone(), f.advisory.fixed_versions.join(",")])
        .collect();
    let header = ["Name".to_string(), "Version".into(), "ID".into(), "Fix Versions".into()];
    let widths: Vec<usize> =
        (0..4).map(|i| rows.iter().map(|r| r[i].len()).chain([header[i].len()]).max().unwrap_or(0)).collect();
    let format_row = |r: &[String; 4]| {
        r.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect::<Vec<_>>().join(" ").trim_end().to_string()
    };
    let rule = widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join(" ");
    let vulnerable = audit.findings.iter().map(|f| f.name.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    let mut out = format!(
        "Found {} known vulnerabilit{} in {} package{}\n",
        audit.findings.len(),
        if audit.findings.len() == 1 { "y" } else { "ies" },
        vulnerable,
        if vulnerable == 1 { "" } else { "s" }
    );
    out.push_str(&format_row(&header));
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    let body: Vec<String> = rows.iter().map(format_row).collect();
    out.push_str(&body.join("\n"));
    out
}
