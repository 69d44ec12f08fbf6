//! `freedoms`: the terms of a component (the weights, usually) let anyone use, study, modify
//! and share it for any purpose: no use restrictions, user caps, bans on improving other models
//! or non-commercial clauses, and (when asked) no manual approval of downloads. The terms were
//! decided once, in extraction ([`crate::evidence::ComponentEvidence::terms`]).

use crate::assess::Outcome;
use crate::assess::judgement::{Judgement, license_label};
use crate::evidence::{Evidence, Fact, LicenseEvidence, Strength};
use crate::license::NOASSERTION;
use crate::rubric::requirement::FreedomsRequirement;
use crate::snapshot::Gating;

pub(crate) fn judge(ev: &Evidence, f: &FreedomsRequirement) -> Judgement {
    let name = f.component.mot_name().to_lowercase();
    let licenses: Vec<&LicenseEvidence> = ev.terms(f.component).collect();
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
    let notes = ev.component(f.component).terms.notes();
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
            .map(|r| format!("{}: {}", r.label(), r.summary))
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
