//! The name reader: what a license NAME, link or title says (`license_name:
//! my-model-nc-community`, `acme-research-license`, `Qwen RESEARCH LICENSE AGREEMENT`,
//! `https://example.com/LICENSE-NC`): the license family it names, with the catalog id when the
//! words decide it, and the terms its words state, each with a confidence and the words that
//! decided it.
//!
//! **A name can only make a verdict more restricted, or unknown; never more open.** Words such
//! as `nc`, `research` or `non-production` state restrictions; `community license` or `license
//! agreement` say the license is a custom one whose text must be read. Nothing in a name can say
//! the terms are open: `open-model-license` or `apache-research` are read for their restricting
//! words only, and a name that states nothing ([`NameEffect::Nothing`]) leaves the verdict to the
//! catalog (an exact id) or the text. [`NameReading::effect`] is the whole contract.
//!
//! The words are data, in `licenses/terms/names.yaml`; each entry carries hand-written names it
//! must and must not match (`cargo test --lib names` runs them). To add a word, add a regex to
//! an entry's `words` (or a new entry) and a positive and a negative example.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::RestrictionKind;
use super::clauses::Examples;
use crate::diag::Problems;
use crate::embedded;
use crate::error::Error;
use crate::yaml;

/// Where the built-in words live.
pub const NAMES_FILE: &str = "licenses/terms/names.yaml";

/// What a name's words state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NamedTerm {
    /// The words state a restriction (`nc` -> non-commercial).
    Restricts(RestrictionKind),
    /// The words call it a custom license (`community license`): its terms must be read.
    CustomTerms,
}

/// One term a name states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameTerm {
    pub term: NamedTerm,
    /// 0.0 - 1.0.
    pub confidence: f32,
    /// The words of the (normalised) name that decided it.
    pub words: String,
    /// The entry of `names.yaml` that matched.
    pub rule: String,
}

/// The license family a name names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedFamily {
    pub family: String,
    /// The catalog's id, when the words decide the version; `None`: the family is named but
    /// which of its licenses is not.
    pub license_id: Option<String>,
    pub confidence: f32,
    pub words: String,
}

/// How a name may change a verdict. There is no "more open".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NameEffect {
    /// The name states restrictions: the terms are at least this restricted.
    Restricts,
    /// The name calls the license custom or names a license family: the terms are unknown
    /// until read (or resolved from the family's id).
    Unknown,
    /// The name says nothing about the terms.
    Nothing,
}

/// Everything a name says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameReading {
    pub name: String,
    /// The name as matched (lower case, separators as spaces, `llama3` -> `llama 3`).
    pub normalized: String,
    pub family: Option<NamedFamily>,
    /// The terms stated, one per term, in file order.
    pub terms: Vec<NameTerm>,
}

impl NameReading {
    /// The restrictions the name states.
    pub fn restrictions(&self) -> Vec<RestrictionKind> {
        self.terms
            .iter()
            .filter_map(|t| match t.term {
                NamedTerm::Restricts(k) => Some(k),
                NamedTerm::CustomTerms => None,
            })
            .collect()
    }

    /// What the name may do to a verdict: restrict it, make it unknown, or nothing.
    pub fn effect(&self) -> NameEffect {
        if !self.restrictions().is_empty() {
            NameEffect::Restricts
        } else if self.family.is_some() || !self.terms.is_empty() {
            NameEffect::Unknown
        } else {
            NameEffect::Nothing
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    terms: Vec<RawTerm>,
    families: Vec<RawFamily>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    id: String,
    term: Spanned<String>,
    confidence: f32,
    words: Vec<Spanned<String>>,
    tests: Spanned<Examples>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamily {
    family: String,
    words: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    licenses: Vec<RawLicense>,
    tests: Spanned<Examples>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicense {
    #[serde(default)]
    when: Option<Spanned<String>>,
    id: String,
}

#[derive(Debug)]
struct TermRule {
    id: String,
    term: NamedTerm,
    confidence: f32,
    words: Vec<Regex>,
    tests: Examples,
}

#[derive(Debug)]
struct FamilyRule {
    family: String,
    words: Vec<Regex>,
    unless: Vec<Regex>,
    licenses: Vec<(Option<Regex>, String)>,
    tests: Examples,
}

/// The compiled words of `names.yaml`.
#[derive(Debug)]
pub struct NameReader {
    terms: Vec<TermRule>,
    families: Vec<FamilyRule>,
}

/// Read a license name, link or title with the built-in words.
pub fn read_name(name: &str) -> NameReading {
    NameReader::builtin().read(name)
}

impl NameReader {
    pub fn builtin() -> &'static NameReader {
        static READER: OnceLock<NameReader> = OnceLock::new();
        READER.get_or_init(|| {
            let text = embedded::LICENSE_TERMS
                .iter()
                .find(|(name, _)| *name == "names.yaml")
                .map(|(_, t)| *t)
                .unwrap_or_default();
            NameReader::from_yaml(NAMES_FILE, text)
                .unwrap_or_else(|e| panic!("the built-in name words are invalid: {e}"))
        })
    }

    /// Build a reader from a words file (`file` names it in error messages).
    pub fn from_yaml(file: &str, text: &str) -> Result<NameReader, Error> {
        let raw: RawFile = yaml::parse(text, yaml::Duplicates::Reject)
            .map_err(|e| Error::Config(crate::diag::Diagnostic::yaml(file, &e).into()))?;
        let mut p = Problems::new(file);
        let mut terms = Vec::new();
        for t in raw.terms {
            let term = match t.term.value.as_str() {
                "custom-terms" => NamedTerm::CustomTerms,
                other => {
                    match RestrictionKind::ALL.iter().find(|k| k.as_str() == other) {
                        Some(k) => NamedTerm::Restricts(*k),
                        None => {
                            p.at(
                            &t.term.referenced,
                            format!("unknown term `{other}`; use a restriction kind or `custom-terms`"),
                        );
                            continue;
                        }
                    }
                }
            };
            if !(0.0..=1.0).contains(&t.confidence) {
                p.at(
                    &t.term.referenced,
                    format!("`{}`: confidence must be 0-1", t.id),
                );
            }
            check_examples(&mut p, &t.tests, &t.id);
            terms.push(TermRule {
                id: t.id,
                term,
                confidence: t.confidence,
                words: t.words.iter().filter_map(|w| p.regex(w)).collect(),
                tests: t.tests.value,
            });
        }
        let mut families = Vec::new();
        for f in raw.families {
            check_examples(&mut p, &f.tests, &f.family);
            let licenses = f
                .licenses
                .iter()
                .map(|l| (l.when.as_ref().and_then(|w| p.regex(w)), l.id.clone()))
                .collect();
            families.push(FamilyRule {
                family: f.family,
                words: f.words.iter().filter_map(|w| p.regex(w)).collect(),
                unless: f.unless.iter().filter_map(|w| p.regex(w)).collect(),
                licenses,
                tests: f.tests.value,
            });
        }
        if p.list.is_empty() {
            Ok(NameReader { terms, families })
        } else {
            Err(Error::Config(p.list))
        }
    }

    /// What a name, link or title says.
    pub fn read(&self, name: &str) -> NameReading {
        let is_link = name.contains("://");
        let normalized = normalize_name(name);
        let n = normalized.as_str();
        let scale = if is_link { 0.8 } else { 1.0 };
        let mut terms: Vec<NameTerm> = Vec::new();
        for rule in &self.terms {
            if terms.iter().any(|t| t.term == rule.term) {
                continue;
            }
            if let Some(m) = rule.words.iter().find_map(|r| r.find(n)) {
                terms.push(NameTerm {
                    term: rule.term,
                    confidence: rule.confidence * scale,
                    words: m.as_str().to_string(),
                    rule: rule.id.clone(),
                });
            }
        }
        let family = self.families.iter().find_map(|f| {
            if f.unless.iter().any(|r| r.is_match(n)) {
                return None;
            }
            let m = f.words.iter().find_map(|r| r.find(n))?;
            let license_id = f
                .licenses
                .iter()
                .find(|(when, _)| when.as_ref().is_none_or(|w| w.is_match(n)))
                .map(|(_, id)| id.clone());
            let confidence = if license_id.is_some() { 0.9 } else { 0.6 } * scale;
            Some(NamedFamily {
                family: f.family.clone(),
                license_id,
                confidence,
                words: m.as_str().to_string(),
            })
        });
        NameReading {
            name: name.to_string(),
            normalized,
            family,
            terms,
        }
    }

    /// Run every entry's examples; returns what failed (empty when all pass).
    pub fn check_examples(&self) -> Vec<String> {
        let mut failures = Vec::new();
        for t in &self.terms {
            for name in &t.tests.positive {
                if !self.read(name).terms.iter().any(|x| x.rule == t.id) {
                    failures.push(format!("{}: does not read `{name}`", t.id));
                }
            }
            for name in &t.tests.negative {
                if self.read(name).terms.iter().any(|x| x.term == t.term) {
                    failures.push(format!("{}: reads `{name}`", t.id));
                }
            }
        }
        for f in &self.families {
            let named = |name: &str| self.read(name).family.is_some_and(|x| x.family == f.family);
            for name in f.tests.positive.iter().filter(|n| !named(n)) {
                failures.push(format!("{}: does not name `{name}`", f.family));
            }
            for name in f.tests.negative.iter().filter(|n| named(n)) {
                failures.push(format!("{}: names `{name}`", f.family));
            }
        }
        failures
    }
}

fn check_examples(p: &mut Problems, tests: &Spanned<Examples>, id: &str) {
    if tests.value.positive.is_empty() || tests.value.negative.is_empty() {
        p.at(
            &tests.referenced,
            format!("`{id}` needs at least one positive and one negative example"),
        );
    }
}

/// Hosting words of a link that say nothing about the license.
const LINK_NOISE: &[&str] = &[
    "http",
    "https",
    "www",
    "com",
    "org",
    "net",
    "io",
    "co",
    "huggingface",
    "github",
    "githubusercontent",
    "raw",
    "blob",
    "resolve",
    "tree",
    "main",
    "master",
    "refs",
    "heads",
];

/// Lower case, separators as single spaces (a `.` between digits stays), a letter-digit change
/// split (`llama3` -> `llama 3`), a link's hosting words dropped.
pub fn normalize_name(name: &str) -> String {
    let name: String = name
        .chars()
        .take(2000)
        .collect::<String>()
        .to_lowercase()
        .replace("%20", " ");
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() || c == '+' {
            let split = prev.is_some_and(|p| {
                (p.is_alphabetic() && c.is_ascii_digit())
                    || (p.is_ascii_digit() && c.is_alphabetic())
            });
            if split && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push(c);
        } else if c == '.'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            out.push('.');
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let is_link = name.contains("://");
    out.split_whitespace()
        .filter(|w| !is_link || !LINK_NOISE.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_passes_its_own_examples() {
        let failures = NameReader::builtin().check_examples();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn normalisation() {
        assert_eq!(
            normalize_name("Llama3.1-Community_License"),
            "llama 3.1 community license"
        );
        assert_eq!(normalize_name("cc-by-nc-4.0"), "cc by nc 4.0");
        assert_eq!(
            normalize_name("https://huggingface.co/acme/m/blob/main/LICENSE-NC.txt"),
            "acme m license nc txt"
        );
        assert_eq!(normalize_name("openrail++"), "openrail++");
        assert_eq!(
            normalize_name("https://github.com/acme/x/blob/main/Acme%20LICENSE%20AGREEMENT"),
            "acme x acme license agreement"
        );
        assert_eq!(normalize_name(""), "");
    }

    #[test]
    fn names_state_terms_with_their_words() {
        let r = read_name("my-model-nc-community");
        assert_eq!(r.restrictions(), [RestrictionKind::NonCommercial]);
        assert_eq!(r.terms[0].words, "nc");
        assert_eq!(r.effect(), NameEffect::Restricts);

        let r = read_name("Qwen RESEARCH LICENSE AGREEMENT");
        assert_eq!(
            r.family.as_ref().and_then(|f| f.license_id.as_deref()),
            Some("LicenseRef-qwen-research")
        );
        assert!(r.restrictions().contains(&RestrictionKind::FieldOfUse));
        assert!(r.terms.iter().any(|t| t.term == NamedTerm::CustomTerms));

        let r = read_name("llama3-community-license");
        assert_eq!(
            r.family.as_ref().and_then(|f| f.license_id.as_deref()),
            Some("LicenseRef-llama3")
        );
        assert_eq!(r.effect(), NameEffect::Unknown);

        let r = read_name("falcon-llm-license");
        assert_eq!(r.family.as_ref().map(|f| f.family.as_str()), Some("falcon"));
        assert_eq!(r.family.as_ref().and_then(|f| f.license_id.clone()), None);

        let r = read_name("https://example.com/LICENSE-NC");
        assert_eq!(r.restrictions(), [RestrictionKind::NonCommercial]);
        assert!(r.terms[0].confidence < 0.9);
    }

    #[test]
    fn a_name_never_makes_terms_open() {
        // Open-sounding words state nothing: the terms stay unknown or restricted.
        for name in [
            "open-model-license",
            "Open Model License",
            "free-community-license",
        ] {
            assert_eq!(read_name(name).effect(), NameEffect::Unknown, "{name}");
        }
        for name in ["apache-research", "mit-nc", "open-weights-non-commercial"] {
            assert_eq!(read_name(name).effect(), NameEffect::Restricts, "{name}");
        }
        for name in [
            "apache-2.0",
            "mit",
            "open",
            "permissive",
            "free",
            "osi-approved",
        ] {
            let r = read_name(name);
            assert_eq!(r.effect(), NameEffect::Nothing, "{name}");
            assert!(r.terms.is_empty() && r.family.is_none(), "{name}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for name in [
            "",
            " ",
            "...",
            "://",
            "İ3.ǅ",
            "a.1.b.2",
            &"x-".repeat(10_000),
            "亿万-nc",
        ] {
            let _ = read_name(name);
        }
    }
}
