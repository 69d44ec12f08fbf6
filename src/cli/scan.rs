//! `openness scan TARGET`.

use std::process::ExitCode;

use openness::compare::ScanView;
use openness::controls::line;
use openness::render::{self, ScanFormat};
use openness::report::Report;
use openness::rubric;
use openness::source::{self, TargetSpec};

use super::output::{CliError, emit};
use super::settings::{self, Settings};
use super::{Dump, ScanArgs};

pub fn run(args: ScanArgs, verbose: u8) -> Result<ExitCode, CliError> {
    // Rubrics first: a bad rubric is reported before any reading, as is a bad time.
    let bom = matches!(args.format, ScanFormat::Cyclonedx | ScanFormat::Spdx3);
    if args.timestamp.is_some() && !bom {
        return Err(openness::Error::Usage(
            "--timestamp is for the bills of materials (--format cyclonedx or spdx3)".into(),
        )
        .into());
    }
    let timestamp = if bom {
        let epoch = std::env::var(render::bom::SOURCE_DATE_EPOCH).ok();
        render::bom::timestamp(args.timestamp.as_deref(), epoch.as_deref())
            .map_err(openness::Error::Usage)?
    } else {
        None
    };
    let defaults = args.rubrics.is_empty();
    let mut rubrics = settings::rubrics(&args.rubrics)?;
    let spec = TargetSpec::parse(&args.target)?;
    let ctx = settings::context(args.offline, &args.follow);
    let outcome = source::read_with(&spec, &ctx)?;
    let snapshot = outcome.snapshot;
    if verbose > 0
        && let Some(stats) = &outcome.requests
    {
        eprintln!(
            "openness: {} at {}: {}",
            line(&snapshot.target.id),
            line(snapshot.target.revision.as_deref().unwrap_or("?")),
            line(&stats.summary())
        );
        settings::print_requests(stats, verbose);
    }
    if verbose > 0 {
        eprintln!(
            "openness: read {} ({}): {} files listed ({:?} listing), {} read: {}",
            line(&snapshot.target.id),
            snapshot.target.source,
            snapshot.files.len(),
            snapshot.listing,
            snapshot.texts.len(),
            snapshot
                .texts
                .iter()
                .map(|t| line(&t.path))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let output = args.out.output.as_deref();
    if args.dump == Some(Dump::Snapshot) {
        emit(&render::data(&snapshot)?, output)?;
        return Ok(ExitCode::SUCCESS);
    }
    let evidence = openness::extract(&snapshot);
    if args.dump == Some(Dump::Evidence) {
        emit(&render::data(&evidence)?, output)?;
        return Ok(ExitCode::SUCCESS);
    }
    // A MOT manifest is also scored the way MOT scores it.
    if defaults && evidence.manifest.is_some() {
        rubrics.push(rubric::builtin("mof-1.0-mot").expect("mof-1.0-mot is built in")?);
    }
    let report = Report::build(&evidence, &rubrics)?;
    let mut view = ScanView::new(report, &evidence);
    view.timestamp = timestamp;
    let mut s = Settings::of(&args.out);
    // A report written to a file or a pipe is drawn 100 columns wide unless COLUMNS says.
    s.style.width = s.style.width.or(Some(100));
    emit(&render::scan(&view, args.format, &s.style)?, output)?;
    Ok(ExitCode::SUCCESS)
}
