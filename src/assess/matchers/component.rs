//! `component`: a MOF component is published under a license that clears the bar (open,
//! OSI-approved, or any). What governs the component was decided once, in extraction
//! ([`crate::evidence::ComponentEvidence::governing`]); this only judges it.

use crate::assess::Outcome;
use crate::assess::judgement::{Judgement, license_label, restriction_words, strongest_facts};
use crate::component::{Component, ContentType};
use crate::evidence::{Availability, Evidence, Fact, LicenseEvidence, Strength};
use crate::license::NOASSERTION;
use crate::rubric::LicenseBar;

pub(crate) fn judge(ev: &Evidence, c: Component, bar: LicenseBar) -> Judgement {
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
    if ce.availability == Availability::Linked && ce.licenses.is_empty() {
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
        let reason = if note.is_empty() || bar == LicenseBar::Any {
            reason
        } else {
            format!("{reason} ({note})")
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
    if ce.licenses.is_empty() {
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
    let governing: Vec<&LicenseEvidence> = ev.governing(c).collect();
    let mut notes = ce.governing.notes();
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
                    ContentType::Code => "source",
                    ContentType::Data => "data",
                    ContentType::Document => "content",
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
