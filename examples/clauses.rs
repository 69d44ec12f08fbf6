//! The clause reader from the command line: times it on a 20 kB text, or prints the clauses it
//! finds in files.
//!
//! ```sh
//! cargo run --release --example clauses -- bench            # time per read of a 20 kB text
//! cargo run --release --example clauses -- LICENSE USE_POLICY.md
//! cargo run --release --example clauses -- --kinds DIR...   # one line per file: the kinds
//! ```
//!
//! The 20 kB text is made of the hand-written license texts in `tests/fixtures/license-texts/`
//! (repeated until it is 20 kB long), so it has many clauses and many near-misses.

use std::path::{Path, PathBuf};
use std::time::Instant;

use openness::license::clauses::{ClauseReader, read_clauses};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => bench(),
        Some("--kinds") => {
            for p in files(&args[1..]) {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                let mut kinds: Vec<String> = read_clauses(&text)
                    .iter()
                    .map(|c| match c.threshold {
                        Some(t) => format!("{}({t})", c.kind),
                        None => c.kind.to_string(),
                    })
                    .collect();
                kinds.sort();
                kinds.dedup();
                println!("{}\t{}", p.display(), kinds.join(", "));
            }
        }
        Some(_) => {
            for p in files(&args) {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                println!("== {}", p.display());
                for c in read_clauses(&text) {
                    let n = c
                        .threshold
                        .map(|t| format!(" [{t} {}]", c.unit.clone().unwrap_or_default()))
                        .unwrap_or_default();
                    println!(
                        "  {}-{} {} ({}){n}: {}",
                        c.first_line, c.last_line, c.kind, c.pattern, c.quote
                    );
                }
            }
        }
        None => eprintln!("usage: clauses bench | clauses [--kinds] FILE_OR_DIR..."),
    }
}

/// The files named, and the files inside the directories named (one level, no `SOURCE`).
fn files(args: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        let p = Path::new(a);
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|d| d.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            inner.retain(|f| f.is_file() && f.file_name().is_some_and(|n| n != "SOURCE"));
            inner.sort();
            out.extend(inner);
        } else {
            out.push(p.to_path_buf());
        }
    }
    out
}

fn bench() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/license-texts");
    let mut corpus = String::new();
    for f in files(&[dir.display().to_string()]) {
        if f.extension().is_some_and(|e| e == "txt" || e == "md") {
            corpus.push_str(&std::fs::read_to_string(&f).unwrap_or_default());
            corpus.push('\n');
        }
    }
    if corpus.is_empty() {
        corpus = "You may not use the Model for commercial purposes.\n".to_string();
    }
    let mut text = String::new();
    while text.len() < 20_000 {
        text.push_str(&corpus);
    }
    let mut cut = 20_000;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);

    let t = Instant::now();
    let reader = ClauseReader::builtin();
    println!("patterns compiled once in {:.1} ms", ms(t));
    let found = reader.read(&text).len();
    let runs = 500;
    let cpu_before = cpu_ns();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(reader.read(std::hint::black_box(&text)));
            ms(t)
        })
        .collect();
    let cpu = cpu_before
        .zip(cpu_ns())
        .map(|(a, b)| {
            format!(
                ", {:.3} ms of CPU per read",
                (b - a) as f64 / 1e6 / runs as f64
            )
        })
        .unwrap_or_default();
    times.sort_by(f64::total_cmp);
    println!(
        "{} bytes, {} lines, {found} clauses: median {:.3} ms, p95 {:.3} ms, max {:.3} ms over {runs} reads (wall clock){cpu}",
        text.len(),
        text.lines().count(),
        times[runs / 2],
        times[runs * 95 / 100],
        times[runs - 1]
    );
}

/// The CPU time this thread has used (Linux), which other processes on a busy machine do not
/// inflate the way they inflate wall-clock time.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
