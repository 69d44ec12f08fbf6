//! Numbers written one way: a license's user threshold reads the same in every human-readable
//! output (scan terminal, Markdown, HTML; compare; license show; check terminal with `-v`, JSON
//! and SARIF messages, GitHub annotations), and only the machine formats keep the raw integer.

mod common;

use assert_cmd::Command;

fn openness() -> Command {
    let mut c = common::openness_cmd();
    // Wide enough that no table cell is wrapped inside the phrase.
    c.env("COLUMNS", "400");
    c
}

fn out(args: &[&str]) -> String {
    let o = openness().args(args).output().unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The other ways the same number was once written.
fn assert_one_way(what: &str, text: &str, phrase: &str, raw: u64) {
    assert!(text.contains(phrase), "{what}: no `{phrase}` in\n{text}");
    let grouped = openness::numbers::grouped(raw);
    let short = format!("{}M users", raw / 1_000_000);
    for other in [raw.to_string(), grouped, short] {
        assert!(!text.contains(&other), "{what}: `{other}` in\n{text}");
    }
}

#[test]
fn a_llama_style_user_threshold_reads_the_same_everywhere() {
    let phrase = "user-threshold (700 million users)";
    let model = "tests/fixtures/llama-licensed";
    for f in ["terminal", "markdown", "html"] {
        let text = out(&["scan", model, "--format", f, "--color", "never"]);
        assert_one_way(&format!("scan {f}"), &text, phrase, 700_000_000);
    }
    for f in ["terminal", "markdown", "html", "latex", "csv"] {
        let text = out(&[
            "compare",
            model,
            "tests/fixtures/open-research-model",
            "--format",
            f,
        ]);
        assert_one_way(&format!("compare {f}"), &text, phrase, 700_000_000);
    }
    let text = out(&["license", "show", "llama3.1"]);
    assert_one_way("license show", &text, phrase, 700_000_000);

    // The check: its messages (JSON, SARIF, GitHub annotations, the terminal with -v).
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.yaml");
    std::fs::write(
        &policy,
        "version: 1\nrules:\n  denied-restrictions:\n    restrictions: [user-threshold]\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    for (what, args) in [
        ("check -v", vec!["-v", "check", "-q", "--policy", p, model]),
        (
            "check sarif",
            vec!["check", "-q", "--format", "sarif", "--policy", p, model],
        ),
        (
            "check github",
            vec!["check", "-q", "--format", "github", "--policy", p, model],
        ),
    ] {
        let text = out(&args);
        assert_one_way(what, &text, phrase, 700_000_000);
    }
    // JSON: the message in words; the raw integer only as data (the scan's `threshold`).
    let json = out(&["check", "-q", "--format", "json", "--policy", p, model]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let message = v["models"][0]["rules"][0]["message"].as_str().unwrap();
    assert_one_way("check json message", message, phrase, 700_000_000);
    let report: serde_json::Value =
        serde_json::from_str(&out(&["scan", model, "--format", "json"])).unwrap();
    let thresholds: Vec<u64> = report["licenses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["restrictions"].as_array().unwrap())
        .filter_map(|r| r["threshold"].as_u64())
        .collect();
    assert!(thresholds.contains(&700_000_000), "{thresholds:?}");
}

#[test]
fn other_thresholds_read_the_same_way() {
    // Custom license texts: 50 million in English, 1亿 (100 million) in Chinese.
    let model = "tests/fixtures/license-texts";
    for f in ["terminal", "markdown", "html"] {
        let text = out(&["scan", model, "--format", f, "--color", "never"]);
        assert_one_way(
            &format!("scan {f}"),
            &text,
            "user-threshold (50 million users)",
            50_000_000,
        );
        assert_one_way(
            &format!("scan {f}"),
            &text,
            "user-threshold (100 million users)",
            100_000_000,
        );
    }
}
