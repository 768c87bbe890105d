//! The SQL worker: `dragonproof_engines::sql` on a real SQLite, off the main thread. It owns the
//! castle database for as long as the lesson is open, so a dropped table stays dropped until
//! **Reset castle**.
//!
//! The view bundle names this type to talk to the worker but is built without the `sql`
//! feature, so SQLite is linked only into `sql_worker` (see Cargo.toml).

use dragonproof_engines::sql::{Evaluation, SqlRequest};
use gloo_worker::{HandlerId, Worker, WorkerScope};

/// The script Trunk writes for `src/bin/sql_worker.rs`.
pub const SCRIPT: &str = "sql_worker.js";

/// The worker's answer: the evaluation, or why the database could not start.
pub type SqlAnswer = Result<Evaluation, String>;

pub struct SqlWorker {
    #[cfg(feature = "sql")]
    engine: Result<dragonproof_engines::sql::sandbox::SqlEngine, String>,
}

/// The guard's clock: there is no `std::time::Instant` in wasm32-unknown-unknown.
#[cfg(feature = "sql")]
fn now() -> f64 {
    js_sys::Date::now()
}

impl Worker for SqlWorker {
    type Message = ();
    type Input = SqlRequest;
    type Output = SqlAnswer;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        #[cfg(feature = "sql")]
        {
            dragonproof_engines::sql::guard::set_clock(now);
            SqlWorker { engine: dragonproof_engines::sql::sandbox::SqlEngine::new() }
        }
        #[cfg(not(feature = "sql"))]
        SqlWorker {}
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        #[cfg(feature = "sql")]
        let answer = match &mut self.engine {
            Ok(engine) => Ok(engine.evaluate(&request)),
            Err(reason) => Err(reason.clone()),
        };
        #[cfg(not(feature = "sql"))]
        let answer = {
            let _ = request;
            Err("this build has no SQL engine".to_string())
        };
        scope.respond(id, answer);
    }
}
