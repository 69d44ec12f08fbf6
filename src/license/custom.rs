//! License texts the catalog does not know, read for what they say: a text that grants rights or
//! sets terms is a license even when no profile names it, and a text that shares a known
//! license's phrases but not its licensor or its key terms is not that license. Either way the
//! text is judged by its own clauses ([`crate::license::clauses`]): a restriction found makes it
//! fail the Open Source Definition, with the line that says so; none found leaves its terms
//! unknown, never open by silence.
//!
//! The words are data: `licenses/terms/custom.yaml`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::clauses::{Clause, read_clauses};
use super::facts::{LicenseFacts, LicenseKind, Restriction, RestrictionKind};
use crate::diag::Problems;
use crate::error::Error;
use crate::{embedded, yaml};

const CUSTOM_FILE: &str = "licenses/terms/custom.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    grant: Vec<Spanned<String>>,
    title: RawTitle,
    generic: Vec<Spanned<String>>,
    identity: Vec<Spanned<RestrictionKind>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTitle {
    within: usize,
    max_chars: usize,
    max_words: usize,
    words: Vec<Spanned<String>>,
    not: Vec<Spanned<String>>,
}

/// The rules, compiled.
#[derive(Debug)]
pub struct CustomRules {
    grant: RuleRegex,
    title_words: RuleRegex,
    title_not: RuleRegex,
    title_within: usize,
    title_max: usize,
    title_words_max: usize,
    generic: BTreeSet<String>,
    identity: Vec<RestrictionKind>,
}

impl CustomRules {
    /// The built-in rules, compiled once.
    pub fn builtin() -> &'static CustomRules {
        static RULES: OnceLock<CustomRules> = OnceLock::new();
        RULES.get_or_init(|| {
            let text = embedded::LICENSE_TERMS
                .iter()
                .find(|(n, _)| *n == "custom.yaml")
                .map(|(_, t)| *t)
                .unwrap_or_default();
            // Regexes compiled on first use (the tests compile the built-in ones).
            CustomRules::read(CUSTOM_FILE, text, false)
                .unwrap_or_else(|e| panic!("the built-in custom-license rules are invalid: {e}"))
        })
    }

    /// Read rules strictly; every problem is reported with its position.
    pub fn from_yaml(file: &str, text: &str) -> Result<CustomRules, Error> {
        CustomRules::read(file, text, true)
    }

    /// Read rules, compiling (and checking) their regexes now or on first use.
    fn read(file: &str, text: &str, now: bool) -> Result<CustomRules, Error> {
        let raw: RawRules = yaml::parse(text, yaml::Duplicates::Reject)
            .map_err(|e| Error::Config(crate::diag::Diagnostic::yaml(file, &e).into()))?;
        let mut p = Problems::new(file);
        let grant = union(&mut p, &raw.grant, now);
        let title_words = union(&mut p, &raw.title.words, now);
        let title_not = union(&mut p, &raw.title.not, now);
        let mut generic = BTreeSet::new();
        for w in &raw.generic {
            if w.value != w.value.to_lowercase() || w.value.contains(' ') {
                p.at(
                    &w.referenced,
                    format!("`{}` must be one lowercase word", w.value),
                );
            } else if !generic.insert(w.value.clone()) {
                p.at(&w.referenced, format!("`{}` is listed twice", w.value));
            }
        }
        if raw.title.within == 0 || raw.title.max_chars == 0 || raw.title.max_words == 0 {
            p.file("title.within, title.max-chars and title.max-words must be positive");
        }
        p.list.into_result()?;
        Ok(CustomRules {
            grant: grant.expect("checked"),
            title_words: title_words.expect("checked"),
            title_not: title_not.expect("checked"),
            title_within: raw.title.within,
            title_max: raw.title.max_chars,
            title_words_max: raw.title.max_words,
            generic,
            identity: raw.identity.into_iter().map(|k| k.value).collect(),
        })
    }

    /// Whether a text grants rights or sets terms.
    pub fn grants(&self, text: &str) -> bool {
        self.grant.get().is_match(&text.to_lowercase())
    }

    /// The title of a text: the first short line near its top that names a license, without
    /// markup; with its 1-based line.
    pub fn title(&self, text: &str) -> Option<(usize, String)> {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .take(self.title_within)
            .map(|(i, l)| (i + 1, clean_title(l)))
            .find(|(_, l)| {
                !l.is_empty()
                    && l.chars().count() <= self.title_max
                    && l.split_whitespace().count() <= self.title_words_max
                    && !l.ends_with(['.', ';', ':', '。', '；', '：'])
                    && !l.chars().next().is_some_and(char::is_lowercase)
                    && !is_section_heading(l)
                    && self.title_words.get().is_match(&l.to_lowercase())
                    && !self.title_not.get().is_match(&l.to_lowercase())
            })
    }

    /// The words of a title or name that say who the licensor or the model is (not "license",
    /// "agreement", "model", numbers, ...).
    pub fn distinctive(&self, name: &str) -> BTreeSet<String> {
        // Letters and digits part too: `Llama3` is `llama` and `3`, `Gemma3` is `gemma`.
        let mut words = Vec::new();
        let mut word = String::new();
        let mut digits = false;
        for c in name.to_lowercase().chars() {
            if !c.is_alphanumeric() || (!word.is_empty() && c.is_ascii_digit() != digits) {
                words.push(std::mem::take(&mut word));
            }
            if c.is_alphanumeric() {
                digits = c.is_ascii_digit();
                word.push(c);
            }
        }
        words.push(word);
        words
            .into_iter()
            .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| !self.generic.contains(w))
            .collect()
    }

    /// Whether a title names another licensor than a known license's names do: each says who
    /// it is, and they share no such word.
    pub fn other_licensor(&self, title: &str, names: &[&str]) -> bool {
        let mine = self.distinctive(title);
        let theirs: BTreeSet<String> = names.iter().flat_map(|n| self.distinctive(n)).collect();
        !mine.is_empty() && !theirs.is_empty() && mine.is_disjoint(&theirs)
    }

    /// Terms in `clauses` that a known license with `restrictions` lacks and that would make the
    /// text another license.
    /// The kinds of terms that make a text another license than the one it resembles.
    pub fn identity(&self) -> &[RestrictionKind] {
        &self.identity
    }

    pub fn identity_terms(
        &self,
        clauses: &[Clause],
        restrictions: &[Restriction],
    ) -> Vec<RestrictionKind> {
        let mut out: Vec<RestrictionKind> = clauses
            .iter()
            .map(|c| c.kind)
            .filter(|k| self.identity.contains(k))
            .filter(|k| !restrictions.iter().any(|r| r.kind == *k))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// A regex of the rules: compiled when read (rules given by hand) or on first use (the built-in
/// ones).
#[derive(Debug)]
struct RuleRegex {
    src: String,
    regex: OnceLock<Regex>,
}

impl RuleRegex {
    fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            Regex::new(&self.src)
                .unwrap_or_else(|e| panic!("a built-in custom-license regex is invalid: {e}"))
        })
    }
}

/// One regex for a list of patterns; `now` compiles and checks each.
fn union(p: &mut Problems, list: &[Spanned<String>], now: bool) -> Option<RuleRegex> {
    let joined: Vec<String> = list.iter().map(|r| format!("(?:{})", r.value)).collect();
    let src = joined.join("|");
    if !now {
        if list.is_empty() {
            p.file("a list of patterns is empty");
            return None;
        }
        return Some(RuleRegex {
            src,
            regex: OnceLock::new(),
        });
    }
    let mut ok = Vec::new();
    for r in list {
        match Regex::new(&r.value) {
            Ok(_) => ok.push(format!("(?:{})", r.value)),
            Err(e) => p.at(&r.referenced, format!("invalid pattern: {e}")),
        }
    }
    if list.is_empty() {
        p.file("a list of patterns is empty");
        return None;
    }
    let src = ok.join("|");
    Regex::new(&src).ok().map(|r| RuleRegex {
        src,
        regex: OnceLock::from(r),
    })
}

/// `2. License Grant`, `Section 3`, `Article IV`, `(a) ...`: a part of a text, not its title.
fn is_section_heading(line: &str) -> bool {
    let lower = line.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or_default();
    first.starts_with('(')
        || first
            .trim_end_matches(['.', ')', ':'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
            && first.chars().any(|c| c.is_ascii_digit())
        || matches!(
            first,
            "section"
                | "article"
                | "part"
                | "chapter"
                | "schedule"
                | "appendix"
                | "attachment"
                | "exhibit"
        )
        || lower.starts_with('第')
}

/// Every `<...>` (a `<`, then up to the next `>`) replaced by a space, as the regex `<[^>]*>`
/// would: a `<` with no `>` after it stays.
fn without_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A title line without Markdown or HTML markup and outer punctuation.
fn clean_title(line: &str) -> String {
    let no_tags = without_tags(line);
    let no_tags = no_tags.replace("**", "").replace("__", "").replace('`', "");
    no_tags
        .trim()
        .trim_start_matches(['#', '*', '_', '=', '-', '>', ' '])
        .trim_end_matches(['*', '_', '=', '-', ':', ' '])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable id for a custom text: `LicenseRef-` and its title's words, else a hash of the text.
pub fn custom_id(title: Option<&str>, text: &str) -> String {
    let slug: String = title
        .map(|t| {
            t.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .map(|w| {
                    w.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect::<String>()
                })
                .filter(|w| !w.is_empty())
                .take(8)
                .collect::<Vec<_>>()
                .join("-")
        })
        .unwrap_or_default();
    if slug.len() >= 3 {
        return format!("LicenseRef-{slug}");
    }
    // FNV-1a over the text's words: the same text, however wrapped, gets the same id.
    let mut h: u64 = 0xcbf29ce484222325;
    for w in text.split_whitespace() {
        for b in w.bytes().chain(std::iter::once(b' ')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("LicenseRef-custom-{:08x}", h >> 32)
}

/// The facts of a custom license: its restrictions are its clauses (each with its lines and
/// words); any that takes away a freedom makes it fail the Open Source Definition; none leaves
/// its terms unknown.
pub fn facts(id: &str, name: &str, clauses: &[Clause]) -> LicenseFacts {
    let mut restrictions: Vec<Restriction> = Vec::new();
    for c in clauses {
        if restrictions
            .iter()
            .any(|r| r.kind == c.kind && r.threshold == c.threshold)
        {
            continue;
        }
        restrictions.push(Restriction {
            kind: c.kind,
            summary: format!(
                "{} (line{} {}: \"{}\")",
                c.summary,
                if c.first_line == c.last_line { "" } else { "s" },
                if c.first_line == c.last_line {
                    c.first_line.to_string()
                } else {
                    format!("{}-{}", c.first_line, c.last_line)
                },
                c.quote
            ),
            threshold: c.threshold,
            url: None,
        });
    }
    let breaks = restrictions.iter().any(|r| r.kind.breaks_freedoms());
    let kind = if restrictions
        .iter()
        .any(|r| r.kind == RestrictionKind::NonCommercial)
    {
        LicenseKind::NonCommercial
    } else if breaks {
        LicenseKind::RestrictedOpenWeights
    } else {
        LicenseKind::Unknown
    };
    LicenseFacts {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        osi_approved: false,
        osd_conformant: breaks.then_some(false),
        restrictions,
        content_types: Vec::new(),
        url: None,
    }
}

/// The clauses of lines `first..=last` (1-based) of a text, with lines counted in the whole
/// text.
pub fn clauses_in(text: &str, first: usize, last: usize) -> Vec<Clause> {
    clauses_of(text, first, last, None)
}

/// The clauses of [`clauses_in`] of the given kinds only (found without trying other kinds).
pub fn clauses_of_kinds_in(
    text: &str,
    first: usize,
    last: usize,
    kinds: &[RestrictionKind],
) -> Vec<Clause> {
    clauses_of(text, first, last, Some(kinds))
}

fn clauses_of(
    text: &str,
    first: usize,
    last: usize,
    kinds: Option<&[RestrictionKind]>,
) -> Vec<Clause> {
    let part: Vec<&str> = text
        .lines()
        .skip(first.saturating_sub(1))
        .take(last.saturating_sub(first.saturating_sub(1)))
        .collect();
    let offset = first.saturating_sub(1);
    let part = part.join("\n");
    let clauses = match kinds {
        Some(kinds) => crate::license::clauses::ClauseReader::builtin().read_kinds(&part, kinds),
        None => read_clauses(&part),
    };
    clauses
        .into_iter()
        .map(|mut c| {
            c.first_line += offset;
            c.last_line += offset;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_as_the_regex_takes_them() {
        let re = Regex::new(r"<[^>]*>").unwrap();
        for line in [
            "<b>Llama 3</b> Community License",
            "a < b and c > d",
            "<<x>>",
            "no tags",
            "open < never closed",
            "<>",
            "<a href=\"x\">Lizenz</a> für <i>Modelle",
            "x > y <",
            "",
        ] {
            assert_eq!(without_tags(line), re.replace_all(line, " "), "{line}");
        }
    }

    #[test]
    fn the_built_in_rules_load_and_broken_ones_say_where() {
        let r = CustomRules::builtin();
        // The built-in rules compile their regexes on first use: read eagerly, they check.
        let text = embedded::LICENSE_TERMS
            .iter()
            .find(|(n, _)| *n == "custom.yaml")
            .map(|(_, t)| *t)
            .expect("custom.yaml is built in");
        assert!(CustomRules::from_yaml(CUSTOM_FILE, text).is_ok());
        for re in [&r.grant, &r.title_words, &r.title_not] {
            re.get();
        }
        assert!(r.grants("The Licensor hereby grants you a non-exclusive license"));
        assert!(r.grants("本协议授予您使用本模型的权利"));
        assert!(!r.grants("This repository holds the weights of a small model."));
        assert!(!r.grants("You may use the model for anything the Apache License 2.0 allows."));
        let err = CustomRules::from_yaml(
            "c.yaml",
            "grant: ['(']\ntitle: {within: 3, max-chars: 80, max-words: 9, words: [license], not: [you]}\ngeneric: [Model, a, a]\nidentity: [non-commercial]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("c.yaml:1:9: invalid pattern"), "{err}");
        assert!(
            err.contains("c.yaml:3:11: `Model` must be one lowercase word"),
            "{err}"
        );
        assert!(err.contains("c.yaml:3:21: `a` is listed twice"), "{err}");
    }

    #[test]
    fn titles_and_licensors() {
        let r = CustomRules::builtin();
        let text = "\n# **Harbor OpenRAIL-M License** v1.0\n\nSection I\n";
        assert_eq!(
            r.title(text),
            Some((2, "Harbor OpenRAIL-M License v1.0".to_string()))
        );
        assert!(r.other_licensor("Harbor OpenRAIL-M License v1.0", &["BigCode OpenRAIL-M v1"]));
        assert!(!r.other_licensor("BigCode Open RAIL-M v1 License", &["BigCode OpenRAIL-M v1"]));
        // A title that names no one decides nothing.
        assert!(!r.other_licensor("Open RAIL-M License", &["BigCode OpenRAIL-M v1"]));
        assert!(!r.other_licensor(
            "Llama 2 Community License Agreement",
            &["Llama 2 Community License"]
        ));
    }

    #[test]
    fn ids_are_stable_and_readable() {
        assert_eq!(
            custom_id(Some("Aurora Model License Agreement v2"), "x"),
            "LicenseRef-aurora-model-license-agreement-v2"
        );
        let a = custom_id(Some("星河模型许可协议"), "本协议 授予\n您 权利");
        let b = custom_id(None, "本协议 授予 您\n权利");
        assert_eq!(a, b);
        assert!(a.starts_with("LicenseRef-custom-"), "{a}");
    }

    #[test]
    fn terms_come_from_the_clauses_and_silence_is_unknown() {
        let text = "Acme Model License\n\nYou may not use the Model for commercial purposes.\n";
        let clauses = clauses_in(text, 1, 3);
        let f = facts("LicenseRef-acme", "Acme Model License", &clauses);
        assert_eq!(f.kind, LicenseKind::NonCommercial);
        assert_eq!(f.osd_conformant, Some(false));
        assert!(
            f.restrictions[0].summary.contains("line 3"),
            "{:?}",
            f.restrictions
        );
        let quiet = facts("LicenseRef-q", "Q", &[]);
        assert_eq!(quiet.osd_conformant, None);
        assert_eq!(quiet.kind, LicenseKind::Unknown);
    }
}
