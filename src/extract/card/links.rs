//! The links of a card: Markdown links, HTML anchors and bare URLs, each with its line and text.

use std::sync::OnceLock;

use regex::Regex;

use super::Link;
use super::sections::clean_title;

pub(super) fn markdown_link_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[^)]*)?\)").expect("valid regex")
    })
}

fn href_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)<a\s[^>]*href\s*=\s*["']([^"']+)["'][^>]*>(.*?)(?:</a>|$)"#)
            .expect("valid regex")
    })
}

fn bare_url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"https?://[^\s<>()\[\]"'`]+"#).expect("valid regex"))
}

/// Every link of every line: the front matter can hold links too (license_link, extra_gated
/// fields).
pub(super) fn read(lines: &[String]) -> Vec<Link> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        // The spans of Markdown links and of anchors, each in order and apart from one another.
        let mut markdown: Vec<(usize, usize)> = Vec::new();
        let mut anchors: Vec<(usize, usize)> = Vec::new();
        for c in markdown_link_re().captures_iter(line) {
            let url = c[2].trim().to_string();
            let m = c.get(0).expect("group 0");
            markdown.push((m.start(), m.end()));
            if url.starts_with("http://") || url.starts_with("https://") {
                out.push(Link {
                    url: trim_url(&url),
                    text: clean_title(&c[1]),
                    line: n,
                });
            }
        }
        for c in href_re().captures_iter(line) {
            let m = c.get(0).expect("group 0");
            anchors.push((m.start(), m.end()));
            let url = c[1].trim().to_string();
            if url.starts_with("http://") || url.starts_with("https://") {
                out.push(Link {
                    url: trim_url(&url),
                    text: clean_title(&c[2]),
                    line: n,
                });
            }
        }
        for m in bare_url_re().find_iter(line) {
            if within(&markdown, m.start(), m.end()) || within(&anchors, m.start(), m.end()) {
                continue;
            }
            out.push(Link {
                url: trim_url(m.as_str()),
                text: String::new(),
                line: n,
            });
        }
    }
    out
}

/// Whether `start..end` lies within one of `spans`, which are in order and do not overlap: only
/// the last span starting at or before `start` can hold it (a search, not a walk per URL).
fn within(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = spans.partition_point(|(s, _)| *s <= start);
    i > 0 && end <= spans[i - 1].1
}

fn trim_url(url: &str) -> String {
    // A quote or angle bracket ends a URL (`"https://x"` inside HTML or code).
    let url = url
        .split(['"', '\'', '<', '>', '`', ' '])
        .next()
        .unwrap_or(url);
    url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_'])
        .to_string()
}
