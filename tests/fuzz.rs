//! Fuzzing on the stable toolchain: every parser of untrusted input (card front matter and
//! sections, license expressions and texts, rubrics, policies, MOT manifests, the Hub's JSON) is
//! driven by its seed corpus in `tests/fuzz/<target>/` and by deterministic mutations of it (bit
//! flips, truncations, splices between seeds, repeated fragments, and tricky tokens: deep nesting,
//! YAML anchors and aliases, huge numbers, NUL, invalid UTF-8, BOMs, long lines, duplicate keys).
//!
//! Each input must give `Ok` or a clean error: no panic, and within a time bound (2 s for each
//! 32 kB started). A failing input is saved to `target/fuzz-failures/<target>-<hash>.bin`;
//! replay it with `OPENNESS_FUZZ_INPUT=target/fuzz-failures/<file> cargo test --test fuzz <target>`.
//!
//! Seeds named `ok-*` must be accepted and seeds named `err-*` refused, so the corpus keeps
//! reaching past the parsers into what reads their results.
//!
//! Knobs (environment): `OPENNESS_FUZZ_ITERS` (mutated inputs per target, or `10x` for ten times
//! the default, which keeps the binary near a minute on two cores), `OPENNESS_FUZZ_SEED`
//! (another sequence of mutations), `OPENNESS_FUZZ_MAX_LEN` (the largest input made),
//! `OPENNESS_FUZZ_LIMIT_MS` (the bound per 32 kB), `OPENNESS_FUZZ_SECONDS` (a wall-clock budget
//! per target; 15 s unless `OPENNESS_FUZZ_ITERS` is set).
//!
//! `growth` (ignored by default, long) looks for time that grows faster than the input.

#[path = "fuzz/targets.rs"]
mod targets;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use targets::{FuzzTarget, Outcome, TARGETS};

/// The time bound grows by its base value for every this many bytes of input: reading is linear,
/// and a debug build reads a 100 kB card in seconds (a quadratic reader takes minutes).
const BOUND_STEP: usize = 32 * 1024;

/// Tokens that break parsers: structure (deep nesting, anchors and aliases, merge keys, document
/// markers, tags), numbers out of range, encodings (NUL, invalid UTF-8, BOMs, bidi controls) and
/// what the license and link readers look for.
const TRICKY: &[&[u8]] = &[
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
    b"]]]]}}}}",
    b"&a ",
    b"*a",
    b"&anchor [x, x, x]",
    b"<<: *a\n",
    b"? ",
    b": ",
    b"- ",
    b"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - ",
    b"---\n",
    b"...\n",
    b"%YAML 1.2\n",
    b"%TAG ! tag:x,2000:\n",
    b"!!binary ",
    b"!!python/object:os.system ",
    b"!custom ",
    b"|\n",
    b">-\n",
    b"\t",
    b"\r",
    b"\r\n",
    b"\n\n\n",
    b"'",
    b"\"",
    b"\\",
    b"\\u0000",
    b"#",
    b"99999999999999999999999999999999999999",
    b"-9223372036854775809",
    b"18446744073709551616",
    b"1e999",
    b"-.inf",
    b".nan",
    b"0x",
    b"0755",
    b"null",
    b"~",
    b"true",
    b"no",
    b"\0",
    b"\xff",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe2\x82",
    b"\xEF\xBB\xBF",
    b"\xFE\xFF",
    b"\xe2\x80\xae",
    b"\xe2\x80\x8b",
    b"\x1b]8;;http://x\x1b\\",
    b"\xe6\x9c\xac\xe8\xae\xb8\xe5\x8f\xaf",
    b"\xc3\xa9",
    b"\xf0\x9f\x98\x80",
    b"](https://",
    b"[x](http://a.b/c)",
    b"<a href=\"https://x.y/\">",
    b"https://",
    b"https://github.com/o/r",
    b"https://huggingface.co/",
    b"arXiv:2304.01373",
    b"https://arxiv.org/abs/",
    b"```\n",
    b"# ",
    b"## ",
    b"\n===\n",
    b"| a | b |\n|---|---|\n",
    b"<!--",
    b"-->",
    b" AND ",
    b" OR ",
    b" WITH ",
    b"(",
    b")",
    b"+",
    b"LicenseRef-",
    b"DocumentRef-a:LicenseRef-b",
    b"NOASSERTION",
    b"apache-2.0",
    b"GPL-3.0-or-later",
    b"other",
    b"llama3.1",
    b"cc-by-nc-4.0",
    b"Permission is hereby granted, free of charge, to any person obtaining a copy",
    b"THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND",
    b"Licensed under the Apache License, Version 2.0",
    b"you may not use this file except in compliance with the License.",
    b"non-commercial",
    b"700 million monthly active users",
    b"$1,000,000",
    b"*",
    b"**",
    b"2025-02-30",
    b"9999-99-99",
    b"siblings",
    b"cardData",
    b"rfilename",
];

/// SplitMix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A random range of `data`, biased towards short ones.
    fn range(&mut self, len: usize) -> (usize, usize) {
        let start = self.below(len + 1);
        let max = (len - start).min(if self.chance(4) { len } else { 64 });
        (start, start + self.below(max + 1))
    }
}

/// Makes inputs from the seeds.
struct Mutator {
    seeds: Vec<Vec<u8>>,
    /// The largest input made (bigger ones are cut).
    max_len: usize,
    /// The tricky tokens and the words and lines of the seeds.
    tokens: Vec<Vec<u8>>,
    /// The words of the seeds alone (a value swapped for another keeps the input readable).
    words: Vec<Vec<u8>>,
}

impl Mutator {
    fn new(seeds: &[Vec<u8>], max_len: usize) -> Mutator {
        let mut words = BTreeSet::new();
        let mut lines = BTreeSet::new();
        for s in seeds {
            for w in s.split(|&b| is_separator(b)) {
                if (1..=40).contains(&w.len()) {
                    words.insert(w.to_vec());
                }
            }
            for line in s.split(|&b| b == b'\n') {
                if (2..=120).contains(&line.len()) {
                    lines.insert([line, b"\n"].concat());
                }
            }
        }
        let words: Vec<Vec<u8>> = words.into_iter().collect();
        let mut tokens: Vec<Vec<u8>> = TRICKY.iter().map(|t| t.to_vec()).collect();
        tokens.extend(words.iter().cloned());
        tokens.extend(lines);
        Mutator {
            seeds: seeds.to_vec(),
            max_len,
            tokens,
            words,
        }
    }

    /// A mutated copy of a seed: one mutation half the time (most inputs should still get past
    /// the parser, to test what reads its result), else up to six stacked.
    fn input(&self, rng: &mut Rng) -> Vec<u8> {
        let mut data = rng.pick(&self.seeds).clone();
        let count = if rng.chance(2) { 1 } else { 2 + rng.below(5) };
        for _ in 0..count {
            self.mutate(rng, &mut data);
        }
        data.truncate(self.max_len);
        data
    }

    fn mutate(&self, rng: &mut Rng, data: &mut Vec<u8>) {
        let len = data.len();
        match rng.below(20) {
            // Flip a bit.
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            // Set a byte to an interesting value.
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = *rng.pick(&[0u8, 0x7f, 0x80, 0xff, b'\n', b':', b'-', b' ', b'"']);
            }
            // Cut the end off.
            2 => data.truncate(rng.below(len + 1)),
            // Delete a range.
            3 => {
                let (a, b) = rng.range(len);
                data.drain(a..b);
            }
            // Copy a range somewhere else.
            4 => {
                let (a, b) = rng.range(len);
                let piece = data[a..b].to_vec();
                let at = rng.below(data.len() + 1);
                data.splice(at..at, piece);
            }
            // Splice: the start of this input and the end of another seed.
            5 => {
                let other = rng.pick(&self.seeds);
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            // Repeat a fragment many times (growth: what a quadratic parser chokes on).
            6 => {
                let (a, b) = rng.range(len);
                let piece = if b > a {
                    data[a..b].to_vec()
                } else {
                    rng.pick(&self.tokens).clone()
                };
                let most = if rng.chance(3) { 20_000 } else { 200 };
                let times = 1 + rng.below(most);
                let times = times.min(self.max_len / piece.len().max(1));
                let at = rng.below(data.len() + 1);
                data.splice(at..at, piece.repeat(times));
            }
            // Duplicate a whole line (a duplicate key, a repeated entry).
            7 => {
                let lines: Vec<usize> = std::iter::once(0)
                    .chain(
                        data.iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .collect();
                let start = *rng.pick(&lines);
                let end = data[start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map(|p| start + p + 1)
                    .unwrap_or(data.len());
                let line = data[start..end].to_vec();
                let at = *rng.pick(&lines);
                data.splice(at..at, line);
            }
            // Nest: wrap a range in brackets many levels deep.
            8 => {
                let (a, b) = rng.range(len);
                let most = if rng.chance(2) { 10 } else { 2_000 };
                let depth = 1 + rng.below(most);
                let (open, close) = *rng.pick(&[(b'[', b']'), (b'{', b'}'), (b'(', b')')]);
                let inner = data[a..b].to_vec();
                let mut wrapped = vec![open; depth];
                wrapped.extend(inner);
                wrapped.extend(vec![close; depth]);
                data.splice(a..b, wrapped);
            }
            // Indent a range deeper (YAML structure shifts).
            9 => {
                let (a, b) = rng.range(len);
                let pad = vec![b' '; 1 + rng.below(8)];
                let mut out = Vec::with_capacity(b - a);
                for &c in &data[a..b] {
                    out.push(c);
                    if c == b'\n' {
                        out.extend_from_slice(&pad);
                    }
                }
                data.splice(a..b, out);
            }
            // A long line.
            10 => {
                let at = rng.below(len + 1);
                let c = *rng.pick(b"a -[#x");
                data.splice(at..at, vec![c; 1 + rng.below(self.max_len / 2)]);
            }
            // Replace a word with a tricky token or a word of the seeds (a value with another).
            11..=14 => {
                let starts: Vec<usize> = (0..len)
                    .filter(|&i| !is_separator(data[i]) && (i == 0 || is_separator(data[i - 1])))
                    .collect();
                if starts.is_empty() {
                    return;
                }
                let a = *rng.pick(&starts);
                let b = data[a..]
                    .iter()
                    .position(|&c| is_separator(c))
                    .map_or(len, |p| a + p);
                let token = if rng.chance(2) {
                    rng.pick(&self.words).clone()
                } else {
                    rng.pick(&self.tokens).clone()
                };
                data.splice(a..b, token);
            }
            // Insert a tricky token or a word of the seeds.
            _ => {
                let at = rng.below(len + 1);
                let token = rng.pick(&self.tokens).clone();
                data.splice(at..at, token);
            }
        }
    }
}

/// What ends a word: white space and the punctuation of YAML, JSON and license expressions.
fn is_separator(c: u8) -> bool {
    c.is_ascii_whitespace() || b":,[]{}()\"'#=".contains(&c)
}

fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    Some(
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
    )
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// FNV-1a, to name a saved input.
fn hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn save(name: &str, data: &[u8]) -> PathBuf {
    let dir = target_dir().join("fuzz-failures");
    std::fs::create_dir_all(&dir).expect("create target/fuzz-failures");
    let path = dir.join(format!("{name}-{:016x}.bin", hash(data)));
    std::fs::write(&path, data).expect("save a failing input");
    path
}

/// The seeds of a target: (file name, bytes), sorted by name.
fn seeds(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(name);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a seed").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            (file, std::fs::read(&p).expect("read a seed"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 4, "{}: too few seeds", dir.display());
    out
}

/// What one input did.
struct Run {
    result: Result<Outcome, String>,
    took: Duration,
}

/// Runs a target's inputs on a thread of its own, so that a hang is noticed and named.
struct Runner {
    name: &'static str,
    inputs: mpsc::Sender<Vec<u8>>,
    runs: mpsc::Receiver<Run>,
    /// The time bound of an input up to [`BOUND_STEP`] bytes.
    base: Duration,
    failures: Vec<String>,
}

impl Runner {
    fn start(name: &'static str, target: FuzzTarget, base: Duration) -> Runner {
        let (inputs, todo) = mpsc::channel::<Vec<u8>>();
        let (done, runs) = mpsc::channel();
        std::thread::Builder::new()
            .name(format!("fuzz-{name}"))
            .spawn(move || {
                for data in todo {
                    let start = Instant::now();
                    let result = std::panic::catch_unwind(|| target(&data)).map_err(|p| {
                        p.downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "a panic".into())
                    });
                    let took = start.elapsed();
                    if done.send(Run { result, took }).is_err() {
                        break;
                    }
                }
            })
            .expect("spawn a fuzz thread");
        Runner {
            name,
            inputs,
            runs,
            base,
            failures: Vec::new(),
        }
    }

    /// The time bound of an input of `len` bytes.
    fn limit(&self, len: usize) -> Duration {
        self.base * (len.div_ceil(BOUND_STEP).max(1) as u32)
    }

    /// Run one input; a panic or a slow input is recorded (and saved), a hang ends the test.
    fn run(&mut self, data: &[u8]) -> Option<Outcome> {
        self.inputs
            .send(data.to_vec())
            .expect("the fuzz thread runs");
        let limit = self.limit(data.len());
        let hang = (limit * 10).max(Duration::from_secs(60));
        let run = match self.runs.recv_timeout(hang) {
            Ok(run) => run,
            Err(_) => {
                let path = save(self.name, data);
                panic!(
                    "{}: an input ran for over {hang:?} (a hang); saved as {}",
                    self.name,
                    path.display()
                );
            }
        };
        let failure = match (&run.result, run.took > limit) {
            (Err(message), _) => Some(format!("panicked: {message}")),
            (Ok(_), true) => Some(format!(
                "took {:?}, over the {limit:?} bound of {} bytes",
                run.took,
                data.len()
            )),
            _ => None,
        };
        if let Some(f) = failure {
            let path = save(self.name, data);
            self.failures.push(format!(
                "{f}\n    replay: OPENNESS_FUZZ_INPUT={} cargo test --test fuzz {}",
                path.display(),
                self.name
            ));
        }
        run.result.ok()
    }
}

/// How much of a target one run tries.
struct Plan {
    /// Mutated inputs, by default: sized so that the whole binary takes about a minute on two
    /// cores in a debug build (inputs cost differently per target).
    iterations: u64,
    /// The largest input made.
    max_len: usize,
}

fn plan(name: &str) -> Plan {
    let (iterations, max_len) = match name {
        "card" => (400, 128 * 1024),
        "license_expression" => (5_000, 64 * 1024),
        // Identification reads a text up to 16 times (one per license found): a debug build
        // reads 16 kB in about a second.
        "license_text" => (600, 16 * 1024),
        "rubric" => (10_000, 128 * 1024),
        "policy" => (10_000, 128 * 1024),
        "mot_manifest" => (4_000, 128 * 1024),
        "hub_json" => (3_000, 128 * 1024),
        _ => (1_000, 64 * 1024),
    };
    // `OPENNESS_FUZZ_ITERS=20000` runs that many inputs per target, `=10x` ten times the default.
    let iterations = match std::env::var("OPENNESS_FUZZ_ITERS") {
        Ok(v) => match v.trim().strip_suffix('x') {
            Some(times) => iterations * times.parse::<u64>().expect("OPENNESS_FUZZ_ITERS=Nx"),
            None => v.trim().parse().expect("OPENNESS_FUZZ_ITERS is a number"),
        },
        Err(_) => iterations,
    };
    Plan {
        iterations,
        max_len: env_number("OPENNESS_FUZZ_MAX_LEN").map_or(max_len, |n| n as usize),
    }
}

/// Fuzz one target: its seeds (with their expected outcomes), then mutations.
fn fuzz(name: &'static str) {
    let target = TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("a known target");
    let base = Duration::from_millis(env_number("OPENNESS_FUZZ_LIMIT_MS").unwrap_or(2_000));
    let mut runner = Runner::start(name, target, base);
    let seeds = seeds(name);
    // Warm up outside the bound: the built-in rubrics and catalog, compiled patterns, the SPDX
    // text store.
    let _ = openness::license::store::get();
    for (_, data) in &seeds {
        let _ = target(data);
    }

    if let Some(path) = std::env::var_os("OPENNESS_FUZZ_INPUT") {
        let path = PathBuf::from(path);
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let parent = path.parent().and_then(Path::file_name).unwrap_or_default();
        if file.starts_with(&format!("{name}-")) || parent == name {
            let data = std::fs::read(&path).expect("read OPENNESS_FUZZ_INPUT");
            let start = Instant::now();
            let outcome = runner.run(&data);
            eprintln!(
                "{name}: {} ({} bytes) -> {outcome:?} in {:.1?}",
                path.display(),
                data.len(),
                start.elapsed()
            );
            assert!(runner.failures.is_empty(), "{}", runner.failures.join("\n"));
        }
        return;
    }

    let mut wrong = Vec::new();
    for (file, data) in &seeds {
        let outcome = runner.run(data);
        let expected = if file.starts_with("ok-") {
            Some(true)
        } else if file.starts_with("err-") {
            Some(false)
        } else {
            None
        };
        if let (Some(e), Some(o)) = (expected, outcome)
            && e != (o == Outcome::Accepted)
        {
            let want = if e { "accepted" } else { "refused" };
            wrong.push(format!("{file}: {o:?}, expected it {want}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{name}: seeds not read as their names say:\n{}",
        wrong.join("\n")
    );

    let plan = plan(name);
    let budget = env_number("OPENNESS_FUZZ_SECONDS")
        .or(if std::env::var_os("OPENNESS_FUZZ_ITERS").is_some() {
            None
        } else {
            Some(15)
        })
        .map(Duration::from_secs);
    let seed = env_number("OPENNESS_FUZZ_SEED").unwrap_or(0) ^ hash(name.as_bytes());
    let mut rng = Rng(seed);
    let seed_bytes: Vec<Vec<u8>> = seeds.iter().map(|(_, d)| d.clone()).collect();
    let mutator = Mutator::new(&seed_bytes, plan.max_len);
    let start = Instant::now();
    let (mut accepted, mut ran, mut slowest) = (0u64, 0u64, (Duration::ZERO, 0));
    for _ in 0..plan.iterations {
        if budget.is_some_and(|b| start.elapsed() > b) {
            eprintln!(
                "{name}: the time budget ran out after {ran} of {} inputs",
                plan.iterations
            );
            break;
        }
        let data = mutator.input(&mut rng);
        let t = Instant::now();
        if runner.run(&data) == Some(Outcome::Accepted) {
            accepted += 1;
        }
        slowest = slowest.max((t.elapsed(), data.len()));
        ran += 1;
        if runner.failures.len() >= 20 {
            break;
        }
    }
    eprintln!(
        "{name}: {ran} inputs in {:.1?} ({accepted} accepted; slowest {:.1?}, {} bytes), seed {seed}",
        start.elapsed(),
        slowest.0,
        slowest.1
    );
    assert!(
        runner.failures.is_empty(),
        "{name}: {} failing inputs:\n{}",
        runner.failures.len(),
        runner.failures.join("\n")
    );
    // Mutations that never get past the parser test nothing downstream.
    assert!(
        ran < 100 || accepted > 0,
        "{name}: no mutated input was accepted"
    );
}

#[test]
fn card() {
    fuzz("card");
}

#[test]
fn license_expression() {
    fuzz("license_expression");
}

#[test]
fn license_text() {
    fuzz("license_text");
}

#[test]
fn rubric() {
    fuzz("rubric");
}

#[test]
fn policy() {
    fuzz("policy");
}

#[test]
fn mot_manifest() {
    fuzz("mot_manifest");
}

#[test]
fn hub_json() {
    fuzz("hub_json");
}

#[test]
fn every_target_has_a_test_and_seeds() {
    let this = include_str!("fuzz.rs");
    for (name, _) in TARGETS {
        assert!(
            this.contains(&format!("fn {name}() {{\n    fuzz(\"{name}\");")),
            "no test for {name}"
        );
        let fuzz_target = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/fuzz_targets")
            .join(format!("{name}.rs"));
        assert!(
            fuzz_target.is_file(),
            "{} is missing",
            fuzz_target.display()
        );
        assert!(!seeds(name).is_empty());
    }
}

/// Time one input, the best of two runs (a loaded machine only ever adds time). The second run
/// has a line break more at the end, so that no cache (license identification remembers texts)
/// answers it.
fn best_of_two(target: FuzzTarget, data: &[u8]) -> Duration {
    (0..2)
        .map(|i| {
            let mut data = data.to_vec();
            data.extend(std::iter::repeat_n(b'\n', i + 1));
            let t = Instant::now();
            let _ = target(&data);
            t.elapsed()
        })
        .min()
        .expect("two runs")
}

/// The `k`th copy of a repeated piece, made distinct: its numbers replaced by `k` (or `k` after
/// its first word when it has none), so that a list of distinct items grows, not one item
/// repeated (distinct keys, distinct paper ids, distinct links).
fn numbered(piece: &str, k: usize) -> String {
    let mut out = String::with_capacity(piece.len() + 8);
    let mut replaced = false;
    let mut in_digits = false;
    for c in piece.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push_str(&k.to_string());
                replaced = true;
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    if !replaced {
        let at = out
            .find(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
            .unwrap_or(out.len());
        out.insert_str(at, &k.to_string());
    }
    out
}

/// Growth: each line of each seed repeated, and each word of a line repeated on that line, at two
/// sizes four times apart, as copies and as numbered copies ([`numbered`]). Reading that is
/// linear takes about four times as long; a reader that takes over ten times as long (quadratic:
/// sixteen) is named, with the input saved. Long (a quarter of an hour):
/// `cargo test --test fuzz growth -- --ignored --nocapture`.
#[test]
#[ignore = "a quarter of an hour; run with --ignored"]
fn growth() {
    let _ = openness::license::store::get();
    let mut superlinear = Vec::new();
    for (name, target) in TARGETS {
        let plan = plan(name);
        // A piece already tried (the same line in several seeds) is not tried again.
        let mut tried = BTreeSet::new();
        for (file, seed) in seeds(name) {
            let _ = target(&seed);
            let text = String::from_utf8_lossy(&seed).into_owned();
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            // The pieces to repeat: whole lines, and the words of each line.
            let mut probes: Vec<(usize, String, String, bool)> = Vec::new();
            for (i, line) in lines.iter().enumerate().take(16) {
                for distinct in [false, true] {
                    probes.push((i, line.to_string(), String::new(), distinct));
                    if let Some(word) = line.split(' ').find(|w| w.trim().len() > 2) {
                        let rest = line.replacen(word, "", 1);
                        probes.push((i, format!("{} ", word.trim()), rest, distinct));
                    }
                }
            }
            for (i, piece, rest, distinct) in probes {
                if !tried.insert((piece.clone(), distinct)) {
                    continue;
                }
                let make = |times: usize| -> Vec<u8> {
                    let mut out = String::new();
                    for (j, l) in lines.iter().enumerate() {
                        if j == i {
                            for k in 0..times {
                                match distinct {
                                    true => out.push_str(&numbered(&piece, k)),
                                    false => out.push_str(&piece),
                                }
                            }
                            out.push_str(&rest);
                        } else {
                            out.push_str(l);
                        }
                    }
                    out.into_bytes()
                };
                let small = (plan.max_len / 4 / piece.len().max(1)).max(1);
                let (a, b) = (make(small), make(small * 4));
                let tb = best_of_two(target, &b);
                if tb < Duration::from_millis(300) {
                    continue;
                }
                let ta = best_of_two(target, &a);
                let ratio = tb.as_secs_f64() / ta.as_secs_f64().max(1e-3);
                if ratio > 10.0 {
                    let path = save(name, &b);
                    superlinear.push(format!(
                        "{name} {file} line {}{}: `{}` x{small} {ta:.1?}, x{} {tb:.1?} ({ratio:.0}x); saved as {}",
                        i + 1,
                        if distinct { ", numbered" } else { "" },
                        piece.trim().chars().take(40).collect::<String>(),
                        small * 4,
                        path.display()
                    ));
                }
            }
            eprintln!("growth: {name} {file}");
        }
        eprintln!("growth: {name}: {} pieces tried", tried.len());
    }
    assert!(
        superlinear.is_empty(),
        "time that grows faster than the input:\n{}",
        superlinear.join("\n")
    );
}
