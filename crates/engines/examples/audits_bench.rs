//! Times the deps and inspector engines: a keystroke on a 10 KB requirements file and on a 1 MB
//! paste (bounded), and the inspection of a 2,000-line module, of 10,000 nested parentheses and
//! of a 1 MB paste (bounded). Run:
//! `cargo run --release -p dragonproof-engines --features python --example audits_bench`.

use std::time::Instant;

use dragonproof_engines::deps::sandbox::{DepsSandbox, DepsState};
use dragonproof_engines::inspector::inspect;
use dragonproof_engines::inspector::state::CASTLE_APP;
use dragonproof_engines::sandbox::SandboxEngine;

/// This thread's time on a CPU, in nanoseconds (Linux `schedstat`): on a machine shared with
/// other builds, wall-clock time mostly measures waiting for a core.
fn cpu_nanos() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// Median wall-clock time and mean CPU time per run, in milliseconds.
fn time(runs: usize, mut work: impl FnMut()) -> (f64, Option<f64>) {
    let cpu_start = cpu_nanos();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let cpu = cpu_start.zip(cpu_nanos()).map(|(a, b)| b.saturating_sub(a) as f64 / 1e6 / runs as f64);
    times.sort_by(|a, b| a.total_cmp(b));
    (times.get(times.len() / 2).copied().unwrap_or_default(), cpu)
}

fn show(what: &str, (wall, cpu): (f64, Option<f64>)) {
    match cpu {
        Some(cpu) => println!("{what}: {cpu:.2} ms of CPU per run (wall-clock median {wall:.2} ms)"),
        None => println!("{what}: wall-clock median {wall:.2} ms"),
    }
}

fn main() {
    let mut env = DepsSandbox::test_env();
    let mut requirements = String::new();
    let packages = ["flask", "werkzeug", "django", "requests", "urllib3", "jinja2", "markupsafe"];
    let mut n = 0;
    while requirements.len() < 10 * 1024 {
        let name = packages.get(n % packages.len()).copied().unwrap_or("flask");
        requirements.push_str(&format!("{name}==3.{}.{} ; python_version >= \"3.9\"  # pinned\n", n % 7, n % 5));
        n += 1;
    }
    let deps = DepsState { requirements: requirements.clone(), ..DepsState::default() };
    let huge = DepsState { requirements: requirements.repeat(100), ..DepsState::default() };
    show(
        &format!("deps, {} KB, {} lines", requirements.len() / 1024, requirements.lines().count()),
        time(50, || drop(DepsSandbox::outcome(&deps, &mut env))),
    );
    show(
        &format!("deps, {} KB paste (reads 64 KB)", huge.requirements.len() / 1024),
        time(10, || drop(DepsSandbox::outcome(&huge, &mut env))),
    );

    let mut module = String::new();
    while module.lines().count() < 2_000 {
        module.push_str(CASTLE_APP);
    }
    let lines = module.lines().count();
    let findings = inspect(&module).findings.len();
    show(
        &format!("inspector, {lines} lines ({} KB, {findings} findings)", module.len() / 1024),
        time(10, || drop(inspect(&module))),
    );
    let nested = "x = ".to_string() + &"(".repeat(10_000) + "1" + &")".repeat(10_000);
    show("inspector, 10,000 nested parentheses", time(5, || drop(inspect(&nested))));
    let paste = "x = pickle.loads(data)\n".repeat(48_000);
    show(&format!("inspector, {} KB paste (reads 256 KB)", paste.len() / 1024), time(3, || drop(inspect(&paste))));
}
