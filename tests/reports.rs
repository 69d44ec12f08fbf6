//! Snapshot tests of the reports: the JSON contract, Markdown and the terminal table. Review
//! changes with `cargo insta review` (or set INSTA_UPDATE=always and read the diff).

mod common;

use openness::compare::ScanView;
use openness::render::{self, ScanFormat, Style};

fn rendered(name: &str, format: ScanFormat) -> String {
    let report = common::scan(&common::fixture(name));
    render::scan(&ScanView::of_report(report), format, &Style::default()).unwrap()
}

macro_rules! snapshot {
    ($test:ident, $fixture:literal, $format:expr, $ext:literal) => {
        #[test]
        fn $test() {
            let text = rendered($fixture, $format);
            insta::with_settings!({prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(concat!($fixture, ".", $ext), text);
            });
        }
    };
}

snapshot!(
    json_open_research_model,
    "open-research-model",
    ScanFormat::Json,
    "json"
);
snapshot!(
    json_llama_licensed,
    "llama-licensed",
    ScanFormat::Json,
    "json"
);
snapshot!(
    json_malformed_front_matter,
    "malformed-front-matter",
    ScanFormat::Json,
    "json"
);
snapshot!(
    markdown_open_research_model,
    "open-research-model",
    ScanFormat::Markdown,
    "md"
);
snapshot!(
    markdown_license_conflict,
    "license-conflict",
    ScanFormat::Markdown,
    "md"
);
snapshot!(
    terminal_apache_weights_only,
    "apache-weights-only",
    ScanFormat::Terminal,
    "txt"
);

#[test]
fn every_fixture_report_matches_the_schema() {
    let schema = common::report_schema();
    for entry in std::fs::read_dir("tests/fixtures").unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "hf-cache" || !entry.path().is_dir() {
            continue;
        }
        let json = rendered(&name, ScanFormat::Json);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        common::assert_valid(&schema, &value, &name);
    }
}

#[test]
fn card_text_cannot_inject_markup_into_markdown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "---\nlicense: \"<script>alert(1)</script>\"\nbase_model: \"[x](javascript:alert(1))\"\n---\n\n# <img src=x onerror=alert(1)>\n",
    )
    .unwrap();
    let report = common::scan(dir.path().to_str().unwrap());
    let md = render::scan(
        &ScanView::of_report(report.clone()),
        ScanFormat::Markdown,
        &Style::default(),
    )
    .unwrap();
    assert!(!md.contains("<script>"), "{md}");
    // Brackets are escaped, so no link can form.
    for (i, _) in md.match_indices("](javascript:") {
        assert_eq!(&md[i - 1..i], "\\", "{md}");
    }
    assert!(md.contains("&lt;script&gt;"));
}
