//! The local side of the hardening issue (14): special files in a model directory (item 7),
//! capped reads of every file the user names (item 10), `--output` through devices, FIFOs and
//! symbolic links (item 11), symbolic links out of a model directory (item 12) and revisions
//! and refs files of the HF cache that would be paths (item 13). Temporary directories, each
//! command bounded in time.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

const LIMIT: Duration = Duration::from_secs(60);

fn openness() -> Command {
    let mut c = Command::cargo_bin("openness").unwrap();
    c.env_remove("HF_HOME")
        .env_remove("HF_HUB_CACHE")
        .env("HF_HUB_OFFLINE", "1")
        .timeout(LIMIT);
    c
}

/// A model directory with a card (MIT in its metadata).
fn model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "---\nlicense: mit\n---\n# A model\n",
    )
    .unwrap();
    dir
}

fn dump(dir: &Path) -> String {
    let out = openness()
        .args(["scan", &dir.display().to_string(), "--dump", "snapshot"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success());
}

#[cfg(unix)]
#[test]
fn special_files_in_a_model_directory_are_never_opened() {
    use std::os::unix::fs::symlink;
    let dir = model();
    let d = dir.path();
    // A FIFO blocks on opening; /proc/kmsg blocks on reading.
    mkfifo(&d.join("NOTICE"));
    symlink("NOTICE", d.join("COPYING")).unwrap();
    symlink("/proc/kmsg", d.join("LICENSE.txt")).unwrap();
    // Nor is a git HEAD that is a FIFO.
    std::fs::create_dir(d.join(".git")).unwrap();
    mkfifo(&d.join(".git/HEAD"));
    let snap = dump(d);
    assert!(
        snap.contains("a FIFO, not a regular file; not listed"),
        "{snap}"
    );
    let v: serde_json::Value = serde_json::from_str(&snap).unwrap();
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(!files.contains(&"NOTICE") && !files.contains(&"COPYING"));
    // The reader on its own refuses a FIFO at once.
    let t = openness::source::local::read_text(&d.join("NOTICE"), "NOTICE", None, 1000);
    assert!(
        matches!(&t.content, openness::snapshot::TextContent::Unreadable { reason } if reason.contains("a FIFO")),
        "{t:?}"
    );
}

const POLICY: &str = "tests/fixtures/check-registry/policy.yaml";

#[test]
fn every_file_the_user_names_is_read_up_to_a_cap() {
    let dir = tempfile::tempdir().unwrap();
    // A report over the cap of `diff` (sparse: no disk used).
    let big = dir.path().join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let big = big.display().to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["license", "identify", "/dev/zero"],
            "the license text is over the 8388608 byte limit",
        ),
        (
            vec!["check", "--policy", POLICY, "--from", "/dev/zero"],
            "the target list is over the 67108864 byte limit",
        ),
        (
            vec![
                "scan",
                "tests/fixtures/apache-weights-only",
                "--rubric",
                "/dev/zero",
            ],
            "the rubric file is over the",
        ),
        (
            vec!["rubric", "show", "/dev/zero", "--format", "yaml"],
            "the rubric file is over the",
        ),
        (
            vec!["check", "--policy", "/dev/zero", "x"],
            "the policy is over the",
        ),
        (
            vec!["diff", &big, &big],
            "the report is over the 67108864 byte limit",
        ),
    ];
    for (args, message) in cases {
        openness()
            .args(&args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains(if args.contains(&"diff") {
                big.as_str()
            } else {
                "/dev/zero"
            }));
    }
    // Standard input too.
    openness()
        .args(["check", "--policy", POLICY, "--from", "-"])
        .write_stdin(vec![b'a'; 65 * 1024 * 1024])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "<standard input>: the target list is over the 67108864 byte limit",
        ));
}

#[cfg(unix)]
#[test]
fn output_writes_through_what_is_not_a_regular_file() {
    use std::os::unix::fs::{FileTypeExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scan = |output: &str| {
        let mut c = openness();
        c.args([
            "scan",
            "tests/fixtures/apache-weights-only",
            "--format",
            "json",
            "--output",
            output,
        ]);
        c
    };
    // `-` and /dev/stdout are standard output.
    for out in ["-", "/dev/stdout"] {
        scan(out)
            .assert()
            .success()
            .stdout(predicate::str::contains("\"schema_version\""));
    }
    // A FIFO is written to, and stays a FIFO.
    let fifo = d.join("report.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    scan(&fifo.display().to_string()).assert().success();
    assert!(reader.join().unwrap().contains("\"schema_version\""));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A symbolic link stays a link; its target is replaced, beside itself.
    std::fs::create_dir(d.join("reports")).unwrap();
    std::fs::write(d.join("reports/latest.json"), "old").unwrap();
    let link = d.join("latest.json");
    symlink("reports/latest.json", &link).unwrap();
    scan(&link.display().to_string()).assert().success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(d.join("reports/latest.json")).unwrap();
    assert!(written.contains("\"schema_version\""));
    let left: Vec<_> = std::fs::read_dir(d).unwrap().flatten().collect();
    assert_eq!(left.len(), 3, "no temporary file is left: {left:?}");
    // A regular file is still replaced atomically.
    let plain = d.join("plain.json");
    std::fs::write(&plain, "old").unwrap();
    scan(&plain.display().to_string()).assert().success();
    assert!(
        std::fs::read_to_string(&plain)
            .unwrap()
            .contains("\"schema_version\"")
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_a_model_directory_are_not_read() {
    use std::os::unix::fs::symlink;
    let home = tempfile::tempdir().unwrap();
    let token = home.path().join("token");
    std::fs::write(&token, "hf_secret_token_never_shown_9f8e").unwrap();
    let dir = model();
    let d = dir.path();
    symlink(&token, d.join("LICENSE")).unwrap();
    symlink("../../../../../../../../etc/hostname", d.join("NOTICE")).unwrap();
    // A link that stays inside is read.
    std::fs::create_dir(d.join("docs")).unwrap();
    std::fs::write(d.join("docs/terms.txt"), "Terms kept inside the model").unwrap();
    symlink("docs/terms.txt", d.join("USE_POLICY.md")).unwrap();
    let snap = dump(d);
    assert!(!snap.contains("hf_secret_token_never_shown_9f8e"), "{snap}");
    assert!(snap.contains("Terms kept inside the model"), "{snap}");
    let v: serde_json::Value = serde_json::from_str(&snap).unwrap();
    let text = |path: &str| {
        v["texts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["path"] == path)
            .unwrap_or_else(|| panic!("no text {path}: {snap}"))
            .to_string()
    };
    for f in ["LICENSE", "NOTICE"] {
        assert!(
            text(f).contains("a symbolic link to a file outside the model's directory"),
            "{}",
            text(f)
        );
    }
}

/// An HF cache holding `org/name` at one commit, with `refs/main` and more refs files.
fn hf_cache(refs: &[(&str, &str)]) -> tempfile::TempDir {
    let cache = tempfile::tempdir().unwrap();
    let repo = cache.path().join("models--org--name");
    let sha = "0123456789abcdef0123456789abcdef01234567";
    std::fs::create_dir_all(repo.join("snapshots").join(sha)).unwrap();
    std::fs::write(
        repo.join("snapshots").join(sha).join("README.md"),
        "---\nlicense: mit\n---\n",
    )
    .unwrap();
    std::fs::create_dir_all(repo.join("refs")).unwrap();
    std::fs::write(repo.join("refs/main"), sha).unwrap();
    for (name, content) in refs {
        std::fs::write(repo.join("refs").join(name), content).unwrap();
    }
    cache
}

#[test]
fn revisions_and_refs_files_never_become_paths() {
    let cache = hf_cache(&[("evil", "/etc\n"), ("up", "../../..")]);
    let run = |target: &str, offline: bool| {
        let mut c = openness();
        c.env("HF_HUB_CACHE", cache.path())
            .args(["scan", target, "--dump", "snapshot"]);
        if offline {
            c.arg("--offline");
        }
        c.assert()
    };
    run("hf-cache:org/name", false).success();
    run(
        "hf-cache:org/name@0123456789abcdef0123456789abcdef01234567",
        false,
    )
    .success();
    for target in [
        "hf-cache:org/name@../../../../etc",
        "hf-cache:org/name@/etc",
        "hf-cache:org/name@main\\..\\x",
    ] {
        run(target, false)
            .failure()
            .stderr(predicate::str::contains("is not a valid revision"));
    }
    run("hf:org/name@../..", true)
        .failure()
        .stderr(predicate::str::contains("is not a valid revision"));
    for rev in ["evil", "up"] {
        run(&format!("hf-cache:org/name@{rev}"), false)
            .failure()
            .stderr(predicate::str::contains(format!(
                "refs/{rev} in the cache at"
            )))
            .stderr(predicate::str::contains(
                "does not hold a 40-character commit sha",
            ));
    }
}
