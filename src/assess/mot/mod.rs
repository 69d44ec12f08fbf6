//! A rubric scored like the Model Openness Tool (`mof-1.0-mot`): MOT's own arithmetic
//! ([`score`]) over the MOT view of the evidence ([`view`]: the manifest itself, or the one a scan
//! supports), with each component compared to this project's reading (`mof-1.0`) and the reason
//! they differ.

pub mod score;
pub mod view;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, Finding, Outcome, Summary};
use crate::component::Component;
use crate::evidence::{Evidence, Fact, Strength};
use crate::license::NOASSERTION;
use crate::mot::LicenseFrom;
use crate::rubric::Rubric;
use crate::rubric::mot_rules::{MotRules, OpenBasis, criterion_component};

use score::{MotComponent, Score, Status};
use view::Basis;

/// How the two readings of a component differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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
        .governing(c)
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

/// Assess evidence with MOT's scoring. `ours` is this project's reading of the same evidence
/// (the built-in `mof-1.0` assessment), to say where the two differ.
pub fn assess(
    ev: &Evidence,
    rubric: &Rubric,
    rules: &MotRules,
    ours: Option<&Assessment>,
) -> Assessment {
    let (manifest, basis) = view::of(ev);
    let score = score::score(&manifest, rules);
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
                .and_then(|a| a.finding(c.slug()))
                .and_then(|f| difference(ev, &score, mc, f))
            {
                reason.push_str(&format!(" (differs from mof-1.0: {})", d.reason));
                differences.push(d);
            }
            let mut evidence: Vec<Fact> = ev.component(c).facts.clone();
            evidence.sort_by(|a, b| a.strength.cmp(&b.strength).then(a.cmp(b)));
            evidence.truncate(6);
            for l in ev.governing(c) {
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
