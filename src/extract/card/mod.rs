//! A model card (README.md) read into parts: the YAML front matter (parsed as YAML 1.2 with
//! limits, each top-level key with its line), the Markdown sections with their topics, and the
//! links with their lines and surrounding words.

mod front_matter;
mod links;
mod sections;

use serde_json::Value;

use crate::evidence::Topic;

pub use front_matter::FrontMatter;
pub use sections::topics;

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
    /// Every link, in line order.
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
        // Sections are read in the order of their headings, and a section ends at the next
        // heading of its level or above: the last heading at or before the line is its
        // innermost section. A search, not a walk per line.
        let i = self.sections.partition_point(|s| s.line <= line);
        i.checked_sub(1)
            .map(|i| &self.sections[i])
            .filter(|s| line < s.end)
    }

    /// The links of a section's body (the lines after its heading): links are in the order of
    /// their lines, so this is a search, not a walk per section.
    pub fn links_in(&self, s: &Section) -> &[Link] {
        let from = self.links.partition_point(|l| l.line <= s.line);
        let to = self.links.partition_point(|l| l.line < s.end).max(from);
        &self.links[from..to]
    }

    /// The links of one line.
    pub fn links_on(&self, line: u32) -> &[Link] {
        let from = self.links.partition_point(|l| l.line < line);
        let to = self.links.partition_point(|l| l.line <= line).max(from);
        &self.links[from..to]
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
    let (front_matter, body_start) = front_matter::read(&lines);
    let sections = sections::read(&lines, body_start);
    let links = links::read(&lines);
    Card {
        front_matter,
        lines,
        body_start,
        sections,
        links,
    }
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
    fn the_section_of_a_line_is_its_innermost_section() {
        let card = parse(
            "---\nlicense: mit\n---\nintro\n# A\n\n### A.1\nx\n## A.2\n\n#### A.2.1\ny\n# B\nz\n\nSetext\n---\nw\n<h3>C</h3>\n",
        );
        for line in 0..=card.lines.len() as u32 + 2 {
            let walked = card
                .sections
                .iter()
                .filter(|s| s.line <= line && line < s.end)
                .max_by_key(|s| s.line);
            assert_eq!(card.section_of(line), walked, "line {line}");
        }
        assert_eq!(card.section_of(12).unwrap().title, "A.2.1");
        assert_eq!(card.section_of(4), None);
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
