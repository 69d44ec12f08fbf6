//! The Hub source against the fixture Hub server (127.0.0.1 only): every path, every failure,
//! request counts cold and warm, the Python-compatible cache, offline mode, gated and private
//! models, datasets and lineage.

mod common;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::path::Path;
use std::time::Duration;

use common::fixture;
use fixture_hub::FixtureHub;
use openness::Report;
use openness::assess::Outcome;
use openness::component::Component;
use openness::evidence::{Availability, LicenseScope};
use openness::level::Level;
use openness::snapshot::{Listing, Snapshot, TextContent};
use openness::source::hub::{HubClient, HubConfig, HubScan, RetryPolicy, Token};

const GRANTED: &str = "hf_granted_fixture_token";

fn server() -> FixtureHub {
    FixtureHub::start(fixture("hub")).expect("the fixture hub starts")
}

/// A client for the fixture server with a cache in `cache`, short timeouts and tiny sleeps.
fn config(hub: &FixtureHub, cache: &Path) -> HubConfig {
    let mut c = HubConfig::new(&hub.endpoint());
    c.cache_dir = Some(cache.to_path_buf());
    c.connect_timeout = Duration::from_secs(2);
    c.read_timeout = Duration::from_millis(400);
    c.retry = RetryPolicy {
        retries: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        max_server_wait: Duration::from_secs(60),
        sleep_cap: Some(Duration::from_millis(2)),
    };
    c
}

fn client(hub: &FixtureHub, cache: &Path) -> HubClient {
    HubClient::new(config(hub, cache)).unwrap()
}

fn with_token(hub: &FixtureHub, cache: &Path, token: &str) -> HubClient {
    let mut c = config(hub, cache);
    c.token = Token::new(token);
    HubClient::new(c).unwrap()
}

fn scan(client: &HubClient, id: &str) -> HubScan {
    client
        .scan_blocking(id, None)
        .unwrap_or_else(|e| panic!("scan {id}: {e}"))
}

fn scan_err(client: &HubClient, id: &str) -> String {
    match client.scan_blocking(id, None) {
        Ok(_) => panic!("{id} should fail"),
        Err(e) => e.to_string(),
    }
}

fn report(s: &Snapshot) -> Report {
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let r = Report::build(&openness::extract(s), &rubrics).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    common::assert_valid(&common::report_schema(), &json, "a Hub report");
    r
}

/// The commit a fixture repository declares.
fn sha_of(kind: &str, id: &str) -> String {
    let text =
        std::fs::read_to_string(format!("{}/{kind}s/{id}/repo.json", fixture("hub"))).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["sha"].as_str().unwrap().to_string()
}

fn text<'a>(s: &'a Snapshot, path: &str) -> &'a TextContent {
    &s.text_file(path)
        .unwrap_or_else(|| panic!("{path} not among {:?}", s.texts))
        .content
}

#[test]
fn a_typical_model_costs_3_requests_cold_and_1_warm_with_the_same_snapshot() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let cold = scan(&client(&hub, cache.path()), "fixture-org/typical-model");
    assert_eq!(cold.stats.requests, 3, "{}", cold.stats.summary());
    assert_eq!(hub.requests_for("model fixture-org/typical-model"), 3);
    let s = &cold.snapshot;
    assert_eq!(s.target.source, "hub");
    assert_eq!(
        s.target.revision.as_deref(),
        Some(sha_of("model", "fixture-org/typical-model").as_str())
    );
    assert_eq!(s.listing, Listing::Complete);
    let weights = s
        .files
        .iter()
        .find(|f| f.path == "model.safetensors")
        .unwrap();
    assert_eq!(weights.size, Some(320_000_000));
    assert!(matches!(text(s, "README.md"), TextContent::Text { .. }));
    assert!(matches!(text(s, "LICENSE"), TextContent::Text { .. }));
    // config.json comes with the model info; the weights are never fetched.
    assert!(s.text_file("config.json").is_none());
    assert!(hub.counts().log.iter().all(|l| !l.contains("safetensors")));
    let h = s.metadata.as_ref().unwrap();
    assert_eq!(h.parameters, Some(160_000_000));
    assert_eq!(h.library_name.as_deref(), Some("transformers"));
    assert!(h.tags.contains(&"license:apache-2.0".to_string()));

    // Warm: a new client, the same cache: one request (model info), files from the cache.
    hub.reset();
    let warm = scan(&client(&hub, cache.path()), "fixture-org/typical-model");
    assert_eq!(warm.stats.requests, 1, "{}", warm.stats.summary());
    assert_eq!(warm.stats.cache_hits, 2);
    assert_eq!(hub.total(), 1);
    assert_eq!(warm.snapshot, cold.snapshot);

    let r = report(s);
    assert_eq!(
        r.openness.level,
        Level::OpenWeights,
        "{}",
        r.openness.reason
    );
    assert!(
        r.licenses
            .iter()
            .any(|l| l.id == "Apache-2.0" && l.source.file.as_deref() == Some("LICENSE"))
    );
    // Branches were not listed (the card does not speak of checkpoints): unknown, not absent.
    let inter = r
        .components
        .iter()
        .find(|c| c.id == Component::ModelParametersIntermediate)
        .unwrap();
    assert_eq!(inter.availability, Availability::Unknown);
    assert_eq!(
        common::outcome(&r, "mof-1.0", "model-parameters-intermediate"),
        Outcome::Unknown
    );
}

#[test]
fn the_cache_is_the_python_layout_both_ways() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let id = "fixture-org/typical-model";
    let sha = sha_of("model", id);
    // A cache as huggingface_hub leaves it: the README downloaded, with different bytes so that
    // reuse shows.
    let repo = cache.path().join("models--fixture-org--typical-model");
    std::fs::create_dir_all(repo.join("blobs")).unwrap();
    std::fs::create_dir_all(repo.join("snapshots").join(&sha)).unwrap();
    std::fs::create_dir_all(repo.join("refs")).unwrap();
    std::fs::write(repo.join("refs/main"), &sha).unwrap();
    std::fs::write(
        repo.join("blobs/python-etag"),
        "---\nlicense: mit\n---\n# Downloaded by Python\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "../../blobs/python-etag",
        repo.join("snapshots").join(&sha).join("README.md"),
    )
    .unwrap();
    #[cfg(not(unix))]
    std::fs::copy(
        repo.join("blobs/python-etag"),
        repo.join("snapshots").join(&sha).join("README.md"),
    )
    .unwrap();

    let s = scan(&client(&hub, cache.path()), id);
    // Info and LICENSE only: the README came from the cache Python filled.
    assert_eq!(s.stats.requests, 2, "{}", s.stats.summary());
    assert!(hub.counts().log.iter().all(|l| !l.contains("README")));
    match text(&s.snapshot, "README.md") {
        TextContent::Text { text, .. } => assert!(text.contains("Downloaded by Python")),
        other => panic!("{other:?}"),
    }
    // And what this tool downloaded is where Python (and the hf-cache source) looks.
    let link = repo.join("snapshots").join(&sha).join("LICENSE");
    #[cfg(unix)]
    assert!(
        std::fs::read_link(&link)
            .unwrap()
            .starts_with("../../blobs/")
    );
    assert!(
        std::fs::read_to_string(&link)
            .unwrap()
            .contains("Apache License")
    );
    let cached = openness::source::hf_cache::read_in(cache.path(), id).unwrap();
    assert_eq!(cached.target.revision.as_deref(), Some(sha.as_str()));
    assert!(cached.text_file("LICENSE").is_some());
}

#[test]
fn offline_scans_read_the_cache_and_make_no_request() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let online = scan(&client(&hub, cache.path()), "fixture-org/research-model");
    hub.reset();
    let mut c = config(&hub, cache.path());
    c.offline = true;
    let offline_client = HubClient::new(c).unwrap();
    let offline = scan(&offline_client, "fixture-org/research-model");
    assert_eq!(hub.total(), 0);
    assert_eq!(offline.stats.requests, 0);
    assert_eq!(offline.snapshot.files, online.snapshot.files);
    assert_eq!(offline.snapshot.texts, online.snapshot.texts);
    assert_eq!(offline.snapshot.refs, online.snapshot.refs);
    assert_eq!(offline.snapshot.datasets, online.snapshot.datasets);
    // A model never scanned: a clear error, still no request.
    let e = scan_err(&offline_client, "fixture-org/typical-model");
    assert!(
        e.contains("offline") && e.contains("fixture-org/typical-model"),
        "{e}"
    );
    assert_eq!(hub.total(), 0);
}

#[test]
fn checkpoint_branches_and_datasets_are_read_when_the_card_speaks_of_them() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/research-model");
    // info + README + LICENSE + refs, and the dataset's info + data card.
    assert_eq!(hub.requests_for("model fixture-org/research-model"), 4);
    assert_eq!(hub.requests_for("dataset fixture-org/open-corpus"), 2);
    assert_eq!(s.stats.requests, 6);
    let snap = &s.snapshot;
    assert!(snap.metadata.as_ref().unwrap().refs_listed);
    assert!(snap.refs.contains(&"step2000".to_string()));
    assert_eq!(snap.datasets.len(), 1);
    let r = report(snap);
    let inter = r
        .components
        .iter()
        .find(|c| c.id == Component::ModelParametersIntermediate)
        .unwrap();
    assert_eq!(inter.availability, Availability::Published);
    assert!(inter.facts.iter().any(|f| f.claim.contains("step1000")));
    // The dataset's license, read from its own card, governs the Datasets component.
    let ds = r
        .components
        .iter()
        .find(|c| c.id == Component::Datasets)
        .unwrap();
    assert_eq!(ds.availability, Availability::Linked);
    assert_eq!(ds.licenses, vec!["CC-BY-4.0".to_string()]);
    assert_eq!(common::outcome(&r, "mof-1.0", "datasets"), Outcome::Met);
    assert!(r.licenses.iter().any(|l| l.id == "CC-BY-4.0"
        && l.scope == LicenseScope::Dataset("fixture-org/open-corpus".into())
        && l.source.file.as_deref() == Some("fixture-org/open-corpus/README.md")));
    // arXiv ids from the Hub's tags.
    let paper = r
        .components
        .iter()
        .find(|c| c.id == Component::ResearchPaper)
        .unwrap();
    assert!(
        paper
            .facts
            .iter()
            .any(|f| f.claim.contains("arXiv:2304.01373")
                && f.source.field.as_deref() == Some("tags"))
    );
    let dc = r
        .components
        .iter()
        .find(|c| c.id == Component::DataCard)
        .unwrap();
    assert!(
        dc.facts
            .iter()
            .any(|f| f.claim.contains("fixture-org/open-corpus has a data card")),
        "{dc:?}"
    );
}

#[test]
fn a_revision_is_pinned_to_its_commit() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&hub, cache.path());
    let s = c
        .scan_blocking("fixture-org/research-model", Some("step1000"))
        .unwrap();
    let expected = fixture_hub::hex40(b"fixture-org/research-model@step1000");
    assert_eq!(
        s.snapshot.target.revision.as_deref(),
        Some(expected.as_str())
    );
    assert!(
        hub.counts()
            .log
            .iter()
            .any(|l| l.starts_with("GET /api/models/fixture-org/research-model/revision/step1000"))
    );
    assert!(
        hub.counts()
            .log
            .iter()
            .any(|l| l.contains(&format!("/resolve/{expected}/README.md")))
    );
    let e = c
        .scan_blocking("fixture-org/research-model", Some("no-such-branch"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("404") && e.contains("RevisionNotFound") && e.contains("no-such-branch"),
        "{e}"
    );
}

#[test]
fn a_fine_tune_inherits_its_base_models_terms_and_a_more_open_card_is_a_conflict() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/llama-finetune");
    // The base's info suffices: its cardData names the license.
    assert_eq!(hub.requests_for("model fixture-meta/llama-base"), 1);
    let snap = &s.snapshot;
    assert_eq!(snap.lineage.len(), 1);
    assert_eq!(snap.lineage[0].relation.as_deref(), Some("finetune"));
    let r = report(snap);
    assert_eq!(
        r.openness.level,
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    assert!(
        r.openness
            .reason
            .contains("inherited from base model fixture-meta/llama-base")
    );
    assert_eq!(r.lineage.len(), 1);
    assert_eq!(
        r.lineage[0].licenses,
        vec!["LicenseRef-llama3.1".to_string()]
    );
    let conflict = r
        .conflicts
        .iter()
        .find(|c| c.message.contains("fixture-meta/llama-base"))
        .expect("a conflict between the card and the base model");
    assert!(
        conflict.message.contains("apache-2.0") && conflict.message.contains("LicenseRef-llama3.1")
    );
    assert_eq!(conflict.sources.len(), 2);
    assert_eq!(conflict.sources[0].file.as_deref(), Some("README.md"));
    assert_eq!(conflict.sources[0].line, Some(2));
    assert_eq!(
        conflict.sources[1].file.as_deref(),
        Some("hf:fixture-meta/llama-base")
    );
    assert_eq!(
        common::outcome(&r, "osaid-1.0", "parameters"),
        Outcome::NotMet
    );
}

#[test]
fn the_chain_is_followed_through_generations() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/llama-quant");
    let ids: Vec<(&str, u32)> = s
        .snapshot
        .lineage
        .iter()
        .map(|a| (a.id.as_str(), a.depth))
        .collect();
    assert_eq!(
        ids,
        [
            ("fixture-org/llama-finetune", 1),
            ("fixture-meta/llama-base", 2)
        ]
    );
    let r = report(&s.snapshot);
    assert_eq!(r.openness.level, Level::OpenWeightsRestricted);
    // The quantization declares the base's license: no conflict of its own.
    assert!(
        r.conflicts
            .iter()
            .all(|c| !c.message.starts_with("README.md:2")),
        "{:?}",
        r.conflicts
    );
}

#[test]
fn a_base_model_cycle_is_cut() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/cycle-a");
    assert_eq!(s.snapshot.lineage.len(), 1);
    assert_eq!(s.snapshot.lineage[0].id, "fixture-org/cycle-b");
    assert_eq!(hub.requests_for("model fixture-org/cycle-a"), 2);
    assert_eq!(hub.requests_for("model fixture-org/cycle-b"), 1);
    let r = report(&s.snapshot);
    assert!(
        r.limits.iter().any(|l| l.contains("cycle")),
        "{:?}",
        r.limits
    );
}

#[test]
fn a_missing_base_model_leaves_its_terms_unknown() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/orphan");
    let a = &s.snapshot.lineage[0];
    assert!(a.snapshot.is_none());
    assert!(a.error.as_deref().unwrap().contains("404"));
    let r = report(&s.snapshot);
    assert!(r.lineage[0].note.as_deref().unwrap().contains("unknown"));
    assert!(
        r.limits
            .iter()
            .any(|l| l.contains("fixture-org/deleted-base"))
    );
    // Its own `mit` does not decide: the terms its base passes on are unknown.
    assert_eq!(r.openness.level, Level::Unknown, "{}", r.openness.reason);
}

#[test]
fn an_unreadable_base_of_a_known_family_passes_on_the_familys_terms() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(
        &client(&hub, cache.path()),
        "fixture-org/llama-family-finetune",
    );
    assert!(s.snapshot.lineage[0].error.is_some());
    let r = report(&s.snapshot);
    assert_eq!(
        r.openness.level,
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    assert!(r.weights_licenses().any(|l| l.id == "LicenseRef-llama3.1"));
    assert!(r.conflicts.iter().any(|c| c.message.contains("Llama 3.1")));
}

#[test]
fn non_commercial_training_data_behind_a_permissive_model_is_a_conflict() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/nc-data-model");
    let r = report(&s.snapshot);
    let c = r
        .conflicts
        .iter()
        .find(|c| c.message.contains("fixture-org/nc-corpus"))
        .expect("a conflict naming the dataset");
    assert!(c.message.contains("mit") && c.message.contains("CC-BY-NC-4.0"));
    assert_eq!(
        c.sources[1].file.as_deref(),
        Some("fixture-org/nc-corpus/README.md")
    );
    // No conflict for the open dataset.
    assert!(
        r.conflicts
            .iter()
            .all(|c| !c.message.contains("open-corpus"))
    );
    // The dataset that does not exist is a limit, and its terms are unknown, not open.
    assert!(
        r.limits
            .iter()
            .any(|l| l.contains("fixture-org/missing-corpus"))
    );
    let ds = r
        .components
        .iter()
        .find(|c| c.id == Component::Datasets)
        .unwrap();
    assert!(ds.licenses.contains(&"NOASSERTION".to_string()));
    assert_eq!(common::outcome(&r, "mof-1.0", "datasets"), Outcome::NotMet);
}

#[test]
fn a_gated_model_without_access_uses_card_data_and_says_unknown_not_no() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-meta/llama-base");
    // Info, then the README is refused; the other files are not tried.
    assert_eq!(s.stats.requests, 2, "{}", s.stats.summary());
    let snap = &s.snapshot;
    match text(snap, "README.md") {
        TextContent::Unreadable { reason } => {
            assert!(
                reason.contains("401")
                    && reason.contains("GatedRepo")
                    && reason.contains("HF_TOKEN"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    match text(snap, "LICENSE") {
        TextContent::Unreadable { reason } => {
            assert!(reason.starts_with("not requested"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let r = report(snap);
    assert_eq!(
        r.openness.level,
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    assert!(r.openness.reason.contains("manual approval"));
    let declared = r
        .licenses
        .iter()
        .find(|l| l.id == "LicenseRef-llama3.1")
        .expect("the license from cardData");
    assert_eq!(declared.source.field.as_deref(), Some("cardData.license"));
    // What the unreadable card would show is unknown, never not-met: only the terms and the
    // gating fail.
    let mut not_met: Vec<String> = r
        .rubrics
        .iter()
        .flat_map(|(id, a)| {
            a.criteria
                .iter()
                .filter(|f| f.outcome == Outcome::NotMet)
                .map(move |f| format!("{id}/{}", f.id))
        })
        .collect();
    not_met.sort();
    assert_eq!(
        not_met,
        [
            "eu-ai-act-53-2/free-open-source-license",
            "eu-ai-act-53-2/parameters-public",
            "mof-1.0/model-parameters-final",
            "osaid-1.0/freedoms",
            "osaid-1.0/parameters"
        ]
    );
    assert_eq!(
        common::outcome(&r, "mof-1.0", "model-card"),
        Outcome::Unknown
    );
    assert_eq!(
        common::outcome(&r, "mof-1.0", "data-card"),
        Outcome::Unknown
    );
    assert_eq!(
        common::outcome(&r, "osaid-1.0", "data-information/training-data-provenance"),
        Outcome::Unknown
    );
}

#[test]
fn a_gated_model_with_an_unapproved_token_is_403_and_with_access_readable() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(
        &with_token(&hub, cache.path(), "hf_not_approved"),
        "fixture-meta/llama-base",
    );
    match text(&s.snapshot, "README.md") {
        TextContent::Unreadable { reason } => {
            assert!(
                reason.contains("403") && reason.contains("GatedRepo"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    let s = scan(
        &with_token(&hub, cache.path(), GRANTED),
        "fixture-meta/llama-base",
    );
    assert_eq!(s.stats.requests, 4, "{}", s.stats.summary());
    assert!(s.snapshot.texts.iter().all(|t| t.text().is_some()));
    let r = report(&s.snapshot);
    assert!(
        r.licenses
            .iter()
            .any(|l| l.id == "LicenseRef-llama3.1" && l.source.file.as_deref() == Some("LICENSE")),
        "{:?}",
        r.licenses
    );
}

#[test]
fn private_and_missing_repositories_are_errors_naming_the_id_and_status() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let e = scan_err(&client(&hub, cache.path()), "fixture-org/private-model");
    assert!(
        e.contains("hf:fixture-org/private-model") && e.contains("401") && e.contains("HF_TOKEN"),
        "{e}"
    );
    let e = scan_err(&client(&hub, cache.path()), "fixture-org/no-such-model");
    assert!(
        e.contains("hf:fixture-org/no-such-model")
            && e.contains("404")
            && e.contains("RepoNotFound"),
        "{e}"
    );
    let ok = scan(
        &with_token(&hub, cache.path(), GRANTED),
        "fixture-org/private-model",
    );
    assert!(ok.snapshot.metadata.as_ref().unwrap().private);
}

#[test]
fn a_429_waits_as_long_as_retry_after_says() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/rate-limited");
    assert_eq!(s.stats.retries, 1);
    assert_eq!(s.stats.planned_waits, vec![Duration::from_secs(7)]);
    let s = scan(&client(&hub, cache.path()), "fixture-org/ratelimit-header");
    assert_eq!(s.stats.planned_waits, vec![Duration::from_secs(3)]);
    // A wait longer than the policy accepts ends at once, saying how long.
    let e = scan_err(&client(&hub, cache.path()), "fixture-org/long-wait");
    assert!(e.contains("429") && e.contains("3600 s"), "{e}");
    assert_eq!(hub.requests_for("model fixture-org/long-wait"), 1);
}

#[test]
fn a_500_is_retried_and_a_lasting_503_gives_up_with_a_clear_message() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/flaky");
    assert_eq!(s.stats.retries, 1);
    assert_eq!(s.stats.planned_waits.len(), 1);
    let e = scan_err(&client(&hub, cache.path()), "fixture-org/always-503");
    assert!(
        e.contains("503") && e.contains("3 attempts") && e.contains("try again later"),
        "{e}"
    );
    assert_eq!(hub.requests_for("model fixture-org/always-503"), 3);
}

#[test]
fn a_timeout_is_retried_and_a_lasting_one_is_an_error() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/slow");
    assert_eq!(s.stats.retries, 1);
    let e = scan_err(&client(&hub, cache.path()), "fixture-org/always-slow");
    assert!(e.contains("timeout") && e.contains("3 attempts"), "{e}");
}

#[test]
fn truncated_and_invalid_json_are_errors_not_panics() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&hub, cache.path());
    let e = scan_err(&c, "fixture-org/truncated-json");
    assert!(e.contains("cut short") && e.contains("3 attempts"), "{e}");
    for id in ["fixture-org/invalid-json", "fixture-org/html-not-json"] {
        let e = scan_err(&c, id);
        assert!(e.contains("not valid JSON") && e.contains(id), "{e}");
    }
}

#[test]
fn file_failures_are_recorded_per_file() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&hub, cache.path());
    // A 502 on the README, then success.
    let s = scan(&c, "fixture-org/flaky-readme");
    assert!(s.snapshot.text_file("README.md").unwrap().text().is_some());
    assert_eq!(s.stats.retries, 1);
    // A README cut short every time: unreadable, and what it would show is unknown.
    let s = scan(&c, "fixture-org/cut-readme");
    match text(&s.snapshot, "README.md") {
        TextContent::Unreadable { reason } => assert!(reason.contains("cut short"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let r = report(&s.snapshot);
    assert_eq!(
        common::outcome(&r, "mof-1.0", "model-card"),
        Outcome::Unknown
    );
    // A file the Hub lists but does not serve: 404 on that file only.
    let s = scan(&c, "fixture-org/missing-license");
    match text(&s.snapshot, "LICENSE") {
        TextContent::Unreadable { reason } => {
            assert!(
                reason.contains("404") && reason.contains("EntryNotFound"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    let r = report(&s.snapshot);
    assert!(r.problems.iter().any(|p| p.message.contains("LICENSE")));
    assert_eq!(
        r.openness.level,
        Level::OpenWeights,
        "{}",
        r.openness.reason
    );
}

#[test]
fn a_huge_readme_is_read_up_to_the_cap_and_not_cached() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let s = scan(&client(&hub, cache.path()), "fixture-org/huge-readme");
    match text(&s.snapshot, "README.md") {
        TextContent::Text {
            text, truncated, ..
        } => {
            assert!(*truncated);
            assert_eq!(text.len() as u64, openness::source::local::CARD_CAP);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        hub.counts()
            .log
            .iter()
            .any(|l| l.contains("/resolve/") && l.contains("README.md"))
    );
    let r = report(&s.snapshot);
    assert!(
        r.problems
            .iter()
            .any(|p| p.message.contains("only the first"))
    );
    // A cut file is never stored as if it were whole.
    let sha = sha_of("model", "fixture-org/huge-readme");
    assert!(
        !cache
            .path()
            .join("models--fixture-org--huge-readme/snapshots")
            .join(sha)
            .join("README.md")
            .exists()
    );
}

#[test]
fn one_client_serves_many_scans_at_once() {
    let hub = server();
    let cache = tempfile::tempdir().unwrap();
    let c = client(&hub, cache.path());
    // From threads, with the blocking entry point.
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let c = c.clone();
            std::thread::spawn(move || c.scan_blocking(&format!("bench/thread-{i}"), None).unwrap())
        })
        .collect();
    for h in handles {
        let s = h.join().unwrap();
        assert_eq!(s.stats.requests, 3, "{}", s.stats.summary());
    }
    // From tasks of one runtime, with the async entry point.
    let results = c
        .block_on(async {
            let mut set = tokio::task::JoinSet::new();
            for i in 0..12 {
                let c = c.clone();
                set.spawn(async move { c.scan(&format!("bench/task-{i}"), None).await });
            }
            set.join_all().await
        })
        .unwrap();
    assert_eq!(results.len(), 12);
    for r in results {
        let s = r.unwrap();
        assert_eq!(s.stats.requests, 3);
        assert!(s.snapshot.target.id.starts_with("bench/task-"));
        // Templates substitute the model's name into its card.
        let card = s.snapshot.text_file("README.md").unwrap().text().unwrap();
        assert!(card.contains(s.snapshot.target.id.as_str()));
    }
    assert_eq!(hub.total(), 60);
}

// The command line, with the environment variables users set.

fn openness(hub: &FixtureHub, home: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("openness").unwrap();
    for v in [
        "HF_TOKEN",
        "HF_TOKEN_PATH",
        "HF_HUB_OFFLINE",
        "HF_HUB_DISABLE_IMPLICIT_TOKEN",
        "XDG_CACHE_HOME",
        "NO_COLOR",
    ] {
        c.env_remove(v);
    }
    // Never the user's own cache or token: everything under a temporary HF_HOME.
    c.env("HF_ENDPOINT", hub.endpoint())
        .env("HF_HOME", home)
        .env("HF_HUB_CACHE", home.join("hub"));
    c
}

fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_scans_a_hub_id_and_reports_requests_cold_warm_and_offline() {
    let hub = server();
    let home = tempfile::tempdir().unwrap();
    let sha = sha_of("model", "fixture-org/typical-model");
    let (code, out, err) = run(openness(&hub, home.path()).args([
        "scan",
        "fixture-org/typical-model",
        "--format",
        "json",
        "--verbose",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 HTTP requests"), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["target"]["revision"], sha.as_str());
    assert_eq!(report["target"]["source"], "hub");
    let (code, out2, err) = run(openness(&hub, home.path()).args([
        "scan",
        "hf:fixture-org/typical-model",
        "--format",
        "json",
        "--verbose",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 HTTP request ") && err.contains("2 files from the cache"),
        "{err}"
    );
    assert_eq!(out, out2, "cold and warm reports are the same bytes");
    for offline in [true, false] {
        let mut cmd = openness(&hub, home.path());
        cmd.args([
            "scan",
            "fixture-org/typical-model",
            "--format",
            "json",
            "--verbose",
        ]);
        if offline {
            cmd.arg("--offline");
        } else {
            cmd.env("HF_HUB_OFFLINE", "1");
        }
        let (code, out3, err) = run(&mut cmd);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("0 HTTP requests"), "{err}");
        let r: serde_json::Value = serde_json::from_str(&out3).unwrap();
        assert_eq!(r["openness"], report["openness"]);
    }
    assert_eq!(hub.requests_for("model fixture-org/typical-model"), 4);
}

#[test]
fn cli_exits_2_naming_the_id_and_the_status() {
    let hub = server();
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(openness(&hub, home.path()).args(["scan", "fixture-org/nope"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("hf:fixture-org/nope") && err.contains("404"),
        "{err}"
    );
    let (code, _, err) =
        run(openness(&hub, home.path()).args(["scan", "fixture-org/private-model"]));
    assert_eq!(code, 2);
    assert!(err.contains("401") && err.contains("HF_TOKEN"), "{err}");
    let (code, _, err) = run(openness(&hub, home.path())
        .args(["scan", "fixture-org/typical-model"])
        .env("HF_HUB_OFFLINE", "1"));
    assert_eq!(code, 2);
    assert!(err.contains("offline"), "{err}");
    let (code, _, err) = run(openness(&hub, home.path())
        .args(["scan", "fixture-org/typical-model"])
        .env("HF_ENDPOINT", "ftp://nowhere"));
    assert_eq!(code, 2);
    assert!(err.contains("HF_ENDPOINT"), "{err}");
}

#[test]
fn tokens_never_appear_in_output_logs_errors_or_dumps() {
    let hub = server();
    let home = tempfile::tempdir().unwrap();
    let secret = "hf_secret_fixture_value_31337";
    let runs: Vec<Vec<&str>> = vec![
        vec!["scan", "fixture-meta/llama-base", "--verbose"],
        vec!["scan", "fixture-meta/llama-base", "--dump", "snapshot"],
        vec!["scan", "fixture-meta/llama-base", "--dump", "evidence"],
        vec!["scan", "fixture-meta/llama-base", "--format", "json"],
        vec!["scan", "fixture-org/echo-token", "--verbose"],
        vec!["scan", "fixture-org/private-model", "--verbose"],
    ];
    let mut seen_echo = false;
    for args in runs {
        let (code, out, err) = run(openness(&hub, home.path())
            .args(&args)
            .env("HF_TOKEN", secret));
        assert!(
            !out.contains(secret) && !err.contains(secret),
            "{args:?} leaked the token:\n{out}\n{err}"
        );
        if args[1] == "fixture-org/echo-token" {
            // The server echoed the Authorization header; the message shows it redacted.
            assert_eq!(code, 2);
            assert!(err.contains("<redacted>"), "{err}");
            seen_echo = true;
        }
    }
    assert!(seen_echo);
    // The cache holds no token either.
    for entry in walk(home.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{} holds the token",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_token_is_read_from_hf_home_when_hf_token_is_unset() {
    let hub = server();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("token"), format!("{GRANTED}\n")).unwrap();
    let (code, out, err) = run(openness(&hub, home.path()).args([
        "scan",
        "fixture-meta/llama-base",
        "--dump",
        "snapshot",
    ]));
    assert_eq!(code, 0, "{err}");
    let snap: serde_json::Value = serde_json::from_str(&out).unwrap();
    let readme = snap["texts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["path"] == "README.md")
        .unwrap();
    assert_eq!(readme["content"]["status"], "text", "{readme}");
    assert!(!out.contains(GRANTED));
    // HF_HUB_DISABLE_IMPLICIT_TOKEN ignores it.
    let (_, out, _) = run(openness(&hub, home.path())
        .args(["scan", "fixture-meta/llama-base", "--dump", "snapshot"])
        .env("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")
        .env("HF_HUB_CACHE", home.path().join("other-cache")));
    assert!(out.contains("GatedRepo"));
}

#[test]
fn check_scans_hub_models_with_one_shared_client_and_denies_manual_gating() {
    let hub = server();
    let home = tempfile::tempdir().unwrap();
    let policy = home.path().join("policy.yaml");
    std::fs::write(
        &policy,
        "version: 1\nrules:\n  denied-restrictions:\n    restrictions: [gated-access]\n",
    )
    .unwrap();
    let list = home.path().join("models.txt");
    let ids: Vec<String> = (1..=20).map(|i| format!("bench/shared-{i:02}")).collect();
    std::fs::write(&list, ids.join("\n") + "\n").unwrap();
    hub.reset();
    let (code, out, err) = run(openness(&hub, home.path()).args([
        "check",
        "--policy",
        policy.to_str().unwrap(),
        "--from",
        list.to_str().unwrap(),
        "--jobs",
        "4",
        "--format",
        "json",
        "--quiet",
    ]));
    assert_eq!(code, 0, "{out}\n{err}");
    // Cold: model info, README and LICENSE per model; nothing else.
    assert_eq!(hub.total(), 60, "{:?}", hub.counts());
    hub.reset();
    let (code, _, err) = run(openness(&hub, home.path()).args([
        "check",
        "--policy",
        policy.to_str().unwrap(),
        "--from",
        list.to_str().unwrap(),
        "--jobs",
        "4",
        "--quiet",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(hub.total(), 20, "warm: one request per model");
    // A manually gated model breaks a policy that denies gated access.
    let (code, out, err) = run(openness(&hub, home.path()).args([
        "check",
        "--policy",
        policy.to_str().unwrap(),
        "fixture-meta/llama-base",
        "--format",
        "json",
    ]));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("gated-access"), "{out}");
}
