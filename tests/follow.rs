//! Following the links of model cards (GitHub repositories, arXiv papers, Hub datasets) against
//! the fixture servers on 127.0.0.1: what is filled into `Snapshot.linked`, when following is on,
//! request counts cold and warm, one read per repository and paper for a whole batch, offline
//! mode, and the OSI-validated models with their real cards.

mod common;
#[path = "support/fixture_arxiv.rs"]
mod fixture_arxiv;
#[path = "support/fixture_github.rs"]
mod fixture_github;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fixture_arxiv::FixtureArxiv;
use fixture_github::FixtureGithub;
use fixture_hub::FixtureHub;
use openness::Snapshot;
use openness::batch::SharedScanner;
use openness::snapshot::{Following, LinkRole, LinkedRepository};
use openness::source::arxiv::{ArxivClient, ArxivConfig};
use openness::source::github::{GithubClient, GithubConfig};
use openness::source::hub::{HubClient, HubConfig};
use openness::source::{self, Context, Follow, FollowMode, ReadOutcome, TargetSpec};

/// The three fixture servers.
struct Servers {
    hub: FixtureHub,
    github: FixtureGithub,
    arxiv: FixtureArxiv,
}

impl Servers {
    fn start(hub_root: &Path) -> Servers {
        Servers {
            hub: FixtureHub::start(hub_root).unwrap(),
            github: FixtureGithub::start("tests/fixtures/github").unwrap(),
            arxiv: FixtureArxiv::start("tests/fixtures/arxiv").unwrap(),
        }
    }

    fn reset(&self) {
        self.hub.reset();
        self.github.reset();
        self.arxiv.reset();
    }

    /// A context with clients for these servers, caching under `cache`.
    fn context(&self, cache: &Path, offline: bool, follow: Follow) -> Context {
        let mut hub = HubConfig::new(&self.hub.endpoint());
        hub.cache_dir = Some(cache.join("hub"));
        hub.offline = offline;
        hub.retry.sleep_cap = Some(Duration::from_millis(10));
        let mut gh = GithubConfig::new(&self.github.endpoint());
        gh.cache_root = Some(cache.join("openness"));
        gh.offline = offline;
        gh.retry.sleep_cap = Some(Duration::from_millis(10));
        let mut ax = ArxivConfig::new(&self.arxiv.endpoint());
        ax.cache_root = Some(cache.join("openness"));
        ax.offline = offline;
        ax.retry.sleep_cap = Some(Duration::from_millis(10));
        Context::new(offline)
            .with_follow(follow)
            .with_shared("hub", HubClient::new(hub).unwrap())
            .with_shared("github", GithubClient::new(gh).unwrap())
            .with_shared("arxiv", ArxivClient::new(ax).unwrap())
    }
}

fn read(ctx: &Context, target: &str) -> ReadOutcome {
    let spec = TargetSpec::parse(target).unwrap();
    source::read_with(&spec, ctx).unwrap_or_else(|e| panic!("{target}: {e}"))
}

fn repo<'a>(s: &'a Snapshot, id: &str) -> &'a LinkedRepository {
    s.linked
        .repositories
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id))
        .unwrap_or_else(|| panic!("{id} not linked: {:#?}", s.linked.repositories))
}

/// A Hub directory with one model whose card is `card`, and the fixture datasets.
fn hub_with(models: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (id, card) in models {
        let m = dir.path().join("models").join(id);
        std::fs::create_dir_all(m.join("files")).unwrap();
        std::fs::write(m.join("files/README.md"), card).unwrap();
        std::fs::write(
            m.join("repo.json"),
            r#"{"siblings": [{"rfilename": "model.safetensors", "size": 1000}]}"#,
        )
        .unwrap();
    }
    copy_dir(
        Path::new("tests/fixtures/hub/datasets"),
        &dir.path().join("datasets"),
    );
    dir
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

const CARD: &str = "---\nlicense: apache-2.0\ndatasets:\n- allenai/dolma\n---\n# Model\n\n\
- Training code: https://github.com/allenai/OLMo\n\
- Evaluation: [OLMo-Eval](https://github.com/allenai/OLMo-Eval)\n\
- Served with [vLLM](https://github.com/vllm-project/vllm) and https://github.com/pytorch/pytorch\n\
- Issues: https://github.com/allenai/OLMo/issues\n\
- Paper: https://arxiv.org/abs/2402.00838, and LLaMA (arXiv:2302.13971) for comparison.\n\
- A paper that does not exist: arXiv:2999.99999\n";

#[test]
fn a_hub_model_follows_its_links_within_the_budgets_cold_and_warm() {
    let hub = hub_with(&[("org/model", CARD)]);
    let s = Servers::start(hub.path());
    let cache = tempfile::tempdir().unwrap();
    let ctx = s.context(cache.path(), false, Follow::default());
    let out = read(&ctx, "hf:org/model");
    let snap = &out.snapshot;
    assert_eq!(snap.linked.followed, Following::Followed);
    // The card's own repositories, read; the third-party ones listed, not read; no issue page.
    let olmo = repo(snap, "allenai/OLMo");
    assert_eq!(olmo.role, LinkRole::Own);
    assert_eq!(olmo.line, Some(8));
    assert_eq!(olmo.url, "https://github.com/allenai/OLMo");
    assert_eq!(olmo.host_license.as_deref(), Some("Apache-2.0"));
    let olmo_snap = olmo.snapshot.as_ref().unwrap();
    assert_eq!(olmo_snap.target.source, "github");
    assert!(olmo_snap.files.iter().any(|f| f.path == "scripts/train.py"));
    assert!(olmo_snap.text_file("LICENSE").is_some());
    assert!(repo(snap, "allenai/OLMo-Eval").snapshot.is_some());
    for tool in ["vllm-project/vllm", "pytorch/pytorch"] {
        let r = repo(snap, tool);
        assert_eq!(r.role, LinkRole::ThirdParty);
        assert!(r.snapshot.is_none() && r.error.as_deref().unwrap().contains("third-party"));
    }
    assert_eq!(s.github.requests_for("vllm-project/vllm"), 0);
    // One hop further: the OLMo README and the Dolma data card link more of its own code.
    let dolma = repo(snap, "allenai/dolma");
    assert!(dolma.snapshot.is_some());
    assert!(dolma.via.is_some(), "{dolma:?}");
    assert!(
        repo(snap, "allenai/open-instruct")
            .via
            .as_deref()
            .unwrap()
            .starts_with("allenai/OLMo/")
    );
    // Papers: read, with title, date and license; a missing one says why.
    let p = snap
        .linked
        .papers
        .iter()
        .find(|p| p.id == "2402.00838")
        .unwrap();
    assert_eq!(p.date.as_deref(), Some("2024-02-01"));
    assert!(p.title.as_deref().unwrap().contains("OLMo"));
    assert!(p.license.is_some() && p.error.is_none());
    assert_eq!(p.line, Some(12));
    let missing = snap
        .linked
        .papers
        .iter()
        .find(|p| p.id == "2999.99999")
        .unwrap();
    assert!(missing.error.as_deref().unwrap().contains("idDoesNotExist"));
    // The datasets are the Hub's, as before.
    assert_eq!(snap.datasets.len(), 1);

    // Cold: at most 3 to the Hub for the model, 4 per repository, 1 per paper.
    let stats = out.requests.unwrap();
    assert!(s.hub.requests_for("model org/model") <= 3);
    for r in snap
        .linked
        .repositories
        .iter()
        .filter(|r| r.snapshot.is_some())
    {
        assert!(
            s.github.requests_for(&r.id) <= 4,
            "{}: {}",
            r.id,
            s.github.requests_for(&r.id)
        );
    }
    assert_eq!(s.arxiv.requests_for("2402.00838"), 1);
    assert_eq!(s.arxiv.requests_for("2302.13971"), 1);
    assert_eq!(
        stats.requests as u64,
        s.hub.total() + s.github.total() + s.arxiv.total()
    );
    assert_eq!(stats.by_host.len(), 3, "{:?}", stats.by_host);

    // Warm: a new process (new clients), the same caches: 1 to the Hub, 1 per repository, 0
    // per paper (a paper that does not exist is asked again).
    s.reset();
    let ctx = s.context(cache.path(), false, Follow::default());
    let warm = read(&ctx, "hf:org/model");
    assert_eq!(s.hub.requests_for("model org/model"), 1);
    for r in snap
        .linked
        .repositories
        .iter()
        .filter(|r| r.snapshot.is_some())
    {
        assert_eq!(s.github.requests_for(&r.id), 1, "{}", r.id);
    }
    assert_eq!(s.arxiv.total(), 1, "{:?}", s.arxiv.counts().log);
    assert_eq!(warm.snapshot.linked, snap.linked);

    // Offline: no request at all, the same links; what was never read says so.
    s.reset();
    let ctx = s.context(cache.path(), true, Follow::default());
    let offline = read(&ctx, "hf:org/model");
    assert_eq!(s.hub.total() + s.github.total() + s.arxiv.total(), 0);
    assert_eq!(
        offline.snapshot.linked.repositories,
        snap.linked.repositories
    );
    let missing = offline
        .snapshot
        .linked
        .papers
        .iter()
        .find(|p| p.id == "2999.99999")
        .unwrap();
    assert!(
        missing.error.as_deref().unwrap().contains("offline"),
        "{missing:?}"
    );
}

#[test]
fn the_budget_and_the_switches() {
    let hub = hub_with(&[("org/model", CARD)]);
    let s = Servers::start(hub.path());
    let cache = tempfile::tempdir().unwrap();
    // A budget of 1: the first of the model's own repositories is read, the rest listed.
    let ctx = s.context(
        cache.path(),
        false,
        Follow {
            budget: 1,
            ..Follow::default()
        },
    );
    let snap = read(&ctx, "hf:org/model").snapshot;
    assert!(repo(&snap, "allenai/OLMo").snapshot.is_some());
    let eval = repo(&snap, "allenai/OLMo-Eval");
    assert!(eval.snapshot.is_none() && eval.error.as_deref().unwrap().contains("budget"));
    assert!(
        snap.linked
            .notes
            .iter()
            .any(|n| n.message.contains("--follow-budget"))
    );
    assert_eq!(s.github.requests_for("allenai/OLMo-Eval"), 0);

    // --no-follow: the links are listed, none read.
    s.reset();
    let never = Follow {
        mode: FollowMode::Never,
        ..Follow::default()
    };
    let snap = read(&s.context(cache.path(), false, never), "hf:org/model").snapshot;
    assert!(
        matches!(snap.linked.followed, Following::NotFollowed { ref reason } if reason.contains("--no-follow"))
    );
    assert!(
        snap.linked
            .repositories
            .iter()
            .all(|r| r.snapshot.is_none())
    );
    assert_eq!(s.github.total() + s.arxiv.total(), 0);
}

#[test]
fn a_local_scan_stays_offline_unless_asked_to_follow() {
    let hub = hub_with(&[]);
    let s = Servers::start(hub.path());
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), CARD).unwrap();
    let target = dir.path().to_string_lossy().to_string();

    let out = read(&s.context(cache.path(), false, Follow::default()), &target);
    assert!(out.requests.is_none());
    assert_eq!(s.hub.total() + s.github.total() + s.arxiv.total(), 0);
    let Following::NotFollowed { reason } = &out.snapshot.linked.followed else {
        panic!("{:?}", out.snapshot.linked.followed)
    };
    assert!(reason.contains("--follow-links"), "{reason}");
    assert!(out.snapshot.datasets.is_empty());
    // The links are listed, so what they would show is known to be unknown.
    assert!(
        repo(&out.snapshot, "allenai/OLMo")
            .error
            .as_deref()
            .unwrap()
            .contains("not followed")
    );

    // --follow-links: followed, and the card's Hub datasets read as for a Hub model.
    let always = Follow {
        mode: FollowMode::Always,
        ..Follow::default()
    };
    let out = read(&s.context(cache.path(), false, always), &target);
    assert_eq!(out.snapshot.linked.followed, Following::Followed);
    assert!(repo(&out.snapshot, "allenai/OLMo").snapshot.is_some());
    assert_eq!(out.snapshot.datasets.len(), 1);
    assert_eq!(out.snapshot.datasets[0].id, "allenai/dolma");
    assert!(out.snapshot.datasets[0].card.is_some());
    assert!(s.hub.requests_for("dataset allenai/dolma") >= 1);
    assert!(out.requests.unwrap().requests > 0);
}

#[test]
fn a_thousand_models_linking_one_repository_read_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("templates/linker");
    std::fs::create_dir_all(t.join("files")).unwrap();
    std::fs::copy(
        "tests/fixtures/hub/templates/bench/repo.json",
        t.join("repo.json"),
    )
    .unwrap();
    std::fs::write(
        t.join("files/README.md"),
        "---\nlicense: apache-2.0\n---\n# {{name}}\n\nTrained with https://github.com/EleutherAI/gpt-neox \
         (see arXiv:2304.01373).\n",
    )
    .unwrap();
    let s = Servers::start(dir.path());
    let cache = tempfile::tempdir().unwrap();
    let ctx = s.context(cache.path(), false, Follow::default());
    let scanner = SharedScanner::with_context(Vec::new(), ctx);
    let targets: Vec<String> = (0..1000).map(|i| format!("hf:linker/model-{i}")).collect();
    let snaps = openness::batch::run(
        &targets,
        16,
        |t| scanner.read(t).unwrap(),
        |t, m| panic!("{t}: {m}"),
        |_, _, _| {},
    );
    assert_eq!(snaps.len(), 1000);
    for snap in &snaps {
        let r = repo(snap, "EleutherAI/gpt-neox");
        assert!(r.snapshot.is_some(), "{r:?}");
        assert_eq!(snap.linked.papers[0].date.as_deref(), Some("2023-04-03"));
    }
    assert_eq!(s.github.requests_for("EleutherAI/gpt-neox"), 4);
    assert_eq!(s.github.total(), 4);
    assert_eq!(s.arxiv.total(), 1);
    let totals = scanner.context().requests();
    assert_eq!(totals.by_repo["github EleutherAI/gpt-neox"], 4);
    assert_eq!(totals.by_repo["arxiv 2304.01373"], 1);
}

// ---------------------------------------------------------------------------------------------
// OSI's 2024 validation models, with their real cards from the corpus.

/// The Hub fixture of the 12 models with the corpus cards, or `None` without the corpus.
fn osi_hub() -> Option<(tempfile::TempDir, Vec<String>)> {
    let Some(cards) = common::corpus("cards") else {
        eprintln!(
            "the corpus is not here (set OPENNESS_CORPUS): the OSI validation models are not checked"
        );
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut ids = Vec::new();
    let fixtures = Path::new("tests/fixtures/osi-validation");
    for e in std::fs::read_dir(fixtures).unwrap().flatten() {
        if !e.path().is_dir() {
            continue;
        }
        let slug = e.file_name().to_string_lossy().to_string();
        let (org, name) = slug.split_once("--").unwrap();
        let to: PathBuf = dir.path().join("models").join(org).join(name);
        copy_dir(&e.path(), &to);
        std::fs::create_dir_all(to.join("files")).unwrap();
        std::fs::copy(
            cards.join(&slug).join("README.md"),
            to.join("files/README.md"),
        )
        .unwrap_or_else(|e| panic!("card {slug}: {e}"));
        ids.push(format!("{org}/{name}"));
    }
    copy_dir(
        Path::new("tests/fixtures/hub/datasets"),
        &dir.path().join("datasets"),
    );
    ids.sort();
    Some((dir, ids))
}

#[test]
fn the_osi_validation_models_link_what_their_cards_link() {
    let Some((hub, ids)) = osi_hub() else { return };
    assert_eq!(ids.len(), 12);
    let s = Servers::start(hub.path());
    let cache = tempfile::tempdir().unwrap();
    let ctx = s.context(cache.path(), false, Follow::default());
    let mut by_id = std::collections::BTreeMap::new();
    eprintln!(
        "cold, one process: model | Hub | GitHub repositories read (requests) | papers read (requests)"
    );
    for id in &ids {
        let before = (s.github.total(), s.arxiv.total());
        let out = read(&ctx, &format!("hf:{id}"));
        let linked = &out.snapshot.linked;
        eprintln!(
            "{id} | {} | {} ({}) | {} ({})",
            s.hub.requests_for(&format!("model {id}")),
            linked
                .repositories
                .iter()
                .filter(|r| r.snapshot.is_some())
                .count(),
            s.github.total() - before.0,
            linked.papers.iter().filter(|p| p.error.is_none()).count(),
            s.arxiv.total() - before.1,
        );
        assert_eq!(out.snapshot.linked.followed, Following::Followed, "{id}");
        // Following adds no request to the Hub: its info, the files it reads (a card and a
        // license; Phi-2 has a NOTICE.md too) and the branches when the card speaks of them.
        let files = out.snapshot.texts.len() as u64;
        let refs = out.snapshot.metadata.as_ref().unwrap().refs_listed as u64;
        assert_eq!(
            s.hub.requests_for(&format!("model {id}")),
            1 + files + refs,
            "{id}"
        );
        assert!(1 + files + refs <= 3 || id == "microsoft/phi-2", "{id}");
        by_id.insert(id.clone(), out.snapshot);
    }
    let own = |id: &str| -> Vec<String> {
        by_id[id]
            .linked
            .repositories
            .iter()
            .filter(|r| r.role == LinkRole::Own && r.via.is_none())
            .map(|r| r.id.clone())
            .collect()
    };
    let read_ok = |id: &str, repo_id: &str| {
        let r = repo(&by_id[id], repo_id);
        assert!(r.snapshot.is_some(), "{id} -> {repo_id}: {:?}", r.error);
        r.clone()
    };
    let papers = |id: &str| -> Vec<String> {
        by_id[id]
            .linked
            .papers
            .iter()
            .map(|p| p.id.clone())
            .collect()
    };

    // Pythia: its code, the trainer and the harness; the Pile papers.
    for r in [
        "EleutherAI/pythia",
        "EleutherAI/gpt-neox",
        "EleutherAI/lm-evaluation-harness",
    ] {
        read_ok("EleutherAI/pythia-1b", r);
    }
    assert!(papers("EleutherAI/pythia-1b").contains(&"2101.00027".to_string()));
    assert!(papers("EleutherAI/pythia-1b").contains(&"2201.07311".to_string()));
    // OLMo: training, evaluation, fine-tuning; its paper.
    for r in ["allenai/OLMo", "allenai/OLMo-Eval", "allenai/open-instruct"] {
        read_ok("allenai/OLMo-7B", r);
    }
    assert!(papers("allenai/OLMo-7B").contains(&"2402.00838".to_string()));
    // Amber and Crystal: LLM360's repositories; Crystal's training code one hop further.
    for r in [
        "LLM360/amber-train",
        "LLM360/amber-data-prep",
        "LLM360/Analysis360",
    ] {
        read_ok("LLM360/Amber", r);
    }
    for r in [
        "LLM360/crystalcoder-train",
        "LLM360/crystalcoder-data-prep",
        "LLM360/Analysis360",
    ] {
        read_ok("LLM360/Crystal", r);
    }
    let modelzoo = read_ok("LLM360/Crystal", "Cerebras/modelzoo");
    assert!(
        modelzoo
            .via
            .as_deref()
            .unwrap()
            .starts_with("LLM360/crystalcoder-train/")
    );
    assert!(papers("LLM360/Crystal").contains(&"2312.06550".to_string()));
    // T5: its repository.
    read_ok(
        "google-t5/t5-base",
        "google-research/text-to-text-transfer-transformer",
    );
    // BLOOM: its training code and its arguments; the libraries it names are third-party.
    for r in [
        "bigscience-workshop/Megatron-DeepSpeed",
        "bigscience-workshop/bigscience",
    ] {
        read_ok("bigscience/bloom", r);
    }
    let bloom_bigscience = read_ok("bigscience/bloom", "bigscience-workshop/bigscience");
    assert_eq!(
        bloom_bigscience.host_license.as_deref(),
        Some("NOASSERTION")
    );
    for r in ["microsoft/DeepSpeed", "pytorch/pytorch"] {
        assert_eq!(
            repo(&by_id["bigscience/bloom"], r).role,
            LinkRole::ThirdParty,
            "{r}"
        );
    }
    assert!(papers("bigscience/bloom").contains(&"2211.05100".to_string()));
    // StarCoder2: a fine-tuning repository; the paper through its Hugging Face page.
    read_ok("bigcode/starcoder2-15b", "bigcode-project/starcoder2");
    assert!(papers("bigcode/starcoder2-15b").contains(&"2402.19173".to_string()));
    // Falcon: an inference server (third party) and another model's repository.
    assert_eq!(
        repo(
            &by_id["tiiuae/falcon-7b"],
            "huggingface/text-generation-inference"
        )
        .role,
        LinkRole::ThirdParty
    );
    assert!(papers("tiiuae/falcon-7b").contains(&"2306.01116".to_string()));
    // Grok-1: its inference code only.
    let grok = read_ok("xai-org/grok-1", "xai-org/grok-1");
    assert!(
        grok.snapshot
            .as_ref()
            .unwrap()
            .files
            .iter()
            .any(|f| f.path == "run.py")
    );
    // Llama 2: the old name, followed to the new one; GitHub cannot name the license.
    let llama = read_ok("NousResearch/Llama-2-7b-hf", "meta-llama/llama");
    assert_eq!(llama.host_license.as_deref(), Some("NOASSERTION"));
    assert!(llama.url.contains("facebookresearch/llama"));
    // Phi-2 and Mixtral: nothing of their own, only libraries.
    assert!(
        own("microsoft/phi-2").is_empty(),
        "{:?}",
        own("microsoft/phi-2")
    );
    assert!(
        own("mistralai/Mixtral-8x7B-v0.1").is_empty(),
        "{:?}",
        own("mistralai/Mixtral-8x7B-v0.1")
    );
    assert_eq!(
        repo(&by_id["microsoft/phi-2"], "HazyResearch/flash-attention").role,
        LinkRole::ThirdParty
    );

    // Every repository read cost at most 4 requests (5 after a rename), every paper 1.
    let counts = s.github.counts();
    for (r, n) in &counts.by_repo {
        assert!(*n <= 5, "{r}: {n}");
    }
    for (p, n) in &s.arxiv.counts().by_id {
        assert_eq!(*n, 1, "{p}");
    }
    // Warm: 1 to the Hub per model (and the branches when the card speaks of checkpoints), at
    // most 1 per repository (2 after a rename), 0 per paper that exists.
    s.reset();
    let ctx = s.context(cache.path(), false, Follow::default());
    eprintln!("warm, a new process: model | Hub | GitHub | arXiv");
    for id in &ids {
        let before = (s.github.total(), s.arxiv.total());
        let out = read(&ctx, &format!("hf:{id}"));
        eprintln!(
            "{id} | {} | {} | {}",
            s.hub.requests_for(&format!("model {id}")),
            s.github.total() - before.0,
            s.arxiv.total() - before.1,
        );
        assert_eq!(out.snapshot.linked, by_id[id].linked, "{id}");
        let refs = out.snapshot.metadata.as_ref().unwrap().refs_listed as u64;
        // A file the Hub lists but does not serve is asked again (Phi-2's NOTICE.md here).
        let unread = out
            .snapshot
            .texts
            .iter()
            .filter(|t| {
                matches!(
                    t.content,
                    openness::snapshot::TextContent::Unreadable { .. }
                )
            })
            .count() as u64;
        assert_eq!(
            s.hub.requests_for(&format!("model {id}")),
            1 + refs + unread,
            "{id}"
        );
    }
    for (r, n) in &s.github.counts().by_repo {
        assert!(
            *n <= 1 || (*n == 2 && r.contains("llama") || r.contains("flash")),
            "{r}: {n}"
        );
    }
    let exist: Vec<String> = std::fs::read_dir("tests/fixtures/arxiv")
        .unwrap()
        .flatten()
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .replace('_', "/")
        })
        .collect();
    for (p, n) in &s.arxiv.counts().by_id {
        assert!(!exist.contains(p), "{p} was asked again ({n})");
    }
}
