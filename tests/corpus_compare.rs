//! The comparison over the real model cards in ../shared/corpus/cards (when present; or the
//! folder named by OPENNESS_CORPUS_CARDS) plus every test fixture: every card becomes a row, every
//! format renders it. `cargo test --test corpus_compare -- --nocapture` prints the Markdown table.

mod common;

use openness::compare::{self, Scanned, SortKey, ViewOptions};
use openness::render::{self, CompareFormat, Style};

#[test]
fn the_corpus_and_the_fixtures_compare_in_every_format() {
    let dir = std::env::var_os("OPENNESS_CORPUS_CARDS")
        .map(std::path::PathBuf::from)
        .or_else(|| common::corpus("cards"));
    let Some(dir) = dir else {
        eprintln!("../shared/corpus/cards is absent; skipping");
        return;
    };
    let mut targets: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("README.md"))
        .filter(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    targets.sort();
    let cards = targets.len();
    assert!(cards >= 40, "expected the corpus's cards, found {cards}");
    let mut fixtures: Vec<String> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir() && e.file_name() != "hf-cache")
        .map(|e| e.path().to_string_lossy().into_owned())
        .collect();
    fixtures.sort();
    targets.extend(fixtures);
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let entries: Vec<Scanned> = targets
        .iter()
        .map(|t| Scanned {
            target: t.clone(),
            result: openness::scan(t, &rubrics),
        })
        .collect();
    let c = compare::build(
        entries,
        &rubrics,
        &ViewOptions {
            sort: SortKey::Level,
            ..ViewOptions::default()
        },
    )
    .unwrap();
    assert_eq!(c.rows.len(), targets.len());
    assert_eq!(
        c.errors,
        0,
        "{:?}",
        c.rows
            .iter()
            .filter_map(|r| r.error.as_ref())
            .collect::<Vec<_>>()
    );
    for row in &c.rows {
        assert_eq!(row.cells.len(), 31, "{}", row.name);
    }
    let md = render::comparison(&c, CompareFormat::Markdown, &Style::default()).unwrap();
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 2 + c.rows.len());
    let cells = |l: &str| l.matches('|').count() - l.matches("\\|").count();
    assert!(table.iter().all(|l| cells(l) == cells(table[0])));
    for f in [
        CompareFormat::Csv,
        CompareFormat::Latex,
        CompareFormat::Html,
        CompareFormat::Json,
        CompareFormat::Terminal,
    ] {
        render::comparison(&c, f, &Style::default()).unwrap();
    }
    println!("{md}");
}
