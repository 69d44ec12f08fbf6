//! `openness scan TARGET`.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::output::{CliError, emit};
use super::{ColorChoice, Dump, ScanArgs, ScanFormat};
use crate::render::{self, Format, Style};
use crate::report::Report;
use crate::rubric;

pub fn run(args: ScanArgs, verbose: bool) -> Result<ExitCode, CliError> {
    // Rubrics first: a bad rubric is reported before any reading.
    let defaults = args.rubrics.is_empty();
    let mut rubrics = if defaults {
        rubric::default_rubrics()?
    } else {
        let mut list: Vec<rubric::Rubric> = Vec::new();
        for spec in &args.rubrics {
            let r = rubric::load(spec)?;
            if list.iter().any(|x| x.id == r.id) {
                return Err(crate::Error::Data(format!(
                    "rubric `{}` is given twice (from {} and {})",
                    r.id,
                    list.iter()
                        .find(|x| x.id == r.id)
                        .map(|x| x.origin.as_str())
                        .unwrap_or(""),
                    r.origin
                ))
                .into());
            }
            list.push(r);
        }
        list
    };
    let spec = crate::source::TargetSpec::parse(&args.target)?;
    let outcome = crate::source::read_with(&spec, &crate::source::Context::new(args.offline))?;
    let snapshot = outcome.snapshot;
    // A MOT manifest is also scored the way MOT scores it.
    if defaults && snapshot.manifest.is_some() {
        rubrics.push(rubric::builtin("mof-1.0-mot").expect("mof-1.0-mot is built in")?);
    }
    if verbose && let Some(stats) = &outcome.requests {
        eprintln!(
            "openness: {} at {}: {}",
            snapshot.target.id,
            snapshot.target.revision.as_deref().unwrap_or("?"),
            stats.summary()
        );
    }
    if verbose {
        eprintln!(
            "openness: read {} ({}): {} files listed ({:?} listing), {} read: {}",
            snapshot.target.id,
            snapshot.target.source.as_str(),
            snapshot.files.len(),
            snapshot.listing,
            snapshot.texts.len(),
            snapshot
                .texts
                .iter()
                .map(|t| t.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if args.dump == Some(Dump::Snapshot) {
        emit(
            &render::json::to_sorted_json(&snapshot)?,
            args.output.as_deref(),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let evidence = crate::extract(&snapshot);
    if args.dump == Some(Dump::Evidence) {
        emit(
            &render::json::to_sorted_json(&evidence)?,
            args.output.as_deref(),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.format == ScanFormat::Mot {
        let (manifest, _) = crate::assess::mot::view::of(&evidence);
        emit(&render::mot::render(&manifest), args.output.as_deref())?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = Report::build(&evidence, &rubrics)?;
    let format = match args.format {
        ScanFormat::Terminal => Format::Terminal,
        ScanFormat::Json => Format::Json,
        ScanFormat::Markdown => Format::Markdown,
        ScanFormat::Mot => unreachable!("written above"),
        ScanFormat::Html => Format::Html,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && !no_color,
    };
    let width = if to_terminal {
        super::output::terminal_width(true)
    } else {
        Some(100)
    };
    let text = render::render(&report, format, Style { color, width })?;
    emit(&text, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}
