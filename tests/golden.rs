//! Golden outputs: every report the tool writes (every scan, compare, check, diff, badge, MOT,
//! license, rubric and explain output) on every fixture and, when `../shared/corpus` is beside the
//! checkout, on the real documents there, hashed and compared with `tests/golden/outputs.tsv`.
//!
//! It guards refactors: a change that alters no behaviour must leave every hash as it is. A change
//! that alters output on purpose updates the file (`OPENNESS_GOLDEN=update cargo test --test
//! golden`) and says why in its commit. Each case's output is written to `target/golden/` so
//! that two runs (say, before and after a change, in two worktrees) can be compared with `diff -r`.
//! The corpus is not copied: only hashes of our outputs on it are kept.

mod common;
#[path = "support/fixture_arxiv.rs"]
mod fixture_arxiv;
#[path = "support/fixture_github.rs"]
mod fixture_github;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One command to run: a name, its arguments, where to run it and extra environment.
struct Case {
    name: String,
    args: Vec<String>,
    cwd: PathBuf,
    env: Vec<(String, String)>,
}

fn case(name: impl Into<String>, args: &[&str]) -> Case {
    Case {
        name: name.into(),
        args: args.iter().map(|s| s.to_string()).collect(),
        cwd: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        env: Vec::new(),
    }
}

const SCAN_FORMATS: [&str; 5] = ["terminal", "json", "markdown", "html", "mot"];
/// The bills of materials, run on the fixtures (not on the corpus: they restate the report).
const BOM_FORMATS: [&str; 2] = ["cyclonedx", "spdx3"];
const COMPARE_FORMATS: [&str; 6] = ["terminal", "markdown", "csv", "latex", "html", "json"];
const CHECK_FORMATS: [&str; 5] = ["terminal", "json", "sarif", "junit", "github"];

/// FNV-1a, 64 bits: stable across platforms and Rust versions.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

fn fixture_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // Not model repositories: the Hub server's files, a registry, a cache.
        .filter(|n| !matches!(n.as_str(), "hub" | "check-registry" | "hf-cache"))
        .filter(|n| !n.starts_with("license-texts") && !n.starts_with("osi-validation"))
        .filter(|n| !matches!(n.as_str(), "github" | "arxiv" | "arxiv-busy"))
        .map(|n| format!("tests/fixtures/{n}"))
        .collect();
    dirs.sort();
    dirs
}

fn scan_cases(out: &mut Vec<Case>, label: &str, target: &str, cwd: &Path) {
    scan_cases_in(out, label, target, cwd, &SCAN_FORMATS);
}

fn scan_cases_in(out: &mut Vec<Case>, label: &str, target: &str, cwd: &Path, formats: &[&str]) {
    for f in formats {
        let mut c = case(
            format!("scan {label} {f}"),
            &["scan", target, "--format", f, "--color", "never"],
        );
        c.cwd = cwd.to_path_buf();
        out.push(c);
    }
}

fn builtin_rubrics() -> Vec<String> {
    vec![
        "eu-ai-act-53-2".into(),
        "mof-1.0".into(),
        "mof-1.0-mot".into(),
        "osaid-1.0".into(),
    ]
}

/// Cases on the project's own fixtures.
fn fixture_cases(bin: &str, hub_endpoint: &str) -> Vec<Case> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let dirs = fixture_dirs();
    for d in &dirs {
        scan_cases(&mut out, d, d, &root);
        scan_cases_in(&mut out, d, d, &root, &BOM_FORMATS);
        if Path::new(d).join("README.md").is_file() {
            let card = format!("{d}/README.md");
            scan_cases(&mut out, &card, &card, &root);
            scan_cases_in(&mut out, &card, &card, &root, &BOM_FORMATS);
        }
    }
    for m in [
        "tests/fixtures/mot-manifest",
        "tests/fixtures/mot-malformed",
    ] {
        for e in std::fs::read_dir(m).unwrap().flatten() {
            let p = e.path().to_string_lossy().into_owned();
            if p.ends_with(".yml") || p.ends_with(".yaml") {
                scan_cases(&mut out, &p, &p, &root);
                scan_cases_in(&mut out, &p, &p, &root, &BOM_FORMATS);
            }
        }
    }
    // Rubric choices, dumps of the report with every rubric.
    out.push(case(
        "scan open-research-model all rubrics json",
        &[
            "scan",
            "tests/fixtures/open-research-model",
            "--format",
            "json",
            "-r",
            "osaid-1.0",
            "-r",
            "mof-1.0",
            "-r",
            "mof-1.0-mot",
            "-r",
            "eu-ai-act-53-2",
        ],
    ));
    // The HF cache fixture.
    for f in SCAN_FORMATS.iter().chain(&BOM_FORMATS) {
        let mut c = case(
            format!("scan hf-cache {f}"),
            &[
                "scan",
                "hf-cache:fixture-org/cached-model",
                "--format",
                f,
                "--color",
                "never",
            ],
        );
        c.env
            .push(("HF_HUB_CACHE".into(), "tests/fixtures/hf-cache/hub".into()));
        out.push(c);
    }
    // Compare every fixture.
    let mut all: Vec<&str> = vec!["compare"];
    all.extend(dirs.iter().map(String::as_str));
    all.push("tests/fixtures/no-such-model");
    for f in COMPARE_FORMATS {
        let mut args = all.clone();
        args.extend(["--format", f, "--color", "never"]);
        out.push(case(format!("compare fixtures {f}"), &args));
    }
    for (sort, filter) in [("level", None), ("name", Some("--min-level=open-weights"))] {
        let mut args = all.clone();
        args.extend(["--format", "markdown", "--sort", sort]);
        if let Some(f) = filter {
            args.push(f);
        }
        out.push(case(format!("compare fixtures sort {sort}"), &args));
    }
    // Check: the registry and the starter policy.
    for f in CHECK_FORMATS {
        out.push(case(
            format!("check registry {f}"),
            &[
                "check",
                "--policy",
                "tests/fixtures/check-registry/policy.yaml",
                "--from",
                "tests/fixtures/check-registry/registry.txt",
                "--format",
                f,
                "--color",
                "never",
                "--quiet",
                "--today",
                "2026-06-01",
            ],
        ));
    }
    out.push(case("check init", &["check", "--init"]));
    // Diff of two fixtures, both ways.
    for f in ["terminal", "json"] {
        out.push(case(
            format!("diff fixtures {f}"),
            &[
                "diff",
                "tests/fixtures/open-research-model",
                "tests/fixtures/llama-licensed",
                "--format",
                f,
            ],
        ));
        out.push(case(
            format!("diff fixtures reverse {f}"),
            &[
                "diff",
                "tests/fixtures/non-commercial",
                "tests/fixtures/apache-weights-only",
                "--format",
                f,
            ],
        ));
    }
    // Badges.
    for d in ["open-research-model", "llama-licensed", "no-license"] {
        for k in ["level", "mof", "osaid"] {
            out.push(case(
                format!("badge {d} {k}"),
                &["badge", &format!("tests/fixtures/{d}"), "--kind", k],
            ));
        }
    }
    // Rubrics and explain.
    for f in ["terminal", "json"] {
        out.push(case(
            format!("rubric list {f}"),
            &["rubric", "list", "-f", f],
        ));
    }
    for r in builtin_rubrics() {
        for f in ["terminal", "json", "yaml"] {
            out.push(case(
                format!("rubric show {r} {f}"),
                &["rubric", "show", &r, "-f", f],
            ));
        }
        let json = Command::new(bin)
            .args(["rubric", "show", &r, "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        for c in v["criteria"].as_array().unwrap() {
            let id = format!("{r}/{}", c["id"].as_str().unwrap());
            out.push(case(format!("explain {id}"), &["explain", &id]));
        }
    }
    // Licenses.
    for f in ["terminal", "json"] {
        out.push(case(
            format!("license list {f}"),
            &["license", "list", "-f", f],
        ));
    }
    let json = Command::new(bin)
        .args(["license", "list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for l in v.as_array().unwrap() {
        let id = l["id"].as_str().unwrap();
        out.push(case(format!("license show {id}"), &["license", "show", id]));
    }
    let mut texts: Vec<String> = Vec::new();
    for d in &dirs {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().to_ascii_uppercase();
            if name.starts_with("LICENSE")
                || name.starts_with("NOTICE")
                || name.starts_with("COPYING")
            {
                texts.push(e.path().to_string_lossy().into_owned());
            }
        }
    }
    texts.sort();
    for f in ["terminal", "json"] {
        let mut args = vec!["license", "identify", "-f", f];
        args.extend(texts.iter().map(String::as_str));
        out.push(case(format!("license identify fixtures {f}"), &args));
    }
    // The fixture Hub: every model it serves.
    let mut hub_models: Vec<String> = Vec::new();
    for org in std::fs::read_dir("tests/fixtures/hub/models")
        .unwrap()
        .flatten()
    {
        for m in std::fs::read_dir(org.path()).unwrap().flatten() {
            hub_models.push(format!(
                "{}/{}",
                org.file_name().to_string_lossy(),
                m.file_name().to_string_lossy()
            ));
        }
    }
    hub_models.sort();
    // Models whose faults depend on timing or repeat counts are left to tests/hub.rs.
    hub_models.retain(|m| {
        !matches!(
            m.as_str(),
            "fixture-org/always-slow"
                | "fixture-org/slow"
                | "fixture-org/long-wait"
                | "fixture-org/flaky"
                | "fixture-org/flaky-readme"
                | "fixture-org/rate-limited"
                | "fixture-org/ratelimit-header"
                | "fixture-org/always-503"
                | "fixture-org/echo-token"
        )
    });
    for m in &hub_models {
        for f in ["json", "terminal"] {
            let mut c = case(
                format!("scan hub {m} {f}"),
                &[
                    "scan",
                    &format!("hf:{m}"),
                    "--format",
                    f,
                    "--color",
                    "never",
                ],
            );
            c.env.push(("HF_ENDPOINT".into(), hub_endpoint.into()));
            out.push(c);
        }
    }
    out
}

/// Cases on ../shared/corpus, run from the corpus's parent so that paths read `corpus/...`
/// wherever it lives.
fn corpus_cases() -> Vec<Case> {
    let mut out = Vec::new();
    let Some(cards) = common::corpus("cards") else {
        return out;
    };
    let corpus = cards.parent().unwrap().to_path_buf();
    let cwd = corpus.parent().unwrap().to_path_buf();
    let mut slugs: Vec<String> = std::fs::read_dir(&cards)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("README.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    for s in &slugs {
        let card = format!("corpus/cards/{s}/README.md");
        scan_cases(&mut out, &card, &card, &cwd);
        let dir = format!("corpus/cards/{s}");
        let mut c = case(
            format!("scan {dir} json"),
            &["scan", &dir, "--format", "json"],
        );
        c.cwd = cwd.clone();
        out.push(c);
    }
    let cards_list: Vec<String> = slugs
        .iter()
        .map(|s| format!("corpus/cards/{s}/README.md"))
        .collect();
    for f in COMPARE_FORMATS {
        let mut args: Vec<&str> = vec!["compare"];
        args.extend(cards_list.iter().map(String::as_str));
        args.extend(["--format", f, "--color", "never"]);
        let mut c = case(format!("compare corpus cards {f}"), &args);
        c.cwd = cwd.clone();
        out.push(c);
    }
    // MOT: its test data and its 273 model files.
    for sub in ["mot/testdata", "mot/models"] {
        let dir = corpus.join(sub);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<String> = rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
            .map(|n| format!("corpus/{sub}/{n}"))
            .collect();
        files.sort();
        for f in &files {
            for fmt in ["json", "mot"] {
                let mut c = case(
                    format!("scan {f} {fmt}"),
                    &[
                        "scan",
                        f,
                        "--format",
                        fmt,
                        "-r",
                        "mof-1.0-mot",
                        "-r",
                        "osaid-1.0",
                    ],
                );
                c.cwd = cwd.clone();
                out.push(c);
            }
        }
        let mut args: Vec<&str> = vec!["compare"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--format", "csv"]);
        let mut c = case(format!("compare corpus/{sub} csv"), &args);
        c.cwd = cwd.clone();
        out.push(c);
    }
    // The license texts.
    if let Ok(rd) = std::fs::read_dir(corpus.join("licenses")) {
        let mut files: Vec<String> = Vec::new();
        for d in rd.flatten().filter(|e| e.path().is_dir()) {
            for f in std::fs::read_dir(d.path()).unwrap().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if name != "SOURCE" && f.path().is_file() {
                    files.push(format!(
                        "corpus/licenses/{}/{name}",
                        d.file_name().to_string_lossy()
                    ));
                }
            }
        }
        files.sort();
        for f in ["terminal", "json"] {
            let mut args: Vec<&str> = vec!["license", "identify", "-f", f];
            args.extend(files.iter().map(String::as_str));
            let mut c = case(format!("license identify corpus {f}"), &args);
            c.cwd = cwd.clone();
            out.push(c);
        }
    }
    // The starter policy over the cards.
    for f in ["json", "sarif"] {
        let policy = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/policy/starter.yaml");
        let mut args: Vec<String> = vec![
            "check".into(),
            "--policy".into(),
            policy.to_string_lossy().into_owned(),
            "--format".into(),
            f.into(),
            "--quiet".into(),
            "--today".into(),
            "2026-06-01".into(),
        ];
        args.extend(cards_list.iter().cloned());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut c = case(format!("check corpus starter {f}"), &argv);
        c.cwd = cwd.clone();
        out.push(c);
    }
    out
}

/// The fixture GitHub and arXiv servers, and a proxy that blocks anything else.
static NETWORK: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();

fn run(bin: &str, c: &Case, scratch: &Path, port: &str) -> (i32, Vec<u8>, Vec<u8>) {
    let mut cmd = Command::new(bin);
    cmd.args(&c.args).current_dir(&c.cwd);
    for (k, _) in std::env::vars() {
        if k.starts_with("HF_")
            || k.starts_with("OPENNESS_")
            || k == "SOURCE_DATE_EPOCH"
            || k.starts_with("GITHUB_")
            || k == "GH_TOKEN"
            || k == "NO_COLOR"
            || k == "CLICOLOR_FORCE"
            || k == "FORCE_COLOR"
        {
            cmd.env_remove(k);
        }
    }
    for k in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"] {
        cmd.env_remove(k).env_remove(k.to_ascii_lowercase());
    }
    for (k, v) in NETWORK.get().into_iter().flatten() {
        cmd.env(k, v);
    }
    cmd.env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env("HF_HOME", scratch.join("hf-home"))
        .env("HF_HUB_CACHE", scratch.join("hub-cache"))
        .env("OPENNESS_CACHE", scratch.join("openness-cache"))
        .env("OPENNESS_TODAY", "2026-06-01");
    for (k, v) in &c.env {
        let v = if k == "HF_HUB_CACHE" && !v.starts_with('/') {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(v)
                .to_string_lossy()
                .into_owned()
        } else {
            v.clone()
        };
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        scrub(&o.stdout, port),
        scrub(&o.stderr, port),
    )
}

/// What changes from run to run: the fixture Hub's port, the time retries took.
fn scrub(bytes: &[u8], port: &str) -> Vec<u8> {
    static TIME: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let time = TIME.get_or_init(|| regex::Regex::new(r"over \d+(\.\d+)? s\b").unwrap());
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    // Where the checkout is: the starter policy is given by its absolute path.
    let text = text.replace(env!("CARGO_MANIFEST_DIR"), "CHECKOUT");
    let text = if port.is_empty() {
        text
    } else {
        text.replace(&format!(":{port}"), ":PORT")
    };
    time.replace_all(&text, "over T s")
        .into_owned()
        .into_bytes()
}

fn file_name(case: &str) -> String {
    case.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[test]
fn every_output_is_as_recorded() {
    let bin = env!("CARGO_BIN_EXE_openness");
    let hub = fixture_hub::FixtureHub::start("tests/fixtures/hub").unwrap();
    let endpoint = hub.endpoint();
    // The links Hub cards make are followed against fixture servers; anything else that would
    // leave this machine goes to a proxy that is not there, and fails at once.
    let github = fixture_github::FixtureGithub::start("tests/fixtures/github").unwrap();
    let arxiv = fixture_arxiv::FixtureArxiv::start("tests/fixtures/arxiv").unwrap();
    NETWORK
        .set(vec![
            ("GITHUB_API_URL".into(), github.endpoint()),
            ("OPENNESS_ARXIV_URL".into(), arxiv.endpoint()),
            ("HTTPS_PROXY".into(), "http://127.0.0.1:9".into()),
            ("HTTP_PROXY".into(), "http://127.0.0.1:9".into()),
            ("NO_PROXY".into(), "127.0.0.1,localhost".into()),
        ])
        .unwrap();
    let port = endpoint.rsplit(':').next().unwrap_or("").to_string();
    let mut cases = fixture_cases(bin, &endpoint);
    let corpus = corpus_cases();
    let with_corpus = !corpus.is_empty();
    cases.extend(corpus);
    let mut names = std::collections::BTreeSet::new();
    for c in &cases {
        assert!(names.insert(c.name.clone()), "case named twice: {}", c.name);
    }
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/golden");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let results: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(c) = cases.get(i) else { break };
                    let (code, stdout, stderr) = run(bin, c, scratch.path(), &port);
                    let name = file_name(&c.name);
                    std::fs::write(out_dir.join(&name), &stdout).unwrap();
                    if !stderr.is_empty() {
                        std::fs::write(out_dir.join(format!("{name}.stderr")), &stderr).unwrap();
                    }
                    let line = format!(
                        "{code}\t{}\t{}\t{}",
                        fnv(&stdout),
                        stdout.len(),
                        fnv(&stderr)
                    );
                    results.lock().unwrap().insert(c.name.clone(), line);
                }
            });
        }
    });
    let results = results.into_inner().unwrap();
    let golden_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/outputs.tsv");
    let actual: String = results.iter().map(|(k, v)| format!("{k}\t{v}\n")).collect();
    if std::env::var("OPENNESS_GOLDEN").as_deref() == Ok("update") {
        assert!(
            with_corpus,
            "update the golden file with ../shared/corpus present, so corpus cases are recorded"
        );
        std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
        std::fs::write(&golden_path, &actual).unwrap();
        eprintln!("wrote {} cases to {}", results.len(), golden_path.display());
        return;
    }
    let recorded = std::fs::read_to_string(&golden_path).unwrap_or_default();
    let recorded: BTreeMap<String, String> = recorded
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut problems = Vec::new();
    for (name, got) in &results {
        match recorded.get(name) {
            None => problems.push(format!("new case (not recorded): {name}")),
            Some(want) if want != got => problems.push(format!(
                "{name}: recorded {want}, got {got} (output in target/golden/{})",
                file_name(name)
            )),
            _ => {}
        }
    }
    for name in recorded.keys() {
        let is_corpus = name.contains("corpus");
        if !results.contains_key(name) && (with_corpus || !is_corpus) {
            problems.push(format!("recorded case no longer run: {name}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} outputs differ from tests/golden/outputs.tsv (update with OPENNESS_GOLDEN=update when the change is meant):\n{}",
        problems.len(),
        results.len(),
        problems.join("\n")
    );
    eprintln!("{} outputs as recorded", results.len());
}
