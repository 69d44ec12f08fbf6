//! The comparison view model (src/compare.rs): the cell mapping on real fixtures, evidence and
//! links per cell, failed targets as rows, sorting and filtering.

mod common;

use openness::assess::Outcome;
use openness::compare::{self, CellState, Comparison, Scanned, SortKey, ViewOptions};
use openness::component::MofClass;
use openness::level::Level;
use openness::rubric;

use common::fixture;

fn entries(targets: &[&str]) -> Vec<Scanned> {
    let rubrics = rubric::default_rubrics().unwrap();
    targets
        .iter()
        .map(|t| Scanned {
            target: t.to_string(),
            result: openness::scan(t, &rubrics),
        })
        .collect()
}

fn compare_with(targets: &[&str], options: &ViewOptions) -> Comparison {
    let rubrics = rubric::default_rubrics().unwrap();
    compare::build(entries(targets), &rubrics, options).unwrap()
}

fn state(c: &Comparison, row: &str, column: &str) -> CellState {
    let r = c
        .rows
        .iter()
        .find(|r| r.name == row)
        .unwrap_or_else(|| panic!("no row {row}"));
    let i = c
        .columns
        .iter()
        .position(|col| col.key == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    assert_eq!(r.cells[i].column, column);
    r.cells[i].state
}

const FIXTURES: [&str; 8] = [
    "open-research-model",
    "apache-weights-only",
    "llama-licensed",
    "non-commercial",
    "no-license",
    "card-only-no-weights",
    "malformed-front-matter",
    "injection-card",
];

fn all() -> Comparison {
    let targets: Vec<String> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let refs: Vec<&str> = targets.iter().map(String::as_str).collect();
    compare_with(&refs, &ViewOptions::default())
}

#[test]
fn the_default_grid_is_every_mof_component_then_every_osaid_requirement() {
    let c = all();
    let mof = rubric::builtin("mof-1.0").unwrap().unwrap();
    let osaid = rubric::builtin("osaid-1.0").unwrap().unwrap();
    let expected: Vec<String> = mof
        .criteria
        .iter()
        .map(|x| format!("mof-1.0/{}", x.id))
        .chain(osaid.criteria.iter().map(|x| format!("osaid-1.0/{}", x.id)))
        .collect();
    let keys: Vec<String> = c.columns.iter().map(|x| x.key.clone()).collect();
    assert_eq!(keys, expected);
    assert_eq!(c.columns.len(), 17 + 14);
    // Summary columns: every assessed rubric, in the order given.
    let ids: Vec<&str> = c.rubrics.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, rubric::DEFAULT_RUBRICS);
    for row in &c.rows {
        assert_eq!(row.cells.len(), c.columns.len(), "{}", row.name);
        assert_eq!(row.results.len(), c.rubrics.len(), "{}", row.name);
    }
    // Groups are contiguous slices of the columns.
    for g in &c.groups {
        assert_eq!(
            &c.columns[g.start..g.start + g.columns.len()],
            &g.columns[..]
        );
        assert_eq!(
            g.spans.iter().map(|s| s.span).sum::<usize>(),
            g.columns.len()
        );
    }
}

#[test]
fn cells_follow_the_documented_mapping() {
    let c = all();
    for row in &c.rows {
        for cell in &row.cells {
            let ok = match cell.state {
                CellState::Open => cell.outcome == Outcome::Met,
                CellState::Partial => {
                    matches!(cell.outcome, Outcome::NotMet | Outcome::Unknown)
                }
                CellState::Closed => cell.outcome == Outcome::NotMet,
                CellState::Unknown => cell.outcome == Outcome::Unknown,
                CellState::NotApplicable => cell.outcome == Outcome::NotApplicable,
                other => panic!("a cell state the mapping does not document: {other:?}"),
            };
            assert!(
                ok,
                "{} {}: {:?} from {:?}",
                row.name, cell.column, cell.state, cell.outcome
            );
            assert_eq!(cell.symbol, cell.state.symbol());
            assert!(!cell.reason.is_empty(), "{} {}", row.name, cell.column);
        }
    }
    // A fully open research model is open everywhere.
    let open = c
        .rows
        .iter()
        .find(|r| r.name == "open-research-model")
        .unwrap();
    assert!(
        open.cells
            .iter()
            .all(|x| matches!(x.state, CellState::Open | CellState::NotApplicable)),
        "{:?}",
        open.cells
            .iter()
            .map(|x| (&x.column, x.state))
            .collect::<Vec<_>>()
    );
    // Weights published under the Llama license: obtainable but not open, as the EU index rates
    // them; the freedoms are about terms, not artefacts, so they are closed.
    assert_eq!(
        state(&c, "llama-licensed", "mof-1.0/model-parameters-final"),
        CellState::Partial
    );
    assert_eq!(
        state(&c, "llama-licensed", "osaid-1.0/freedoms"),
        CellState::Closed
    );
    assert_eq!(
        state(&c, "non-commercial", "osaid-1.0/parameters"),
        CellState::Partial
    );
    // Published with no license at all: obtainable, no rights granted.
    assert_eq!(
        state(&c, "no-license", "mof-1.0/model-parameters-final"),
        CellState::Partial
    );
    // No weights anywhere: closed.
    assert_eq!(
        state(&c, "card-only-no-weights", "mof-1.0/model-parameters-final"),
        CellState::Closed
    );
    // Apache-2.0 weights without training code.
    assert_eq!(
        state(&c, "apache-weights-only", "mof-1.0/model-parameters-final"),
        CellState::Open
    );
    assert_eq!(
        state(&c, "apache-weights-only", "mof-1.0/training-code"),
        CellState::Closed
    );
    // A custom license nobody can identify: its terms are unknown, never closed.
    assert_eq!(
        state(&c, "injection-card", "osaid-1.0/freedoms"),
        CellState::Unknown
    );
    // A training repository linked from the card: published, license not verified.
    assert_eq!(
        state(&c, "injection-card", "mof-1.0/training-code"),
        CellState::Partial
    );
}

#[test]
fn every_cell_carries_its_evidence_and_links_only_to_http() {
    let c = all();
    let mut links = 0;
    for row in &c.rows {
        for cell in &row.cells {
            if cell.state == CellState::Open && cell.column.starts_with("mof-1.0/") {
                assert!(!cell.evidence.is_empty(), "{} {}", row.name, cell.column);
            }
            for e in &cell.evidence {
                assert!(!e.source.is_empty(), "{} {}", row.name, cell.column);
                if let Some(h) = &e.href {
                    links += 1;
                    assert!(h.starts_with("https://") || h.starts_with("http://"), "{h}");
                    assert!(!h.contains(['"', '<', '>', ' ']), "{h}");
                }
            }
        }
    }
    assert!(links > 0, "some evidence links to its URL");
    // The injection card's javascript: license link is evidence shown as text, never a link.
    let inj = c.rows.iter().find(|r| r.name == "injection-card").unwrap();
    let sources: Vec<&openness::compare::EvidenceLink> =
        inj.cells.iter().flat_map(|x| &x.evidence).collect();
    assert!(sources.iter().any(|e| e.source.contains("javascript:")));
    // Extraction ends a URL at a quote, so the quote-breaking link keeps none of its payload.
    assert!(
        !sources
            .iter()
            .any(|e| e.href.as_deref().is_some_and(|h| h.contains("onmouseover")))
    );
    for e in &sources {
        if e.source.contains("javascript:") || e.source.contains('"') || e.source.contains('<') {
            assert_eq!(e.href, None, "{e:?}");
        }
    }
    // Anchors are unique.
    let mut anchors: Vec<&str> = c
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|x| x.anchor.as_str()))
        .collect();
    let n = anchors.len();
    anchors.sort();
    anchors.dedup();
    assert_eq!(anchors.len(), n);
}

#[test]
fn a_target_that_fails_is_a_row_with_its_error_and_the_others_go_on() {
    let c = compare_with(
        &[
            "tests/fixtures/does-not-exist",
            &fixture("llama-licensed"),
            &fixture("open-research-model"),
        ],
        &ViewOptions {
            sort: SortKey::Level,
            ..ViewOptions::default()
        },
    );
    assert_eq!(c.scanned, 3);
    assert_eq!(c.errors, 1);
    let names: Vec<&str> = c.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "open-research-model",
            "llama-licensed",
            "tests/fixtures/does-not-exist"
        ]
    );
    let failed = &c.rows[2];
    assert!(
        failed.error.as_deref().unwrap().contains("does-not-exist"),
        "{:?}",
        failed.error
    );
    assert_eq!(failed.level, None);
    assert!(failed.cells.is_empty() && failed.results.is_empty());
    assert_eq!(failed.index, 1, "keeps its input position");
}

#[test]
fn sorting_and_filtering() {
    let targets: Vec<String> = [
        "card-only-no-weights",
        "llama-licensed",
        "open-research-model",
        "apache-weights-only",
        "no-license",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    let refs: Vec<&str> = targets.iter().map(String::as_str).collect();
    let names = |o: ViewOptions| -> Vec<String> {
        compare_with(&refs, &o)
            .rows
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    assert_eq!(
        names(ViewOptions::default()),
        [
            "card-only-no-weights",
            "llama-licensed",
            "open-research-model",
            "apache-weights-only",
            "no-license"
        ]
    );
    assert_eq!(
        names(ViewOptions {
            sort: SortKey::Name,
            ..ViewOptions::default()
        }),
        [
            "apache-weights-only",
            "card-only-no-weights",
            "llama-licensed",
            "no-license",
            "open-research-model"
        ]
    );
    assert_eq!(
        names(ViewOptions {
            sort: SortKey::Level,
            ..ViewOptions::default()
        }),
        [
            "open-research-model",
            "apache-weights-only",
            "llama-licensed",
            "card-only-no-weights",
            "no-license"
        ]
    );
    assert_eq!(
        names(ViewOptions {
            sort: SortKey::Level,
            reverse: true,
            ..ViewOptions::default()
        }),
        [
            "no-license",
            "card-only-no-weights",
            "llama-licensed",
            "apache-weights-only",
            "open-research-model"
        ]
    );
    let by_mof = names(ViewOptions {
        sort: SortKey::Mof,
        ..ViewOptions::default()
    });
    assert_eq!(by_mof[0], "open-research-model");
    let by_osaid = names(ViewOptions {
        sort: SortKey::Osaid,
        ..ViewOptions::default()
    });
    assert_eq!(by_osaid[0], "open-research-model");

    let open = compare_with(
        &refs,
        &ViewOptions {
            min_level: Some(Level::OpenWeights),
            ..ViewOptions::default()
        },
    );
    let kept: Vec<&str> = open.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(kept, ["open-research-model", "apache-weights-only"]);
    assert_eq!(open.filtered_out, 3);
    assert_eq!(open.filters, ["level is at least open-weights"]);
    let counts: Vec<(Level, usize)> = open
        .level_counts
        .iter()
        .map(|c| (c.level, c.count))
        .collect();
    assert_eq!(counts, [(Level::OpenSource, 1), (Level::OpenWeights, 1)]);

    assert_eq!(
        names(ViewOptions {
            levels: vec![Level::Closed, Level::Unknown],
            ..ViewOptions::default()
        }),
        ["card-only-no-weights", "no-license"]
    );
    assert_eq!(
        names(ViewOptions {
            min_mof_class: Some(MofClass::III),
            ..ViewOptions::default()
        }),
        ["open-research-model"]
    );
}

#[test]
fn filters_never_hide_failed_targets() {
    let c = compare_with(
        &["tests/fixtures/missing-model", &fixture("llama-licensed")],
        &ViewOptions {
            levels: vec![Level::OpenSource],
            ..ViewOptions::default()
        },
    );
    assert_eq!(c.rows.len(), 1);
    assert!(c.rows[0].error.is_some());
}

#[test]
fn the_grid_can_be_chosen_or_left_out() {
    let rubrics = rubric::default_rubrics().unwrap();
    let t = fixture("llama-licensed");
    let eu = compare::build(
        entries(&[&t]),
        &rubrics,
        &ViewOptions {
            grid: Some(vec!["eu-ai-act-53-2".into()]),
            ..ViewOptions::default()
        },
    )
    .unwrap();
    assert_eq!(eu.columns.len(), 6);
    assert!(eu.columns.iter().all(|c| c.rubric == "eu-ai-act-53-2"));
    let none = compare::build(
        entries(&[&t]),
        &rubrics,
        &ViewOptions {
            grid: Some(Vec::new()),
            ..ViewOptions::default()
        },
    )
    .unwrap();
    assert!(none.columns.is_empty() && none.rows[0].cells.is_empty());
    let err = compare::build(
        entries(&[&t]),
        &rubrics,
        &ViewOptions {
            grid: Some(vec!["mof-2.0".into()]),
            ..ViewOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("mof-2.0") && err.contains("osaid-1.0"),
        "{err}"
    );
}

#[test]
fn license_and_restrictions_are_those_of_the_weights() {
    let c = compare_with(
        &[
            &fixture("llama-licensed"),
            &fixture("open-research-model"),
            &fixture("no-license"),
        ],
        &ViewOptions::default(),
    );
    let llama = &c.rows[0];
    assert!(
        llama.licenses.iter().any(|l| l.contains("llama3.1")),
        "{:?}",
        llama.licenses
    );
    assert!(
        llama
            .restrictions
            .iter()
            .any(|r| r == "user-threshold (700 million users)"),
        "{:?}",
        llama.restrictions
    );
    assert!(
        llama
            .restrictions
            .iter()
            .all(|r| !r.starts_with("attribution"))
    );
    assert_eq!(c.rows[1].license, "Apache-2.0");
    assert_eq!(c.rows[1].restriction_text, "none");
    assert_eq!(c.rows[2].license, "none found");
}

#[test]
fn the_mof_summary_shows_class_and_progress() {
    let c = compare_with(&[&fixture("open-research-model")], &ViewOptions::default());
    let mof = c.rows[0]
        .results
        .iter()
        .find(|r| r.rubric == "mof-1.0")
        .unwrap();
    assert_eq!(mof.text, "I (100/100/100%)");
    assert_eq!(mof.status, "class-i");
    assert_eq!(mof.progress.len(), 3);
    let osaid = c.rows[0]
        .results
        .iter()
        .find(|r| r.rubric == "osaid-1.0")
        .unwrap();
    assert_eq!(
        (osaid.text.as_str(), osaid.status.as_str()),
        ("conformant", "pass")
    );
}

#[test]
fn a_cached_hub_model_links_its_files_on_the_hub() {
    let cache = std::path::Path::new("tests/fixtures/hf-cache/hub");
    let snapshot = openness::source::hf_cache::read_in(cache, "fixture-org/cached-model").unwrap();
    let rubrics = rubric::default_rubrics().unwrap();
    let report = openness::Report::build(&openness::extract(&snapshot), &rubrics).unwrap();
    let c = compare::single(&report);
    assert_eq!(c.rows[0].name, "fixture-org/cached-model");
    let hrefs: Vec<&str> = c.rows[0]
        .cells
        .iter()
        .flat_map(|x| &x.evidence)
        .filter_map(|e| e.href.as_deref())
        .collect();
    assert!(
        hrefs.iter().any(|h| h.starts_with(
            "https://huggingface.co/fixture-org/cached-model/blob/0123456789abcdef0123456789abcdef01234567/"
        )),
        "{hrefs:?}"
    );
}

#[test]
fn a_single_report_grids_every_rubric_it_was_assessed_against() {
    let report = common::scan(&fixture("llama-licensed"));
    let c = compare::single(&report);
    let ids: Vec<&str> = c.groups.iter().map(|g| g.rubric.as_str()).collect();
    assert_eq!(ids, ["osaid-1.0", "mof-1.0", "eu-ai-act-53-2"]);
    assert_eq!(c.rows.len(), 1);
    // The built-in definitions are used, so artefacts make partial cells here too.
    assert_eq!(
        state(&c, "llama-licensed", "mof-1.0/model-parameters-final"),
        CellState::Partial
    );
}
