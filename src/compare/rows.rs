//! One row per model: its level, verdicts, licenses and restrictions, and its cells.

use super::*;

/// The "License" and "Restrictions" columns: the licenses that bind a user of the weights, or,
/// when there are none (weights not published, or not listed in a MOT manifest), the licenses
/// the repository states, so that a closed model's row still says what the release is under.
pub(super) fn weights_terms(report: &Report) -> (Vec<String>, Vec<String>) {
    let mut ids: Vec<String> = report.weights_licenses().map(|l| l.id.clone()).collect();
    if ids.is_empty() {
        ids = report
            .licenses
            .iter()
            .filter(|l| l.scope == LicenseScope::Repository)
            .map(|l| l.id.clone())
            .collect();
    }
    ids.sort();
    ids.dedup();
    let mut restrictions: Vec<String> = Vec::new();
    for l in report.licenses.iter().filter(|l| ids.contains(&l.id)) {
        for r in l.restrictions.iter().filter(|r| r.kind.breaks_freedoms()) {
            let text = r.label();
            if !restrictions.contains(&text) {
                restrictions.push(text);
            }
        }
    }
    restrictions.sort();
    (ids, restrictions)
}

pub(super) fn row(index: usize, entry: Scanned, specs: &[RubricSpec], grid: &[&RubricSpec]) -> Row {
    let anchor = format!("m{index}");
    match entry.result {
        Err(e) => Row {
            index,
            name: display_name(&entry.target, None),
            target: entry.target,
            source: None,
            revision: None,
            error: Some(e.to_string()),
            level: None,
            reason: None,
            results: Vec::new(),
            cells: Vec::new(),
            licenses: Vec::new(),
            license: String::new(),
            restrictions: Vec::new(),
            restriction_text: String::new(),
            anchor,
        },
        Ok(report) => {
            let mut cells = Vec::new();
            for spec in grid {
                for (column, wanted) in &spec.columns {
                    let a = format!("{anchor}-c{}", cells.len() + 1);
                    cells.push(cell(&report, column, wanted, a));
                }
            }
            let (licenses, restrictions) = weights_terms(&report);
            Row {
                index,
                name: display_name(&entry.target, Some(&report)),
                target: entry.target,
                source: Some(report.target.source.clone()),
                revision: report.target.revision.clone(),
                error: None,
                level: Some(report.openness.level),
                reason: Some(report.openness.reason.clone()),
                results: specs
                    .iter()
                    .map(|s| {
                        result_of(&report, &s.head.id).unwrap_or_else(|| RubricResult {
                            rubric: s.head.id.clone(),
                            text: "not assessed".into(),
                            status: "undetermined".into(),
                            verdict: None,
                            class: None,
                            potential_class: None,
                            progress: Vec::new(),
                            met: 0,
                            not_met: 0,
                            unknown: 0,
                        })
                    })
                    .collect(),
                cells,
                license: if licenses.is_empty() {
                    "none found".into()
                } else {
                    licenses.join(" and ")
                },
                licenses,
                restriction_text: if restrictions.is_empty() {
                    "none".into()
                } else {
                    restrictions.join(", ")
                },
                restrictions,
                anchor,
            }
        }
    }
}

pub(super) fn mof_class(row: &Row) -> Option<MofClass> {
    row.results
        .iter()
        .find(|r| r.rubric == "mof-1.0")
        .and_then(|r| r.class.as_deref())
        .and_then(|c| match c {
            "I" => Some(MofClass::I),
            "II" => Some(MofClass::II),
            "III" => Some(MofClass::III),
            _ => None,
        })
}
