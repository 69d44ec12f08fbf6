//! The fuzz targets: one function per parser of untrusted input, each taking raw bytes the way the
//! tool receives them and driving the parser through the library's public entry points, then
//! through everything downstream that reads the parsed result (extraction, assessment, rendering).
//! A target returns whether the input was accepted; rejecting it is a clean outcome, a panic is not.
//!
//! Shared by the stable harness (`tests/fuzz.rs`, seeds in `tests/fuzz/<target>/`) and the
//! cargo-fuzz targets (`fuzz/fuzz_targets/<target>.rs`).

use std::sync::OnceLock;

use openness::compare::ScanView;
use openness::license::Catalog;
use openness::policy::{Date, Policy};
use openness::render::{self, ScanFormat, Style};
use openness::rubric::Rubric;
use openness::snapshot::{
    DatasetSnapshot, Listing, RepoFile, Snapshot, Target, TextContent, TextFile,
};
use openness::source::hub::api::{Refs, RepoInfo};
use openness::source::{local, manifest};
use openness::{Evidence, Report};

/// What a target made of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The parser accepted the input (and everything downstream ran).
    Accepted,
    /// The parser refused it with an error (or the tool would: not text, say), and why.
    Rejected(String),
}

/// A target: raw bytes in, what the parser made of them out.
pub type FuzzTarget = fn(&[u8]) -> Outcome;

/// Every target, by name (the name of its seed folder and of its cargo-fuzz target).
pub const TARGETS: [(&str, FuzzTarget); 7] = [
    ("card", card),
    ("license_expression", license_expression),
    ("license_text", license_text),
    ("rubric", rubric),
    ("policy", policy),
    ("mot_manifest", mot_manifest),
    ("hub_json", hub_json),
];

/// A model card (README.md): front matter, sections, links, then the whole extraction and every
/// report format. The same text is also read as the card of a dataset the model names.
pub fn card(data: &[u8]) -> Outcome {
    let cap = local::read_cap("README.md").expect("README.md is read");
    let content = local::decode(data.to_vec(), cap);
    let accepted = match content.text() {
        Some(text) => {
            let card = openness::extract::card::parse(text);
            let fm = &card.front_matter;
            for key in [
                "license",
                "license_name",
                "license_link",
                "base_model",
                "datasets",
            ] {
                let _ = (fm.strings(key), fm.string(key), fm.line(key));
            }
            for s in &card.sections {
                let _ = (card.section_words(s), card.section_lines(s).count());
            }
            let _ = card.body_lines().count();
            Outcome::Accepted
        }
        None => Outcome::Rejected("not text".into()),
    };
    let mut snap = model_snapshot("fuzz/card", Listing::Complete);
    snap.texts.push(TextFile {
        path: "README.md".into(),
        size: Some(data.len() as u64),
        content: content.clone(),
    });
    snap.datasets.push(DatasetSnapshot {
        id: "fuzz/data".into(),
        metadata: None,
        card: Some(TextFile {
            path: "README.md".into(),
            size: Some(data.len() as u64),
            content,
        }),
        error: None,
    });
    snap.normalize();
    let evidence = openness::extract(&snap);
    render_all(report(&evidence, rubrics()), &evidence);
    accepted
}

/// A declared license: a card's `license:` value, an SPDX expression, a Hub id, a license name.
pub fn license_expression(data: &[u8]) -> Outcome {
    let declared = String::from_utf8_lossy(data);
    let catalog = Catalog::builtin();
    let resolved = catalog.resolve(&declared);
    let _ = openness::license::names::read_name(&declared);
    let _ = openness::license::link_key(&declared);
    let _ = catalog.resolve_link(&declared);
    let _ = openness::license::hub_target(&declared);
    let _ = resolved.facts.is_open();
    match resolved.resolution {
        openness::license::Resolution::Unresolved => {
            Outcome::Rejected(resolved.warning.unwrap_or_default())
        }
        _ => Outcome::Accepted,
    }
}

/// A license file's text: identification (fingerprints, SPDX texts, modified and custom
/// licenses) and the clause reader.
pub fn license_text(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let report = openness::license::identify::identify_all(Catalog::builtin(), &text);
    let _ = openness::license::clauses::read_clauses(&text);
    let _ = openness::license::identify::looks_like_license(&text);
    match report.primary() {
        Some(_) => Outcome::Accepted,
        None => Outcome::Rejected("no license identified".into()),
    }
}

/// A user rubric file; an accepted one then judges a reference model and is rendered.
pub fn rubric(data: &[u8]) -> Outcome {
    let Some(text) = user_file_text(data) else {
        return Outcome::Rejected("not UTF-8 text".into());
    };
    match Rubric::parse(&text, "fuzz-rubric.yaml") {
        Ok(r) => {
            let _ = openness::rubric::load(&r.id);
            let listed = render::rubric_list(std::slice::from_ref(&r), render::ListFormat::Json);
            let _ = listed.expect("a rubric lists");
            for c in &r.criteria {
                let _ = (r.checks(c), render::explain(&r, c));
            }
            let _ = report(&reference().0, &[r]);
            Outcome::Accepted
        }
        Err(e) => Outcome::Rejected(e.to_string()),
    }
}

/// A policy file; an accepted one then decides on the reference model.
pub fn policy(data: &[u8]) -> Outcome {
    let Some(text) = user_file_text(data) else {
        return Outcome::Rejected("not UTF-8 text".into());
    };
    match Policy::parse(&text, "fuzz-policy.yaml") {
        Ok(p) => {
            let today = Date::new(2025, 6, 1).expect("a valid date");
            for target in ["fuzz/reference", "org/other-model", ""] {
                let mut verdict = openness::policy::decide(&p, &reference().1, target, today);
                verdict.settle();
                let _ = verdict.warnings();
                let _ = verdict
                    .rules
                    .iter()
                    .filter(|r| r.fails() || r.warns())
                    .count();
            }
            for rule in &p.rules {
                let _ = rule.requirement.describe();
            }
            Outcome::Accepted
        }
        Err(e) => Outcome::Rejected(e.to_string()),
    }
}

/// A MOT manifest (YAML); an accepted one is scanned like `openness scan FILE.yml`, and the
/// manifest the tool writes from that scan must read back.
pub fn mot_manifest(data: &[u8]) -> Outcome {
    let Some(text) = user_file_text(data) else {
        return Outcome::Rejected("not UTF-8 text".into());
    };
    match manifest::from_text(&text, "fuzz-manifest.yml") {
        Ok(snap) => {
            let evidence = openness::extract(&snap);
            let written = render_all(report(&evidence, rubrics()), &evidence);
            if let Some(written) = written
                && let Err(e) = manifest::parse(&written, "written.yml")
            {
                panic!("the manifest written from a scan does not read back: {e}\n{written}");
            }
            Outcome::Accepted
        }
        Err(e) => Outcome::Rejected(e.to_string()),
    }
}

/// The Hub's answers: model info (`/api/models/ID`, with its file list in `siblings` and the
/// parsed card in `cardData`) and the branch list (`/refs`), and the repository's `config.json`.
/// Accepted model info is turned into a snapshot as the Hub source does, then extracted.
pub fn hub_json(data: &[u8]) -> Outcome {
    let _ = serde_json::from_slice::<Refs>(data).map(|r| r.branches.len() + r.tags.len());
    let info = match serde_json::from_slice::<RepoInfo>(data) {
        Ok(info) => info,
        Err(e) => return Outcome::Rejected(e.to_string()),
    };
    let _ = (info.gating(), info.base_models(), info.datasets());
    let listing = match info.siblings {
        Some(_) => Listing::Complete,
        None => Listing::Partial,
    };
    let id = info.id.clone().unwrap_or_else(|| "fuzz/hub".into());
    let mut snap = Snapshot::new(
        Target {
            source: "hub".into(),
            id: id.clone(),
            revision: info.sha.clone(),
        },
        openness::source::hub::repo_meta(&id, info.sha.as_deref()),
        listing,
    );
    snap.files = info.files();
    snap.metadata = Some(info.metadata(false));
    snap.texts.push(TextFile {
        path: "config.json".into(),
        size: Some(data.len() as u64),
        content: local::decode(data.to_vec(), local::read_cap("config.json").unwrap_or(0)),
    });
    snap.normalize();
    let evidence = openness::extract(&snap);
    render_all(report(&evidence, rubrics()), &evidence);
    Outcome::Accepted
}

/// A file the user names, as the tool reads it: UTF-8 with an optional BOM, within the YAML cap.
fn user_file_text(data: &[u8]) -> Option<String> {
    if data.len() > openness::yaml::MAX_YAML_BYTES {
        return None;
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    String::from_utf8(data.to_vec()).ok()
}

fn rubrics() -> &'static [Rubric] {
    static RUBRICS: OnceLock<Vec<Rubric>> = OnceLock::new();
    RUBRICS.get_or_init(|| openness::rubric::builtins().expect("built-in rubrics load"))
}

fn report(evidence: &Evidence, rubrics: &[Rubric]) -> Option<Report> {
    Report::build(evidence, rubrics).ok()
}

/// Render a report in every scan format; the MOT manifest written, when there is one.
fn render_all(report: Option<Report>, evidence: &Evidence) -> Option<String> {
    let view = ScanView::new(report?, evidence);
    let mut mot = None;
    for format in [
        ScanFormat::Terminal,
        ScanFormat::Json,
        ScanFormat::Markdown,
        ScanFormat::Html,
        ScanFormat::Mot,
    ] {
        let style = Style {
            color: format == ScanFormat::Terminal,
            width: Some(60),
            base: None,
        };
        let out = render::scan(&view, format, &style);
        if format == ScanFormat::Mot {
            mot = out.ok();
        }
    }
    mot
}

/// An empty model snapshot with a few typical files.
fn model_snapshot(id: &str, listing: Listing) -> Snapshot {
    let mut snap = Snapshot::new(
        Target {
            source: "local".into(),
            id: id.into(),
            revision: None,
        },
        local::repo_meta(id, true),
        listing,
    );
    for (path, size) in [
        ("model.safetensors", 50_000_000),
        ("config.json", 600),
        ("train.py", 4_000),
        ("LICENSE", 11_000),
    ] {
        snap.files.push(RepoFile {
            path: path.into(),
            size: Some(size),
        });
    }
    snap
}

/// A reference model (an Apache-2.0 card with weights and code), its evidence and its report with
/// the built-in rubrics: what rubrics and policies are tried on.
fn reference() -> &'static (Evidence, Report) {
    static REFERENCE: OnceLock<(Evidence, Report)> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let mut snap = model_snapshot("fuzz/reference", Listing::Complete);
        let card = "---\nlicense: apache-2.0\ndatasets:\n- fuzz/data\n---\n# Reference\n\n\
                    ## Training data\n\nA public corpus.\n\n## Training procedure\n\nSee `train.py`.\n";
        snap.texts.push(TextFile {
            path: "README.md".into(),
            size: Some(card.len() as u64),
            content: TextContent::text_of(card),
        });
        snap.normalize();
        let evidence = openness::extract(&snap);
        let report = Report::build(&evidence, rubrics()).expect("the reference model is assessed");
        (evidence, report)
    })
}
