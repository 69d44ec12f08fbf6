//! Item 8 of the hardening issue (14): what a card holds costs a pass of it, never a walk per
//! item. 120,000 arXiv ids in a card took minutes and 10,000 links on one line five (a list
//! searched per id, the whole line lowercased and searched per link, the line rescanned from its
//! start per link); now each takes seconds, and what one card expands into is bounded: at most
//! 64 distinct papers, code repositories, datasets and base models are listed, the rest counted
//! and said (as a limit, or as unknown terms for base models), never dropped silently. Ordinary
//! cards keep every link. Temporary model directories; every scan is bounded in time far below
//! the old quadratic times, with room for a loaded machine.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use openness::component::Component;
use openness::evidence::{Evidence, Fact, LicenseOrigin};
use serde_json::Value;

#[path = "../support/fixture_arxiv.rs"]
mod fixture_arxiv;

use fixture_arxiv::FixtureArxiv;

/// Far below what the old code took on these cards (minutes in a debug build), far above what
/// they take now (seconds).
const LIMIT: Duration = Duration::from_secs(60);

/// The most distinct things of one kind a card is listed for.
const LISTED: usize = 64;

/// The README the tool reads whole (2 MiB): the cards here stay below it, so every id is read.
const READ_WHOLE: usize = 2 * 1024 * 1024;

fn model_dir(card: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("model.safetensors"), b"w").unwrap();
    std::fs::write(dir.path().join("README.md"), card).unwrap();
    dir
}

/// The evidence of a local model, and how long reading and extracting it took.
fn evidence(dir: &Path) -> (Evidence, Duration) {
    let started = Instant::now();
    let snapshot = openness::read(&dir.to_string_lossy()).unwrap();
    let ev = openness::extract(&snapshot);
    (ev, started.elapsed())
}

fn facts(ev: &Evidence, c: Component) -> &[Fact] {
    &ev.component(c).facts
}

fn claims_with<'a>(ev: &'a Evidence, c: Component, words: &str) -> Vec<&'a Fact> {
    facts(ev, c)
        .iter()
        .filter(|f| f.claim.contains(words))
        .collect()
}

/// `openness` with nothing from the environment, its caches in `home`.
fn openness(home: &Path) -> Command {
    let mut c = Command::cargo_bin("openness").unwrap();
    for (k, _) in std::env::vars() {
        if k.starts_with("HF_")
            || k.starts_with("OPENNESS_")
            || k.starts_with("GITHUB_")
            || k == "GH_TOKEN"
        {
            c.env_remove(k);
        }
    }
    c.env("HF_HOME", home.join("hf"))
        .env("HF_HUB_CACHE", home.join("hf/hub"))
        .env("OPENNESS_CACHE", home.join("openness"))
        .env("NO_COLOR", "1")
        .timeout(LIMIT);
    c
}

/// A card with the model's own paper (cited in its citation section) and then `n` more arXiv
/// ids, in prose (`arXiv:ID`), list items and Markdown links; the own paper is named again
/// among them.
fn arxiv_card(n: usize) -> String {
    let mut card = String::from(
        "---\nlicense: mit\n---\n# Model\n\nThis model is described in [our paper](https://arxiv.org/abs/2304.01373).\n\n## Citation\n\narXiv:2304.01373\n\n## Related work\n\n",
    );
    for i in 0..n {
        let id = format!("{}.{:05}", 2401 + i / 90_000, i % 90_000 + 1);
        match i % 200 {
            0 => card.push_str(&format!("\n- https://arxiv.org/abs/{id}\n")),
            1 => card.push_str(&format!("[p](https://arxiv.org/abs/{id})\n")),
            2 => card.push_str(&format!("arXiv:{id} and arXiv:2304.01373 ")),
            _ => card.push_str(&format!("arXiv:{id} ")),
        }
    }
    card.push('\n');
    card
}

#[test]
fn a_card_of_120000_arxiv_ids_is_read_in_one_pass_and_its_papers_are_bounded() {
    let card = arxiv_card(120_000);
    assert!(card.len() < READ_WHOLE, "{} bytes", card.len());
    let dir = model_dir(&card);
    let (ev, took) = evidence(dir.path());
    assert!(took < LIMIT, "{took:?}");
    // Each paper once, the model's own first; 64 listed and the other 119,937 counted.
    let papers = facts(&ev, Component::ResearchPaper);
    assert_eq!(papers.len(), LISTED, "{papers:#?}");
    let own = claims_with(&ev, Component::ResearchPaper, "arXiv:2304.01373 ");
    assert_eq!(own.len(), 1, "{own:#?}");
    assert_eq!(own[0].source.line, Some(6));
    assert!(
        ev.limits.contains(&format!(
            "the card links more papers than are listed from one card: the first {LISTED} are listed, the {} after them are not",
            120_001 - LISTED
        )),
        "{:#?}",
        ev.limits
    );

    // Followed: the model's own paper is read and found, at most 16 papers are asked for.
    let arxiv = FixtureArxiv::start("tests/fixtures/arxiv").unwrap();
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = openness(home.path())
        .env("OPENNESS_ARXIV_URL", arxiv.endpoint())
        .args(["scan", &dir.path().to_string_lossy()])
        .args(["--follow-links", "--format", "json"])
        .output()
        .unwrap();
    assert!(started.elapsed() < LIMIT);
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paper = v["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "research-paper")
        .unwrap();
    let first = paper["facts"][0]["claim"].as_str().unwrap();
    assert!(
        first.starts_with("paper arXiv:2304.01373 \"Pythia")
            && first.contains("the model's own (the card's citation section cites it)"),
        "{paper:#}"
    );
    assert_eq!(arxiv.requests_for("2304.01373"), 1);
    assert!(arxiv.total() <= 16, "{}", arxiv.total());
    let limits = v["limits"].to_string();
    assert!(
        limits.contains("the card links more papers than are listed"),
        "{limits}"
    );
}

#[test]
fn fifty_thousand_arxiv_ids_in_text_alone_are_read_in_one_pass() {
    let mut card = String::from("---\nlicense: mit\n---\n# M\n\n");
    for i in 0..50_000 {
        card.push_str(&format!("See arXiv:{:04}.{:05}.\n", 1001 + i % 1200, i));
    }
    let dir = model_dir(&card);
    let (ev, took) = evidence(dir.path());
    assert!(took < LIMIT, "{took:?}");
    let papers = facts(&ev, Component::ResearchPaper);
    assert_eq!(papers.len(), LISTED);
    assert!(
        papers
            .iter()
            .all(|f| f.claim.ends_with("is cited; its license was not checked"))
    );
    assert!(
        ev.limits
            .iter()
            .any(|l| l.contains(&format!("the {} after them", 50_000 - LISTED))),
        "{:#?}",
        ev.limits
    );
}

/// One line of `n` links: Markdown links, bare URLs, Hub datasets and GitHub repositories, with
/// the model's real dataset linked again every 10th link.
fn long_line(n: usize) -> String {
    let mut line = String::new();
    for i in 0..n {
        let link = match i % 10 {
            0 => "[again](https://huggingface.co/datasets/real/data)".to_string(),
            1 | 5 => format!("[l{i}](https://example.com/p/{i})"),
            2 | 6 => format!("https://example.org/x/{i}"),
            3 | 7 => format!("[d](https://huggingface.co/datasets/org{i}/name{i})"),
            _ => format!("https://github.com/org{i}/repo{i}"),
        };
        line.push_str(&link);
        line.push(' ');
    }
    line
}

#[test]
fn ten_thousand_links_on_one_line_are_read_in_one_pass_and_deduplicated() {
    let card = format!(
        "---\nlicense: mit\n---\n# Model\n\n## Training data\n\nTrained on [the data](https://huggingface.co/datasets/real/data).\n\nTraining code: https://github.com/real/train\n\n## Links\n\n{}\n",
        long_line(10_000)
    );
    let dir = model_dir(&card);
    let (ev, took) = evidence(dir.path());
    assert!(took < LIMIT, "{took:?}");
    // The real dataset: once for its own line, once (not 1,000 times) for the long one.
    let real = claims_with(&ev, Component::Datasets, "dataset real/data is linked");
    let lines: Vec<Option<u32>> = real.iter().map(|f| f.source.line).collect();
    assert_eq!(lines, [Some(8), Some(14)], "{real:#?}");
    // 64 distinct datasets (the real one and 63 of the line), 64 repositories; the rest counted.
    let datasets = facts(&ev, Component::Datasets);
    assert_eq!(datasets.len(), LISTED + 1, "{datasets:#?}");
    let distinct_datasets = 1 + 10_000 * 2 / 10;
    let distinct_repos = 1 + 10_000 * 3 / 10;
    for (what, n) in [
        ("Hub datasets", distinct_datasets),
        ("code repositories", distinct_repos),
    ] {
        let limit = format!(
            "the card links more {what} than are listed from one card: the first {LISTED} are listed, the {} after them are not",
            n - LISTED
        );
        assert!(ev.limits.contains(&limit), "{limit}\n{:#?}", ev.limits);
    }
    // The model's own training code keeps its role.
    assert_eq!(
        claims_with(
            &ev,
            Component::TrainingCode,
            "training code is linked at real/train"
        )
        .len(),
        1
    );

    // The whole scan, as the command line runs it.
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = openness(home.path())
        .env("HF_HUB_OFFLINE", "1")
        .args(["scan", &dir.path().to_string_lossy(), "--format", "json"])
        .output()
        .unwrap();
    assert!(started.elapsed() < LIMIT);
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["limits"].as_array().unwrap().len(), 2, "{}", v["limits"]);
}

#[test]
fn many_sections_and_links_and_base_model_mentions_cost_a_pass() {
    // 10,000 training-data sections, each linking a dataset: sections, their links and their
    // parents are found by search, not by a walk per section.
    // First, one line naming a base model 10,000 times.
    let mut card = format!(
        "---\nlicense: mit\n---\n# Model\n\n{}\n\n",
        "Fine-tuned from llama-2 with care. ".repeat(10_000)
    );
    for i in 0..10_000 {
        card.push_str(&format!(
            "## Training data\n\nTrained on [d](https://huggingface.co/datasets/o/d{i}), human-annotated.\n\n"
        ));
    }
    assert!(card.len() < READ_WHOLE, "{} bytes", card.len());
    let dir = model_dir(&card);
    let (ev, took) = evidence(dir.path());
    assert!(took < LIMIT, "{took:?}");
    assert_eq!(facts(&ev, Component::Datasets).len(), LISTED);
    assert!(
        ev.licenses
            .iter()
            .any(|l| l.origin == LicenseOrigin::BaseModelFamily && l.declared.contains("Llama 2")),
        "{:#?}",
        ev.licenses
    );
    let labelling = &ev.data_information[&openness::evidence::DataInfo::LabelingProcedures];
    assert!(!labelling.facts.is_empty(), "{labelling:#?}");
}

#[test]
fn metadata_lists_are_bounded_and_the_rest_is_said() {
    // 20,000 base models (and one named twice): 64 are listed, the terms of the rest unknown.
    let mut card = String::from("---\nlicense: apache-2.0\nbase_model:\n- org/m0\n");
    for i in 0..20_000 {
        card.push_str(&format!("- org/m{i}\n"));
    }
    card.push_str("datasets:\n");
    for i in 0..50_000 {
        card.push_str(&format!("- org/d{i}\n"));
    }
    card.push_str("---\n# M\n");
    let dir = model_dir(&card);
    let (ev, took) = evidence(dir.path());
    assert!(took < LIMIT, "{took:?}");
    assert_eq!(ev.lineage.len(), LISTED);
    let more: Vec<_> = ev
        .licenses
        .iter()
        .filter(|l| l.declared == format!("{} more base models", 20_000 - LISTED))
        .collect();
    assert_eq!(more.len(), 1, "{:#?}", ev.licenses);
    assert_eq!(more[0].facts.id, openness::license::NOASSERTION);
    assert!(more[0].notes[0].contains("more than 64 distinct base models"));
    // The weights carry those unknown terms: never more open by omission.
    let weights = ev.component(Component::ModelParametersFinal);
    assert!(
        weights
            .licenses
            .iter()
            .any(|&i| ev.licenses[i].declared == more[0].declared)
    );

    let named = claims_with(&ev, Component::Datasets, "is named in the metadata");
    assert_eq!(named.len(), LISTED);
    assert!(ev.limits.contains(&format!(
        "the card's metadata names more datasets than are listed from one card: the first {LISTED} are listed, the {} after them are not",
        50_000 - LISTED
    )));
    let provenance = &ev.data_information[&openness::evidence::DataInfo::TrainingDataProvenance];
    assert!(
        provenance.facts[0]
            .claim
            .ends_with(&format!("org/d63 and {} more", 50_000 - LISTED)),
        "{}",
        &provenance.facts[0].claim[..200]
    );
}

#[test]
fn an_ordinary_card_keeps_all_its_links() {
    let mut card = String::from(
        "---\nlicense: apache-2.0\nbase_model:\n- org/base-a\n- org/base-b\ndatasets:\n- org/data-a\n- org/data-b\n---\n# Model\n\n## Training\n\n",
    );
    for i in 0..30 {
        card.push_str(&format!(
            "- Paper {i}: [paper](https://arxiv.org/abs/2301.{:05}), training code at https://github.com/lab/train-{i}\n",
            i + 1
        ));
    }
    for i in 0..20 {
        card.push_str(&format!(
            "Trained on [data {i}](https://huggingface.co/datasets/lab/set-{i}), also arXiv:2302.{:05}.\n",
            i + 1
        ));
    }
    // The same paper again and again: one fact.
    card.push_str(&"arXiv:2301.00001 ".repeat(50));
    card.push('\n');
    let dir = model_dir(&card);
    let (ev, _) = evidence(dir.path());
    assert!(ev.limits.is_empty(), "{:#?}", ev.limits);
    assert_eq!(facts(&ev, Component::ResearchPaper).len(), 50);
    assert_eq!(
        claims_with(&ev, Component::TrainingCode, "training code is linked at").len(),
        30
    );
    // 20 linked datasets and 2 named in the metadata.
    assert_eq!(facts(&ev, Component::Datasets).len(), 22);
    assert_eq!(ev.lineage.len(), 2);
    assert!(
        !ev.licenses
            .iter()
            .any(|l| l.declared.contains("more base models"))
    );
}

#[test]
fn the_bound_is_on_distinct_papers_exactly() {
    for (n, more) in [(LISTED, 0), (LISTED + 1, 1)] {
        let mut card = String::from("---\nlicense: mit\n---\n# M\n\n");
        for i in 0..n {
            // Each paper twice: repeats are not counted.
            card.push_str(&format!(
                "arXiv:2305.{:05} arXiv:2305.{:05}\n",
                i + 1,
                i + 1
            ));
        }
        let dir = model_dir(&card);
        let (ev, _) = evidence(dir.path());
        assert_eq!(facts(&ev, Component::ResearchPaper).len(), LISTED);
        let said = ev
            .limits
            .iter()
            .filter(|l| l.contains("more papers"))
            .count();
        assert_eq!(said, more, "{n}: {:#?}", ev.limits);
        if more > 0 {
            assert!(
                ev.limits
                    .iter()
                    .any(|l| l.ends_with("the 1 after them are not"))
            );
        }
    }
}

#[test]
fn license_lines_in_the_text_are_read_in_one_pass_and_bounded() {
    let text_statements = |ev: &Evidence| -> Vec<(String, String)> {
        ev.licenses
            .iter()
            .filter(|l| l.origin == LicenseOrigin::CardText)
            .map(|l| (l.declared.clone(), l.facts.id.clone()))
            .collect()
    };
    // No license in the metadata: the text's license lines are read, 20,000 of them, none
    // of a license the catalog knows: 16 are listed, the rest are unknown terms.
    let mut card = String::from("# M\n\n");
    for i in 0..20_000 {
        card.push_str(&format!("License: custom terms number {i}\n"));
    }
    let dir = model_dir(&card);
    let (ev, took) = evidence(dir.path());
    assert!(took < LIMIT, "{took:?}");
    let stated = text_statements(&ev);
    assert_eq!(stated.len(), 17, "{stated:#?}");
    assert_eq!(stated[15].0, "custom terms number 15");
    let more = ev
        .licenses
        .iter()
        .find(|l| l.declared == "19984 more licenses")
        .unwrap();
    assert_eq!(more.facts.id, openness::license::NOASSERTION);
    assert_eq!(more.source.line, Some(19));
    assert!(more.notes[0].contains("more than 16 licenses this catalog does not know"));
    assert_ne!(
        ev.component(Component::ModelParametersFinal).licenses.len(),
        0
    );

    // With 20,000 lines naming MIT among them, MIT is the statement, read once, as before.
    let mut card = String::from("# M\n\n");
    for i in 0..10_000 {
        card.push_str(&format!(
            "License: custom terms number {i}\nLicense: [MIT](https://opensource.org/licenses/MIT) {i}\n"
        ));
    }
    let dir = model_dir(&card);
    let (ev, took) = evidence(dir.path());
    assert!(took < LIMIT, "{took:?}");
    let stated = text_statements(&ev);
    assert_eq!(stated.len(), 1, "{stated:#?}");
    assert_eq!(stated[0].1, "MIT");

    // A few license lines: every one is kept, nothing is said of a bound.
    let card = "# M\n\nLicense: custom terms A\nLicense: custom terms B\nLicense: custom terms A\n";
    let dir = model_dir(card);
    let (ev, _) = evidence(dir.path());
    let declared: Vec<String> = text_statements(&ev).into_iter().map(|(d, _)| d).collect();
    assert_eq!(
        declared,
        ["custom terms A", "custom terms B", "custom terms A"],
        "{:#?}",
        ev.licenses
    );
}
