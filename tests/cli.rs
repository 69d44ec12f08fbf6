//! The command line: exit codes, messages, formats, files, determinism.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

use common::fixture;

fn openness() -> Command {
    common::openness_cmd()
}

#[test]
fn scan_prints_a_terminal_report_and_exits_0() {
    openness()
        .args(["scan", &fixture("llama-licensed")])
        .assert()
        .success()
        .stdout(predicate::str::contains("OPEN-WEIGHTS-RESTRICTED"))
        .stdout(predicate::str::contains(
            "Open Source AI Definition 1.0: not-conformant",
        ))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn color_is_opt_in_off_a_terminal() {
    openness()
        .args(["scan", &fixture("llama-licensed"), "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["));
}

#[test]
fn json_to_a_file_is_valid_against_the_schema_and_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| {
        let path = dir.path().join(name);
        openness()
            .args([
                "scan",
                &fixture("open-research-model"),
                "--format",
                "json",
                "--output",
            ])
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::str::is_empty());
        std::fs::read(&path).unwrap()
    };
    let a = out("a.json");
    let b = out("b.json");
    assert_eq!(a, b, "two runs must give the same bytes");
    let value: serde_json::Value = serde_json::from_slice(&a).unwrap();
    common::assert_valid(&common::report_schema(), &value, "the report");
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["openness"]["level"], "open-source");
}

#[test]
fn markdown_and_terminal_are_deterministic_too() {
    for format in ["markdown", "terminal"] {
        let run = || {
            openness()
                .args(["scan", &fixture("license-conflict"), "--format", format])
                .output()
                .unwrap()
                .stdout
        };
        assert_eq!(run(), run(), "{format}");
    }
}

#[test]
fn a_missing_path_exits_2_with_a_clear_message() {
    openness()
        .args(["scan", "./no/such/model-dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an existing path"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_file_that_is_not_a_model_exits_2() {
    openness()
        .args(["scan", "Cargo.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a directory"));
}

#[test]
fn an_unknown_rubric_id_lists_the_valid_ones() {
    openness()
        .args(["scan", &fixture("no-license"), "--rubric", "osaid"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rubric `osaid`"))
        .stderr(predicate::str::contains("osaid-1.0"))
        .stderr(predicate::str::contains("mof-1.0"));
}

#[test]
fn a_broken_rubric_file_is_reported_with_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.yaml");
    std::fs::write(
        &path,
        "id: mine\ntitle: Mine\nversion: '1'\npublisher: me\nurl: https://example.org\ndescription: d\nscoring: {kind: classes}\ncriteria:\n  - id: weights\n    title: Weights\n    why: w\n    fix: f\n    class: III\n    requires:\n      component: {component: model-weights, license: open}\n",
    )
    .unwrap();
    let shown = path.display().to_string();
    openness()
        .args(["scan", &fixture("no-license"), "--rubric"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{shown}:15:")))
        .stderr(predicate::str::contains("model-weights"));
    openness()
        .args(["rubric", "check"])
        .arg(&path)
        .assert()
        .code(2);
}

#[test]
fn a_user_rubric_replaces_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights-only.yaml");
    std::fs::write(
        &path,
        "id: weights-only\ntitle: Weights only\nversion: '1'\npublisher: me\nurl: https://example.org\ndescription: Open weights are enough for us.\nscoring:\n  kind: checklist\n  verdicts: {pass: ok, fail: rejected, undetermined: check}\ncriteria:\n  - id: weights\n    title: Open weights\n    why: We ship weights.\n    fix: Relicense.\n    requires:\n      component: {component: model-parameters-final, license: open}\n",
    )
    .unwrap();
    openness()
        .args(["rubric", "check"])
        .arg(&path)
        .assert()
        .success();
    let out = openness()
        .args([
            "scan",
            &fixture("apache-weights-only"),
            "--format",
            "json",
            "--rubric",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rubrics: Vec<&String> = v["rubrics"].as_object().unwrap().keys().collect();
    assert_eq!(rubrics, vec!["weights-only"]);
    assert_eq!(v["rubrics"]["weights-only"]["verdict"], "ok");
    // The headline still uses OSAID.
    assert_eq!(v["openness"]["level"], "open-weights");
}

#[test]
fn a_models_broken_card_is_a_finding_and_the_scan_exits_0() {
    openness()
        .args([
            "scan",
            &fixture("malformed-front-matter"),
            "--format",
            "markdown",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("README.md:5"))
        .stdout(predicate::str::contains("front matter is invalid"));
}

#[test]
fn rubric_list_show_and_explain() {
    openness()
        .args(["rubric", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("osaid-1.0"))
        .stdout(predicate::str::contains("mof-1.0"))
        .stdout(predicate::str::contains("eu-ai-act-53-2"));
    let list = openness()
        .args(["rubric", "list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 3);
    openness()
        .args(["rubric", "show", "osaid-1.0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("osaid-1.0/freedoms"))
        .stdout(predicate::str::contains("Data information"));
    openness()
        .args(["rubric", "show", "mof-1.0", "--format", "yaml"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# The Model Openness Framework",
        ));
    openness()
        .args(["explain", "mof-1.0/model-parameters-final"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Model parameters (Final)"))
        .stdout(predicate::str::contains("Why it matters"))
        .stdout(predicate::str::contains("How to meet it"));
    openness()
        .args(["explain", "freedoms"])
        .assert()
        .success()
        .stdout(predicate::str::contains("osaid-1.0/freedoms"));
    openness()
        .args(["explain", "mof-1.0/weights"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("model-parameters-final"));
}

#[test]
fn dumps_show_intermediate_stages() {
    let out = openness()
        .args(["scan", &fixture("llama-licensed"), "--dump", "evidence"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["components"]["model-parameters-final"]["facts"].is_array());
    let out = openness()
        .args(["scan", &fixture("llama-licensed"), "--dump", "snapshot"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "USE_POLICY.md")
    );
}

#[test]
fn hf_cache_targets_follow_hf_home() {
    openness()
        .env("HF_HOME", fixture("hf-cache"))
        .args([
            "scan",
            "hf-cache:fixture-org/cached-model",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"source\": \"hf-cache\""));
}

#[test]
fn bad_hub_ids_are_refused_before_any_io() {
    openness()
        .args(["scan", "hf:../../etc/passwd"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not a valid Hugging Face repository id",
        ));
}

#[test]
fn usage_errors_exit_2() {
    openness().args(["scan"]).assert().code(2);
    openness()
        .args(["scan", "x", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    // A dump bigger than a pipe's buffer, so writing blocks until the reader goes away.
    let dir = tempfile::tempdir().unwrap();
    let card = format!(
        "---\nlicense: mit\n---\n{}",
        "A long card line.\n".repeat(50_000)
    );
    std::fs::write(dir.path().join("README.md"), card).unwrap();
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("openness"))
        .args(["scan", "--dump", "snapshot"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        status.code() == Some(0) || status.code().is_none(),
        "{status:?} {err}"
    );
}
