//! `openness rubric list | show | check`.

use std::process::ExitCode;

use openness::render;
use openness::rubric;

use super::RubricCommand;
use super::output::{CliError, emit};

pub fn run(cmd: RubricCommand) -> Result<ExitCode, CliError> {
    match cmd {
        RubricCommand::List { format } => {
            emit(&render::rubric_list(&rubric::builtins()?, format)?, None)?;
        }
        RubricCommand::Show {
            rubric: spec,
            format,
        } => {
            let r = rubric::load(&spec)?;
            let source = match rubric::builtin_source(&r) {
                Some(text) => text.to_string(),
                None if format == render::ShowFormat::Yaml => openness::input::read_text(
                    std::path::Path::new(&spec),
                    openness::yaml::MAX_YAML_BYTES,
                    "the rubric file",
                )
                .map_err(|d| openness::Error::Config(d.into()))?,
                None => String::new(),
            };
            emit(&render::rubric_show(&r, &source, format)?, None)?;
        }
        RubricCommand::Check { file } => {
            let r = rubric::load(&file.to_string_lossy())?;
            emit(
                &format!(
                    "{}: valid rubric `{}` with {} criteria\n",
                    openness::controls::line(&file.display().to_string()),
                    openness::controls::line(&r.id),
                    r.criteria.len()
                ),
                None,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
