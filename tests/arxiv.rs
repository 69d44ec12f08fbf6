//! arXiv papers from the OAI-PMH-shaped fixture server on 127.0.0.1: the record's title, first
//! version date and license; old records without a license; `idDoesNotExist`; arXiv's flow
//! control (503 with `Retry-After`); the cache (1 request cold, 0 warm) and offline mode.

#[path = "support/fixture_arxiv.rs"]
mod fixture_arxiv;

use std::path::Path;
use std::time::Duration;

use fixture_arxiv::FixtureArxiv;
use openness::source::arxiv::{ArxivClient, ArxivConfig, PaperRecord};
use openness::source::http::{Counter, RequestStats};

fn config(base: &str, cache: &Path) -> ArxivConfig {
    let mut c = ArxivConfig::new(base);
    c.cache_root = Some(cache.to_path_buf());
    c.retry.sleep_cap = Some(Duration::from_millis(10));
    c
}

fn paper(c: &ArxivClient, id: &str) -> (Result<PaperRecord, String>, RequestStats) {
    let counter = Counter::default();
    let r = c
        .paper_blocking(id, &counter)
        .unwrap()
        .map(|p| (*p).clone());
    (r, counter.stats())
}

#[test]
fn a_record_costs_1_request_cold_and_0_warm_or_offline() {
    let ax = FixtureArxiv::start("tests/fixtures/arxiv").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (p, stats) = paper(
        &ArxivClient::new(config(&ax.endpoint(), cache.path())).unwrap(),
        "2304.01373",
    );
    let p = p.unwrap();
    assert_eq!(
        p.title.as_deref(),
        Some("Pythia: A Suite for Analyzing Large Language Models Across Training and Scaling")
    );
    assert_eq!(p.date.as_deref(), Some("2023-04-03"));
    assert_eq!(
        p.license.as_deref(),
        Some("http://creativecommons.org/licenses/by/4.0/")
    );
    assert_eq!((stats.requests, ax.requests_for("2304.01373")), (1, 1));

    ax.reset();
    let (warm, stats) = paper(
        &ArxivClient::new(config(&ax.endpoint(), cache.path())).unwrap(),
        "2304.01373",
    );
    assert_eq!(warm.unwrap(), p);
    assert_eq!((stats.requests, stats.cache_hits, ax.total()), (0, 1, 0));

    let mut off = config(&ax.endpoint(), cache.path());
    off.offline = true;
    let off = ArxivClient::new(off).unwrap();
    assert_eq!(paper(&off, "2304.01373").0.unwrap(), p);
    let e = paper(&off, "2101.00027").0.unwrap_err();
    assert!(
        e.contains("offline") && e.contains("not in the cache"),
        "{e}"
    );
    assert_eq!(ax.total(), 0);
}

#[test]
fn old_records_missing_ids_and_bad_ids() {
    let ax = FixtureArxiv::start("tests/fixtures/arxiv").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let c = ArxivClient::new(config(&ax.endpoint(), cache.path())).unwrap();
    let old = paper(&c, "hep-th/9711200").0.unwrap();
    assert_eq!(old.license, None);
    assert_eq!(old.date.as_deref(), Some("1997-11-27"));
    let e = paper(&c, "2999.99999").0.unwrap_err();
    assert!(
        e.contains("idDoesNotExist") && e.contains("2999.99999"),
        "{e}"
    );
    let e = paper(&c, "../secret").0.unwrap_err();
    assert!(e.contains("not an arXiv identifier"), "{e}");
    assert_eq!(ax.requests_for("../secret"), 0);
}

#[test]
fn flow_control_is_honoured_and_a_long_wait_gives_up_saying_when() {
    // arXiv asks twice to come back in 5 s: waited (planned), then read.
    let busy = FixtureArxiv::start("tests/fixtures/arxiv-busy").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (p, stats) = paper(
        &ArxivClient::new(config(&busy.endpoint(), cache.path())).unwrap(),
        "2304.01373",
    );
    assert!(p.is_ok(), "{p:?}");
    assert_eq!(stats.planned_waits, vec![Duration::from_secs(5); 2]);
    assert_eq!(busy.total(), 3);

    // A 503 once, a slow answer once: retried.
    let ax = FixtureArxiv::start("tests/fixtures/arxiv").unwrap();
    let c = ArxivClient::new(config(&ax.endpoint(), cache.path())).unwrap();
    let (p, stats) = paper(&c, "0000.00001");
    assert!(p.is_ok() && stats.retries == 1, "{p:?} {stats:?}");

    // Ten minutes is longer than a scan waits: given up at once, with the time.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/arxiv/2304.01373.json",
        dir.path().join("2304.01373.json"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("_faults.json"),
        r#"[{"times": 5, "status": 503, "headers": {"Retry-After": "600"}}]"#,
    )
    .unwrap();
    let slow = FixtureArxiv::start(dir.path()).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let e = paper(
        &ArxivClient::new(config(&slow.endpoint(), cache.path())).unwrap(),
        "2304.01373",
    )
    .0
    .unwrap_err();
    assert!(
        e.contains("503") && e.contains("600 s") && e.contains("UTC"),
        "{e}"
    );
    assert_eq!(slow.total(), 1);
}

#[test]
fn an_unreachable_archive_is_a_reason_not_a_crash() {
    let cache = tempfile::tempdir().unwrap();
    let mut c = config("http://127.0.0.1:9", cache.path());
    c.retry.retries = 1;
    let e = paper(&ArxivClient::new(c).unwrap(), "2304.01373")
        .0
        .unwrap_err();
    assert!(
        e.contains("could not be read") && e.contains("cannot connect"),
        "{e}"
    );
}
