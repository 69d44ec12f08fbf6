//! End to end: the HTML report of a card full of injected markup, and a comparison including
//! it, opened in headless Chromium (Debian's `chromium`; `.ci/run` installs it). The pages must
//! load with no console message at all (a Content-Security-Policy violation, a blocked fetch or a
//! script error would log one), and the DOM Chromium built must hold no script, no event handler
//! and no link other than http(s) or in-page: the injected `document.title='INJECTED'` must not
//! have run. A control page whose script does run shows that the check can fail. Screenshots are
//! kept in `target/html-e2e/` for review.
//!
//! Without Chromium the test is skipped with a message, unless `OPENNESS_REQUIRE_CHROMIUM` is set
//! (as `.ci/run` does), then it fails. `OPENNESS_CHROMIUM` names another binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use openness::compare::ScanView;
use openness::compare::{self, Scanned, ViewOptions};
use openness::render::{self, CompareFormat, ScanFormat, Style};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OPENNESS_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn out_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp; keep the pages and screenshots beside it.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("html-e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What Chromium made of a page.
struct Loaded {
    dom: String,
    console: Vec<String>,
}

/// Run headless Chromium on a local page with a fresh profile, no network (every host name
/// resolves to nothing) and console messages on stderr.
fn chromium_run(bin: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    // A guard against a hung browser, not a timing assertion.
    let start = Instant::now();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("chromium did not finish on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (out.join().unwrap(), err.join().unwrap())
}

fn load(bin: &Path, page: &Path) -> Loaded {
    let (dom, stderr) = chromium_run(bin, page, &["--dump-dom".to_string()]);
    assert!(dom.contains("</html>"), "no DOM from chromium:\n{stderr}");
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    Loaded { dom, console }
}

fn screenshot(bin: &Path, page: &Path, png: &Path, size: &str) {
    let (_, stderr) = chromium_run(
        bin,
        page,
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={size}"),
        ],
    );
    let bytes = std::fs::read(png).unwrap_or_else(|e| panic!("no screenshot ({e}):\n{stderr}"));
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    assert!(bytes.len() > 10_000, "an empty-looking screenshot");
}

/// The start tags of a serialized DOM, with their attributes (Chromium quotes every value with
/// `"` and escapes `<` in text, so a scan is exact).
fn start_tags(dom: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let b = dom.as_bytes();
    let mut i = 0;
    while let Some(off) = dom[i..].find('<') {
        i += off + 1;
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let name = dom[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' || b[i] == b'/' {
                break;
            }
            let a = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let attr = dom[a..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                assert_eq!(b[i], b'"', "unquoted attribute {attr} on <{name}>");
                let end = dom[i + 1..].find('"').unwrap() + i + 1;
                value = dom[i + 1..end].to_string();
                i = end + 1;
            }
            attrs.push((attr, value));
        }
        tags.push((name, attrs));
    }
    tags
}

/// Everything that shows script ran or markup got through; empty when the page is inert.
fn problems(loaded: &Loaded, expected_title: &str) -> Vec<String> {
    let mut out: Vec<String> = loaded
        .console
        .iter()
        .map(|l| format!("console: {l}"))
        .collect();
    let title = loaded
        .dom
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(t, _)| t.to_string())
        .unwrap_or_default();
    if title != expected_title {
        out.push(format!("title is {title:?}"));
    }
    for (tag, attrs) in start_tags(&loaded.dom) {
        if matches!(
            tag.as_str(),
            "script"
                | "iframe"
                | "img"
                | "object"
                | "embed"
                | "link"
                | "form"
                | "base"
                | "image"
                | "use"
        ) {
            out.push(format!("<{tag}> element"));
        }
        for (name, value) in attrs {
            if name.starts_with("on") {
                out.push(format!("{name}= on <{tag}>"));
            }
            if matches!(name.as_str(), "src" | "srcdoc" | "xlink:href" | "style") {
                out.push(format!("{name}= on <{tag}>"));
            }
            if name == "href"
                && !(value.starts_with('#')
                    || value.starts_with("https://")
                    || value.starts_with("http://"))
            {
                out.push(format!("href={value:?} on <{tag}>"));
            }
        }
    }
    out
}

#[test]
fn html_reports_load_in_chromium_with_no_console_message_and_no_injected_code() {
    let Some(bin) = chromium() else {
        if std::env::var_os("OPENNESS_REQUIRE_CHROMIUM").is_some() {
            panic!("OPENNESS_REQUIRE_CHROMIUM is set but no chromium was found in PATH");
        }
        eprintln!(
            "SKIPPED: chromium is not installed (apt-get install chromium, or set OPENNESS_CHROMIUM); the HTML end-to-end test did not run"
        );
        return;
    };
    let dir = out_dir();

    // The control: a page whose script runs. The checks must catch it.
    let control = dir.join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html lang=\"en\"><head><title>Control</title></head><body><p>x</p><script>document.title='INJECTED'</script></body></html>",
    )
    .unwrap();
    let found = problems(&load(&bin, &control), "Control");
    assert!(
        found.iter().any(|p| p.contains("INJECTED"))
            && found.iter().any(|p| p.contains("<script>")),
        "the checks did not notice a script that ran: {found:?}"
    );

    // The single-model report of the injection card.
    let report = common::scan(&common::fixture("injection-card"));
    let page = dir.join("report.html");
    std::fs::write(
        &page,
        render::scan(
            &ScanView::of_report(report.clone()),
            ScanFormat::Html,
            &Style::default(),
        )
        .unwrap(),
    )
    .unwrap();
    let loaded = load(&bin, &page);
    let found = problems(&loaded, "Openness report: tests/fixtures/injection-card");
    assert!(found.is_empty(), "report.html: {found:#?}");
    // The injected markup is there, as text.
    assert!(
        loaded
            .dom
            .contains("&lt;script&gt;document.title='INJECTED'&lt;/script&gt;")
    );
    assert!(
        loaded
            .dom
            .contains("&lt;img src=x onerror=\"document.title='INJECTED'\"&gt;")
    );
    screenshot(&bin, &page, &dir.join("report.png"), "1280,3200");

    // A comparison with the injection card among real fixtures and a target that fails.
    let rubrics = openness::rubric::default_rubrics().unwrap();
    let entries = [
        "open-research-model",
        "apache-weights-only",
        "llama-licensed",
        "non-commercial",
        "no-license",
        "card-only-no-weights",
        "injection-card",
        "no-such-model",
    ]
    .iter()
    .map(|n| {
        let target = common::fixture(n);
        Scanned {
            result: openness::scan(&target, &rubrics),
            target,
        }
    })
    .collect();
    let c = compare::build(entries, &rubrics, &ViewOptions::default()).unwrap();
    let page = dir.join("compare.html");
    std::fs::write(
        &page,
        render::comparison(&c, CompareFormat::Html, &Style::default()).unwrap(),
    )
    .unwrap();
    let loaded = load(&bin, &page);
    let found = problems(&loaded, "Openness comparison: 8 models");
    assert!(found.is_empty(), "compare.html: {found:#?}");
    screenshot(&bin, &page, &dir.join("compare.png"), "1600,1100");
    eprintln!("screenshots: {}", dir.display());
}

#[test]
fn the_tag_scanner_reads_attributes() {
    let tags = start_tags(
        "<!DOCTYPE html><html lang=\"en\"><body><a href=\"#x\" title=\"a &gt; b\">t</a><p>1 &lt; 2</p><br></body></html>",
    );
    let names: Vec<&str> = tags.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["html", "body", "a", "p", "br"]);
    assert_eq!(
        tags[2].1,
        [
            ("href".into(), "#x".into()),
            ("title".into(), "a &gt; b".into())
        ]
    );
}
