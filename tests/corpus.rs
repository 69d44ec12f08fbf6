//! The real documents in ../shared/corpus/ (when present): every card scans to completion with
//! a report that matches the schema. Run with `--nocapture` to print the verdict table.

mod common;

use openness::compare::ScanView;
use openness::render::{self, ScanFormat, Style};

#[test]
fn every_real_model_card_scans_to_a_valid_report() {
    let Some(dir) = common::corpus("cards") else {
        eprintln!("../shared/corpus/cards is absent; skipping");
        return;
    };
    let schema = common::report_schema();
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("README.md").is_file())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    assert!(
        entries.len() >= 40,
        "expected the corpus's 45 cards, found {}",
        entries.len()
    );
    println!("| model | level | OSAID 1.0 | MOF 1.0 | licenses |");
    println!("|---|---|---|---|---|");
    for e in entries {
        let card = e.path().join("README.md");
        let target = card.to_string_lossy().into_owned();
        let report =
            openness::scan(&target, &rubrics).unwrap_or_else(|err| panic!("{target}: {err}"));
        let json = render::scan(
            &ScanView::of_report(report.clone()),
            ScanFormat::Json,
            &Style::default(),
        )
        .unwrap();
        let again = render::scan(
            &ScanView::of_report(openness::scan(&target, &rubrics).unwrap()),
            ScanFormat::Json,
            &Style::default(),
        )
        .unwrap();
        assert_eq!(json, again, "{target}: not deterministic");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        common::assert_valid(&schema, &value, &target);
        render::scan(
            &ScanView::of_report(report.clone()),
            ScanFormat::Markdown,
            &Style::default(),
        )
        .unwrap();
        render::scan(
            &ScanView::of_report(report.clone()),
            ScanFormat::Terminal,
            &Style::default(),
        )
        .unwrap();
        let mut ids: Vec<String> = report
            .licenses
            .iter()
            .filter(|l| l.scope == openness::evidence::LicenseScope::Repository)
            .map(|l| l.id.clone())
            .collect();
        ids.dedup();
        println!(
            "| {} | {} | {} | {} | {} |",
            e.file_name().to_string_lossy().replacen("--", "/", 1),
            report.openness.level,
            common::summary(&report, "osaid-1.0"),
            common::summary(&report, "mof-1.0"),
            ids.join(", ")
        );
    }
}
