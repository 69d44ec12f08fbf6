//! `openness merge FILE...`: the jsonl outputs of one check or one comparison (its shards, run
//! on a CI matrix or a Kubernetes indexed job) as one result, in any of that command's formats.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use openness::Error;
use openness::compare::ViewOptions;
use openness::jsonl::{self, Merged, ShardFile};
use openness::render::{self, CheckFormat, CompareFormat};

use super::OutputArgs;
use super::output::{CliError, emit};
use super::settings::Settings;

#[derive(Debug, Args)]
#[command(
    after_help = "The files are `check --format jsonl` or `compare --format jsonl` outputs, typically one per shard \
(--shard K/N): every shard of the run must be given once, and each file must be whole (its last line is the \
`end` record). Exit codes: a merged check's (0, 1 or 2, as `openness check`); a comparison: 0, or 2 when a row \
holds a target that could not be scanned. See README.md (\"Census of a registry\")."
)]
pub struct MergeArgs {
    /// The jsonl files (`-` is standard input, once).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Output format: for a check terminal, json, sarif, junit, jsonl or github; for a comparison
    /// terminal, markdown, csv, latex, html, json or jsonl.
    #[arg(short, long, default_value = "terminal", value_name = "FORMAT")]
    pub format: String,
    #[command(flatten)]
    pub out: OutputArgs,
    /// A comparison's order and filters (not for a check).
    #[command(flatten)]
    pub view: super::compare::ViewArgs,
}

/// The largest file merged (a check of 100,000 models in jsonl is about 200 MB).
const FILE_CAP: usize = 1024 * 1024 * 1024;

fn format_of<F: ValueEnum>(name: &str, what: &str) -> Result<F, CliError> {
    F::from_str(name, true).map_err(|_| {
        let valid: Vec<String> = F::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        CliError::Lib(Error::Usage(format!(
            "`{}` is not a format for {what}; valid: {}",
            openness::controls::line(name),
            valid.join(", ")
        )))
    })
}

pub fn run(args: MergeArgs, verbose: u8) -> Result<ExitCode, CliError> {
    let quiet = super::settings::quiet();
    let mut files = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let text = if name == "-" {
            openness::input::read_stdin_text(FILE_CAP, "a jsonl output")
        } else {
            openness::input::read_text(path, FILE_CAP, "a jsonl output")
        }
        .map_err(|d| Error::Usage(d.to_string()))?;
        files.push(ShardFile { name, text });
    }
    let view = args.view.options(None);
    let style = Settings::of(&args.out).style;
    let output = args.out.output.as_deref();
    match jsonl::merge(&files, &view)? {
        Merged::Check(run) => {
            let format: CheckFormat = format_of(&args.format, "a check")?;
            if view != ViewOptions::default() {
                return Err(CliError::Lib(Error::Usage(
                    "--sort, --reverse, --level, --min-level and --min-mof-class are for comparisons; these files hold a check".into(),
                )));
            }
            let mut style = style;
            style.width = None;
            emit(
                &render::check_detailed(&run, format, &style, verbose > 0)?,
                output,
            )?;
            if !quiet {
                let c = run.counts;
                eprintln!(
                    "openness merge: {} files, {} models: {} passed, {} failed, {} could not be read (exit code {})",
                    files.len(),
                    c.models,
                    c.passed,
                    c.failed,
                    c.errors,
                    run.exit_code
                );
            }
            Ok(ExitCode::from(run.exit_code))
        }
        Merged::Compare(c) => {
            let format: CompareFormat = format_of(&args.format, "a comparison")?;
            emit(&render::comparison(&c, format, &style)?, output)?;
            Ok(if c.errors > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
