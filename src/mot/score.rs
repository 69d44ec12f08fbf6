//! MOT's scoring, reproduced exactly (rubric `mof-1.0-mot`; `ModelEvaluator.php` and
//! `LicenseHandler.php` of lfai/model_openness_tool at 8b5d30e):
//!
//! - the license of a listed component: its own, else the global license for its type, else the
//!   distribution license, else none ([`Manifest::applied`]);
//! - "open": the id, matched exactly and case-sensitively, is OSI-approved or FSF-libre on the SPDX
//!   list, or one of MOT's open-data ids, or OpenMDW-1.0 (the lists are data in the rubric);
//! - status: not listed -> missing; open -> included (a license not made for the component's type
//!   only draws a warning); no license -> unlicensed; anything else -> invalid;
//! - a listed research paper lets the technical report be omitted: the report leaves "missing",
//!   the paper stands in for it in classes III and II, and class I then needs 13;
//! - progress per class: cumulative included over cumulative required, 0 when a less open class
//!   is below 100 %; the class is the most open one at 100 %.
//!
//! The assessment also compares each component with this project's own reading (`mof-1.0`) and
//! says why they differ.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::view::{self, Basis};
use super::{LicenseFrom, Manifest};
use crate::assess::{Assessment, Finding, Outcome, Summary};
use crate::component::{Component, ContentType, MofClass};
use crate::evidence::{Evidence, Fact, Strength};
use crate::license::NOASSERTION;
use crate::rubric::{Criterion, Requirement, Rubric};

/// The data of MOT's scoring, kept in `rubrics/mof-1.0-mot.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MotRules {
    /// Ids MOT counts as open data licenses, whatever their SPDX flags.
    pub open_data: Vec<String>,
    /// Other ids MOT counts as open.
    pub open_other: Vec<String>,
    /// Ids the SPDX list built into this tool flags OSI-approved or FSF-libre but MOT's own
    /// (older) copy of the list does not: not open to MOT.
    pub spdx_not_open: Vec<String>,
    /// The licenses MOT considers made for each content type (type-appropriateness).
    pub content_types: TypeLists,
}

/// License ids per MOF content type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeLists {
    pub code: Vec<String>,
    pub data: Vec<String>,
    pub document: Vec<String>,
}

impl TypeLists {
    fn of(&self, t: ContentType) -> &[String] {
        match t {
            ContentType::Code => &self.code,
            ContentType::Data => &self.data,
            ContentType::Document => &self.document,
        }
    }
}

/// Why MOT counts a license as open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpenBasis {
    /// OSI-approved on the SPDX list.
    OsiApproved,
    /// FSF-libre on the SPDX list.
    FsfLibre,
    /// On MOT's list of open data licenses.
    OpenData,
    /// On MOT's short list of other open licenses (OpenMDW-1.0).
    MotList,
}

impl OpenBasis {
    fn words(self) -> &'static str {
        match self {
            OpenBasis::OsiApproved => "OSI-approved",
            OpenBasis::FsfLibre => "FSF-libre",
            OpenBasis::OpenData => "one of MOT's open data licenses",
            OpenBasis::MotList => "on MOT's list of open licenses",
        }
    }
}

/// An SPDX license id, matched exactly (the `spdx` crate's own lookup strips a trailing `+`).
fn spdx_exact(id: &str) -> Option<&'static spdx::License> {
    spdx::identifiers::LICENSES
        .binary_search_by(|l| l.name.cmp(id))
        .ok()
        .map(|i| &spdx::identifiers::LICENSES[i])
}

fn spdx_open_flags(l: &spdx::License) -> (bool, bool) {
    (
        l.flags & spdx::flags::IS_OSI_APPROVED != 0,
        l.flags & spdx::flags::IS_FSF_LIBRE != 0,
    )
}

impl MotRules {
    /// Whether MOT counts `id` as open, and why.
    pub fn open(&self, id: &str) -> Option<OpenBasis> {
        if let Some(l) = spdx_exact(id)
            && !self.spdx_not_open.iter().any(|x| x == id)
        {
            match spdx_open_flags(l) {
                (true, _) => return Some(OpenBasis::OsiApproved),
                (false, true) => return Some(OpenBasis::FsfLibre),
                _ => {}
            }
        }
        if self.open_data.iter().any(|x| x == id) {
            return Some(OpenBasis::OpenData);
        }
        if self.open_other.iter().any(|x| x == id) {
            return Some(OpenBasis::MotList);
        }
        None
    }

    /// Whether MOT lists `id` as made for content of type `t`.
    pub fn type_appropriate(&self, id: &str, t: ContentType) -> bool {
        self.content_types.of(t).iter().any(|x| x == id)
    }

    /// Checks that keep the data honest: every `spdx-not-open` id must be one the SPDX list
    /// really flags open (else the entry is stale), and no id is listed twice.
    pub fn check(&self) -> Result<(), String> {
        for id in &self.spdx_not_open {
            match spdx_exact(id) {
                None => return Err(format!("spdx-not-open: `{id}` is not an SPDX license id")),
                Some(l) if spdx_open_flags(l) == (false, false) => {
                    return Err(format!(
                        "spdx-not-open: `{id}` is neither OSI-approved nor FSF-libre on the SPDX list; remove it"
                    ));
                }
                Some(_) => {}
            }
        }
        for (name, list) in [
            ("open-data", &self.open_data),
            ("open-other", &self.open_other),
            ("spdx-not-open", &self.spdx_not_open),
            ("content-types.code", &self.content_types.code),
            ("content-types.data", &self.content_types.data),
            ("content-types.document", &self.content_types.document),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for id in list {
                if !seen.insert(id) {
                    return Err(format!("{name}: `{id}` is listed twice"));
                }
            }
        }
        Ok(())
    }
}

/// A component's status, in MOT's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Listed under a license MOT counts as open.
    Included,
    /// Required and not listed.
    Missing,
    /// Listed, but no license applies.
    Unlicensed,
    /// Listed under a license MOT does not count as open.
    Invalid,
    /// The technical report, not listed, when a research paper is: MOT drops it from "missing".
    Omitted,
    /// Optional and not listed.
    NotListed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Included => "included",
            Status::Missing => "missing",
            Status::Unlicensed => "unlicensed",
            Status::Invalid => "invalid",
            Status::Omitted => "omitted",
            Status::NotListed => "not-listed",
        }
    }
}

/// One component as MOT scores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MotComponent {
    pub id: Component,
    pub name: String,
    pub content_type: ContentType,
    pub class: MofClass,
    pub required: bool,
    pub status: Status,
    /// The license that applies, as written (`None`: unlicensed or not listed).
    pub license: Option<String>,
    /// Where that license was stated.
    pub license_from: Option<LicenseFrom>,
    /// Why MOT counts the license as open (`None`: it does not).
    pub open: Option<OpenBasis>,
    /// Whether MOT lists the license as made for the component's content type.
    pub type_appropriate: Option<bool>,
    /// Whether it counts toward the class (the technical report also counts when the research
    /// paper stands in for it).
    pub counted: bool,
}

/// MOT's result for a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub components: Vec<MotComponent>,
    /// Per class, as MOT computes it (not rounded).
    pub progress: BTreeMap<MofClass, f64>,
    pub class: Option<MofClass>,
    /// The mean of the three percentages.
    pub total_progress: f64,
    /// The research paper stands in for the technical report in classes III and II.
    pub paper_stands_in: bool,
}

impl Score {
    pub fn component(&self, c: Component) -> &MotComponent {
        self.components
            .iter()
            .find(|m| m.id == c)
            .expect("every component is scored")
    }

    /// MOT's label: `Class III - Open Model`, ..., `Unclassified`.
    pub fn label(&self) -> &'static str {
        self.class.map(MofClass::label).unwrap_or("Unclassified")
    }
}

fn required_in(class: MofClass) -> usize {
    Component::ALL
        .iter()
        .filter(|c| c.class() == class && c.required())
        .count()
}

/// Score a manifest the way MOT does.
pub fn score(m: &Manifest, rules: &MotRules) -> Score {
    let mut components: Vec<MotComponent> = Component::ALL
        .iter()
        .map(|&c| {
            let base = MotComponent {
                id: c,
                name: c.mot_name().to_string(),
                content_type: c.content_type(),
                class: c.class(),
                required: c.required(),
                status: if c.required() {
                    Status::Missing
                } else {
                    Status::NotListed
                },
                license: None,
                license_from: None,
                open: None,
                type_appropriate: None,
                counted: false,
            };
            let Some(entry) = m.component(c) else {
                return base;
            };
            let applied = m.applied(entry);
            let word = applied.license.as_deref().unwrap_or(super::UNLICENSED);
            let open = rules.open(word);
            let status = match (&open, &applied.license) {
                (Some(_), _) => Status::Included,
                (None, None) => Status::Unlicensed,
                (None, Some(_)) => Status::Invalid,
            };
            MotComponent {
                status,
                type_appropriate: applied
                    .license
                    .as_deref()
                    .map(|l| rules.type_appropriate(l, c.content_type())),
                license: applied.license,
                license_from: applied.from,
                open,
                counted: status == Status::Included,
                ..base
            }
        })
        .collect();
    let status = |cs: &[MotComponent], c: Component| {
        cs.iter().find(|m| m.id == c).expect("all scored").status
    };
    // The technical report may be omitted when a research paper is listed.
    let report = status(&components, Component::TechnicalReport);
    let paper = status(&components, Component::ResearchPaper);
    let omission = report != Status::Included && m.component(Component::ResearchPaper).is_some();
    let paper_stands_in = omission && paper == Status::Included;
    for mc in components.iter_mut() {
        if mc.id == Component::TechnicalReport {
            if omission && report == Status::Missing {
                mc.status = Status::Omitted;
            }
            mc.counted = mc.status == Status::Included || paper_stands_in;
        }
    }
    // Cumulative included count per class, as in MOT's per-class lists.
    let included = |class: MofClass| {
        let own = components
            .iter()
            .filter(|mc| mc.required && mc.class <= class && mc.status == Status::Included)
            .count();
        own + usize::from(paper_stands_in && class != MofClass::I)
    };
    let mut progress = BTreeMap::new();
    for class in MofClass::ALL {
        let mut total = 0usize;
        let mut last_included = 0usize;
        let mut stopped_below = false;
        for k in MofClass::ALL.into_iter().filter(|k| *k <= class) {
            total += required_in(k);
            last_included = included(k);
            if last_included < total {
                stopped_below = k < class;
                break;
            }
        }
        let pct = if stopped_below {
            0.0
        } else {
            if class == MofClass::I
                && status(&components, Component::TechnicalReport) != Status::Included
                && paper == Status::Included
            {
                total -= 1;
            }
            (last_included as f64 / total as f64 * 100.0).min(100.0)
        };
        progress.insert(class, pct);
    }
    let class = MofClass::ALL.into_iter().rfind(|c| progress[c] == 100.0);
    let total_progress =
        (0.0 + progress[&MofClass::III] + progress[&MofClass::II] + progress[&MofClass::I]) / 3.0;
    Score {
        components,
        progress,
        class,
        total_progress,
        paper_stands_in,
    }
}

/// How the two readings of a component differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DifferenceKind {
    /// MOT matches ids exactly; the license is an open one written another way (`Apache 2.0`,
    /// `apache-2.0`, a Hugging Face id).
    CaseOrSpelling,
    /// MOT does not parse SPDX expressions (`MIT OR Apache-2.0`).
    SpdxExpression,
    /// An exact SPDX id that this project reads as open but MOT's lists do not.
    MotOpenList,
    /// MOT calls an unknown license invalid; this project could not identify it and cannot tell.
    UnidentifiedLicense,
    /// MOT counts the license as open; this project finds terms that are not (use restrictions).
    NotOpenToUs,
    /// This project identified the license but cannot tell whether its terms are open (MOT
    /// counts it as open, or as invalid).
    TermsUnknown,
    /// MOT reads a component without a stated license (or not listed) as not counting; this
    /// project cannot tell (linked, license not verified; mentioned only; could not look).
    NotVerified,
    /// Anything else (the reason says what).
    Other,
}

/// A component the two readings judge differently, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub component: Component,
    /// MOT's status.
    pub mot: Status,
    /// This project's outcome (rubric `mof-1.0`).
    pub ours: Outcome,
    pub kind: DifferenceKind,
    pub reason: String,
}

/// What the `mof-1.0-mot` assessment adds to the common fields (JSON `mot`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MotDetails {
    /// MOT's class label (`Class III - Open Model`, ..., `Unclassified`).
    pub label: String,
    /// MOT's total progress: the mean of the three class percentages.
    pub total_progress: f64,
    /// `manifest`: scored as the manifest is written; `scan`: scored on the MOT manifest this
    /// scan supports (what `--format mot` writes).
    pub basis: Basis,
    pub components: Vec<MotComponent>,
    /// MOT's "open license but should have a type-appropriate open license" warnings.
    pub warnings: Vec<String>,
    /// Components that `mof-1.0` judges differently, and why.
    pub differences: Vec<Difference>,
}

/// The component a `mof-1.0-mot` criterion is about.
pub fn criterion_component(c: &Criterion) -> Option<Component> {
    match &c.requires {
        Requirement::Component(r) => Some(r.component),
        _ => None,
    }
}

/// Check a `mof-1.0-mot`-style rubric: one criterion per MOF component, with its MOF class and
/// whether it is required, since MOT's arithmetic is fixed to the MOF.
pub fn check_criteria(criteria: &[Criterion]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for c in criteria {
        let Some(comp) = criterion_component(c) else {
            problems.push(format!(
                "criterion `{}`: a rubric scored like MOT needs `requires: {{component: {{component: ..., license: open}}}}`",
                c.id
            ));
            continue;
        };
        if seen.contains(&comp) {
            problems.push(format!(
                "criterion `{}`: component `{}` has two criteria",
                c.id,
                comp.slug()
            ));
        }
        seen.push(comp);
        if c.class != Some(comp.class()) || c.required != comp.required() {
            problems.push(format!(
                "criterion `{}`: MOT scores {} as class {}{}",
                c.id,
                comp.slug(),
                comp.class(),
                if comp.required() {
                    ", required"
                } else {
                    ", optional (required: false)"
                }
            ));
        }
    }
    let missing: Vec<&str> = Component::ALL
        .iter()
        .filter(|c| !seen.contains(c))
        .map(|c| c.slug())
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "a rubric scored like MOT needs a criterion for every MOF component; missing: {}",
            missing.join(", ")
        ));
    }
    problems
}

/// What a `mof-1.0-mot` criterion checks, for `openness explain` and `rubric show`.
pub fn describe(c: Component) -> String {
    format!(
        "{} is listed, and the license that applies to it (its own, else the global license for {}, else the distribution license) is, exactly as written, an OSI-approved or FSF-libre SPDX id, one of MOT's open data ids or OpenMDW-1.0{}",
        c.mot_name(),
        c.content_type().as_str(),
        if c == Component::TechnicalReport {
            "; it may be omitted when a research paper is listed, which then stands in for it"
        } else {
            ""
        }
    )
}

fn status_reason(mc: &MotComponent, score: &Score, basis: Basis) -> String {
    let lic = mc.license.as_deref().unwrap_or_default();
    let from = mc.license_from.map(LicenseFrom::field).unwrap_or_default();
    let mut reason = match mc.status {
        Status::Included => format!(
            "included: listed under `{lic}` ({from}), which MOT counts as open ({})",
            mc.open.map(OpenBasis::words).unwrap_or_default()
        ),
        Status::Invalid => format!(
            "invalid: listed under `{lic}` ({from}), which is not, exactly as written, an open license to MOT (an OSI-approved or FSF-libre SPDX id, one of its open data ids or OpenMDW-1.0)"
        ),
        Status::Unlicensed => match mc.license_from {
            Some(LicenseFrom::Component) => {
                "unlicensed: listed, but its license is `unlicensed` or blank".to_string()
            }
            Some(f) => format!("unlicensed: listed, but {} is `unlicensed`", f.field()),
            None => "unlicensed: listed, but no license is given for it, for its type or for the distribution".to_string(),
        },
        Status::Missing => match basis {
            Basis::Manifest => "missing: the manifest does not list it".to_string(),
            Basis::Scan => {
                "missing: nothing in this scan shows it is published, so the MOT manifest drafted from it does not list it".to_string()
            }
        },
        Status::NotListed => "not listed (optional)".to_string(),
        Status::Omitted => format!(
            "omitted: a research paper is listed, so MOT does not require the technical report; the research paper ({}) stands in for it in classes III and II",
            score.component(Component::ResearchPaper).status.as_str()
        ),
    };
    if mc.id == Component::TechnicalReport
        && matches!(mc.status, Status::Invalid | Status::Unlicensed)
        && score.paper_stands_in
    {
        reason.push_str(
            "; the research paper, included, stands in for it in classes III and II, so it counts",
        );
    }
    reason
}

/// The license ids this project's reading resolved for a component.
fn our_ids(ev: &Evidence, c: Component) -> Vec<String> {
    let mut ids: Vec<String> = ev
        .component_licenses(c)
        .map(|l| l.facts.id.clone())
        .filter(|id| id != NOASSERTION)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn difference(
    ev: &Evidence,
    score: &Score,
    slot: &MotComponent,
    ours: &Finding,
) -> Option<Difference> {
    // The technical report, omitted or unlicensed, when a research paper is listed: both
    // readings then turn on the paper (MOT lets it stand in; mof-1.0 accepts either).
    let paper = score.component(Component::ResearchPaper);
    let via_paper = slot.id == Component::TechnicalReport
        && matches!(slot.status, Status::Omitted | Status::Unlicensed)
        && paper.status != Status::Missing;
    let mc = if via_paper { paper } else { slot };
    let lic = mc.license.as_deref().unwrap_or_default();
    let mot_words = mc.status.as_str();
    let ours_words = format!("mof-1.0 says {}: {}", ours.outcome, ours.reason);
    let (kind, why) = match (mc.counted, ours.outcome) {
        (false, Outcome::Met) => match mc.status {
            Status::Invalid => {
                let ids = our_ids(ev, mc.id);
                let joined = ids.join(" AND ");
                if joined.contains(" OR ") || joined.contains(" AND ") || joined.contains(" WITH ")
                {
                    (
                        DifferenceKind::SpdxExpression,
                        format!(
                            "MOT does not parse SPDX expressions, so `{lic}` is invalid to it; mof-1.0 reads it as {joined}"
                        ),
                    )
                } else if ids.len() == 1 && ids[0] == lic {
                    (
                        DifferenceKind::MotOpenList,
                        format!(
                            "`{lic}` is an exact SPDX id, but MOT's lists do not count it as open (its own copy of the SPDX flags, its open data ids and OpenMDW-1.0)"
                        ),
                    )
                } else {
                    (
                        DifferenceKind::CaseOrSpelling,
                        format!(
                            "MOT matches license ids exactly and case-sensitively, so `{lic}` is invalid to it; mof-1.0 reads it as {joined}"
                        ),
                    )
                }
            }
            _ => (
                DifferenceKind::Other,
                format!("MOT does not count it ({mot_words})"),
            ),
        },
        (false, Outcome::Unknown) => match mc.status {
            Status::Invalid if our_ids(ev, mc.id).is_empty() => (
                DifferenceKind::UnidentifiedLicense,
                format!(
                    "MOT counts any license it does not list as invalid; mof-1.0 could not identify `{lic}` and cannot tell"
                ),
            ),
            Status::Invalid => (
                DifferenceKind::TermsUnknown,
                format!(
                    "MOT counts `{lic}` as invalid (not on its open list); mof-1.0 identifies it as {} but cannot tell whether its terms are open",
                    our_ids(ev, mc.id).join(" AND ")
                ),
            ),
            _ => (
                DifferenceKind::NotVerified,
                format!(
                    "MOT does not count it ({mot_words}); mof-1.0 cannot tell whether it is published under an open license"
                ),
            ),
        },
        (true, Outcome::NotMet) => (
            DifferenceKind::NotOpenToUs,
            format!(
                "MOT counts `{lic}` as open ({}); mof-1.0 does not",
                mc.open
                    .map(OpenBasis::words)
                    .unwrap_or("the research paper stands in")
            ),
        ),
        (true, Outcome::Unknown) => (
            DifferenceKind::TermsUnknown,
            format!(
                "MOT counts `{lic}` as open ({}); mof-1.0 cannot tell",
                mc.open
                    .map(OpenBasis::words)
                    .unwrap_or("the research paper stands in")
            ),
        ),
        _ => return None,
    };
    let lead = if via_paper {
        "through the research paper, which may stand in for the technical report: "
    } else {
        ""
    };
    Some(Difference {
        component: slot.id,
        mot: slot.status,
        ours: ours.outcome,
        kind,
        reason: format!("{lead}{why}. {ours_words}"),
    })
}

/// Assess evidence with MOT's scoring.
pub fn assess(ev: &Evidence, rubric: &Rubric, rules: &MotRules) -> Assessment {
    let (manifest, basis) = view::of(ev);
    let score = score(&manifest, rules);
    let ours = crate::rubric::builtin("mof-1.0")
        .and_then(Result::ok)
        .map(|r| crate::assess::assess(ev, &r));
    let mut warnings = Vec::new();
    let mut differences = Vec::new();
    let criteria = rubric
        .criteria
        .iter()
        .filter_map(|crit| {
            let c = criterion_component(crit)?;
            let mc = score.component(c);
            let mut notes = Vec::new();
            if mc.open.is_some() && mc.type_appropriate == Some(false) {
                let t = c.content_type().as_str();
                warnings.push(format!(
                    "{} of type {t}: `{}` is open but not on MOT's list of licenses for {t}",
                    c.mot_name(),
                    mc.license.as_deref().unwrap_or_default()
                ));
                notes.push(format!(
                    "MOT warns: `{}` is an open license but not a type-appropriate one for {t} (MOT's type lists); it still counts",
                    mc.license.as_deref().unwrap_or_default()
                ));
            }
            let mut reason = status_reason(mc, &score, basis);
            if let Some(d) = ours
                .as_ref()
                .and_then(|a| a.finding(c.slug()))
                .and_then(|f| difference(ev, &score, mc, f))
            {
                reason.push_str(&format!(" (differs from mof-1.0: {})", d.reason));
                differences.push(d);
            }
            let mut evidence: Vec<Fact> = ev.component(c).facts.clone();
            evidence.sort_by(|a, b| a.strength.cmp(&b.strength).then(a.cmp(b)));
            evidence.truncate(6);
            for l in ev.component_licenses(c) {
                let f = Fact::new(
                    Strength::Declared,
                    format!("license `{}`", l.declared),
                    l.source.clone(),
                );
                if !evidence.contains(&f) {
                    evidence.push(f);
                }
            }
            let outcome = if mc.counted {
                Outcome::Met
            } else {
                Outcome::NotMet
            };
            Some(Finding {
                id: crit.id.clone(),
                title: crit.title.clone(),
                group: crit.group.clone(),
                required: crit.required,
                class: crit.class,
                outcome,
                reason,
                evidence,
                fix: (outcome == Outcome::NotMet).then(|| crit.fix.clone()),
                notes,
            })
        })
        .collect();
    let class = score
        .class
        .map(|c| c.as_str().to_string())
        .unwrap_or_else(|| "unclassified".into());
    Assessment {
        rubric: rubric.id.clone(),
        title: rubric.title.clone(),
        version: rubric.version.clone(),
        disclaimer: rubric.disclaimer.clone(),
        summary: Summary::Classes {
            class: class.clone(),
            progress: score.progress.clone(),
            // MOT has no "unknown": what is not counted is not met.
            potential_class: class,
        },
        criteria,
        mot: Some(MotDetails {
            label: score.label().to_string(),
            total_progress: score.total_progress,
            basis,
            components: score.components.clone(),
            warnings,
            differences,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::manifest::parse;

    fn rules() -> MotRules {
        match crate::rubric::builtin("mof-1.0-mot")
            .unwrap()
            .unwrap()
            .scoring
        {
            crate::rubric::Scoring::Mot(r) => r,
            _ => panic!("mof-1.0-mot is scored like MOT"),
        }
    }

    /// A manifest listing `(name, license)` pairs, with a distribution license.
    fn manifest(dist: &str, components: &[(&str, Option<&str>)]) -> Manifest {
        let mut y = format!(
            "framework: {{name: Model Openness Framework, version: '1.0', date: '2024-12-15'}}\nrelease:\n  name: t\n  producer: p\n  license:\n    distribution: {{name: '{dist}'}}\n  components:\n"
        );
        for (name, license) in components {
            y.push_str(&format!("    - name: {name}\n"));
            if let Some(l) = license {
                y.push_str(&format!("      license: '{l}'\n"));
            }
        }
        if components.is_empty() {
            y.push_str("    []\n");
        }
        parse(&y, "t.yml").unwrap()
    }

    const III: [&str; 6] = [
        "Model architecture",
        "Model parameters (Final)",
        "Model card",
        "Data card",
        "Technical report",
        "Evaluation results",
    ];
    const II: [&str; 4] = [
        "Training code",
        "Inference code",
        "Evaluation code",
        "Evaluation data",
    ];
    const I: [&str; 4] = [
        "Data preprocessing code",
        "Model parameters (Intermediate)",
        "Datasets",
        "Research paper",
    ];

    fn listed(
        names: &[&[&'static str]],
        except: &[&str],
    ) -> Vec<(&'static str, Option<&'static str>)> {
        names
            .iter()
            .flat_map(|l| l.iter())
            .filter(|n| !except.contains(n))
            .map(|n| (*n, None))
            .collect()
    }

    fn progress(s: &Score) -> (f64, f64, f64) {
        (
            s.progress[&MofClass::III],
            s.progress[&MofClass::II],
            s.progress[&MofClass::I],
        )
    }

    #[test]
    fn exact_case_sensitive_matching() {
        let r = rules();
        assert_eq!(r.open("Apache-2.0"), Some(OpenBasis::OsiApproved));
        assert_eq!(r.open("apache-2.0"), None);
        assert_eq!(r.open("Apache 2.0"), None);
        assert_eq!(r.open("MIT OR Apache-2.0"), None);
        // Deprecated SPDX ids keep their flags; `+` is part of the id.
        assert!(r.open("GPL-3.0").is_some());
        assert!(r.open("GPL-3.0+").is_some());
        assert_eq!(r.open("CC-BY-4.0"), Some(OpenBasis::FsfLibre));
        assert_eq!(r.open("CC-BY-3.0-NL"), Some(OpenBasis::OpenData));
        assert_eq!(r.open("ODC-PDDL-1.0"), Some(OpenBasis::OpenData));
        assert_eq!(r.open("PDDL-1.0"), None);
        assert_eq!(r.open("OpenMDW-1.0"), Some(OpenBasis::MotList));
        // SPDX 3.29 flags it OSI-approved; MOT's copy of the list does not.
        assert_eq!(r.open("CNRI-Python-GPL-Compatible"), None);
        assert_eq!(r.open(crate::mot::UNLICENSED), None);
        assert!(r.type_appropriate("CC0-1.0", ContentType::Document));
        assert!(!r.type_appropriate("CC0-1.0", ContentType::Data));
        assert!(r.type_appropriate("Apache-2.0", ContentType::Code));
    }

    #[test]
    fn stale_spdx_not_open_entries_are_refused() {
        let mut r = rules();
        r.spdx_not_open.push("MIT-Modern-Variant-Nope".into());
        assert!(r.check().unwrap_err().contains("not an SPDX license id"));
        let mut r = rules();
        r.spdx_not_open.push("Beerware".into());
        assert!(r.check().unwrap_err().contains("neither OSI-approved"));
        let mut r = rules();
        r.open_data.push("CC0-1.0".into());
        assert!(r.check().unwrap_err().contains("twice"));
    }

    #[test]
    fn a_mot_rubric_must_cover_the_17_components_with_their_classes() {
        let text = crate::embedded::RUBRICS
            .iter()
            .find(|(n, _)| *n == "mof-1.0-mot.yaml")
            .unwrap()
            .1;
        assert!(Rubric::parse(text, "mot.yaml").is_ok());
        let bad = text.replace(
            "component: {component: datasets, license: open}",
            "component: {component: model-card, license: open}",
        );
        let err = Rubric::parse(&bad, "mot.yaml").unwrap_err().to_string();
        assert!(
            err.contains("has two criteria") && err.contains("missing: datasets"),
            "{err}"
        );
        let bad = text.replacen("    class: III\n", "    class: II\n", 1);
        let err = Rubric::parse(&bad, "mot.yaml").unwrap_err().to_string();
        assert!(
            err.contains("MOT scores model-architecture as class III"),
            "{err}"
        );
        let bad = text.replace(
            "  open-other: [OpenMDW-1.0]",
            "  open-other: [OpenMDW-1.0]\n  colour: red",
        );
        let err = Rubric::parse(&bad, "mot.yaml").unwrap_err().to_string();
        assert!(
            err.starts_with("mot.yaml:") && err.contains("colour"),
            "{err}"
        );
    }

    #[test]
    fn statuses_and_type_warnings() {
        let m = manifest(
            "Apache-2.0",
            &[
                ("Model architecture", None),
                ("Model parameters (Final)", Some("CC0-1.0")),
                ("Model card", Some("apache-2.0")),
                ("Data card", Some("unlicensed")),
                ("Supporting libraries and tools", Some("Proprietary")),
            ],
        );
        let s = score(&m, &rules());
        let st = |c| s.component(c).status;
        assert_eq!(st(Component::ModelArchitecture), Status::Included);
        assert_eq!(
            s.component(Component::ModelArchitecture).license_from,
            Some(LicenseFrom::Distribution)
        );
        assert_eq!(st(Component::ModelParametersFinal), Status::Included);
        assert_eq!(
            s.component(Component::ModelParametersFinal)
                .type_appropriate,
            Some(false)
        );
        assert_eq!(st(Component::ModelCard), Status::Invalid);
        assert_eq!(st(Component::DataCard), Status::Unlicensed);
        assert_eq!(st(Component::SupportingLibraries), Status::Invalid);
        assert_eq!(st(Component::TechnicalReport), Status::Missing);
        assert_eq!(st(Component::ModelMetadata), Status::NotListed);
        assert_eq!(progress(&s), (2.0 / 6.0 * 100.0, 0.0, 0.0));
        assert_eq!(s.class, None);
        assert_eq!(s.label(), "Unclassified");
    }

    #[test]
    fn a_less_open_class_below_100_zeroes_the_more_open_ones() {
        // Everything of classes II and I, but class III lacks its evaluation results.
        let m = manifest("MIT", &listed(&[&III, &II, &I], &["Evaluation results"]));
        let s = score(&m, &rules());
        assert_eq!(progress(&s), (5.0 / 6.0 * 100.0, 0.0, 0.0));
        assert_eq!(s.class, None);
        // Class III complete, class II missing one: II = 9/10, I = 0.
        let m = manifest("MIT", &listed(&[&III, &II, &I], &["Evaluation data"]));
        let s = score(&m, &rules());
        assert_eq!(progress(&s), (100.0, 90.0, 0.0));
        assert_eq!(s.class, Some(MofClass::III));
        assert!((s.total_progress - 190.0 / 3.0).abs() < 1e-12);
        let m = manifest("MIT", &listed(&[&III, &II, &I], &[]));
        let s = score(&m, &rules());
        assert_eq!(progress(&s), (100.0, 100.0, 100.0));
        assert_eq!(s.class, Some(MofClass::I));
        assert_eq!(s.label(), "Class I - Open Science Model");
    }

    #[test]
    fn technical_report_omission() {
        // Report missing, paper listed and open: the report is omitted, class I needs 13.
        let m = manifest("MIT", &listed(&[&III, &II, &I], &["Technical report"]));
        let s = score(&m, &rules());
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Omitted
        );
        assert!(s.component(Component::TechnicalReport).counted);
        assert_eq!(progress(&s), (100.0, 100.0, 100.0));
        // Without the data preprocessing code: 12 of 13.
        let m = manifest(
            "MIT",
            &listed(
                &[&III, &II, &I],
                &["Technical report", "Data preprocessing code"],
            ),
        );
        assert_eq!(
            progress(&score(&m, &rules())),
            (100.0, 100.0, 12.0 / 13.0 * 100.0)
        );
        // An invalid report stays invalid, but the open paper stands in for it.
        let mut list = listed(&[&III, &II, &I], &["Technical report"]);
        list.push(("Technical report", Some("Proprietary")));
        let s = score(&manifest("MIT", &list), &rules());
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Invalid
        );
        assert!(s.component(Component::TechnicalReport).counted);
        assert_eq!(progress(&s), (100.0, 100.0, 100.0));
        // A paper that is not open cannot stand in: the report is omitted, class III is 5/6.
        let mut list = listed(&[&III], &["Technical report"]);
        list.push(("Research paper", Some("Proprietary")));
        let s = score(&manifest("MIT", &list), &rules());
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Omitted
        );
        assert!(!s.component(Component::TechnicalReport).counted);
        assert_eq!(progress(&s).0, 5.0 / 6.0 * 100.0);
        // No paper: the report is missing.
        let s = score(
            &manifest("MIT", &listed(&[&III], &["Technical report"])),
            &rules(),
        );
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Missing
        );
    }

    #[test]
    fn an_empty_manifest_scores_zero() {
        let s = score(&manifest("MIT", &[]), &rules());
        assert_eq!(progress(&s), (0.0, 0.0, 0.0));
        assert_eq!(s.total_progress, 0.0);
    }
}
