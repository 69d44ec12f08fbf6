//! The comparison in every format, the single-model HTML report and the badges: reviewed
//! snapshots (`cargo insta review`), plus checks that hold whatever the snapshot says: CSV parses
//! as RFC 4180 back to the view model's values, LaTeX and Markdown escape what they must, the HTML
//! is well-formed, self-contained and links only to http(s) or inside itself, badges are XML.

mod common;

use openness::compare::ScanView;
use openness::compare::{self, Comparison, Scanned, ViewOptions};
use openness::render::badge::{self, Badge, BadgeKind};
use openness::render::{self, CompareFormat, ScanFormat, Style};
use openness::rubric;

use common::fixture;

const MISSING: &str = "tests/fixtures/no-such-model";

fn comparison(names: &[&str], options: &ViewOptions) -> Comparison {
    let rubrics = rubric::default_rubrics().unwrap();
    let entries = names
        .iter()
        .map(|n| {
            let target = if n.contains('/') {
                n.to_string()
            } else {
                fixture(n)
            };
            Scanned {
                result: openness::scan(&target, &rubrics),
                target,
            }
        })
        .collect();
    compare::build(entries, &rubrics, options).unwrap()
}

fn several() -> Comparison {
    comparison(
        &[
            "open-research-model",
            "apache-weights-only",
            "llama-licensed",
            "non-commercial",
            "card-only-no-weights",
            "injection-card",
            MISSING,
        ],
        &ViewOptions::default(),
    )
}

fn table(c: &Comparison, f: CompareFormat) -> String {
    render::comparison(c, f, &Style::default()).unwrap()
}

macro_rules! snap {
    ($name:expr, $text:expr) => {
        insta::with_settings!({prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

#[test]
fn compare_markdown() {
    snap!("compare.md", table(&several(), CompareFormat::Markdown));
}

#[test]
fn compare_csv() {
    snap!("compare.csv", table(&several(), CompareFormat::Csv));
}

#[test]
fn compare_latex() {
    snap!("compare.tex", table(&several(), CompareFormat::Latex));
}

#[test]
fn compare_json() {
    snap!("compare.json", table(&several(), CompareFormat::Json));
}

#[test]
fn compare_terminal() {
    // 100 columns: too narrow for a column per field, so three columns.
    snap!("compare.txt", table(&several(), CompareFormat::Terminal));
    // Unbounded (a file or a pipe): a column per field.
    let wide = render::comparison(
        &several(),
        CompareFormat::Terminal,
        &Style {
            width: None,
            ..Style::default()
        },
    )
    .unwrap();
    assert!(
        wide.lines().nth(3).unwrap().contains("┆ OSAID grid"),
        "{wide}"
    );
    snap!("compare-wide.txt", wide);
}

#[test]
fn compare_html() {
    let c = comparison(
        &["llama-licensed", "open-research-model", MISSING],
        &ViewOptions::default(),
    );
    snap!("compare.html", table(&c, CompareFormat::Html));
}

#[test]
fn report_html() {
    let report = common::scan(&fixture("llama-licensed"));
    snap!(
        "llama-licensed.html",
        render::scan(
            &ScanView::of_report(report.clone()),
            ScanFormat::Html,
            &Style::default()
        )
        .unwrap()
    );
}

#[test]
fn badges() {
    let open = common::scan(&fixture("open-research-model"));
    let llama = common::scan(&fixture("llama-licensed"));
    snap!(
        "badge-level.svg",
        badge::render(&Badge::for_report(&open, BadgeKind::Level, None)).unwrap()
    );
    snap!(
        "badge-mof.svg",
        badge::render(&Badge::for_report(&llama, BadgeKind::Mof, None)).unwrap()
    );
}

/// A strict RFC 4180 reader: fields separated by commas, records by CRLF; quoted fields may hold
/// commas, CRLF and doubled quotes. Panics on anything else (a bare LF, a quote inside an
/// unquoted field, text after a closing quote).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    assert!(
                        matches!(chars.peek(), Some(',') | Some('\r') | None),
                        "text after a closing quote: {field}"
                    );
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => panic!("a quote inside an unquoted field: {field}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_start = true;
            }
            '\n' => panic!("a bare LF ends a record"),
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record has no CRLF"
    );
    records
}

#[test]
fn csv_is_rfc_4180_and_round_trips_the_view_model() {
    let mut c = several();
    // Text a card could carry: commas, quotes, a line break, a formula.
    c.rows[0].name = "a, \"quoted\"\r\nname".into();
    c.rows[1].name = "=HYPERLINK(\"http://x.invalid\")".into();
    let csv = table(&c, CompareFormat::Csv);
    let records = parse_csv(&csv);
    assert_eq!(
        records.len(),
        c.rows.len() + 1,
        "a header row, then one per model"
    );
    let header = &records[0];
    for r in &records {
        assert_eq!(r.len(), header.len(), "{r:?}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(records[1][col("model")], "a, \"quoted\"\r\nname");
    assert_eq!(
        records[2][col("model")],
        "'=HYPERLINK(\"http://x.invalid\")"
    );
    for (row, rec) in c.rows.iter().zip(&records[1..]) {
        assert_eq!(rec[col("target")], row.target);
        assert_eq!(
            rec[col("level_reason")],
            row.reason.clone().unwrap_or_default()
        );
        assert_eq!(rec[col("error")], row.error.clone().unwrap_or_default());
        for (i, column) in c.columns.iter().enumerate() {
            let want = row.cells.get(i).map(|x| x.state.as_str()).unwrap_or("");
            assert_eq!(rec[col(&column.key)], want, "{} {}", row.name, column.key);
        }
    }
    // The injection card's reason holds quotes and markup: quoted, intact.
    let inj = c
        .rows
        .iter()
        .position(|r| r.name == "injection-card")
        .unwrap();
    assert!(records[inj + 1][col("level_reason")].contains("<img src=x onerror=\""));
}

#[test]
fn latex_escapes_every_special_character() {
    let mut c = comparison(
        &["llama-licensed", "tests/fixtures/no_such#model%&{x}"],
        &ViewOptions::default(),
    );
    c.rows[0].name = r"a#b$c%d&e~f_g^h\i{j}k<l>m--n".into();
    let tex = table(&c, CompareFormat::Latex);
    assert!(
        tex.contains(r"a\#b\$c\%d\&e\textasciitilde{}f\_g\textasciicircum{}h\textbackslash{}i\{j\}k\textless{}l\textgreater{}m-{}-n &"),
        "{tex}"
    );
    // The failed target's error names the path, escaped.
    assert!(tex.contains(r"no\_such\#model\%\&\{x\}"), "{tex}");
    // booktabs rules, one tabular, and every data row has the header's number of cells.
    for rule in [r"\toprule", r"\midrule", r"\bottomrule"] {
        assert_eq!(tex.matches(rule).count(), 1, "{rule}");
    }
    let cols = 2 + c.rubrics.len() + c.columns.len() + 2;
    let body = tex
        .split(r"\midrule")
        .nth(1)
        .unwrap()
        .split(r"\bottomrule")
        .next()
        .unwrap();
    let first = body.lines().find(|l| l.starts_with(r"a\#")).unwrap();
    // Unescaped `&` separate cells; escaped ones are `\&`.
    let separators = first.matches('&').count() - first.matches(r"\&").count();
    assert_eq!(separators + 1, cols, "{first}");
}

#[test]
fn markdown_cells_cannot_break_the_table() {
    let mut c = comparison(
        &["llama-licensed", "open-research-model"],
        &ViewOptions::default(),
    );
    c.rows[0].name = "evil | name <script>alert(1)</script> [x](javascript:y)\nnext".into();
    let md = table(&c, CompareFormat::Markdown);
    let lines: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    let cells = |l: &str| l.matches('|').count() - l.matches("\\|").count();
    assert!(lines.len() >= 4, "{md}");
    for l in &lines {
        assert_eq!(cells(l), cells(lines[0]), "{l}");
    }
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\[x\\](javascript:y)"));
}

/// Every element of an HTML page (written as well-formed XML).
fn html_checks<'a>(html: &'a str, what: &str) -> roxmltree::Document<'a> {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{what} is not well-formed: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert_eq!(root.attribute("lang"), Some("en"), "{what}: lang");
    let ids: std::collections::HashSet<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        assert!(
            !matches!(
                tag,
                "script"
                    | "iframe"
                    | "img"
                    | "link"
                    | "object"
                    | "embed"
                    | "form"
                    | "base"
                    | "image"
                    | "use"
                    | "foreignObject"
            ),
            "{what}: <{tag}>"
        );
        for a in n.attributes() {
            let name = a.name().to_ascii_lowercase();
            assert!(!name.starts_with("on"), "{what}: {name}= on <{tag}>");
            assert!(
                !matches!(
                    name.as_str(),
                    "src" | "srcdoc" | "xlink:href" | "action" | "formaction"
                ),
                "{what}: {name}"
            );
            if name == "style" {
                panic!("{what}: inline style attribute on <{tag}>");
            }
        }
        if tag == "th" {
            assert!(
                n.attribute("scope").is_some(),
                "{what}: a <th> without scope"
            );
        }
        if let Some(href) = n.attribute("href") {
            match href.strip_prefix('#') {
                Some(id) => assert!(ids.contains(id), "{what}: #{id} points nowhere"),
                None => assert!(
                    href.starts_with("https://") || href.starts_with("http://"),
                    "{what}: href {href}"
                ),
            }
        }
    }
    for t in doc.descendants().filter(|n| n.has_tag_name("table")) {
        assert!(
            t.children().any(|c| c.has_tag_name("caption")),
            "{what}: a table without caption"
        );
    }
    let style: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect();
    assert!(style.contains("@media print"), "{what}: print styles");
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "{what}: CSS fetches"
    );
    let csp = doc
        .descendants()
        .find(|n| n.attribute("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|n| n.attribute("content"))
        .unwrap_or_default();
    assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
    doc
}

fn text_of(doc: &roxmltree::Document) -> String {
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn html_report_of_an_injection_card_is_inert() {
    let report = common::scan(&fixture("injection-card"));
    let html = render::scan(
        &ScanView::of_report(report.clone()),
        ScanFormat::Html,
        &Style::default(),
    )
    .unwrap();
    let doc = html_checks(&html, "report.html");
    let text = text_of(&doc);
    // The markup came out as text.
    assert!(
        text.contains("<img src=x onerror=\"document.title='INJECTED'\">"),
        "{text}"
    );
    assert!(text.contains("\"><script>document.title='INJECTED'</script>"));
    assert!(text.contains("javascript:document.title='INJECTED'"));
    // And the links that were not http(s), or would break out of an attribute, are not links.
    let hrefs: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(
        hrefs
            .iter()
            .all(|h| !h.contains("javascript") && !h.contains("INJECTED")),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"https://arxiv.org/abs/2401.00001"),
        "{hrefs:?}"
    );
    // The verdict and its reasons come first.
    let main = doc.descendants().find(|n| n.has_tag_name("main")).unwrap();
    let first = main.children().find(|n| n.is_element()).unwrap();
    assert_eq!(first.attribute("class"), Some("verdict"));
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text();
    assert_eq!(
        title,
        Some("Openness report: tests/fixtures/injection-card")
    );
}

#[test]
fn html_comparison_is_well_formed_and_accessible() {
    let c = several();
    let html = table(&c, CompareFormat::Html);
    let doc = html_checks(&html, "compare.html");
    // Every cell of the grid links to its evidence in the page and names its state in words.
    let cells: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("td") && n.attribute("class").is_some_and(|c| c.starts_with("cell "))
        })
        .collect();
    let expected: usize = c.rows.iter().map(|r| r.cells.len()).sum();
    assert_eq!(cells.len(), expected);
    for td in &cells {
        let a = td.children().find(|n| n.has_tag_name("a")).expect("a link");
        assert!(a.attribute("href").unwrap().starts_with('#'));
        let words: String = a.descendants().filter_map(|n| n.text()).collect();
        assert!(
            ["open", "partial", "closed", "unknown", "not-applicable"]
                .iter()
                .any(|w| words.contains(w)),
            "{words}"
        );
    }
    // The legend reads without colour: one symbol per state.
    let text = text_of(&doc);
    for s in ["✓", "◐", "✗", "?", "–"] {
        assert!(text.contains(s), "{s}");
    }
    // The failed target is a row with its error.
    assert!(text.contains("could not be scanned"));
}

fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    doc
}

#[test]
fn badges_are_valid_svg_with_escaped_text() {
    for (fixture_name, kind, message) in [
        ("open-research-model", BadgeKind::Level, "open source"),
        ("apache-weights-only", BadgeKind::Level, "open weights"),
        (
            "llama-licensed",
            BadgeKind::Level,
            "open weights, restricted",
        ),
        ("card-only-no-weights", BadgeKind::Level, "closed"),
        ("no-license", BadgeKind::Level, "unknown"),
        ("open-research-model", BadgeKind::Mof, "Class I"),
        ("llama-licensed", BadgeKind::Mof, "unclassified"),
        ("open-research-model", BadgeKind::Osaid, "conformant"),
    ] {
        let report = common::scan(&fixture(fixture_name));
        let b = Badge::for_report(&report, kind, None);
        let svg = badge::render(&b).unwrap();
        let doc = parse_svg(&svg);
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(texts.len(), 4, "{svg}");
        assert_eq!(texts[3], message, "{fixture_name}");
        let root = doc.root_element();
        let width: u32 = root.attribute("width").unwrap().parse().unwrap();
        let rects: u32 = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.parent().is_some_and(|p| p.has_tag_name("g")))
            .take(2)
            .map(|n| n.attribute("width").unwrap().parse::<u32>().unwrap())
            .sum();
        assert_eq!(width, rects, "the label and message boxes fill the badge");
        assert_eq!(root.attribute("height"), Some("20"));
    }
    // A control character is shown escaped (hardening item 15), markup is text.
    let b = Badge::new(
        "<a href=\"x\">&'\u{1}",
        "]]></svg><script>alert(1)</script>",
        badge::RED,
    );
    let svg = badge::render(&b).unwrap();
    let doc = parse_svg(&svg);
    assert!(
        !doc.descendants()
            .any(|n| n.has_tag_name("script") || n.has_tag_name("a"))
    );
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(
        title.text(),
        Some("<a href=\"x\">&'\\u{1}: ]]></svg><script>alert(1)</script>")
    );
}
