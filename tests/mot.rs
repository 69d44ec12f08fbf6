//! MOT compatibility: MOT's own test data and expected results (27 of 27), the 273 real model
//! files, MOT's license lists against ours, malformed manifests, `--format mot` against MOT's
//! schema, and the round trip scan -> `--format mot` -> scan.
//!
//! The corpus tests read `../shared/corpus/mot` when it is present and skip when it is not.
//! `cargo test --test mot -- --nocapture` prints the measurements (class distributions, why the
//! two readings differ, where the SPDX flags differ from MOT's list).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use openness::compare::ScanView;
use openness::render::{self, ScanFormat, Style};
use openness::rubric::{self, Rubric, Scoring};

const MOT: &str = "mof-1.0-mot";

fn rubrics() -> Vec<Rubric> {
    let mut r = rubric::default_rubrics().unwrap();
    r.push(rubric::builtin(MOT).unwrap().unwrap());
    r
}

fn mot_rules() -> openness::rubric::mot_rules::MotRules {
    match rubric::builtin(MOT).unwrap().unwrap().scoring {
        Scoring::Mot(r) => r,
        _ => panic!("{MOT} is scored like MOT"),
    }
}

/// The report's JSON.
fn report_json(target: &str, rubrics: &[Rubric]) -> Value {
    let report = openness::scan(target, rubrics).unwrap_or_else(|e| panic!("{target}: {e}"));
    let json = render::scan(
        &ScanView::of_report(report.clone()),
        ScanFormat::Json,
        &Style::default(),
    )
    .unwrap();
    serde_json::from_str(&json).unwrap()
}

/// What MOT shows: class, progress and every component's status and license.
fn mot_result(report: &Value) -> Value {
    let a = &report["rubrics"][MOT];
    serde_json::json!({
        "class": a["class"],
        "progress": a["progress"],
        "total": a["mot"]["total_progress"],
        "label": a["mot"]["label"],
        "components": a["mot"]["components"],
    })
}

/// The MOT manifest `--format mot` writes for a target.
fn mot_yaml(target: &str) -> String {
    let snapshot = openness::read(target).unwrap();
    let evidence = openness::extract(&snapshot);
    let (manifest, _) = openness::assess::mot::view::of(&evidence);
    render::mot::render(&manifest)
}

fn yaml_to_json(text: &str) -> Value {
    openness::yaml::parse(text, openness::yaml::Duplicates::Reject).unwrap()
}

fn mot_schema() -> Option<jsonschema::Validator> {
    let dir = common::corpus("mot")?;
    let text = std::fs::read_to_string(dir.join("mof_schema.json")).ok()?;
    let schema: Value = serde_json::from_str(&text).unwrap();
    Some(jsonschema::validator_for(&schema).unwrap())
}

fn yml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    files
}

/// Scan -> `--format mot` -> scan: the MOT result must not change, and the written manifest must
/// validate against MOT's schema (when the corpus is present).
fn assert_round_trip(target: &str, dir: &Path, schema: Option<&jsonschema::Validator>) {
    let rubrics = vec![rubric::builtin(MOT).unwrap().unwrap()];
    let first = mot_result(&report_json(target, &rubrics));
    let yaml = mot_yaml(target);
    if let Some(schema) = schema {
        common::assert_valid(
            schema,
            &yaml_to_json(&yaml),
            &format!("{target} as MOT YAML"),
        );
    }
    let name = Path::new(target)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let path = dir.join(format!("{name}.round-trip.yml"));
    std::fs::write(&path, &yaml).unwrap();
    let second = mot_result(&report_json(path.to_str().unwrap(), &rubrics));
    assert_eq!(
        first, second,
        "{target}: the round trip changed MOT's result\n{yaml}"
    );
}

#[test]
fn reproduces_mots_expected_results_27_of_27() {
    let Some(dir) = common::corpus("mot/testdata") else {
        eprintln!("../shared/corpus/mot/testdata is absent; skipping");
        return;
    };
    // The file is MOT's API output with trailing commas; strip them to read it as JSON.
    let text = std::fs::read_to_string(dir.join("expected_results.json")).unwrap();
    let text = regex::Regex::new(r",(\s*[}\]])")
        .unwrap()
        .replace_all(&text, "$1");
    let expected: Value = serde_json::from_str(&text).unwrap();
    let expected: BTreeMap<String, &Value> = expected["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["release"]["name"].as_str().unwrap().to_string(),
                &m["classification"],
            )
        })
        .collect();
    assert_eq!(expected.len(), 27);
    let rubrics = vec![rubric::builtin(MOT).unwrap().unwrap()];
    let mut matched = BTreeSet::new();
    let mut failures = Vec::new();
    for file in yml_files(&dir) {
        let report = report_json(file.to_str().unwrap(), &rubrics);
        let name = report["target"]["id"].as_str().unwrap().to_string();
        let want = expected
            .get(&name)
            .unwrap_or_else(|| panic!("{name}: not in expected_results.json"));
        let a = &report["rubrics"][MOT];
        let class = match want["class"].as_i64().unwrap() {
            0 => "unclassified",
            1 => "I",
            2 => "II",
            3 => "III",
            other => panic!("class {other}"),
        };
        let mut ok = a["class"] == class && a["mot"]["label"] == want["label"];
        for (mot, ours) in [("3", "III"), ("2", "II"), ("1", "I")] {
            // Exact: MOT's floats, not rounded.
            ok &= want["progress"][mot].as_f64() == a["progress"][ours].as_f64();
        }
        if ok {
            matched.insert(name);
        } else {
            failures.push(format!(
                "{name}: MOT {} / {}, ours {} / {}",
                want["class"], want["progress"], a["class"], a["progress"]
            ));
        }
    }
    println!("MOT expected results reproduced: {} of 27", matched.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(matched.len(), 27, "every expected entry has its file");
}

#[test]
fn our_open_list_matches_mots_license_lists() {
    let Some(dir) = common::corpus("mot") else {
        eprintln!("../shared/corpus/mot is absent; skipping");
        return;
    };
    // MOT imports licenses.json, then mof-licenses.json over it (same id: the later entry's
    // flags and content types replace the earlier ones).
    let mut flags: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in ["licenses.json", "mof-licenses.json"] {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        for l in v["licenses"].as_array().unwrap() {
            let id = l["licenseId"].as_str().unwrap().to_string();
            let b = |k: &str| l.get(k).and_then(Value::as_bool).unwrap_or(false);
            flags.insert(id.clone(), (b("isOsiApproved"), b("isFsfLibre")));
            let t = match &l["ContentType"] {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a.iter().map(|x| x.as_str().unwrap().to_string()).collect(),
                _ => Vec::new(),
            };
            types.insert(id, t);
        }
    }
    let rules = mot_rules();
    let mot_open = |id: &str| {
        let (osi, fsf) = flags.get(id).copied().unwrap_or_default();
        osi || fsf || rules.open_data.iter().any(|x| x == id) || id == "OpenMDW-1.0"
    };
    // Every id MOT or the SPDX list knows: is it open to MOT, and to our reproduction?
    let mut ids: BTreeSet<String> = flags.keys().cloned().collect();
    ids.extend(
        spdx::identifiers::LICENSES
            .iter()
            .map(|l| l.name.to_string()),
    );
    ids.extend(rules.open_data.iter().cloned());
    let mismatched: Vec<&String> = ids
        .iter()
        .filter(|id| mot_open(id) != rules.open(id).is_some())
        .collect();
    assert!(
        mismatched.is_empty(),
        "open to MOT but not to us, or the reverse: {mismatched:?}"
    );
    // The raw flag differences, reported for the ids that manifests actually use.
    let mut used = BTreeSet::new();
    for sub in ["models", "testdata"] {
        for f in yml_files(&dir.join(sub)) {
            let v = yaml_to_json(&std::fs::read_to_string(&f).unwrap());
            for c in v["release"]["components"].as_array().into_iter().flatten() {
                if let Some(l) = c["license"].as_str() {
                    used.insert(l.to_string());
                }
            }
            for g in v["release"]["license"].as_object().into_iter().flatten() {
                if let Some(l) = g.1["name"].as_str() {
                    used.insert(l.to_string());
                }
            }
        }
    }
    let spdx_flags = |id: &str| {
        spdx::identifiers::LICENSES
            .iter()
            .find(|l| l.name == id)
            .map(|l| {
                (
                    l.flags & spdx::flags::IS_OSI_APPROVED != 0,
                    l.flags & spdx::flags::IS_FSF_LIBRE != 0,
                )
            })
    };
    let mut all = 0;
    for id in &ids {
        let theirs = flags.get(id.as_str()).copied();
        let ours = spdx_flags(id);
        if theirs != ours {
            all += 1;
            if used.contains(id) {
                println!(
                    "flags differ for an id in use: {id}: MOT {theirs:?}, spdx crate {ours:?}"
                );
            }
        }
    }
    println!(
        "{} license strings in use; {all} ids whose (OSI, FSF) flags differ between MOT's list and the spdx crate ({} SPDX ids); openness differs for {:?}, all in spdx-not-open",
        used.len(),
        spdx::identifiers::LICENSES.len(),
        rules.spdx_not_open
    );
    // MOT's content types (the last entry for an id wins) are the rubric's type lists.
    for (t, list) in [
        ("code", &rules.content_types.code),
        ("data", &rules.content_types.data),
        ("document", &rules.content_types.document),
    ] {
        let theirs: BTreeSet<&String> = types
            .iter()
            .filter(|(_, ts)| ts.iter().any(|x| x == t))
            .map(|(id, _)| id)
            .collect();
        let ours: BTreeSet<&String> = list.iter().collect();
        assert_eq!(theirs, ours, "content type {t}");
    }
}

#[test]
fn every_real_mot_model_loads_scores_and_round_trips() {
    let Some(dir) = common::corpus("mot/models") else {
        eprintln!("../shared/corpus/mot/models is absent; skipping");
        return;
    };
    let files = yml_files(&dir);
    assert_eq!(files.len(), 273, "MOT's 273 model files");
    let schema = common::report_schema();
    let mot_schema = mot_schema();
    let rubrics = rubrics();
    let tmp = tempfile::tempdir().unwrap();
    let mut mot_classes: BTreeMap<String, usize> = BTreeMap::new();
    let mut our_classes: BTreeMap<String, usize> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut kind_models: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_class_change: BTreeMap<String, usize> = BTreeMap::new();
    let mut warnings = 0;
    let mut progress_differs = 0;
    let mut progress_causes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut potential: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let target = file.to_str().unwrap();
        let report = report_json(target, &rubrics);
        common::assert_valid(&schema, &report, target);
        let mot = report["rubrics"][MOT]["class"]
            .as_str()
            .unwrap()
            .to_string();
        let ours = report["rubrics"]["mof-1.0"]["class"]
            .as_str()
            .unwrap()
            .to_string();
        *mot_classes.entry(mot.clone()).or_default() += 1;
        *our_classes.entry(ours.clone()).or_default() += 1;
        *pairs.entry((mot.clone(), ours.clone())).or_default() += 1;
        *potential
            .entry(
                report["rubrics"]["mof-1.0"]["potential_class"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
            .or_default() += 1;
        // Why the percentages differ: MOT shows 0 % above an incomplete class (mof-1.0 shows
        // the cumulative share), a component judged differently, or MOT's 13-component class I
        // when the paper replaces the report (mof-1.0 counts both criteria of 14).
        let p = |r: &str, c: &str| report["rubrics"][r]["progress"][c].as_f64().unwrap();
        let mut cause = None;
        for (i, c) in ["III", "II", "I"].iter().enumerate() {
            if (p(MOT, c) - p("mof-1.0", c)).abs() <= 0.01 {
                continue;
            }
            let zeroed = ["III", "II", "I"][..i]
                .iter()
                .any(|lower| p(MOT, lower) < 100.0);
            let components = !report["rubrics"][MOT]["mot"]["differences"]
                .as_array()
                .unwrap()
                .is_empty();
            cause.get_or_insert(if zeroed {
                "MOT zeroes classes above an incomplete one"
            } else if components {
                "components judged differently"
            } else {
                "class I counts 13 when the paper replaces the report"
            });
        }
        if let Some(c) = cause {
            progress_differs += 1;
            *progress_causes.entry(c).or_default() += 1;
        }
        warnings += report["rubrics"][MOT]["mot"]["warnings"]
            .as_array()
            .unwrap()
            .len();
        let name = report["target"]["id"].as_str().unwrap().to_string();
        for d in report["rubrics"][MOT]["mot"]["differences"]
            .as_array()
            .unwrap()
        {
            let kind = d["kind"].as_str().unwrap().to_string();
            *kinds.entry(kind.clone()).or_default() += 1;
            kind_models.entry(kind).or_default().insert(name.clone());
        }
        if mot != ours {
            // The first component that mof-1.0 meets and MOT does not, in class order.
            let first = report["rubrics"][MOT]["mot"]["differences"]
                .as_array()
                .unwrap()
                .first()
                .map(|d| d["kind"].as_str().unwrap().to_string())
                .unwrap_or_else(|| "none".into());
            *by_class_change.entry(first).or_default() += 1;
        }
        assert_round_trip(target, tmp.path(), mot_schema.as_ref());
    }
    println!("| class | mof-1.0-mot | mof-1.0 |\n|---|---:|---:|");
    for c in ["I", "II", "III", "unclassified"] {
        println!(
            "| {c} | {} | {} |",
            mot_classes.get(c).copied().unwrap_or(0),
            our_classes.get(c).copied().unwrap_or(0)
        );
    }
    println!("\n(mof-1.0-mot, mof-1.0) pairs: {pairs:?}");
    println!("\ncomponent differences by kind (count, models):");
    for (k, n) in &kinds {
        println!("  {k}: {n} components in {} models", kind_models[k].len());
    }
    println!(
        "\nmodels whose class differs, by the kind of their first difference: {by_class_change:?}"
    );
    println!("MOT type warnings: {warnings}");
    println!(
        "models whose progress (any class) differs: {progress_differs}, first cause: {progress_causes:?}"
    );
    println!("mof-1.0 potential class (if every unknown were met): {potential:?}");
    assert_eq!(mot_classes.values().sum::<usize>(), 273);
}

#[test]
fn mots_test_data_round_trips() {
    let Some(dir) = common::corpus("mot/testdata") else {
        eprintln!("../shared/corpus/mot/testdata is absent; skipping");
        return;
    };
    let schema = mot_schema();
    let tmp = tempfile::tempdir().unwrap();
    for file in yml_files(&dir) {
        assert_round_trip(file.to_str().unwrap(), tmp.path(), schema.as_ref());
    }
}

#[test]
fn any_scan_round_trips_through_format_mot() {
    let schema = mot_schema();
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        "open-research-model",
        "apache-weights-only",
        "llama-licensed",
        "no-license",
        "non-commercial",
        "card-only-no-weights",
        "license-conflict",
        "modified-mit",
        "malformed-front-matter",
    ] {
        assert_round_trip(&common::fixture(name), tmp.path(), schema.as_ref());
    }
    assert_round_trip(
        &common::fixture("card-only-no-weights/README.md"),
        tmp.path(),
        schema.as_ref(),
    );
    for file in yml_files(Path::new("tests/fixtures/mot-manifest")) {
        assert_round_trip(file.to_str().unwrap(), tmp.path(), schema.as_ref());
    }
    // Real model cards, when the corpus is present: links, unknown licenses, several licenses.
    if let Some(cards) = common::corpus("cards") {
        let mut n = 0;
        for entry in std::fs::read_dir(cards).unwrap().flatten() {
            let card = entry.path().join("README.md");
            if card.is_file() {
                assert_round_trip(card.to_str().unwrap(), tmp.path(), schema.as_ref());
                n += 1;
            }
        }
        assert!(n >= 40, "the corpus's 45 cards, found {n}");
    }
}

#[test]
fn a_drafted_manifest_lists_only_what_the_evidence_supports() {
    let yaml = yaml_to_json(&mot_yaml(&common::fixture("llama-licensed")));
    let components = yaml["release"]["components"].as_array().unwrap();
    let names: Vec<&str> = components
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    // No training code, no datasets: not listed.
    assert!(!names.contains(&"Training code"), "{names:?}");
    assert!(!names.contains(&"Datasets"), "{names:?}");
    let weights = components
        .iter()
        .find(|c| c["name"] == "Model parameters (Final)")
        .unwrap();
    assert!(
        weights["license"]
            .as_str()
            .unwrap()
            .contains("LicenseRef-llama3.1"),
        "{weights}"
    );
    // No global licenses: a component without a known license reads as unlicensed in MOT.
    assert_eq!(yaml["release"]["license"], serde_json::json!({}));
    // A card without weights: no weights listed.
    let card = yaml_to_json(&mot_yaml(&common::fixture("card-only-no-weights")));
    assert!(
        !card["release"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Model parameters (Final)"),
        "{card}"
    );
}

#[test]
fn example_manifest_explains_every_difference() {
    let report = report_json("tests/fixtures/mot-manifest/Example-Model.yml", &rubrics());
    common::assert_valid(&common::report_schema(), &report, "Example-Model");
    let a = &report["rubrics"][MOT];
    assert_eq!(a["class"], "unclassified");
    assert_eq!(a["progress"]["III"].as_f64(), Some(4.0 / 6.0 * 100.0));
    assert_eq!(report["rubrics"]["mof-1.0"]["class"], "III");
    let status = |id: &str| {
        a["mot"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("model-card"), "invalid");
    assert_eq!(status("technical-report"), "omitted");
    assert_eq!(status("training-code"), "unlicensed");
    assert_eq!(status("model-parameters-final"), "included");
    let kinds: BTreeMap<String, String> = a["mot"]["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["component"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeMap<String, String> = [
        ("model-card", "case-or-spelling"),
        ("inference-code", "case-or-spelling"),
        ("evaluation-results", "spdx-expression"),
        ("datasets", "mot-open-list"),
        ("evaluation-data", "unidentified-license"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(kinds, want);
    // The type warning: CC0-1.0 is a document license to MOT.
    let warnings = a["mot"]["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("Model parameters (Final) of type data")),
        "{warnings:?}"
    );
    // The finding itself says why, in every format.
    let card = a["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "model-card")
        .unwrap();
    assert_eq!(card["outcome"], "not-met");
    assert!(
        card["reason"]
            .as_str()
            .unwrap()
            .contains("case-sensitively"),
        "{card}"
    );
    // Provenance: the manifest file and line.
    assert!(
        card["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["source"]["line"] == 35),
        "{card}"
    );
}

#[test]
fn a_research_paper_stands_in_for_the_technical_report() {
    let report = report_json(
        "tests/fixtures/mot-manifest/Paper-Instead-Of-Report.yml",
        &rubrics(),
    );
    let a = &report["rubrics"][MOT];
    assert_eq!(a["class"], "I");
    assert_eq!(a["mot"]["label"], "Class I - Open Science Model");
    for c in ["III", "II", "I"] {
        assert_eq!(a["progress"][c].as_f64(), Some(100.0));
    }
    // Our reading agrees: the paper satisfies the technical report criterion.
    assert_eq!(report["rubrics"]["mof-1.0"]["class"], "I");
    assert_eq!(report["target"]["source"], "manifest");
    assert_eq!(report["target"]["id"], "Paper-Instead-Of-Report");
    assert_eq!(report["target"]["revision"], "2.0");
}

#[test]
fn json_snapshot_of_a_manifest_report() {
    let report =
        openness::scan("tests/fixtures/mot-manifest/Example-Model.yml", &rubrics()).unwrap();
    let json = render::scan(
        &ScanView::of_report(report.clone()),
        ScanFormat::Json,
        &Style::default(),
    )
    .unwrap();
    insta::with_settings!({prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("mot-manifest.json", json);
    });
}

fn openness() -> Command {
    common::openness_cmd()
}

#[test]
fn malformed_manifests_exit_2_with_file_line_and_column() {
    for (file, line, words) in [
        ("bad-yaml.yml", 11, "did not find expected key"),
        (
            "unknown-component.yml",
            12,
            "unknown component `Model weights`",
        ),
        ("wrong-type.yml", 10, "expected sequence"),
        ("unknown-key.yml", 11, "unknown field `lisence`"),
    ] {
        let path = format!("tests/fixtures/mot-malformed/{file}");
        openness()
            .args(["scan", &path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("{path}:{line}:")))
            .stderr(predicate::str::contains(words))
            .stderr(predicate::str::contains("panicked").not());
    }
    // Unknown component names list the 17 valid ones.
    openness()
        .args(["scan", "tests/fixtures/mot-malformed/unknown-component.yml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`Model parameters (Intermediate)`",
        ))
        .stderr(predicate::str::contains("`Supporting libraries and tools`"));
}

#[test]
fn cli_scans_a_manifest_with_both_mof_rubrics_by_default() {
    openness()
        .args(["scan", "tests/fixtures/mot-manifest/Example-Model.yml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Example-Model @ 1B (manifest)"))
        .stdout(predicate::str::contains(
            "Model Openness Framework 1.0 (as MOT scores it): Unclassified",
        ))
        .stdout(predicate::str::contains(
            "Model Openness Framework 1.0: class III",
        ));
    let out = openness()
        .args([
            "scan",
            "tests/fixtures/mot-manifest/Example-Model.yml",
            "--rubric",
            MOT,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["rubrics"].as_object().unwrap().keys().collect::<Vec<_>>(),
        [MOT]
    );
    assert_eq!(v["rubrics"][MOT]["progress"]["III"], 66.66666666666666);
}

#[test]
fn cli_format_mot_writes_a_manifest_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("My-Model.yml");
    openness()
        .args([
            "scan",
            &common::fixture("open-research-model"),
            "--format",
            "mot",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    let v = yaml_to_json(&text);
    assert_eq!(v["framework"]["name"], "Model Openness Framework");
    assert_eq!(v["release"]["name"], "open-research-model");
    assert_eq!(v["release"]["components"].as_array().unwrap().len(), 17);
    if let Some(schema) = mot_schema() {
        common::assert_valid(&schema, &v, "My-Model.yml");
    }
    // The written file is a target in its own right.
    openness()
        .args(["scan"])
        .arg(&out)
        .args(["--rubric", MOT])
        .assert()
        .success()
        .stdout(predicate::str::contains("Class I - Open Science Model"));
}

#[test]
fn cli_explains_mot_criteria_in_mots_terms() {
    openness()
        .args(["explain", "mof-1.0-mot/technical-report"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "may be omitted when a research paper",
        ))
        .stdout(predicate::str::contains("Class: Class III - Open Model"));
    openness()
        .args(["rubric", "show", MOT])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "as the Model Openness Tool scores",
        ));
    openness()
        .args(["rubric", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(MOT));
}

#[test]
fn our_reading_of_a_manifest_parses_expressions_and_notes_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Ours.yml");
    std::fs::write(
        &path,
        "framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}\nrelease:\n  name: Ours\n  producer: Example Lab\n  license: {}\n  components:\n    - name: Model parameters (Final)\n      license: Apache-2.0 AND CC-BY-NC-4.0\n    - name: Model card\n      license: MIT\n    - name: Inference code\n      license: mit OR gpl-3.0-only\n",
    )
    .unwrap();
    let report = report_json(path.to_str().unwrap(), &rubrics());
    let ours = |id: &str| {
        report["rubrics"]["mof-1.0"]["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()
            .clone()
    };
    // Two licenses that both apply: the more restrictive decides.
    let weights = ours("model-parameters-final");
    assert_eq!(weights["outcome"], "not-met", "{weights}");
    assert!(
        weights["reason"]
            .as_str()
            .unwrap()
            .contains("non-commercial")
    );
    // An open license not made for documents: met, with a note.
    let card = ours("model-card");
    assert_eq!(card["outcome"], "met");
    assert!(
        card["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("not a license made for document")),
        "{card}"
    );
    // A lower-case expression: open to us, invalid to MOT, and the difference says why.
    assert_eq!(ours("inference-code")["outcome"], "met");
    let mot = &report["rubrics"][MOT]["mot"];
    let d: Vec<&Value> = mot["differences"].as_array().unwrap().iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["component"], "inference-code");
    assert_eq!(d[0]["kind"], "spdx-expression");
    // MOT: the weights' expression is invalid too (both readings agree it does not count), and
    // MIT on the model card is open with MOT's type warning.
    let status = |id: &str| {
        mot["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(status("model-parameters-final")["status"], "invalid");
    assert_eq!(status("model-card")["status"], "included");
    assert_eq!(status("model-card")["type_appropriate"], false);
}

#[test]
fn weights_declared_unlicensed_are_not_open_weights_under_the_distribution_license() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("U.yml");
    std::fs::write(
        &path,
        "framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}\nrelease:\n  name: U\n  producer: P\n  license:\n    distribution: {name: Apache-2.0}\n  components:\n    - name: Model parameters (Final)\n      license: unlicensed\n    - name: Model card\n",
    )
    .unwrap();
    let report = report_json(path.to_str().unwrap(), &rubrics());
    assert_eq!(
        report["openness"]["level"], "unknown",
        "{}",
        report["openness"]
    );
    assert!(
        report["openness"]["reason"]
            .as_str()
            .unwrap()
            .contains("the MOT manifest states no license"),
        "{}",
        report["openness"]
    );
    assert_eq!(
        common::summary_outcome(&report, "osaid-1.0", "freedoms"),
        "not-met"
    );
    // The model card inherits the distribution license, in both readings.
    assert_eq!(
        common::summary_outcome(&report, "mof-1.0", "model-card"),
        "met"
    );
    assert_eq!(common::summary_outcome(&report, MOT, "model-card"), "met");
    assert_eq!(
        common::summary_outcome(&report, MOT, "model-parameters-final"),
        "not-met"
    );
}
