//! Streamed output (`--format jsonl`), `openness merge` of shards, and the Hub listing
//! (`--from-hub`) against the fixture Hub on 127.0.0.1.

mod common;
#[path = "support/fixture_hub.rs"]
mod fixture_hub;

use std::path::Path;

use common::{fixture, openness_cmd};
use fixture_hub::FixtureHub;
use serde_json::Value;

const POLICY: &str = "bench/policy.yaml";

fn local_targets() -> Vec<String> {
    [
        "open-research-model",
        "llama-licensed",
        "no-license",
        "non-commercial",
        "modified-mit",
        "apache-weights-only",
        "does-not-exist",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect()
}

fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn check_jsonl_is_one_line_per_model_between_a_head_and_an_end() {
    let (code, out, _) = run(openness_cmd()
        .args(["check", "--policy", POLICY, "--format", "jsonl", "-q"])
        .args(local_targets()));
    assert_eq!(code, 1);
    let recs = lines(&out);
    assert_eq!(recs.len(), local_targets().len() + 2);
    assert_eq!(recs[0]["record"], "check");
    assert_eq!(recs[0]["policy"]["file"], POLICY);
    for (i, r) in recs[1..recs.len() - 1].iter().enumerate() {
        assert_eq!(r["record"], "model");
        assert_eq!(r["position"], i);
        assert_eq!(r["target"], local_targets()[i], "input order");
    }
    let end = recs.last().unwrap();
    assert_eq!(end["record"], "end");
    assert_eq!(end["exit_code"], 1);
    // The same counts as the whole document.
    let (_, json, _) = run(openness_cmd()
        .args(["check", "--policy", POLICY, "--format", "json", "-q"])
        .args(local_targets()));
    let whole: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(end["counts"], whole["counts"]);
    // Each model line is the model of the whole document, plus its record and position.
    let mut first = recs[1].clone();
    let obj = first.as_object_mut().unwrap();
    obj.remove("record");
    obj.remove("position");
    obj.remove("root");
    assert_eq!(first, whole["models"][0]);
}

#[test]
fn merged_shards_equal_one_run_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut shards = Vec::new();
    // Shards given out of order: merge puts the list back in order.
    for k in [3, 1, 2] {
        let (code, out, _) = run(openness_cmd()
            .args(["check", "--policy", POLICY, "--format", "jsonl", "-q"])
            .args(["--shard", &format!("{k}/3")])
            .args(local_targets()));
        assert_eq!(code, 1, "shard {k}");
        shards.push(write(dir.path(), &format!("check-{k}.jsonl"), &out));
    }
    for format in ["json", "sarif", "junit", "terminal", "github"] {
        let (c1, whole, _) = run(openness_cmd()
            .args(["check", "--policy", POLICY, "--format", format, "-q"])
            .args(local_targets()));
        let (c2, merged, err) = run(openness_cmd()
            .args(["merge", "-q", "--format", format])
            .args(&shards));
        assert_eq!((c1, c2), (1, 1), "{format}: {err}");
        assert!(whole == merged, "{format}: the merged output differs");
    }
    // A merged jsonl merges again to the same.
    let (_, again, _) = run(openness_cmd()
        .args(["merge", "-q", "--format", "jsonl"])
        .args(&shards));
    let again = write(dir.path(), "again.jsonl", &again);
    let (_, a, _) = run(openness_cmd().args(["merge", "-q", "-f", "json", &again]));
    let (_, b, _) = run(openness_cmd()
        .args(["merge", "-q", "-f", "json"])
        .args(&shards));
    assert_eq!(a, b);

    let mut parts = Vec::new();
    for k in [2, 1] {
        let (_, out, _) = run(openness_cmd()
            .args(["compare", "--format", "jsonl"])
            .args(["--shard", &format!("{k}/2")])
            .args(local_targets()));
        parts.push(write(dir.path(), &format!("compare-{k}.jsonl"), &out));
    }
    for format in ["json", "html", "csv", "markdown", "latex"] {
        let (c1, whole, _) = run(openness_cmd()
            .args(["compare", "--format", format])
            .args(local_targets()));
        let (c2, merged, err) = run(openness_cmd()
            .args(["merge", "--format", format])
            .args(&parts));
        assert_eq!((c1, c2), (2, 2), "{format}: {err}");
        assert!(whole == merged, "{format}: the merged output differs");
    }
    // Sorting and filters apply when merging.
    let (_, sorted, _) = run(openness_cmd()
        .args([
            "compare",
            "--format",
            "json",
            "--sort",
            "level",
            "--min-level",
            "open-weights",
        ])
        .args(local_targets()));
    let (_, merged, _) = run(openness_cmd()
        .args([
            "merge",
            "--format",
            "json",
            "--sort",
            "level",
            "--min-level",
            "open-weights",
        ])
        .args(&parts));
    assert!(sorted == merged, "sorted and filtered when merging");
}

#[test]
fn merge_refuses_what_would_lose_or_double_models() {
    let dir = tempfile::tempdir().unwrap();
    let shard = |k: u32, n: u32| {
        let (_, out, _) = run(openness_cmd()
            .args(["check", "--policy", POLICY, "--format", "jsonl", "-q"])
            .args(["--shard", &format!("{k}/{n}")])
            .args(local_targets()));
        out
    };
    let s1 = write(dir.path(), "s1.jsonl", &shard(1, 2));
    let s2_text = shard(2, 2);
    let s2 = write(dir.path(), "s2.jsonl", &s2_text);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![s1.clone()], "shard 2/2 is missing"),
        (
            vec![s1.clone(), s1.clone(), s2.clone()],
            "shard 1/2 is given twice",
        ),
        (
            vec![
                s1.clone(),
                write(
                    dir.path(),
                    "cut.jsonl",
                    &s2_text
                        .lines()
                        .take(2)
                        .map(|l| format!("{l}\n"))
                        .collect::<String>(),
                ),
            ],
            "ends before its `end` line",
        ),
        (
            vec![s1.clone(), write(dir.path(), "other.jsonl", &shard(1, 3))],
            "different splits",
        ),
        (
            vec![write(dir.path(), "junk.jsonl", "not json\n")],
            "not JSON",
        ),
        (vec![write(dir.path(), "empty.jsonl", "")], "is empty"),
    ];
    for (files, message) in cases {
        let (code, _, err) = run(openness_cmd().arg("merge").args(&files));
        assert_eq!(code, 2, "{files:?}: {err}");
        assert!(
            err.contains(message),
            "{files:?}: want `{message}` in: {err}"
        );
    }
    // A check and a comparison do not merge; a format of the other command is refused.
    let (_, cmp, _) = run(openness_cmd()
        .args(["compare", "--format", "jsonl"])
        .arg(fixture("open-research-model")));
    let cmp = write(dir.path(), "cmp.jsonl", &cmp);
    let (code, _, err) = run(openness_cmd().args(["merge", &s1, &cmp]));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(openness_cmd().args(["merge", "-f", "sarif", &cmp]));
    assert_eq!(code, 2);
    assert!(err.contains("not a format for a comparison"), "{err}");
    // Sorting a streamed comparison is refused with what to do instead.
    let (code, _, err) = run(openness_cmd()
        .args(["compare", "--format", "jsonl", "--sort", "level"])
        .arg(fixture("open-research-model")));
    assert_eq!(code, 2);
    assert!(err.contains("openness merge"), "{err}");
}

fn hub_cmd(hub: &FixtureHub, home: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("openness").unwrap();
    for v in ["HF_TOKEN", "HF_TOKEN_PATH", "HF_HUB_OFFLINE", "NO_COLOR"] {
        c.env_remove(v);
    }
    c.env("HF_ENDPOINT", hub.endpoint())
        .env("HF_HOME", home)
        .env("HF_HUB_CACHE", home.join("hub"));
    c
}

#[test]
fn from_hub_follows_the_listing_pages_with_its_filters() {
    let hub = FixtureHub::start(fixture("hub")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(hub_cmd(&hub, home.path()).args([
        "check",
        "--policy",
        POLICY,
        "--format",
        "jsonl",
        "-q",
        "--from-hub",
        "author=census,tag=census,library=transformers,sort=downloads,limit=12",
    ]));
    assert_eq!(code, 0, "{err}");
    let recs = lines(&out);
    let models: Vec<&str> = recs
        .iter()
        .filter(|r| r["record"] == "model")
        .map(|r| r["target"].as_str().unwrap())
        .collect();
    let want: Vec<String> = (1..=12).map(|i| format!("census/model-{i:02}")).collect();
    assert_eq!(models, want);
    assert!(recs.iter().all(|r| r["error"].is_null()), "{out}");
    let log = hub.counts().log;
    let pages: Vec<&String> = log.iter().filter(|l| l.contains("/api/models?")).collect();
    // 12 models in pages of 5: three pages, the filters in the first request.
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(
        pages[0].contains("author=census")
            && pages[0].contains("filter=census")
            && pages[0].contains("library=transformers")
            && pages[0].contains("sort=downloads&direction=-1"),
        "{}",
        pages[0]
    );
    assert!(pages[2].contains("cursor=10"), "{}", pages[2]);
    // Three requests a model cold (info, README.md, LICENSE), on top of the pages.
    assert_eq!(hub.counts().total, 3 + 12 * 3);
}

#[test]
fn from_hub_shards_share_out_the_listing_by_id_and_merge_back() {
    let hub = FixtureHub::start(fixture("hub")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let (_, out, err) = run(hub_cmd(&hub, home.path()).args([
            "compare",
            "--format",
            "jsonl",
            "--from-hub",
            "author=census",
            "--shard",
            &format!("{k}/3"),
        ]));
        let rows: Vec<String> = lines(&out)
            .iter()
            .filter(|r| r["record"] == "row")
            .map(|r| r["target"].as_str().unwrap().to_string())
            .collect();
        assert!(!rows.is_empty(), "shard {k}: {err}");
        seen.extend(rows);
        files.push(write(dir.path(), &format!("{k}.jsonl"), &out));
    }
    seen.sort();
    let want: Vec<String> = (1..=23).map(|i| format!("census/model-{i:02}")).collect();
    assert_eq!(seen, want, "every model in exactly one shard");
    let (code, merged, err) = run(openness_cmd().args(["merge", "-f", "json"]).args(&files));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&merged).unwrap();
    let names: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        want.iter().map(String::as_str).collect::<Vec<_>>(),
        "listing order"
    );
}

#[test]
fn a_broken_listing_is_a_row_and_the_models_before_it_are_checked() {
    let root = tempfile::tempdir().unwrap();
    let t = root.path().join("templates/census");
    std::fs::create_dir_all(t.join("files")).unwrap();
    for f in ["README.md", "LICENSE"] {
        std::fs::copy(
            Path::new("tests/fixtures/hub/templates/census/files").join(f),
            t.join("files").join(f),
        )
        .unwrap();
    }
    let mut spec: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/hub/templates/census/repo.json").unwrap(),
    )
    .unwrap();
    spec["list_fail_at"] = 10.into();
    std::fs::write(t.join("repo.json"), spec.to_string()).unwrap();
    let hub = FixtureHub::start(root.path()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(hub_cmd(&hub, home.path()).args([
        "check",
        "--policy",
        POLICY,
        "--format",
        "json",
        "-q",
        "--from-hub",
        "author=census",
    ]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let models = v["models"].as_array().unwrap();
    assert_eq!(models.len(), 11, "10 models, then the listing's failure");
    let last = &models[10];
    assert_eq!(last["status"], "error");
    assert_eq!(last["target"], "hub listing author=census");
    let message = last["error"].as_str().unwrap();
    assert!(
        message.contains("failed at page 3") && message.contains("400"),
        "{message}"
    );

    // A next-page link to another host is not followed (it would take the token there).
    spec.as_object_mut().unwrap().remove("list_fail_at");
    spec["list_next_host"] = "attacker.example:80".into();
    std::fs::write(t.join("repo.json"), spec.to_string()).unwrap();
    let (_, out, err) = run(hub_cmd(&hub, home.path())
        .env("HF_TOKEN", "hf_secret_token_value")
        .args(["check", "--policy", POLICY, "--format", "json", "-q"])
        .args(["--from-hub", "author=census"]));
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(
        v["models"].as_array().unwrap().len(),
        5,
        "the first page only"
    );
}

#[test]
fn from_hub_is_refused_offline_and_bad_filters_say_what_is_valid() {
    let (code, out, err) = run(openness_cmd().args([
        "check",
        "--policy",
        POLICY,
        "--format",
        "json",
        "--from-hub",
        "author=x",
        "-q",
    ]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["models"][0]["error"]
            .as_str()
            .unwrap()
            .contains("offline"),
        "{out}"
    );
    for (filters, message) in [
        ("colour=red", "unknown filter `colour`"),
        ("sort=best", "unknown sort `best`"),
        ("", "no filter given"),
    ] {
        let (code, _, err) = run(openness_cmd().args(["compare", "--from-hub", filters]));
        assert_eq!(code, 2, "{filters}");
        assert!(err.contains(message), "{filters}: {err}");
    }
}

#[test]
fn long_lists_are_streamed_in_order_with_repeats_dropped() {
    // 600 targets (each a missing path, read at once) and repeats: every row in order, once.
    let dir = tempfile::tempdir().unwrap();
    let mut list = String::new();
    for i in 0..600 {
        list.push_str(&format!("./missing-{i}\n"));
        if i % 100 == 0 {
            list.push_str("./missing-0\n");
        }
    }
    let file = write(dir.path(), "list.txt", &list);
    let (code, out, err) = run(openness_cmd().args([
        "check", "--policy", POLICY, "--format", "jsonl", "--from", &file, "--jobs", "7",
    ]));
    assert_eq!(code, 1);
    let targets: Vec<String> = lines(&out)
        .iter()
        .filter(|r| r["record"] == "model")
        .map(|r| r["target"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = (0..600).map(|i| format!("./missing-{i}")).collect();
    assert_eq!(targets, want);
    assert_eq!(err.matches("is listed more than once").count(), 6, "{err}");
}
