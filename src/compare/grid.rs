//! The grid: a rubric's criteria as columns (with the components each asks to be obtainable),
//! and a report's outcome for a criterion as a cell.

use super::*;

/// A rubric as the grid needs it: its head, and per criterion the column with the components
/// the criterion asks to be obtainable.
#[derive(Debug, Clone)]
pub(super) struct RubricSpec {
    pub(super) head: RubricHead,
    pub(super) columns: Vec<(Column, Vec<Component>)>,
}

pub(super) fn spec_from_rubric(r: &Rubric) -> RubricSpec {
    let tag = rubric_tag(&r.id, &r.title);
    RubricSpec {
        head: head(r),
        columns: r
            .criteria
            .iter()
            .map(|c| {
                let mut wanted = Vec::new();
                artefacts(&c.requires, &mut wanted);
                (
                    column(
                        &r.id,
                        &tag,
                        &c.id,
                        &c.title,
                        c.group.clone(),
                        c.class,
                        c.required,
                    ),
                    wanted,
                )
            })
            .collect(),
    }
}

/// The rubrics a report was assessed against, from the report alone: a built-in rubric's
/// definition is used when the assessment has exactly its criteria (for the components each asks
/// for); another rubric's criteria are taken from the assessment, and its cells are never
/// `partial`, since what they ask for is not known.
pub(super) fn specs_from_report(report: &Report) -> Vec<RubricSpec> {
    let mut ids: Vec<&String> = report.rubrics.keys().collect();
    let rank = |id: &str| {
        crate::rubric::DEFAULT_RUBRICS
            .iter()
            .position(|d| *d == id)
            .unwrap_or(usize::MAX)
    };
    ids.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    ids.into_iter()
        .map(|id| {
            let a = &report.rubrics[id];
            let builtin = crate::rubric::builtin(id).and_then(Result::ok).filter(|r| {
                r.criteria.len() == a.criteria.len()
                    && r.criteria
                        .iter()
                        .zip(&a.criteria)
                        .all(|(c, f)| c.id == f.id)
            });
            match builtin {
                Some(r) => spec_from_rubric(&r),
                None => RubricSpec {
                    head: RubricHead {
                        id: a.rubric.clone(),
                        title: a.title.clone(),
                        short: rubric_short(&a.rubric, &a.title),
                        tag: rubric_tag(&a.rubric, &a.title),
                        scoring: match a.summary {
                            Summary::Verdict { .. } => "verdict".into(),
                            Summary::Classes { .. } => "classes".into(),
                        },
                        url: String::new(),
                    },
                    columns: a
                        .criteria
                        .iter()
                        .map(|f| {
                            (
                                column(
                                    &a.rubric,
                                    &rubric_tag(&a.rubric, &a.title),
                                    &f.id,
                                    &f.title,
                                    f.group.clone(),
                                    f.class,
                                    f.required,
                                ),
                                Vec::new(),
                            )
                        })
                        .collect(),
                },
            }
        })
        .collect()
}

pub(super) fn head(r: &Rubric) -> RubricHead {
    RubricHead {
        id: r.id.clone(),
        title: r.title.clone(),
        short: rubric_short(&r.id, &r.title),
        tag: rubric_tag(&r.id, &r.title),
        scoring: match r.scoring {
            Scoring::Checklist { .. } => "verdict".into(),
            Scoring::Classes | Scoring::Mot(_) => "classes".into(),
        },
        url: r.url.clone(),
    }
}

pub(super) fn column(
    rubric: &str,
    tag: &str,
    id: &str,
    title: &str,
    group: Option<String>,
    class: Option<MofClass>,
    required: bool,
) -> Column {
    Column {
        key: format!("{rubric}/{id}"),
        rubric: rubric.to_string(),
        tag: tag.to_string(),
        criterion: id.to_string(),
        label: criterion_label(rubric, id, title),
        title: title.to_string(),
        group,
        class,
        required,
    }
}

pub(super) fn column_group(s: &RubricSpec, start: usize) -> ColumnGroup {
    let columns: Vec<Column> = s.columns.iter().map(|(c, _)| c.clone()).collect();
    let mut spans: Vec<Span> = Vec::new();
    for c in &columns {
        let label = c.group.clone().unwrap_or_default();
        match spans.last_mut() {
            Some(sp) if sp.label == label => sp.span += 1,
            _ => spans.push(Span { label, span: 1 }),
        }
    }
    ColumnGroup {
        rubric: s.head.id.clone(),
        title: s.head.title.clone(),
        short: s.head.short.clone(),
        tag: s.head.tag.clone(),
        start,
        columns,
        spans,
    }
}

/// The components a requirement asks to be obtainable (not the terms, not descriptions).
pub(super) fn artefacts(req: &Requirement, out: &mut Vec<Component>) {
    match req {
        Requirement::All(list) | Requirement::Any(list) => {
            list.iter().for_each(|r| artefacts(r, out))
        }
        Requirement::Component(c) => out.push(c.component),
        Requirement::WeightsPublic => out.push(Component::ModelParametersFinal),
        Requirement::Freedoms(_)
        | Requirement::DataInformation(_)
        | Requirement::CardSection(_)
        | Requirement::TrainingComputeBelow(_)
        | Requirement::NotMonetised => {}
    }
}

/// The cell mapping (see the module documentation).
pub fn cell_state(outcome: Outcome, obtainable: bool) -> CellState {
    match (outcome, obtainable) {
        (Outcome::Met, _) => CellState::Open,
        (Outcome::NotApplicable, _) => CellState::NotApplicable,
        (Outcome::NotMet | Outcome::Unknown, true) => CellState::Partial,
        (Outcome::NotMet, false) => CellState::Closed,
        (Outcome::Unknown, false) => CellState::Unknown,
    }
}

pub(super) fn result_of(report: &Report, id: &str) -> Option<RubricResult> {
    let a = report.rubrics.get(id)?;
    let counts = a.counts();
    let n = |o| counts.get(&o).copied().unwrap_or(0);
    let (met, not_met, unknown) = (n(Outcome::Met), n(Outcome::NotMet), n(Outcome::Unknown));
    Some(match &a.summary {
        Summary::Verdict { verdict, status } => RubricResult {
            rubric: id.to_string(),
            text: verdict.clone(),
            status: match status {
                ChecklistStatus::Pass => "pass",
                ChecklistStatus::Fail => "fail",
                ChecklistStatus::Undetermined => "undetermined",
            }
            .into(),
            verdict: Some(verdict.clone()),
            class: None,
            potential_class: None,
            progress: Vec::new(),
            met,
            not_met,
            unknown,
        },
        Summary::Classes {
            class,
            progress,
            potential_class,
        } => {
            let progress: Vec<Progress> = MofClass::ALL
                .into_iter()
                .map(|c| {
                    let p = progress.get(&c).copied().unwrap_or(0.0);
                    Progress {
                        class: c,
                        percent: p,
                        text: format!("{p:.0}%"),
                    }
                })
                .collect();
            let numbers: Vec<String> = progress
                .iter()
                .map(|p| format!("{:.0}", p.percent))
                .collect();
            RubricResult {
                rubric: id.to_string(),
                text: format!("{class} ({}%)", numbers.join("/")),
                status: match class.as_str() {
                    "I" => "class-i",
                    "II" => "class-ii",
                    "III" => "class-iii",
                    _ => "unclassified",
                }
                .into(),
                verdict: None,
                class: Some(class.clone()),
                potential_class: Some(potential_class.clone()),
                progress,
                met,
                not_met,
                unknown,
            }
        }
    })
}

pub(super) fn cell(report: &Report, column: &Column, wanted: &[Component], anchor: String) -> Cell {
    let finding: Option<&Finding> = report
        .rubrics
        .get(&column.rubric)
        .and_then(|a| a.finding(&column.criterion));
    let Some(f) = finding else {
        return Cell {
            column: column.key.clone(),
            state: CellState::Unknown,
            symbol: CellState::Unknown.symbol().into(),
            outcome: Outcome::Unknown,
            reason: "this criterion was not assessed".into(),
            evidence: Vec::new(),
            notes: Vec::new(),
            fix: None,
            anchor,
        };
    };
    let obtainable = report.components.iter().any(|c| {
        wanted.contains(&c.id)
            && matches!(
                c.availability,
                Availability::Published | Availability::Declared | Availability::Linked
            )
    });
    let state = cell_state(f.outcome, obtainable);
    Cell {
        column: column.key.clone(),
        state,
        symbol: state.symbol().into(),
        outcome: f.outcome,
        reason: f.reason.clone(),
        evidence: f
            .evidence
            .iter()
            .map(|e| EvidenceLink {
                claim: e.claim.clone(),
                strength: e.strength.as_str().into(),
                source: source_text(&e.source),
                href: source_href(&e.source, report),
            })
            .collect(),
        notes: f.notes.clone(),
        fix: f.fix.as_ref().map(|x| x.trim().to_string()),
        anchor,
    }
}
