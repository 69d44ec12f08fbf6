//! `openness explain RUBRIC/CRITERION`: a criterion's own text, the way `ruff rule X` shows a rule.

use std::process::ExitCode;

use super::ExplainArgs;
use super::output::{CliError, emit};
use crate::rubric::{self, Rubric, Scoring};

pub fn run(args: ExplainArgs) -> Result<ExitCode, CliError> {
    let mut rubrics = rubric::builtins()?;
    for spec in &args.rubrics {
        rubrics.push(rubric::load(spec)?);
    }
    let (rubric_id, criterion_id) = match args.criterion.split_once('/') {
        Some((r, c)) if rubrics.iter().any(|x| x.id == r) => (Some(r.to_string()), c.to_string()),
        _ => (None, args.criterion.clone()),
    };
    let candidates: Vec<(&Rubric, &rubric::Criterion)> = rubrics
        .iter()
        .filter(|r| rubric_id.as_deref().is_none_or(|id| r.id == id))
        .filter_map(|r| r.criterion(&criterion_id).map(|c| (r, c)))
        .collect();
    match candidates.as_slice() {
        [(r, c)] => {
            emit(&explain(r, c), None)?;
            Ok(ExitCode::SUCCESS)
        }
        [] => {
            let hint = match &rubric_id {
                Some(id) => {
                    let r = rubrics.iter().find(|r| &r.id == id).expect("matched above");
                    format!(
                        "`{id}` has: {}",
                        r.criteria
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
                None => format!(
                    "write RUBRIC/CRITERION; rubrics: {} (see `openness rubric show ID`)",
                    rubrics
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Err(crate::Error::UnknownCriterion {
                id: args.criterion,
                hint,
            }
            .into())
        }
        many => Err(crate::Error::UnknownCriterion {
            id: args.criterion.clone(),
            hint: format!(
                "several rubrics have it; write one of: {}",
                many.iter()
                    .map(|(r, c)| format!("{}/{}", r.id, c.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
        .into()),
    }
}

fn explain(r: &Rubric, c: &rubric::Criterion) -> String {
    let mut out = format!("{}/{}: {}\n", r.id, c.id, c.title);
    out.push_str(&format!("Rubric: {} ({})\n", r.title, r.url));
    if let Some(g) = &c.group {
        out.push_str(&format!("Group: {g}\n"));
    }
    if let (Scoring::Classes | Scoring::Mot(_), Some(class)) = (&r.scoring, c.class) {
        out.push_str(&format!("Class: {}\n", class.label()));
    }
    let checks = r.checks(c);
    out.push_str(&format!(
        "Required: {}\n\nChecks: {}\n\nWhy it matters:\n{}\n\nHow to meet it:\n{}\n",
        if c.required {
            "yes"
        } else {
            "no (informational)"
        },
        checks,
        wrap(c.why.trim()),
        wrap(c.fix.trim())
    ));
    out
}

fn wrap(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        let mut line = String::from(" ");
        for word in para.split_whitespace() {
            if line.len() + word.len() > 88 {
                out.push_str(&line);
                out.push('\n');
                line = String::from(" ");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end().to_string()
}
