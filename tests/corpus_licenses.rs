//! `license identify` against the real license texts in ../shared/corpus/licenses (when present),
//! scored with this project's own labels (tests/data/corpus-licenses.expected.yaml). Every
//! mismatch is listed. `cargo test --test corpus_licenses -- --nocapture` prints the table.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use openness::license::Catalog;
use openness::license::RestrictionKind;
use openness::license::{TextForm, TextReport, identify};
use openness::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    licenses: Vec<String>,
    #[serde(default)]
    modified: bool,
    #[serde(default)]
    form: Option<TextForm>,
    #[serde(default)]
    restrictions: Vec<RestrictionKind>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

fn expected() -> BTreeMap<String, Expected> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus-licenses.expected.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    yaml::parse(&text, yaml::Duplicates::Reject)
        .unwrap_or_else(|e| panic!("{}", e.at_file(&path.display().to_string())))
}

/// What is wrong with an identification, if anything.
fn judge(want: &Expected, got: &TextReport) -> Option<String> {
    let ids: Vec<&str> = got.licenses.iter().map(|l| l.facts.id.as_str()).collect();
    if ids != want.licenses {
        return Some(format!("licenses {ids:?}, expected {:?}", want.licenses));
    }
    let modified = got.licenses.iter().any(|l| l.modified);
    if modified != want.modified {
        return Some(format!("modified {modified}, expected {}", want.modified));
    }
    let form = got.licenses[0].form;
    if form != want.form.unwrap_or(TextForm::FullText) {
        return Some(format!("form {form:?}, expected {:?}", want.form));
    }
    let kinds: Vec<RestrictionKind> = got
        .licenses
        .iter()
        .flat_map(|l| l.facts.restrictions.iter().map(|r| r.kind))
        .collect();
    let missing: Vec<_> = want
        .restrictions
        .iter()
        .filter(|k| !kinds.contains(k))
        .collect();
    if !missing.is_empty() {
        return Some(format!("restrictions {kinds:?} lack {missing:?}"));
    }
    None
}

#[test]
fn identification_matches_our_labels_on_the_real_corpus() {
    let Some(dir) = common::corpus("licenses") else {
        eprintln!("../shared/corpus/licenses is absent: skipped");
        return;
    };
    let labels = expected();
    let catalog = Catalog::builtin();
    // Every text in the corpus has a label.
    let mut files = Vec::new();
    for folder in std::fs::read_dir(&dir).unwrap().flatten() {
        if !folder.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(folder.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name != "SOURCE" {
                files.push(format!("{}/{name}", folder.file_name().to_string_lossy()));
            }
        }
    }
    files.sort();
    let unlabelled: Vec<&String> = files.iter().filter(|f| !labels.contains_key(*f)).collect();
    assert!(
        unlabelled.is_empty(),
        "texts without a label: {unlabelled:?}"
    );

    let mut mismatches = Vec::new();
    for file in &files {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let report = identify::identify_all(catalog, &String::from_utf8_lossy(&bytes));
        let verdict = judge(&labels[file], &report);
        println!(
            "{:<70} {:<5} {}",
            file,
            if verdict.is_none() { "ok" } else { "WRONG" },
            report
                .licenses
                .iter()
                .map(|l| l.facts.id.as_str())
                .collect::<Vec<_>>()
                .join(" + ")
        );
        if let Some(v) = verdict {
            mismatches.push(format!("{file}: {v}"));
        }
    }
    let correct = files.len() - mismatches.len();
    println!(
        "accuracy: {correct}/{} = {:.1} %",
        files.len(),
        100.0 * correct as f64 / files.len() as f64
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} texts are not identified as labelled:\n{}",
        mismatches.len(),
        files.len(),
        mismatches.join("\n")
    );
}
