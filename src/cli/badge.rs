//! `openness badge TARGET [--kind level|mof|osaid]`: a shields.io-style SVG badge.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use openness::render::badge::{self, Badge, BadgeKind};

use super::output::{CliError, emit};

#[derive(Debug, Args)]
#[command(
    after_help = "Example: openness badge ./my-model --output openness.svg\nthen in a README: ![openness](openness.svg)"
)]
pub struct BadgeArgs {
    /// The model (whatever `openness scan` accepts).
    pub target: String,
    /// What the badge shows.
    #[arg(short, long, value_enum, default_value_t = BadgeKind::Level)]
    pub kind: BadgeKind,
    /// The text on the left (default: openness, MOF or OSAID).
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    /// Write the SVG to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: BadgeArgs) -> Result<ExitCode, CliError> {
    let rubrics = openness::rubric::default_rubrics()?;
    let report = openness::scan(&args.target, &rubrics)?;
    let svg = badge::render(&Badge::for_report(
        &report,
        args.kind,
        args.label.as_deref(),
    ))?;
    emit(&svg, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}
