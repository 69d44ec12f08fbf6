//! Targets as people paste them (issue 15, point 5): a Hub model page's address in its usual
//! forms reads that model (at the revision the address names), a dataset's or a Space's page is
//! refused with what to give instead, a legacy single-name id (`gpt2`) goes to the Hub, and a
//! bare name that is neither a path nor a model says both. The fixture Hub on 127.0.0.1.

mod common;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::time::Duration;

use openness::source::TargetSpec;

fn parsed(raw: &str) -> (String, String, Option<String>, bool) {
    let s = TargetSpec::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
    (s.provider.to_string(), s.id, s.revision, s.guessed)
}

#[test]
fn hub_addresses_and_legacy_ids_are_hub_targets() {
    let hub = |id: &str, rev: Option<&str>, guessed: bool| {
        (
            "hub".to_string(),
            id.to_string(),
            rev.map(str::to_string),
            guessed,
        )
    };
    for (raw, want) in [
        (
            "https://huggingface.co/EleutherAI/pythia-1b",
            hub("EleutherAI/pythia-1b", None, false),
        ),
        (
            "huggingface.co/EleutherAI/pythia-1b/",
            hub("EleutherAI/pythia-1b", None, false),
        ),
        (
            "https://hf.co/allenai/OLMo-2-1124-7B/tree/stage1-step1000-tokens5B",
            hub(
                "allenai/OLMo-2-1124-7B",
                Some("stage1-step1000-tokens5B"),
                false,
            ),
        ),
        (
            "https://huggingface.co/org/m/blob/main/README.md#model-details",
            hub("org/m", Some("main"), false),
        ),
        ("https://huggingface.co/gpt2", hub("gpt2", None, false)),
        ("hf:org/m@v1", hub("org/m", Some("v1"), false)),
        ("org/m", hub("org/m", None, true)),
        ("gpt2", hub("gpt2", None, true)),
        (
            "bert-base-uncased@main",
            hub("bert-base-uncased", Some("main"), true),
        ),
    ] {
        assert_eq!(parsed(raw), want, "{raw}");
    }
    // A path that exists is read as a path, whatever it looks like.
    assert_eq!(parsed("tests/fixtures/open-research-model").0, "local");
    // Not models, or not names: each refused with what to give.
    for (raw, says) in [
        (
            "https://huggingface.co/datasets/allenai/dolma",
            "a dataset's page, not a model",
        ),
        (
            "https://huggingface.co/spaces/org/demo",
            "a Space's page, not a model",
        ),
        (
            "https://huggingface.co/org/m/tree/..%2F..%2Fetc",
            "not a valid revision",
        ),
        ("no-such-card.md", "is not an existing path"),
        ("./missing-model", "is not an existing path"),
    ] {
        let e = TargetSpec::parse(raw).unwrap_err().to_string();
        assert!(e.contains(says), "{raw}: {e}");
    }
}

fn openness(hub: &fixture_hub::FixtureHub, cache: &std::path::Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("openness").unwrap();
    c.env("HF_ENDPOINT", hub.endpoint())
        .env("HF_HOME", cache)
        .env("HF_HUB_CACHE", cache.join("hub"))
        .env("OPENNESS_CACHE", cache.join("openness"))
        .env_remove("HF_HUB_OFFLINE")
        .env_remove("HF_TOKEN")
        .timeout(Duration::from_secs(60));
    c
}

#[test]
fn a_pasted_page_address_reads_the_model() {
    let hub = fixture_hub::FixtureHub::start(common::fixture("hub")).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let by_id = openness(&hub, cache.path())
        .args(["scan", "fixture-org/typical-model", "--format", "json"])
        .output()
        .unwrap();
    assert!(by_id.status.success(), "{by_id:?}");
    for page in [
        "https://huggingface.co/fixture-org/typical-model",
        "hf.co/fixture-org/typical-model/tree/main",
    ] {
        let by_page = openness(&hub, cache.path())
            .args(["scan", page, "--format", "json"])
            .output()
            .unwrap();
        assert!(by_page.status.success(), "{page}: {by_page:?}");
        assert_eq!(
            String::from_utf8_lossy(&by_page.stdout),
            String::from_utf8_lossy(&by_id.stdout),
            "{page}"
        );
    }
}

#[test]
fn a_bare_name_that_is_neither_a_path_nor_a_model_says_both() {
    let hub = fixture_hub::FixtureHub::start(common::fixture("hub")).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let out = openness(&hub, cache.path())
        .args(["scan", "fixture-org/no-such-model"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(
        err.contains("`fixture-org/no-such-model` is not an existing path either"),
        "{err}"
    );
    // Said as a Hub id, it is only the Hub's answer.
    let out = openness(&hub, cache.path())
        .args(["scan", "hf:fixture-org/no-such-model"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!err.contains("not an existing path"), "{err}");
}

/// A card without its repository (point 6): a folder holding only a model card (and plain
/// documents beside it) reads as the card alone, the same way as the card file given on its
/// own: the level is unknown, with what the terms would make it if the weights are published.
#[test]
fn a_folder_with_only_a_card_reads_as_the_card() {
    let card = "---\nlicense: apache-2.0\n---\n# A model\n\nA 7B language model.\n";
    let folder = |extra: &[(&str, &[u8])]| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), card).unwrap();
        for (name, bytes) in extra {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        dir
    };
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let scan =
        |target: &std::path::Path| openness::scan(target.to_str().unwrap(), &rubrics).unwrap();
    let want_reason = "whether weights are published cannot be told (only the model card was read, without its repository's file listing); if they are, the declared terms make the model open-weights";
    for extra in [
        &[][..],
        &[("SOURCE", &b"https://huggingface.co/org/m\n"[..])][..],
        &[
            ("LICENSE.txt", &b"Apache License 2.0, see the card\n"[..]),
            ("notes.md", &b"# notes\n"[..]),
        ][..],
    ] {
        let dir = folder(extra);
        let as_folder = scan(dir.path());
        let as_card = scan(&dir.path().join("README.md"));
        for r in [&as_folder, &as_card] {
            assert_eq!(
                r.openness.level,
                openness::level::Level::Unknown,
                "{extra:?}: {}",
                r.openness.reason
            );
            assert!(
                r.openness.reason.starts_with(want_reason),
                "{extra:?}: {}",
                r.openness.reason
            );
        }
        assert!(
            as_folder
                .limits
                .iter()
                .any(|n| n.contains("the folder holds a model card and no repository files")),
            "{:?}",
            as_folder.limits
        );
    }
    // Anything a repository holds makes it a repository: without weights, it publishes none.
    for extra in [
        &[("config.json", &b"{\"model_type\": \"llama\"}"[..])][..],
        &[(".gitattributes", &b"*.safetensors filter=lfs\n"[..])][..],
        &[(".git/HEAD", &b"ref: refs/heads/main\n"[..])][..],
        &[("train.py", &b"print(1)\n"[..])][..],
        &[("data/notes.yaml", &b"a: 1\n"[..])][..],
    ] {
        let dir = folder(extra);
        let r = scan(dir.path());
        assert_eq!(
            r.openness.level,
            openness::level::Level::Closed,
            "{extra:?}: {}",
            r.openness.reason
        );
    }
    let dir = folder(&[("model.safetensors", &[1u8; 4096][..])]);
    assert_eq!(
        scan(dir.path()).openness.level,
        openness::level::Level::OpenWeights
    );
}
