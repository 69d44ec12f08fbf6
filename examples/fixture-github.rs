//! A GitHub-REST-shaped HTTP server over a fixture directory, on 127.0.0.1, for demos:
//!
//! ```sh
//! cargo run --example fixture-github -- tests/fixtures/github              # a free port, printed
//! cargo run --example fixture-github -- tests/fixtures/github --port 8081 --github-limits
//! curl http://127.0.0.1:8081/repos/EleutherAI/gpt-neox
//! GITHUB_API_URL=http://127.0.0.1:8081 openness scan EleutherAI/pythia-1b
//! ```
//!
//! The layout of the directory (`OWNER/REPO/repo.json` + `files/`), the endpoints, the faults
//! it can play and the request counts it keeps are described in
//! `tests/support/fixture_github.rs` (`GET /_fixture/stats` returns the counts).
//! `--github-limits` enforces GitHub's own rate limits (60 an hour without a token).

#[path = "../tests/support/fixture_github.rs"]
mod fixture_github;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root = None;
    let mut port = 0u16;
    let mut limits = fixture_github::Limits::default();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| usage("--port needs a number"))
            }
            "--github-limits" => limits = fixture_github::Limits::github(),
            "-h" | "--help" => usage(""),
            _ if root.is_none() => root = Some(a),
            _ => usage(&format!("unexpected argument `{a}`")),
        }
    }
    let root = root.unwrap_or_else(|| usage("give the fixture directory"));
    if !std::path::Path::new(&root).is_dir() {
        usage(&format!("{root} is not a directory"));
    }
    let server = fixture_github::FixtureGithub::bind(&root, &format!("127.0.0.1:{port}"), limits)
        .unwrap_or_else(|e| usage(&format!("cannot listen on 127.0.0.1:{port}: {e}")));
    println!("{}", server.endpoint());
    eprintln!(
        "fixture GitHub serving {root} at {} (GITHUB_API_URL={}); Ctrl-C to stop",
        server.endpoint(),
        server.endpoint()
    );
    loop {
        std::thread::park();
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("fixture-github: {problem}");
    }
    eprintln!(
        "usage: cargo run --example fixture-github -- FIXTURE_DIR [--port PORT] [--github-limits]"
    );
    std::process::exit(2)
}
