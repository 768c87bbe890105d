//! The audits sandbox's state and what its worker answers, without the parser: the view's
//! bundle names these types, and only the worker (the `python` feature) computes them.

use serde::{Deserialize, Serialize};

use super::{Inspection, Route, MAX_SOURCE_BYTES};
use crate::sandbox::{SandboxState, Solution};

/// The castle's Flask app, the sandbox's starting text.
pub const CASTLE_APP: &str = include_str!("../../fixtures/inspector/castle_app.py");

/// The samples the learner can load, by name.
pub const SAMPLES: &[(&str, &str)] = &[
    ("castle-app", CASTLE_APP),
    ("django-settings", include_str!("../../fixtures/inspector/django_settings_unsafe.py")),
    ("django-views", include_str!("../../fixtures/inspector/django_views.py")),
];

/// Everything the learner sets: the source in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectorState {
    pub source: String,
}

impl Default for InspectorState {
    fn default() -> Self {
        InspectorState { source: CASTLE_APP.into() }
    }
}

/// What the view shows and the quests read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectorOutcome {
    pub inspection: Inspection,
    /// The routes the starting app defines, to compare with.
    pub starting_routes: Vec<Route>,
}

/// A state from a link is bounded like a paste: four times what the inspector reads (the rest
/// would only be cut off with a note).
impl SandboxState for InspectorState {
    fn apply(&mut self, solution: &Solution) -> Result<(), String> {
        for (input, value) in solution {
            match input.as_str() {
                "source" => self.source = value.clone(),
                "sample" => match SAMPLES.iter().find(|(name, _)| name == value) {
                    Some((_, text)) => self.source = (*text).to_string(),
                    None => {
                        return Err(format!(
                            "there is no sample `{value}` (samples: {})",
                            SAMPLES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                        ))
                    }
                },
                other => {
                    return Err(format!("the audits sandbox has no input `{other}` (it has `source` and `sample`)"))
                }
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        if self.source.len() > 4 * MAX_SOURCE_BYTES {
            return Err(format!(
                "The source in this link is {} KB, more than the {} KB the sandbox accepts from a link.",
                self.source.len().div_ceil(1024),
                4 * MAX_SOURCE_BYTES / 1024
            ));
        }
        Ok(())
    }
}

/// What the view sends the worker on every change.
pub type InspectorRequest = crate::sandbox::WorkerRequest<InspectorState>;

/// The worker's answer to an [`InspectorRequest`].
pub type InspectorReply = crate::sandbox::WorkerReply<InspectorState, InspectorOutcome>;

/// A quest's solution in words, for the answer hint (here, without the parser, so the view's
/// bundle can say it too).
pub fn describe_solution(solution: &Solution) -> Vec<String> {
    solution
        .iter()
        .map(|(input, value)| match input.as_str() {
            "source" => format!("Replace the code with:\n{value}"),
            "sample" => format!("Load the sample {value}"),
            other => format!("Set {other} to {value}"),
        })
        .collect()
}
