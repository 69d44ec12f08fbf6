//! What the two bill-of-materials formats ([`super::cyclonedx`], [`super::spdx3`]) share: the
//! deterministic serial number, how a license is written (an SPDX id, an expression, or a named
//! license), and the tool's verdicts and evidence pointers as `openness:` name-value pairs.
//!
//! Nothing here is invented: a value the scan did not find is left out, or named in an
//! `openness:unknown` pair.

use serde::Serialize;
use uuid::Uuid;

use crate::assess::Summary;
use crate::compare::ScanView;
use crate::evidence::{Fact, LicenseScope};
use crate::license::NOASSERTION;
use crate::report::{LicenseEntry, Report};

/// The creation time SPDX requires when none is given (`--timestamp`, `SOURCE_DATE_EPOCH`): the
/// Unix epoch, the convention of reproducible builds, so that the same scan gives the same bytes.
pub const FIXED_CREATED: &str = "1970-01-01T00:00:00Z";

/// The environment variable of reproducible builds that fixes the time of a bill of materials.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// The time a bill of materials states (RFC 3339, UTC, whole seconds): `explicit` (`--timestamp`:
/// `now`, seconds since the Unix epoch, or `YYYY-MM-DDTHH:MM:SSZ`), else `epoch` (the value of
/// `SOURCE_DATE_EPOCH`: seconds), else none.
pub fn timestamp(explicit: Option<&str>, epoch: Option<&str>) -> Result<Option<String>, String> {
    let (what, value) = match (explicit, epoch) {
        (Some(v), _) => ("--timestamp", v.trim()),
        (None, Some(v)) if !v.trim().is_empty() => (SOURCE_DATE_EPOCH, v.trim()),
        _ => return Ok(None),
    };
    let bad = |why: &str| {
        format!("{what}: {why} (give `now`, seconds since 1970, or YYYY-MM-DDTHH:MM:SSZ)")
    };
    let secs = if what == "--timestamp" && value == "now" {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .map_err(|_| bad("the clock is before 1970"))?
    } else if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        value.parse::<u64>().map_err(|_| bad("too large"))?
    } else if what == "--timestamp" {
        return rfc3339(value)
            .map(Some)
            .ok_or_else(|| bad(&format!("`{value}` is not a time")));
    } else {
        return Err(bad(&format!("`{value}` is not a number of seconds")));
    };
    // Up to 9999-12-31T23:59:59Z.
    if secs > 253_402_300_799 {
        return Err(bad("past the year 9999"));
    }
    let date = crate::policy::Date::from_unix_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    Ok(Some(format!(
        "{date}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )))
}

/// `YYYY-MM-DDTHH:MM:SSZ`, checked (a real date, a real time of day).
fn rfc3339(s: &str) -> Option<String> {
    let (date, time) = s.split_once('T')?;
    let date: crate::policy::Date = date.parse().ok()?;
    let time = time.strip_suffix('Z')?;
    let parts: Vec<&str> = time.split(':').collect();
    let [h, m, sec] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str, max: u8| -> Option<u8> {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u8>().ok())
            .flatten()
            .filter(|v| *v <= max)
    };
    Some(format!(
        "{date}T{:02}:{:02}:{:02}Z",
        num(h, 23)?,
        num(m, 59)?,
        num(sec, 59)?
    ))
}

/// The criteria evidence listed per criterion (the report keeps at most this many facts too).
const EVIDENCE_PER_CRITERION: usize = 5;

/// The UUID (version 5, name-based) of a bill of materials: a hash of the format and of
/// everything the document is written from (the report, the description, the timestamp), so
/// that the same scan gives the same serial number and any change of what is said another.
pub fn serial(view: &ScanView, format: &str) -> Uuid {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:openness:bill-of-materials");
    let mut name = Vec::new();
    name.extend_from_slice(format.as_bytes());
    for part in [
        serde_json::to_vec(&view.report),
        serde_json::to_vec(&view.description),
        serde_json::to_vec(&view.timestamp),
    ] {
        name.push(0);
        // Serialising plain data cannot fail; an error would only leave the part out.
        name.extend(part.unwrap_or_default());
    }
    Uuid::new_v5(&namespace, &name)
}

/// A value's serde word (`open-weights`, `not-found`, `card-metadata`).
pub fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// How a license can be written in a bill of materials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenseForm<'a> {
    /// An id of the SPDX license list.
    Spdx(&'a str),
    /// An SPDX expression (`MIT OR Apache-2.0`, or one with a `LicenseRef-`).
    Expression(&'a str),
    /// A license the SPDX list does not have (`LicenseRef-llama3.1`): its id, its name, where
    /// its text is.
    Named {
        id: &'a str,
        name: &'a str,
        url: Option<&'a str>,
    },
    /// A statement that could not be identified: as declared.
    Unidentified { declared: &'a str },
}

/// The form of a license of the report.
pub fn license_form(l: &LicenseEntry) -> LicenseForm<'_> {
    let id = l.id.as_str();
    if id == NOASSERTION || id.is_empty() {
        return LicenseForm::Unidentified {
            declared: &l.declared,
        };
    }
    if spdx::license_id(id).is_some() {
        return LicenseForm::Spdx(id);
    }
    if id.contains(' ') && spdx::Expression::parse(id).is_ok() {
        return LicenseForm::Expression(id);
    }
    LicenseForm::Named {
        id,
        name: &l.name,
        url: l.url.as_deref(),
    }
}

/// The licenses a user of the weights is bound by, each id once, in the report's order.
pub fn model_licenses(r: &Report) -> Vec<&LicenseEntry> {
    let mut out: Vec<&LicenseEntry> = Vec::new();
    for l in r.weights_licenses() {
        if l.id == NOASSERTION {
            if !out.iter().any(|o| o.declared == l.declared) {
                out.push(l);
            }
        } else if !out.iter().any(|o| o.id == l.id) {
            out.push(l);
        }
    }
    out
}

/// The licenses stated for a dataset the card names, each id once.
pub fn dataset_licenses<'a>(r: &'a Report, dataset: &str) -> Vec<&'a LicenseEntry> {
    let mut out: Vec<&LicenseEntry> = Vec::new();
    for l in &r.licenses {
        if matches!(&l.scope, LicenseScope::Dataset(d) if d == dataset)
            && !out.iter().any(|o| o.id == l.id && o.declared == l.declared)
        {
            out.push(l);
        }
    }
    out
}

/// The report's licenses with one of these ids (a base model's), each id once.
pub fn licenses_by_id<'a>(r: &'a Report, ids: &[String]) -> Vec<&'a LicenseEntry> {
    let mut out: Vec<&LicenseEntry> = Vec::new();
    for id in ids {
        if let Some(l) = r.licenses.iter().find(|l| &l.id == id)
            && !out.iter().any(|o| o.id == l.id)
        {
            out.push(l);
        }
    }
    out
}

/// A fact as an evidence pointer: `claim (source)`.
fn pointer(f: &Fact) -> String {
    let at = f.source.to_string();
    if at.is_empty() {
        f.claim.clone()
    } else {
        format!("{} ({at})", f.claim)
    }
}

/// The tool's verdicts and evidence for one model as `openness:` name-value pairs, in a fixed
/// order: the level, each rubric's result and each criterion's outcome with its reason and
/// evidence, each MOF component's availability with its best fact, every license statement with
/// its source, gating, conflicts, problems, limits, and what is unknown.
pub fn properties(view: &ScanView) -> Vec<(String, String)> {
    let r = &view.report;
    let mut p: Vec<(String, String)> = Vec::new();
    let mut add = |name: String, value: String| p.push((name, value));
    add("openness:level".into(), r.openness.level.as_str().into());
    add("openness:level:reason".into(), r.openness.reason.clone());
    for (id, a) in &r.rubrics {
        let base = format!("openness:rubric:{id}");
        match &a.summary {
            Summary::Verdict { verdict, status } => {
                if id == crate::rubric::OSAID {
                    add("openness:osaid".into(), verdict.clone());
                }
                add(format!("{base}:verdict"), verdict.clone());
                add(format!("{base}:status"), word(status));
            }
            Summary::Classes {
                class,
                potential_class,
                ..
            } => {
                if id == "mof-1.0" {
                    add("openness:mof:class".into(), class.clone());
                }
                add(format!("{base}:class"), class.clone());
                add(format!("{base}:potential-class"), potential_class.clone());
            }
        }
        for c in &a.criteria {
            let name = format!("{base}:criterion:{}", c.id);
            add(name.clone(), c.outcome.as_str().into());
            add(format!("{name}:reason"), c.reason.clone());
            for f in c.evidence.iter().take(EVIDENCE_PER_CRITERION) {
                add(format!("{name}:evidence"), pointer(f));
            }
        }
    }
    for c in &r.components {
        let name = format!("openness:component:{}", c.id.slug());
        add(name.clone(), c.availability.as_str().into());
        if let Some(f) = c.facts.first() {
            add(format!("{name}:evidence"), pointer(f));
        }
        if let Some(n) = &c.note {
            add(format!("{name}:note"), n.clone());
        }
    }
    for l in &r.licenses {
        let at = l.source.to_string();
        add(
            "openness:license-statement".into(),
            format!(
                "{} ({}; {}, covers {}{})",
                l.id,
                l.declared,
                word(&l.origin),
                scope_words(&l.scope),
                if at.is_empty() {
                    String::new()
                } else {
                    format!(", {at}")
                }
            ),
        );
    }
    add("openness:access:gating".into(), word(&r.access.gating));
    for c in &r.conflicts {
        add("openness:conflict".into(), c.message.clone());
    }
    for x in &r.problems {
        add("openness:problem".into(), x.message.clone());
    }
    for l in &r.limits {
        add("openness:limit".into(), l.clone());
    }
    for o in &view.description.omitted {
        add("openness:limit".into(), o.clone());
    }
    for u in unknowns(view) {
        add("openness:unknown".into(), u.into());
    }
    p
}

/// What a license statement covers, in words.
fn scope_words(scope: &LicenseScope) -> String {
    match scope {
        LicenseScope::Repository => "the repository".into(),
        LicenseScope::Component(c) => format!("component {}", c.slug()),
        LicenseScope::ContentType(t) => format!("{} components", t.as_str()),
        LicenseScope::Dataset(d) => format!("dataset {d}"),
        LicenseScope::BaseModel(b) => format!("base model {b}"),
        LicenseScope::Linked(x) => format!("linked {x}"),
    }
}

/// What a bill of materials would state but the scan did not find: named, never filled in.
pub fn unknowns(view: &ScanView) -> Vec<&'static str> {
    let r = &view.report;
    let d = &view.description;
    let mut out = Vec::new();
    if r.target.revision.is_none() {
        out.push("revision");
    }
    let licenses = model_licenses(r);
    if licenses.is_empty() {
        out.push("license");
    } else if licenses.iter().any(|l| l.id == NOASSERTION) {
        out.push("license-identity");
    }
    if d.task.is_none() {
        out.push("task");
    }
    if d.family.is_none() && d.architectures.is_empty() {
        out.push("architecture");
    }
    if d.datasets.is_empty() {
        out.push("training-datasets");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, declared: &str) -> LicenseEntry {
        let mut r = crate::scan(
            "tests/fixtures/open-research-model",
            &crate::rubric::default_rubrics().unwrap(),
        )
        .unwrap();
        let mut l = r.licenses.remove(0);
        l.id = id.into();
        l.declared = declared.into();
        l.name = format!("{id} name");
        l.url = Some("https://example.org/terms".into());
        l
    }

    #[test]
    fn timestamps_are_given_or_absent() {
        assert_eq!(timestamp(None, None), Ok(None));
        assert_eq!(timestamp(None, Some(" ")), Ok(None));
        assert_eq!(
            timestamp(None, Some("1700000000")).unwrap().as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(
            timestamp(Some("0"), Some("1700000000")).unwrap().as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        assert_eq!(
            timestamp(Some("2024-02-29T23:59:59Z"), None)
                .unwrap()
                .as_deref(),
            Some("2024-02-29T23:59:59Z")
        );
        let now = timestamp(Some("now"), None).unwrap().unwrap();
        assert!(rfc3339(&now).is_some(), "{now}");
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01 00:00:00",
            "2024-01-01T00:00:00+01:00",
            "yesterday",
            "99999999999999999999999",
        ] {
            assert!(timestamp(Some(bad), None).is_err(), "{bad}");
        }
        assert!(timestamp(None, Some("now")).is_err());
        assert!(timestamp(None, Some("-5")).is_err());
    }

    #[test]
    fn licenses_take_the_form_their_id_allows() {
        assert_eq!(
            license_form(&entry("Apache-2.0", "apache-2.0")),
            LicenseForm::Spdx("Apache-2.0")
        );
        assert_eq!(
            license_form(&entry("MIT OR CC-BY-NC-4.0", "x")),
            LicenseForm::Expression("MIT OR CC-BY-NC-4.0")
        );
        let named = entry("LicenseRef-llama3.1", "llama3.1");
        assert!(matches!(
            license_form(&named),
            LicenseForm::Named {
                id: "LicenseRef-llama3.1",
                url: Some(_),
                ..
            }
        ));
        assert_eq!(
            license_form(&entry(NOASSERTION, "my own terms")),
            LicenseForm::Unidentified {
                declared: "my own terms"
            }
        );
        // Not an SPDX id, not an expression: named, never passed off as SPDX.
        assert!(matches!(
            license_form(&entry("Apache 2", "Apache 2")),
            LicenseForm::Named { .. }
        ));
    }
}
