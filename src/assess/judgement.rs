//! A matcher's result before it becomes a finding: an outcome, the reason in words, the facts
//! it rests on and side notes; how results of `all` and `any` combine; and the wording shared by
//! the matchers (license labels, restriction lists, user counts).

use crate::assess::Outcome;
use crate::evidence::{Fact, LicenseEvidence};
use crate::license::NOASSERTION;

/// An outcome with its reason, the facts it rests on and side notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub outcome: Outcome,
    pub reason: String,
    pub evidence: Vec<Fact>,
    pub notes: Vec<String>,
}

impl Judgement {
    pub(crate) fn new(outcome: Outcome, reason: impl Into<String>) -> Self {
        Judgement {
            outcome,
            reason: reason.into(),
            evidence: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub(crate) fn with(mut self, evidence: Vec<Fact>) -> Self {
        self.evidence = evidence;
        self
    }
}

pub(crate) fn combine_all(parts: Vec<Judgement>) -> Judgement {
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

pub(crate) fn combine_any(parts: Vec<Judgement>) -> Judgement {
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
pub(crate) const MAX_EVIDENCE: usize = 6;

pub(crate) fn strongest_facts(facts: &[Fact]) -> Vec<Fact> {
    let mut f = facts.to_vec();
    f.sort_by(|a, b| a.strength.cmp(&b.strength).then(a.cmp(b)));
    f.truncate(MAX_EVIDENCE);
    f
}

pub(crate) fn license_label(l: &LicenseEvidence) -> String {
    if l.declared.contains(crate::evidence::UNREAD_MARK) {
        // `PATH (could not be read: REASON)` names its file already.
        l.declared.clone()
    } else if l.facts.id == NOASSERTION {
        format!("`{}` ({})", l.declared, l.source)
    } else {
        format!("{} ({})", l.facts.id, l.source)
    }
}

pub(crate) fn restriction_words(l: &LicenseEvidence) -> String {
    let kinds: Vec<String> = l.facts.freedom_restrictions().map(|r| r.label()).collect();
    kinds.join(", ")
}
