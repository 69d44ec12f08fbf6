//! `openness compare`, `openness badge` and `openness scan --format html` on the command line:
//! exit codes, target lists, files, colours, determinism.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

use common::fixture;

fn openness() -> Command {
    common::openness_cmd()
}

#[test]
fn a_failed_target_is_a_row_the_others_go_on_and_the_exit_code_is_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("table.md");
    openness()
        .args([
            "compare",
            &fixture("llama-licensed"),
            "tests/fixtures/not-a-model",
            &fixture("open-research-model"),
            "--format",
            "markdown",
            "--output",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "openness: error: tests/fixtures/not-a-model: ",
        ))
        .stderr(predicate::str::contains(
            "1 of 3 targets could not be scanned",
        ));
    let md = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 4, "header and three rows:\n{md}");
    assert!(rows[1].starts_with("| llama-licensed | open-weights-restricted |"));
    assert!(rows[2].starts_with("| open-research-model | open-source |"));
    assert!(rows[3].starts_with("| tests/fixtures/not-a-model | error: "));
}

#[test]
fn all_targets_scanned_exits_0() {
    openness()
        .args([
            "compare",
            &fixture("llama-licensed"),
            &fixture("open-research-model"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("open-weights-restricted"))
        .stdout(predicate::str::contains("Legend: ✓ open"))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn targets_come_from_a_file_with_comments_and_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("models.txt");
    std::fs::write(
        &list,
        format!(
            "# models for the paper\n\n{}\n   # {}\n{}\r\n\n",
            fixture("apache-weights-only"),
            fixture("no-license"),
            fixture("open-research-model")
        ),
    )
    .unwrap();
    let out = openness()
        .args([
            "compare",
            &fixture("llama-licensed"),
            "--format",
            "json",
            "--from",
        ])
        .arg(&list)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let names: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "llama-licensed",
            "apache-weights-only",
            "open-research-model"
        ]
    );
    // From standard input too.
    openness()
        .args(["compare", "--from", "-", "--format", "csv"])
        .write_stdin(format!("{}\n", fixture("no-license")))
        .assert()
        .success()
        .stdout(predicate::str::contains("\r\nno-license,"));
}

#[test]
fn usage_errors_exit_2_before_scanning() {
    openness()
        .args(["compare"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("TARGET"));
    openness()
        .args(["compare", "--from", "tests/fixtures/no-such-list.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-list.txt"));
    openness()
        .args(["compare", &fixture("llama-licensed"), "--grid", "mof-2.0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rubric `mof-2.0`"));
    openness()
        .args([
            "compare",
            &fixture("llama-licensed"),
            "--min-level",
            "opensource",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("valid levels: closed"));
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "# nothing yet\n").unwrap();
    openness()
        .args(["compare", "--from"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no targets to compare"));
}

#[test]
fn filters_sort_and_grid_from_the_command_line() {
    let out = openness()
        .args([
            "compare",
            &fixture("card-only-no-weights"),
            &fixture("apache-weights-only"),
            &fixture("open-research-model"),
            &fixture("llama-licensed"),
            "--min-level",
            "open-weights-restricted",
            "--sort",
            "level",
            "--grid",
            "none",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(out).unwrap();
    let first_fields: Vec<&str> = csv
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        first_fields,
        [
            "model",
            "open-research-model",
            "apache-weights-only",
            "llama-licensed"
        ]
    );
    assert!(!csv.contains("mof-1.0/"), "no grid columns");
}

#[test]
fn json_and_html_are_byte_identical_across_runs_and_jobs() {
    let targets = [
        fixture("llama-licensed"),
        fixture("open-research-model"),
        fixture("no-license"),
        fixture("injection-card"),
    ];
    for format in ["json", "html", "latex"] {
        let run = |jobs: &str| {
            openness()
                .arg("compare")
                .args(&targets)
                .args(["--format", format, "--jobs", jobs])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone()
        };
        assert_eq!(run("1"), run("4"), "{format}");
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    openness()
        .args(["compare", &fixture("llama-licensed"), "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["));
    openness()
        .args(["compare", &fixture("llama-licensed")])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn columns_sets_the_terminal_width() {
    let out = openness()
        .args([
            "compare",
            &fixture("llama-licensed"),
            &fixture("open-research-model"),
        ])
        .env("COLUMNS", "80")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let table_width = text
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '└']))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(table_width <= 80, "{text}");
}

#[test]
fn scan_writes_a_self_contained_html_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    openness()
        .args([
            "scan",
            &fixture("open-research-model"),
            "--format",
            "html",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("open-source"));
    assert!(!html.contains("<script") && !html.contains(" src="));
}

#[test]
fn badge_writes_an_svg() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("openness.svg");
    openness()
        .args(["badge", &fixture("llama-licensed"), "--output"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let svg = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(svg.contains("openness: open weights, restricted"));
    openness()
        .args([
            "badge",
            &fixture("open-research-model"),
            "--kind",
            "mof",
            "--label",
            "MOF 1.0",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("aria-label=\"MOF 1.0: Class I\""));
    openness()
        .args(["badge", "tests/fixtures/not-a-model"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not-a-model"));
}

#[test]
fn help_texts_name_the_new_commands_and_formats() {
    openness()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("compare"))
        .stdout(predicate::str::contains("badge"));
    openness()
        .args(["scan", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("html"));
    openness()
        .args(["compare", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("latex"))
        .stdout(predicate::str::contains("--min-mof-class"));
}
