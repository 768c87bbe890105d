//! The SQL worker: `dragonproof_engines::sql` on a real SQLite, off the main thread. It owns the
//! castle database for as long as the lesson is open, so a dropped table stays dropped until
//! **Reset castle**.
//!
//! The view bundle names this type to talk to the worker but is built without the `sql`
//! feature, so SQLite is linked only into `sql_worker` (see Cargo.toml).

use dragonproof_engines::sql::{SqlReply, SqlRequest};
use gloo_worker::{HandlerId, Worker, WorkerScope};

/// The script Trunk writes for `src/bin/sql_worker.rs`.
pub const SCRIPT: &str = "sql_worker.js";

pub struct SqlWorker {
    /// The SQL engine's environment: the castle database and the guard's clock.
    #[cfg(feature = "sql")]
    env: dragonproof_engines::sql::sandbox::SqlEnv,
}

#[cfg(feature = "sql")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.now()` of the worker's global scope: monotonic milliseconds, unlike
    /// `Date.now()`, which jumps when the system clock is set.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The guard's clock: there is no `std::time::Instant` in wasm32-unknown-unknown.
#[cfg(feature = "sql")]
fn clock() -> dragonproof_engines::sql::guard::Clock {
    dragonproof_engines::sql::guard::Clock::new(performance_now)
}

impl Worker for SqlWorker {
    type Message = ();
    type Input = SqlRequest;
    type Output = SqlReply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        #[cfg(feature = "sql")]
        {
            SqlWorker { env: dragonproof_engines::sql::sandbox::SqlEnv::open(clock()) }
        }
        #[cfg(not(feature = "sql"))]
        SqlWorker {}
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        // The one outcome, and the quests read from it, here in the worker.
        #[cfg(feature = "sql")]
        let answer = dragonproof_engines::sql::sandbox::answer(&mut self.env, &request);
        #[cfg(not(feature = "sql"))]
        let answer = {
            let _ = request;
            SqlReply { outcome: Err("this build has no SQL engine".to_string()), solved: Vec::new() }
        };
        scope.respond(id, answer);
    }
}
