//! `openness rubric list | show | check`.

use std::process::ExitCode;

use super::output::{CliError, emit};
use super::{ListFormat, RubricCommand, ShowFormat};
use crate::render::json::to_sorted_json;
use crate::rubric::{self, Rubric, Scoring};

pub fn run(cmd: RubricCommand) -> Result<ExitCode, CliError> {
    match cmd {
        RubricCommand::List { format } => {
            let all = rubric::builtins()?;
            let text = match format {
                ListFormat::Json => {
                    let rows: Vec<serde_json::Value> = all
                        .iter()
                        .map(|r| {
                            serde_json::json!({
                                "id": r.id, "title": r.title, "version": r.version,
                                "publisher": r.publisher, "url": r.url,
                                "criteria": r.criteria.len(),
                                "default": rubric::DEFAULT_RUBRICS.contains(&r.id.as_str()),
                            })
                        })
                        .collect();
                    to_sorted_json(&rows)?
                }
                ListFormat::Terminal => {
                    let mut out = String::new();
                    for r in &all {
                        let default = if rubric::DEFAULT_RUBRICS.contains(&r.id.as_str()) {
                            " (default)"
                        } else {
                            ""
                        };
                        out.push_str(&format!(
                            "{:<16} {} ({} criteria){default}\n",
                            r.id,
                            r.title,
                            r.criteria.len()
                        ));
                    }
                    out.push_str("\nShow one: openness rubric show ID; use your own: openness scan TARGET --rubric FILE.yaml\n");
                    out
                }
            };
            emit(&text, None)?;
        }
        RubricCommand::Show {
            rubric: spec,
            format,
        } => {
            let r = rubric::load(&spec)?;
            let text = match format {
                ShowFormat::Json => to_sorted_json(&r)?,
                ShowFormat::Yaml => match crate::embedded::RUBRICS
                    .iter()
                    .find(|(n, _)| *n == format!("{}.yaml", r.id) && r.origin == "built-in")
                {
                    Some((_, text)) => text.to_string(),
                    None => std::fs::read_to_string(&spec).map_err(CliError::Io)?,
                },
                ShowFormat::Terminal => describe(&r),
            };
            emit(&text, None)?;
        }
        RubricCommand::Check { file } => {
            let r = rubric::load(&file.to_string_lossy())?;
            emit(
                &format!(
                    "{}: valid rubric `{}` with {} criteria\n",
                    file.display(),
                    r.id,
                    r.criteria.len()
                ),
                None,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A readable listing of a rubric.
pub fn describe(r: &Rubric) -> String {
    let mut out = format!(
        "{} ({}), version {}\n{}\n{}\n\n{}\n",
        r.title,
        r.id,
        r.version,
        r.publisher,
        r.url,
        r.description.trim()
    );
    if let Some(d) = &r.disclaimer {
        out.push_str(&format!("\n{}\n", d.trim()));
    }
    out.push_str(&format!(
        "\nScoring: {}\n",
        match &r.scoring {
            Scoring::Checklist { verdicts } => format!(
                "every required criterion must be met: {} / {} / {}",
                verdicts.pass, verdicts.fail, verdicts.undetermined
            ),
            Scoring::Classes => "cumulative classes III, II, I".to_string(),
            Scoring::Mot(_) => "as the Model Openness Tool scores: cumulative classes III, II, I with MOT's exact license lists and technical-report rule".to_string(),
        }
    ));
    let mut group: Option<&str> = None;
    for c in &r.criteria {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            if let Some(g) = group {
                out.push_str(&format!("\n{g}\n"));
            }
        }
        let class = c.class.map(|c| format!(" [class {c}]")).unwrap_or_default();
        let optional = if c.required { "" } else { " (optional)" };
        out.push_str(&format!(
            "  {}/{}{class}{optional}\n    {}\n    requires: {}\n",
            r.id,
            c.id,
            c.title,
            r.checks(c)
        ));
    }
    out
}
