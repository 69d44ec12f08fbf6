//! A Hub-shaped HTTP server over a fixture directory, on 127.0.0.1, for demos and benchmarks:
//!
//! ```sh
//! cargo run --example fixture-hub -- tests/fixtures/hub            # a free port, printed
//! cargo run --example fixture-hub -- tests/fixtures/hub --port 8080
//! HF_ENDPOINT=http://127.0.0.1:8080 openness scan fixture-org/open-model --verbose
//! ```
//!
//! The layout of the directory, the faults it can play and the request counts it keeps are
//! described in `tests/support/fixture_hub.rs` (`GET /_fixture/stats` returns the counts).
//! `ROOT/templates/ORG/` serves any number of generated models `ORG/<name>` (benchmarks).

#[path = "../tests/support/fixture_hub.rs"]
mod fixture_hub;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root = None;
    let mut port = 0u16;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| usage("--port needs a number"))
            }
            "-h" | "--help" => usage(""),
            _ if root.is_none() => root = Some(a),
            _ => usage(&format!("unexpected argument `{a}`")),
        }
    }
    let root = root.unwrap_or_else(|| usage("give the fixture directory"));
    if !std::path::Path::new(&root).is_dir() {
        usage(&format!("{root} is not a directory"));
    }
    let hub = fixture_hub::FixtureHub::bind(&root, &format!("127.0.0.1:{port}"))
        .unwrap_or_else(|e| usage(&format!("cannot listen on 127.0.0.1:{port}: {e}")));
    println!("{}", hub.endpoint());
    eprintln!(
        "fixture hub serving {root} at {} (HF_ENDPOINT={}); Ctrl-C to stop",
        hub.endpoint(),
        hub.endpoint()
    );
    loop {
        std::thread::park();
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("fixture-hub: {problem}");
    }
    eprintln!("usage: cargo run --example fixture-hub -- FIXTURE_DIR [--port PORT]");
    std::process::exit(2)
}
