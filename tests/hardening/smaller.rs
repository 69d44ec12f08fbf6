//! The smaller items of the hardening issue (14, item 16): bytes that are not UTF-8 in a target
//! list or a card are read lossily with a problem; a `license:` that is not an id is unknown
//! terms with its line; YAML messages say limits in words, never the parser's internals; a 401
//! without the Hub's `GatedRepo` code is not called gating; a report's links follow a custom
//! `HF_ENDPOINT`; semantic rubric and policy errors carry positions. Temporary trees and a fixture Hub on 127.0.0.1, each command bounded in time.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use openness::level::Level;
use openness::snapshot::TextContent;

use super::{hub_model, hub_report};

fn openness() -> Command {
    let mut c = Command::cargo_bin("openness").unwrap();
    c.env_remove("HF_HOME")
        .env_remove("HF_HUB_CACHE")
        .env("HF_HUB_OFFLINE", "1")
        .timeout(Duration::from_secs(60));
    c
}

/// A model directory with weights, an Apache-2.0 LICENSE and this card (as bytes).
fn model_with_card(card: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), card).unwrap();
    std::fs::write(dir.path().join("model.safetensors"), vec![1u8; 4096]).unwrap();
    std::fs::write(
        dir.path().join("LICENSE"),
        super::spdx_text("Apache-2.0").as_bytes(),
    )
    .unwrap();
    dir
}

/// A bundled model, for commands that must stop before reading it.
const MODEL: &str = "tests/fixtures/open-research-model";

/// Run `openness ARGS`, which must stop with exit 2 (a bad input file); its stderr.
fn refused(args: &[&str]) -> String {
    let out = openness().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    err
}

fn scan(dir: &Path) -> openness::Report {
    let rubrics = openness::rubric::default_rubrics().unwrap();
    openness::scan(dir.to_str().unwrap(), &rubrics).unwrap()
}

fn problems(r: &openness::Report) -> Vec<String> {
    r.problems.iter().map(|p| p.message.clone()).collect()
}

#[test]
fn a_target_list_line_that_is_not_utf8_is_a_row_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("models.txt");
    let good = std::path::Path::new("tests/fixtures/open-research-model")
        .canonicalize()
        .unwrap();
    let mut bytes = format!("# registry\n{}\n", good.display()).into_bytes();
    bytes.extend_from_slice(b"org/caf\xe9-model\n");
    std::fs::write(&list, bytes).unwrap();
    let out = openness()
        .args([
            "compare",
            "--from",
            list.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("models.txt:3: the line is not UTF-8 text; read as `org/caf\u{fffd}-model`"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{stderr}", String::from_utf8_lossy(&out.stdout)));
    let rows = v["rows"].as_array().unwrap();
    let graded: Vec<_> = rows.iter().filter(|r| r["error"].is_null()).collect();
    assert_eq!(graded.len(), 1, "{v:#}");
    assert_eq!(
        graded[0]["level"], "open-source",
        "the good model is graded"
    );
    assert!(
        rows.iter()
            .chain(v["errors"].as_array().into_iter().flatten())
            .any(|r| r.to_string().contains("caf\u{fffd}-model")),
        "the bad line is a row: {v:#}"
    );

    // A list that is all UTF-8 gets no warning.
    std::fs::write(&list, format!("{}\n", good.display())).unwrap();
    let out = openness()
        .args([
            "compare",
            "--from",
            list.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

#[test]
fn a_latin1_card_is_read_lossily_with_a_problem() {
    let dir = model_with_card(b"---\nlicense: apache-2.0\n---\n# Mod\xe8le caf\xe9\n\nEntra\xeen\xe9 sur des donn\xe9es publiques.\n");
    let r = scan(dir.path());
    // The card was read: its license stands, and the report says the text was read lossily.
    assert_eq!(
        r.openness.level,
        Level::OpenWeights,
        "{}",
        r.openness.reason
    );
    assert!(
        r.licenses
            .iter()
            .any(|l| l.id == "Apache-2.0" && l.source.field.as_deref() == Some("license")),
        "{:?}",
        r.licenses
    );
    let p = problems(&r);
    assert!(
        p.iter().any(|m| m
            == "README.md is not all UTF-8: 5 byte sequences could not be decoded and were read as U+FFFD; save the file as UTF-8"),
        "{p:?}"
    );

    // UTF-8 text: no such problem.
    let dir = model_with_card("---\nlicense: apache-2.0\n---\n# Modèle café\n".as_bytes());
    assert!(
        !problems(&scan(dir.path()))
            .iter()
            .any(|m| m.contains("UTF-8"))
    );

    // Bytes that are mostly not text stay binary: the card is unreadable, never half-read.
    let noise: Vec<u8> = (0..2000u32)
        .map(|i| (128 + (i * 7919) % 128) as u8)
        .collect();
    let dir = model_with_card(&noise);
    let r = scan(dir.path());
    assert!(
        problems(&r)
            .iter()
            .any(|m| m.contains("not text (binary content)")),
        "{:?}",
        problems(&r)
    );
}

#[test]
fn a_license_value_that_is_not_an_id_is_unknown_terms_with_its_line() {
    for (value, kind) in [
        ("{name: mit}", "a mapping"),
        ("true", "a true/false value"),
        ("[[mit]]", "a nested list"),
        ("[mit, {x: 1}]", "a list with a mapping in it"),
        (
            "[apache-2.0, false]",
            "a list with a true/false value in it",
        ),
    ] {
        let card = format!("---\ntags: [a]\nlicense: {value}\n---\n# A model\n");
        let r = scan(model_with_card(card.as_bytes()).path());
        assert_eq!(
            r.openness.level,
            Level::Unknown,
            "{value}: {}",
            r.openness.reason
        );
        let l = r
            .licenses
            .iter()
            .find(|l| l.id == "NOASSERTION")
            .unwrap_or_else(|| panic!("{value}: {:?}", r.licenses));
        assert_eq!(l.source.line, Some(3), "{value}: {l:?}");
        assert_eq!(l.declared, format!("license: {kind}"), "{value}");
        assert!(
            l.notes.iter().any(|n| n.contains("not a license id")),
            "{value}: {l:?}"
        );
    }
    // Ids, lists of ids and numbers are read as before; an empty value states no license.
    for (value, id) in [
        ("mit", "MIT"),
        ("[mit, apache-2.0]", "MIT"),
        ("", "Apache-2.0"),
    ] {
        let card = format!("---\nlicense: {value}\n---\n# A model\n");
        let r = scan(model_with_card(card.as_bytes()).path());
        assert!(
            r.licenses.iter().any(|l| l.id == id),
            "{value}: {:?}",
            r.licenses
        );
        assert!(
            !r.licenses
                .iter()
                .any(|l| l.declared.starts_with("license: ")),
            "{value}: {:?}",
            r.licenses
        );
    }
}

#[test]
fn yaml_messages_say_limits_in_words_never_the_parsers_internals() {
    let internals = [
        "budget",
        "Depth {",
        "DuplicateKeyPolicy",
        "Options",
        " at line ",
    ];
    // A card whose front matter nests too deep, defines too many anchors, repeats a key.
    let deep = format!("x: {}1{}\n", "[".repeat(70), "]".repeat(70));
    let anchors: String = (0..150).map(|i| format!("k{i}: &a{i} v\n")).collect();
    for (yaml, says) in [
        (deep.as_str(), "more than 64 levels deep"),
        (anchors.as_str(), "more than 100 anchors"),
        (
            "license: mit\nlicense: mit\n",
            "the key `license` is given twice",
        ),
    ] {
        let card = format!("---\n{yaml}---\n# A model\n");
        let p = problems(&scan(model_with_card(card.as_bytes()).path()));
        let m = p
            .iter()
            .find(|m| m.contains("front matter"))
            .unwrap_or_else(|| panic!("{p:?}"));
        assert!(m.contains(says), "{m}");
        for i in internals {
            assert!(!m.contains(i), "`{i}` in: {m}");
        }
    }
    // A rubric and a policy with a repeated key: the message names the key and its line.
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("r.yaml");
    std::fs::write(&rubric, "id: mine\nid: again\n").unwrap();
    let err = refused(&["rubric", "check", rubric.to_str().unwrap()]);
    assert!(
        err.contains("r.yaml:2:1: the key `id` is given twice in one mapping"),
        "{err}"
    );
    let policy = dir.path().join("p.yaml");
    std::fs::write(&policy, "version: 1\nversion: 1\nrules: {}\n").unwrap();
    let err = refused(&["check", "--policy", policy.to_str().unwrap(), MODEL]);
    assert!(
        err.contains("p.yaml:2:1: the key `version` is given twice"),
        "{err}"
    );
    for i in internals {
        assert!(!err.contains(i), "`{i}` in: {err}");
    }
}

#[test]
fn a_401_without_the_gated_code_is_not_called_gating() {
    let reason = |faults: &str, name: &str| {
        let dir = hub_model(name, super::PLAIN_CARD, faults);
        let (s, _r) = hub_report(dir.path(), name);
        let t = s.texts.iter().find(|t| t.path == "LICENSE").unwrap();
        match &t.content {
            TextContent::Unreadable { reason } => reason.clone(),
            other => panic!("{other:?}"),
        }
    };
    let plain = reason(
        r#"[{"route": "LICENSE", "times": 100, "status": 401}]"#,
        "u401",
    );
    assert!(plain.contains("401"), "{plain}");
    assert!(!plain.contains("gated"), "{plain}");
    assert!(
        plain.contains("refused the request without saying why"),
        "{plain}"
    );
    let gated = reason(
        r#"[{"route": "LICENSE", "times": 100, "status": 401, "headers": {"X-Error-Code": "GatedRepo"}}]"#,
        "g401",
    );
    assert!(gated.contains("this repository is gated"), "{gated}");
}

#[test]
fn report_links_follow_a_custom_hub_endpoint() {
    let dir = hub_model("linked", "---\nlicense: mit\n---\n# A model\n", "[]");
    let hub = super::fixture_hub::FixtureHub::start(dir.path()).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let endpoint = hub.endpoint();
    // With credentials in the endpoint: they reach no link.
    let with_credentials = endpoint.replacen("http://", "http://someone:hunter2secret@", 1);
    for (env, shown) in [(&endpoint, &endpoint), (&with_credentials, &endpoint)] {
        let out = Command::cargo_bin("openness")
            .unwrap()
            .env("HF_ENDPOINT", env)
            .env("HF_HOME", cache.path())
            .env("HF_HUB_CACHE", cache.path().join("hub"))
            .env("OPENNESS_CACHE", cache.path().join("openness"))
            .env_remove("HF_HUB_OFFLINE")
            .timeout(Duration::from_secs(60))
            .args(["scan", "hf:org/linked", "--format", "html"])
            .output()
            .unwrap();
        // The HTML escapes `/` in attributes.
        let html = String::from_utf8_lossy(&out.stdout).replace("&#x2f;", "/");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            html.contains(&format!("href=\"{shown}/org/linked/blob/")),
            "{html}"
        );
        assert!(
            !html.contains("https://huggingface.co/org/linked"),
            "{html}"
        );
        assert!(!html.contains("hunter2secret"));
    }
    // The default endpoint keeps the Hub's own pages.
    let meta = openness::source::hub::repo_meta("org/m", Some("main"));
    assert_eq!(
        meta.page.map(|p| p.url).as_deref(),
        Some("https://huggingface.co/org/m")
    );
}

/// Semantic errors in a rubric or a policy (valid YAML, wrong meaning) carry the line and the
/// column of the value at fault, every one of them.
#[test]
fn semantic_rubric_and_policy_errors_carry_their_positions() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("r.yaml");
    std::fs::write(
        &rubric,
        "id: mine\ntitle: Mine\nversion: \"1\"\npublisher: me\nurl: https://example.org\ndescription: d\nscoring:\n  kind: checklist\n  verdicts: {pass: ok, fail: no, undetermined: dunno}\ncriteria:\n  - id: a\n    title: A\n    why: w\n    fix: f\n    requires:\n      component: {component: model-card, license: osi}\n  - id: a\n    title: B\n    why: w\n    fix: f\n    class: II\n    requires:\n      component: {component: model-architecture, license: osi}\n",
    )
    .unwrap();
    let err = refused(&["rubric", "check", rubric.to_str().unwrap()]);
    assert!(
        err.contains("r.yaml:17:9: criterion id `a` is used twice"),
        "{err}"
    );
    assert!(
        err.contains("r.yaml:21:12: criterion `a` has a `class`, but the rubric is a checklist"),
        "{err}"
    );
    let policy = dir.path().join("p.yaml");
    std::fs::write(
        &policy,
        "version: 1\nrules:\n  allowed-licenses:\n    licenses: [Nope-1.0, apache-2.0]\nexceptions:\n  - model: x/y\n    rules: [min-level]\n    reason: r\n    expires: 2026-13-45\n",
    )
    .unwrap();
    let err = refused(&["check", "--policy", policy.to_str().unwrap(), MODEL]);
    for at in [
        "p.yaml:4:16: unknown license `Nope-1.0`",
        "p.yaml:7:13: the exception names `min-level`, which this policy does not set",
        "p.yaml:9:14: `expires`: `2026-13-45` is not a day of the calendar",
    ] {
        assert!(err.contains(at), "{at}: {err}");
    }
}
