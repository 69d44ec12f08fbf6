//! The closed vocabulary of `requires:` and what each word means, judged against [`Evidence`].
//! Each matcher returns an outcome with a reason in words and the facts it rests on. "Could not
//! tell" is [`Outcome::Unknown`], never a "no" and never a "yes".

use serde::{Deserialize, Serialize};

use crate::assess::Outcome;
use crate::component::Component;
use crate::evidence::{
    Availability, DataInfo, DataInfoStatus, Evidence, Fact, LicenseEvidence, LicenseOrigin,
    Strength, Topic,
};
use crate::license::NOASSERTION;
use crate::snapshot::Gating;

/// How open a component's license must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LicenseBar {
    /// Any open license: OSI-approved, FSF-free, open data or open content, with no term that
    /// takes away a freedom.
    Open,
    /// An OSI-approved license.
    Osi,
    /// No license check: the component only has to be published.
    Any,
}

/// A component requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ComponentRequirement {
    pub component: Component,
    pub license: LicenseBar,
}

/// Requirements on the terms of the weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FreedomsRequirement {
    /// Whose terms: usually `model-parameters-final`.
    pub component: Component,
    /// Whether manual gating (asking permission to download) counts against the freedoms.
    #[serde(default)]
    pub gating_counts: bool,
}

/// What a criterion requires. Written in YAML as a one-key mapping:
/// `requires: {component: {component: training-code, license: osi}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Requirement {
    /// Every requirement holds.
    All(Vec<Requirement>),
    /// At least one holds.
    Any(Vec<Requirement>),
    /// A MOF component is published under a license that clears the bar.
    Component(ComponentRequirement),
    /// The terms of a component grant the four freedoms (no use restrictions, no user caps,
    /// no bans on improving other models, no non-commercial clause).
    Freedoms(FreedomsRequirement),
    /// The card describes an OSAID data-information item.
    DataInformation(DataInfo),
    /// The card has a section on a topic (`uses`, `limitations`, ...).
    CardSection(Topic),
    /// The weights can be downloaded without the publisher's approval.
    WeightsPublic,
    /// Estimated training compute (6 x parameters x tokens) stays below this many FLOPs.
    TrainingComputeBelow(f64),
    /// The release is not monetised (paid access, ...). A repository cannot show this.
    NotMonetised,
}

impl Requirement {
    /// Checks that cannot be expressed in the types.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Requirement::All(list) | Requirement::Any(list) => {
                if list.is_empty() {
                    return Err("`all` and `any` need at least one requirement".into());
                }
                list.iter().try_for_each(Requirement::check)
            }
            Requirement::TrainingComputeBelow(f) if !(f.is_finite() && *f > 0.0) => {
                Err("training-compute-below needs a positive number of FLOPs".into())
            }
            _ => Ok(()),
        }
    }

    /// A one-line description, for `openness explain`.
    pub fn describe(&self) -> String {
        match self {
            Requirement::All(list) => format!(
                "all of: {}",
                list.iter()
                    .map(|r| r.describe())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Requirement::Any(list) => format!(
                "any of: {}",
                list.iter()
                    .map(|r| r.describe())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Requirement::Component(c) => format!(
                "{} is published{}",
                c.component.mot_name(),
                match c.license {
                    LicenseBar::Open =>
                        " under an open license (OSI-approved, open data or open content, with no use restrictions)",
                    LicenseBar::Osi => " under an OSI-approved license",
                    LicenseBar::Any => "",
                }
            ),
            Requirement::Freedoms(f) => format!(
                "the terms of {} let anyone use, study, modify and share it for any purpose{}",
                f.component.mot_name(),
                if f.gating_counts {
                    ", without asking permission"
                } else {
                    ""
                }
            ),
            Requirement::DataInformation(d) => {
                format!("the model card describes the {}", d.describe())
            }
            Requirement::CardSection(t) => {
                format!("the model card has a section on {}", topic_words(*t))
            }
            Requirement::WeightsPublic => {
                "the weights can be downloaded without the publisher's approval".into()
            }
            Requirement::TrainingComputeBelow(f) => {
                format!("the estimated training compute is below {f:e} FLOPs")
            }
            Requirement::NotMonetised => "the model is not released against payment".into(),
        }
    }

    /// Judge the requirement against the evidence.
    pub fn judge(&self, ev: &Evidence) -> Judgement {
        match self {
            Requirement::All(list) => combine_all(list.iter().map(|r| r.judge(ev)).collect()),
            Requirement::Any(list) => combine_any(list.iter().map(|r| r.judge(ev)).collect()),
            Requirement::Component(c) => component(ev, c.component, c.license),
            Requirement::Freedoms(f) => freedoms(ev, f),
            Requirement::DataInformation(d) => data_information(ev, *d),
            Requirement::CardSection(t) => card_section(ev, *t),
            Requirement::WeightsPublic => weights_public(ev),
            Requirement::TrainingComputeBelow(f) => compute_below(ev, *f),
            Requirement::NotMonetised => Judgement::new(
                Outcome::Unknown,
                "whether the model is offered against payment cannot be seen in its repository",
            ),
        }
    }
}

fn topic_words(t: Topic) -> &'static str {
    match t {
        Topic::Uses => "intended uses",
        Topic::Limitations => "limitations and risks",
        Topic::Training => "training",
        Topic::TrainingData => "training data",
        Topic::TrainingProcedure => "the training procedure",
        Topic::Preprocessing => "data preprocessing",
        Topic::Labeling => "labelling",
        Topic::Evaluation => "evaluation",
        Topic::Samples => "sample outputs",
        Topic::Citation => "citation",
        Topic::License => "the license",
        Topic::Architecture => "the architecture",
    }
}

/// An outcome with its reason, the facts it rests on and side notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub outcome: Outcome,
    pub reason: String,
    pub evidence: Vec<Fact>,
    pub notes: Vec<String>,
}

impl Judgement {
    fn new(outcome: Outcome, reason: impl Into<String>) -> Self {
        Judgement {
            outcome,
            reason: reason.into(),
            evidence: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn with(mut self, evidence: Vec<Fact>) -> Self {
        self.evidence = evidence;
        self
    }
}

fn combine_all(parts: Vec<Judgement>) -> Judgement {
    let pick = parts
        .iter()
        .find(|j| j.outcome == Outcome::NotMet)
        .or_else(|| parts.iter().find(|j| j.outcome == Outcome::Unknown))
        .map(|j| (j.outcome, j.reason.clone()));
    let outcome = match &pick {
        Some((o, _)) => *o,
        None if parts.iter().all(|j| j.outcome == Outcome::NotApplicable) => Outcome::NotApplicable,
        None => Outcome::Met,
    };
    merge(outcome, parts, pick.map(|(_, r)| r))
}

fn combine_any(parts: Vec<Judgement>) -> Judgement {
    let pick = parts
        .iter()
        .find(|j| j.outcome == Outcome::Met)
        .or_else(|| parts.iter().find(|j| j.outcome == Outcome::Unknown))
        .map(|j| (j.outcome, j.reason.clone()));
    let outcome = match &pick {
        Some((o, _)) => *o,
        None if parts.iter().all(|j| j.outcome == Outcome::NotApplicable) => Outcome::NotApplicable,
        None => Outcome::NotMet,
    };
    merge(outcome, parts, pick.map(|(_, r)| r))
}

fn merge(outcome: Outcome, parts: Vec<Judgement>, lead: Option<String>) -> Judgement {
    let reason = match lead {
        Some(r) if outcome == Outcome::Met || outcome == Outcome::NotMet && parts.len() == 1 => r,
        _ => parts
            .iter()
            .map(|j| j.reason.clone())
            .collect::<Vec<_>>()
            .join("; "),
    };
    let mut evidence = Vec::new();
    let mut notes = Vec::new();
    for p in parts {
        for f in p.evidence {
            if !evidence.contains(&f) {
                evidence.push(f);
            }
        }
        notes.extend(p.notes);
    }
    Judgement {
        outcome,
        reason,
        evidence,
        notes,
    }
}

/// At most this many facts back a finding; the rest are in `--dump evidence`.
const MAX_EVIDENCE: usize = 6;

fn strongest_facts(facts: &[Fact]) -> Vec<Fact> {
    let mut f = facts.to_vec();
    f.sort_by(|a, b| a.strength.cmp(&b.strength).then(a.cmp(b)));
    f.truncate(MAX_EVIDENCE);
    f
}

/// Licenses that decide a judgement: an unidentified license file with no restricting wording
/// does not outweigh a license that was resolved.
pub(crate) fn deciding(licenses: Vec<&LicenseEvidence>) -> (Vec<&LicenseEvidence>, Vec<String>) {
    let resolved_exists = licenses.iter().any(|l| l.facts.id != NOASSERTION);
    let mut notes = Vec::new();
    let kept = licenses
        .into_iter()
        .filter(|l| {
            let quiet_unknown = l.facts.id == NOASSERTION
                && l.origin == LicenseOrigin::LicenseFile
                && l.facts.restrictions.is_empty();
            if quiet_unknown && resolved_exists {
                notes.push(format!(
                    "{} was not identified; the declared license was used (read the file to be sure)",
                    l.source
                ));
                false
            } else {
                true
            }
        })
        .collect();
    (kept, notes)
}

fn license_label(l: &LicenseEvidence) -> String {
    if l.facts.id == NOASSERTION {
        format!("`{}` ({})", l.declared, l.source)
    } else {
        format!("{} ({})", l.facts.id, l.source)
    }
}

fn restriction_words(l: &LicenseEvidence) -> String {
    let kinds: Vec<String> = l
        .facts
        .freedom_restrictions()
        .map(|r| match r.threshold {
            Some(t) => format!("{} ({})", r.kind, human_count(t)),
            None => r.kind.to_string(),
        })
        .collect();
    kinds.join(", ")
}

fn human_count(n: u64) -> String {
    if n >= 1_000_000_000 && n.is_multiple_of(1_000_000_000) {
        format!("{} billion users", n / 1_000_000_000)
    } else if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{} million users", n / 1_000_000)
    } else {
        format!("{n} users")
    }
}

/// Does one license clear the bar? `None`: cannot tell.
fn clears(l: &LicenseEvidence, bar: LicenseBar) -> Option<bool> {
    match bar {
        LicenseBar::Any => Some(true),
        LicenseBar::Open => l.facts.grants_freedoms(),
        LicenseBar::Osi => {
            if l.facts.osi_approved && l.facts.grants_freedoms() != Some(false) {
                Some(true)
            } else if l.facts.id == NOASSERTION {
                None
            } else {
                Some(false)
            }
        }
    }
}

fn component(ev: &Evidence, c: Component, bar: LicenseBar) -> Judgement {
    let ce = ev.component(c);
    let name = c.mot_name();
    let facts = strongest_facts(&ce.facts);
    let note = ce.note.clone().unwrap_or_default();
    match ce.availability {
        Availability::NotFound => {
            return Judgement::new(
                Outcome::NotMet,
                format!("no {} found: {note}", name.to_lowercase()),
            );
        }
        Availability::Unknown => {
            return Judgement::new(
                Outcome::Unknown,
                format!("{name} could not be looked for: {note}"),
            );
        }
        Availability::Mentioned if bar == LicenseBar::Any => {
            return Judgement::new(
                Outcome::Met,
                format!("the card describes {}", name.to_lowercase()),
            )
            .with(facts);
        }
        Availability::Mentioned => {
            return Judgement::new(
                Outcome::Unknown,
                format!(
                    "the card mentions {} but neither publishes nor links it",
                    name.to_lowercase()
                ),
            )
            .with(facts);
        }
        _ => {}
    }
    let governing: Vec<&LicenseEvidence> = ev.component_licenses(c).collect();
    if ce.availability == Availability::Linked && governing.is_empty() {
        let reason = match bar {
            LicenseBar::Any => format!("{name} is linked: published elsewhere"),
            _ => format!(
                "{name} is linked but not in the repository: a link shows it is published, not under which license; check the license where it lives"
            ),
        };
        let outcome = if bar == LicenseBar::Any {
            Outcome::Met
        } else {
            Outcome::Unknown
        };
        return Judgement::new(outcome, reason).with(facts);
    }
    let how = match ce.availability {
        Availability::Published => "published in the repository",
        Availability::Declared => "declared released",
        _ => "published elsewhere",
    };
    if bar == LicenseBar::Any {
        return Judgement::new(Outcome::Met, format!("{name} is {how}")).with(facts);
    }
    if governing.is_empty() {
        if !ev.metadata_readable && ce.availability == Availability::Published {
            return Judgement::new(
                Outcome::Unknown,
                format!(
                    "{name} is {how}, but the card's metadata could not be read, so the license that covers it is unknown"
                ),
            )
            .with(facts);
        }
        return Judgement::new(
            Outcome::NotMet,
            format!(
                "{name} is {how} but no license covers it: without a license, no rights are granted"
            ),
        )
        .with(facts);
    }
    let (governing, mut notes) = deciding(governing);
    let mut failing = Vec::new();
    let mut unknown = Vec::new();
    for l in &governing {
        match clears(l, bar) {
            Some(true) => {}
            Some(false) => failing.push(*l),
            None => unknown.push(*l),
        }
    }
    // Type-appropriateness (MOF): an open license made for another kind of content.
    for l in &governing {
        if clears(l, bar) == Some(true)
            && !l.facts.content_types.is_empty()
            && !l.facts.content_types.contains(&c.content_type())
        {
            notes.push(format!(
                "{} is not a license made for {} (the MOF asks for an open {} license for {})",
                l.facts.id,
                c.content_type().as_str(),
                match c.content_type() {
                    crate::component::ContentType::Code => "source",
                    crate::component::ContentType::Data => "data",
                    crate::component::ContentType::Document => "content",
                },
                name.to_lowercase()
            ));
        }
    }
    let mut evidence = facts;
    let license_facts: Vec<Fact> = governing
        .iter()
        .map(|l| {
            Fact::new(
                Strength::Declared,
                format!(
                    "license {}",
                    if l.facts.id == NOASSERTION {
                        l.declared.clone()
                    } else {
                        l.facts.id.clone()
                    }
                ),
                l.source.clone(),
            )
        })
        .collect();
    evidence.extend(license_facts);
    let bar_words = match bar {
        LicenseBar::Osi => "an OSI-approved license",
        _ => "an open license",
    };
    let judgement = if !failing.is_empty() {
        let list: Vec<String> = failing
            .iter()
            .map(|l| {
                let r = restriction_words(l);
                if r.is_empty() {
                    license_label(l)
                } else {
                    format!("{} with {r}", license_label(l))
                }
            })
            .collect();
        Judgement::new(
            Outcome::NotMet,
            format!(
                "{name} is {how} under {}, which is not {bar_words}",
                list.join(" and ")
            ),
        )
    } else if !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|l| license_label(l)).collect();
        Judgement::new(
            Outcome::Unknown,
            format!(
                "{name} is {how}, but the terms of {} could not be determined",
                list.join(" and ")
            ),
        )
    } else {
        let ids: Vec<String> = governing
            .iter()
            .map(|l| l.facts.id.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Judgement::new(
            Outcome::Met,
            format!("{name} is {how} under {}", ids.join(" and ")),
        )
    };
    notes.sort();
    notes.dedup();
    Judgement {
        evidence,
        notes,
        ..judgement
    }
}

/// The licenses that govern a component, or the repository's when it is not published.
pub(crate) fn terms_of(ev: &Evidence, c: Component) -> Vec<&LicenseEvidence> {
    let ce = ev.component(c);
    let own: Vec<&LicenseEvidence> = ev.component_licenses(c).collect();
    // A MOT manifest says which license governs each component it lists (its distribution
    // license included, where it applies): no other license applies, even when there is none.
    if ev.manifest.is_some() || !own.is_empty() && ce.availability != Availability::Linked {
        return own;
    }
    ev.repository_licenses().collect()
}

fn freedoms(ev: &Evidence, f: &FreedomsRequirement) -> Judgement {
    let name = f.component.mot_name().to_lowercase();
    let licenses = terms_of(ev, f.component);
    let mut evidence: Vec<Fact> = Vec::new();
    let mut breaks: Vec<String> = Vec::new();
    if f.gating_counts && ev.access.gating == Gating::Manual {
        breaks.push("downloads need the publisher's manual approval (gated: manual)".into());
        if let Some(s) = &ev.access.gating_source {
            evidence.push(Fact::new(
                Strength::Published,
                "manually gated repository",
                s.clone(),
            ));
        }
    }
    if licenses.is_empty() && breaks.is_empty() && !ev.metadata_readable {
        return Judgement::new(
            Outcome::Unknown,
            format!(
                "the card's metadata could not be read, and no license file was found: whether a license covers the {name} is unknown"
            ),
        );
    }
    if licenses.is_empty() && breaks.is_empty() {
        return Judgement::new(
            Outcome::NotMet,
            format!(
                "no license covers the {name}: without a license, no rights to use, modify or share are granted"
            ),
        );
    }
    let (licenses, notes) = deciding(licenses);
    let mut unknown = Vec::new();
    for l in &licenses {
        evidence.push(Fact::new(
            Strength::Declared,
            format!(
                "license {}",
                if l.facts.id == NOASSERTION {
                    l.declared.clone()
                } else {
                    l.facts.id.clone()
                }
            ),
            l.source.clone(),
        ));
        let restricting: Vec<String> = l
            .facts
            .freedom_restrictions()
            .map(|r| {
                let kind = match r.threshold {
                    Some(t) => format!("{} ({})", r.kind, human_count(t)),
                    None => r.kind.to_string(),
                };
                format!("{kind}: {}", r.summary)
            })
            .collect();
        if !restricting.is_empty() {
            breaks.push(format!(
                "{} restricts: {}",
                license_label(l),
                restricting.join("; ")
            ));
        } else if l.facts.grants_freedoms() == Some(false) {
            breaks.push(format!(
                "{} does not grant the freedoms of the Open Source Definition",
                license_label(l)
            ));
        } else if l.facts.grants_freedoms().is_none() {
            unknown.push(license_label(l));
        }
    }
    let judgement = if !breaks.is_empty() {
        Judgement::new(Outcome::NotMet, breaks.join(". "))
    } else if !unknown.is_empty() {
        Judgement::new(
            Outcome::Unknown,
            format!(
                "the terms of {} could not be determined",
                unknown.join(" and ")
            ),
        )
    } else {
        let ids: Vec<String> = licenses
            .iter()
            .map(|l| l.facts.id.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Judgement::new(
            Outcome::Met,
            format!(
                "the {name} are under {}, which restricts no use",
                ids.join(" and ")
            ),
        )
    };
    Judgement {
        evidence,
        notes,
        ..judgement
    }
}

fn data_information(ev: &Evidence, item: DataInfo) -> Judgement {
    let Some(d) = ev.data_information.get(&item) else {
        return Judgement::new(Outcome::Unknown, "no data information was extracted");
    };
    let what = item.describe();
    let facts = strongest_facts(&d.facts);
    let (outcome, reason) = match d.status {
        DataInfoStatus::Described => (
            Outcome::Met,
            format!(
                "the card describes the {what} (its sufficiency for rebuilding the model is not judged)"
            ),
        ),
        DataInfoStatus::Referenced => (
            Outcome::Unknown,
            format!(
                "the card does not describe the {what}; a linked publication may, but it was not read"
            ),
        ),
        DataInfoStatus::NotApplicable => (
            Outcome::NotApplicable,
            format!(
                "the card shows no sign that {what} apply (no labelled or supervised data is mentioned)"
            ),
        ),
        DataInfoStatus::NotFound => (
            Outcome::NotMet,
            format!("neither the card nor a linked publication describes the {what}"),
        ),
        DataInfoStatus::Unknown => (
            Outcome::Unknown,
            format!(
                "the model card could not be read, so whether it describes the {what} is unknown"
            ),
        ),
    };
    Judgement::new(outcome, reason).with(facts)
}

fn card_section(ev: &Evidence, topic: Topic) -> Judgement {
    use crate::evidence::CardStatus;
    let words = topic_words(topic);
    match &ev.card.status {
        CardStatus::Missing => Judgement::new(Outcome::NotMet, "the repository has no model card"),
        CardStatus::Unreadable { reason } => Judgement::new(
            Outcome::Unknown,
            format!("the model card could not be read ({reason})"),
        ),
        CardStatus::Present { .. } => {
            let file = ev.card.file.clone().unwrap_or_else(|| "README.md".into());
            let facts: Vec<Fact> = ev
                .card
                .sections
                .iter()
                .filter(|s| s.topics.contains(&topic))
                .map(|s| {
                    Fact::new(
                        Strength::Published,
                        format!("section \"{}\"", s.title),
                        crate::evidence::Source::line(&file, s.line),
                    )
                })
                .take(MAX_EVIDENCE)
                .collect();
            if facts.is_empty() {
                Judgement::new(
                    Outcome::NotMet,
                    format!("the model card has no section on {words}"),
                )
            } else {
                Judgement::new(
                    Outcome::Met,
                    format!("the model card has a section on {words}"),
                )
                .with(facts)
            }
        }
    }
}

fn weights_public(ev: &Evidence) -> Judgement {
    let ce = ev.component(Component::ModelParametersFinal);
    let facts = strongest_facts(&ce.facts);
    if ev.access.gating == Gating::Manual {
        return Judgement::new(
            Outcome::NotMet,
            "the weights are gated: the publisher approves each download request by hand",
        )
        .with(facts);
    }
    match ce.availability {
        Availability::Published | Availability::Declared => {
            let gated = if ev.access.gating == Gating::Auto {
                " (after accepting the terms; access is granted automatically)"
            } else {
                ""
            };
            Judgement::new(
                Outcome::Met,
                format!("the weights can be downloaded{gated}"),
            )
            .with(facts)
        }
        Availability::Linked | Availability::Mentioned => Judgement::new(
            Outcome::Unknown,
            "the weights are referenced but not in the repository",
        )
        .with(facts),
        Availability::NotFound => {
            Judgement::new(Outcome::NotMet, "no weights were found in the repository")
        }
        Availability::Unknown => Judgement::new(
            Outcome::Unknown,
            format!(
                "whether weights are published is unknown: {}",
                ce.note.clone().unwrap_or_default()
            ),
        ),
    }
}

fn compute_below(ev: &Evidence, limit: f64) -> Judgement {
    let params: Option<f64> = ev.parameters.as_ref().map(|m| m.value);
    let tokens: Option<f64> = ev.training_tokens.as_ref().map(|m| m.value);
    let mut evidence = Vec::new();
    evidence.extend(ev.parameters.iter().map(|m| m.fact.clone()));
    evidence.extend(ev.training_tokens.iter().map(|m| m.fact.clone()));
    // The largest training sets reported so far are under 40 trillion tokens.
    const MAX_TOKENS: f64 = 4e13;
    let j = match (params, tokens) {
        (Some(p), Some(t)) => {
            let flops = 6.0 * p * t;
            let outcome = if flops < limit {
                Outcome::Met
            } else {
                Outcome::NotMet
            };
            Judgement::new(
                outcome,
                format!(
                    "estimated training compute 6 x {p:.3e} parameters x {t:.3e} tokens = {flops:.2e} FLOPs (threshold {limit:.0e})"
                ),
            )
        }
        (Some(p), None) if 6.0 * p * MAX_TOKENS < limit => Judgement::new(
            Outcome::Met,
            format!(
                "{p:.3e} parameters: even at 40 trillion training tokens the estimate stays below {limit:.0e} FLOPs"
            ),
        ),
        (Some(p), None) => Judgement::new(
            Outcome::Unknown,
            format!(
                "{p:.3e} parameters, but the number of training tokens is not stated, so the compute cannot be estimated"
            ),
        ),
        (None, _) => Judgement::new(
            Outcome::Unknown,
            "the parameter count is not stated, so the training compute cannot be estimated",
        ),
    };
    j.with(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::license::RestrictionKind;
    use crate::rubric::Rubric;

    #[test]
    fn vocabulary_parses_from_yaml() {
        let text = "id: t\ntitle: T\nversion: '1'\npublisher: p\nurl: u\ndescription: d\nscoring: {kind: checklist, verdicts: {pass: ok, fail: no, undetermined: maybe}}\ncriteria:\n  - id: a\n    title: A\n    why: w\n    fix: f\n    requires:\n      all:\n        - component: {component: training-code, license: osi}\n        - freedoms: {component: model-parameters-final, gating-counts: true}\n        - data-information: data-filtering\n        - card-section: uses\n        - any: [weights-public, not-monetised]\n        - training-compute-below: 1.0e25\n";
        let r = Rubric::parse(text, "t.yaml").unwrap();
        assert!(matches!(r.criteria[0].requires, Requirement::All(ref v) if v.len() == 6));
    }

    #[test]
    fn restriction_kinds_that_break_freedoms() {
        assert!(RestrictionKind::UserThreshold.breaks_freedoms());
        assert!(!RestrictionKind::Attribution.breaks_freedoms());
    }
}
