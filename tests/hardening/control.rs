//! Item 15 of the hardening issue (14): control and bidi characters from outside (file and
//! directory names, card metadata and text, command-line values, paths in error messages) never
//! reach an output raw. A model directory whose name holds a newline, an SGR sequence and U+202E,
//! whose files are named with ESC sequences and an OSC 8 hyperlink, and whose card holds them in
//! its metadata and sections, is scanned, compared, checked, diffed and badged in every format;
//! each output, and what is said on standard error, must hold none of them except the tool's own
//! colour codes, and must keep ordinary text (Arabic, emoji, tabs) as it is.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

const LIMIT: Duration = Duration::from_secs(120);

/// A directory name with a line break, a colour sequence and a right-to-left override.
const EVIL_DIR: &str = "evil\nmodel\u{1b}[31m\u{202e}gnp.exe";
/// Its one-line form, as a terminal shows it.
const EVIL_DIR_SHOWN: &str = "evil\\nmodel\\u{1b}[31m\\u{202e}gnp.exe";
/// An OSC 8 hyperlink, terminated by BEL (a file name cannot hold the `/` of a URL path, so its
/// target has none).
const OSC8_BEL: &str = "\u{1b}]8;;https:evil.example\u{7}click\u{1b}]8;;\u{7}";
/// A model whose name and card are Arabic with an emoji: nothing in it may change.
const ARABIC_DIR: &str = "نموذج-🤗";

/// The characters no output may hold raw (the brief's list): C0 controls but line feed and tab
/// (a carriage return only before a line feed), DEL, C1 controls, the bidi controls, and the
/// line and paragraph separators. Written out here, not taken from the library under test.
fn forbidden(c: char, next: Option<char>) -> bool {
    match c {
        '\n' | '\t' => false,
        '\r' => next != Some('\n'),
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

/// Panics naming the first raw control or bidi character in `out`.
fn assert_clean(what: &str, out: &str) {
    let mut chars = out.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        if forbidden(c, next) {
            let from = out[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
            let to = out[i..]
                .char_indices()
                .nth(40)
                .map_or(out.len(), |(j, _)| i + j);
            panic!(
                "{what}: raw {c:?} at byte {i}: {:?}\n--- whole output ---\n{out}",
                &out[from..to]
            );
        }
    }
}

/// The tool's own colour codes (SGR: `ESC [ digits ; m`) taken out.
fn strip_sgr(s: &str) -> String {
    let re = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    re.replace_all(s, "").into_owned()
}

struct Trees {
    _root: tempfile::TempDir,
    root: PathBuf,
    evil: PathBuf,
}

/// The hostile model and the Arabic one, side by side.
fn trees() -> Trees {
    let root_dir = tempfile::tempdir().unwrap();
    let root = root_dir.path().to_path_buf();
    let evil = root.join(EVIL_DIR);
    std::fs::create_dir(&evil).unwrap();
    // YAML escapes in double quotes: `\e` is ESC, `\a` BEL, `\uXXXX` a character, so the
    // metadata is valid YAML that holds the sequences.
    let card = "---\n\
        license: other\n\
        license_name: \"lic\\e]8;;http://evil.example/\\e\\\\click\\e]8;;\\e\\\\\\u202Eexe\"\n\
        license_link: LICENSE\n\
        model_name: \"Model\\e[2J\\u202Ename\\nsplit\"\n\
        datasets:\n\
        - \"data\\e[1mset\\u2066\\a\"\n\
        ---\n\
        # Title\u{1b}[41m\u{202e}abc\n\n\
        ## Training data\n\n\
        We used \u{1b}[5mdata\u{2066} and \u{8}\u{8} more\u{7f} \u{9b}31m c1, in مرحبا 🤗\tand a tab.\n\n\
        ## Uses\n\nAnything, \u{1b}]8;;http://evil.example/\u{1b}\\here\u{1b}]8;;\u{1b}\\.\n";
    std::fs::write(evil.join("README.md"), card).unwrap();
    std::fs::write(evil.join("weights\u{1b}[31m.safetensors"), vec![0u8; 100]).unwrap();
    std::fs::write(
        evil.join("LICENSE"),
        "Custom \u{1b}[31mlicense\u{202e} terms\nYou may use this model for research.\n",
    )
    .unwrap();
    std::fs::write(evil.join(format!("NOTICE{OSC8_BEL}")), "a notice\n").unwrap();
    std::fs::write(evil.join("config\u{202e}nosj.json"), "{}").unwrap();
    let arabic = root.join(ARABIC_DIR);
    std::fs::create_dir(&arabic).unwrap();
    std::fs::write(
        arabic.join("README.md"),
        "---\nlicense: apache-2.0\n---\n# مرحبا 🤗\n\n## Uses\n\nللبحث\tفقط.\n",
    )
    .unwrap();
    std::fs::write(arabic.join("model.safetensors"), vec![0u8; 100]).unwrap();
    Trees {
        _root: root_dir,
        root,
        evil,
    }
}

fn openness(cwd: &Path) -> Command {
    let mut c = Command::cargo_bin("openness").unwrap();
    c.env_remove("HF_HOME")
        .env_remove("HF_HUB_CACHE")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("COLUMNS")
        .env("HF_HUB_OFFLINE", "1")
        .current_dir(cwd)
        .timeout(LIMIT);
    c
}

/// Run the binary. Returns (exit code, stdout, stderr); standard error must be clean.
fn run_coloured(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = openness(cwd).args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_clean(&format!("stderr of {args:?}"), &stderr);
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Run the binary; both streams must be clean. Returns (exit code, stdout, stderr).
fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr) = run_coloured(cwd, args);
    assert_clean(&format!("stdout of {args:?}"), &stdout);
    (code, stdout, stderr)
}

/// With colour forced, the only escape sequences are the tool's own colour codes: taken out,
/// the output is the plain one (which is clean).
fn assert_colour_is_the_only_escape(cwd: &Path, args: &[&str], plain: &str) {
    let mut coloured = args.to_vec();
    coloured.extend(["--color", "always"]);
    let (code, colour, stderr) = run_coloured(cwd, &coloured);
    assert!(
        code == 0 || code == 1,
        "{coloured:?}: exit {code}\n{stderr}"
    );
    assert!(colour.contains("\u{1b}["), "colour was not on: {colour}");
    assert_clean(
        &format!("{coloured:?} without its colour codes"),
        &strip_sgr(&colour),
    );
    assert_eq!(strip_sgr(&colour), plain, "{coloured:?}");
}

/// Run a command that must succeed (exit 0, or 1 for a check that finds a violation).
fn ok(cwd: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(cwd, args);
    assert!(code == 0 || code == 1, "{args:?}: exit {code}\n{stderr}");
    stdout
}

#[test]
fn a_scan_in_every_format_holds_no_raw_control_or_bidi_character() {
    let t = trees();
    // Relative to the working directory: the target's id is the directory's name.
    let (evil, arabic) = (EVIL_DIR, ARABIC_DIR);

    // Terminal: the header stays one line, every foreign sequence shown escaped.
    let plain = ok(&t.root, &["scan", evil]);
    let lines: Vec<&str> = plain.lines().collect();
    assert_eq!(
        lines[0],
        format!("openness {EVIL_DIR_SHOWN} (local)"),
        "{plain}"
    );
    assert_eq!(lines[1], "", "{plain}");
    assert!(plain.contains("weights\\u{1b}[31m.safetensors"), "{plain}");
    assert!(plain.contains("\\u{202e}"), "{plain}");

    assert_colour_is_the_only_escape(&t.root, &["scan", evil], &plain);

    // Every other format, and the intermediate stages.
    for args in [
        vec!["scan", evil, "-f", "json"],
        vec!["scan", evil, "-f", "markdown"],
        vec!["scan", evil, "-f", "html"],
        vec!["scan", evil, "-f", "mot"],
        vec!["scan", evil, "--dump", "snapshot"],
        vec!["scan", evil, "--dump", "evidence"],
        vec!["--verbose", "scan", evil],
    ] {
        ok(&t.root, &args);
    }

    // JSON keeps the data exactly, escaped.
    let json = ok(&t.root, &["scan", evil, "-f", "json"]);
    assert!(
        json.contains("\\u202e") && json.contains("\\u001b"),
        "{json}"
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["target"]["id"], EVIL_DIR);

    // Markdown: the title is one line and shows the sequences.
    let md = ok(&t.root, &["scan", evil, "-f", "markdown"]);
    let title = md.lines().next().unwrap();
    assert!(
        title.starts_with("# Openness report: evil") && title.ends_with("gnp.exe"),
        "{title}"
    );
    assert!(
        title.contains("\\\\u{1b}") && title.contains("\\\\n"),
        "{title}"
    );

    // HTML shows the override escaped, the name on one line in the title too.
    let html = ok(&t.root, &["scan", evil, "-f", "html"]);
    assert!(
        html.contains(&format!("<title>Openness report: {EVIL_DIR_SHOWN}</title>")),
        "{html}"
    );
    assert!(
        html.contains(&format!("<h1>Openness report: {EVIL_DIR_SHOWN}</h1>")),
        "{html}"
    );

    // The MOT manifest writes them as YAML escapes.
    let mot = ok(&t.root, &["scan", evil, "-f", "mot"]);
    assert!(mot.contains("\\u202e"), "{mot}");

    // Ordinary text is left alone: Arabic, emoji, and isolated in HTML.
    let plain = ok(&t.root, &["scan", arabic]);
    assert!(
        plain.starts_with(&format!("openness {ARABIC_DIR} (local)\n")),
        "{plain}"
    );
    let html = ok(&t.root, &["scan", arabic, "-f", "html"]);
    assert!(
        html.contains(&format!(
            "<h1>Openness report: <bdi>{ARABIC_DIR}</bdi></h1>"
        )),
        "{html}"
    );
    let md = ok(&t.root, &["scan", arabic, "-f", "markdown"]);
    assert!(
        md.starts_with(&format!("# Openness report: {ARABIC_DIR}\n")),
        "{md}"
    );
}

#[test]
fn compare_check_diff_and_badge_hold_no_raw_control_or_bidi_character() {
    let t = trees();
    let (evil, arabic) = (EVIL_DIR, ARABIC_DIR);

    for f in ["terminal", "markdown", "csv", "latex", "html", "json"] {
        let out = ok(&t.root, &["compare", evil, arabic, "-f", f]);
        assert!(out.contains(ARABIC_DIR), "{f}: {out}");
    }
    let plain = ok(&t.root, &["compare", evil, arabic]);
    assert!(plain.contains("\\u{202e}gnp.exe"), "{plain}");
    assert_colour_is_the_only_escape(&t.root, &["compare", evil, arabic], &plain);
    let csv = ok(&t.root, &["compare", evil, arabic, "-f", "csv"]);
    // One header and two rows (CRLF ends a record): the line feed in the directory name is data
    // in a quoted field (RFC 4180, so the name round-trips), the rest shown escaped.
    assert_eq!(csv.matches("\r\n").count(), 3, "{csv}");
    assert!(
        csv.contains("\r\n\"evil\nmodel\\u{1b}[31m\\u{202e}gnp.exe\","),
        "{csv}"
    );
    let latex = ok(&t.root, &["compare", evil, arabic, "-f", "latex"]);
    assert!(
        latex.contains("\\textbackslash{}u\\{202e\\}gnp.exe"),
        "{latex}"
    );
    let html = ok(&t.root, &["compare", evil, arabic, "-f", "html"]);
    assert!(html.contains(&format!("<bdi>{ARABIC_DIR}</bdi>")), "{html}");

    // A check: every format, and the progress lines on standard error.
    let policy = t.root.join("policy.yaml");
    std::fs::write(
        &policy,
        "version: 1\nrules:\n  min-level:\n    level: open-weights\n",
    )
    .unwrap();
    let policy = policy.to_str().unwrap();
    for f in ["terminal", "json", "sarif", "junit"] {
        ok(
            &t.root,
            &["check", "--policy", policy, evil, arabic, "-f", f],
        );
    }
    let junit = ok(
        &t.root,
        &["check", "--policy", policy, evil, arabic, "-f", "junit"],
    );
    assert!(
        junit.contains(&format!("<testsuite name=\"{EVIL_DIR_SHOWN}\"")),
        "{junit}"
    );
    let (_, terminal, stderr) = run(&t.root, &["check", "--policy", policy, evil, arabic]);
    assert!(terminal.contains(EVIL_DIR_SHOWN), "{terminal}");
    assert_colour_is_the_only_escape(
        &t.root,
        &["check", "--policy", policy, evil, arabic],
        &terminal,
    );
    let (_, _, stderr_json) = run(
        &t.root,
        &["check", "--policy", policy, evil, arabic, "-f", "json"],
    );
    assert!(
        stderr.contains("\\u{1b}") || stderr_json.contains("\\u{1b}"),
        "{stderr}{stderr_json}"
    );

    // A drift between the two, and badges (with a label given on the command line).
    for f in ["terminal", "json"] {
        ok(&t.root, &["diff", evil, arabic, "-f", f]);
    }
    for kind in ["level", "mof", "osaid"] {
        ok(&t.root, &["badge", evil, "--kind", kind]);
    }
    let svg = ok(
        &t.root,
        &["badge", evil, "--label", "open\u{1b}[31m\u{202e}ness\n"],
    );
    assert!(
        svg.contains("<title>open\\u{1b}[31m\\u{202e}ness: "),
        "{svg}"
    );

    // License identification names the files.
    let notice = t.evil.join(format!("NOTICE{OSC8_BEL}"));
    let license = t.evil.join("LICENSE");
    for f in ["terminal", "json"] {
        ok(
            &t.root,
            &[
                "license",
                "identify",
                notice.to_str().unwrap(),
                license.to_str().unwrap(),
                "-f",
                f,
            ],
        );
    }
}

#[test]
fn error_messages_show_the_sequences_of_a_bad_path_escaped() {
    let t = trees();
    let bad = t.root.join(format!("missing\n{OSC8_BEL}\u{202e}dir"));
    let (code, stdout, stderr) = run(&t.root, &["scan", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    // One line, naming the path with its sequences visible.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.ends_with('\n'), "{stderr}");
    assert!(stderr.starts_with("openness: error: "), "{stderr}");
    assert!(
        stderr.contains(
            "missing\\n\\u{1b}]8;;https:evil.example\\u{7}click\\u{1b}]8;;\\u{7}\\u{202e}dir"
        ),
        "{stderr}"
    );

    // A policy that does not exist, and one whose keys hold sequences.
    let (code, _, stderr) = run(&t.root, &["check", "--policy", bad.to_str().unwrap(), "x"]);
    assert_eq!(code, 2, "{stderr}");
    // The message, then its help on a line of its own: the path broke neither.
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("openness: error: ") && lines[0].contains("missing\\n\\u{1b}]8;;"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("  write a starter with `openness check --init"),
        "{stderr}"
    );
    let policy = t.root.join("bad\u{1b}[2Jpolicy.yaml");
    std::fs::write(
        &policy,
        "version: 1\nrules:\n  \"min\\e[31m-level\\u202E\":\n    level: closed\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        &t.root,
        &["check", "--policy", policy.to_str().unwrap(), "x"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("bad\\u{1b}[2Jpolicy.yaml"), "{stderr}");

    // A rubric file whose name holds a newline: its diagnostics keep to their lines.
    let rubric = t.root.join("my\nrubric\u{9b}.yaml");
    std::fs::write(&rubric, "id: \"x\\e[5m\"\ntitle: [\n").unwrap();
    let (code, _, stderr) = run(&t.root, &["rubric", "check", rubric.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("my\\nrubric\\u{9b}.yaml"), "{stderr}");

    // A target list naming a model twice: the warning names it escaped.
    let dup = t.root.join("dup\u{1b}[31m\u{202e}model");
    std::fs::create_dir(&dup).unwrap();
    std::fs::write(dup.join("README.md"), "---\nlicense: mit\n---\n# Dup\n").unwrap();
    std::fs::write(dup.join("config.json"), "{}").unwrap();
    let list = t.root.join("list.txt");
    std::fs::write(&list, format!("{0}\n{0}\n", dup.display())).unwrap();
    let policy = t.root.join("policy.yaml");
    std::fs::write(
        &policy,
        "version: 1\nrules:\n  min-level:\n    level: closed\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        &t.root,
        &[
            "check",
            "--policy",
            policy.to_str().unwrap(),
            "--from",
            list.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("dup\\u{1b}[31m\\u{202e}model` is listed more than once"),
        "{stderr}"
    );
}

#[test]
fn a_users_rubric_is_shown_and_explained_without_its_sequences() {
    let t = trees();
    let (code, builtin, _) = run(&t.root, &["rubric", "show", "osaid-1.0", "-f", "yaml"]);
    assert_eq!(code, 0);
    // A rubric of one's own: a comment with an override, a title with sequences (YAML escapes).
    let mine = builtin
        .replacen("id: osaid-1.0", "# \u{202e}a comment\nid: mine", 1)
        .replacen(
            "title: Open Source AI Definition 1.0",
            "title: \"Mine\\e[31m\\u202E\\nsplit\"",
            1,
        );
    assert_ne!(mine, builtin);
    let file = t.root.join("mine\u{1b}[1m.yaml");
    std::fs::write(&file, &mine).unwrap();
    let file = file.to_str().unwrap();
    for f in ["terminal", "json", "yaml"] {
        ok(&t.root, &["rubric", "show", file, "-f", f]);
    }
    let yaml = ok(&t.root, &["rubric", "show", file, "-f", "yaml"]);
    assert!(yaml.contains("# \\u{202e}a comment\nid: mine\n"), "{yaml}");
    let shown = ok(&t.root, &["rubric", "show", file]);
    assert!(
        shown.starts_with("Mine\\u{1b}[31m\\u{202e}\\nsplit (mine), version 1.0\n"),
        "{shown}"
    );
    let explained = ok(&t.root, &["explain", "mine/freedoms", "--rubric", file]);
    assert!(explained.contains("Rubric: Mine\\u{1b}[31m"), "{explained}");
    let checked = ok(&t.root, &["rubric", "check", file]);
    assert!(
        checked.contains("mine\\u{1b}[1m.yaml: valid rubric `mine`"),
        "{checked}"
    );
    // A scan with it names it escaped in every format.
    for f in ["terminal", "markdown", "html", "json"] {
        let out = ok(&t.root, &["scan", ARABIC_DIR, "--rubric", file, "-f", f]);
        assert!(out.contains("Mine"), "{f}: {out}");
    }
}

#[test]
fn the_neutraliser_keeps_ordinary_text_and_escapes_the_rest() {
    use openness::controls::{line, text};
    // Positives: each sequence is shown, not sent.
    assert_eq!(line(EVIL_DIR), EVIL_DIR_SHOWN);
    assert_eq!(
        line(OSC8_BEL),
        "\\u{1b}]8;;https:evil.example\\u{7}click\\u{1b}]8;;\\u{7}"
    );
    assert_eq!(
        text("a\u{85}b\u{61c}c\u{200f}"),
        "a\\u{85}b\\u{61c}c\\u{200f}"
    );
    // Negatives: Arabic, Hebrew, emoji with joiners, CJK and tabs in prose are untouched.
    for s in [
        "نموذج لغوي مفتوح المصدر",
        "מודל בקוד פתוח",
        "🤗 👩\u{200d}💻 中文模型",
        "a\ttabbed\tline\nand another",
    ] {
        assert_eq!(text(s), s);
        assert_clean("text()", &text(s));
    }
    for s in ["نموذج", "🤗", "中文"] {
        assert_eq!(line(s), s);
    }
}
