//! Wording that restricts, found in any license text: the phrases of `licenses/extra-terms.yaml`
//! that signal a restricting term (`non commercial`, `monthly active users`), and the words by
//! which text added next to a standard license sets conditions (`must`, `may not`).
//! Identification uses both to tell a modified standard text from the standard one.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_saphyr::{Location, Spanned};

use super::facts::RestrictionKind;
use super::normalize::{contains_phrase, normalize};
use super::schema::{Problems, raw_record};
use crate::diag::{Code, Diagnostics};
use crate::error::Error;

/// The file the phrases are read from.
const EXTRA_TERMS_FILE: &str = "licenses/extra-terms.yaml";

/// The phrases of `licenses/extra-terms.yaml`, normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermPhrases {
    /// Each phrase and the restriction it signals.
    pub terms: Vec<(String, RestrictionKind)>,
    /// Words that set conditions or limits.
    pub conditions: Vec<String>,
}

fn builtin() -> &'static TermPhrases {
    static TABLE: OnceLock<TermPhrases> = OnceLock::new();
    TABLE.get_or_init(|| super::tables::parsed(EXTRA_TERMS_FILE, parse))
}

/// Restricting terms found in a normalized text, each kind once, in kind order.
pub fn extra_terms(normalized: &str) -> Vec<RestrictionKind> {
    let mut kinds: Vec<RestrictionKind> = builtin()
        .terms
        .iter()
        .filter(|(phrase, _)| contains_phrase(normalized, phrase))
        .map(|(_, k)| *k)
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// Whether a normalized text sets conditions or limits (`must`, `may not`, `only for`, ...).
pub(crate) fn sets_conditions(normalized: &str) -> bool {
    builtin()
        .conditions
        .iter()
        .any(|w| contains_phrase(normalized, w))
}

raw_record! {
    /// `licenses/extra-terms.yaml`.
    struct RawFile {
        terms: Vec<Spanned<RawTerm>>,
        conditions: Vec<Spanned<String>>,
    }
}

raw_record! {
    /// One kind of restriction and its phrases.
    struct RawTerm {
        kind: Spanned<String>,
        phrases: Vec<Spanned<String>>,
    }
}

/// Read the phrase table (`file` names it in diagnostics), reporting every problem: unknown keys
/// and kinds, missing fields, phrases not written in normalized form, phrases listed twice.
pub(crate) fn parse(file: &str, text: &str) -> Result<TermPhrases, Error> {
    let mut diags = Diagnostics::default();
    let mut p = Problems::new(file, &mut diags);
    let mut out = TermPhrases {
        terms: Vec::new(),
        conditions: Vec::new(),
    };
    if let Some(raw) = p.read::<RawFile>(text) {
        let at = raw.referenced;
        let raw = raw.value;
        p.unknown_keys(&raw.unknown, "the extra-terms file", RawFile::KEYS);
        let mut seen: HashMap<String, Location> = HashMap::new();
        let terms = p.require(raw.terms, "terms", "the extra-terms file", &at);
        for t in terms.into_iter().flatten() {
            let what = "a term";
            p.unknown_keys(&t.value.unknown, what, RawTerm::KEYS);
            let kind = p
                .require(t.value.kind, "kind", what, &t.referenced)
                .and_then(|k| {
                    p.one_of(&k, "restriction kind", &RestrictionKind::ALL, |k| {
                        k.as_str()
                    })
                });
            let phrases = p.require(t.value.phrases, "phrases", what, &t.referenced);
            for phrase in phrases.into_iter().flatten() {
                if let (Some(phrase), Some(kind)) = (check_phrase(&mut p, phrase, &mut seen), kind)
                {
                    out.terms.push((phrase, kind));
                }
            }
        }
        let conditions = p.require(raw.conditions, "conditions", "the extra-terms file", &at);
        for w in conditions.into_iter().flatten() {
            if let Some(w) = check_phrase(&mut p, w, &mut seen) {
                out.conditions.push(w);
            }
        }
    }
    diags.into_result()?;
    Ok(out)
}

/// A phrase must be written normalized, and once.
fn check_phrase(
    p: &mut Problems,
    phrase: Spanned<String>,
    seen: &mut HashMap<String, Location>,
) -> Option<String> {
    let n = normalize(&phrase.value);
    if n.is_empty() {
        p.at(Code::Missing, &phrase.referenced, "the phrase has no words");
        return None;
    }
    if n != phrase.value {
        p.help(
            Code::Invalid,
            &phrase.referenced,
            format!("`{}` is not written in normalized form", phrase.value),
            format!("texts are compared lower-case, without punctuation: write `{n}`"),
        );
        return None;
    }
    if let Some(first) = seen.get(&n) {
        let message = format!("the phrase `{n}` is listed twice");
        p.twice(&phrase.referenced, first, message);
        return None;
    }
    seen.insert(n.clone(), phrase.referenced);
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricting_terms_are_found() {
        assert_eq!(
            extra_terms(
                "free for non commercial use by fewer than 700 million monthly active users"
            ),
            vec![
                RestrictionKind::UserThreshold,
                RestrictionKind::NonCommercial
            ]
        );
        assert!(extra_terms("permission is hereby granted").is_empty());
        assert!(sets_conditions("you may not sell it"));
        assert!(!sets_conditions("the mustard is yellow"));
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text = "terms:\n  - kind: non-comercial\n    phrases: [Non-Commercial, noncommercial]\n  - kind: field-of-use\n    phrase: [x]\nconditions: [must, noncommercial]\n";
        let e = parse("t.yaml", text).unwrap_err().to_string();
        for want in [
            "t.yaml:2:11: unknown restriction kind `non-comercial`\n  valid restriction kinds: acceptable-use-policy,",
            "t.yaml:3:15: `Non-Commercial` is not written in normalized form\n  texts are compared lower-case, without punctuation: write `non commercial`",
            "t.yaml:5:5: unknown key `phrase` in a term\n  valid keys: kind, phrases",
            "t.yaml:4:5: a term has no `phrases`",
            "t.yaml:6:20: the phrase `noncommercial` is listed twice\n  t.yaml:3:31: first written here",
        ] {
            assert!(e.contains(want), "missing {want:?} in\n{e}");
        }
    }
}
