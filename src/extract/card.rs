//! A model card (README.md) read into parts: the YAML front matter (parsed as YAML 1.2 with
//! limits, each top-level key with its line), the Markdown sections with their topics, and the
//! links with their lines and surrounding words.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use crate::evidence::Topic;
use crate::yaml::{self, Duplicates, YamlError};

/// The front matter of a card.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The parsed mapping (or `None` when absent or broken).
    pub data: Option<serde_json::Map<String, Value>>,
    /// Line (1-based, in the whole file) of each top-level key.
    pub key_lines: BTreeMap<String, u32>,
    /// Why the front matter could not be read, with the line in the whole file.
    pub error: Option<YamlError>,
    /// A duplicate key or similar issue that was worked around.
    pub warning: Option<YamlError>,
    /// Whether there was a front matter block at all.
    pub present: bool,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.data.as_ref()?.get(key)
    }

    /// A key as a list of strings (a single string counts as a list of one).
    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            Some(Value::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    }

    pub fn string(&self, key: &str) -> Option<String> {
        match self.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn line(&self, key: &str) -> Option<u32> {
        self.key_lines.get(key).copied()
    }
}

/// A Markdown section: its heading and the lines it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub level: u8,
    /// 1-based line of the heading.
    pub line: u32,
    /// 1-based line after the section's last line.
    pub end: u32,
    pub topics: Vec<Topic>,
}

/// A link found in the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// The link text, or empty for a bare URL.
    pub text: String,
    pub line: u32,
}

/// A parsed card.
#[derive(Debug, Clone, Default)]
pub struct Card {
    pub front_matter: FrontMatter,
    /// Every line of the file, without line endings.
    pub lines: Vec<String>,
    /// 1-based line where the body starts (after the front matter).
    pub body_start: u32,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
}

impl Card {
    /// Lines of a section's body (not its heading), with their 1-based numbers.
    pub fn section_lines<'a>(&'a self, s: &Section) -> impl Iterator<Item = (u32, &'a str)> + 'a {
        let start = s.line as usize; // the line after the heading, 0-based index
        let end = (s.end as usize).saturating_sub(1).min(self.lines.len());
        self.lines[start.min(end)..end]
            .iter()
            .enumerate()
            .map(move |(i, l)| ((start + i + 1) as u32, l.as_str()))
    }

    /// Lines of the body with their 1-based numbers.
    pub fn body_lines(&self) -> impl Iterator<Item = (u32, &str)> {
        let start = (self.body_start as usize).saturating_sub(1);
        self.lines[start.min(self.lines.len())..]
            .iter()
            .enumerate()
            .map(move |(i, l)| ((start + i + 1) as u32, l.as_str()))
    }

    /// The section a line belongs to (the innermost one).
    pub fn section_of(&self, line: u32) -> Option<&Section> {
        self.sections
            .iter()
            .filter(|s| s.line <= line && line < s.end)
            .max_by_key(|s| s.line)
    }

    /// Sections covering a topic.
    pub fn sections_on(&self, topic: Topic) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .filter(move |s| s.topics.contains(&topic))
    }

    /// Words of a section's body (for substance checks).
    pub fn section_words(&self, s: &Section) -> usize {
        self.section_lines(s)
            .map(|(_, l)| l.split_whitespace().count())
            .sum()
    }
}

/// A card with no text, whose front matter is the Hub's `cardData` (what the Hub parsed from the
/// README's front matter): for when the README itself could not be read (a gated model) or its
/// front matter could not be parsed here. Keys have no lines.
pub fn from_card_data(card_data: &Value) -> Card {
    Card {
        front_matter: FrontMatter {
            data: card_data.as_object().cloned(),
            present: true,
            ..Default::default()
        },
        body_start: 1,
        ..Default::default()
    }
}

/// Parse a card.
pub fn parse(text: &str) -> Card {
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    let (front_matter, body_start) = front_matter(&lines);
    let sections = sections(&lines, body_start);
    let links = links(&lines, body_start);
    Card {
        front_matter,
        lines,
        body_start,
        sections,
        links,
    }
}

fn front_matter(lines: &[String]) -> (FrontMatter, u32) {
    let mut fm = FrontMatter::default();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return (fm, 1);
    }
    fm.present = true;
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| {
            let l = l.trim_end();
            l == "---" || l == "..."
        })
        .map(|(i, _)| i);
    let Some(close) = close else {
        fm.error = Some(YamlError {
            message:
                "the front matter opened by `---` on line 1 is never closed by another `---` line"
                    .into(),
            line: Some(1),
            column: Some(1),
        });
        return (fm, 1);
    };
    let yaml_text = lines[1..close].join("\n");
    for (i, l) in lines[1..close].iter().enumerate() {
        if let Some(key) = top_level_key(l) {
            fm.key_lines.insert(key, i as u32 + 2);
        }
    }
    match yaml::parse::<Value>(&yaml_text, Duplicates::Reject) {
        Ok(v) => fm.data = mapping(v, &mut fm.error),
        Err(e) => {
            let e = e.offset_lines(1);
            // A duplicate key is worth a warning, not the loss of the whole block.
            if e.message.contains("duplicate")
                && let Ok(v) = yaml::parse::<Value>(&yaml_text, Duplicates::LastWins)
            {
                fm.warning = Some(e);
                fm.data = mapping(v, &mut fm.error);
                return (fm, close as u32 + 2);
            }
            fm.error = Some(e);
        }
    }
    (fm, close as u32 + 2)
}

fn mapping(v: Value, error: &mut Option<YamlError>) -> Option<serde_json::Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        Value::Null => Some(serde_json::Map::new()),
        _ => {
            *error = Some(YamlError {
                message: "the front matter is not a mapping of keys to values".into(),
                line: Some(2),
                column: Some(1),
            });
            None
        }
    }
}

fn top_level_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || first == '#' || first == '-' {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

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
fn clean_title(raw: &str) -> String {
    let no_tags = tag_re().replace_all(raw, "");
    let no_links = markdown_link_re().replace_all(&no_tags, "$1");
    no_links
        .replace(['*', '`'], "")
        .replace("__", "")
        .trim()
        .to_string()
}

fn sections(lines: &[String], body_start: u32) -> Vec<Section> {
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

/// What a heading is about, from its words.
pub fn topics(title: &str) -> Vec<Topic> {
    let t = title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let mut out = Vec::new();
    if has(&[
        "use",
        "usage",
        "getting started",
        "quickstart",
        "quick start",
        "how to",
        "run the model",
        "running the model",
        "inference",
    ]) && !has(&["license"])
    {
        out.push(Topic::Uses);
    }
    if has(&[
        "limitation",
        "bias",
        "risk",
        "ethic",
        "safety",
        "caveat",
        "harm",
    ]) {
        out.push(Topic::Limitations);
    }
    let data_words = ["data", "corpus", "corpora"];
    if has(&["train", "pretrain", "pre-train", "fine-tun", "finetun"]) {
        out.push(Topic::Training);
        if has(&data_words) {
            out.push(Topic::TrainingData);
        } else {
            out.push(Topic::TrainingProcedure);
        }
    } else if has(&[
        "dataset",
        "pretraining data",
        "data source",
        "datasheet",
        "data card",
    ]) || t.trim() == "data"
    {
        out.push(Topic::TrainingData);
    }
    if has(&[
        "procedure",
        "hyperparameter",
        "methodology",
        "training details",
        "training setup",
        "recipe",
    ]) && !out.contains(&Topic::TrainingProcedure)
    {
        out.push(Topic::TrainingProcedure);
    }
    if has(&[
        "preprocess",
        "pre-process",
        "filtering",
        "cleaning",
        "dedup",
        "data processing",
        "curation",
    ]) {
        out.push(Topic::Preprocessing);
    }
    if has(&["annotat", "label", "human feedback", "rlhf", "preference"]) {
        out.push(Topic::Labeling);
    }
    if has(&["evaluat", "result", "benchmark", "performance", "metric"]) {
        out.push(Topic::Evaluation);
    }
    if has(&[
        "sample",
        "example output",
        "generation example",
        "demo output",
        "showcase",
    ]) {
        out.push(Topic::Samples);
    }
    if has(&["citation", "cite", "bibtex", "reference"]) {
        out.push(Topic::Citation);
    }
    if has(&["license", "licence", "terms of use"]) {
        out.push(Topic::License);
    }
    if has(&[
        "architecture",
        "model details",
        "model description",
        "model summary",
    ]) {
        out.push(Topic::Architecture);
    }
    out.sort();
    out.dedup();
    out
}

fn markdown_link_re() -> &'static Regex {
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

fn links(lines: &[String], body_start: u32) -> Vec<Link> {
    let mut out = Vec::new();
    // The front matter can hold links too (license_link, extra_gated fields); read every line.
    let _ = body_start;
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for c in markdown_link_re().captures_iter(line) {
            let url = c[2].trim().to_string();
            let m = c.get(0).expect("group 0");
            spans.push((m.start(), m.end()));
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
            spans.push((m.start(), m.end()));
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
            if spans.iter().any(|(s, e)| m.start() >= *s && m.end() <= *e) {
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

fn trim_url(url: &str) -> String {
    // A quote or angle bracket ends a URL (`"https://x"` inside HTML or code).
    let url = url
        .split(['"', '\'', '<', '>', '`', ' '])
        .next()
        .unwrap_or(url);
    url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "---\r\nlicense: apache-2.0\r\ndatasets:\r\n- the_pile\r\nflag: no\r\n---\r\n\r\n# My Model\r\n\r\nIntro with [paper](https://arxiv.org/abs/2304.01373).\r\n\r\n## Uses\r\n\r\nText.\r\n\r\n```\r\n# not a heading\r\n```\r\n\r\n## Training Data\r\n\r\nSee https://github.com/org/repo.\r\n\r\nLimitations\r\n-----------\r\n\r\nSome.\r\n";

    #[test]
    fn front_matter_with_lines() {
        let card = parse(CARD);
        let fm = &card.front_matter;
        assert!(fm.error.is_none());
        assert_eq!(fm.string("license").as_deref(), Some("apache-2.0"));
        assert_eq!(fm.strings("datasets"), vec!["the_pile"]);
        assert_eq!(fm.string("flag").as_deref(), Some("no"));
        assert_eq!(fm.line("license"), Some(2));
        assert_eq!(fm.line("datasets"), Some(3));
        assert_eq!(card.body_start, 7);
    }

    #[test]
    fn sections_and_topics() {
        let card = parse(CARD);
        let titles: Vec<_> = card
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.line))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("My Model", 8),
                ("Uses", 12),
                ("Training Data", 20),
                ("Limitations", 24)
            ]
        );
        assert!(card.sections[2].topics.contains(&Topic::TrainingData));
        assert!(card.sections[3].topics.contains(&Topic::Limitations));
        assert_eq!(card.section_of(22).unwrap().title, "Training Data");
    }

    #[test]
    fn links_with_lines() {
        let card = parse(CARD);
        let urls: Vec<_> = card
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.line))
            .collect();
        assert_eq!(
            urls,
            vec![
                ("https://arxiv.org/abs/2304.01373", 10),
                ("https://github.com/org/repo", 22)
            ]
        );
        assert_eq!(card.links[0].text, "paper");
    }

    #[test]
    fn broken_front_matter_reports_the_readme_line() {
        let card = parse("---\nlicense: mit\ndatasets: [a, b\n---\n# Body\n");
        let err = card.front_matter.error.unwrap();
        assert!(err.line.unwrap() >= 3, "{err:?}");
        assert_eq!(card.sections.len(), 1);
        let card = parse("---\nlicense: mit\n");
        assert!(
            card.front_matter
                .error
                .unwrap()
                .message
                .contains("never closed")
        );
    }

    #[test]
    fn urls_end_at_quotes() {
        let card = parse(
            "[a](https://example.org/x\"onmouseover=\"y)\n<a href='https://example.org/y'>b</a>\n",
        );
        let urls: Vec<_> = card.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, vec!["https://example.org/x", "https://example.org/y"]);
    }

    #[test]
    fn duplicate_keys_warn_and_keep_the_last() {
        let card = parse("---\nlicense: mit\nlicense: apache-2.0\n---\n");
        assert_eq!(
            card.front_matter.string("license").as_deref(),
            Some("apache-2.0")
        );
        assert_eq!(card.front_matter.warning.unwrap().line, Some(3));
    }
}
