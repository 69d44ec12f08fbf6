//! One fixture repository per scenario; each test states what a user must be told.

mod common;

use common::{fixture, outcome, scan, summary};
use openness::assess::Outcome;
use openness::component::Component;
use openness::evidence::Availability;
use openness::level::Level;
use openness::license::RestrictionKind;

#[test]
fn fully_open_research_model_is_open_source_and_mof_class_i() {
    let r = scan(&fixture("open-research-model"));
    assert_eq!(r.openness.level, Level::OpenSource, "{}", r.openness.reason);
    assert_eq!(summary(&r, "osaid-1.0"), "conformant");
    assert_eq!(summary(&r, "mof-1.0"), "I");
    assert_eq!(summary(&r, "eu-ai-act-53-2"), "likely-within-exemption");
    // Every MOF component is found, with the evidence that shows it.
    for c in &r.components {
        assert_ne!(
            c.availability,
            Availability::NotFound,
            "{:?} {:?}",
            c.id,
            c.note
        );
    }
    let ckpt = r
        .components
        .iter()
        .find(|c| c.id == Component::ModelParametersIntermediate)
        .unwrap();
    assert!(ckpt.facts.iter().any(|f| f.claim.contains("step1000/")));
    // Apache-2.0 on weights is open but not a data license: a note, not a failure.
    let weights = r.rubrics["mof-1.0"]
        .finding("model-parameters-final")
        .unwrap();
    assert_eq!(weights.outcome, Outcome::Met);
    assert!(
        weights
            .notes
            .iter()
            .any(|n| n.contains("not a license made for data"))
    );
    // The LICENSE file is identified from its text.
    assert!(
        r.licenses
            .iter()
            .any(|l| l.id == "Apache-2.0" && l.source.file.as_deref() == Some("LICENSE"))
    );
}

#[test]
fn apache_weights_only_is_open_weights_not_open_source() {
    let r = scan(&fixture("apache-weights-only"));
    assert_eq!(
        r.openness.level,
        Level::OpenWeights,
        "{}",
        r.openness.reason
    );
    assert_eq!(summary(&r, "osaid-1.0"), "not-conformant");
    assert_eq!(outcome(&r, "osaid-1.0", "freedoms"), Outcome::Met);
    assert_eq!(outcome(&r, "osaid-1.0", "parameters"), Outcome::Met);
    assert_eq!(outcome(&r, "osaid-1.0", "code/training"), Outcome::NotMet);
    assert_eq!(
        outcome(&r, "osaid-1.0", "data-information/training-data-scope"),
        Outcome::NotMet
    );
    // Sharded weights and their index are found.
    let w = r
        .components
        .iter()
        .find(|c| c.id == Component::ModelParametersFinal)
        .unwrap();
    assert_eq!(w.availability, Availability::Published);
    assert!(
        w.facts
            .iter()
            .any(|f| f.claim.contains("sharded weights index"))
    );
    // The architecture lives in transformers (Apache-2.0): met through the library.
    assert_eq!(outcome(&r, "osaid-1.0", "architecture"), Outcome::Met);
    assert!(r.openness.reason.contains("OSAID is not met"));
}

#[test]
fn llama_license_is_restricted_open_weights() {
    let r = scan(&fixture("llama-licensed"));
    assert_eq!(r.openness.level, Level::OpenWeightsRestricted);
    assert!(
        r.openness.reason.contains("user-threshold"),
        "{}",
        r.openness.reason
    );
    assert_eq!(summary(&r, "osaid-1.0"), "not-conformant");
    assert_eq!(outcome(&r, "osaid-1.0", "freedoms"), Outcome::NotMet);
    let llama = r
        .licenses
        .iter()
        .find(|l| l.id == "LicenseRef-llama3.1")
        .unwrap();
    let cap = llama
        .restrictions
        .iter()
        .find(|x| x.kind == RestrictionKind::UserThreshold)
        .unwrap();
    assert_eq!(cap.threshold, Some(700_000_000));
    // The LICENSE text and the use policy are identified too.
    assert!(
        r.licenses
            .iter()
            .any(|l| l.source.file.as_deref() == Some("LICENSE") && l.id == "LicenseRef-llama3.1")
    );
    assert!(r.licenses.iter().any(|l| {
        l.source.file.as_deref() == Some("USE_POLICY.md")
            && l.restrictions
                .iter()
                .any(|x| x.kind == RestrictionKind::AcceptableUsePolicy)
    }));
    // The weights fail MOF; the reason names the restriction.
    let f = r.rubrics["mof-1.0"]
        .finding("model-parameters-final")
        .unwrap();
    assert_eq!(f.outcome, Outcome::NotMet);
    assert!(f.reason.contains("LicenseRef-llama3.1"), "{}", f.reason);
}

#[test]
fn no_license_is_unknown_never_open() {
    let r = scan(&fixture("no-license"));
    assert_eq!(r.openness.level, Level::Unknown);
    assert!(
        r.openness.reason.contains("no license"),
        "{}",
        r.openness.reason
    );
    assert!(r.licenses.is_empty());
    assert_eq!(outcome(&r, "osaid-1.0", "freedoms"), Outcome::NotMet);
    assert_eq!(
        outcome(&r, "mof-1.0", "model-parameters-final"),
        Outcome::NotMet
    );
}

#[test]
fn non_commercial_license_is_restricted() {
    let r = scan(&fixture("non-commercial"));
    assert_eq!(r.openness.level, Level::OpenWeightsRestricted);
    assert!(r.openness.reason.contains("non-commercial"));
    assert_eq!(outcome(&r, "osaid-1.0", "freedoms"), Outcome::NotMet);
}

#[test]
fn card_without_weights_is_closed() {
    let r = scan(&fixture("card-only-no-weights"));
    assert_eq!(r.openness.level, Level::Closed);
    assert_eq!(
        outcome(&r, "mof-1.0", "model-parameters-final"),
        Outcome::NotMet
    );
}

#[test]
fn malformed_front_matter_is_a_finding_with_a_line_and_unknowns() {
    let r = scan(&fixture("malformed-front-matter"));
    let p = r
        .problems
        .iter()
        .find(|p| p.message.contains("front matter is invalid"))
        .unwrap();
    assert_eq!(p.source.file.as_deref(), Some("README.md"));
    assert!(
        p.source.line.is_some_and(|l| (2..=6).contains(&l)),
        "{:?}",
        p.source
    );
    // The license it would declare is unknown: the level says so instead of guessing.
    assert_eq!(r.openness.level, Level::Unknown);
    assert!(
        r.openness.reason.contains("metadata is invalid"),
        "{}",
        r.openness.reason
    );
    assert!(
        r.limits
            .iter()
            .any(|l| l.contains("metadata could not be read"))
    );
    // What the unreadable metadata would have said is unknown, never "not met".
    assert_eq!(outcome(&r, "osaid-1.0", "freedoms"), Outcome::Unknown);
    assert_eq!(
        outcome(&r, "mof-1.0", "model-parameters-final"),
        Outcome::Unknown
    );
}

#[test]
fn binary_readme_is_reported_and_card_criteria_are_unknown() {
    let r = scan(&fixture("binary-readme"));
    assert!(r.problems.iter().any(|p| p.message.contains("not text")));
    assert_eq!(outcome(&r, "mof-1.0", "model-card"), Outcome::Unknown);
    assert_eq!(
        outcome(&r, "osaid-1.0", "data-information/training-data-scope"),
        Outcome::Unknown
    );
    // The weights are still found from the file listing.
    let w = r
        .components
        .iter()
        .find(|c| c.id == Component::ModelParametersFinal)
        .unwrap();
    assert_eq!(w.availability, Availability::Published);
}

#[test]
fn huge_readme_is_read_up_to_a_cap() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("---\nlicense: apache-2.0\n---\n\n# Huge\n\n");
    let line = "All work and no play makes a very long model card. ".repeat(20) + "\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    std::fs::write(dir.path().join("README.md"), &text).unwrap();
    std::fs::write(dir.path().join("model.safetensors"), b"w").unwrap();
    let r = scan(dir.path().to_str().unwrap());
    assert!(
        r.problems
            .iter()
            .any(|p| p.message.contains("only the first")),
        "{:?}",
        r.problems
    );
    // The front matter at the top was still read.
    assert_eq!(r.licenses[0].id, "Apache-2.0");
    assert_eq!(r.openness.level, Level::OpenWeights);
}

#[test]
fn card_and_license_file_that_disagree_are_a_conflict_and_the_stricter_wins() {
    let r = scan(&fixture("license-conflict"));
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    let c = &r.conflicts[0];
    assert!(
        c.message.contains("README.md:2") && c.message.contains("LICENSE"),
        "{}",
        c.message
    );
    assert_eq!(c.sources.len(), 2);
    assert_eq!(r.openness.level, Level::OpenWeightsRestricted);
    // The base model is named, and the report says its license was not checked locally.
    assert_eq!(r.lineage.len(), 1);
    assert_eq!(r.lineage[0].id, "meta-llama/Llama-3.1-8B");
    assert!(
        r.lineage[0]
            .note
            .as_deref()
            .unwrap_or("")
            .contains("not read")
    );
}

#[test]
fn a_modified_mit_text_is_not_mit() {
    let r = scan(&fixture("modified-mit"));
    let file = r
        .licenses
        .iter()
        .find(|l| l.source.file.as_deref() == Some("LICENSE"))
        .unwrap();
    assert_ne!(file.id, "MIT");
    assert!(!file.osi_approved);
    assert!(
        file.restrictions
            .iter()
            .any(|x| x.kind == RestrictionKind::NonCommercial)
    );
    assert_eq!(r.openness.level, Level::OpenWeightsRestricted);
    assert_eq!(r.conflicts.len(), 1);
}

#[test]
fn hf_cache_snapshots_are_addressable_and_partial() {
    let cache = std::path::PathBuf::from(fixture("hf-cache")).join("hub");
    let read = |spec: &str| openness::source::hf_cache::read_in(&cache, spec);
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let snapshot = read("fixture-org/cached-model").unwrap();
    let r = openness::Report::build(&openness::extract(&snapshot), &rubrics).unwrap();
    assert_eq!(r.target.id, "fixture-org/cached-model");
    assert_eq!(
        r.target.revision.as_deref(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );
    // Only downloaded files are in a cache: missing weights are unknown, not absent.
    assert_eq!(r.openness.level, Level::Unknown);
    assert_eq!(
        outcome(&r, "mof-1.0", "model-parameters-final"),
        Outcome::Unknown
    );
    let by_sha = read("fixture-org/cached-model@0123456789abcdef0123456789abcdef01234567").unwrap();
    assert_eq!(by_sha.target, r.target);
    let missing = read("fixture-org/cached-model@nope")
        .unwrap_err()
        .to_string();
    assert!(missing.contains("cached refs: main"), "{missing}");
    let absent = read("fixture-org/not-cached").unwrap_err().to_string();
    assert!(absent.contains("not in the cache"), "{absent}");
}

#[test]
fn a_card_alone_reports_what_files_would_show_as_unknown() {
    let r = scan(&format!("{}/README.md", fixture("llama-licensed")));
    assert_eq!(r.openness.level, Level::Unknown);
    assert!(
        r.openness.reason.contains("open-weights-restricted"),
        "{}",
        r.openness.reason
    );
    assert_eq!(outcome(&r, "osaid-1.0", "freedoms"), Outcome::NotMet);
    assert_eq!(outcome(&r, "mof-1.0", "training-code"), Outcome::Unknown);
}
