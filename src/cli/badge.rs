//! `openness badge TARGET [--kind level|mof|osaid]`: a shields.io-style SVG badge.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::output::{CliError, emit};
use crate::render::badge::{self, Badge, BadgeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// The openness level: "open source", "open weights", "open weights, restricted", "closed" or
    /// "unknown".
    Level,
    /// The MOF 1.0 class: Class I, II, III or unclassified.
    Mof,
    /// The OSAID 1.0 verdict: conformant, not conformant, insufficient evidence.
    Osaid,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example: openness badge ./my-model --output openness.svg\nthen in a README: ![openness](openness.svg)"
)]
pub struct BadgeArgs {
    /// The model (whatever `openness scan` accepts).
    pub target: String,
    /// What the badge shows.
    #[arg(short, long, value_enum, default_value_t = KindArg::Level)]
    pub kind: KindArg,
    /// The text on the left (default: openness, MOF or OSAID).
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    /// Write the SVG to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: BadgeArgs) -> Result<ExitCode, CliError> {
    let rubrics = crate::rubric::default_rubrics()?;
    let report = crate::scan(&args.target, &rubrics)?;
    let kind = match args.kind {
        KindArg::Level => BadgeKind::Level,
        KindArg::Mof => BadgeKind::Mof,
        KindArg::Osaid => BadgeKind::Osaid,
    };
    let svg = badge::render(&Badge::for_report(&report, kind, args.label.as_deref()))?;
    emit(&svg, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}
