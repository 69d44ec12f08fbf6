//! Judging OSAID and MOF from what a card's links hold (issue 13): the code of the model's own
//! repositories (from their trees, under their own licenses read by the engine), the papers it
//! cites (their archive's license), the data cards of its datasets, and Unknown for what could
//! not be read. Hand-made Hub models against the fixture servers on 127.0.0.1, and the twelve
//! models of OSI's 2024 validation with their real cards (when the corpus is beside the project).

mod common;
#[path = "support/fixture_arxiv.rs"]
mod fixture_arxiv;
#[path = "support/fixture_github.rs"]
mod fixture_github;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::path::Path;
use std::time::Duration;

use fixture_arxiv::FixtureArxiv;
use fixture_github::FixtureGithub;
use fixture_hub::FixtureHub;
use openness::assess::Outcome;
use openness::component::Component;
use openness::evidence::{Availability, Evidence};
use openness::level::Level;
use openness::report::Report;
use openness::source::arxiv::{ArxivClient, ArxivConfig};
use openness::source::github::{GithubClient, GithubConfig};
use openness::source::hub::{HubClient, HubConfig};
use openness::source::{self, Context, Follow, FollowMode, TargetSpec};

/// The three fixture servers, the GitHub one over `github_root`.
struct Servers {
    hub: FixtureHub,
    github: FixtureGithub,
    arxiv: FixtureArxiv,
}

impl Servers {
    fn start(hub_root: &Path, github_root: &Path) -> Servers {
        Servers {
            hub: FixtureHub::start(hub_root).unwrap(),
            github: FixtureGithub::start(github_root).unwrap(),
            arxiv: FixtureArxiv::start("tests/fixtures/arxiv").unwrap(),
        }
    }

    fn context(&self, cache: &Path, follow: Follow) -> Context {
        let mut hub = HubConfig::new(&self.hub.endpoint());
        hub.cache_dir = Some(cache.join("hub"));
        hub.retry.sleep_cap = Some(Duration::from_millis(10));
        let mut gh = GithubConfig::new(&self.github.endpoint());
        gh.cache_root = Some(cache.join("openness"));
        gh.retry.sleep_cap = Some(Duration::from_millis(10));
        let mut ax = ArxivConfig::new(&self.arxiv.endpoint());
        ax.cache_root = Some(cache.join("openness"));
        ax.retry.sleep_cap = Some(Duration::from_millis(10));
        Context::new(false)
            .with_follow(follow)
            .with_shared("hub", HubClient::new(hub).unwrap())
            .with_shared("github", GithubClient::new(gh).unwrap())
            .with_shared("arxiv", ArxivClient::new(ax).unwrap())
    }
}

fn evidence(ctx: &Context, target: &str) -> Evidence {
    let spec = TargetSpec::parse(target).unwrap();
    let read = source::read_with(&spec, ctx).unwrap_or_else(|e| panic!("{target}: {e}"));
    openness::extract(&read.snapshot)
}

fn report(ev: &Evidence) -> Report {
    let rubrics = openness::rubric::default_rubrics().unwrap();
    Report::build(ev, &rubrics).unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A Hub model: its card and a weights file.
fn hub_model(root: &Path, id: &str, card: &str) {
    let m = root.join("models").join(id);
    write(&m.join("files/README.md"), card);
    write(
        &m.join("repo.json"),
        r#"{"siblings": [{"rfilename": "model.safetensors", "size": 1000}]}"#,
    );
}

/// A GitHub repository: `license` as GitHub reports it, and its files.
fn gh_repo(root: &Path, id: &str, license: Option<&str>, files: &[(&str, &str)]) {
    let r = root.join(id);
    let license = license
        .map(|l| format!("\"{l}\""))
        .unwrap_or_else(|| "null".into());
    write(
        &r.join("repo.json"),
        &format!(
            r#"{{"default_branch": "main", "license": {license}, "refs": {{"main": {{"sha": "0123456789abcdef0123456789abcdef01234567", "date": "2024-01-01T00:00:00Z"}}}}}}"#
        ),
    );
    for (path, text) in files {
        write(&r.join("files").join(path), text);
    }
}

fn mit() -> String {
    spdx::text::LICENSE_TEXTS
        .iter()
        .find(|(id, _)| *id == "MIT")
        .map(|(_, t)| {
            t.replace("<year>", "2024")
                .replace("<copyright holders>", "Acme")
        })
        .unwrap()
}

const README: &str = "# Code\n\nThe code of the acme-lm models.\n\n\
- Pre-training and fine-tuning: `tools/launch.py`.\n\
- Prepares the training data in shards (`tools/make_shards.py`).\n";

/// A hub with one model per card, a GitHub root with the repositories the cards link.
fn setup(cards: &[(&str, &str)]) -> (tempfile::TempDir, tempfile::TempDir) {
    let hub = tempfile::tempdir().unwrap();
    for (id, card) in cards {
        hub_model(hub.path(), id, card);
    }
    let gh = tempfile::tempdir().unwrap();
    let g = gh.path();
    gh_repo(
        g,
        "acme/acme-lm",
        Some("MIT"),
        &[
            ("LICENSE", &mit()),
            ("README.md", README),
            ("scripts/train.py", "# train\n"),
            ("configs/acme-lm-1b.yaml", "lr: 3e-4\n"),
            ("data/preprocess.py", "# dedup and filter\n"),
            ("eval/run_eval.py", "# eval\n"),
            ("generate.py", "# inference\n"),
            ("tools/launch.py", "# the training entry point\n"),
            ("tools/make_shards.py", "# shards\n"),
        ],
    );
    // Another project's repository with training code, linked only as a comparison.
    gh_repo(
        g,
        "other-lab/other-model",
        Some("Apache-2.0"),
        &[
            ("README.md", "# Other model\n\nA different model.\n"),
            ("train.py", "# train\n"),
        ],
    );
    // A repository whose license file is a restrictive model license GitHub cannot name.
    gh_repo(
        g,
        "acme/acme-lm-inference",
        Some("NOASSERTION"),
        &[
            (
                "LICENSE",
                "ACME MODEL LICENSE\n\nYou may use the Software for non-commercial research purposes only. Commercial use is prohibited.\n",
            ),
            ("README.md", README),
            ("inference/run.py", "# inference\n"),
        ],
    );
    (hub, gh)
}

const OWN: &str = "---\nlicense: apache-2.0\n---\n# acme-lm-1b\n\n\
Training code: https://github.com/acme/acme-lm\n\n\
Compared with [other-model](https://github.com/other-lab/other-model).\n\n\
Paper: https://arxiv.org/abs/2304.01373\n\n## Citation\n\nPlease cite arXiv:2304.01373.\n";

#[test]
fn code_in_a_linked_repository_counts_under_that_repositorys_license() {
    let (hub, gh) = setup(&[("acme/acme-lm-1b", OWN)]);
    let s = Servers::start(hub.path(), gh.path());
    let cache = tempfile::tempdir().unwrap();
    let ctx = s.context(cache.path(), Follow::default());
    let ev = evidence(&ctx, "hf:acme/acme-lm-1b");
    for c in [
        Component::TrainingCode,
        Component::DataPreprocessingCode,
        Component::EvaluationCode,
        Component::InferenceCode,
    ] {
        let ce = ev.component(c);
        assert_eq!(ce.availability, Availability::Linked, "{c:?}: {ce:#?}");
        // Each finding cites OWNER/NAME@SHA:PATH.
        assert!(
            ce.facts.iter().any(|f| f
                .source
                .file
                .as_deref()
                .is_some_and(|p| p.starts_with("acme/acme-lm@0123456:"))),
            "{c:?}: {:#?}",
            ce.facts
        );
        let governing: Vec<&str> = ev.governing(c).map(|l| l.facts.id.as_str()).collect();
        assert!(governing.contains(&"MIT"), "{c:?}: {governing:?}");
    }
    let training = ev.component(Component::TrainingCode);
    assert!(
        training
            .facts
            .iter()
            .any(|f| f.source.file.as_deref() == Some("acme/acme-lm@0123456:scripts/train.py")),
        "{:#?}",
        training.facts
    );
    // The README says what a file is; "the training data" is not training code.
    let cited = |path: &str| training.facts.iter().any(|f| f.claim.contains(path));
    assert!(cited("tools/launch.py"), "{:#?}", training.facts);
    assert!(!cited("tools/make_shards.py"), "{:#?}", training.facts);
    // Another project's repository is read but not counted, and says so.
    assert!(
        !training
            .facts
            .iter()
            .any(|f| f.claim.contains("other-lab/other-model")
                && f.strength != openness::evidence::Strength::Mentioned),
        "{:#?}",
        training.facts
    );
    assert!(
        ev.limits
            .iter()
            .any(|l| l.starts_with("other-lab/other-model: read but not counted")),
        "{:?}",
        ev.limits
    );
    // The model's own paper, under CC BY 4.0 as arXiv gives it: MOF's research paper is open.
    let r = report(&ev);
    assert_eq!(
        common::outcome(&r, "osaid-1.0", "code/training"),
        Outcome::Met
    );
    let paper: Vec<&str> = ev
        .governing(Component::ResearchPaper)
        .map(|l| l.facts.id.as_str())
        .collect();
    assert_eq!(
        paper,
        ["CC-BY-4.0"],
        "{:#?}",
        ev.component(Component::ResearchPaper)
    );
    assert_eq!(
        common::outcome(&r, "mof-1.0", "research-paper"),
        Outcome::Met
    );
}

#[test]
fn a_license_the_host_cannot_name_is_read_by_the_engine() {
    let card = "---\nlicense: apache-2.0\n---\n# acme-lm-chat\n\n\
Inference code: https://github.com/acme/acme-lm-inference\n";
    let (hub, gh) = setup(&[("acme/acme-lm-chat", card)]);
    let s = Servers::start(hub.path(), gh.path());
    let cache = tempfile::tempdir().unwrap();
    let ctx = s.context(cache.path(), Follow::default());
    let ev = evidence(&ctx, "hf:acme/acme-lm-chat");
    let governing: Vec<_> = ev.governing(Component::InferenceCode).collect();
    assert!(!governing.is_empty());
    assert!(
        governing
            .iter()
            .all(|l| l.facts.grants_freedoms() == Some(false)),
        "{governing:#?}"
    );
    assert!(
        governing.iter().any(|l| l
            .notes
            .iter()
            .any(|n| n.contains("host reports NOASSERTION"))),
        "{governing:#?}"
    );
    let r = report(&ev);
    assert_eq!(
        common::outcome(&r, "osaid-1.0", "code/inference"),
        Outcome::NotMet
    );
}

#[test]
fn found_nowhere_is_not_met_and_not_followed_is_unknown() {
    let card = "---\nlicense: apache-2.0\n---\n# acme-lm-tiny\n\n\
Trained with our own code, which is not public. Compared with \
[other-model](https://github.com/other-lab/other-model) and \
[a private repository](https://github.com/acme/gone).\n";
    let (hub, gh) = setup(&[("acme/acme-lm-tiny", card)]);
    let s = Servers::start(hub.path(), gh.path());
    let cache = tempfile::tempdir().unwrap();
    // Followed: the other project's code does not count, the missing repository holds nothing
    // published: training code is not found, and the note says where the tool looked.
    let ctx = s.context(cache.path(), Follow::default());
    let ev = evidence(&ctx, "hf:acme/acme-lm-tiny");
    let training = ev.component(Component::TrainingCode);
    assert_eq!(
        training.availability,
        Availability::NotFound,
        "{training:#?}"
    );
    let note = training.note.as_deref().unwrap_or_default();
    assert!(note.contains("the model card"), "{note}");
    let r = report(&ev);
    assert_eq!(
        common::outcome(&r, "osaid-1.0", "code/training"),
        Outcome::NotMet
    );
    // Not followed: what the linked repositories hold is unknown, with the reason.
    let ctx = s.context(
        cache.path(),
        Follow {
            mode: FollowMode::Never,
            ..Follow::default()
        },
    );
    let ev = evidence(&ctx, "hf:acme/acme-lm-tiny");
    let r = report(&ev);
    let finding = r.rubrics["osaid-1.0"].finding("code/training").unwrap();
    assert_eq!(finding.outcome, Outcome::Unknown);
    assert!(
        finding.reason.contains("not followed"),
        "{}",
        finding.reason
    );
    assert!(
        finding.reason.contains("other-lab/other-model"),
        "{}",
        finding.reason
    );
    // A component the card does not link at all is unknown too: a repository it links could
    // hold it.
    let eval = ev.component(Component::EvaluationCode);
    assert_eq!(eval.availability, Availability::Unknown, "{eval:#?}");
    assert!(
        eval.note
            .as_deref()
            .unwrap_or_default()
            .contains("not followed")
    );
}

#[test]
fn a_data_card_and_a_paper_under_arxivs_license() {
    let card = "---\nlicense: apache-2.0\ndatasets:\n- allenai/dolma\n---\n# acme-lm-2b\n\n\
Training code: https://github.com/acme/acme-lm\n\n\
Architecture from Megatron-LM (arXiv:1909.08053).\n\n\
## Citation\n\n```\n@article{acme, journal={arXiv preprint arXiv:1910.10683}}\n```\n";
    let (hub, gh) = setup(&[("acme/acme-lm-2b", card)]);
    let datasets = Path::new("tests/fixtures/hub/datasets/allenai/dolma");
    copy_dir(datasets, &hub.path().join("datasets/allenai/dolma"));
    let s = Servers::start(hub.path(), gh.path());
    let cache = tempfile::tempdir().unwrap();
    let ctx = s.context(cache.path(), Follow::default());
    let ev = evidence(&ctx, "hf:acme/acme-lm-2b");
    // The data card describes the data's scope, sources and processing; the card does not.
    let r = report(&ev);
    for item in [
        "data-information/training-data-scope",
        "data-information/data-filtering",
    ] {
        assert_eq!(
            common::outcome(&r, "osaid-1.0", item),
            Outcome::Met,
            "{item}"
        );
    }
    let scope = &ev.data_information[&openness::evidence::DataInfo::TrainingDataScope];
    assert!(
        scope
            .facts
            .iter()
            .any(|f| f.source.file.as_deref() == Some("datasets/allenai/dolma/README.md")),
        "{scope:#?}"
    );
    // The paper its citation section cites is its own, under arXiv's license: not open. The
    // Megatron-LM paper it only mentions is not its paper.
    let paper: Vec<&str> = ev
        .governing(Component::ResearchPaper)
        .map(|l| l.facts.id.as_str())
        .collect();
    assert_eq!(paper, ["LicenseRef-arxiv-nonexclusive-distrib-1.0"]);
    assert_eq!(
        common::outcome(&r, "mof-1.0", "research-paper"),
        Outcome::NotMet
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// OSI's 2024 validation: five conformant, seven not.

const OSI_OPEN: [&str; 5] = [
    "EleutherAI/pythia-1b",
    "allenai/OLMo-7B",
    "LLM360/Amber",
    "LLM360/Crystal",
    "google-t5/t5-base",
];

#[test]
fn the_osi_validated_models_come_out_as_the_osi_judged_them() {
    let Some(cards) = common::corpus("cards") else {
        eprintln!("the corpus is not here: the OSI validation models are not checked");
        return;
    };
    let hub = tempfile::tempdir().unwrap();
    let fixtures = Path::new("tests/fixtures/osi-validation");
    let mut ids = Vec::new();
    for e in std::fs::read_dir(fixtures).unwrap().flatten() {
        if !e.path().is_dir() {
            continue;
        }
        let slug = e.file_name().to_string_lossy().to_string();
        let (org, name) = slug.split_once("--").unwrap();
        let to = hub.path().join("models").join(org).join(name);
        copy_dir(&e.path(), &to);
        std::fs::copy(
            cards.join(&slug).join("README.md"),
            to.join("files/README.md"),
        )
        .or_else(|_| {
            std::fs::create_dir_all(to.join("files"))?;
            std::fs::copy(
                cards.join(&slug).join("README.md"),
                to.join("files/README.md"),
            )
        })
        .unwrap();
        ids.push(format!("{org}/{name}"));
    }
    copy_dir(
        Path::new("tests/fixtures/hub/datasets"),
        &hub.path().join("datasets"),
    );
    ids.sort();
    assert_eq!(ids.len(), 12);
    let s = Servers::start(hub.path(), Path::new("tests/fixtures/github"));
    let cache = tempfile::tempdir().unwrap();
    let ctx = s.context(cache.path(), Follow::default());
    eprintln!("model | level | OSAID | failing or unknown OSAID criteria");
    for id in &ids {
        let r = report(&evidence(&ctx, &format!("hf:{id}")));
        let osaid = &r.rubrics["osaid-1.0"];
        let open = OSI_OPEN.contains(&id.as_str());
        let failing: Vec<String> = osaid
            .criteria
            .iter()
            .filter(|f| f.required && !matches!(f.outcome, Outcome::Met | Outcome::NotApplicable))
            .map(|f| format!("{} ({})", f.id, f.outcome.as_str()))
            .collect();
        eprintln!(
            "{id} | {} | {} | {}",
            r.openness.level.as_str(),
            common::summary(&r, "osaid-1.0"),
            failing.join(", ")
        );
        if open {
            assert_eq!(
                r.openness.level,
                Level::OpenSource,
                "{id}: {}",
                r.openness.reason
            );
            assert!(failing.is_empty(), "{id}: {failing:?}");
        } else {
            assert_ne!(r.openness.level, Level::OpenSource, "{id}");
            // Not for want of evidence: a criterion is not met, for the OSI's reason.
            let not_met: Vec<&str> = osaid
                .criteria
                .iter()
                .filter(|f| f.required && f.outcome == Outcome::NotMet)
                .map(|f| f.id.as_str())
                .collect();
            let terms = not_met.contains(&"freedoms");
            let missing = not_met
                .iter()
                .any(|c| c.starts_with("code/") || c.starts_with("data-information/"));
            match id.as_str() {
                // The legal terms (OpenRAIL use restrictions; Llama 2's license).
                "bigscience/bloom" | "bigcode/starcoder2-15b" => {
                    assert!(terms, "{id}: {not_met:?}")
                }
                "NousResearch/Llama-2-7b-hf" => assert!(terms && missing, "{id}: {not_met:?}"),
                // Missing training code or data information.
                _ => assert!(missing, "{id}: {not_met:?}"),
            }
        }
    }
}
