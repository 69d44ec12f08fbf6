//! The fixture servers themselves: the GitHub REST server (`support/fixture_github.rs`), the arXiv
//! OAI-PMH server (`support/fixture_arxiv.rs`), and the fixture data the linked-evidence walk will
//! read (`tests/fixtures/github`, `arxiv`, `osi-validation`, the Hub data cards). A small std
//! HTTP client talks to them on 127.0.0.1; nothing here touches the network.

#[path = "support/fixture_arxiv.rs"]
mod fixture_arxiv;
#[path = "support/fixture_github.rs"]
mod fixture_github;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fixture_arxiv::FixtureArxiv;
use fixture_github::{FixtureGithub, Limits, base64, git_blob_sha};
use fixture_hub::FixtureHub;
use serde_json::Value;

const GITHUB: &str = "tests/fixtures/github";
const ARXIV: &str = "tests/fixtures/arxiv";
const GRANTED: &str = "ghp_granted_fixture_token";

// ---------------------------------------------------------------------------------------------
// A tiny HTTP/1.1 client.

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// One keep-alive connection.
struct Conn {
    stream: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        Conn {
            stream: BufReader::new(stream),
        }
    }

    fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> std::io::Result<Resp> {
        let mut req =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: fixture-test\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        self.stream.get_mut().write_all(req.as_bytes())?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.stream.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let n: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; n];
        self.stream.read_exact(&mut body)?;
        Ok(Resp {
            status,
            headers,
            body,
        })
    }
}

fn get(addr: SocketAddr, path: &str) -> Resp {
    get_with(addr, path, &[])
}

fn get_with(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Resp {
    Conn::open(addr)
        .get(path, headers)
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// Follows redirects as a plain client does: a `Location` on the same server.
fn follow(base: &str, addr: SocketAddr, path: &str) -> (Resp, Vec<String>) {
    let mut path = path.to_string();
    let mut hops = Vec::new();
    for _ in 0..5 {
        let r = get(addr, &path);
        if !matches!(r.status, 301 | 302 | 307 | 308) {
            return (r, hops);
        }
        let loc = r.header("Location").expect("a redirect has a Location");
        path = loc
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{loc} is not on {base}"))
            .to_string();
        hops.push(path.clone());
    }
    panic!("too many redirects");
}

fn b64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let pad = chunk.iter().filter(|&&c| c == b'=').count();
        let mut n = 0u32;
        for &c in chunk {
            n = n << 6 | if c == b'=' { 0 } else { val(c) as u32 };
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    out
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn github() -> FixtureGithub {
    FixtureGithub::start(GITHUB).expect("the fixture GitHub starts")
}

fn repo_json(full: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{GITHUB}/{full}/repo.json")).unwrap())
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// GitHub: the five endpoints.

#[test]
fn repository_answers_githubs_shape_with_rate_limit_headers() {
    let gh = github();
    let r = get(gh.addr(), "/repos/EleutherAI/gpt-neox");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    for h in [
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "X-RateLimit-Used",
    ] {
        let v: u64 = r.header(h).unwrap().parse().unwrap();
        assert!(v > 0, "{h}");
    }
    assert_eq!(r.header("X-RateLimit-Resource"), Some("core"));
    let v = r.json();
    assert_eq!(v["full_name"], "EleutherAI/gpt-neox");
    assert_eq!(v["name"], "gpt-neox");
    assert_eq!(v["owner"]["login"], "EleutherAI");
    assert_eq!(v["default_branch"], "main");
    assert_eq!(v["html_url"], "https://github.com/EleutherAI/gpt-neox");
    assert_eq!(v["license"]["spdx_id"], "Apache-2.0");
    assert_eq!(v["license"]["key"], "apache-2.0");
    assert_eq!(v["license"]["name"], "Apache License 2.0");
    assert!(v["id"].as_u64().unwrap() > 0);
    assert_eq!(v["private"], false);
    assert!(v["description"].as_str().unwrap().contains("Megatron"));

    // Names are case-insensitive, as on GitHub.
    let r = get(gh.addr(), "/repos/eleutherai/GPT-NEOX");
    assert_eq!(r.json()["full_name"], "EleutherAI/gpt-neox");

    // A missing repository: GitHub's 404 body.
    let r = get(gh.addr(), "/repos/EleutherAI/no-such-repo");
    assert_eq!(r.status, 404);
    let v = r.json();
    assert_eq!(v["message"], "Not Found");
    assert!(
        v["documentation_url"]
            .as_str()
            .unwrap()
            .starts_with("https://docs.github.com/")
    );
    assert!(r.header("X-RateLimit-Remaining").is_some());
}

#[test]
fn licenses_are_reported_as_github_reports_them() {
    let gh = github();
    let lic = |full: &str| get(gh.addr(), &format!("/repos/{full}")).json()["license"].clone();
    // Llama 2's custom license: GitHub cannot match it.
    let l = lic("meta-llama/llama");
    assert_eq!(l["spdx_id"], "NOASSERTION");
    assert_eq!(l["key"], "other");
    assert_eq!(l["name"], "Other");
    assert_eq!(l["url"], Value::Null);
    assert_eq!(
        lic("bigscience-workshop/Megatron-DeepSpeed")["spdx_id"],
        "NOASSERTION"
    );
    assert_eq!(lic("EleutherAI/lm-evaluation-harness")["spdx_id"], "MIT");
    assert_eq!(lic("Dao-AILab/flash-attention")["spdx_id"], "BSD-3-Clause");
    // No license file detected: null, and the license endpoint answers 404.
    assert_eq!(lic("bigscience-workshop/evaluation-results"), Value::Null);
    let r = get(
        gh.addr(),
        "/repos/bigscience-workshop/evaluation-results/license",
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["message"], "Not Found");
}

#[test]
fn commit_pins_the_sha_and_the_tree_lists_files_directories_and_submodules() {
    let gh = github();
    let want = repo_json("EleutherAI/pythia")["refs"]["main"]["sha"]
        .as_str()
        .unwrap()
        .to_string();
    let c = get(gh.addr(), "/repos/EleutherAI/pythia/commits/main").json();
    assert_eq!(c["sha"], want.as_str());
    assert_eq!(c["parents"].as_array().unwrap().len(), 1);
    assert_eq!(
        c["html_url"],
        format!("https://github.com/EleutherAI/pythia/commit/{want}")
    );
    let tree_sha = c["commit"]["tree"]["sha"].as_str().unwrap().to_string();
    assert_eq!(tree_sha.len(), 40);

    // A short sha and `heads/main` resolve to the same commit; an unknown ref is a 422.
    let short = get(
        gh.addr(),
        &format!("/repos/EleutherAI/pythia/commits/{}", &want[..7]),
    );
    assert_eq!(short.json()["sha"], want.as_str());
    let heads = get(gh.addr(), "/repos/EleutherAI/pythia/commits/heads/main");
    assert_eq!(heads.json()["sha"], want.as_str());
    let bad = get(gh.addr(), "/repos/EleutherAI/pythia/commits/no-such-branch");
    assert_eq!(bad.status, 422);
    assert!(
        bad.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("No commit found for SHA")
    );

    // The recursive tree, by the tree's sha.
    let t = get(
        gh.addr(),
        &format!("/repos/EleutherAI/pythia/git/trees/{tree_sha}?recursive=1"),
    )
    .json();
    assert_eq!(t["sha"], tree_sha.as_str());
    assert_eq!(t["truncated"], false);
    let entries = t["tree"].as_array().unwrap();
    let entry = |p: &str| {
        entries
            .iter()
            .find(|e| e["path"] == p)
            .unwrap_or_else(|| panic!("no {p} in the tree"))
            .clone()
    };
    let cfg = entry("models/1B/pythia-1b.yml");
    assert_eq!(cfg["type"], "blob");
    assert_eq!(cfg["mode"], "100644");
    let bytes = std::fs::read(format!(
        "{GITHUB}/EleutherAI/pythia/files/models/1B/pythia-1b.yml"
    ))
    .unwrap();
    assert_eq!(cfg["size"], bytes.len());
    assert_eq!(cfg["sha"], git_blob_sha(&bytes).as_str());
    let dir = entry("models/1B");
    assert_eq!(
        (dir["type"].as_str(), dir["mode"].as_str()),
        (Some("tree"), Some("040000"))
    );
    assert!(dir.get("size").is_none());
    let sub = entry("utils/gpt-neox");
    assert_eq!(
        (sub["type"].as_str(), sub["mode"].as_str()),
        (Some("commit"), Some("160000"))
    );
    assert_eq!(sub["sha"], "bcd6ec20de49095cfde7d83b47f1fb7a4c9185f1");
    // git's order: sorted by path.
    let paths: Vec<&str> = entries
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);

    // Without `recursive`, the top level only; a directory's own tree by its sha.
    let top = get(
        gh.addr(),
        &format!("/repos/EleutherAI/pythia/git/trees/{tree_sha}"),
    )
    .json();
    let top: Vec<String> = top["tree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect();
    assert!(top.contains(&"models".to_string()) && top.contains(&"README.md".to_string()));
    assert!(top.iter().all(|p| !p.contains('/')));
    let models = get(
        gh.addr(),
        &format!(
            "/repos/EleutherAI/pythia/git/trees/{}",
            entry("models")["sha"].as_str().unwrap()
        ),
    )
    .json();
    assert!(
        models["tree"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["path"] == "1B")
    );
    // A branch name and a commit sha are accepted where a tree sha is expected.
    for r in ["main", want.as_str()] {
        let t = get(
            gh.addr(),
            &format!("/repos/EleutherAI/pythia/git/trees/{r}?recursive=1"),
        );
        assert_eq!(t.json()["sha"], tree_sha.as_str());
    }
    let missing = get(
        gh.addr(),
        "/repos/EleutherAI/pythia/git/trees/0000000000000000000000000000000000000000",
    );
    assert_eq!(missing.status, 404);
}

#[test]
fn git_blob_ids_and_base64_match_git_and_ruby() {
    assert_eq!(
        git_blob_sha(b""),
        "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    );
    assert_eq!(
        git_blob_sha(b"hello\n"),
        "ce013625030ba8dba906f756967f9e9ca394464a"
    );
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(base64(b"M"), "TQ==");
    assert_eq!(fixture_github::base64_github(b""), "");
    assert_eq!(fixture_github::base64_github(b"hello\n"), "aGVsbG8K\n");
}

#[test]
fn contents_come_base64_wrapped_at_60_characters() {
    let gh = github();
    let sha = get(gh.addr(), "/repos/EleutherAI/gpt-neox/commits/main").json()["sha"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(
        gh.addr(),
        &format!("/repos/EleutherAI/gpt-neox/contents/README.md?ref={sha}"),
    );
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["type"], "file");
    assert_eq!(v["encoding"], "base64");
    assert_eq!(v["path"], "README.md");
    assert_eq!(v["name"], "README.md");
    let content = v["content"].as_str().unwrap();
    assert!(content.ends_with('\n'));
    let lines: Vec<&str> = content.trim_end_matches('\n').split('\n').collect();
    assert!(lines.len() > 3, "a README of several lines of base64");
    assert!(lines[..lines.len() - 1].iter().all(|l| l.len() == 60));
    assert!(lines.last().unwrap().len() <= 60);
    let want = std::fs::read(format!("{GITHUB}/EleutherAI/gpt-neox/files/README.md")).unwrap();
    assert_eq!(b64_decode(content), want);
    assert_eq!(v["size"], want.len());
    assert_eq!(v["sha"], git_blob_sha(&want).as_str());
    assert_eq!(
        v["html_url"],
        format!("https://github.com/EleutherAI/gpt-neox/blob/{sha}/README.md")
    );
    // download_url stays on the fixture server.
    let dl = v["download_url"].as_str().unwrap();
    let raw = get(gh.addr(), dl.strip_prefix(&gh.endpoint()).unwrap());
    assert_eq!(raw.body, want);

    // A nested path; a directory lists its entries; a missing path and a missing ref are 404s.
    let nested = get(
        gh.addr(),
        "/repos/EleutherAI/gpt-neox/contents/tools/datasets/preprocess_data.py",
    )
    .json();
    assert!(
        String::from_utf8(b64_decode(nested["content"].as_str().unwrap()))
            .unwrap()
            .contains("tokenizes")
    );
    let dir = get(gh.addr(), "/repos/EleutherAI/gpt-neox/contents/configs").json();
    let names: Vec<(&str, &str)> = dir
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap(), e["type"].as_str().unwrap()))
        .collect();
    assert!(names.contains(&("pythia", "dir")));
    assert!(names.contains(&("125M.yml", "file")));
    let root = get(gh.addr(), "/repos/EleutherAI/gpt-neox/contents/").json();
    assert!(
        root.as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "train.py")
    );
    assert_eq!(
        get(
            gh.addr(),
            "/repos/EleutherAI/gpt-neox/contents/no/such/file.py"
        )
        .status,
        404
    );
    let r = get(
        gh.addr(),
        "/repos/EleutherAI/gpt-neox/contents/README.md?ref=no-such-ref",
    );
    assert_eq!(r.status, 404);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("No commit found")
    );

    // Over 1 MB: no inline content, as GitHub does.
    let big = get(gh.addr(), "/repos/xai-org/grok-1/contents/tokenizer.model").json();
    assert_eq!(big["encoding"], "none");
    assert_eq!(big["content"], "");
    assert_eq!(big["size"], 2229219);

    // An empty file: empty content.
    let empty = get(
        gh.addr(),
        "/repos/fixture-org/empty-file/contents/README.md",
    )
    .json();
    assert_eq!(empty["content"], "");
    assert_eq!(empty["size"], 0);
}

#[test]
fn license_endpoint_serves_the_license_file_with_its_spdx_id() {
    let gh = github();
    let v = get(gh.addr(), "/repos/EleutherAI/gpt-neox/license").json();
    assert_eq!(v["path"], "LICENSE");
    assert_eq!(v["encoding"], "base64");
    assert_eq!(v["license"]["spdx_id"], "Apache-2.0");
    assert_eq!(
        v["html_url"].as_str().unwrap().rsplit('/').next(),
        Some("LICENSE")
    );
    let text = String::from_utf8(b64_decode(v["content"].as_str().unwrap())).unwrap();
    // The real file's typo, kept: GitHub still reports Apache-2.0.
    assert!(text.contains("Version 2.0, January 2024"));

    let grok = get(gh.addr(), "/repos/xai-org/grok-1/license").json();
    assert_eq!(grok["path"], "LICENSE.txt");
    let harness = get(gh.addr(), "/repos/EleutherAI/lm-evaluation-harness/license").json();
    assert_eq!(
        (
            harness["path"].as_str(),
            harness["license"]["spdx_id"].as_str()
        ),
        (Some("LICENSE.md"), Some("MIT"))
    );
    let llama = get(gh.addr(), "/repos/meta-llama/llama/license").json();
    assert_eq!(llama["license"]["spdx_id"], "NOASSERTION");
    let text = String::from_utf8(b64_decode(llama["content"].as_str().unwrap())).unwrap();
    assert!(text.contains("700 million monthly active users"));
    assert!(text.contains("to improve\nany other large language model"));
}

#[test]
fn renamed_repositories_answer_301_to_their_id_and_a_plain_client_follows() {
    let gh = github();
    let base = gh.endpoint();
    let target = get(gh.addr(), "/repos/meta-llama/llama").json();
    let id = target["id"].as_u64().unwrap();

    let r = get(gh.addr(), "/repos/facebookresearch/llama");
    assert_eq!(r.status, 301);
    let loc = r.header("Location").unwrap().to_string();
    assert_eq!(loc, format!("{base}/repositories/{id}"));
    let v = r.json();
    assert_eq!(v["message"], "Moved Permanently");
    assert_eq!(v["url"], loc.as_str());
    assert!(r.header("X-RateLimit-Limit").is_some());

    let (r, hops) = follow(&base, gh.addr(), "/repos/facebookresearch/llama");
    assert_eq!(hops, vec![format!("/repositories/{id}")]);
    assert_eq!(r.json()["full_name"], "meta-llama/llama");

    // Sub-paths and queries move too.
    let (r, hops) = follow(
        &base,
        gh.addr(),
        "/repos/facebookresearch/llama/commits/main",
    );
    assert_eq!(hops, vec![format!("/repositories/{id}/commits/main")]);
    assert_eq!(r.json()["sha"], target_sha("meta-llama/llama").as_str());
    let (r, _) = follow(
        &base,
        gh.addr(),
        "/repos/facebookresearch/llama/contents/USE_POLICY.md?ref=main",
    );
    assert!(
        String::from_utf8(b64_decode(r.json()["content"].as_str().unwrap()))
            .unwrap()
            .contains("Acceptable Use Policy")
    );
    let (r, _) = follow(&base, gh.addr(), "/repos/mistralai/mistral-src/license");
    assert_eq!(r.json()["license"]["spdx_id"], "Apache-2.0");
    let (r, _) = follow(&base, gh.addr(), "/repos/HazyResearch/flash-attention");
    assert_eq!(r.json()["full_name"], "Dao-AILab/flash-attention");

    // Counted under the name asked for.
    assert_eq!(
        gh.requests_for_route("facebookresearch/llama", "commits"),
        1
    );
    assert_eq!(gh.requests_for_route("meta-llama/llama", "commits"), 1);
    assert_eq!(get(gh.addr(), "/repositories/1").status, 404);
}

fn target_sha(full: &str) -> String {
    repo_json(full)["refs"]["main"]["sha"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_truncated_tree_says_so_and_a_generated_tree_has_twenty_thousand_files() {
    let gh = github();
    let t = get(
        gh.addr(),
        "/repos/fixture-org/truncated/git/trees/main?recursive=1",
    )
    .json();
    assert_eq!(t["truncated"], true);
    assert_eq!(t["tree"].as_array().unwrap().len(), 5);
    // Not recursive: the top level is whole.
    let t = get(gh.addr(), "/repos/fixture-org/truncated/git/trees/main").json();
    assert_eq!(t["truncated"], false);

    let started = Instant::now();
    let t = get(
        gh.addr(),
        "/repos/fixture-org/huge/git/trees/main?recursive=1",
    )
    .json();
    let blobs = t["tree"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "blob")
        .count();
    assert_eq!(blobs, 20_000 + 3);
    assert_eq!(t["truncated"], false);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let f = get(
        gh.addr(),
        "/repos/fixture-org/huge/contents/generated/019/file_19999.py",
    )
    .json();
    assert_eq!(
        b64_decode(f["content"].as_str().unwrap()),
        b"# generated file 19999\n"
    );
    assert_eq!(
        get(
            gh.addr(),
            "/repos/fixture-org/huge/contents/generated/019/file_20000.py"
        )
        .status,
        404
    );
}

#[test]
fn rate_limit_faults_look_like_githubs() {
    let gh = github();
    // Primary limit spent: 403, Remaining 0, a reset in the future; then served again.
    let r = get(gh.addr(), "/repos/fixture-org/rate-limited");
    assert_eq!(r.status, 403);
    assert_eq!(r.header("X-RateLimit-Remaining"), Some("0"));
    let reset: u64 = r.header("X-RateLimit-Reset").unwrap().parse().unwrap();
    assert!((now() + 25..=now() + 31).contains(&reset));
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("API rate limit exceeded")
    );
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/rate-limited").status,
        200
    );

    // Secondary limit: 403 with Retry-After.
    let r = get(gh.addr(), "/repos/fixture-org/secondary/commits/main");
    assert_eq!(r.status, 403);
    assert_eq!(r.header("Retry-After"), Some("2"));
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("secondary rate limit")
    );
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/secondary/commits/main").status,
        200
    );

    // 429 with Retry-After, then 429 without, then the tree.
    let r = get(gh.addr(), "/repos/fixture-org/too-many/git/trees/main");
    assert_eq!((r.status, r.header("Retry-After")), (429, Some("1")));
    let r = get(gh.addr(), "/repos/fixture-org/too-many/git/trees/main");
    assert_eq!((r.status, r.header("Retry-After")), (429, None));
    assert!(r.header("X-RateLimit-Remaining").is_some());
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/too-many/git/trees/main").status,
        200
    );
}

#[test]
fn faults_by_route_and_path_cut_bodies_and_delays() {
    let gh = github();
    // The first contents request of any path: 502.
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/flaky/contents/src/train.py").status,
        502
    );
    // README.md: the body is cut and the connection closed.
    let mut c = Conn::open(gh.addr());
    assert!(
        c.get("/repos/fixture-org/flaky/contents/README.md", &[])
            .is_err()
    );
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/flaky/contents/README.md").status,
        200
    );
    // The license: slow once.
    let started = Instant::now();
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/flaky/license").status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/flaky/license").status,
        200
    );
    assert!(started.elapsed() < Duration::from_millis(200));
    // reset() re-arms the faults.
    gh.reset();
    assert_eq!(
        get(gh.addr(), "/repos/fixture-org/flaky/contents/src/train.py").status,
        502
    );
}

#[test]
fn the_rate_limit_is_enforced_per_identity_and_resets() {
    let gh = FixtureGithub::start_with(
        GITHUB,
        Limits {
            anonymous: 3,
            token: 100,
            window: Duration::from_secs(1),
        },
    )
    .unwrap();
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = get(gh.addr(), "/repos/EleutherAI/pythia");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("X-RateLimit-Limit"), Some("3"));
        remaining.push(r.header("X-RateLimit-Remaining").unwrap().to_string());
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let r = get(gh.addr(), "/repos/EleutherAI/pythia");
    assert_eq!(r.status, 403);
    assert_eq!(r.header("X-RateLimit-Remaining"), Some("0"));
    assert_eq!(r.header("X-RateLimit-Used"), Some("3"));
    let reset: u64 = r.header("X-RateLimit-Reset").unwrap().parse().unwrap();
    // A token has its own, larger allowance.
    let auth = format!("Bearer {GRANTED}");
    let r = get_with(
        gh.addr(),
        "/repos/EleutherAI/pythia",
        &[("Authorization", &auth)],
    );
    assert_eq!(
        (r.status, r.header("X-RateLimit-Limit")),
        (200, Some("100"))
    );
    // After the reset, the anonymous allowance is back.
    while now() < reset {
        std::thread::sleep(Duration::from_millis(50));
    }
    let r = get(gh.addr(), "/repos/EleutherAI/pythia");
    assert_eq!(
        (r.status, r.header("X-RateLimit-Remaining")),
        (200, Some("2"))
    );
}

#[test]
fn private_repositories_need_a_listed_token_which_is_never_echoed() {
    let gh = github();
    assert_eq!(get(gh.addr(), "/repos/fixture-org/private").status, 404);
    let r = get_with(
        gh.addr(),
        "/repos/fixture-org/private",
        &[("Authorization", "Bearer ghp_some_other_token")],
    );
    assert_eq!(r.status, 404);
    let auth = format!("Bearer {GRANTED}");
    for path in [
        "/repos/fixture-org/private",
        "/repos/fixture-org/private/commits/main",
        "/repos/fixture-org/private/contents/README.md",
        "/repos/fixture-org/private/license",
    ] {
        let r = get_with(gh.addr(), path, &[("Authorization", &auth)]);
        assert_eq!(r.status, 200, "{path}");
        assert!(!String::from_utf8_lossy(&r.body).contains(GRANTED));
        assert!(r.headers.iter().all(|(_, v)| !v.contains(GRANTED)));
    }
    assert_eq!(
        get_with(
            gh.addr(),
            "/repos/fixture-org/private",
            &[("Authorization", &auth)]
        )
        .json()["visibility"],
        "private"
    );
    assert_eq!(gh.counts().authorized, 6);
    assert!(gh.counts().log.iter().all(|l| !l.contains(GRANTED)));
}

#[test]
fn requests_are_counted_per_repository_and_route() {
    let gh = github();
    let mut c = Conn::open(gh.addr());
    // One keep-alive connection for several requests.
    for path in [
        "/repos/allenai/OLMo",
        "/repos/allenai/OLMo/commits/main",
        "/repos/allenai/OLMo/git/trees/main?recursive=1",
        "/repos/allenai/OLMo/license",
        "/repos/allenai/OLMo/contents/scripts/train.py",
        "/repos/allenai/OLMo/contents/README.md",
        "/repos/allenai/dolma",
        "/nowhere",
    ] {
        let r = c.get(path, &[]).unwrap();
        assert!(
            r.status == 200 || path == "/nowhere",
            "{path}: {}",
            r.status
        );
    }
    assert_eq!(gh.requests_for("allenai/OLMo"), 6);
    assert_eq!(gh.requests_for_route("allenai/OLMo", "contents"), 2);
    assert_eq!(gh.requests_for_route("allenai/OLMo", "tree"), 1);
    assert_eq!(gh.requests_for("allenai/dolma"), 1);
    assert_eq!(gh.requests_for("other"), 1);
    assert_eq!(gh.total(), 8);
    let stats = c.get("/_fixture/stats", &[]).unwrap().json();
    assert_eq!(stats["total"], 8);
    assert_eq!(stats["by_repo"]["allenai/OLMo"], 6);
    assert_eq!(stats["by_route"]["allenai/OLMo license"], 1);
    gh.reset();
    assert_eq!(gh.total(), 0);
}

#[test]
fn conditional_requests_answer_304_without_spending_the_limit() {
    let gh = github();
    let r = get(gh.addr(), "/repos/LLM360/amber-train");
    let etag = r.header("ETag").unwrap().to_string();
    let before: u64 = r.header("X-RateLimit-Remaining").unwrap().parse().unwrap();
    let r = get_with(
        gh.addr(),
        "/repos/LLM360/amber-train",
        &[("If-None-Match", &etag)],
    );
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    assert_eq!(
        r.header("X-RateLimit-Remaining")
            .unwrap()
            .parse::<u64>()
            .unwrap(),
        before
    );
}

// ---------------------------------------------------------------------------------------------
// The fixture data.

fn dirs(p: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(p)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

#[test]
fn every_github_fixture_is_consistent() {
    let mut repos = 0;
    for owner in dirs(Path::new(GITHUB)) {
        for repo in dirs(&owner) {
            let full = format!(
                "{}/{}",
                owner.file_name().unwrap().to_string_lossy(),
                repo.file_name().unwrap().to_string_lossy()
            );
            let spec: Value =
                serde_json::from_str(&std::fs::read_to_string(repo.join("repo.json")).unwrap())
                    .unwrap_or_else(|e| panic!("{full}/repo.json: {e}"));
            if let Some(to) = spec["renamed_to"].as_str() {
                assert!(
                    Path::new(GITHUB).join(to).join("repo.json").is_file(),
                    "{full} -> {to}"
                );
                continue;
            }
            repos += 1;
            if full.starts_with("fixture-org/") {
                continue;
            }
            assert!(
                repo.join("files/README.md").is_file(),
                "{full} has a README"
            );
            if !spec["license"].is_null() {
                let files = repo.join("files");
                let found = match spec["license_file"].as_str() {
                    Some(f) => files.join(f).is_file(),
                    None => ["LICENSE", "LICENSE.md", "LICENSE.txt"]
                        .iter()
                        .any(|f| files.join(f).is_file()),
                };
                assert!(found, "{full} has a license file");
            }
            let branch = spec["default_branch"].as_str().unwrap();
            if let Some(sha) = spec["refs"][branch]["sha"].as_str() {
                assert_eq!(sha.len(), 40, "{full}");
            }
        }
    }
    assert!(repos >= 30, "{repos} repositories");
}

#[test]
fn every_arxiv_record_is_complete() {
    let mut n = 0;
    for e in std::fs::read_dir(ARXIV).unwrap().flatten() {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
        let id = v["id"].as_str().unwrap();
        assert_eq!(
            e.file_name().to_string_lossy(),
            format!("{}.json", id.replace('/', "_"))
        );
        assert!(!v["title"].as_str().unwrap().is_empty());
        assert_eq!(v["created"].as_str().unwrap().len(), 10);
        assert!(!v["authors"].as_array().unwrap().is_empty());
        n += 1;
    }
    assert!(n >= 15);
}

/// `../shared/corpus/cards` (or `$OPENNESS_CORPUS/cards`) when present.
fn cards() -> Option<PathBuf> {
    let root = std::env::var_os("OPENNESS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let p = root.join("cards");
    p.is_dir().then_some(p)
}

#[test]
fn osi_validation_models_serve_with_their_real_cards() {
    let fixtures = Path::new("tests/fixtures/osi-validation");
    let slugs: Vec<PathBuf> = dirs(fixtures);
    assert_eq!(slugs.len(), 12);
    for s in &slugs {
        assert!(
            !s.join("files/README.md").exists(),
            "no README is copied into the project"
        );
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(s.join("repo.json")).unwrap()).unwrap();
        assert_eq!(v["sha"].as_str().unwrap().len(), 40);
        assert!(!v["siblings"].as_array().unwrap().is_empty());
    }
    let Some(cards) = cards() else {
        eprintln!("the corpus is not here: the cards are not served");
        return;
    };
    // A Hub directory laid out at run time: repo.json and files from the fixture, the README
    // from the corpus.
    let tmp = tempfile::tempdir().unwrap();
    for s in &slugs {
        let slug = s.file_name().unwrap().to_string_lossy().to_string();
        let (org, name) = slug.split_once("--").unwrap();
        let dir = tmp.path().join("models").join(org).join(name);
        std::fs::create_dir_all(dir.join("files")).unwrap();
        std::fs::copy(s.join("repo.json"), dir.join("repo.json")).unwrap();
        if let Ok(files) = std::fs::read_dir(s.join("files")) {
            for f in files.flatten() {
                std::fs::copy(f.path(), dir.join("files").join(f.file_name())).unwrap();
            }
        }
        std::fs::copy(
            cards.join(&slug).join("README.md"),
            dir.join("files/README.md"),
        )
        .unwrap_or_else(|e| panic!("card {slug}: {e}"));
    }
    let hub = FixtureHub::start(tmp.path()).unwrap();
    let addr: SocketAddr = hub
        .endpoint()
        .strip_prefix("http://")
        .unwrap()
        .parse()
        .unwrap();
    let info = |id: &str| get(addr, &format!("/api/models/{id}")).json();
    let bloom = info("bigscience/bloom");
    assert_eq!(bloom["cardData"]["license"], "bigscience-bloom-rail-1.0");
    assert_eq!(
        bloom["siblings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["rfilename"].as_str().unwrap().ends_with(".safetensors"))
            .count(),
        72
    );
    assert_eq!(info("microsoft/phi-2")["cardData"]["license"], "mit");
    assert_eq!(
        info("EleutherAI/pythia-1b")["cardData"]["datasets"][0],
        "the_pile"
    );
    assert!(
        info("NousResearch/Llama-2-7b-hf")["cardData"]
            .get("license")
            .is_none()
    );
    let readme = get(addr, "/xai-org/grok-1/resolve/main/README.md");
    assert!(readme.text().contains("github.com/xai-org/grok-1"));
    let refs = get(addr, "/api/models/LLM360/Amber/refs").json();
    assert!(
        refs["branches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["name"] == "ckpt_359")
    );
}

#[test]
fn hub_data_cards_of_the_linked_datasets() {
    let hub = FixtureHub::start("tests/fixtures/hub").unwrap();
    let addr: SocketAddr = hub
        .endpoint()
        .strip_prefix("http://")
        .unwrap()
        .parse()
        .unwrap();
    let card = |id: &str| get(addr, &format!("/api/datasets/{id}")).json()["cardData"].clone();
    assert_eq!(card("allenai/dolma")["license"], "odc-by");
    assert_eq!(card("allenai/c4")["license"], "odc-by");
    assert_eq!(card("tiiuae/falcon-refinedweb")["license"], "odc-by");
    assert_eq!(card("EleutherAI/pile")["license"], "other");
    assert_eq!(card("LLM360/AmberDatasets")["license"], "apache-2.0");
    let stack = get(addr, "/api/datasets/bigcode/the-stack-v2").json();
    assert_eq!(stack["gated"], "auto");
    assert!(
        stack["cardData"]["extra_gated_prompt"]
            .as_str()
            .unwrap()
            .contains("Software Heritage")
    );
    // The StarCoder2 card names a dataset BigCode never published.
    assert_eq!(
        get(addr, "/api/datasets/bigcode/the-stack-v2-train").status,
        404
    );
    let text = get(
        addr,
        "/datasets/LLM360/AmberDatasets/resolve/main/README.md",
    )
    .text();
    assert!(text.contains("github.com/LLM360/amber-data-prep"));
}

// ---------------------------------------------------------------------------------------------
// arXiv.

fn arxiv_record(addr: SocketAddr, id: &str) -> Resp {
    get(
        addr,
        &format!("/oai2?verb=GetRecord&identifier=oai:arXiv.org:{id}&metadataPrefix=arXiv"),
    )
}

const OAI: &str = "http://www.openarchives.org/OAI/2.0/";
const ARXIV_NS: &str = "http://arxiv.org/OAI/arXiv/";

fn child<'a, 'i>(
    n: roxmltree::Node<'a, 'i>,
    ns: &str,
    name: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name)
}

#[test]
fn arxiv_answers_the_oai_pmh_record_shape() {
    let ax = FixtureArxiv::start(ARXIV).unwrap();
    let r = arxiv_record(ax.addr(), "2304.01373");
    assert_eq!(r.status, 200);
    assert!(r.header("Content-Type").unwrap().starts_with("text/xml"));
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().namespace(), root.tag_name().name()),
        (Some(OAI), "OAI-PMH")
    );
    let request = child(root, OAI, "request").unwrap();
    assert_eq!(request.attribute("verb"), Some("GetRecord"));
    assert_eq!(request.attribute("metadataPrefix"), Some("arXiv"));
    assert!(
        child(root, OAI, "responseDate")
            .unwrap()
            .text()
            .unwrap()
            .ends_with('Z')
    );
    let record = child(child(root, OAI, "GetRecord").unwrap(), OAI, "record").unwrap();
    let header = child(record, OAI, "header").unwrap();
    assert_eq!(
        child(header, OAI, "identifier").unwrap().text(),
        Some("oai:arXiv.org:2304.01373")
    );
    assert_eq!(child(header, OAI, "setSpec").unwrap().text(), Some("cs"));
    let meta = child(child(record, OAI, "metadata").unwrap(), ARXIV_NS, "arXiv").unwrap();
    let field = |n: &str| {
        child(meta, ARXIV_NS, n)
            .and_then(|x| x.text())
            .map(str::to_string)
    };
    assert_eq!(field("id").as_deref(), Some("2304.01373"));
    assert_eq!(field("created").as_deref(), Some("2023-04-03"));
    assert_eq!(
        field("title").as_deref(),
        Some("Pythia: A Suite for Analyzing Large Language Models Across Training and Scaling")
    );
    assert_eq!(
        field("license").as_deref(),
        Some("http://creativecommons.org/licenses/by/4.0/")
    );
    let authors: Vec<String> = child(meta, ARXIV_NS, "authors")
        .unwrap()
        .children()
        .filter(|a| a.is_element())
        .map(|a| {
            format!(
                "{} {}",
                child(a, ARXIV_NS, "forenames")
                    .and_then(|x| x.text())
                    .unwrap_or(""),
                child(a, ARXIV_NS, "keyname").unwrap().text().unwrap()
            )
        })
        .collect();
    assert_eq!(authors[0], "Stella Biderman");
    assert!(authors.contains(&"Kyle O'Brien".to_string()));
    assert!(field("abstract").is_some());

    // A paper from before arXiv recorded licenses: no <license> element; an old-style id.
    let r = arxiv_record(ax.addr(), "hep-th/9711200");
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name((ARXIV_NS, "id")) && n.text() == Some("hep-th/9711200"))
    );
    assert!(!doc.descendants().any(|n| n.tag_name().name() == "license"));
    assert_eq!(ax.requests_for("2304.01373"), 1);
    assert_eq!(ax.requests_for("hep-th/9711200"), 1);
}

#[test]
fn arxiv_errors_are_oai_errors() {
    let ax = FixtureArxiv::start(ARXIV).unwrap();
    let code = |r: Resp| {
        assert_eq!(r.status, 200);
        let text = r.text();
        let doc = roxmltree::Document::parse(&text).unwrap();
        doc.descendants()
            .find(|n| n.has_tag_name((OAI, "error")))
            .and_then(|n| n.attribute("code"))
            .map(str::to_string)
    };
    assert_eq!(
        code(arxiv_record(ax.addr(), "2999.99999")).as_deref(),
        Some("idDoesNotExist")
    );
    assert_eq!(
        code(arxiv_record(ax.addr(), "../secret")).as_deref(),
        Some("idDoesNotExist")
    );
    assert_eq!(
        code(get(ax.addr(), "/oai2?verb=GetRecord&metadataPrefix=arXiv")).as_deref(),
        Some("badArgument")
    );
    assert_eq!(
        code(get(ax.addr(), "/oai2?verb=ListSets")).as_deref(),
        Some("badVerb")
    );
    assert_eq!(
        code(get(
            ax.addr(),
            "/oai2?verb=GetRecord&identifier=oai:arXiv.org:2304.01373&metadataPrefix=oai_dc"
        ))
        .as_deref(),
        Some("cannotDisseminateFormat")
    );
    assert_eq!(code(arxiv_record(ax.addr(), "2304.01373")), None);
}

#[test]
fn arxiv_faults_503_retry_after_delays_and_cut_bodies() {
    let ax = FixtureArxiv::start(ARXIV).unwrap();
    let r = arxiv_record(ax.addr(), "0000.00001");
    assert_eq!((r.status, r.header("Retry-After")), (503, Some("1")));
    assert_eq!(arxiv_record(ax.addr(), "0000.00001").status, 200);

    let started = Instant::now();
    let mut c = Conn::open(ax.addr());
    assert!(
        c.get(
            "/oai2?verb=GetRecord&identifier=oai:arXiv.org:0000.00002&metadataPrefix=arXiv",
            &[]
        )
        .is_err()
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(arxiv_record(ax.addr(), "0000.00002").status, 200);
    assert_eq!(ax.requests_for("0000.00002"), 2);

    // Flow control for every request, whatever is asked.
    let busy = FixtureArxiv::start("tests/fixtures/arxiv-busy").unwrap();
    for _ in 0..2 {
        let r = arxiv_record(busy.addr(), "2304.01373");
        assert_eq!((r.status, r.header("Retry-After")), (503, Some("5")));
    }
    assert_eq!(arxiv_record(busy.addr(), "2304.01373").status, 200);
    assert_eq!(busy.total(), 3);
}
