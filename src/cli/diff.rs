//! `openness diff OLD NEW`: what changed between two reports of a model. OLD and NEW are each a
//! report written by `openness scan --format json`, or a target to scan now (two revisions:
//! `hf-cache:ORG/NAME@REV1 hf-cache:ORG/NAME@REV2`, two directories).

use std::path::Path;
use std::process::ExitCode;

use openness::report::{Report, SCHEMA_VERSION};
use openness::{Error, diff, render, rubric};

use super::DiffArgs;
use super::output::{CliError, emit};

pub fn run(args: DiffArgs) -> Result<ExitCode, CliError> {
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let drift = diff::diff(&old, &new);
    emit(&render::diff(&drift, args.format)?, args.output.as_deref())?;
    if args.fail_on_worse && drift.counts.worse > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The largest report read (a report of one model is rarely over a few MB).
const REPORT_CAP: usize = 64 * 1024 * 1024;

/// A report file (`*.json`), else a target scanned with the default rubrics.
fn load(arg: &str) -> Result<Report, CliError> {
    let path = Path::new(arg);
    if path.is_file() && arg.to_ascii_lowercase().ends_with(".json") {
        let text = openness::input::read_text(path, REPORT_CAP, "the report")
            .map_err(|d| Error::Usage(d.to_string()))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!("{arg}:{}:{}: not JSON: {e}", e.line(), e.column()))
        })?;
        if value.get("schema_version").and_then(|v| v.as_u64()) != Some(u64::from(SCHEMA_VERSION)) {
            return Err(Error::Usage(format!(
                "{arg}: not an openness report with schema_version {SCHEMA_VERSION} (write one with `openness scan TARGET --format json --output {arg}`)"
            ))
            .into());
        }
        let report: Report = serde_json::from_value(value)
            .map_err(|e| Error::Usage(format!("{arg}: not an openness report: {e}")))?;
        return Ok(report);
    }
    let rubrics = rubric::default_rubrics()?;
    Ok(openness::scan(arg, &rubrics)?)
}
