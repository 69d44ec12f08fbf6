//! Deciding: a finished report x a policy x today's date -> a [`Verdict`]. Pure.
//!
//! Which licenses a rule looks at: those that govern the model itself (scope `repository`,
//! `component` or `content-type`), not those of its datasets or base models, and not the license
//! of a library whose code implements the architecture. A license file that could not be
//! identified is left out when another license was resolved (the card's declaration decides, as
//! in the headline), and counts as "not identified" otherwise.

use super::verdict::{ExceptionUse, ModelStatus, Observed, RuleResult, RuleStatus, Verdict};
use super::{Date, LicenseSpec, OsaidVerdict, Policy, Rule, RuleRequirement};
use crate::assess::{Outcome, Summary};
use crate::component::{Component, MofClass};
use crate::evidence::Source;
use crate::level::Level;
use crate::license::NOASSERTION;
use crate::report::{LicenseEntry, Report};

/// Judge one model's report against a policy. `target` is the target as written (exceptions
/// match it or the model's id).
pub fn decide(policy: &Policy, report: &Report, target: &str, today: Date) -> Verdict {
    let licenses: Vec<&LicenseEntry> = report.stated_licenses().collect();
    let mut rules = Vec::new();
    for rule in &policy.rules {
        let (passed, message, observed, sources) = judge(rule, report, &licenses);
        let exception = policy
            .exceptions
            .iter()
            .filter(|e| e.rules.contains(&rule.kind()))
            .filter(|e| e.matches(target, Some(&report.target.id)))
            // An exception still in force wins over an expired one.
            .min_by_key(|e| (e.expired(today), std::cmp::Reverse(e.expires)))
            .map(|e| ExceptionUse {
                model: e.model.clone(),
                reason: e.reason.clone(),
                expires: e.expires,
                expired: e.expired(today),
                needed: !passed,
                line: e.line,
            });
        let (status, message) = match (&exception, passed) {
            (_, true) => (RuleStatus::Passed, message),
            (Some(e), false) if !e.expired => (
                RuleStatus::Excepted,
                format!("{message} (waived until {}: {})", e.expires, e.reason),
            ),
            (Some(e), false) => (
                RuleStatus::Failed,
                format!(
                    "{message}; the exception for `{}` expired on {} (reason given: {}): renew it with a new date or resolve the violation",
                    e.model, e.expires, e.reason
                ),
            ),
            (None, false) => (RuleStatus::Failed, message),
        };
        rules.push(RuleResult {
            rule: rule.kind(),
            severity: rule.severity,
            status,
            message,
            observed,
            exception,
            sources,
            policy_line: rule.line,
        });
    }
    let mut ids: Vec<String> = licenses.iter().map(|l| l.id.clone()).collect();
    ids.sort();
    ids.dedup();
    let mut verdict = Verdict {
        target: target.to_string(),
        model: Some(report.target.id.clone()),
        revision: report.target.revision.clone(),
        source: Some(report.target.source.clone()),
        root: report.repo.local_root().map(str::to_string),
        status: ModelStatus::Pass,
        level: Some(report.openness.level),
        osaid_verdict: osaid(report),
        mof_class: mof(report).map(|(label, _)| label),
        licenses: ids,
        rules,
        error: None,
    };
    verdict.settle();
    // A file the verdict rests on could not be read (a Hub outage, a permission): the model
    // could not be read, not judged (`--strict` exits 2, so a CI can retry).
    if !report.unread.is_empty() {
        verdict.status = ModelStatus::Error;
        verdict.error = Some(format!("could not be read: {}", report.unread.join("; ")));
    }
    verdict
}

/// The licenses that govern the model itself (see the module docs).
fn osaid(report: &Report) -> Option<OsaidVerdict> {
    match report.rubrics.get("osaid-1.0").map(|a| &a.summary) {
        Some(Summary::Verdict { status, .. }) => Some(OsaidVerdict::from_status(*status)),
        _ => None,
    }
}

/// The MOF class label and the class (None: unclassified), when the report has a MOF assessment.
fn mof(report: &Report) -> Option<(String, Option<MofClass>)> {
    match report.rubrics.get("mof-1.0").map(|a| &a.summary) {
        Some(Summary::Classes { class, .. }) => {
            let c = MofClass::ALL.into_iter().find(|c| c.as_str() == class);
            Some((class.clone(), c))
        }
        _ => None,
    }
}

type Judged = (bool, String, Observed, Vec<Source>);

fn judge(rule: &Rule, report: &Report, licenses: &[&LicenseEntry]) -> Judged {
    match &rule.requirement {
        RuleRequirement::MinLevel(min) => min_level(*min, report),
        RuleRequirement::OsaidVerdict(v) => osaid_verdict(*v, report),
        RuleRequirement::MinMofClass(c) => min_mof_class(*c, report),
        RuleRequirement::AllowedLicenses(list) => allowed(list, licenses),
        RuleRequirement::DeniedLicenses(list) => denied(list, licenses),
        RuleRequirement::DeniedRestrictions(kinds) => {
            let mut offending: Vec<String> = Vec::new();
            let mut details: Vec<String> = Vec::new();
            let mut sources = Vec::new();
            for l in licenses {
                for r in l.restrictions.iter().filter(|r| kinds.contains(&r.kind)) {
                    offending.push(r.kind.as_str().to_string());
                    details.push(format!("{} ({}: {})", r.label(), l.id, r.summary.trim()));
                    sources.push(l.source.clone());
                }
            }
            // Manual gating is a restriction of access, recorded on the report, not on a license.
            if kinds.contains(&crate::license::RestrictionKind::GatedAccess)
                && report.access.gating == crate::snapshot::Gating::Manual
            {
                offending.push(
                    crate::license::RestrictionKind::GatedAccess
                        .as_str()
                        .to_string(),
                );
                details
                    .push("gated-access (downloads need the publisher's manual approval)".into());
                sources.extend(report.access.source.clone());
            }
            offending.sort();
            offending.dedup();
            details.sort();
            details.dedup();
            dedup_sources(&mut sources);
            if offending.is_empty() {
                (
                    true,
                    format!(
                        "no governing license carries a denied restriction ({})",
                        kinds
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Observed::Restrictions(offending),
                    sources,
                )
            } else {
                (
                    false,
                    format!("denied restrictions: {}", details.join("; ")),
                    Observed::Restrictions(offending),
                    sources,
                )
            }
        }
    }
}

fn weights_sources(report: &Report) -> Vec<Source> {
    let ids: Vec<&String> = report
        .components
        .iter()
        .filter(|c| c.id == Component::ModelParametersFinal)
        .flat_map(|c| &c.licenses)
        .collect();
    let mut sources: Vec<Source> = report
        .licenses
        .iter()
        .filter(|l| ids.contains(&&l.id))
        .map(|l| l.source.clone())
        .collect();
    dedup_sources(&mut sources);
    sources
}

fn min_level(min: Level, report: &Report) -> Judged {
    let level = report.openness.level;
    let reason = &report.openness.reason;
    let sources = weights_sources(report);
    if level == Level::Unknown {
        return (
            false,
            format!(
                "the openness level is unknown, which never meets a minimum ({min} required): {reason}"
            ),
            Observed::Level(level),
            sources,
        );
    }
    if level.rank() >= min.rank() {
        (
            true,
            format!("the openness level is {level} (at least {min})"),
            Observed::Level(level),
            sources,
        )
    } else {
        (
            false,
            format!("the openness level is {level}, below the minimum {min}: {reason}"),
            Observed::Level(level),
            sources,
        )
    }
}

/// Titles of the required criteria of a rubric with one of the outcomes, shortened.
fn criteria(
    report: &Report,
    rubric: &str,
    outcomes: &[Outcome],
    class: Option<MofClass>,
) -> String {
    let Some(a) = report.rubrics.get(rubric) else {
        return String::new();
    };
    let titles: Vec<&str> = a
        .criteria
        .iter()
        .filter(|f| f.required && outcomes.contains(&f.outcome))
        .filter(|f| match (class, f.class) {
            (Some(c), Some(fc)) => fc <= c,
            _ => true,
        })
        .map(|f| f.title.as_str())
        .collect();
    match titles.len() {
        0 => String::new(),
        1..=4 => titles.join(", "),
        n => format!("{}, and {} more", titles[..4].join(", "), n - 4),
    }
}

fn osaid_verdict(required: OsaidVerdict, report: &Report) -> Judged {
    let sources = weights_sources(report);
    match osaid(report) {
        None => (
            false,
            "the report has no OSAID assessment (osaid-1.0)".into(),
            Observed::OsaidVerdict(None),
            sources,
        ),
        Some(v) if v >= required => (
            true,
            format!("the OSAID verdict is {v} (at least {required})"),
            Observed::OsaidVerdict(Some(v)),
            sources,
        ),
        Some(v) => {
            let not_met = criteria(report, "osaid-1.0", &[Outcome::NotMet], None);
            let unknown = criteria(report, "osaid-1.0", &[Outcome::Unknown], None);
            let mut why = Vec::new();
            if !not_met.is_empty() {
                why.push(format!("not met: {not_met}"));
            }
            if !unknown.is_empty() {
                why.push(format!("unknown: {unknown}"));
            }
            (
                false,
                format!(
                    "the OSAID verdict is {v}, the policy requires {required}: {}",
                    why.join("; ")
                ),
                Observed::OsaidVerdict(Some(v)),
                sources,
            )
        }
    }
}

fn min_mof_class(required: MofClass, report: &Report) -> Judged {
    match mof(report) {
        None => (
            false,
            "the report has no MOF assessment (mof-1.0)".into(),
            Observed::MofClass(None),
            Vec::new(),
        ),
        Some((label, class)) => {
            if class.is_some_and(|c| c >= required) {
                (
                    true,
                    format!("the MOF class is {label} (class {required} or better)"),
                    Observed::MofClass(class),
                    Vec::new(),
                )
            } else {
                let missing = criteria(
                    report,
                    "mof-1.0",
                    &[Outcome::NotMet, Outcome::Unknown],
                    Some(required),
                );
                (
                    false,
                    format!(
                        "the MOF class is {label}, the policy requires class {required} or better; missing or unverified: {missing}"
                    ),
                    Observed::MofClass(class),
                    Vec::new(),
                )
            }
        }
    }
}

/// A model license as an SPDX expression, or `None` when it was not identified.
fn expression(l: &LicenseEntry) -> Option<spdx::Expression> {
    if l.id == NOASSERTION {
        return None;
    }
    spdx::Expression::parse_mode(&l.id, spdx::ParseMode::LAX).ok()
}

fn matches_any(list: &[LicenseSpec], req: &spdx::LicenseReq) -> bool {
    let license = req.license.to_string();
    let addition = req.addition.as_ref().map(|a| a.to_string());
    list.iter().any(|s| s.covers(&license, addition.as_deref()))
}

fn label(l: &LicenseEntry) -> String {
    if l.id == NOASSERTION {
        format!("`{}` (not identified, {})", l.declared, l.source)
    } else {
        format!("{} ({})", l.id, l.source)
    }
}

fn allowed(list: &[LicenseSpec], licenses: &[&LicenseEntry]) -> Judged {
    let allow = list.iter().map(|s| s.id()).collect::<Vec<_>>().join(", ");
    if licenses.is_empty() {
        return (
            false,
            format!("no license was found, so none can be shown to be allowed ({allow})"),
            Observed::Licenses(vec![NOASSERTION.to_string()]),
            Vec::new(),
        );
    }
    let mut offending = Vec::new();
    let mut words = Vec::new();
    let mut sources = Vec::new();
    for l in licenses {
        let ok = expression(l).is_some_and(|e| e.evaluate(|req| matches_any(list, req)));
        if !ok {
            offending.push(l.id.clone());
            words.push(label(l));
            sources.push(l.source.clone());
        }
    }
    offending.sort();
    offending.dedup();
    dedup_sources(&mut sources);
    if offending.is_empty() {
        (
            true,
            format!("every governing license is allowed ({allow})"),
            Observed::Licenses(offending),
            licenses.iter().map(|l| l.source.clone()).collect(),
        )
    } else {
        words.dedup();
        (
            false,
            format!("not allowed: {} (allowed: {allow})", words.join(", ")),
            Observed::Licenses(offending),
            sources,
        )
    }
}

fn denied(list: &[LicenseSpec], licenses: &[&LicenseEntry]) -> Judged {
    let deny = list.iter().map(|s| s.id()).collect::<Vec<_>>().join(", ");
    let mut offending = Vec::new();
    let mut words = Vec::new();
    let mut sources = Vec::new();
    for l in licenses {
        let is_denied = expression(l).is_some_and(|e| !e.evaluate(|req| !matches_any(list, req)));
        if is_denied {
            offending.push(l.id.clone());
            words.push(label(l));
            sources.push(l.source.clone());
        }
    }
    offending.sort();
    offending.dedup();
    words.dedup();
    dedup_sources(&mut sources);
    if offending.is_empty() {
        (
            true,
            format!("no governing license is denied ({deny})"),
            Observed::Licenses(offending),
            sources,
        )
    } else {
        (
            false,
            format!("denied: {}", words.join(", ")),
            Observed::Licenses(offending),
            sources,
        )
    }
}

fn dedup_sources(sources: &mut Vec<Source>) {
    let mut seen = Vec::new();
    sources.retain(|s| {
        if seen.contains(s) {
            false
        } else {
            seen.push(s.clone());
            true
        }
    });
}
