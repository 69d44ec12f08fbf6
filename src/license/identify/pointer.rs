//! Texts that only point elsewhere: a first line such as `[For the original copy, see URL]`
//! (set aside before matching), and a short text that is nothing but such a pointer, identified
//! from its address.

use super::report::{Identification, Method, TextForm};
use crate::license::Catalog;
use crate::license::links::link_key;
use crate::license::normalize::normalize;

/// The address in a line that only says where the original text is.
pub(super) fn pointer_url(line: &str) -> Option<String> {
    let start = line.find("http://").or_else(|| line.find("https://"))?;
    let url: String = line[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ']' | ')' | '>' | '"' | '\''))
        .collect();
    let url = url.trim_end_matches(['.', ',', ';']).to_string();
    let words = normalize(&line[..start]);
    let lead = words.split(' ').count();
    let pointer_words = [
        "original",
        "refer",
        "see",
        "copy",
        "found",
        "available",
        "license",
        "policy",
        "text",
    ];
    let says_where = words.split(' ').any(|w| pointer_words.contains(&w));
    let rest = normalize(&line[start + url.len()..]);
    (lead <= 12 && rest.split(' ').filter(|w| !w.is_empty()).count() <= 3 && says_where)
        .then_some(url)
}

/// A URL in a short text that refers to a license elsewhere (`See https://...`).
pub(super) fn pointer_in_lines(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|l| pointer_url(l))
}

pub(super) fn by_link(catalog: &Catalog, url: &str) -> Option<Identification> {
    let resolved = catalog.resolve_link(url)?;
    let profile = catalog.profile(&resolved.facts.id);
    let policy = profile.is_some_and(|p| {
        let key = link_key(url);
        p.restrictions
            .iter()
            .filter_map(|r| r.url.as_deref())
            .any(|u| link_key(u) == key)
            || key.contains("use-policy")
            || key.contains("use_policy")
    });
    Some(Identification {
        facts: resolved.facts,
        confidence: 0.8,
        modified: false,
        extra_terms: Vec::new(),
        base: None,
        form: if policy {
            TextForm::Policy
        } else {
            TextForm::Reference
        },
        method: Method::Link,
        lines: None,
        notes: vec![format!("the text only points at {url}")],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_recognised() {
        assert_eq!(
            pointer_url("[For the original copy, see https://example.org/terms]").as_deref(),
            Some("https://example.org/terms")
        );
        assert_eq!(
            pointer_url("Please refer to license: https://example.org/LICENSE").as_deref(),
            Some("https://example.org/LICENSE")
        );
        assert!(pointer_url("The software is licensed under https://example.org/x and also a lot of other words follow here").is_none());
    }
}
