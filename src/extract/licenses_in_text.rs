//! License statements in a card's prose (`- **License:** Apache 2.0`, a license link in a
//! "License" section), read only when the card's metadata names no license.

use super::card::Card;
use super::licenses::{MAX_DECLARED, evidence};
use crate::evidence::{LicenseEvidence, LicenseOrigin, LicenseScope, Source};
use crate::license::{Catalog, LicenseFacts, NOASSERTION, Resolution};

fn license_line_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?i)^\s*(?:[-*+]\s*)?(?:(?:\*\*|__)?licen[cs]e(?:\s*\(s\))?\s*(?:\*\*|__)?\s*[:：]|(?:\*\*|__)licen[cs]e(?:\*\*|__)\s)\s*(?:\*\*|__)?\s*(.+?)\s*$")
            .expect("valid regex")
    })
}

/// License statements in the card's text (`- **License:** Apache 2.0`, a license link in a
/// "License" section), read only when the metadata names no license: the weakest declaration,
/// still better than none.
pub fn from_card_text(
    card: &Card,
    file: &str,
    model: &str,
    catalog: &Catalog,
) -> Vec<LicenseEvidence> {
    use crate::evidence::Topic;
    let mut out: Vec<LicenseEvidence> = Vec::new();
    // Statements past the bound: how many, and the line of the first.
    let mut more: (usize, u32) = (0, 0);
    let push = |out: &mut Vec<LicenseEvidence>,
                more: &mut (usize, u32),
                declared: String,
                r: crate::license::Resolved,
                line: u32,
                url: Option<String>| {
        if out
            .iter()
            .any(|l| l.facts.id == r.facts.id && r.facts.id != NOASSERTION)
        {
            return;
        }
        // A bound on what one card expands into, as for its `license:` list: statements of
        // licenses the catalog does not know (each line its own) are read up to it. Known ones
        // are each read once, so the catalog bounds them.
        if r.facts.id == NOASSERTION
            && out.iter().filter(|l| l.facts.id == NOASSERTION).count() >= MAX_DECLARED
        {
            if more.0 == 0 {
                more.1 = line;
            }
            more.0 += 1;
            return;
        }
        let mut notes = vec!["declared in the card's text, not in its metadata".to_string()];
        notes.extend(r.warning.clone());
        out.push(LicenseEvidence {
            declared,
            facts: r.facts,
            resolution: r.resolution,
            origin: LicenseOrigin::CardText,
            scope: LicenseScope::Repository,
            source: Source {
                file: Some(file.to_string()),
                line: Some(line),
                field: None,
                url,
            },
            confidence: None,
            notes,
        });
    };
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
        let link = card.links_on(n).first();
        if let Some(r) = link.and_then(|l| catalog.resolve_link(&l.url)) {
            push(
                &mut out,
                &mut more,
                value.to_string(),
                r,
                n,
                link.map(|l| l.url.clone()),
            );
            continue;
        }
        let text = link
            .filter(|l| !l.text.is_empty())
            .map(|l| l.text.clone())
            .unwrap_or_else(|| value.trim_end_matches(['.', ';']).to_string());
        if text.is_empty() || text.len() > 120 {
            continue;
        }
        let r = catalog.resolve(&text);
        if r.resolution == Resolution::Unresolved {
            push(
                &mut out,
                &mut more,
                text.clone(),
                crate::license::Resolved {
                    facts: LicenseFacts::unknown(&text),
                    ..r
                },
                n,
                link.map(|l| l.url.clone()),
            );
        } else {
            push(&mut out, &mut more, text, r, n, link.map(|l| l.url.clone()));
        }
    }
    if out.is_empty() {
        for s in card.sections_on(Topic::License) {
            for l in card.links_in(s) {
                if let Some(r) = catalog.resolve_link(&l.url) {
                    push(
                        &mut out,
                        &mut more,
                        l.url.clone(),
                        r,
                        l.line,
                        Some(l.url.clone()),
                    );
                }
            }
        }
    }
    let (more, line) = more;
    if more > 0 {
        out.push(evidence(
            format!("{more} more licenses"),
            catalog.resolve("unknown"),
            LicenseOrigin::CardText,
            Source::line(file, line),
            vec![format!(
                "the card's text states more than {MAX_DECLARED} licenses this catalog does not know; the {more} after the first {MAX_DECLARED} were not read, so the terms they add are unknown"
            )],
        ));
    }
    out
}
