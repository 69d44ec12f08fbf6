//! The command line of link following: `--follow-links`, `--no-follow`, `--follow-budget`,
//! `--offline`, `--verbose` requests per host, `github:` targets, and tokens that never show.

#[path = "support/fixture_arxiv.rs"]
mod fixture_arxiv;
#[path = "support/fixture_github.rs"]
mod fixture_github;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::path::Path;

use fixture_arxiv::FixtureArxiv;
use fixture_github::FixtureGithub;
use fixture_hub::FixtureHub;
use serde_json::Value;

const CARD: &str = "---\nlicense: apache-2.0\n---\n# Model\n\nTraining code: https://github.com/allenai/OLMo \
    (paper: arXiv:2402.00838). Runs on https://github.com/vllm-project/vllm.\n";

const GH_SECRET: &str = "ghp_do_not_show_this_secret_value";
const HF_SECRET: &str = "hf_do_not_show_this_secret_value";

struct Env {
    hub: FixtureHub,
    github: FixtureGithub,
    arxiv: FixtureArxiv,
    _hub_dir: tempfile::TempDir,
    home: tempfile::TempDir,
    model_dir: tempfile::TempDir,
}

fn env() -> Env {
    let hub_dir = tempfile::tempdir().unwrap();
    let m = hub_dir.path().join("models/org/model");
    std::fs::create_dir_all(m.join("files")).unwrap();
    std::fs::write(m.join("files/README.md"), CARD).unwrap();
    std::fs::write(
        m.join("repo.json"),
        r#"{"siblings": [{"rfilename": "model.safetensors", "size": 1000}]}"#,
    )
    .unwrap();
    let model_dir = tempfile::tempdir().unwrap();
    std::fs::write(model_dir.path().join("README.md"), CARD).unwrap();
    Env {
        hub: FixtureHub::start(hub_dir.path()).unwrap(),
        github: FixtureGithub::start("tests/fixtures/github").unwrap(),
        arxiv: FixtureArxiv::start("tests/fixtures/arxiv").unwrap(),
        _hub_dir: hub_dir,
        home: tempfile::tempdir().unwrap(),
        model_dir,
    }
}

impl Env {
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("openness").unwrap();
        for (k, _) in std::env::vars() {
            if k.starts_with("HF_")
                || k.starts_with("OPENNESS_")
                || k.starts_with("GITHUB_")
                || k == "GH_TOKEN"
            {
                c.env_remove(k);
            }
        }
        let home: &Path = self.home.path();
        c.env("HF_ENDPOINT", self.hub.endpoint())
            .env("HF_HOME", home.join("hf"))
            .env("HF_HUB_CACHE", home.join("hf/hub"))
            .env("HF_TOKEN", HF_SECRET)
            .env("GITHUB_API_URL", self.github.endpoint())
            .env("GITHUB_TOKEN", GH_SECRET)
            .env("OPENNESS_ARXIV_URL", self.arxiv.endpoint())
            .env("OPENNESS_CACHE", home.join("openness"))
            .env("NO_COLOR", "1");
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        for secret in [GH_SECRET, HF_SECRET] {
            assert!(
                !o.contains(secret) && !e.contains(secret),
                "a token shows: {args:?}"
            );
        }
        (out.status.code().unwrap_or(-1), o, e)
    }

    fn dump(&self, args: &[&str]) -> Value {
        let mut a = vec!["scan"];
        a.extend(args);
        a.extend(["--dump", "snapshot"]);
        let (code, out, err) = self.run(&a);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    }

    fn network(&self) -> u64 {
        self.github.total() + self.arxiv.total()
    }
}

fn repo<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["linked"]["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id}: {}", v["linked"]))
}

#[test]
fn a_hub_scan_follows_and_verbose_counts_requests_per_host() {
    let e = env();
    let (code, out, err) = e.run(&["scan", "hf:org/model", "--format", "json", "--verbose"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out).unwrap();
    let line = err
        .lines()
        .find(|l| l.starts_with("openness: HTTP requests per host:"))
        .unwrap_or_else(|| panic!("{err}"));
    for server in [e.hub.endpoint(), e.github.endpoint(), e.arxiv.endpoint()] {
        assert!(
            line.contains(server.trim_start_matches("http://")),
            "{line}"
        );
    }
    assert!(e.github.counts().authorized >= 1);

    let v = e.dump(&["hf:org/model"]);
    assert_eq!(v["linked"]["followed"]["status"], "followed");
    assert_eq!(repo(&v, "allenai/OLMo")["role"], "own");
    assert_eq!(repo(&v, "vllm-project/vllm")["role"], "third-party");
    assert_eq!(v["linked"]["papers"][0]["id"], "2402.00838");

    // --no-follow: listed, not read.
    e.github.reset();
    e.arxiv.reset();
    let v = e.dump(&["hf:org/model", "--no-follow"]);
    assert_eq!(v["linked"]["followed"]["status"], "not-followed");
    assert_eq!(e.network(), 0);
    // --offline: what the first scans cached.
    let v2 = e.dump(&["hf:org/model", "--offline"]);
    assert_eq!(v2["linked"]["followed"]["status"], "followed");
    assert!(repo(&v2, "allenai/OLMo")["snapshot"].is_object());
    assert_eq!(e.network(), 0);
    // The budget.
    let v = e.dump(&["hf:org/model", "--follow-budget", "0"]);
    assert!(
        repo(&v, "allenai/OLMo")["error"]
            .as_str()
            .unwrap()
            .contains("budget")
    );
    // A bad GITHUB_API_URL leaves the links unfollowed, with the reason; the model is read.
    let out = e
        .cmd()
        .env("GITHUB_API_URL", "ftp://nowhere")
        .args(["scan", "hf:org/model", "--dump", "snapshot"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["linked"]["followed"]["status"], "not-followed");
    assert!(
        v["linked"]["followed"]["reason"]
            .as_str()
            .unwrap()
            .contains("GITHUB_API_URL")
    );
}

#[test]
fn a_local_scan_makes_no_request_unless_asked() {
    let e = env();
    let dir = e.model_dir.path().to_string_lossy().to_string();
    let (code, _, err) = e.run(&["scan", &dir, "--verbose"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("HTTP requests per host"), "{err}");
    let v = e.dump(&[&dir]);
    assert_eq!(v["linked"]["followed"]["status"], "not-followed");
    assert!(
        v["linked"]["followed"]["reason"]
            .as_str()
            .unwrap()
            .contains("--follow-links")
    );
    assert_eq!(e.network() + e.hub.total(), 0);

    let v = e.dump(&[&dir, "--follow-links"]);
    assert_eq!(v["linked"]["followed"]["status"], "followed");
    assert!(repo(&v, "allenai/OLMo")["snapshot"]["files"].is_array());
    assert!(e.network() > 0);
    // The switches conflict.
    let (code, _, err) = e.run(&["scan", &dir, "--follow-links", "--no-follow"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn github_targets_and_batches() {
    let e = env();
    let v = e.dump(&["github:allenai/OLMo"]);
    assert_eq!(v["target"]["source"], "github");
    assert_eq!(v["target"]["id"], "allenai/OLMo");
    let v = e.dump(&["https://github.com/EleutherAI/gpt-neox"]);
    assert_eq!(v["target"]["id"], "EleutherAI/gpt-neox");
    let (code, _, err) = e.run(&["scan", "github:NVIDIA/apex"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("github:NVIDIA/apex") && err.contains("404"),
        "{err}"
    );

    // compare and check share one context: the repository is read once for both models.
    e.github.reset();
    let dir = e.model_dir.path().to_string_lossy().to_string();
    let (code, _, err) = e.run(&[
        "compare",
        "hf:org/model",
        &dir,
        "--follow-links",
        "--verbose",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("HTTP requests per host"), "{err}");
    assert!(
        e.github.requests_for("allenai/OLMo") <= 1,
        "{:?}",
        e.github.counts().by_repo
    );
    let policy = e.home.path().join("policy.yaml");
    let (code, _, err) = e.run(&["check", "--init", "--output", policy.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = e.run(&[
        "check",
        "--policy",
        policy.to_str().unwrap(),
        "hf:org/model",
        "--no-follow",
        "--verbose",
    ]);
    assert!(code == 0 || code == 1, "{err}");
}
