//! What `openness check` prints for the person who acts on it: the terminal summary (failures
//! first, one line per model and per failed rule, warnings summarised per rule, a line count
//! bounded on 400 models with the starter policy, the long reasons with `-v`) and
//! `--format github` (workflow commands with the runner's escaping, at the `--from` line or the
//! model's file, a final notice).

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn openness() -> Command {
    let mut c = common::openness_cmd();
    c.env_remove(openness::policy::TODAY_ENV);
    c
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch directory inside the checkout (so paths relative to the working directory work).
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(".check-test-")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
}

fn starter(dir: &Path) -> PathBuf {
    let p = dir.join("policy.yaml");
    openness()
        .args(["check", "--init", "--output"])
        .arg(&p)
        .assert()
        .success();
    p
}

/// `n` distinct targets (symlinks in `dir`) cycling through `fixtures`, and a `--from` list of
/// them.
fn many(dir: &Path, fixtures: &[&str], n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut list = String::new();
    for i in 0..n {
        let f = fixtures[i % fixtures.len()];
        let link = dir.join(format!("m{i:03}-{f}"));
        std::os::unix::fs::symlink(root.join("tests/fixtures").join(f), &link).unwrap();
        list.push_str(&format!("{}\n", link.display()));
    }
    let p = dir.join("models.txt");
    std::fs::write(&p, list).unwrap();
    p
}

fn json(policy: &Path, list: &Path) -> Value {
    let (_, out, err) = run(openness()
        .args(["check", "-q", "--format", "json", "--policy"])
        .arg(policy)
        .arg("--from")
        .arg(list));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"))
}

/// Failed rules of severity error, over the models that fail.
fn failed_error_rules(v: &Value) -> usize {
    v["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "fail")
        .flat_map(|m| m["rules"].as_array().unwrap())
        .filter(|r| r["status"] == "failed" && r["severity"] == "error")
        .count()
}

#[test]
fn four_hundred_models_that_pass_with_warnings_take_a_line_each() {
    let dir = scratch();
    let policy = starter(dir.path());
    let list = many(
        dir.path(),
        &["apache-weights-only", "dual-licensed-expression"],
        400,
    );
    let (code, out, err) = run(openness()
        .args(["check", "-q", "--policy"])
        .arg(&policy)
        .arg("--from")
        .arg(&list));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let rules = 6;
    // Models + rules + a constant (header, blank lines, section titles, counts, verdict).
    assert!(
        lines.len() <= 400 + rules + 10,
        "{} lines:\n{out}",
        lines.len()
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("  PASS ")).count(),
        400
    );
    // Warnings once per rule, with the count, the value seen, what is needed and examples.
    let osaid: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("osaid-verdict (warning)"))
        .collect();
    assert_eq!(osaid.len(), 1, "{out}");
    assert!(
        osaid[0].contains(
            "400 models (not-conformant), needs OSAID verdict at least conformant; e.g. "
        ) && osaid[0].contains("m000-apache-weights-only, ")
            && osaid[0].contains("m002-apache-weights-only")
            && !osaid[0].contains("m003-"),
        "{}",
        osaid[0]
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("min-mof-class (warning)"))
            .count(),
        1
    );
    // No line carries a long reason.
    assert!(!out.contains("not met:"), "{out}");
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 400, "a line of {longest} characters");
}

#[test]
fn failures_come_first_and_the_line_count_stays_bounded() {
    let dir = scratch();
    let policy = starter(dir.path());
    let fixtures = [
        "apache-weights-only",
        "llama-licensed",
        "binary-readme",
        "non-commercial",
        "open-research-model",
        "no-license",
        "dual-licensed-expression",
        "license-texts",
    ];
    let list = many(dir.path(), &fixtures, 400);
    let (code, out, err) = run(openness()
        .args(["check", "-q", "--policy"])
        .arg(&policy)
        .arg("--from")
        .arg(&list));
    assert_eq!(code, 1, "{err}");
    let v = json(&policy, &list);
    let errors = failed_error_rules(&v);
    let lines: Vec<&str> = out.lines().collect();
    // One line per model, one per failed error rule, a few per rule, a constant.
    assert!(
        lines.len() <= 400 + errors + 3 * 6 + 12,
        "{} lines for {errors} failed rules:\n{out}",
        lines.len()
    );
    // Failing models, then unreadable ones, then passes.
    let order: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.get(2..7))
        .filter(|w| ["FAIL ", "ERROR", "PASS "].contains(w))
        .collect();
    assert_eq!(order.len(), 400);
    let rank = |w: &&str| ["FAIL ", "ERROR", "PASS "].iter().position(|x| x == w);
    assert!(
        order.windows(2).all(|p| rank(&p[0]) <= rank(&p[1])),
        "{out}"
    );
    assert_eq!(order.iter().filter(|w| **w == "ERROR").count(), 50);
    // A failed rule's line is short: the rule, what was seen, what is needed.
    let llama = lines
        .iter()
        .position(|l| l.contains("m001-llama-licensed"))
        .unwrap();
    let block: Vec<&str> = lines[llama + 1..]
        .iter()
        .take_while(|l| l.starts_with("        "))
        .copied()
        .collect();
    assert_eq!(
        block,
        [
            "        ✗ min-level (error): open-weights-restricted; needs openness level at least open-weights",
            "        ✗ allowed-licenses (error): LicenseRef-acceptable-use-policy, LicenseRef-llama3.1; allowed: Apache-2.0, MIT, BSD-2-Clause and 3 more",
            "        ✗ denied-restrictions (error): user-threshold; denied by the policy (line 52)",
        ]
    );
    // Passing and unreadable models take one line.
    for l in ["m000-apache-weights-only", "m002-binary-readme"] {
        let at = lines.iter().position(|x| x.contains(l)).unwrap();
        assert!(!lines[at + 1].starts_with("        "), "{l}: {out}");
    }
    // Warnings summarised: 7 of the 8 fixtures fall short of OSAID (the unreadable one for want
    // of evidence), a count per value seen.
    let osaid = lines
        .iter()
        .find(|l| l.contains("osaid-verdict (warning)"))
        .unwrap();
    assert!(
        osaid.contains(": 350 models (not-conformant: 300; insufficient-evidence: 50), "),
        "{osaid}"
    );
}

#[test]
fn verbose_puts_the_whole_reasons_under_each_model_errors_first() {
    let dir = scratch();
    let policy = starter(dir.path());
    let (_, out, _) = run(openness()
        .args(["-v", "check", "--policy"])
        .arg(&policy)
        .args([
            "tests/fixtures/llama-licensed",
            "tests/fixtures/apache-weights-only",
        ]));
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("FAIL  tests/fixtures/llama-licensed"))
        .unwrap();
    let block: Vec<&str> = lines[at + 1..]
        .iter()
        .take_while(|l| l.starts_with("        "))
        .copied()
        .collect();
    let marks: String = block.iter().filter_map(|l| l.chars().nth(8)).collect();
    assert_eq!(marks, "✗✗✗!!", "{out}");
    assert!(
        block[3].contains("not met: The terms grant the four freedoms"),
        "{out}"
    );
    // The passing model's warnings are under it too, and still summarised at the end.
    let at = lines
        .iter()
        .position(|l| l.contains("PASS  tests/fixtures/apache-weights-only"))
        .unwrap();
    assert!(lines[at + 1].contains("! osaid-verdict (warning): the OSAID verdict is"));
    assert!(out.contains("osaid-verdict (warning): 2 models (not-conformant)"));
    // Without -v, none of it.
    let (_, brief, _) = run(openness().args(["check", "--policy"]).arg(&policy).args([
        "tests/fixtures/llama-licensed",
        "tests/fixtures/apache-weights-only",
    ]));
    assert!(!brief.contains("not met:"), "{brief}");
    assert!(brief.lines().count() < out.lines().count());
}

#[test]
fn exceptions_are_summarised_with_their_date_and_expired_ones_fail_on_the_rule_line() {
    let dir = scratch();
    let policy = dir.path().join("p.yaml");
    std::fs::write(
        &policy,
        "version: 1\nrules:\n  min-level:\n    level: open-weights\n  osaid-verdict:\n    verdict: conformant\n    severity: warning\nexceptions:\n  - model: tests/fixtures/llama-*\n    rules: [min-level]\n    reason: approved\n    expires: 2026-06-30\n  - model: tests/fixtures/open-research-model\n    rules: [min-level]\n    reason: old\n    expires: 2099-01-01\n",
    )
    .unwrap();
    let targets = [
        "tests/fixtures/llama-licensed",
        "tests/fixtures/open-research-model",
        "tests/fixtures/non-commercial",
    ];
    let (code, out, _) = run(openness()
        .args(["check", "-q", "--today", "2026-01-01", "--policy"])
        .arg(&policy)
        .args(targets));
    assert_eq!(code, 1);
    assert!(
        out.contains("~ min-level (excepted): 1 model (open-weights-restricted), waived until 2026-06-30 (policy line 9); tests/fixtures/llama-licensed"),
        "{out}"
    );
    assert!(
        out.contains("i exception no longer needed (policy line 13): min-level; tests/fixtures/open-research-model"),
        "{out}"
    );
    assert!(
        out.contains("  PASS  tests/fixtures/llama-licensed"),
        "{out}"
    );
    // After the date: the rule fails again, and its line says why.
    let (code, out, _) = run(openness()
        .args(["check", "-q", "--today", "2026-07-01", "--policy"])
        .arg(&policy)
        .args(targets));
    assert_eq!(code, 1);
    assert!(
        out.contains("✗ min-level (error): open-weights-restricted; needs openness level at least open-weights; the exception for `tests/fixtures/llama-*` expired on 2026-06-30 (policy line 9)"),
        "{out}"
    );
    assert!(!out.contains("(excepted)"), "{out}");
}

// ------------------------------------------------------------------ --format github

/// One workflow command, its properties decoded.
struct Annotation {
    command: String,
    props: Vec<(String, String)>,
    message: String,
}

fn decode(s: &str) -> String {
    s.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

fn annotations(text: &str) -> Vec<Annotation> {
    text.lines()
        .map(|l| {
            let rest = l
                .strip_prefix("::")
                .unwrap_or_else(|| panic!("not a workflow command: {l}"));
            let (head, message) = rest.split_once("::").unwrap();
            let (command, props) = head.split_once(' ').unwrap_or((head, ""));
            let props = props
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap();
                    (k.to_string(), decode(v))
                })
                .collect();
            Annotation {
                command: command.to_string(),
                props,
                message: decode(message),
            }
        })
        .collect()
}

impl Annotation {
    fn prop(&self, k: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
}

#[test]
fn github_annotates_each_failed_rule_at_the_list_line_and_ends_with_a_notice() {
    let dir = scratch();
    let policy = starter(dir.path());
    let rel = dir.path().strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
    let list = rel.join("models.txt");
    std::fs::write(
        dir.path().join("models.txt"),
        "# registry\ntests/fixtures/apache-weights-only\ntests/fixtures/llama-licensed\n\ntests/fixtures/binary-readme\n",
    )
    .unwrap();
    let (code, out, err) = run(openness()
        .args(["check", "-q", "--format", "github", "--policy"])
        .arg(&policy)
        .arg("--from")
        .arg(&list)
        .arg("tests/fixtures/open-research-model"));
    assert_eq!(code, 1, "{err}");
    let a = annotations(&out);
    let v = json(&policy, &dir.path().join("models.txt"));
    // One per failed rule (errors and warnings) per readable model, one per unreadable model,
    // one notice.
    let failed: usize = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] != "error")
        .flat_map(|m| m["rules"].as_array().unwrap())
        .filter(|r| r["status"] == "failed")
        .count();
    assert_eq!(a.len(), failed + 1 + 1, "{out}");
    let of = |target: &str| -> Vec<&Annotation> {
        a.iter()
            .filter(|x| x.message.starts_with(&format!("{target}: ")))
            .collect()
    };
    let llama = of("tests/fixtures/llama-licensed");
    let kinds: Vec<&str> = llama.iter().map(|x| x.command.as_str()).collect();
    assert_eq!(kinds, ["error", "error", "error", "warning", "warning"]);
    for x in &llama {
        assert_eq!(x.prop("file"), Some(list.to_str().unwrap()));
        assert_eq!(x.prop("line"), Some("3"));
    }
    assert_eq!(
        llama[0].prop("title"),
        Some("openness min-level (error): tests/fixtures/llama-licensed")
    );
    // The whole reason is in the message.
    assert!(
        llama[3]
            .message
            .contains("not met: The terms grant the four freedoms")
    );
    let unreadable = of("tests/fixtures/binary-readme");
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].command, "error");
    assert_eq!(unreadable[0].prop("line"), Some("5"));
    // Not on the list: a local model points at its README.md (no rule of it fails here, so
    // nothing); the notice closes the run.
    assert!(of("tests/fixtures/open-research-model").is_empty());
    let notice = a.last().unwrap();
    assert_eq!(notice.command, "notice");
    assert_eq!(notice.prop("title"), Some("openness check: fail"));
    assert!(
        notice
            .message
            .contains(": 4 models: 2 passed, 1 failed, 1 could not be read;"),
        "{}",
        notice.message
    );
    assert!(notice.message.ends_with("(exit code 1)"));
}

#[test]
fn github_escapes_hostile_target_names_and_card_text() {
    let dir = scratch();
    let policy = starter(dir.path());
    // A folder whose name holds every character the runner reads specially, and a line break
    // followed by a command of its own.
    let name = "evil%0A,name:x\n::error title=pwned::owned";
    let model = dir.path().join(name);
    std::fs::create_dir(&model).unwrap();
    std::fs::write(
        model.join("README.md"),
        "---\nlicense: other\nlicense_name: \"100% mine, all: rights\\r\\n::warning::injected\"\n---\n# A model\n",
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/apache-weights-only/config.json",
        model.join("config.json"),
    )
    .unwrap();
    std::fs::write(model.join("model.safetensors"), vec![0u8; 64]).unwrap();
    let rel = dir.path().strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
    let target = rel.join(name);
    let (code, out, err) = run(openness()
        .args(["check", "-q", "--format", "github", "--policy"])
        .arg(&policy)
        .arg(&target));
    assert_eq!(code, 1, "{err}");
    // Every line is one of our commands: nothing from the card or the name started a line.
    let a = annotations(&out);
    assert!(a.len() >= 3, "{out}");
    assert!(out.lines().all(|l| l.starts_with("::error file=")
        || l.starts_with("::warning file=")
        || l.starts_with("::notice title=")));
    assert!(!out.contains("\n::error title=pwned") && !out.contains("\n::warning::injected"));
    // Properties carry no raw `:` or `,` (only the separators), and decode to what was meant:
    // the file is the model's README.md, byte for byte; the title shows the line break.
    for l in out.lines().filter(|l| !l.starts_with("::notice")) {
        let head = &l[2..l[2..].find("::").unwrap() + 2];
        let (_, props) = head.split_once(' ').unwrap();
        let keys: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert!(
            keys == ["file", "line", "title"] || keys == ["file", "title"],
            "{l}"
        );
        assert!(!head.contains(':'), "{l}");
    }
    let allowed = a
        .iter()
        .find(|x| {
            x.prop("title")
                .is_some_and(|t| t.contains("allowed-licenses"))
        })
        .unwrap();
    assert_eq!(
        allowed.prop("file").unwrap(),
        format!("{}/README.md", target.to_str().unwrap())
    );
    let shown = target.to_str().unwrap().replace('\n', "\\n");
    assert!(
        allowed.prop("title").unwrap().ends_with(&shown),
        "{:?}",
        allowed.prop("title")
    );
    // The card's text reaches the message as text: `%` escaped on the wire, decoded back.
    assert!(out.contains("100%25 mine"), "{out}");
    assert!(
        allowed.message.contains("100% mine, all: rights"),
        "{}",
        allowed.message
    );
}
