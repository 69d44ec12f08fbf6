//! The report: the versioned JSON contract (see `schema/report.schema.json`) and the view model
//! every renderer reads. Building it computes the headline and runs the rubrics; renderers only
//! format it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::assess::{self, Assessment};
use crate::component::{Component, ContentType, MofClass};
use crate::error::Error;
use crate::evidence::{
    Availability, Conflict, Evidence, Fact, LicenseOrigin, LicenseScope, Problem, Source,
};
use crate::level::{self, Openness};
use crate::license::{LicenseKind, Resolution, Restriction};
use crate::rubric::{self, Rubric};
use crate::snapshot::Target;

/// Bumped on any incompatible change to the JSON.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// A license as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseEntry {
    pub id: String,
    pub name: String,
    pub declared: String,
    pub kind: LicenseKind,
    pub osi_approved: bool,
    pub osd_conformant: Option<bool>,
    pub restrictions: Vec<Restriction>,
    pub origin: LicenseOrigin,
    pub scope: LicenseScope,
    pub resolution: Resolution,
    pub source: Source,
    pub confidence: Option<f64>,
    pub url: Option<String>,
    pub notes: Vec<String>,
}

/// One MOF component as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentEntry {
    pub id: Component,
    pub name: String,
    pub content_type: ContentType,
    pub class: MofClass,
    pub required: bool,
    pub availability: Availability,
    /// Ids of the licenses that govern it.
    pub licenses: Vec<String>,
    pub note: Option<String>,
    pub facts: Vec<Fact>,
}

/// A base model as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineageEntry {
    pub id: String,
    pub relation: Option<String>,
    pub depth: u32,
    pub licenses: Vec<String>,
    pub source: Source,
    pub note: Option<String>,
}

/// How the weights can be downloaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessEntry {
    pub gating: crate::snapshot::Gating,
    pub source: Option<Source>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub target: Target,
    /// What the source said of the repository (name, page, where its files are), for renderers.
    /// In memory only: not part of the JSON contract (version 1).
    #[serde(skip)]
    pub repo: crate::snapshot::RepoMeta,
    pub openness: Openness,
    pub licenses: Vec<LicenseEntry>,
    pub components: Vec<ComponentEntry>,
    pub lineage: Vec<LineageEntry>,
    /// How downloads are gated (the Hub's `gated`, or the card's `extra_gated_*` fields).
    pub access: AccessEntry,
    pub conflicts: Vec<Conflict>,
    pub problems: Vec<Problem>,
    /// What the scan could not do (partial listings, unreadable files).
    pub limits: Vec<String>,
    pub rubrics: BTreeMap<String, Assessment>,
    /// The licenses whose terms bind a user of the weights (indices into `licenses`), as
    /// extraction decided them. Derived and kept in memory for policies and comparisons; not part
    /// of the JSON contract (version 1).
    #[serde(skip)]
    pub weights_terms: Vec<usize>,
    /// The licenses the model states for itself (indices into `licenses`), as extraction decided
    /// them: what a policy's license rules judge. In memory only, like `weights_terms`.
    #[serde(skip)]
    pub stated: Vec<usize>,
    /// The model's own files its verdict rests on (card, license files) that could not be read,
    /// as `PATH: REASON`: a check calls such a model unreadable. In memory only.
    #[serde(skip)]
    pub unread: Vec<String>,
}

/// The facts kept per component in the report (all are in `--dump evidence`).
const FACTS_PER_COMPONENT: usize = 5;

impl Report {
    /// The licenses whose terms bind a user of the weights.
    pub fn weights_licenses(&self) -> impl Iterator<Item = &LicenseEntry> {
        self.weights_terms
            .iter()
            .filter_map(|&i| self.licenses.get(i))
    }

    /// The licenses the model states for itself.
    pub fn stated_licenses(&self) -> impl Iterator<Item = &LicenseEntry> {
        self.stated.iter().filter_map(|&i| self.licenses.get(i))
    }

    /// Assess the evidence against the rubrics and decide the headline. The headline always uses
    /// the built-in OSAID rubric, whether or not it is among `rubrics`.
    pub fn build(evidence: &Evidence, rubrics: &[Rubric]) -> Result<Report, Error> {
        let assessments = assess::assess_all(evidence, rubrics);
        let osaid = match assessments.get(rubric::OSAID) {
            Some(a)
                if rubrics
                    .iter()
                    .any(|r| r.id == rubric::OSAID && r.is_builtin()) =>
            {
                a.clone()
            }
            _ => {
                let r = rubric::builtin(rubric::OSAID).expect("osaid-1.0 is built in")?;
                assess::assess(evidence, &r)
            }
        };
        let openness = level::decide(evidence, &osaid);
        let licenses = evidence
            .licenses
            .iter()
            .map(|l| LicenseEntry {
                id: l.facts.id.clone(),
                name: l.facts.name.clone(),
                declared: l.declared.clone(),
                kind: l.facts.kind,
                osi_approved: l.facts.osi_approved,
                osd_conformant: l.facts.osd_conformant,
                restrictions: l.facts.restrictions.clone(),
                origin: l.origin,
                scope: l.scope.clone(),
                resolution: l.resolution,
                source: l.source.clone(),
                // Two decimals, as f64: an f32 printed through JSON shows noise (0.6000000238).
                confidence: l.confidence.map(|c| (f64::from(c) * 100.0).round() / 100.0),
                url: l.facts.url.clone(),
                notes: l.notes.clone(),
            })
            .collect();
        let components = Component::ALL
            .iter()
            .map(|&c| {
                let ce = evidence.component(c);
                let mut facts = ce.facts.clone();
                facts.sort_by(|a, b| a.strength.cmp(&b.strength).then(a.cmp(b)));
                facts.truncate(FACTS_PER_COMPONENT);
                let mut licenses: Vec<String> = evidence
                    .component_licenses(c)
                    .map(|l| l.facts.id.clone())
                    .collect();
                licenses.sort();
                licenses.dedup();
                ComponentEntry {
                    id: c,
                    name: c.mot_name().to_string(),
                    content_type: c.content_type(),
                    class: c.class(),
                    required: c.required(),
                    availability: ce.availability,
                    licenses,
                    note: ce.note.clone(),
                    facts,
                }
            })
            .collect();
        let lineage = evidence
            .lineage
            .iter()
            .map(|l| LineageEntry {
                id: l.id.clone(),
                relation: l.relation.clone(),
                depth: l.depth,
                licenses: l
                    .licenses
                    .iter()
                    .filter_map(|&i| evidence.licenses.get(i))
                    .map(|x| x.facts.id.clone())
                    .collect(),
                source: l.source.clone(),
                note: l.note.clone(),
            })
            .collect();
        Ok(Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME").into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            target: evidence.target.clone(),
            repo: evidence.repo.clone(),
            openness,
            licenses,
            components,
            lineage,
            access: AccessEntry {
                gating: evidence.access.gating,
                source: evidence.access.gating_source.clone(),
            },
            conflicts: evidence.conflicts.clone(),
            problems: evidence.problems.clone(),
            limits: evidence.limits.clone(),
            rubrics: assessments,
            weights_terms: evidence
                .component(Component::ModelParametersFinal)
                .terms
                .licenses
                .clone(),
            stated: evidence.stated.licenses.clone(),
            unread: evidence.unread(),
        })
    }
}
