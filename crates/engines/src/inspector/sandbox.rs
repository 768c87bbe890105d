//! The audits sandbox as a [`SandboxEngine`]: Python source in, the inspection out.
//!
//! - `sql-from-input`: the castle app's one query is parameterized at the start; the quest is
//!   solved when it is rebuilt from strings until Bandit's B608 fires.
//! - `clean-castle`: the castle app has no finding of medium severity or higher, parses, and
//!   still defines the routes it started with (deleting code is no fix).

use super::state::{describe_solution, InspectorOutcome, InspectorReply, InspectorRequest, InspectorState, CASTLE_APP};
use super::{inspect, Level, Route};
use crate::sandbox::{answer_request, SandboxEngine, Solution};

/// The audits sandbox.
pub struct InspectorSandbox;

impl SandboxEngine for InspectorSandbox {
    type State = InspectorState;
    type Env = ();
    type Outcome = InspectorOutcome;

    fn test_env() {}

    fn outcome(state: &InspectorState, _env: &mut ()) -> InspectorOutcome {
        InspectorOutcome { inspection: inspect(&state.source), starting_routes: inspect(CASTLE_APP).routes }
    }

    fn solved(quest: &str, outcome: &InspectorOutcome) -> Option<bool> {
        let inspection = &outcome.inspection;
        match quest {
            "sql-from-input" => Some(inspection.findings.iter().any(|f| f.id == "B608")),
            "clean-castle" => Some(
                inspection.syntax_errors.is_empty()
                    && inspection.notes.is_empty()
                    && !inspection.findings.iter().any(|f| f.severity >= Level::Medium)
                    && same_routes(&inspection.routes, &outcome.starting_routes),
            ),
            _ => None,
        }
    }

    fn describe(solution: &Solution) -> Vec<String> {
        describe_solution(solution)
    }
}

/// The worker's one computation: the outcome of the request's state and the requested quests
/// solved in it.
pub fn answer(request: &InspectorRequest) -> InspectorReply {
    answer_request::<InspectorSandbox>(request, &mut ())
}

/// The same paths with the same methods (view names may change).
fn same_routes(now: &[Route], start: &[Route]) -> bool {
    let key = |routes: &[Route]| routes.iter().map(|r| (r.path.clone(), r.methods.clone())).collect::<Vec<_>>();
    key(now) == key(start)
}
