//! `openness explain RUBRIC/CRITERION`: a criterion's own text, the way `ruff rule X` shows a rule.

use std::process::ExitCode;

use openness::rubric::{self, Rubric};
use openness::{Error, render};

use super::ExplainArgs;
use super::output::{CliError, emit};

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
            emit(&render::explain(r, c), None)?;
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
            Err(Error::UnknownCriterion {
                id: args.criterion,
                hint,
            }
            .into())
        }
        many => Err(Error::UnknownCriterion {
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
