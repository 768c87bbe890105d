//! Prints the sandbox registry as JSON, for the scripts that build bundles and workers and for
//! the end-to-end tests: `cargo run -q -p dragonproof-engines --example registry`.

fn main() {
    match serde_json::to_string_pretty(dragonproof_engines::registry::SANDBOXES) {
        Ok(json) => println!("{json}"),
        Err(error) => {
            eprintln!("cannot write the registry: {error}");
            std::process::exit(1);
        }
    }
}
