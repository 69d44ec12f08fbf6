//! An arXiv-OAI-PMH-shaped HTTP server over a directory of paper records, on 127.0.0.1, for demos:
//!
//! ```sh
//! cargo run --example fixture-arxiv -- tests/fixtures/arxiv              # a free port, printed
//! cargo run --example fixture-arxiv -- tests/fixtures/arxiv --port 8082
//! curl 'http://127.0.0.1:8082/oai2?verb=GetRecord&identifier=oai:arXiv.org:2304.01373&metadataPrefix=arXiv'
//! ```
//!
//! The record format (`ID.json`), the faults it can play and the request counts it keeps are
//! described in `tests/support/fixture_arxiv.rs` (`GET /_fixture/stats` returns the counts).

#[path = "../tests/support/fixture_arxiv.rs"]
mod fixture_arxiv;

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
    let root = root.unwrap_or_else(|| usage("give the directory of records"));
    if !std::path::Path::new(&root).is_dir() {
        usage(&format!("{root} is not a directory"));
    }
    let server = fixture_arxiv::FixtureArxiv::bind(&root, &format!("127.0.0.1:{port}"))
        .unwrap_or_else(|e| usage(&format!("cannot listen on 127.0.0.1:{port}: {e}")));
    println!("{}", server.endpoint());
    eprintln!(
        "fixture arXiv serving {root} at {}/oai2; Ctrl-C to stop",
        server.endpoint()
    );
    loop {
        std::thread::park();
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("fixture-arxiv: {problem}");
    }
    eprintln!("usage: cargo run --example fixture-arxiv -- RECORDS_DIR [--port PORT]");
    std::process::exit(2)
}
