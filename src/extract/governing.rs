//! Which licenses govern what, decided once for every consumer (rubrics, the headline, the MOT
//! view, policies, comparisons):
//!
//! - a component is governed by every license stated for it (the repository's when it is
//!   published there, its own, its base models'), except an unidentified license file with no
//!   restricting wording when another candidate was identified: such a file does not outweigh a
//!   license that was resolved (it is set aside, with the reason, and the reader is told to read
//!   it), nor does a license file or card that could not be read (a check still calls the model
//!   unreadable);
//! - the terms a user of a component is bound by are its governing licenses, or, when it has
//!   none or is only linked from elsewhere, the licenses the repository states (a MOT manifest
//!   says which license governs each component it lists, so there its own decision stands, even
//!   when it is none);
//! - the licenses a model states for itself are those of the repository, its components and
//!   content types, but not its datasets', base models' or libraries'.

use crate::component::Component;
use crate::evidence::{
    Availability, Evidence, Governing, LicenseEvidence, LicenseOrigin, LicenseScope, SetAside,
};
use crate::license::NOASSERTION;

/// Decide, for every component and for the model, which licenses govern.
pub fn decide(ev: &mut Evidence) {
    let repository: Vec<usize> = indices(&ev.licenses, |l| l.scope == LicenseScope::Repository);
    let stated = indices(&ev.licenses, LicenseEvidence::stated_by_model);
    for c in Component::ALL {
        let ce = ev
            .components
            .get(&c)
            .expect("extraction fills every component");
        let own = ce.licenses.clone();
        let own_decides =
            ev.manifest.is_some() || !own.is_empty() && ce.availability != Availability::Linked;
        let terms = if own_decides {
            own.clone()
        } else {
            repository.clone()
        };
        let governing = settle(&ev.licenses, own);
        let terms = settle(&ev.licenses, terms);
        let ce = ev.components.get_mut(&c).expect("checked above");
        ce.governing = governing;
        ce.terms = terms;
    }
    ev.stated = settle(&ev.licenses, stated);
}

fn indices(licenses: &[LicenseEvidence], keep: impl Fn(&LicenseEvidence) -> bool) -> Vec<usize> {
    licenses
        .iter()
        .enumerate()
        .filter(|(_, l)| keep(l))
        .map(|(i, _)| i)
        .collect()
}

/// Keep the candidates that decide: an unidentified license file with no restricting wording
/// does not outweigh a candidate that was identified.
fn settle(licenses: &[LicenseEvidence], candidates: Vec<usize>) -> Governing {
    let resolved_exists = candidates
        .iter()
        .any(|&i| licenses[i].facts.id != NOASSERTION);
    let mut decision = Governing::default();
    for i in candidates {
        let l = &licenses[i];
        let unread = l.declared.contains(crate::evidence::UNREAD_MARK);
        let quiet_unknown = l.facts.id == NOASSERTION
            && (l.origin == LicenseOrigin::LicenseFile || unread)
            && l.facts.restrictions.is_empty();
        if quiet_unknown && resolved_exists {
            let why = if unread {
                "could not be read"
            } else {
                "was not identified"
            };
            decision.set_aside.push(SetAside {
                license: i,
                reason: format!(
                    "{} {why}; the declared license was used (read the file to be sure)",
                    l.source
                ),
            });
        } else {
            decision.licenses.push(i);
        }
    }
    decision
}
