//! The Markdown sections of a card (ATX, HTML and setext headings, outside code fences) and the
//! topics their headings are about, by the heading rules of `vocab/card.yaml`.

use std::sync::OnceLock;

use regex::Regex;

use super::Section;
use super::links::markdown_link_re;
use crate::evidence::Topic;
use crate::vocab;

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$").expect("valid regex"))
}

fn html_heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\s*<h([1-6])[^>]*>(.*?)</h[1-6]>").expect("valid regex"))
}

fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"<[^>]*>").expect("valid regex"))
}

/// Strip Markdown emphasis, links and HTML from a heading.
pub(super) fn clean_title(raw: &str) -> String {
    let no_tags = tag_re().replace_all(raw, "");
    let no_links = markdown_link_re().replace_all(&no_tags, "$1");
    no_links
        .replace(['*', '`'], "")
        .replace("__", "")
        .trim()
        .to_string()
}

pub(super) fn read(lines: &[String], body_start: u32) -> Vec<Section> {
    let mut heads: Vec<(u8, u32, String)> = Vec::new();
    let mut fence: Option<String> = None;
    let start = (body_start as usize).saturating_sub(1);
    for i in start..lines.len() {
        let line = &lines[i];
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            continue;
        }
        let n = i as u32 + 1;
        if let Some(c) = heading_re().captures(line) {
            let title = clean_title(&c[2]);
            if !title.is_empty() {
                heads.push((c[1].len() as u8, n, title));
            }
        } else if let Some(c) = html_heading_re().captures(line) {
            let title = clean_title(&c[2]);
            if !title.is_empty() {
                heads.push((c[1].parse().unwrap_or(2), n, title));
            }
        } else if i > start {
            // Setext headings: a text line underlined with === or ---.
            let prev = lines[i - 1].trim();
            let underline = line.trim();
            let is_underline = underline.len() >= 3
                && (underline.chars().all(|c| c == '=') || underline.chars().all(|c| c == '-'));
            let prev_is_text = !prev.is_empty()
                && !prev.starts_with(['-', '*', '|', '>', '<', '#'])
                && heads.last().map(|h| h.1) != Some(n - 1);
            let prev_prev_blank = i < 2 || lines[i - 2].trim().is_empty();
            if is_underline && prev_is_text && prev_prev_blank {
                let level = if underline.starts_with('=') { 1 } else { 2 };
                heads.push((level, n - 1, clean_title(prev)));
            }
        }
    }
    let total = lines.len() as u32 + 1;
    let mut out = Vec::with_capacity(heads.len());
    for (k, (level, line, title)) in heads.iter().enumerate() {
        let end = heads[k + 1..]
            .iter()
            .find(|(l, _, _)| l <= level)
            .map(|(_, n, _)| *n)
            .unwrap_or(total);
        out.push(Section {
            topics: topics(title),
            title: title.clone(),
            level: *level,
            line: *line,
            end,
        });
    }
    out
}

/// What a heading is about: the topics every heading rule of `vocab/card.yaml` gives it.
pub fn topics(title: &str) -> Vec<Topic> {
    let lower = title.to_lowercase();
    let mut out = Vec::new();
    for rule in &vocab::builtin().card.headings {
        rule.apply(&lower, &mut out);
    }
    out.sort();
    out.dedup();
    out
}
