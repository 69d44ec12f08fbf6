//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use openness::Report;
use openness::assess::Outcome;

/// A fixture directory, relative to the crate root (integration tests run there).
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// Scan a target with the default rubrics.
pub fn scan(target: &str) -> Report {
    let rubrics = openness::rubric::default_rubrics().expect("built-in rubrics load");
    openness::scan(target, &rubrics).unwrap_or_else(|e| panic!("scan {target}: {e}"))
}

/// The outcome of `rubric/criterion` in a report.
pub fn outcome(report: &Report, rubric: &str, criterion: &str) -> Outcome {
    report
        .rubrics
        .get(rubric)
        .unwrap_or_else(|| panic!("no rubric {rubric}"))
        .finding(criterion)
        .unwrap_or_else(|| panic!("no criterion {rubric}/{criterion}"))
        .outcome
}

/// The verdict word of a checklist rubric, or the class of a class rubric.
pub fn summary(report: &Report, rubric: &str) -> String {
    let v = serde_json::to_value(&report.rubrics[rubric]).unwrap();
    v.get("verdict")
        .or_else(|| v.get("class"))
        .and_then(|x| x.as_str())
        .unwrap()
        .to_string()
}

/// `../shared/corpus/<sub>` (or `$OPENNESS_CORPUS/<sub>`, for a checkout elsewhere) when it is
/// present.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let root = std::env::var_os("OPENNESS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("shared")
                .join("corpus")
        });
    let p = root.join(sub);
    p.is_dir().then_some(p)
}

/// The report's JSON schema, compiled.
pub fn report_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json"),
    )
    .expect("schema file");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// Panic with every schema error if `value` does not validate.
pub fn assert_valid(validator: &jsonschema::Validator, value: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}",
        errors.join("\n")
    );
}

/// The outcome of `rubric/criterion` in a report's JSON.
pub fn summary_outcome(report: &serde_json::Value, rubric: &str, criterion: &str) -> String {
    report["rubrics"][rubric]["criteria"]
        .as_array()
        .unwrap_or_else(|| panic!("no rubric {rubric}"))
        .iter()
        .find(|f| f["id"] == criterion)
        .unwrap_or_else(|| panic!("no criterion {rubric}/{criterion}"))["outcome"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The `openness` binary with a clean environment: no colour settings, no user cache, and no
/// network (a Hub id reads the cache only).
pub fn openness_cmd() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("openness").unwrap();
    c.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("HF_HOME")
        .env_remove("HF_HUB_CACHE")
        .env("HF_HUB_OFFLINE", "1");
    c
}
