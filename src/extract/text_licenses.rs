//! License statements in a card's text (`- **License:** Apache 2.0`, a license link in a
//! "License" section), read only when the metadata names no license: the weakest declaration,
//! still better than none. Like the metadata's `license:` list, one statement per distinct
//! license and at most [`MAX_DECLARED`] of them: a card repeating a license line thousands of
//! times expands into one statement, not thousands.

use std::collections::{HashMap, HashSet};

use super::card::{Card, Link};
use super::licenses::{MAX_DECLARED, evidence};
use crate::evidence::{LicenseEvidence, LicenseOrigin, Source, Topic};
use crate::license::{Catalog, LicenseFacts, NOASSERTION, Resolution, Resolved};

fn license_line_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?i)^\s*(?:[-*+]\s*)?(?:(?:\*\*|__)?licen[cs]e(?:\s*\(s\))?\s*(?:\*\*|__)?\s*[:：]|(?:\*\*|__)licen[cs]e(?:\*\*|__)\s)\s*(?:\*\*|__)?\s*(.+?)\s*$")
            .expect("valid regex")
    })
}

/// The statements found so far: distinct ones, and how many more were not read.
struct Statements<'a> {
    file: &'a str,
    out: Vec<LicenseEvidence>,
    /// A known license by id, an unknown one by its words.
    seen: HashSet<String>,
    /// Distinct statements past [`MAX_DECLARED`], and the line of the first.
    more: Option<(usize, u32)>,
}

impl Statements<'_> {
    fn push(&mut self, declared: String, r: Resolved, line: u32, url: Option<String>) {
        let key = if r.facts.id == NOASSERTION {
            format!("unknown {}", declared.trim().to_lowercase())
        } else {
            r.facts.id.clone()
        };
        if !self.seen.insert(key) {
            return;
        }
        if self.out.len() >= MAX_DECLARED {
            let (n, _) = self.more.get_or_insert((0, line));
            *n += 1;
            return;
        }
        let mut notes = vec!["declared in the card's text, not in its metadata".to_string()];
        notes.extend(r.warning.clone());
        let source = Source {
            file: Some(self.file.to_string()),
            line: Some(line),
            field: None,
            url,
        };
        self.out.push(evidence(
            declared,
            r,
            LicenseOrigin::CardText,
            source,
            notes,
        ));
    }
}

/// The license statements of a card's text.
pub fn from_card_text(
    card: &Card,
    file: &str,
    model: &str,
    catalog: &Catalog,
) -> Vec<LicenseEvidence> {
    let mut found = Statements {
        file,
        out: Vec::new(),
        seen: HashSet::new(),
        more: None,
    };
    // The first link of each line.
    let mut links: HashMap<u32, &Link> = HashMap::new();
    for l in &card.links {
        links.entry(l.line).or_insert(l);
    }
    for (n, line) in card.body_lines() {
        let Some(c) = license_line_re().captures(line) else {
            continue;
        };
        // A license line about another model of the family is not this model's.
        if super::prose::about_other_model(line, model) {
            continue;
        }
        let value = c[1].trim_matches(|ch: char| ch == '*' || ch == '_' || ch.is_whitespace());
        // A link on the line names the license best.
        let link = links.get(&n).copied();
        let url = link.map(|l| l.url.clone());
        if let Some(r) = link.and_then(|l| catalog.resolve_link(&l.url)) {
            found.push(value.to_string(), r, n, url);
            continue;
        }
        let text = link
            .filter(|l| !l.text.is_empty())
            .map(|l| l.text.clone())
            .unwrap_or_else(|| value.trim_end_matches(['.', ';']).to_string());
        if text.is_empty() || text.len() > 120 {
            continue;
        }
        let mut r = catalog.resolve(&text);
        if r.resolution == Resolution::Unresolved {
            r.facts = LicenseFacts::unknown(&text);
        }
        found.push(text, r, n, url);
    }
    if found.out.is_empty() {
        for s in card.sections_on(Topic::License) {
            // The links are in line order: those of the section, found by bisection.
            let first = card.links.partition_point(|l| l.line <= s.line);
            for l in card.links[first..].iter().take_while(|l| l.line < s.end) {
                if let Some(r) = catalog.resolve_link(&l.url) {
                    found.push(l.url.clone(), r, l.line, Some(l.url.clone()));
                }
            }
        }
    }
    let mut out = found.out;
    if let Some((more, line)) = found.more {
        out.push(evidence(
            format!("{more} more licenses"),
            catalog.resolve("unknown"),
            LicenseOrigin::CardText,
            Source::line(file, line),
            vec![format!(
                "the card's text names more than {MAX_DECLARED} distinct licenses; the {more} after the first {MAX_DECLARED} were not read, so the terms they add are unknown"
            )],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::card;

    fn statements(body: &str) -> Vec<LicenseEvidence> {
        let c = card::parse(&format!("# A model\n\n{body}"));
        from_card_text(&c, "README.md", "a-model", Catalog::builtin())
    }

    #[test]
    fn a_repeated_license_line_is_one_statement() {
        let found = statements(&"License: our own terms\n".repeat(3));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].declared, "our own terms");
        assert_eq!(found[0].source.line, Some(3));
        // Known licenses are one statement per id, however they are written.
        let found = statements("License: MIT\n\n- **License:** mit\n\nLicense: Apache-2.0\n");
        let ids: Vec<&str> = found.iter().map(|l| l.facts.id.as_str()).collect();
        assert_eq!(ids, ["MIT", "Apache-2.0"]);
    }

    #[test]
    fn a_card_text_expands_into_a_bounded_list() {
        let mut body = String::new();
        for i in 0..20_000 {
            body.push_str(&format!("License: terms-{}\nLicense: *d\n", i % 500));
        }
        let start = std::time::Instant::now();
        let found = statements(&body);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert_eq!(found.len(), MAX_DECLARED + 1);
        let more = found.last().unwrap();
        // 501 distinct texts: the first 16 are read (`terms-0`, `*d`, `terms-1` to `terms-14`),
        // the other 485 said to be unread, from the line of `terms-15`.
        assert_eq!(more.declared, "485 more licenses");
        assert_eq!(more.facts.id, NOASSERTION);
        assert_eq!(more.source.line, Some(33));
    }

    #[test]
    fn links_of_license_sections_are_read() {
        let found = statements(
            "See [x](https://example.com/a).\n\n## License\n\nThe [terms](https://www.apache.org/licenses/LICENSE-2.0).\n\n## Other\n\n[MIT](https://opensource.org/licenses/MIT)\n",
        );
        let ids: Vec<&str> = found.iter().map(|l| l.facts.id.as_str()).collect();
        assert_eq!(ids, ["Apache-2.0"]);
    }

    #[test]
    fn license_lines_in_the_cards_text() {
        let c = card::parse("# M\n\n- **License:** Apache 2.0\n- Other: x\n");
        let got = from_card_text(&c, "README.md", "m", Catalog::builtin());
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].facts.id, "Apache-2.0");
        assert_eq!(got[0].origin, LicenseOrigin::CardText);
        assert_eq!(got[0].source.line, Some(3));
        let c = card::parse(
            "# M\n\n**License** A custom commercial license is available at: [here](https://example.org/custom)\n",
        );
        let got = from_card_text(&c, "README.md", "m", Catalog::builtin());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].facts.id, NOASSERTION);
        let c = card::parse("# M\n\nThe license of this model is not stated here.\n");
        assert!(from_card_text(&c, "README.md", "m", Catalog::builtin()).is_empty());
        // A license line about another size of the family.
        let c = card::parse("# Foo-7B\n\n- **License:** Apache 2.0 (Foo-70B)\n");
        assert!(from_card_text(&c, "README.md", "Foo-7B", Catalog::builtin()).is_empty());
    }
}
