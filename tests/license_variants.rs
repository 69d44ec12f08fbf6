//! Texts the catalog does not know, or only resembles (issue 12, failure classes 1 and 2): a
//! custom license is reported with its own name and the terms its clauses state; a text that
//! reads like a known license but is another one (another version, a sibling with more terms,
//! another publisher's copy) never takes that license's identity or clauses. Every text here was
//! written for the project (tests/fixtures/license-texts/README.md), or is an SPDX standard text.

use openness::license::{
    Catalog, Identification, LicenseKind, Method, RestrictionKind, TextForm, identify_all,
};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("tests/fixtures/license-texts/{name}")).unwrap()
}

fn licenses(text: &str) -> Vec<Identification> {
    identify_all(Catalog::builtin(), text).licenses
}

fn only(text: &str) -> Identification {
    let mut all = licenses(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

fn kinds(l: &Identification) -> Vec<RestrictionKind> {
    l.facts.restrictions.iter().map(|r| r.kind).collect()
}

#[test]
fn a_custom_license_is_named_by_its_title_and_judged_by_its_clauses() {
    let l = only(&fixture("aurora-model-license.md"));
    assert_eq!(l.facts.id, "LicenseRef-aurora-model-license");
    assert_eq!(l.facts.name, "Aurora Model License");
    assert_eq!(l.method, Method::Clauses);
    assert_eq!(l.facts.osd_conformant, Some(false));
    let users = l
        .facts
        .restrictions
        .iter()
        .find(|r| r.kind == RestrictionKind::UserThreshold)
        .expect("the user cap");
    assert_eq!(users.threshold, Some(50_000_000));
    // Each restriction quotes its words and lines.
    assert!(users.summary.contains("line"), "{}", users.summary);
    assert!(kinds(&l).contains(&RestrictionKind::ModelTrainingBan));
}

#[test]
fn research_only_personal_use_and_chinese_licenses_are_read() {
    let lumen = only(&fixture("lumen-research-license.txt"));
    assert_eq!(lumen.facts.kind, LicenseKind::NonCommercial);
    assert!(kinds(&lumen).contains(&RestrictionKind::NonCommercial));
    let pixel = only(&fixture("pixelforge-personal-use.md"));
    assert_eq!(pixel.facts.osd_conformant, Some(false));
    assert!(kinds(&pixel).contains(&RestrictionKind::NonCommercial));
    let zh = only(&fixture("xinghe-model-license-zh.txt"));
    assert_eq!(zh.facts.name, "星河大模型许可协议");
    assert!(
        zh.facts.id.starts_with("LicenseRef-custom-"),
        "{}",
        zh.facts.id
    );
    assert!(kinds(&zh).contains(&RestrictionKind::UserThreshold));
    assert!(kinds(&zh).contains(&RestrictionKind::ModelTrainingBan));
    // The same text wrapped differently keeps its id.
    let rewrapped = fixture("xinghe-model-license-zh.txt").replace('\n', "\n\n");
    assert_eq!(only(&rewrapped).facts.id, zh.facts.id);
}

#[test]
fn a_vendors_use_policy_is_a_policy_with_its_prohibitions() {
    let l = only(&fixture("nimbus-acceptable-use-policy.md"));
    assert_eq!(l.form, TextForm::Policy);
    assert!(kinds(&l).contains(&RestrictionKind::AcceptableUsePolicy));
}

#[test]
fn silence_is_not_openness() {
    // Grant language, no restriction: a custom license whose terms are unknown, not open.
    let text = "Quillwork Model Terms\n\nQuillwork Labs (the Licensor) hereby grants you a worldwide license to use,\ncopy and share the Quillwork-2 model weights, subject to the terms below.\n\nYou must keep this notice with every copy of the weights you share with anyone.\nQuestions about these terms go to the Licensor's legal team by email.\n";
    let l = only(text);
    assert_eq!(l.facts.id, "LicenseRef-quillwork-model-terms");
    assert_eq!(l.facts.osd_conformant, None);
    assert_eq!(l.facts.kind, LicenseKind::Unknown);
}

#[test]
fn negatives_are_not_licenses_or_keep_their_identity() {
    // A README that points at Apache-2.0, and card prose: no license of their own.
    assert!(licenses(&fixture("permissive-readme.md")).is_empty());
    assert!(licenses(&fixture("model-card-prose.md")).is_empty());
    // Standard texts stay themselves, with no added terms.
    for id in ["MIT", "Apache-2.0", "BSD-3-Clause", "CC-BY-4.0"] {
        let text = spdx::text::LICENSE_TEXTS
            .iter()
            .find(|(i, _)| *i == id)
            .unwrap()
            .1;
        let l = only(text);
        assert_eq!(l.facts.id, id);
        assert!(!l.modified, "{id}");
    }
}

#[test]
fn a_sibling_with_more_terms_is_not_its_sibling() {
    // Every Creative Commons text is itself: CC BY-NC-ND 4.0 is not CC BY-NC 4.0, though the two
    // share most of their words.
    let mut wrong = Vec::new();
    for (id, text) in spdx::text::LICENSE_TEXTS
        .iter()
        .filter(|(i, _)| i.starts_with("CC-BY"))
    {
        let ids: Vec<String> = licenses(text).into_iter().map(|l| l.facts.id).collect();
        if ids != [id.to_string()] {
            wrong.push(format!("{id}: {ids:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // A hand-written text in the same style: its own terms, both of them.
    let l = only(&fixture("cc-nc-nd-style.txt"));
    assert!(kinds(&l).contains(&RestrictionKind::NonCommercial));
    assert!(kinds(&l).contains(&RestrictionKind::NoDerivatives));
}

#[test]
fn another_publishers_copy_is_not_the_known_license() {
    let l = only(&fixture("harbor-openrail-m.txt"));
    assert_ne!(l.facts.id, "LicenseRef-bigcode-openrail-m");
    assert_eq!(
        l.facts.id,
        "LicenseRef-harbor-responsible-ai-license-openrail-m-style"
    );
    assert_eq!(l.method, Method::Clauses);
    assert!(
        l.notes.iter().any(|n| n.contains("similar to BigCode")),
        "{:?}",
        l.notes
    );
    // Its restrictions are its own clauses, each with its lines: none is BigCode's summary.
    assert!(
        l.facts
            .restrictions
            .iter()
            .all(|r| r.summary.contains("line")),
        "{:?}",
        l.facts.restrictions
    );
}

#[test]
fn a_version_the_catalog_lacks_still_shows_its_terms() {
    // A non-commercial model license in the style of an image model's, at a version no profile
    // has: whatever it is called, its non-commercial clause is found.
    let text = "FLARE.2 [pro] Non-Commercial License v3.4\n\n1. Definitions. \"Non-Commercial Purpose\" means personal, academic or research use that\nis not intended to earn money.\n\n2. License Grant. Subject to this License, Licensor grants you a non-exclusive, revocable\nlicense to use the Model and its outputs solely for Non-Commercial Purposes.\n\n3. Restrictions. You may not use the Model or any Derivative for any commercial purpose.\nYou may not use outputs of the Model to train a competing image model.\n";
    let l = only(text);
    assert_eq!(l.facts.osd_conformant, Some(false));
    assert!(
        kinds(&l).contains(&RestrictionKind::NonCommercial),
        "{l:#?}"
    );
    assert!(
        kinds(&l).contains(&RestrictionKind::ModelTrainingBan),
        "{l:#?}"
    );
}
