//! The dependencies sandbox as a [`SandboxEngine`]: the pasted file and the chosen Python in,
//! the audit out, the quests read from it.
//!
//! - `pin-a-hole`: a line pins a release that an advisory rated high affects.
//! - `pinned-and-patched`: Flask, Django and requests are still there, every requirement line
//!   is pinned with `==` outside every advisory, no line is an error, and no pin breaks another
//!   pinned package's own requirements (Flask 3.1 beside Werkzeug 2 is no fix).

use serde::{Deserialize, Serialize};

use super::advisories::AdvisoryDatabase;
use super::audit::{audit, Audit, LineKind, Pin, MAX_INPUT_BYTES};
use super::installs::PackageRequirements;
use super::requirement::PythonEnvironment;
use crate::sandbox::{SandboxEngine, SandboxState, Solution};

/// The file the sandbox starts with: unpinned, as many projects begin.
pub const STARTER_REQUIREMENTS: &str = "flask\ndjango\nrequests\n";

/// The packages the starting file names; a fix must keep them.
const STARTER_PACKAGES: &[&str] = &["flask", "django", "requests"];

/// The Pythons and platforms the learner can pick for markers.
pub const ENVIRONMENTS: &[&str] = &["linux-cpython-3.12", "windows-cpython-3.9", "macos-cpython-3.13"];

/// Everything the learner sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepsState {
    /// The pasted `requirements.txt` or `pip freeze` output.
    pub requirements: String,
    /// One of [`ENVIRONMENTS`].
    pub environment: String,
}

impl Default for DepsState {
    fn default() -> Self {
        DepsState { requirements: STARTER_REQUIREMENTS.into(), environment: ENVIRONMENTS[0].into() }
    }
}

/// The environment for one of [`ENVIRONMENTS`] (the default for an unknown name).
pub fn environment(name: &str) -> PythonEnvironment {
    let mut env = PythonEnvironment::linux_cpython_312();
    match name {
        "windows-cpython-3.9" => {
            env.os_name = "nt".into();
            env.platform_machine = "AMD64".into();
            env.platform_release = "10".into();
            env.platform_system = "Windows".into();
            env.platform_version = "10.0.19045".into();
            env.python_full_version = "3.9.13".into();
            env.implementation_version = "3.9.13".into();
            env.python_version = "3.9".into();
            env.sys_platform = "win32".into();
        }
        "macos-cpython-3.13" => {
            env.platform_machine = "arm64".into();
            env.platform_release = "24.1.0".into();
            env.platform_system = "Darwin".into();
            env.platform_version = "Darwin Kernel Version 24.1.0".into();
            env.python_full_version = "3.13.1".into();
            env.implementation_version = "3.13.1".into();
            env.python_version = "3.13".into();
            env.sys_platform = "darwin".into();
        }
        _ => {}
    }
    env
}

/// A state from a link is bounded like a paste and names an environment the sandbox knows.
impl SandboxState for DepsState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "requirements" => self.requirements = value.clone(),
                "environment" if ENVIRONMENTS.contains(&value.as_str()) => self.environment = value.clone(),
                "environment" => {
                    return Err(format!(
                        "`{value}` is not one of the sandbox's environments ({})",
                        ENVIRONMENTS.join(", ")
                    ))
                }
                other => {
                    return Err(format!(
                        "the dependencies sandbox has no input `{other}` (it has `requirements` and `environment`)"
                    ))
                }
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        if self.requirements.len() > 4 * MAX_INPUT_BYTES {
            return Err("This link's requirements file is too long to show.".into());
        }
        if !ENVIRONMENTS.contains(&self.environment.as_str()) {
            return Err(format!("This link names an environment the sandbox does not know: `{}`.", self.environment));
        }
        Ok(())
    }
}

/// What the view sends the deps worker on every change.
pub type DepsRequest = crate::sandbox::WorkerRequest<DepsState>;

/// The worker's answer to a [`DepsRequest`].
pub type DepsReply = crate::sandbox::WorkerReply<DepsState, Audit>;

/// The worker's one computation (the advisories and metadata in `env` are parsed once, by the
/// worker, for its life).
pub fn answer(request: &DepsRequest, env: &mut DepsEnv) -> DepsReply {
    crate::sandbox::answer_request::<DepsSandbox>(request, env)
}

/// A quest's solution in words, for the answer hint (a plain function, so the view's bundle
/// can say it without linking the engine).
pub fn describe_solution(solution: &Solution) -> Vec<String> {
    solution
        .iter()
        .map(|(input, value)| match input.as_str() {
            "requirements" => format!("Set the requirements to:\n{value}"),
            "environment" => format!("Pick the environment {value}"),
            other => format!("Set {other} to {value}"),
        })
        .collect()
}

/// The data the engine reads: advisories and package metadata, parsed once.
pub struct DepsEnv {
    pub advisories: AdvisoryDatabase,
    pub metadata: PackageRequirements,
}

impl DepsEnv {
    /// The curated advisories and package metadata, parsed from the data compiled in.
    pub fn curated() -> DepsEnv {
        DepsEnv { advisories: AdvisoryDatabase::curated(), metadata: PackageRequirements::curated() }
    }
}

/// The dependencies sandbox.
pub struct DepsSandbox;

impl SandboxEngine for DepsSandbox {
    type State = DepsState;
    type Env = DepsEnv;
    type Outcome = Audit;

    fn test_env() -> DepsEnv {
        DepsEnv::curated()
    }

    fn outcome(state: &DepsState, env: &mut DepsEnv) -> Audit {
        audit(&state.requirements, &environment(&state.environment), &env.advisories, &env.metadata)
    }

    fn solved(quest: &str, outcome: &Audit) -> Option<bool> {
        match quest {
            "pin-a-hole" => Some(outcome.findings.iter().any(|f| f.advisory.is_high())),
            "pinned-and-patched" => Some(pinned_and_patched(outcome)),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        describe_solution(solution)
    }
}

fn pinned_and_patched(outcome: &Audit) -> bool {
    let mut present = Vec::new();
    for line in &outcome.lines {
        match &line.kind {
            LineKind::Requirement { canonical_name, pin, applies, .. } => {
                if *applies == Some(false) {
                    continue;
                }
                if !matches!(pin, Pin::Exact(_)) {
                    return false;
                }
                present.push(canonical_name.as_str());
            }
            LineKind::Error { .. } => return false,
            _ => {}
        }
    }
    STARTER_PACKAGES.iter().all(|p| present.contains(p))
        && outcome.findings.is_empty()
        && outcome.conflicts.is_empty()
        && outcome.truncated.is_none()
}
