//! Drift: what changed between two reports of a model (two `scan --format json` files, or two
//! revisions read afresh), in licenses, components and verdicts, each change marked better,
//! worse, or just changed. Pure: two [`Report`]s -> a [`Drift`].
//!
//! The orders ("better" is to the right):
//! - openness level: unknown < closed < open-weights-restricted < open-weights < open-source
//!   (unknown lowest: it proves nothing, as in policies);
//! - checklist verdicts (OSAID, EU AI Act): fail < undetermined < pass
//!   (not-conformant < insufficient-evidence < conformant);
//! - MOF class: unclassified < III < II < I; progress per class: higher is better;
//! - criterion outcomes: not-met < unknown < met; to or from not-applicable is a change;
//! - component availability: not-found, unknown < mentioned < linked < declared < published;
//! - licenses: one that restricts a freedom (acceptable-use policy, user threshold, training ban,
//!   non-commercial, ...) or is known not to conform to the OSD is *restrictive*: adding one is
//!   worse, removing one is better; adding or removing any other license, a change. A license
//!   that gains a restriction is worse, one that loses it better.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, ChecklistStatus, Outcome, Summary};
use crate::component::MofClass;
use crate::evidence::Availability;
use crate::report::{LicenseEntry, Report};
use crate::snapshot::Target;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Direction {
    Worse,
    Better,
    Changed,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Worse => "worse",
            Direction::Better => "better",
            Direction::Changed => "changed",
        }
    }

    fn of<T: Ord>(before: T, after: T) -> Option<Direction> {
        match after.cmp(&before) {
            std::cmp::Ordering::Greater => Some(Direction::Better),
            std::cmp::Ordering::Less => Some(Direction::Worse),
            std::cmp::Ordering::Equal => None,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What part of the report a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Area {
    Level,
    Verdict,
    License,
    Component,
    Criterion,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Level => "level",
            Area::Verdict => "verdict",
            Area::License => "license",
            Area::Component => "component",
            Area::Criterion => "criterion",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub area: Area,
    /// What changed: `openness`, `osaid-1.0`, `mof-1.0 progress II`, a license id and scope, a
    /// component, `rubric/criterion`.
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftCounts {
    pub better: usize,
    pub worse: usize,
    pub changed: usize,
}

/// Everything that changed from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    pub old: Target,
    pub new: Target,
    pub counts: DriftCounts,
    pub changes: Vec<Change>,
}

impl Drift {
    pub fn worse(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.direction == Direction::Worse)
    }
}

fn level_rank(l: crate::level::Level) -> u8 {
    l.rank()
}

fn status_rank(s: ChecklistStatus) -> u8 {
    match s {
        ChecklistStatus::Fail => 0,
        ChecklistStatus::Undetermined => 1,
        ChecklistStatus::Pass => 2,
    }
}

fn class_rank(label: &str) -> u8 {
    match MofClass::ALL.into_iter().position(|c| c.as_str() == label) {
        Some(i) => i as u8 + 1,
        None => 0,
    }
}

fn outcome_rank(o: Outcome) -> Option<u8> {
    match o {
        Outcome::NotMet => Some(0),
        Outcome::Unknown => Some(1),
        Outcome::Met => Some(2),
        Outcome::NotApplicable => None,
    }
}

fn availability_rank(a: Availability) -> u8 {
    match a {
        Availability::NotFound | Availability::Unknown => 0,
        Availability::Mentioned => 1,
        Availability::Linked => 2,
        Availability::Declared => 3,
        Availability::Published => 4,
    }
}

fn restrictive(l: &LicenseEntry) -> bool {
    l.osd_conformant == Some(false) || l.restrictions.iter().any(|r| r.kind.breaks_freedoms())
}

/// Compare two reports of (usually) the same model.
pub fn diff(old: &Report, new: &Report) -> Drift {
    let mut changes = Vec::new();
    let mut push = |area, subject: String, before: Option<String>, after: Option<String>, d| {
        changes.push(Change {
            area,
            subject,
            before,
            after,
            direction: d,
        })
    };

    // The headline.
    let (a, b) = (old.openness.level, new.openness.level);
    if a != b {
        let d = Direction::of(level_rank(a), level_rank(b)).unwrap_or(Direction::Changed);
        push(
            Area::Level,
            "openness".into(),
            Some(a.to_string()),
            Some(b.to_string()),
            d,
        );
    }

    // Verdicts and criteria, rubric by rubric.
    let ids: BTreeSet<&String> = old.rubrics.keys().chain(new.rubrics.keys()).collect();
    for id in ids {
        match (old.rubrics.get(id), new.rubrics.get(id)) {
            (Some(x), Some(y)) => {
                verdicts(id, x, y, &mut push);
                criteria(id, x, y, &mut push);
            }
            (x, y) => push(
                Area::Verdict,
                id.clone(),
                x.map(summary_word),
                y.map(summary_word),
                Direction::Changed,
            ),
        }
    }

    // Licenses, by id and scope.
    let group = |r: &Report| -> BTreeMap<(String, String), Vec<LicenseEntry>> {
        let mut m: BTreeMap<(String, String), Vec<LicenseEntry>> = BTreeMap::new();
        for l in &r.licenses {
            m.entry((l.id.clone(), scope_word(l)))
                .or_default()
                .push(l.clone());
        }
        m
    };
    let (lo, ln) = (group(old), group(new));
    let keys: BTreeSet<&(String, String)> = lo.keys().chain(ln.keys()).collect();
    for key in keys {
        let subject = format!("{} ({})", key.0, key.1);
        match (lo.get(key), ln.get(key)) {
            (None, Some(n)) => {
                let d = if n.iter().any(restrictive) {
                    Direction::Worse
                } else {
                    Direction::Changed
                };
                push(Area::License, subject, None, Some(license_word(&n[0])), d);
            }
            (Some(o), None) => {
                let d = if o.iter().any(restrictive) {
                    Direction::Better
                } else {
                    Direction::Changed
                };
                push(Area::License, subject, Some(license_word(&o[0])), None, d);
            }
            (Some(o), Some(n)) => {
                let kinds = |v: &Vec<LicenseEntry>| -> BTreeSet<String> {
                    v.iter()
                        .flat_map(|l| l.restrictions.iter().map(|r| r.kind.as_str().to_string()))
                        .collect()
                };
                let (ko, kn) = (kinds(o), kinds(n));
                if ko != kn {
                    let d = if kn.iter().any(|k| !ko.contains(k)) {
                        Direction::Worse
                    } else {
                        Direction::Better
                    };
                    push(
                        Area::License,
                        format!("{subject} restrictions"),
                        Some(join_or_none(&ko)),
                        Some(join_or_none(&kn)),
                        d,
                    );
                }
            }
            (None, None) => {}
        }
    }

    // Components: availability and licenses.
    for nc in &new.components {
        let Some(oc) = old.components.iter().find(|c| c.id == nc.id) else {
            continue;
        };
        if oc.availability != nc.availability {
            let d = Direction::of(
                availability_rank(oc.availability),
                availability_rank(nc.availability),
            )
            .unwrap_or(Direction::Changed);
            push(
                Area::Component,
                format!("{} availability", nc.name),
                Some(oc.availability.as_str().to_string()),
                Some(nc.availability.as_str().to_string()),
                d,
            );
        }
        if oc.licenses != nc.licenses {
            let restricted = |r: &Report, ids: &[String]| {
                r.licenses
                    .iter()
                    .any(|l| ids.contains(&l.id) && restrictive(l))
            };
            let (ro, rn) = (restricted(old, &oc.licenses), restricted(new, &nc.licenses));
            let d = match (ro, rn) {
                (false, true) => Direction::Worse,
                (true, false) => Direction::Better,
                _ => Direction::Changed,
            };
            push(
                Area::Component,
                format!("{} licenses", nc.name),
                Some(join_or_none(&oc.licenses)),
                Some(join_or_none(&nc.licenses)),
                d,
            );
        }
    }

    changes
        .sort_by(|a, b| (a.direction, a.area, &a.subject).cmp(&(b.direction, b.area, &b.subject)));
    let mut counts = DriftCounts::default();
    for c in &changes {
        match c.direction {
            Direction::Better => counts.better += 1,
            Direction::Worse => counts.worse += 1,
            Direction::Changed => counts.changed += 1,
        }
    }
    Drift {
        old: old.target.clone(),
        new: new.target.clone(),
        counts,
        changes,
    }
}

type Push<'a> = dyn FnMut(Area, String, Option<String>, Option<String>, Direction) + 'a;

fn verdicts(id: &str, x: &Assessment, y: &Assessment, push: &mut Push) {
    match (&x.summary, &y.summary) {
        (
            Summary::Verdict {
                verdict: va,
                status: sa,
            },
            Summary::Verdict {
                verdict: vb,
                status: sb,
            },
        ) => {
            if va != vb {
                let d =
                    Direction::of(status_rank(*sa), status_rank(*sb)).unwrap_or(Direction::Changed);
                push(
                    Area::Verdict,
                    id.to_string(),
                    Some(va.clone()),
                    Some(vb.clone()),
                    d,
                );
            }
        }
        (
            Summary::Classes {
                class: ca,
                progress: pa,
                ..
            },
            Summary::Classes {
                class: cb,
                progress: pb,
                ..
            },
        ) => {
            if ca != cb {
                let d = Direction::of(class_rank(ca), class_rank(cb)).unwrap_or(Direction::Changed);
                push(
                    Area::Verdict,
                    format!("{id} class"),
                    Some(ca.clone()),
                    Some(cb.clone()),
                    d,
                );
            }
            for class in MofClass::ALL {
                let (a, b) = (pa.get(&class), pb.get(&class));
                if a != b {
                    let d = match (a, b) {
                        (Some(a), Some(b)) if b > a => Direction::Better,
                        (Some(a), Some(b)) if b < a => Direction::Worse,
                        _ => Direction::Changed,
                    };
                    push(
                        Area::Verdict,
                        format!("{id} progress {class}"),
                        a.map(|v| format!("{v}%")),
                        b.map(|v| format!("{v}%")),
                        d,
                    );
                }
            }
        }
        (a, b) => push(
            Area::Verdict,
            id.to_string(),
            Some(summary_text(a)),
            Some(summary_text(b)),
            Direction::Changed,
        ),
    }
}

fn criteria(id: &str, x: &Assessment, y: &Assessment, push: &mut Push) {
    for fb in &y.criteria {
        let fa = x.finding(&fb.id);
        let before = fa.map(|f| f.outcome);
        if before == Some(fb.outcome) {
            continue;
        }
        let d = match (before.and_then(outcome_rank), outcome_rank(fb.outcome)) {
            (Some(a), Some(b)) => Direction::of(a, b).unwrap_or(Direction::Changed),
            _ => Direction::Changed,
        };
        push(
            Area::Criterion,
            format!("{id}/{}", fb.id),
            before.map(|o| o.as_str().to_string()),
            Some(fb.outcome.as_str().to_string()),
            d,
        );
    }
    for fa in &x.criteria {
        if y.finding(&fa.id).is_none() {
            push(
                Area::Criterion,
                format!("{id}/{}", fa.id),
                Some(fa.outcome.as_str().to_string()),
                None,
                Direction::Changed,
            );
        }
    }
}

fn summary_text(s: &Summary) -> String {
    match s {
        Summary::Verdict { verdict, .. } => verdict.clone(),
        Summary::Classes { class, .. } => format!("class {class}"),
    }
}

fn summary_word(a: &Assessment) -> String {
    summary_text(&a.summary)
}

fn scope_word(l: &LicenseEntry) -> String {
    let v = serde_json::to_value(&l.scope).unwrap_or_default();
    match (v.get("kind").and_then(|k| k.as_str()), v.get("id")) {
        (Some(k), Some(id)) => format!("{k} {}", id.as_str().unwrap_or(&id.to_string())),
        (Some(k), None) => k.to_string(),
        _ => "repository".to_string(),
    }
}

fn license_word(l: &LicenseEntry) -> String {
    let kinds: Vec<&str> = l.restrictions.iter().map(|r| r.kind.as_str()).collect();
    if kinds.is_empty() {
        format!("{} ({})", l.id, l.kind)
    } else {
        format!("{} ({}; {})", l.id, l.kind, kinds.join(", "))
    }
}

fn join_or_none<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let v: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}
