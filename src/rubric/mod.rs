//! Rubrics as data: `rubrics/*.yaml` (built in) or a user's file. A rubric is a list of criteria,
//! each with a title, why it matters, how to fix it, and a `requires:` from the closed vocabulary
//! of [`Requirement`]s implemented once in Rust. Loading is strict: unknown keys, unknown
//! vocabulary and duplicate ids are errors with `file:line:column`.

pub mod mot_rules;
pub mod requirement;

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::component::MofClass;
use crate::diag::{Code, Diagnostic, Diagnostics, Label};
use crate::error::Error;
use crate::yaml;

pub use requirement::{LicenseBar, Requirement};

use crate::embedded;

/// How a rubric's criteria add up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Scoring {
    /// Every required criterion must be met (OSAID, the EU AI Act exemption). The verdict words
    /// are the rubric's own.
    Checklist { verdicts: Verdicts },
    /// Cumulative classes III, II, I (MOF): a class is reached when every required criterion of
    /// it and of the classes below it is met.
    Classes,
    /// The Model Openness Tool's own arithmetic over the 17 MOF components (`mof-1.0-mot`):
    /// exact license ids, its open lists and type lists (the data here), its technical-report
    /// rule and its cumulative percentages. See [`crate::assess::mot`].
    Mot(mot_rules::MotRules),
}

/// The words a checklist rubric uses for its three verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdicts {
    pub pass: String,
    pub fail: String,
    pub undetermined: String,
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Unique within the rubric; `rubric-id/criterion-id` names it globally.
    pub id: String,
    pub title: String,
    /// A heading to group criteria under in reports.
    #[serde(default)]
    pub group: Option<String>,
    /// Why it matters (shown by `openness explain`).
    pub why: String,
    /// What a publisher can do to meet it.
    pub fix: String,
    /// Whether the verdict or class depends on it (default true).
    #[serde(default = "yes")]
    pub required: bool,
    /// For class-scored rubrics: the class that first requires it.
    #[serde(default)]
    pub class: Option<MofClass>,
    pub requires: Requirement,
}

fn yes() -> bool {
    true
}

/// A rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    pub version: String,
    pub publisher: String,
    pub url: String,
    pub description: String,
    /// Shown with every result of the rubric (e.g. "not legal advice").
    #[serde(default)]
    pub disclaimer: Option<String>,
    pub scoring: Scoring,
    pub criteria: Vec<Criterion>,
    /// Where it was loaded from: `built-in` or a path.
    #[serde(skip_deserializing, default)]
    pub origin: String,
}

/// Where the parts of a rubric file are, for diagnostics (read leniently beside the strict
/// parse: only positions matter here).
#[derive(Deserialize, Default)]
struct Positions {
    #[serde(default)]
    id: Option<Spanned<IgnoredAny>>,
    #[serde(default)]
    scoring: Option<Spanned<IgnoredAny>>,
    #[serde(default)]
    criteria: Option<Spanned<Vec<Spanned<CriterionPositions>>>>,
}

#[derive(Deserialize, Default)]
struct CriterionPositions {
    #[serde(default)]
    id: Option<Spanned<IgnoredAny>>,
    #[serde(default)]
    class: Option<Spanned<IgnoredAny>>,
    #[serde(default)]
    requires: Option<Spanned<IgnoredAny>>,
}

/// What a problem in a rubric is about, to point at it.
#[derive(Debug, Clone, Copy)]
enum At {
    Id,
    Scoring,
    Criteria,
    CriterionId(usize),
    CriterionClass(usize),
    CriterionRequires(usize),
}

impl Positions {
    fn label(&self, file: &str, at: At) -> Label {
        let loc = |s: &Option<Spanned<IgnoredAny>>| s.as_ref().map(|s| s.referenced);
        let criterion = |i: usize| self.criteria.as_ref().and_then(|c| c.value.get(i));
        let location = match at {
            At::Id => loc(&self.id),
            At::Scoring => loc(&self.scoring),
            At::Criteria => self.criteria.as_ref().map(|c| c.referenced),
            At::CriterionId(i) => {
                criterion(i).and_then(|c| loc(&c.value.id).or(Some(c.referenced)))
            }
            At::CriterionClass(i) => criterion(i).and_then(|c| {
                loc(&c.value.class)
                    .or(loc(&c.value.id))
                    .or(Some(c.referenced))
            }),
            At::CriterionRequires(i) => criterion(i).and_then(|c| {
                loc(&c.value.requires)
                    .or(loc(&c.value.id))
                    .or(Some(c.referenced))
            }),
        };
        match location.filter(|l| l.line() > 0) {
            Some(l) => Label::at(file, Some(l.line()), Some(l.column())),
            None => Label::file(file),
        }
    }
}

/// Points users at a complete rubric.
const EXAMPLE_HINT: &str = "(see `openness rubric show osaid-1.0` for a complete example)";

impl Rubric {
    /// Parse and validate a rubric; `file` names it in errors. Every problem is reported, each
    /// with its position (`Error::Config`).
    pub fn parse(text: &str, file: &str) -> Result<Rubric, Error> {
        let mut rubric: Rubric = yaml::parse(text, yaml::Duplicates::Reject).map_err(|e| {
            Error::Config(Diagnostic::yaml(file, &e).with_help(EXAMPLE_HINT).into())
        })?;
        rubric.origin = file.to_string();
        let positions: Positions =
            yaml::parse(text, yaml::Duplicates::LastWins).unwrap_or_default();
        let mut problems: Vec<(At, Code, String)> = Vec::new();
        let id_ok = |id: &str| {
            !id.is_empty()
                && id.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '/')
                })
        };
        if !id_ok(&rubric.id) || rubric.id.contains('/') {
            problems.push((
                At::Id,
                Code::Id,
                format!(
                    "rubric id `{}` must be lower-case letters, digits, `-` and `.`",
                    rubric.id
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, c) in rubric.criteria.iter().enumerate() {
            if !id_ok(&c.id) {
                problems.push((
                    At::CriterionId(i),
                    Code::Id,
                    format!(
                        "criterion id `{}` must be lower-case letters, digits, `-`, `.` and `/`",
                        c.id
                    ),
                ));
            }
            if !seen.insert(c.id.clone()) {
                problems.push((
                    At::CriterionId(i),
                    Code::Id,
                    format!("criterion id `{}` is used twice", c.id),
                ));
            }
            match (&rubric.scoring, c.class) {
                (Scoring::Classes | Scoring::Mot(_), None) => problems.push((
                    At::CriterionId(i),
                    Code::Missing,
                    format!(
                        "criterion `{}` needs a `class` (III, II or I): the rubric is scored by classes",
                        c.id
                    ),
                )),
                (Scoring::Checklist { .. }, Some(_)) => problems.push((
                    At::CriterionClass(i),
                    Code::Invalid,
                    format!(
                        "criterion `{}` has a `class`, but the rubric is a checklist",
                        c.id
                    ),
                )),
                _ => {}
            }
            if let Err(e) = c.requires.check() {
                problems.push((
                    At::CriterionRequires(i),
                    Code::Invalid,
                    format!("criterion `{}`: {e}", c.id),
                ));
            }
        }
        if rubric.criteria.is_empty() {
            problems.push((
                At::Criteria,
                Code::Missing,
                "the rubric has no criteria".into(),
            ));
        }
        if let Scoring::Mot(rules) = &rubric.scoring {
            for (index, message) in mot_rules::check_criteria(&rubric.criteria) {
                let at = index.map(At::CriterionRequires).unwrap_or(At::Criteria);
                problems.push((at, Code::Invalid, message));
            }
            if let Err(e) = rules.check() {
                problems.push((At::Scoring, Code::Invalid, format!("scoring: {e}")));
            }
        }
        let mut diagnostics = Diagnostics::default();
        for (at, code, message) in problems {
            diagnostics
                .push(Diagnostic::error(code, message).with_label(positions.label(file, at)));
        }
        diagnostics.into_result().map(|()| rubric)
    }

    /// A criterion by id.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// What a criterion of this rubric checks, in words (for `explain` and `rubric show`): a
    /// rubric scored like MOT checks MOT's exact rule for the component.
    pub fn checks(&self, c: &Criterion) -> String {
        match (&self.scoring, mot_rules::criterion_component(c)) {
            (Scoring::Mot(_), Some(comp)) => mot_rules::describe(comp),
            _ => c.requires.describe(),
        }
    }

    /// Whether this is one of the rubrics built into the tool (not a user's file).
    pub fn is_builtin(&self) -> bool {
        self.origin == BUILT_IN
    }
}

/// `origin` of a built-in rubric.
const BUILT_IN: &str = "built-in";

/// The id of the OSAID rubric, which decides the headline.
pub const OSAID: &str = "osaid-1.0";
/// The id of this project's MOF rubric, which a rubric scored like MOT is compared with.
pub const MOF: &str = "mof-1.0";

/// The ids of the built-in rubrics.
pub fn builtin_ids() -> Vec<String> {
    embedded::RUBRICS
        .iter()
        .filter_map(|(name, _)| name.strip_suffix(".yaml"))
        .map(str::to_string)
        .collect()
}

/// The built-in rubrics, parsed once per process (a broken one is kept as its diagnostics).
fn parsed_builtins() -> &'static [(String, Result<Rubric, String>)] {
    static PARSED: std::sync::OnceLock<Vec<(String, Result<Rubric, String>)>> =
        std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        embedded::RUBRICS
            .iter()
            .filter_map(|(n, text)| {
                let id = n.strip_suffix(".yaml")?;
                let parsed = Rubric::parse(text, &format!("rubrics/{n}"))
                    .map(|mut r| {
                        r.origin = BUILT_IN.into();
                        r
                    })
                    .map_err(|e| e.to_string());
                Some((id.to_string(), parsed))
            })
            .collect()
    })
}

/// The text of a built-in rubric's file, when `r` is one.
pub fn builtin_source(r: &Rubric) -> Option<&'static str> {
    let name = format!("{}.yaml", r.id);
    embedded::RUBRICS
        .iter()
        .find(|(n, _)| *n == name && r.is_builtin())
        .map(|(_, text)| *text)
}

/// A built-in rubric by id.
pub fn builtin(id: &str) -> Option<Result<Rubric, Error>> {
    parsed_builtins()
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, r)| {
            r.clone()
                .map_err(|message| Error::Config(Diagnostic::error(Code::Invalid, message).into()))
        })
}

/// All built-in rubrics.
pub fn builtins() -> Result<Vec<Rubric>, Error> {
    builtin_ids()
        .iter()
        .map(|id| builtin(id).expect("listed ids exist"))
        .collect()
}

/// The rubrics a scan uses when none are named.
pub const DEFAULT_RUBRICS: [&str; 3] = ["osaid-1.0", "mof-1.0", "eu-ai-act-53-2"];

/// The default rubrics, built in.
pub fn default_rubrics() -> Result<Vec<Rubric>, Error> {
    DEFAULT_RUBRICS
        .iter()
        .map(|id| builtin(id).expect("default rubrics are built in"))
        .collect()
}

/// A rubric named by built-in id or by path to a YAML file. A file may not take a built-in
/// rubric's id: reports name rubrics by id, and a user's `osaid-1.0` must never read as OSI's.
pub fn load(spec: &str) -> Result<Rubric, Error> {
    if let Some(r) = builtin(spec) {
        return r;
    }
    let path = Path::new(spec);
    let looks_like_file = spec.ends_with(".yaml") || spec.ends_with(".yml") || spec.contains('/');
    if looks_like_file || path.exists() {
        let text = crate::input::read_text(path, yaml::MAX_YAML_BYTES, "the rubric file")
            .map_err(|d| Error::Config(d.into()))?;
        let rubric = Rubric::parse(&text, spec)?;
        if builtin_ids().contains(&rubric.id) {
            let positions: Positions =
                yaml::parse(&text, yaml::Duplicates::LastWins).unwrap_or_default();
            return Err(Error::Config(
                Diagnostic::error(
                    Code::Id,
                    format!(
                        "the id `{}` is reserved for the built-in rubric; give your rubric its own id",
                        rubric.id
                    ),
                )
                .with_label(positions.label(spec, At::Id))
                .with_help(
                    "built-in ids: ".to_string() + &builtin_ids().join(", "),
                )
                .into(),
            ));
        }
        return Ok(rubric);
    }
    Err(Error::UnknownRubric {
        id: spec.to_string(),
        valid: builtin_ids().join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load() {
        let all = builtins().unwrap();
        assert!(all.len() >= 3);
        for id in DEFAULT_RUBRICS {
            assert!(all.iter().any(|r| r.id == id), "{id}");
        }
        for r in &all {
            assert_eq!(format!("{}.yaml", r.id), format!("{}.yaml", r.id));
        }
    }

    #[test]
    fn mof_rubric_has_the_mof_counts() {
        let r = builtin("mof-1.0").unwrap().unwrap();
        let required = |c: MofClass| {
            r.criteria
                .iter()
                .filter(|x| x.required && x.class == Some(c))
                .count()
        };
        assert_eq!(
            (
                required(MofClass::III),
                required(MofClass::II),
                required(MofClass::I)
            ),
            (6, 4, 4)
        );
    }

    #[test]
    fn strict_loading_reports_positions() {
        let bad = "id: mine\ntitle: T\nversion: '1'\npublisher: me\nurl: x\ndescription: d\nscoring: {kind: classes}\ncriteria:\n  - id: a\n    title: A\n    why: w\n    fix: f\n    class: III\n    requires: {component: {component: weights, license: open}}\n";
        let err = Rubric::parse(bad, "mine.yaml").unwrap_err().to_string();
        assert!(err.starts_with("mine.yaml:14:"), "{err}");
        let bad = bad.replace("    fix: f\n", "    fix: f\n    colour: red\n");
        let err = Rubric::parse(&bad, "mine.yaml").unwrap_err().to_string();
        assert!(
            err.contains("mine.yaml:13:") && err.contains("colour"),
            "{err}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_position() {
        let bad = "id: Mine\ntitle: T\nversion: '1'\npublisher: me\nurl: x\ndescription: d\nscoring: {kind: checklist, verdicts: {pass: a, fail: b, undetermined: c}}\ncriteria:\n  - id: a\n    title: A\n    why: w\n    fix: f\n    class: III\n    requires: weights-public\n  - id: a\n    title: B\n    why: w\n    fix: f\n    requires: {any: []}\n";
        let err = Rubric::parse(bad, "mine.yaml").unwrap_err();
        let Error::Config(d) = &err else {
            panic!("{err}")
        };
        let text = err.to_string();
        assert_eq!(d.0.len(), 4, "{text}");
        assert!(text.contains("mine.yaml:1:5: rubric id `Mine`"), "{text}");
        assert!(
            text.contains("mine.yaml:13:12: criterion `a` has a `class`"),
            "{text}"
        );
        assert!(
            text.contains("mine.yaml:15:9: criterion id `a` is used twice"),
            "{text}"
        );
        assert!(
            text.contains("mine.yaml:19:15: criterion `a`: `all` and `any`"),
            "{text}"
        );
    }

    #[test]
    fn built_in_ids_are_reserved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake.yaml");
        let text = embedded::RUBRICS
            .iter()
            .find(|(n, _)| *n == "osaid-1.0.yaml")
            .unwrap()
            .1;
        std::fs::write(&path, text).unwrap();
        let err = load(&path.to_string_lossy()).unwrap_err().to_string();
        assert!(
            err.contains("the id `osaid-1.0` is reserved for the built-in rubric"),
            "{err}"
        );
        std::fs::write(&path, text.replacen("id: osaid-1.0", "id: my-osaid", 1)).unwrap();
        assert_eq!(load(&path.to_string_lossy()).unwrap().id, "my-osaid");
    }

    #[test]
    fn unknown_ids_list_the_valid_ones() {
        let err = load("osaid").unwrap_err().to_string();
        assert!(
            err.contains("osaid-1.0") && err.contains("mof-1.0"),
            "{err}"
        );
    }
}
