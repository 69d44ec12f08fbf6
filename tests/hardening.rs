//! The hardening issue (14): bounded fan-out of `base_model` (item 5), total deadlines against a
//! trickling server (item 6), credentials in an endpoint never shown (item 14), redirect loops and
//! redirects to `file://` (item 16); a LICENSE or README that cannot be read is unknown and a
//! check calls the model unreadable (item 1); a local walk that skips something is partial
//! (item 2); concatenated standard texts are those licenses (item 3); a card's `license:` list is
//! deduplicated and bounded (item 9). Cards of 120,000 arXiv ids or 10,000 links on one line
//! cost a pass, not a quadratic walk, and what they list is bounded (item 8, in
//! `hardening/parsing.rs`).
//! Local servers on 127.0.0.1 and temporary trees, bounded in time. The local side (items 7,
//! 10 to 13) is in `hardening/local.rs`; control and bidi characters in file names, directory
//! names, cards and error messages, in every output format (item 15), in `hardening/control.rs`;
//! the rest of item 16 (lossy decoding, `license:` values that are not ids, YAML messages, 401
//! without a code, links to a custom endpoint) in `hardening/smaller.rs`.

mod common;
#[path = "hardening/control.rs"]
mod control;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;
#[path = "hardening/local.rs"]
mod local;
#[path = "hardening/parsing.rs"]
mod parsing;
#[path = "hardening/smaller.rs"]
mod smaller;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use fixture_hub::FixtureHub;
use openness::assess::Outcome;
use openness::level::Level;
use openness::snapshot::Listing;
use openness::source::hub::{HubClient, HubConfig};

fn config(endpoint: &str, cache: &Path) -> HubConfig {
    let mut c = HubConfig::new(endpoint);
    c.cache_dir = Some(cache.to_path_buf());
    c.retry.sleep_cap = Some(Duration::from_millis(5));
    c.retry.base_delay = Duration::from_millis(1);
    c
}

/// A template Hub organisation `org` whose every model has this card.
fn template_hub(org: &str, card: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("templates").join(org);
    std::fs::create_dir_all(t.join("files")).unwrap();
    std::fs::write(
        t.join("repo.json"),
        r#"{"siblings": [{"rfilename": "model.safetensors", "size": 1000}]}"#,
    )
    .unwrap();
    std::fs::write(t.join("files/README.md"), card).unwrap();
    dir
}

#[test]
fn a_base_model_fan_out_is_bounded_in_breadth_and_in_all() {
    // Every model names 200 base models of its own: without bounds, 200 + 40,000 + ...
    let mut card = String::from("---\nlicense: apache-2.0\nbase_model:\n");
    for i in 0..200 {
        card.push_str(&format!("- fan/{{{{name}}}}-{i}\n"));
    }
    card.push_str("---\n# {{name}}\n");
    let dir = template_hub("fan", &card);
    let hub = FixtureHub::start(dir.path()).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let client = HubClient::new(config(&hub.endpoint(), cache.path())).unwrap();
    let started = Instant::now();
    let s = client.scan_blocking("fan/root", None).unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(s.snapshot.lineage.len(), 32);
    assert!(hub.total() <= 40, "{}", hub.total());
    let notes: Vec<&str> = s
        .snapshot
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("fan/root names 200 base models; the first 8")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("more than 32 models in all")),
        "{notes:?}"
    );
}

#[test]
fn models_sharing_a_base_read_it_once_per_client() {
    let dir = template_hub(
        "share",
        "---\nlicense: apache-2.0\nbase_model: fixture-meta/llama-base\n---\n# {{name}}\n",
    );
    let base = dir.path().join("models/fixture-meta/llama-base");
    std::fs::create_dir_all(base.join("files")).unwrap();
    for f in [
        "repo.json",
        "files/README.md",
        "files/LICENSE",
        "files/USE_POLICY.md",
    ] {
        std::fs::copy(
            Path::new("tests/fixtures/hub/models/fixture-meta/llama-base").join(f),
            base.join(f),
        )
        .unwrap();
    }
    let hub = FixtureHub::start(dir.path()).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let client = HubClient::new(config(&hub.endpoint(), cache.path())).unwrap();
    let handles: Vec<_> = (0..40)
        .map(|i| {
            let c = client.clone();
            std::thread::spawn(move || c.scan_blocking(&format!("share/m{i}"), None).unwrap())
        })
        .collect();
    for h in handles {
        let s = h.join().unwrap();
        assert_eq!(s.snapshot.lineage.len(), 1);
        assert!(s.snapshot.lineage[0].snapshot.is_some());
    }
    assert_eq!(hub.requests_for("model fixture-meta/llama-base"), 1);
}

/// A server answering every request with `answer(path)`, raw; `None` trickles a JSON body one
/// byte every 300 ms.
fn serve(answer: fn(&str) -> Option<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { break };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                loop {
                    let mut first = String::new();
                    if reader.read_line(&mut first).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut line = String::new();
                    while reader.read_line(&mut line).unwrap_or(0) > 2 {
                        line.clear();
                    }
                    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
                    match answer(&path) {
                        Some(raw) => {
                            if conn.write_all(raw.as_bytes()).is_err() {
                                return;
                            }
                        }
                        None => {
                            let _ = conn.write_all(
                                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
                            );
                            for _ in 0..100 {
                                std::thread::sleep(Duration::from_millis(300));
                                if conn.write_all(b" ").is_err() {
                                    return;
                                }
                            }
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn a_trickling_hub_cannot_keep_a_scan_alive() {
    let endpoint = serve(|_| None);
    let cache = tempfile::tempdir().unwrap();
    let mut c = config(&endpoint, cache.path());
    c.read_timeout = Duration::from_secs(10);
    c.attempt_deadline = Duration::from_secs(1);
    c.read_deadline = Duration::from_millis(2500);
    let client = HubClient::new(c).unwrap();
    let started = Instant::now();
    let e = client
        .scan_blocking("org/slow", None)
        .unwrap_err()
        .to_string();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(e.contains("no complete answer within"), "{e}");
}

#[test]
fn redirect_loops_and_redirects_to_files_stop_at_once_with_a_hint() {
    let endpoint = serve(|path| {
        let to = if path.contains("/loop") {
            path.to_string()
        } else {
            "file:///etc/passwd".to_string()
        };
        Some(format!(
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\n\r\n"
        ))
    });
    let cache = tempfile::tempdir().unwrap();
    let client = HubClient::new(config(&endpoint, cache.path())).unwrap();
    let started = Instant::now();
    let e = client
        .scan_blocking("org/loop", None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("redirect loop") && e.contains("HF_ENDPOINT"),
        "{e}"
    );
    let e = client
        .scan_blocking("org/file", None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("file URL") && e.contains("only http and https"),
        "{e}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn credentials_in_the_endpoint_never_show() {
    let cache = tempfile::tempdir().unwrap();
    // Nothing listens on port 9: the connection is refused.
    let mut c = config("http://someone:hunter2secret@127.0.0.1:9", cache.path());
    c.retry.retries = 0;
    let client = HubClient::new(c).unwrap();
    let e = client
        .scan_blocking("org/model", None)
        .unwrap_err()
        .to_string();
    assert!(
        !e.contains("hunter2secret") && !e.contains("someone:"),
        "{e}"
    );
    assert!(e.contains("cannot connect to http://127.0.0.1:9"), "{e}");
    assert!(!format!("{client:?}").contains("hunter2secret"));

    // The command line too, in errors and with --verbose.
    let out = assert_cmd::Command::cargo_bin("openness")
        .unwrap()
        .env("HF_ENDPOINT", "http://someone:hunter2secret@127.0.0.1:9")
        .env("HF_HOME", cache.path())
        .env("HF_HUB_CACHE", cache.path().join("hub"))
        .env("OPENNESS_CACHE", cache.path().join("openness"))
        .args(["scan", "hf:org/model", "--verbose"])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(!all.contains("hunter2secret"), "{all}");
}

#[test]
fn a_token_the_server_echoes_into_a_file_is_redacted_there_too() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("models/org/echo");
    std::fs::create_dir_all(m.join("files")).unwrap();
    std::fs::write(
        m.join("files/README.md"),
        "---\nlicense: mit\n---\n# Echo\n",
    )
    .unwrap();
    std::fs::write(
        m.join("repo.json"),
        r#"{"faults": [{"route": "README.md", "status": 200, "echo_auth": true}]}"#,
    )
    .unwrap();
    let hub = FixtureHub::start(dir.path()).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut c = config(&hub.endpoint(), cache.path());
    c.token = openness::source::hub::Token::new("hf_echoed_secret_value_42");
    let s = HubClient::new(c)
        .unwrap()
        .scan_blocking("org/echo", None)
        .unwrap();
    let card = s.snapshot.text_file("README.md").unwrap().text().unwrap();
    assert!(card.contains("<redacted>"), "{card}");
    let dump = serde_json::to_string(&s.snapshot).unwrap();
    assert!(!dump.contains("hf_echoed_secret_value_42"));
    for e in walk(cache.path()) {
        let bytes = std::fs::read(&e).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&bytes).contains("hf_echoed_secret_value_42"));
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// Item 2: a walk that skipped something does not call its listing complete.

const CARD: &str = "---\nlicense: apache-2.0\n---\n# A model\n\nWeights in `weights/`.\n";

/// A model directory (`model/` in a temporary directory) with an Apache-2.0 card and no weights.
fn model_dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("model");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("README.md"), CARD).unwrap();
    (dir, m)
}

/// The listing, the notes and the level of a local model.
fn walked(m: &Path) -> (Listing, Vec<String>, Level) {
    let target = m.to_str().unwrap();
    let s = openness::read(target).unwrap();
    let notes = s
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.subject.as_deref().unwrap_or(""), n.message))
        .collect();
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let r = openness::scan(target, &rubrics).unwrap();
    (s.listing, notes, r.openness.level)
}

#[test]
fn a_linked_weights_directory_inside_the_root_is_listed() {
    let (_d, m) = model_dir();
    std::fs::create_dir_all(m.join("store/w")).unwrap();
    std::fs::write(m.join("store/w/model.safetensors"), vec![1u8; 4096]).unwrap();
    std::os::unix::fs::symlink("../store/w", m.join("store/a-weights")).unwrap();
    // A link back up is not followed forever.
    std::os::unix::fs::symlink("..", m.join("store/w/up")).unwrap();
    let s = openness::read(m.to_str().unwrap()).unwrap();
    assert!(
        s.files
            .iter()
            .any(|f| f.path == "store/a-weights/model.safetensors"),
        "{:?}",
        s.files
    );
    // Listed once, under the link that came first.
    assert_eq!(s.files.len(), 2, "{:?}", s.files);
    assert_eq!(s.listing, Listing::Complete);
    let (_, _, level) = walked(&m);
    assert_eq!(level, Level::OpenWeights);
}

#[test]
fn a_linked_weights_directory_outside_the_root_makes_the_listing_partial() {
    let (d, m) = model_dir();
    let outside = d.path().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("model.safetensors"), vec![1u8; 4096]).unwrap();
    std::os::unix::fs::symlink(&outside, m.join("weights")).unwrap();
    let (listing, notes, level) = walked(&m);
    assert_eq!(listing, Listing::Partial);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("weights:") && n.contains("outside the model's directory")),
        "{notes:?}"
    );
    assert_ne!(level, Level::Closed);
    assert_eq!(level, Level::Unknown);
}

#[test]
fn a_broken_link_makes_the_listing_partial() {
    let (_d, m) = model_dir();
    // git-annex: the link points into an object store that was not fetched.
    std::os::unix::fs::symlink(
        ".git/annex/objects/Xx/Yy/SHA256E-s4096--abc.safetensors",
        m.join("model.safetensors"),
    )
    .unwrap();
    let (listing, notes, level) = walked(&m);
    assert_eq!(listing, Listing::Partial);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("model.safetensors:") && n.contains("broken symbolic link")),
        "{notes:?}"
    );
    assert_eq!(level, Level::Unknown);
}

#[test]
fn a_directory_deeper_than_the_limit_makes_the_listing_partial() {
    let (_d, m) = model_dir();
    let mut deep = m.clone();
    for i in 0..20 {
        deep = deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("model.safetensors"), vec![1u8; 4096]).unwrap();
    let (listing, notes, level) = walked(&m);
    assert_eq!(listing, Listing::Partial);
    assert!(
        notes.iter().any(|n| n.contains("levels; not listed")),
        "{notes:?}"
    );
    assert_eq!(level, Level::Unknown);
}

#[test]
fn an_unreadable_subdirectory_makes_the_listing_partial() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, m) = model_dir();
    let sub = m.join("weights");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("model.safetensors"), vec![1u8; 4096]).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&sub).is_ok();
    let result = walked(&m);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable {
        // As root, permissions do not stop the walk: nothing to test.
        return;
    }
    let (listing, notes, level) = result;
    assert_eq!(listing, Listing::Partial);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("weights:") && n.contains("directory not read")),
        "{notes:?}"
    );
    assert_eq!(level, Level::Unknown);
}

#[test]
fn a_complete_walk_without_weights_is_still_closed() {
    let (_d, m) = model_dir();
    std::fs::create_dir_all(m.join("docs")).unwrap();
    std::fs::write(m.join("docs/notes.md"), "notes").unwrap();
    // A configuration makes it a repository (a folder of documents alone is a saved card, read
    // as the card: tests/targets.rs).
    std::fs::write(m.join("config.json"), "{\"model_type\": \"llama\"}").unwrap();
    let (listing, notes, level) = walked(&m);
    assert_eq!(listing, Listing::Complete, "{notes:?}");
    assert_eq!(level, Level::Closed);
}

// Item 3: several complete standard texts in one file are those licenses, not a modified one.

fn spdx_text(id: &str) -> String {
    spdx::text::LICENSE_TEXTS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, t)| t.to_string())
        .unwrap()
}

fn mit(holder: &str) -> String {
    spdx_text("MIT").replace(
        "Copyright (c) <year> <copyright holders>",
        &format!("Copyright (c) 2024 {holder}"),
    )
}

/// The licenses identified in a text: (id, modified, confidence).
fn identified(text: &str) -> Vec<(String, bool)> {
    openness::license::identify_all(openness::license::Catalog::builtin(), text)
        .licenses
        .iter()
        .map(|l| (l.facts.id.clone(), l.modified))
        .collect()
}

#[test]
fn three_mit_notices_for_three_components_are_mit() {
    let text = format!(
        "Component A\n\n{}\n\nComponent B\n\n{}\n\nComponent C\n\n{}\n",
        mit("Alpha Labs"),
        mit("Beta Inc."),
        mit("Gamma Contributors")
    );
    assert_eq!(identified(&text), vec![("MIT".to_string(), false)]);
}

#[test]
fn a_model_whose_license_file_repeats_mit_is_mit() {
    let (_d, m) = model_dir();
    std::fs::write(m.join("README.md"), PLAIN_CARD).unwrap();
    std::fs::write(m.join("model.safetensors"), vec![1u8; 4096]).unwrap();
    std::fs::write(
        m.join("LICENSE"),
        format!("{}\n\n{}\n", mit("Alpha Labs"), mit("Beta Inc.")),
    )
    .unwrap();
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let r = openness::scan(m.to_str().unwrap(), &rubrics).unwrap();
    let ids: Vec<&str> = r.licenses.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["MIT"], "{}", show(&r));
    assert!(r.licenses[0].notes.iter().any(|n| n.contains("2 copies")));
    assert_eq!(r.openness.level, Level::OpenWeights, "{}", show(&r));
    // The allow-list (MIT) lets it through.
    let (code, v) = check_strict(&[m.to_str().unwrap()], None);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn apache_2_three_times_is_apache_2() {
    let a = spdx_text("Apache-2.0");
    let text = format!("{a}\n\n{a}\n\n{a}\n");
    assert_eq!(identified(&text), vec![("Apache-2.0".to_string(), false)]);
}

#[test]
fn different_standard_texts_one_after_another_are_each_found() {
    let text = format!(
        "{}\n\n{}\n\n{}\n",
        mit("Alpha Labs"),
        spdx_text("BSD-3-Clause"),
        mit("Beta Inc.")
    );
    assert_eq!(
        identified(&text),
        vec![
            ("MIT".to_string(), false),
            ("BSD-3-Clause".to_string(), false)
        ]
    );
}

#[test]
fn a_standard_text_with_added_terms_is_still_modified() {
    let text = format!(
        "{}\n\n{}\n\nThe Software may not be used for commercial purposes. Any use of the Software by a company, for profit, or in a product that is sold requires a separate written agreement with Alpha Labs.\n",
        mit("Alpha Labs"),
        mit("Beta Inc.")
    );
    let ids = identified(&text);
    assert!(ids.iter().any(|(_, modified)| *modified), "{ids:?}");
}

// Item 1: a listed LICENSE or README that cannot be read is unknown, never absent.

/// A Hub with `org/NAME` holding a card (no license in its metadata unless `card` says),
/// weights and a LICENSE, with `faults` on its files.
fn hub_model(name: &str, card: &str, faults: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("models/org").join(name);
    std::fs::create_dir_all(m.join("files")).unwrap();
    std::fs::write(m.join("files/README.md"), card).unwrap();
    std::fs::write(m.join("files/LICENSE"), spdx_text("Apache-2.0")).unwrap();
    std::fs::write(
        m.join("repo.json"),
        format!(
            r#"{{"siblings": [{{"rfilename": "model.safetensors", "size": 2000000}}], "faults": {faults}}}"#
        ),
    )
    .unwrap();
    dir
}

const PLAIN_CARD: &str = "---\npipeline_tag: text-generation\n---\n# A model\n\nWeights are published. The training code is at https://example.org/code.\n";

fn hub_report(dir: &Path, name: &str) -> (openness::Snapshot, openness::Report) {
    hub_report_with(dir, name, |_| {})
}

fn hub_report_with(
    dir: &Path,
    name: &str,
    tweak: fn(&mut HubConfig),
) -> (openness::Snapshot, openness::Report) {
    let hub = FixtureHub::start(dir).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut c = config(&hub.endpoint(), cache.path());
    tweak(&mut c);
    let client = HubClient::new(c).unwrap();
    let s = client
        .scan_blocking(&format!("org/{name}"), None)
        .unwrap()
        .snapshot;
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let r = openness::Report::build(&openness::extract(&s), &rubrics).unwrap();
    (s, r)
}

fn show(r: &openness::Report) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "openness": r.openness,
        "licenses": r.licenses,
        "problems": r.problems,
        "rubrics": r.rubrics.iter().filter(|(k, _)| !k.starts_with("mof")).map(|(k, v)| (k.clone(), v.criteria.iter().map(|f| format!("{} {:?} {}", f.id, f.outcome, f.reason)).collect::<Vec<_>>())).collect::<std::collections::BTreeMap<_, _>>(),
    }))
    .unwrap()
}

/// What a report says when `file` could not be read: unknown terms naming the file and the
/// failure, never "no license".
fn assert_unknown_terms(r: &openness::Report, file: &str, failure: &str) {
    let all = show(r);
    assert_eq!(r.openness.level, Level::Unknown, "{all}");
    assert!(!r.openness.reason.contains("no license"), "{all}");
    let l = r
        .licenses
        .iter()
        .find(|l| l.source.file.as_deref() == Some(file))
        .unwrap_or_else(|| panic!("no entry for {file}: {all}"));
    assert_eq!(l.id, "NOASSERTION", "{all}");
    assert!(
        l.declared.contains("could not be read") && l.declared.contains(failure),
        "{all}"
    );
    assert!(r.openness.reason.contains(file), "{all}");
    for (rubric, criterion) in [
        ("osaid-1.0", "freedoms"),
        ("osaid-1.0", "parameters"),
        ("eu-ai-act-53-2", "free-open-source-license"),
    ] {
        let f = r.rubrics[rubric].finding(criterion).unwrap();
        assert_eq!(f.outcome, Outcome::Unknown, "{rubric}/{criterion}: {all}");
    }
    assert!(
        r.unread.iter().any(|u| u.starts_with(file)),
        "{:?}",
        r.unread
    );
}

#[test]
fn a_license_the_hub_fails_to_serve_is_unknown() {
    for (name, fault, failure) in [
        (
            "l500",
            r#"{"route": "LICENSE", "times": 100, "status": 500}"#,
            "500",
        ),
        (
            "l404",
            r#"{"route": "LICENSE", "times": 100, "status": 404}"#,
            "404",
        ),
        (
            "l401",
            r#"{"route": "LICENSE", "times": 100, "status": 401}"#,
            "401",
        ),
        (
            "lcut",
            r#"{"route": "LICENSE", "times": 100, "status": 200, "cut": true}"#,
            "",
        ),
        (
            "lbin",
            r#"{"route": "LICENSE", "times": 100, "status": 200, "body": "\u0000\u0001\u0002PK"}"#,
            "not a text file",
        ),
    ] {
        let dir = hub_model(name, PLAIN_CARD, &format!("[{fault}]"));
        let (_s, r) = hub_report(dir.path(), name);
        assert_unknown_terms(&r, "LICENSE", failure);
    }
}

#[test]
fn a_license_the_hub_does_not_answer_in_time_is_unknown() {
    let dir = hub_model(
        "lslow",
        PLAIN_CARD,
        r#"[{"route": "LICENSE", "times": 100, "status": 200, "delay_ms": 3000}]"#,
    );
    let started = Instant::now();
    let (_s, r) = hub_report_with(dir.path(), "lslow", |c| {
        c.read_timeout = Duration::from_millis(300);
        c.retry.retries = 1;
    });
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_unknown_terms(&r, "LICENSE", "no answer within the timeout");
}

#[test]
fn a_license_the_hub_fails_to_serve_next_to_a_card_license() {
    // The card states Apache-2.0: that statement stands, the unread file is set aside with the
    // reason, and a check still calls the model unreadable.
    let dir = hub_model(
        "l500b",
        "---\nlicense: apache-2.0\n---\n# A model\n",
        r#"[{"route": "LICENSE", "times": 100, "status": 500}]"#,
    );
    let (_s, r) = hub_report(dir.path(), "l500b");
    let l = r.licenses.iter().find(|l| l.id == "NOASSERTION").unwrap();
    assert!(l.declared.contains("could not be read: HTTP 500"), "{l:?}");
    assert_eq!(r.unread.len(), 1, "{:?}", r.unread);
}

#[test]
fn a_card_the_hub_fails_to_serve_is_unknown() {
    for with_license in [true, false] {
        let dir = hub_model(
            "r500",
            PLAIN_CARD,
            r#"[{"route": "README.md", "times": 100, "status": 500}]"#,
        );
        if !with_license {
            std::fs::remove_file(dir.path().join("models/org/r500/files/LICENSE")).unwrap();
        }
        let (_s, r) = hub_report(dir.path(), "r500");
        let all = show(&r);
        let summary = |rubric: &str| {
            serde_json::to_value(&r.rubrics[rubric].summary).unwrap()["verdict"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_ne!(summary("osaid-1.0"), "not-conformant", "{all}");
        assert_ne!(
            summary("eu-ai-act-53-2"),
            "likely-outside-exemption",
            "{all}"
        );
        assert_ne!(r.openness.level, Level::Closed, "{all}");
        if !with_license {
            assert_eq!(r.openness.level, Level::Unknown, "{all}");
            assert!(!r.openness.reason.contains("no license was found"), "{all}");
        }
        assert!(
            r.unread
                .iter()
                .any(|u| u.starts_with("README.md: HTTP 500")),
            "{:?}",
            r.unread
        );
    }
}

/// `openness check --strict --format json` of `targets` (the Hub at `endpoint`, if any).
fn check_strict(targets: &[&str], endpoint: Option<&str>) -> (i32, serde_json::Value) {
    let cache = tempfile::tempdir().unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("openness").unwrap();
    cmd.env("HF_HOME", cache.path())
        .env("HF_HUB_CACHE", cache.path().join("hub"))
        .env("OPENNESS_CACHE", cache.path().join("openness"))
        .args([
            "check",
            "--policy",
            "tests/fixtures/check-registry/policy.yaml",
        ])
        .args(["--strict", "--format", "json", "--quiet"])
        .args(targets);
    if let Some(e) = endpoint {
        cmd.env("HF_ENDPOINT", e);
    }
    let out = cmd.timeout(Duration::from_secs(60)).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v)
}

#[test]
fn check_strict_calls_a_model_with_an_unread_license_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, m) = model_dir();
    std::fs::write(m.join("README.md"), PLAIN_CARD).unwrap();
    std::fs::write(m.join("model.safetensors"), vec![1u8; 4096]).unwrap();
    std::fs::write(m.join("LICENSE"), b"\x00\x01\x02PK\x03\x04").unwrap();
    let target = m.to_str().unwrap();
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let r = openness::scan(target, &rubrics).unwrap();
    assert_unknown_terms(&r, "LICENSE", "not a text file");
    let (code, v) = check_strict(&[target], None);
    assert_eq!(code, 2, "{v:#}");
    let model = &v["models"][0];
    assert_eq!(model["status"], "error", "{v:#}");
    let error = model["error"].as_str().unwrap();
    assert!(
        error.contains("could not be read") && error.contains("LICENSE: not a text file"),
        "{error}"
    );

    // Permissions (when they apply: not as root).
    std::fs::write(m.join("LICENSE"), spdx_text("MIT")).unwrap();
    std::fs::set_permissions(m.join("LICENSE"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(m.join("LICENSE")).is_err() {
        let r = openness::scan(target, &rubrics).unwrap();
        assert_unknown_terms(&r, "LICENSE", "denied");
        assert_eq!(check_strict(&[target], None).0, 2);
    }
    std::fs::set_permissions(m.join("LICENSE"), std::fs::Permissions::from_mode(0o644)).unwrap();

    // A card that is not text: with a readable LICENSE, the LICENSE decides the level; without
    // one, the terms are unknown. Either way a check cannot judge the model.
    std::fs::write(m.join("README.md"), b"\x00\x01\x02\xff").unwrap();
    let r = openness::scan(target, &rubrics).unwrap();
    assert_eq!(r.openness.level, Level::OpenWeights, "{}", show(&r));
    assert_eq!(check_strict(&[target], None).0, 2);
    std::fs::remove_file(m.join("LICENSE")).unwrap();
    let r = openness::scan(target, &rubrics).unwrap();
    assert_eq!(r.openness.level, Level::Unknown);
    let f = r.rubrics["osaid-1.0"].finding("freedoms").unwrap();
    assert_eq!(f.outcome, Outcome::Unknown, "{}", show(&r));
    let (code, v) = check_strict(&[target], None);
    assert_eq!(code, 2, "{v:#}");
    let error = v["models"][0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("README.md: not text"), "{error}");
    std::fs::write(m.join("README.md"), PLAIN_CARD).unwrap();
    std::fs::write(m.join("LICENSE"), spdx_text("MIT")).unwrap();

    // Readable, the same model passes or fails, but is judged.
    let (code, v) = check_strict(&[target], None);
    assert_ne!(code, 2, "{v:#}");
    assert_ne!(v["models"][0]["status"], "error", "{v:#}");
}

#[test]
fn check_strict_tells_a_hub_outage_from_a_bad_model() {
    let dir = hub_model(
        "l500",
        PLAIN_CARD,
        r#"[{"route": "LICENSE", "times": 1000, "status": 500}]"#,
    );
    let hub = FixtureHub::start(dir.path()).unwrap();
    let (code, v) = check_strict(&["hf:org/l500"], Some(&hub.endpoint()));
    assert_eq!(code, 2, "{v:#}");
    let error = v["models"][0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("LICENSE: HTTP 500"), "{v:#}");
}

// Item 9: what one card can expand into is bounded.

#[test]
fn a_license_list_of_repeats_is_one_license_and_a_long_list_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("model.safetensors"), b"w").unwrap();
    // 100,000 repeats of one license: one statement, a small report, quickly.
    let mut card = String::from("---\nlicense:\n");
    for _ in 0..100_000 {
        card.push_str("- mit\n");
    }
    card.push_str("---\n# M\n");
    std::fs::write(m.join("README.md"), &card).unwrap();
    let started = Instant::now();
    let r = common::scan(&m.to_string_lossy());
    assert!(started.elapsed() < Duration::from_secs(30));
    let declared: Vec<_> = r
        .licenses
        .iter()
        .filter(|l| l.origin == openness::evidence::LicenseOrigin::CardMetadata)
        .collect();
    assert_eq!(declared.len(), 1, "{declared:?}");
    assert!(serde_json::to_string(&r).unwrap().len() < 200_000);
    // 40 distinct licenses: the first 16 are read, the rest are unknown terms, never dropped.
    let mut card = String::from("---\nlicense:\n- mit\n");
    for i in 0..40 {
        card.push_str(&format!("- custom-license-{i}\n"));
    }
    card.push_str("---\n# M\n");
    std::fs::write(m.join("README.md"), &card).unwrap();
    let r = common::scan(&m.to_string_lossy());
    assert!(
        r.licenses.iter().any(|l| l
            .notes
            .iter()
            .any(|n| n.contains("more than 16 distinct licenses"))),
        "{:#?}",
        r.licenses
    );
    assert_ne!(r.openness.level, Level::OpenWeights);
}
