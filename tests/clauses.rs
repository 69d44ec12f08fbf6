//! The clause reader on whole texts: hand-written licenses (`tests/fixtures/license-texts/`,
//! written for this project) and every standard license text of the SPDX list.

use openness::license::RestrictionKind::{self, *};
use openness::license::clauses::{Clause, read_clauses};

const DIR: &str = "tests/fixtures/license-texts";

fn fixture(name: &str) -> Vec<Clause> {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).expect("fixture");
    read_clauses(&text)
}

fn find(clauses: &[Clause], kind: RestrictionKind) -> &Clause {
    clauses
        .iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} in {clauses:#?}"))
}

fn kinds(clauses: &[Clause]) -> Vec<RestrictionKind> {
    let mut k: Vec<RestrictionKind> = clauses.iter().map(|c| c.kind).collect();
    k.sort();
    k.dedup();
    k
}

/// OSI-approved texts where a clause, read alone, does restrict, and only its context (which
/// the reader does not follow) says otherwise.
const OSI_EXCEPTIONS: &[(&str, &str)] = &[(
    "IPA",
    "`may not alter or otherwise modify the Licensed Program` is a condition of redistributing \
     the program unchanged; derived programs are allowed by another article",
)];

/// Every OSI-approved license text grants the freedoms: the reader must find no clause that
/// takes one away.
#[test]
fn osi_approved_license_texts_have_no_freedom_restrictions() {
    let mut failures = Vec::new();
    let mut read = 0;
    for (id, text) in spdx::text::LICENSE_TEXTS {
        let Some(l) = spdx::license_id(id) else {
            continue;
        };
        if !l.is_osi_approved() || l.is_deprecated() || OSI_EXCEPTIONS.iter().any(|(x, _)| x == id)
        {
            continue;
        }
        read += 1;
        for c in read_clauses(text)
            .iter()
            .filter(|c| c.kind.breaks_freedoms())
        {
            failures.push(format!(
                "{id}:{}: {} ({}): {}",
                c.first_line, c.kind, c.pattern, c.quote
            ));
        }
    }
    assert!(read > 100, "only {read} texts");
    assert!(
        failures.is_empty(),
        "{} clauses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_custom_model_license() {
    let c = fixture("aurora-model-license.md");
    assert_eq!(
        kinds(&c),
        [
            AcceptableUsePolicy,
            UserThreshold,
            ModelTrainingBan,
            Revocable,
            Attribution
        ]
    );
    let users = find(&c, UserThreshold);
    assert_eq!(users.threshold, Some(50_000_000));
    assert_eq!(users.unit.as_deref(), Some("monthly active users"));
    assert_eq!((users.first_line, users.last_line), (36, 39));
    // The name prefix and the "Built with" notice are two clauses.
    assert_eq!(c.iter().filter(|c| c.kind == Attribution).count(), 2);
    // The definition of "Non-Commercial Purpose" restricts nothing by itself.
    assert!(c.iter().all(|c| c.kind != NonCommercial));
}

#[test]
fn a_research_only_license() {
    let c = fixture("lumen-research-license.txt");
    assert_eq!(
        kinds(&c),
        [FieldOfUse, NonCommercial, NoDerivatives, Revocable]
    );
    assert_eq!(find(&c, FieldOfUse).first_line, 5);
}

#[test]
fn personal_use_terms_with_an_faq() {
    let c = fixture("pixelforge-personal-use.md");
    assert_eq!(
        kinds(&c),
        [FieldOfUse, NonCommercial, ModificationLimit, GatedAccess]
    );
    assert!(
        find(&c, FieldOfUse)
            .quote
            .contains("personal, non-commercial use only")
    );
}

#[test]
fn a_chinese_model_license() {
    let c = fixture("xinghe-model-license-zh.txt");
    assert_eq!(
        kinds(&c),
        [
            AcceptableUsePolicy,
            FieldOfUse,
            UserThreshold,
            ModelTrainingBan,
            Revocable,
            GatedAccess,
            Attribution,
            ShareAlike
        ]
    );
    assert_eq!(find(&c, UserThreshold).threshold, Some(100_000_000));
    assert_eq!(find(&c, ModelTrainingBan).first_line, 16);
    // Governing law is not a geographic limit.
    assert!(c.iter().all(|c| c.kind != Geographic));
}

#[test]
fn an_acceptable_use_policy() {
    let c = fixture("nimbus-acceptable-use-policy.md");
    assert_eq!(kinds(&c), [AcceptableUsePolicy, FieldOfUse, Revocable]);
    // Each forbidden field is an item of the list the lead-in forbids.
    let fields: Vec<usize> = c
        .iter()
        .filter(|c| c.kind == FieldOfUse)
        .map(|c| c.first_line)
        .collect();
    assert_eq!(fields, [11, 12, 13, 14]);
}

#[test]
fn a_non_commercial_no_derivatives_text() {
    let c = fixture("cc-nc-nd-style.txt");
    assert_eq!(kinds(&c), [NonCommercial, NoDerivatives]);
}

#[test]
fn an_openrail_style_license() {
    let c = fixture("harbor-openrail-m.txt");
    assert_eq!(
        kinds(&c),
        [AcceptableUsePolicy, FieldOfUse, Revocable, ShareAlike]
    );
    assert!(find(&c, Revocable).quote.contains("remotely"));
}

#[test]
fn permissive_texts_and_card_prose_yield_nothing() {
    for name in ["permissive-readme.md", "model-card-prose.md"] {
        assert_eq!(fixture(name), [], "{name}");
    }
}

#[test]
fn standard_texts_the_reader_must_read_right() {
    let text = |id: &str| {
        spdx::text::LICENSE_TEXTS
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("no SPDX text for {id}"))
    };
    for id in [
        "MIT",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "Apache-2.0",
        "ISC",
        "CC0-1.0",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "Unlicense",
    ] {
        assert_eq!(read_clauses(text(id)), [], "{id}");
    }
    assert_eq!(kinds(&read_clauses(text("CC-BY-NC-4.0"))), [NonCommercial]);
    assert_eq!(
        kinds(&read_clauses(text("CC-BY-NC-ND-4.0"))),
        [NonCommercial, NoDerivatives]
    );
    assert_eq!(kinds(&read_clauses(text("CC-BY-ND-4.0"))), [NoDerivatives]);
    assert_eq!(kinds(&read_clauses(text("CC-BY-NC-3.0"))), [NonCommercial]);
}

#[test]
fn every_fixture_is_described_in_the_readme() {
    let readme = std::fs::read_to_string(format!("{DIR}/README.md")).unwrap();
    for entry in std::fs::read_dir(DIR).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "README.md" {
            assert!(
                readme.contains(&format!("`{name}`")),
                "{name} is not in the README"
            );
        }
    }
}

/// Phrasings no pattern example uses, written to see whether the patterns read the clause
/// rather than a sentence they were fitted to.
#[test]
fn unseen_variants() {
    let cases: &[(&str, &[RestrictionKind])] = &[
        (
            "Usage of the weights for any commercial purpose is not allowed.",
            &[NonCommercial],
        ),
        (
            "You are not permitted to use the Model for commercial purposes.",
            &[NonCommercial],
        ),
        (
            "This checkpoint may only be used for non-commercial purposes.",
            &[NonCommercial],
        ),
        ("For academic and research use only.", &[FieldOfUse]),
        (
            "Commercial usage requires a license from us.",
            &[GatedAccess],
        ),
        (
            "Entities with more than 2 million daily active users need our written consent.",
            &[UserThreshold],
        ),
        (
            "If your company's gross revenue exceeds EUR 5 million, a paid plan is required.",
            &[RevenueThreshold],
        ),
        (
            "Do not use generated samples to train a rival text-to-image system.",
            &[ModelTrainingBan],
        ),
        (
            "We may suspend your license at any time without notice.",
            &[Revocable],
        ),
        ("此模型仅供非商业用途。", &[NonCommercial]),
        ("禁止将本模型用于任何商业目的。", &[NonCommercial]),
        (
            "如果您的年收入超过500万美元，须与我们签署商业协议。",
            &[RevenueThreshold],
        ),
        (
            "The model is released under a permissive license; commercial use is welcome.",
            &[],
        ),
        (
            "Nothing in this license restricts your use of outputs to train other models.",
            &[],
        ),
        (
            "We evaluated the model on legal and medical question answering.",
            &[],
        ),
        ("Our research paper describes the training data.", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(kinds(&read_clauses(text)), *want, "{text}");
    }
    let c = read_clauses("如果您的年收入超过500万美元，须与我们签署商业协议。");
    assert_eq!(
        (c[0].threshold, c[0].unit.as_deref()),
        (Some(5_000_000), Some("USD per year"))
    );
    let c = read_clauses(
        "Entities with more than 2 million daily active users need our written consent.",
    );
    assert_eq!(
        (c[0].threshold, c[0].unit.as_deref()),
        (Some(2_000_000), Some("daily active users"))
    );
}
