//! `openness check` (policy gate), `openness diff` and the batch engine: exit codes, every rule
//! kind, exceptions, severities, SARIF and JUnit validity, a broken model among good ones,
//! shards, baselines, drift, determinism.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use common::fixture;
use openness::policy::{self, Date, ModelStatus, Policy, RuleKind, RuleStatus};

const REGISTRY_POLICY: &str = "tests/fixtures/check-registry/policy.yaml";
const REGISTRY_LIST: &str = "tests/fixtures/check-registry/registry.txt";

fn openness() -> Command {
    let mut c = common::openness_cmd();
    c.env_remove(policy::TODAY_ENV);
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Run `check` with `--format json` and parse the output.
fn check_json(args: &[&str]) -> (i32, Value) {
    let out = openness()
        .arg("check")
        .args(args)
        .args(["--format", "json", "--quiet"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(
        v["exit_code"], code,
        "the JSON's exit_code is the process's"
    );
    (code, v)
}

fn model<'a>(v: &'a Value, target: &str) -> &'a Value {
    v["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["target"] == target)
        .unwrap_or_else(|| panic!("no model {target} in {v}"))
}

fn rule<'a>(m: &'a Value, rule: &str) -> &'a Value {
    m["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .unwrap_or_else(|| panic!("no rule {rule} in {m}"))
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_0_when_every_model_passes() {
    openness()
        .args([
            "check",
            "--policy",
            REGISTRY_POLICY,
            "--from",
            REGISTRY_LIST,
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("4 models: 4 passed, 0 failed"))
        .stdout(predicate::str::contains("PASS (exit code 0)"));
}

#[test]
fn exit_1_on_a_violation() {
    openness()
        .args(["check", "--policy", REGISTRY_POLICY])
        .arg(fixture("non-commercial"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL"))
        .stdout(predicate::str::contains("denied-restrictions (error)"));
}

#[test]
fn exit_2_on_a_bad_policy_with_file_line_column_and_valid_names() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.yaml",
        "version: 1\nrules:\n  denied-restrictions:\n    restrictions: [user-count]\n",
    );
    openness()
        .args(["check", "--policy"])
        .arg(&p)
        .arg(fixture("open-research-model"))
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!("{}:4:", p.display())))
        .stderr(predicate::str::contains("user-threshold"))
        .stderr(predicate::str::contains("model-training-ban"));
}

#[test]
fn exit_2_on_bad_inputs_before_anything_is_read() {
    // No policy, no targets, a bad date, a bad shard, a missing list, a bad baseline.
    openness()
        .args(["check", "tests/fixtures/open-research-model"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--policy"));
    openness()
        .args(["check", "--policy", REGISTRY_POLICY])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no models to check"));
    openness()
        .args([
            "check",
            "--policy",
            REGISTRY_POLICY,
            "--today",
            "2026-02-30",
        ])
        .arg(fixture("open-research-model"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--today"));
    openness()
        .args(["check", "--policy", REGISTRY_POLICY, "--shard", "3/2"])
        .arg(fixture("open-research-model"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("K/N"));
    openness()
        .args([
            "check",
            "--policy",
            REGISTRY_POLICY,
            "--from",
            "no/such/list.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/list.txt"));
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "base.json", "{\"not\": \"a check\"}");
    openness()
        .args(["check", "--policy", REGISTRY_POLICY, "--baseline"])
        .arg(&bad)
        .arg(fixture("open-research-model"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("base.json"));
}

// ------------------------------------------- one broken model, strictness, batch

#[test]
fn a_broken_model_is_reported_and_the_others_still_pass() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "list.txt",
        "tests/fixtures/open-research-model\nno/such/model/dir/here\ntests/fixtures/apache-weights-only\n",
    );
    let list = list.to_str().unwrap();
    let (code, v) = check_json(&["--policy", REGISTRY_POLICY, "--from", list, "--jobs", "3"]);
    assert_eq!(
        code, 1,
        "an unreadable model fails the gate without --strict"
    );
    assert_eq!(v["counts"]["passed"], 2);
    assert_eq!(v["counts"]["errors"], 1);
    let broken = model(&v, "no/such/model/dir/here");
    assert_eq!(broken["status"], "error");
    assert!(broken["error"].as_str().unwrap().contains("no/such/model"));
    assert_eq!(broken["origin"]["line"], 2);
    assert_eq!(
        model(&v, "tests/fixtures/open-research-model")["status"],
        "pass"
    );
    assert_eq!(
        model(&v, "tests/fixtures/apache-weights-only")["status"],
        "pass"
    );

    let (code, v) = check_json(&["--policy", REGISTRY_POLICY, "--from", list, "--strict"]);
    assert_eq!(code, 2, "--strict makes an unreadable model an error");
    assert_eq!(v["counts"]["passed"], 2, "the others are still checked");
}

#[test]
fn outputs_follow_input_order_and_are_byte_identical_across_job_counts() {
    let targets = [
        "tests/fixtures/non-commercial",
        "tests/fixtures/open-research-model",
        "tests/fixtures/llama-licensed",
        "tests/fixtures/no-license",
        "does/not/exist",
        "tests/fixtures/modified-mit",
        "tests/fixtures/apache-weights-only",
    ];
    for format in ["json", "sarif", "junit", "terminal"] {
        let run = |jobs: &str| {
            openness()
                .args([
                    "check",
                    "--policy",
                    REGISTRY_POLICY,
                    "--quiet",
                    "--format",
                    format,
                ])
                .args(["--jobs", jobs, "--today", "2026-01-01"])
                .args(targets)
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert_eq!(one, run("4"), "{format}: --jobs must not change the output");
        assert_eq!(one, run("4"), "{format}: two runs, same bytes");
        if format == "json" {
            let v: Value = serde_json::from_slice(&one).unwrap();
            let order: Vec<&str> = v["models"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["target"].as_str().unwrap())
                .collect();
            assert_eq!(order, targets);
        }
    }
}

#[test]
fn target_lists_take_comments_repeats_and_stdin() {
    let out = openness()
        .args(["check", "--policy", REGISTRY_POLICY, "--from", "-", "--format", "json"])
        .write_stdin(
            "# comment\n\ntests/fixtures/open-research-model  # trailing\ntests/fixtures/open-research-model\n",
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["counts"]["models"], 1);
    assert_eq!(v["models"][0]["origin"]["file"], "-");
    assert_eq!(v["models"][0]["origin"]["line"], 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("listed more than once"), "{stderr}");
    assert!(
        stderr.contains("[1] "),
        "progress lines off a terminal: {stderr}"
    );
}

#[test]
fn shards_split_the_list_without_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "open-research-model",
        "apache-weights-only",
        "llama-licensed",
        "non-commercial",
        "no-license",
        "modified-mit",
        "license-conflict",
    ];
    let list: String = names.iter().map(|n| format!("{}\n", fixture(n))).collect();
    let list = write(dir.path(), "list.txt", &format!("# header\n{list}"));
    let list = list.to_str().unwrap();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let (_, v) = check_json(&[
            "--policy",
            REGISTRY_POLICY,
            "--from",
            list,
            "--shard",
            &shard,
        ]);
        assert_eq!(v["shard"]["index"], k);
        let targets: Vec<String> = v["models"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["target"].as_str().unwrap().to_string())
            .collect();
        // Target i (0-based, comments dropped) goes to shard i mod 3 + 1.
        let expected: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == k - 1)
            .map(|(_, n)| fixture(n))
            .collect();
        assert_eq!(targets, expected, "shard {shard}");
        seen.extend(targets);
    }
    seen.sort();
    let mut all: Vec<String> = names.iter().map(|n| fixture(n)).collect();
    all.sort();
    assert_eq!(seen, all, "the shards cover the list exactly once");
}

// ------------------------------------------------------ rules, one kind at a time

fn policy_file(dir: &Path, rules: &str) -> String {
    write(dir, "policy.yaml", &format!("version: 1\nrules:\n{rules}"))
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn min_level_orders_levels_and_never_lets_unknown_pass() {
    let dir = tempfile::tempdir().unwrap();
    let p = policy_file(dir.path(), "  min-level:\n    level: closed\n");
    let (code, v) = check_json(&[
        "--policy",
        &p,
        "tests/fixtures/card-only-no-weights",
        "tests/fixtures/no-license",
    ]);
    assert_eq!(code, 1);
    let closed = model(&v, "tests/fixtures/card-only-no-weights");
    assert_eq!(closed["level"], "closed");
    assert_eq!(rule(closed, "min-level")["status"], "passed");
    let unknown = model(&v, "tests/fixtures/no-license");
    assert_eq!(unknown["level"], "unknown");
    let r = rule(unknown, "min-level");
    assert_eq!(r["status"], "failed");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("never meets a minimum")
    );

    let p = policy_file(dir.path(), "  min-level:\n    level: open-weights\n");
    let (_, v) = check_json(&[
        "--policy",
        &p,
        "tests/fixtures/apache-weights-only",
        "tests/fixtures/llama-licensed",
        "tests/fixtures/open-research-model",
    ]);
    let status = |t: &str| model(&v, t)["status"].as_str().unwrap().to_string();
    assert_eq!(status("tests/fixtures/apache-weights-only"), "pass");
    assert_eq!(status("tests/fixtures/llama-licensed"), "fail");
    assert_eq!(status("tests/fixtures/open-research-model"), "pass");
}

#[test]
fn osaid_verdict_and_mof_class() {
    let dir = tempfile::tempdir().unwrap();
    let p = policy_file(
        dir.path(),
        "  osaid-verdict:\n    verdict: conformant\n  min-mof-class:\n    class: I\n",
    );
    let (code, v) = check_json(&[
        "--policy",
        &p,
        "tests/fixtures/open-research-model",
        "tests/fixtures/apache-weights-only",
    ]);
    assert_eq!(code, 1);
    let open = model(&v, "tests/fixtures/open-research-model");
    assert_eq!(open["status"], "pass");
    assert_eq!(open["osaid_verdict"], "conformant");
    assert_eq!(open["mof_class"], "I");
    let weights = model(&v, "tests/fixtures/apache-weights-only");
    let osaid = rule(weights, "osaid-verdict");
    assert_eq!(osaid["status"], "failed");
    assert!(
        osaid["message"]
            .as_str()
            .unwrap()
            .contains("not-conformant")
    );
    let mof = rule(weights, "min-mof-class");
    assert_eq!(mof["status"], "failed");
    assert_eq!(
        mof["observed"],
        serde_json::json!({"kind": "mof-class", "value": null})
    );
}

#[test]
fn allowed_and_denied_licenses_read_spdx_expressions() {
    let dir = tempfile::tempdir().unwrap();
    let dual = "tests/fixtures/dual-licensed-expression";
    // MIT OR CC-BY-NC-4.0: allowed when MIT is; denied only when both sides are.
    let p = policy_file(
        dir.path(),
        "  allowed-licenses:\n    licenses: [mit]\n  denied-licenses:\n    licenses: [cc-by-nc-4.0]\n",
    );
    let (code, v) = check_json(&["--policy", &p, dual]);
    assert_eq!(code, 0, "{v}");
    let p = policy_file(
        dir.path(),
        "  allowed-licenses:\n    licenses: [Apache-2.0]\n  denied-licenses:\n    licenses: [MIT, CC-BY-NC-4.0]\n",
    );
    let (code, v) = check_json(&["--policy", &p, dual]);
    assert_eq!(code, 1);
    let m = model(&v, dual);
    let allowed = rule(m, "allowed-licenses");
    assert_eq!(allowed["status"], "failed");
    assert_eq!(
        allowed["observed"]["value"],
        serde_json::json!(["MIT OR CC-BY-NC-4.0"])
    );
    let denied = rule(m, "denied-licenses");
    assert_eq!(denied["status"], "failed");
    assert_eq!(denied["sources"][0]["file"], "README.md");
    assert_eq!(denied["sources"][0]["line"], 2);

    // Hugging Face ids and LicenseRef ids name the same licenses as the catalog.
    let p = policy_file(dir.path(), "  denied-licenses:\n    licenses: [llama3.1]\n");
    let (code, v) = check_json(&["--policy", &p, "tests/fixtures/llama-licensed"]);
    assert_eq!(code, 1);
    assert!(
        rule(
            model(&v, "tests/fixtures/llama-licensed"),
            "denied-licenses"
        )["message"]
            .as_str()
            .unwrap()
            .contains("LicenseRef-llama3.1")
    );
    // No license at all: nothing can be shown to be allowed.
    let p = policy_file(dir.path(), "  allowed-licenses:\n    licenses: [MIT]\n");
    let (code, _) = check_json(&["--policy", &p, "tests/fixtures/no-license"]);
    assert_eq!(code, 1);
}

#[test]
fn denied_restrictions_name_the_license_and_the_term() {
    let dir = tempfile::tempdir().unwrap();
    let p = policy_file(
        dir.path(),
        "  denied-restrictions:\n    restrictions: [user-threshold]\n",
    );
    let (code, v) = check_json(&[
        "--policy",
        &p,
        "tests/fixtures/llama-licensed",
        "tests/fixtures/non-commercial",
    ]);
    assert_eq!(code, 1);
    let llama = rule(
        model(&v, "tests/fixtures/llama-licensed"),
        "denied-restrictions",
    );
    assert_eq!(llama["status"], "failed");
    assert_eq!(
        llama["observed"]["value"],
        serde_json::json!(["user-threshold"])
    );
    assert!(
        llama["message"]
            .as_str()
            .unwrap()
            .contains("LicenseRef-llama3.1")
    );
    // Non-commercial is not denied by this policy.
    assert_eq!(model(&v, "tests/fixtures/non-commercial")["status"], "pass");
}

#[test]
fn warnings_are_reported_but_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let p = policy_file(
        dir.path(),
        "  min-level:\n    level: open-source\n    severity: warning\n",
    );
    let (code, v) = check_json(&["--policy", &p, "tests/fixtures/non-commercial"]);
    assert_eq!(code, 0);
    assert_eq!(v["counts"]["warnings"], 1);
    let r = rule(model(&v, "tests/fixtures/non-commercial"), "min-level");
    assert_eq!(r["status"], "failed");
    assert_eq!(r["severity"], "warning");
}

// ---------------------------------------------------------------- exceptions

#[test]
fn exceptions_waive_until_they_expire_then_fail_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "policy.yaml",
        "version: 1\nrules:\n  min-level:\n    level: open-weights\n  denied-restrictions:\n    restrictions: [non-commercial]\nexceptions:\n  - model: tests/fixtures/non-*\n    rules: [min-level, denied-restrictions]\n    reason: pilot approved by legal\n    expires: 2026-06-30\n",
    );
    let p = p.to_str().unwrap();
    let target = "tests/fixtures/non-commercial";
    // The last day the exception applies.
    let (code, v) = check_json(&["--policy", p, "--today", "2026-06-30", target]);
    assert_eq!(code, 0);
    let r = rule(model(&v, target), "min-level");
    assert_eq!(r["status"], "excepted");
    assert_eq!(r["exception"]["reason"], "pilot approved by legal");
    assert_eq!(v["counts"]["excepted"], 2);
    // The day after.
    let (code, v) = check_json(&["--policy", p, "--today", "2026-07-01", target]);
    assert_eq!(code, 1);
    let r = rule(model(&v, target), "min-level");
    assert_eq!(r["status"], "failed");
    assert_eq!(r["exception"]["expired"], true);
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2026-06-30")
    );
    // OPENNESS_TODAY does the same as --today.
    let out = openness()
        .env(policy::TODAY_ENV, "2027-01-01")
        .args(["check", "--policy", p, "--quiet", target])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("expired on 2026-06-30"), "{stdout}");
}

#[test]
fn an_exception_that_is_no_longer_needed_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "policy.yaml",
        "version: 1\nrules:\n  min-level:\n    level: open-weights\nexceptions:\n  - model: tests/fixtures/open-research-model\n    rules: [min-level]\n    reason: from before the weights were opened\n    expires: 2099-01-01\n",
    );
    openness()
        .args(["check", "--quiet", "--policy"])
        .arg(&p)
        .arg(fixture("open-research-model"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "exception no longer needed (policy line 6)",
        ));
}

// -------------------------------------------------------------------- --init

#[test]
fn init_writes_a_starter_that_loads_and_gates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openness-policy.yaml");
    openness()
        .args(["check", "--init", "--output"])
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# openness policy"));
    let policy = Policy::load(&path).unwrap();
    assert_eq!(
        policy.rules.len(),
        RuleKind::ALL.len(),
        "the starter shows every rule"
    );
    openness()
        .args(["check", "--policy"])
        .arg(&path)
        .arg(fixture("open-research-model"))
        .assert()
        .code(0);
    openness()
        .args(["check", "--policy"])
        .arg(&path)
        .arg(fixture("llama-licensed"))
        .assert()
        .code(1);
    // Never overwrites.
    openness()
        .args(["check", "--init", "--output"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not overwrite"));
    // To standard output, the same text.
    openness()
        .args(["check", "--init"])
        .assert()
        .success()
        .stdout(predicate::eq(text));
}

// ------------------------------------------------------------- SARIF and JUnit

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/schemas/sarif-schema-2.1.0.json").unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn mixed_run(format: &str) -> (i32, String, tempfile::TempDir) {
    // Inside the working directory (like a registry list in a repository), so SARIF can point
    // at it with a relative path.
    let dir = tempfile::Builder::new()
        .prefix(".check-test-")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .unwrap();
    let list = write(
        dir.path(),
        "registry.txt",
        "tests/fixtures/open-research-model\ntests/fixtures/llama-licensed\norg/not-readable-here\n",
    );
    let out = openness()
        .args([
            "check",
            "--policy",
            REGISTRY_POLICY,
            "--quiet",
            "--format",
            format,
        ])
        .args(["--today", "2026-01-01", "--from"])
        .arg(&list)
        .args([
            "tests/fixtures/non-commercial",
            "tests/fixtures/apache-weights-only",
            "hf-cache:org/not-cached",
        ])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        dir,
    )
}

#[test]
fn sarif_is_valid_and_shaped_for_github_code_scanning() {
    let (code, text, dir) = mixed_run("sarif");
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&text).unwrap();
    let schema = sarif_schema();
    common::assert_valid(&schema, &log, "the SARIF log");
    // The validator is not vacuous: a wrong level, a region without a start, an unknown
    // property are each rejected.
    for (pointer, bad) in [
        ("/runs/0/results/0/level", serde_json::json!("fatal")),
        (
            "/runs/0/results/0/locations/0/physicalLocation/region",
            serde_json::json!({}),
        ),
        (
            "/runs/0/tool/driver/rules/0/colour",
            serde_json::json!("red"),
        ),
    ] {
        let mut broken = log.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        broken.pointer_mut(parent).unwrap()[key] = bad;
        assert!(!schema.is_valid(&broken), "{pointer} should be invalid");
    }
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        rule_ids,
        [
            "min-level",
            "osaid-verdict",
            "min-mof-class",
            "allowed-licenses",
            "denied-restrictions",
            "unreadable-model"
        ]
    );
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!r["help"]["text"].as_str().unwrap().is_empty());
        assert!(!r["help"]["markdown"].as_str().unwrap().is_empty());
    }
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
    let results = run["results"].as_array().unwrap();
    // One result per violated rule per model: non-commercial breaks 3 errors + 2 warnings
    // (its exception expired), apache-weights-only 2 warnings, llama-licensed 2 warnings (its
    // errors are waived), the two unreadable models one each.
    assert_eq!(results.len(), 5 + 2 + 2 + 2, "{text}");
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        assert!(matches!(r["level"].as_str(), Some("error" | "warning")));
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.starts_with("file:"), "{uri}");
        assert!(r["partialFingerprints"]["openness/model-rule/v1"].is_string());
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
    }
    let of = |target: &str, rule: &str| {
        results
            .iter()
            .find(|r| {
                r["ruleId"] == rule && r["message"]["text"].as_str().unwrap().starts_with(target)
            })
            .unwrap_or_else(|| panic!("no {rule} result for {target}"))
    };
    // Listed in a --from file: the file and line, relative to the working directory.
    let list = dir.path().join("registry.txt");
    let cwd = std::env::current_dir().unwrap();
    let relative = list
        .strip_prefix(&cwd)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let unreadable = of("org/not-readable-here", "unreadable-model");
    let loc = &unreadable["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], relative);
    assert_eq!(loc["region"]["startLine"], 3);
    // A local model on the command line: the file inside it that holds the evidence.
    let nc = of("tests/fixtures/non-commercial", "denied-restrictions");
    let loc = &nc["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/non-commercial/README.md"
    );
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(nc["properties"]["exceptionExpired"], "2024-06-30");
    // Not local, not listed in a file: the policy file at the rule's line.
    let cache = of("hf-cache:org/not-cached", "unreadable-model");
    assert_eq!(
        cache["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        REGISTRY_POLICY
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert_eq!(run["automationDetails"]["id"], "openness-check/");
}

#[test]
fn sarif_of_a_shard_has_its_own_category() {
    let out = openness()
        .args([
            "check",
            "--policy",
            REGISTRY_POLICY,
            "--quiet",
            "--format",
            "sarif",
        ])
        .args(["--shard", "2/8", "--from", REGISTRY_LIST])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    common::assert_valid(&sarif_schema(), &log, "the SARIF log");
    assert_eq!(
        log["runs"][0]["automationDetails"]["id"],
        "openness-check/shard-2-of-8/"
    );
}

#[test]
fn junit_is_valid_and_has_one_case_per_model_and_rule() {
    let (code, text, dir) = mixed_run("junit");
    assert_eq!(code, 1);
    let path = write(dir.path(), "openness.xml", &text);
    // The Jenkins xunit plugin's junit-10.xsd, with xmllint when it is installed (.ci/run
    // installs it); the structure is checked in Rust either way.
    match std::process::Command::new("xmllint")
        .args(["--noout", "--schema", "tests/schemas/junit-10.xsd"])
        .arg(&path)
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "xmllint rejects the JUnit XML:\n{}\n{text}",
                String::from_utf8_lossy(&out.stderr)
            );
            // The check is not vacuous: a test case without a name is rejected.
            let broken = write(
                dir.path(),
                "broken.xml",
                &text.replacen("<testcase name=", "<testcase nom=", 1),
            );
            let out = std::process::Command::new("xmllint")
                .args(["--noout", "--schema", "tests/schemas/junit-10.xsd"])
                .arg(&broken)
                .output()
                .unwrap();
            assert!(
                !out.status.success(),
                "xmllint must reject a nameless test case"
            );
        }
        Err(e) => {
            eprintln!("xmllint not available ({e}); XSD validation skipped, structure checked")
        }
    }
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<roxmltree::Node> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 6, "one suite per model");
    let mut total = 0;
    let mut failures = 0;
    for s in &suites {
        assert_eq!(s.tag_name().name(), "testsuite");
        let cases: Vec<roxmltree::Node> = s
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(
            s.attribute("tests").unwrap(),
            cases.len().to_string(),
            "tests= counts the cases"
        );
        let f = cases
            .iter()
            .filter(|c| c.children().any(|x| x.has_tag_name("failure")))
            .count();
        assert_eq!(s.attribute("failures").unwrap(), f.to_string());
        total += cases.len();
        failures += f;
        let name = s.attribute("name").unwrap();
        if name.starts_with("tests/fixtures/") {
            let rules: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
            assert_eq!(rules.len(), 5, "{name}: one case per rule of the policy");
            assert!(cases.iter().all(|c| c.attribute("classname") == Some(name)));
        } else {
            let error = cases[0].children().find(|x| x.has_tag_name("error"));
            assert!(error.is_some(), "{name}: an unreadable model is an error");
        }
    }
    assert_eq!(root.attribute("tests").unwrap(), total.to_string());
    assert_eq!(root.attribute("failures").unwrap(), failures.to_string());
    assert_eq!(failures, 3, "non-commercial's three error rules");
    // Waived rules are skipped with the reason.
    let llama = suites
        .iter()
        .find(|s| s.attribute("name") == Some("tests/fixtures/llama-licensed"))
        .unwrap();
    assert_eq!(llama.attribute("skipped"), Some("3"));
    assert!(text.contains("ticket OPEN-42"));
}

// ------------------------------------------------------------ baseline and diff

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_baseline_fails_only_on_what_got_worse() {
    let dir = tempfile::tempdir().unwrap();
    let model_dir = dir.path().join("model");
    copy_dir(Path::new("tests/fixtures/llama-licensed"), &model_dir);
    let target = model_dir.to_str().unwrap();
    let p = policy_file(
        dir.path(),
        "  min-level:\n    level: open-weights\n  denied-restrictions:\n    restrictions: [user-threshold, non-commercial]\n",
    );
    let (code, before) = check_json(&["--policy", &p, target]);
    assert_eq!(code, 1, "the model breaks the policy today");
    let baseline = write(dir.path(), "baseline.json", &before.to_string());
    let baseline = baseline.to_str().unwrap();

    // Nothing changed: the known violations no longer fail.
    let (code, v) = check_json(&["--policy", &p, "--baseline", baseline, target]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["counts"]["known"], 2);
    assert_eq!(rule(model(&v, target), "min-level")["status"], "known");

    // It gets worse: the card now adds a non-commercial license on top.
    let readme = model_dir.join("README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    let worse = text.replacen("license: llama3.1", "license: llama3.1 AND cc-by-nc-4.0", 1);
    assert_ne!(worse, text, "the fixture's card declares llama3.1");
    std::fs::write(&readme, worse).unwrap();
    let (code, v) = check_json(&["--policy", &p, "--baseline", baseline, target]);
    assert_eq!(code, 1, "{v}");
    let r = rule(model(&v, target), "denied-restrictions");
    assert_eq!(r["status"], "failed", "a new restriction is new: {r}");
    assert_eq!(rule(model(&v, target), "min-level")["status"], "known");

    // A model the baseline does not know fails as usual.
    let (code, _) = check_json(&[
        "--policy",
        &p,
        "--baseline",
        baseline,
        "tests/fixtures/non-commercial",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn diff_lists_what_changed_with_better_and_worse() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.json");
    openness()
        .args([
            "scan",
            "tests/fixtures/apache-weights-only",
            "--format",
            "json",
            "--output",
        ])
        .arg(&old)
        .assert()
        .success();
    // A report file against a directory scanned now.
    let out = openness()
        .args(["diff", "--format", "json"])
        .arg(&old)
        .arg("tests/fixtures/license-conflict")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let change = |subject: &str| {
        d["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["subject"] == subject)
            .unwrap_or_else(|| panic!("no change {subject}: {d}"))
            .clone()
    };
    let level = change("openness");
    assert_eq!(level["before"], "open-weights");
    assert_eq!(level["after"], "open-weights-restricted");
    assert_eq!(level["direction"], "worse");
    let lic = change("LicenseRef-llama3.1 (repository)");
    assert_eq!(lic["direction"], "worse");
    assert!(lic["before"].is_null());
    assert_eq!(change("osaid-1.0/freedoms")["direction"], "worse");
    assert!(d["counts"]["worse"].as_u64().unwrap() > 0);
    // Worse first.
    assert_eq!(d["changes"][0]["direction"], "worse");

    // The other way round, it got better; --fail-on-worse is then quiet.
    let out = openness()
        .args(["diff", "--format", "json", "--fail-on-worse"])
        .arg("tests/fixtures/license-conflict")
        .arg(&old)
        .output()
        .unwrap();
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let level = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject"] == "openness")
        .unwrap();
    assert_eq!(level["direction"], "better");
    assert_eq!(
        out.status.code(),
        Some(if d["counts"]["worse"] == 0 { 0 } else { 1 })
    );

    // Same model twice: no change; the terminal says so.
    openness()
        .args(["diff", "--fail-on-worse"])
        .arg(&old)
        .arg("tests/fixtures/apache-weights-only")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no change"));
    // Worse, with --fail-on-worse: exit 1.
    openness()
        .args(["diff", "--fail-on-worse"])
        .arg(&old)
        .arg("tests/fixtures/non-commercial")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("worse"));
    // A file that is not a report.
    let bad = write(dir.path(), "bad.json", "{\"schema_version\": 99}");
    openness()
        .arg("diff")
        .arg(&bad)
        .arg(&old)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schema_version"));
}

#[test]
fn diff_reads_two_revisions_of_a_cached_model() {
    // Two snapshots of one model in a Hugging Face cache: `hf-cache:ORG/NAME@REV`.
    let cache = tempfile::tempdir().unwrap();
    let repo = cache.path().join("hub/models--acme--drifting");
    let rev1 = "1111111111111111111111111111111111111111";
    let rev2 = "2222222222222222222222222222222222222222";
    for (rev, license) in [(rev1, "apache-2.0"), (rev2, "cc-by-nc-4.0")] {
        let snap = repo.join("snapshots").join(rev);
        std::fs::create_dir_all(&snap).unwrap();
        std::fs::write(
            snap.join("README.md"),
            format!("---\nlicense: {license}\n---\n\n# Drifting model\n"),
        )
        .unwrap();
        std::fs::write(snap.join("model.safetensors"), "weights").unwrap();
    }
    std::fs::create_dir_all(repo.join("refs")).unwrap();
    std::fs::write(repo.join("refs/main"), rev2).unwrap();
    let out = openness()
        .env("HF_HUB_CACHE", cache.path().join("hub"))
        .args(["diff", "--format", "json"])
        .arg(format!("hf-cache:acme/drifting@{rev1}"))
        .arg(format!("hf-cache:acme/drifting@{rev2}"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["old"]["revision"], rev1);
    assert_eq!(d["new"]["revision"], rev2);
    let subjects: Vec<&str> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["direction"] == "worse")
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert!(
        subjects.contains(&"CC-BY-NC-4.0 (repository)"),
        "{subjects:?}"
    );
}

// ------------------------------------------------------------ the library API

#[test]
fn decide_is_pure_and_today_matters_only_for_exceptions() {
    let text = std::fs::read_to_string(REGISTRY_POLICY).unwrap();
    let policy = Policy::parse(&text, REGISTRY_POLICY).unwrap();
    let report = common::scan(&fixture("non-commercial"));
    let target = "tests/fixtures/non-commercial";
    let before: Date = "2024-06-30".parse().unwrap();
    let after: Date = "2024-07-01".parse().unwrap();
    let a = policy::decide(&policy, &report, target, before);
    assert_eq!(a.status, ModelStatus::Pass);
    assert_eq!(a, policy::decide(&policy, &report, target, before));
    let b = policy::decide(&policy, &report, target, after);
    assert_eq!(b.status, ModelStatus::Fail);
    let excepted: Vec<RuleKind> = a
        .rules
        .iter()
        .filter(|r| r.status == RuleStatus::Excepted)
        .map(|r| r.rule)
        .collect();
    assert_eq!(
        excepted,
        [
            RuleKind::MinLevel,
            RuleKind::AllowedLicenses,
            RuleKind::DeniedRestrictions
        ]
    );
}
