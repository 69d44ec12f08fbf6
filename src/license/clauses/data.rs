//! The clause patterns as data: `licenses/terms/clauses*.yaml`, read strictly (unknown keys are
//! rejected, every problem is reported with `file:line:column`) and compiled once.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use crate::diag::{Code, Diagnostic, Diagnostics, Label, Problems};
use crate::error::Error;
use crate::license::RestrictionKind;
use crate::yaml;

/// What number a pattern reads (from its `n` and `scale` groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NumberKind {
    /// A count of users (group `unit` tells monthly, daily, ...).
    Users,
    /// An amount of money (groups `cur` / `cur2` tell the currency).
    Money,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Exactly one of the files holds the markers.
    #[serde(default)]
    markers: Option<RawMarkers>,
    patterns: Vec<RawPattern>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkers {
    prohibition: Vec<Spanned<String>>,
    benign: Vec<Spanned<String>>,
    permission: Vec<Spanned<String>>,
    definition: Vec<Spanned<String>>,
    lead_in: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: Spanned<String>,
    kind: RestrictionKind,
    summary: String,
    triggers: Spanned<Vec<String>>,
    #[serde(default)]
    en: Vec<Spanned<String>>,
    #[serde(default)]
    zh: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    also: Vec<Spanned<String>>,
    #[serde(default)]
    prohibited: bool,
    #[serde(default)]
    number: Option<NumberKind>,
    #[serde(default)]
    in_definitions: bool,
    tests: Spanned<Examples>,
}

/// Hand-written examples a pattern must (positive) and must not (negative) match: sentences for
/// a clause pattern, names for a name rule or a family (a name with one `/` and no space is read
/// as a repository id).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub positive: Vec<String>,
    pub negative: Vec<String>,
}

/// When the regexes of the clause data are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileWhen {
    /// While loading: every pattern is checked (files given by hand, tests).
    Now,
    /// On first use: the built-in data (checked by the tests) costs nothing for the patterns a
    /// text never triggers. build.rs reads the built-in files so.
    #[allow(dead_code)]
    OnFirstUse,
}

/// A regex of the clause data, compiled when loaded or on first use.
#[derive(Debug)]
pub struct LazyRegex {
    src: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    fn ready(src: &str, regex: Regex) -> LazyRegex {
        LazyRegex {
            src: src.to_string(),
            regex: OnceLock::from(regex),
        }
    }

    /// A regex compiled on first use (the built-in data, checked by the tests).
    pub(crate) fn deferred(src: &str) -> LazyRegex {
        LazyRegex {
            src: src.to_string(),
            regex: OnceLock::new(),
        }
    }

    /// The regex as written (`\b`, `\w` and `\s` become their ASCII forms when it compiles).
    #[allow(dead_code, reason = "build.rs and the tests read it")]
    pub fn src(&self) -> &str {
        &self.src
    }

    pub fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile(&self.src).unwrap_or_else(|e| panic!("a built-in clause regex is invalid: {e}"))
        })
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.get()
    }
}

/// One compiled pattern.
#[derive(Debug)]
pub struct Pattern {
    pub id: String,
    pub kind: RestrictionKind,
    pub summary: String,
    pub triggers: Vec<String>,
    /// Every phrasing in one regex: one search per candidate sentence.
    pub any: LazyRegex,
    pub regexes: Vec<LazyRegex>,
    pub unless: Vec<LazyRegex>,
    pub also: Vec<LazyRegex>,
    pub prohibited: bool,
    pub number: Option<NumberKind>,
    /// Also read sentences that define a term (thresholds are often stated only there).
    pub in_definitions: bool,
    pub tests: Examples,
}

/// Sentence-level markers shared by all patterns.
#[derive(Debug)]
pub struct Markers {
    pub prohibition: LazyRegex,
    /// Phrases that hold a prohibition word but forbid nothing (`at no cost`).
    pub benign: LazyRegex,
    pub permission: LazyRegex,
    pub definition: LazyRegex,
    pub lead_in: LazyRegex,
}

/// Everything in the data file, compiled.
#[derive(Debug)]
pub struct Compiled {
    pub markers: Markers,
    pub patterns: Vec<Pattern>,
}

/// The clause data's problems are collected like every loader's ([`Problems`]); compiling a
/// regex is one more check.
impl Problems {
    pub fn regex(&mut self, src: &Spanned<String>) -> Option<Regex> {
        match compile(&src.value) {
            Ok(r) => Some(r),
            Err(e) => {
                self.at(&src.referenced, format!("invalid pattern: {e}"));
                None
            }
        }
    }

    /// A regex of the clause data, compiled now (and checked) or on first use.
    fn lazy_regex(&mut self, src: &Spanned<String>, when: CompileWhen) -> Option<LazyRegex> {
        match when {
            CompileWhen::Now => self.regex(src).map(|r| LazyRegex::ready(&src.value, r)),
            CompileWhen::OnFirstUse => Some(LazyRegex::deferred(&src.value)),
        }
    }

    /// One regex that matches where any of `list` does.
    fn union(
        &mut self,
        list: &[Spanned<String>],
        what: &str,
        at: &Location,
        when: CompileWhen,
    ) -> Option<LazyRegex> {
        if list.is_empty() {
            self.at(at, format!("`markers.{what}` needs at least one pattern"));
            return None;
        }
        let joined: Vec<String> = list.iter().map(|s| format!("(?:{})", s.value)).collect();
        let joined = joined.join("|");
        if when == CompileWhen::OnFirstUse {
            return Some(LazyRegex::deferred(&joined));
        }
        let mut ok = true;
        for src in list {
            ok &= self.regex(src).is_some();
        }
        ok.then(|| compile(&joined).ok().map(|r| LazyRegex::ready(&joined, r)))
            .flatten()
    }
}

/// Patterns are written in lower case against folded text. `\b`, `\w` and `\s` are their
/// ASCII forms (the words patterns name are ASCII; CJK phrasings spell their characters out),
/// which keeps the automata small and lets the fast engines run on texts with CJK characters.
fn compile(src: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_classes(src))
        .size_limit(4 << 20)
        .dfa_size_limit(256 << 10)
        .build()
}

/// `\b`, `\w`, `\s` -> their ASCII forms, inside and outside bracket classes.
fn ascii_classes(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 16);
    let mut depth = 0usize;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if depth == 0 => out.push_str("(?-u:\\b)"),
                Some('w') if depth == 0 => out.push_str("[[:word:]]"),
                Some('s') if depth == 0 => out.push_str("[[:space:]]"),
                Some('w') => out.push_str("[:word:]"),
                Some('s') => out.push_str("[:space:]"),
                Some(x) => {
                    out.push('\\');
                    out.push(x);
                }
                None => out.push('\\'),
            },
            '[' => {
                depth += 1;
                out.push('[');
                // `[]...]` and `[^]...]`: a leading `]` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

/// `(?P<n>...)` -> `(?:...)`: the phrasings of one pattern share group names, which one regex
/// cannot hold twice.
fn strip_group_names(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        match after.find('>') {
            Some(j) => {
                out.push_str("(?:");
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Read and compile the pattern files (`licenses/terms/clauses*.yaml`, or any files of that
/// shape), given as (file name for messages, text), in the order given.
pub fn load(sources: &[(&str, &str)]) -> Result<Compiled, Error> {
    load_with(sources, CompileWhen::Now)
}

/// [`load`], with the regexes compiled now or on first use.
pub fn load_with(sources: &[(&str, &str)], when: CompileWhen) -> Result<Compiled, Error> {
    let mut errors = Diagnostics::default();
    let mut markers: Option<(String, RawMarkers)> = None;
    let mut raw_patterns: Vec<(&str, RawPattern)> = Vec::new();
    for (file, text) in sources {
        match yaml::parse::<RawFile>(text, yaml::Duplicates::Reject) {
            Ok(raw) => {
                if let Some(m) = raw.markers {
                    match &markers {
                        Some((first, _)) => errors.push(
                            Diagnostic::error(
                                Code::Invalid,
                                format!(
                                    "`markers` are already defined in {first}; define them once"
                                ),
                            )
                            .with_label(Label::file(file)),
                        ),
                        None => markers = Some((file.to_string(), m)),
                    }
                }
                raw_patterns.extend(raw.patterns.into_iter().map(|p| (*file, p)));
            }
            Err(e) => errors.push(Diagnostic::yaml(file, &e)),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Config(errors));
    }
    let Some((markers_file, raw_markers)) = markers else {
        let names: Vec<&str> = sources.iter().map(|(f, _)| *f).collect();
        return Err(Error::Config(
            Diagnostic::error(
                Code::Missing,
                "no `markers` section (prohibition, benign, permission, definition, lead_in)",
            )
            .with_label(Label::file(&names.join(", ")))
            .into(),
        ));
    };
    let mut p = Problems::new(&markers_file);
    let top = Location::UNKNOWN;
    let markers = (
        p.union(&raw_markers.prohibition, "prohibition", &top, when),
        p.union(&raw_markers.benign, "benign", &top, when),
        p.union(&raw_markers.permission, "permission", &top, when),
        p.union(&raw_markers.definition, "definition", &top, when),
        p.union(&raw_markers.lead_in, "lead_in", &top, when),
    );
    errors.extend(p.list);
    let mut patterns = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (file, rp) in raw_patterns {
        let mut p = Problems::new(file);
        if let Some(pattern) = compile_pattern(&mut p, rp, &mut ids, when) {
            patterns.push(pattern);
        }
        errors.extend(p.list);
    }
    match markers {
        (Some(prohibition), Some(benign), Some(permission), Some(definition), Some(lead_in))
            if errors.is_empty() =>
        {
            Ok(Compiled {
                markers: Markers {
                    prohibition,
                    benign,
                    permission,
                    definition,
                    lead_in,
                },
                patterns,
            })
        }
        _ => Err(Error::Config(errors)),
    }
}

/// Check and compile one pattern (problems go to `p`).
fn compile_pattern(
    p: &mut Problems,
    rp: RawPattern,
    ids: &mut Vec<String>,
    when: CompileWhen,
) -> Option<Pattern> {
    let id = rp.id.value.clone();
    let at = rp.id.referenced;
    if ids.contains(&id) {
        p.at(&at, format!("pattern id `{id}` is used twice"));
    }
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        p.at(
            &at,
            format!("pattern id `{id}` must be kebab-case (a-z, 0-9, -)"),
        );
    }
    ids.push(id.clone());
    if rp.summary.trim().is_empty() {
        p.at(&at, format!("pattern `{id}` needs a summary"));
    }
    let triggers = rp.triggers.value.clone();
    if triggers.is_empty()
        || triggers
            .iter()
            .any(|t| t.is_empty() || t.to_lowercase() != *t)
    {
        p.at(
            &rp.triggers.referenced,
            format!("pattern `{id}`: triggers must be non-empty lower-case words"),
        );
    }
    if rp.en.is_empty() && rp.zh.is_empty() {
        p.at(&at, format!("pattern `{id}` needs `en` or `zh` phrasings"));
    }
    let mut regexes = Vec::new();
    for src in rp.en.iter().chain(&rp.zh) {
        if when == CompileWhen::OnFirstUse {
            regexes.push(LazyRegex::deferred(&src.value));
            continue;
        }
        if let Some(r) = p.regex(src) {
            if rp.number.is_some() && !r.capture_names().any(|n| n == Some("n")) {
                p.at(
                    &src.referenced,
                    format!(
                        "pattern `{id}` reads a number: every phrasing needs a group `(?P<n>...)`"
                    ),
                );
            }
            regexes.push(LazyRegex::ready(&src.value, r));
        }
    }
    let joined: Vec<String> = rp
        .en
        .iter()
        .chain(&rp.zh)
        .map(|s| format!("(?:{})", strip_group_names(&s.value)))
        .collect();
    let joined = joined.join("|");
    let any = match when {
        CompileWhen::OnFirstUse => LazyRegex::deferred(&joined),
        CompileWhen::Now => match compile(&joined) {
            Ok(r) => LazyRegex::ready(&joined, r),
            Err(e) => {
                p.at(
                    &at,
                    format!("pattern `{id}`: its phrasings do not combine: {e}"),
                );
                return None;
            }
        },
    };
    let unless = rp
        .unless
        .iter()
        .filter_map(|s| p.lazy_regex(s, when))
        .collect();
    let also = rp
        .also
        .iter()
        .filter_map(|s| p.lazy_regex(s, when))
        .collect();
    let tests = rp.tests.value;
    if tests.positive.is_empty() || tests.negative.is_empty() {
        p.at(
            &rp.tests.referenced,
            format!("pattern `{id}` needs at least one positive and one negative test"),
        );
    }
    Some(Pattern {
        id,
        kind: rp.kind,
        summary: rp.summary.trim().to_string(),
        triggers,
        any,
        regexes,
        unless,
        also,
        prohibited: rp.prohibited,
        number: rp.number,
        in_definitions: rp.in_definitions,
        tests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKERS: &str = "markers:\n  prohibition: ['not']\n  benign: ['not only']\n  permission: ['may']\n  definition: ['means']\n  lead_in: [':$']\n";

    #[test]
    fn classes_become_ascii() {
        assert_eq!(
            ascii_classes(r"\bno\s+\w+[^.;\w'-]"),
            r"(?-u:\b)no[[:space:]]+[[:word:]]+[^.;[:word:]'-]"
        );
        assert_eq!(ascii_classes(r"[[:word:]]\.[]x]"), r"[[:word:]]\.[]x]");
    }

    #[test]
    fn unknown_keys_and_bad_patterns_are_reported_with_positions() {
        let text = format!(
            "{MARKERS}patterns:\n  - id: x\n    kind: non-commercial\n    summary: s\n    triggers: [a]\n    en: ['(']\n    tests: {{positive: [a], negative: [b]}}\n"
        );
        let err = load(&[("clauses.yaml", &text)]).unwrap_err().to_string();
        assert!(
            err.starts_with("clauses.yaml:12:10: invalid pattern"),
            "{err}"
        );

        let text =
            format!("{MARKERS}patterns:\n  - id: x\n    kind: non-commercial\n    colour: red\n");
        let err = load(&[("clauses.yaml", &text)]).unwrap_err().to_string();
        assert!(
            err.starts_with("clauses.yaml:10:5: unknown field `colour`"),
            "{err}"
        );

        let text = format!(
            "{MARKERS}patterns:\n  - id: X\n    kind: non-commercial\n    summary: s\n    triggers: [A]\n    en: ['a']\n    number: users\n    tests: {{positive: [], negative: [b]}}\n"
        );
        let err = load(&[("clauses.yaml", &text)]).unwrap_err().to_string();
        for part in [
            "kebab-case",
            "lower-case",
            "group `(?P<n>",
            "positive and one negative",
        ] {
            assert!(err.contains(part), "{part}: {err}");
        }
    }

    #[test]
    fn markers_are_defined_exactly_once_across_files() {
        let err = load(&[("a.yaml", "patterns: []\n")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("a.yaml: no `markers`"), "{err}");
        let twice = [("a.yaml", MARKERS), ("b.yaml", MARKERS)];
        let twice: Vec<(&str, String)> = twice
            .iter()
            .map(|(f, m)| (*f, format!("{m}patterns: []\n")))
            .collect();
        let twice: Vec<(&str, &str)> = twice.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let err = load(&twice).unwrap_err().to_string();
        assert!(
            err.contains("b.yaml: `markers` are already defined in a.yaml"),
            "{err}"
        );
    }
}
