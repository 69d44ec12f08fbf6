//! GitHub as a source, against the GitHub-shaped fixture server on 127.0.0.1: real response
//! shapes, renames, rate limits, truncated and huge trees, base64 with newlines, the cache and
//! offline mode, request counts, deadlines, and tokens that never show.

#[path = "support/fixture_github.rs"]
mod fixture_github;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use fixture_github::{FixtureGithub, Limits};
use openness::snapshot::{Listing, TextContent};
use openness::source::github::{GithubClient, GithubConfig, RepoRead};
use openness::source::http::{Counter, RequestStats, Token};

const FIXTURES: &str = "tests/fixtures/github";

fn server() -> FixtureGithub {
    FixtureGithub::start(FIXTURES).unwrap()
}

fn config(api: &str, cache: &Path) -> GithubConfig {
    let mut c = GithubConfig::new(api);
    c.cache_root = Some(cache.to_path_buf());
    // Waits are planned and recorded as the server asks, slept for 10 ms at most.
    c.retry.sleep_cap = Some(Duration::from_millis(10));
    c
}

fn client(gh: &FixtureGithub, cache: &Path) -> GithubClient {
    GithubClient::new(config(&gh.endpoint(), cache)).unwrap()
}

fn read(c: &GithubClient, id: &str) -> (Result<RepoRead, String>, RequestStats) {
    let (o, n) = id.split_once('/').unwrap();
    let counter = Counter::default();
    let r = c
        .repository_blocking(o, n, None, &counter)
        .unwrap()
        .map(|r| (*r).clone());
    (r, counter.stats())
}

fn ok(c: &GithubClient, id: &str) -> (RepoRead, RequestStats) {
    let (r, s) = read(c, id);
    (r.unwrap_or_else(|e| panic!("{id}: {e}")), s)
}

fn text<'a>(r: &'a RepoRead, path: &str) -> &'a str {
    r.snapshot
        .text_file(path)
        .and_then(|t| t.text())
        .unwrap_or_else(|| panic!("{path} not read: {:?}", r.snapshot.texts))
}

#[test]
fn a_repository_costs_4_requests_cold_1_warm_and_0_offline() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let (cold, stats) = ok(&client(&gh, cache.path()), "EleutherAI/pythia");
    assert_eq!(
        gh.requests_for("EleutherAI/pythia"),
        4,
        "{:?}",
        gh.counts().log
    );
    assert_eq!(stats.requests, 4);
    assert_eq!(stats.by_host.values().sum::<u32>(), 4);
    let s = &cold.snapshot;
    assert_eq!(s.target.source, "github");
    assert_eq!(s.target.id, "EleutherAI/pythia");
    assert_eq!(
        s.target.revision.as_deref(),
        Some("a19eecb807ec2c79a39ebf18108816e6ffffc1d5")
    );
    assert_eq!(s.listing, Listing::Complete);
    assert!(s.files.iter().any(|f| f.path == "models/1B/pythia-1b.yml"));
    assert!(s.files.iter().all(|f| f.size.is_some()));
    // The submodule is not a file, and says so.
    assert!(s.files.iter().all(|f| f.path != "utils/gpt-neox"));
    assert!(
        s.notes
            .iter()
            .any(|n| n.subject.as_deref() == Some("utils/gpt-neox")
                && n.message.contains("submodule"))
    );
    assert_eq!(cold.host_license.as_deref(), Some("Apache-2.0"));
    // Base64 wrapped with newlines decodes to the file's exact bytes.
    let license =
        std::fs::read_to_string(format!("{FIXTURES}/EleutherAI/pythia/files/LICENSE")).unwrap();
    assert_eq!(text(&cold, "LICENSE"), license);
    let readme =
        std::fs::read_to_string(format!("{FIXTURES}/EleutherAI/pythia/files/README.md")).unwrap();
    assert_eq!(text(&cold, "README.md"), readme);
    let web = gh.endpoint();
    assert_eq!(
        s.repo.page.as_ref().unwrap().url,
        format!("{web}/EleutherAI/pythia")
    );
    assert_eq!(
        s.repo.file_url("models/1B/pythia-1b.yml", Some(3)).unwrap(),
        format!(
            "{web}/EleutherAI/pythia/blob/a19eecb807ec2c79a39ebf18108816e6ffffc1d5/models/1B/pythia-1b.yml#L3"
        )
    );

    // Warm: a new client, the same cache: only the commit check.
    gh.reset();
    let (warm, stats) = ok(&client(&gh, cache.path()), "EleutherAI/pythia");
    assert_eq!(gh.total(), 1, "{:?}", gh.counts().log);
    assert_eq!((stats.requests, stats.cache_hits), (1, 1));
    assert_eq!(warm, cold);

    // Offline: no request, the same snapshot; what is not cached says so.
    gh.reset();
    let mut c = config(&gh.endpoint(), cache.path());
    c.offline = true;
    let offline = GithubClient::new(c).unwrap();
    let (again, stats) = ok(&offline, "EleutherAI/pythia");
    assert_eq!((gh.total(), stats.requests), (0, 0));
    assert_eq!(again, cold);
    let e = read(&offline, "EleutherAI/gpt-neox").0.unwrap_err();
    assert!(
        e.contains("not in the cache") && e.contains("--offline"),
        "{e}"
    );
    assert_eq!(gh.total(), 0);
}

#[test]
fn one_client_reads_a_repository_once_however_often_it_is_asked() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&gh, cache.path());
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let c = c.clone();
            std::thread::spawn(move || ok(&c, "allenai/OLMo").1.requests)
        })
        .collect();
    let made: u32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(made, 4);
    assert_eq!(gh.requests_for("allenai/OLMo"), 4);
}

#[test]
fn a_missing_repository_is_an_error_naming_it_and_what_to_do() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let e = read(&client(&gh, cache.path()), "NVIDIA/apex")
        .0
        .unwrap_err();
    assert!(
        e.contains("404") && e.contains("NVIDIA/apex") && e.contains("GITHUB_TOKEN"),
        "{e}"
    );
    assert_eq!(gh.requests_for("NVIDIA/apex"), 1);
}

#[test]
fn a_renamed_repository_is_followed_to_its_new_name() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let (r, stats) = ok(&client(&gh, cache.path()), "facebookresearch/llama");
    assert_eq!(r.snapshot.target.id, "meta-llama/llama");
    assert_eq!(r.host_license.as_deref(), Some("NOASSERTION"));
    assert!(text(&r, "LICENSE").contains("700 million"));
    assert!(r.snapshot.notes.iter().any(|n| {
        n.message
            .contains("redirects facebookresearch/llama to meta-llama/llama")
    }));
    // The 301 is one request; the rest go to the new place directly.
    assert_eq!(stats.requests, 5, "{:?}", gh.counts().log);
    assert_eq!(
        gh.requests_for_route("facebookresearch/llama", "commits"),
        1
    );
    assert_eq!(gh.total(), 5);
    // Warm: the commit check (and its redirect).
    gh.reset();
    let (warm, _) = ok(&client(&gh, cache.path()), "facebookresearch/llama");
    assert_eq!(warm, r);
    assert_eq!(gh.total(), 2, "{:?}", gh.counts().log);
}

#[test]
fn noassertion_truncated_and_huge_trees() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&gh, cache.path());
    let (r, _) = ok(&c, "bigscience-workshop/bigscience");
    assert_eq!(r.host_license.as_deref(), Some("NOASSERTION"));
    assert!(r.snapshot.text_file("LICENSE").is_some());

    let (r, _) = ok(&c, "fixture-org/truncated");
    assert_eq!(r.snapshot.listing, Listing::Partial);
    // GitHub's 5 entries include directories: at most 5 files are listed.
    assert!(!r.snapshot.files.is_empty() && r.snapshot.files.len() <= 5);
    assert!(
        r.snapshot
            .notes
            .iter()
            .any(|n| n.message.contains("only part of the tree"))
    );

    let started = Instant::now();
    let (r, stats) = ok(&c, "fixture-org/huge");
    assert!(
        r.snapshot.files.len() >= 20_000,
        "{}",
        r.snapshot.files.len()
    );
    assert_eq!(r.snapshot.listing, Listing::Complete);
    assert_eq!(stats.requests, 4);
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn flaky_answers_are_retried() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let (r, stats) = ok(&client(&gh, cache.path()), "fixture-org/flaky");
    assert!(stats.retries >= 1, "{stats:?}");
    assert!(matches!(
        r.snapshot.text_file("README.md").unwrap().content,
        TextContent::Text { .. }
    ));
    assert_eq!(r.host_license.as_deref(), Some("MIT"));
}

/// A fixture directory with one repository whose `repo.json` has these faults.
fn faulty(faults: serde_json::Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("fault-org/repo");
    std::fs::create_dir_all(repo.join("files")).unwrap();
    for f in ["LICENSE", "README.md"] {
        std::fs::copy(
            format!("{FIXTURES}/fixture-org/flaky/files/{f}"),
            repo.join("files").join(f),
        )
        .unwrap();
    }
    std::fs::write(
        repo.join("repo.json"),
        serde_json::to_vec(&serde_json::json!({"license": "MIT", "faults": faults})).unwrap(),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("fault-org/other/files")).unwrap();
    std::fs::write(dir.path().join("fault-org/other/repo.json"), "{}").unwrap();
    dir
}

#[test]
fn a_short_rate_limit_is_waited_and_a_long_one_gives_up_saying_when_it_resets() {
    // Short: the quota resets in 2 s; the client waits (planned) and goes on.
    let dir = faulty(
        serde_json::json!([{"route": "commits", "times": 1, "kind": "rate_limit", "reset_in": 2}]),
    );
    let gh = FixtureGithub::start(dir.path()).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (r, stats) = ok(&client(&gh, cache.path()), "fault-org/repo");
    assert_eq!(r.snapshot.target.id, "fault-org/repo");
    assert!(
        stats
            .planned_waits
            .iter()
            .any(|w| *w >= Duration::from_secs(1) && *w <= Duration::from_secs(4)),
        "{stats:?}"
    );

    // Long: an hour; given up at once, with the time it resets and what to do.
    let dir = faulty(
        serde_json::json!([{"route": "commits", "times": 1, "kind": "rate_limit", "reset_in": 3600}]),
    );
    let gh = FixtureGithub::start(dir.path()).unwrap();
    let c = client(&gh, cache.path());
    let started = Instant::now();
    let e = read(&c, "fault-org/repo").0.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        e.contains("rate limit is spent until") && e.contains("UTC"),
        "{e}"
    );
    assert!(e.contains("GITHUB_TOKEN"), "{e}");
    assert_eq!(gh.total(), 1);
    // Until then, no request goes to GitHub: the next repository is refused at once.
    let e = read(&c, "fault-org/other").0.unwrap_err();
    assert!(e.contains("rate limit is spent"), "{e}");
    assert_eq!(gh.total(), 1);
}

#[test]
fn a_429_with_and_without_retry_after_and_a_secondary_limit_are_retried() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&gh, cache.path());
    // 429 with Retry-After: 1, then a 429 without: the server's wait, then a backoff.
    let (_, stats) = ok(&c, "fixture-org/too-many");
    assert_eq!(stats.retries, 2, "{stats:?}");
    assert_eq!(stats.planned_waits[0], Duration::from_secs(1));
    assert!(stats.planned_waits[1] < Duration::from_secs(1));
    // A secondary rate limit: 403 with Retry-After: 2.
    let (_, stats) = ok(&c, "fixture-org/secondary");
    assert_eq!(stats.planned_waits, vec![Duration::from_secs(2)]);

    // A Retry-After longer than the client waits: given up with the wait in the message.
    let dir = faulty(
        serde_json::json!([{"route": "tree", "times": 1, "status": 429, "headers": {"Retry-After": "600"}}]),
    );
    let gh = FixtureGithub::start(dir.path()).unwrap();
    let e = read(&client(&gh, cache.path()), "fault-org/repo")
        .0
        .unwrap_err();
    assert!(
        e.contains("429") && e.contains("600 s") && e.contains("UTC"),
        "{e}"
    );
}

#[test]
fn the_anonymous_limit_of_60_an_hour_stops_a_batch_at_once() {
    let gh = FixtureGithub::start_with(FIXTURES, Limits::github()).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&gh, cache.path());
    let repos = [
        "EleutherAI/pythia",
        "EleutherAI/gpt-neox",
        "EleutherAI/lm-evaluation-harness",
        "allenai/OLMo",
        "allenai/OLMo-Eval",
        "allenai/open-instruct",
        "allenai/dolma",
        "LLM360/amber-train",
        "LLM360/amber-data-prep",
        "LLM360/Analysis360",
        "LLM360/crystalcoder-train",
        "LLM360/crystalcoder-data-prep",
        "Cerebras/modelzoo",
        "google-research/text-to-text-transfer-transformer",
        "tensorflow/datasets",
        "bigscience-workshop/Megatron-DeepSpeed",
        "bigscience-workshop/bigscience",
        "bigcode-project/starcoder2",
        "xai-org/grok-1",
        "meta-llama/llama",
    ];
    let mut failed = 0;
    for r in repos {
        if let Err(e) = read(&c, r).0 {
            assert!(e.contains("rate limit is spent until"), "{e}");
            failed += 1;
        }
    }
    assert!(failed > 0);
    // 60 requests, and one more that found the quota spent; nothing after that.
    assert!(gh.total() <= 61, "{}", gh.total());
}

#[test]
fn a_private_repository_needs_a_token_which_never_shows() {
    let gh = server();
    let cache = tempfile::tempdir().unwrap();
    let e = read(&client(&gh, cache.path()), "fixture-org/private")
        .0
        .unwrap_err();
    assert!(e.contains("404") && e.contains("private"), "{e}");

    let mut cfg = config(&gh.endpoint(), cache.path());
    cfg.token = Token::new("ghp_wrong_secret_token");
    let e = read(&GithubClient::new(cfg).unwrap(), "fixture-org/private")
        .0
        .unwrap_err();
    assert!(
        e.contains("token") && !e.contains("ghp_wrong_secret_token"),
        "{e}"
    );

    let mut cfg = config(&gh.endpoint(), cache.path());
    cfg.token = Token::new("ghp_granted_fixture_token");
    let c = GithubClient::new(cfg).unwrap();
    let (r, _) = ok(&c, "fixture-org/private");
    assert!(!format!("{r:?}{c:?}").contains("ghp_granted_fixture_token"));
    assert!(gh.counts().authorized >= 4);
}

/// A server that sends its headers and then one byte every 300 ms, forever.
fn trickling_server() -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let h = std::thread::spawn(move || {
        listener.set_nonblocking(false).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { break };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
                for _ in 0..60 {
                    std::thread::sleep(Duration::from_millis(300));
                    if conn.write_all(b" ").is_err() {
                        return;
                    }
                }
            });
            if Instant::now() > deadline {
                break;
            }
        }
    });
    (format!("http://{addr}"), h)
}

#[test]
fn a_trickling_server_cannot_keep_a_read_alive() {
    let (api, _h) = trickling_server();
    let cache = tempfile::tempdir().unwrap();
    let mut cfg = config(&api, cache.path());
    cfg.read_timeout = Duration::from_secs(5);
    cfg.attempt_deadline = Duration::from_secs(1);
    cfg.read_deadline = Duration::from_secs(3);
    let c = GithubClient::new(cfg).unwrap();
    let started = Instant::now();
    let e = read(&c, "some/repo").0.unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(e.contains("no complete answer within"), "{e}");
}
