//! `openness compare TARGET... [--from FILE]`: scan many models (a target that fails to load
//! becomes a row with its error; the others go on) and render them side by side. Exit 2 at the
//! end when any target failed.

use std::process::ExitCode;

use clap::Args;
use openness::Error;
use openness::batch::{self, Scanner, SharedScanner};
use openness::compare::{self, Scanned, SortKey, ViewOptions};
use openness::component::MofClass;
use openness::controls::{self, line};
use openness::level::Level;
use openness::render::{self, CompareFormat};
use openness::rubric::Rubric;
use openness::source::Context;

use super::output::{CliError, emit};
use super::settings::{self, Settings};
use super::{BatchArgs, OutputArgs};

#[derive(Debug, Args)]
#[command(
    after_help = "TARGET is whatever `openness scan` accepts: a model directory, a model card (.md), \
hf-cache:ORG/NAME[@REV], ... A target that cannot be read becomes a row with its error; \
the others are still compared, and the exit code is 2 at the end.\n\
Cells: ✓ open (met), ◐ partial (published, declared or linked, but not met or not established), \
✗ closed (not met), ? unknown, – not applicable. See README.md (Compare)."
)]
pub struct CompareArgs {
    /// The models to compare.
    #[arg(value_name = "TARGET", required_unless_present = "from")]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Terminal)]
    pub format: CompareFormat,
    #[command(flatten)]
    pub out: OutputArgs,
    /// A rubric id or a rubric YAML file; repeatable. Each gives a summary column.
    /// Default: osaid-1.0, mof-1.0 and eu-ai-act-53-2.
    #[arg(short, long = "rubric", value_name = "ID|FILE")]
    pub rubrics: Vec<String>,
    /// The rubrics whose criteria are the grid's columns, comma-separated, in order
    /// (default: mof-1.0,osaid-1.0); `none` for the summary columns only.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub grid: Vec<String>,
    /// Order of the rows (failed targets always come last).
    #[arg(long, value_enum, default_value_t = SortKey::Input)]
    pub sort: SortKey,
    /// Reverse the order.
    #[arg(long)]
    pub reverse: bool,
    /// Keep only models at these levels (comma-separated: open-source, open-weights,
    /// open-weights-restricted, closed, unknown).
    #[arg(long = "level", value_name = "LEVEL,...", value_delimiter = ',', value_parser = parse_level)]
    pub levels: Vec<Level>,
    /// Keep only models at least this open (closed < open-weights-restricted < open-weights <
    /// open-source; unknown counts as least open).
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    pub min_level: Option<Level>,
    /// Keep only models that reached at least this MOF class.
    #[arg(long, value_enum, value_name = "CLASS")]
    pub min_mof_class: Option<MofClass>,
}

fn parse_level(s: &str) -> Result<Level, String> {
    s.trim().parse()
}

/// Scan every target, `jobs` at a time, sharing one context; results in input order.
fn scan_all(
    targets: &[String],
    rubrics: &[Rubric],
    jobs: usize,
    context: Context,
    verbose: u8,
) -> Vec<Scanned> {
    let scanner = SharedScanner::with_context(rubrics.to_vec(), context);
    let scanned = batch::run(
        targets,
        jobs,
        |target| Scanned {
            target: target.clone(),
            result: scanner.scan(target),
        },
        // A bug that panics on one model must not lose the others' rows.
        |target, message| Scanned {
            target: target.clone(),
            result: Err(Error::Source {
                target: target.clone(),
                message: format!(
                    "internal error while scanning ({message}; a bug in openness, please report it with this target)"
                ),
            }),
        },
        |_, target, entry| {
            if verbose > 0 {
                match &entry.result {
                    Ok(r) => eprintln!("openness: scanned {}: {}", line(target), r.openness.level),
                    Err(e) => eprintln!(
                        "openness: {}: {}",
                        line(target),
                        controls::text(&e.to_string())
                    ),
                }
            }
        },
    );
    settings::print_requests(&scanner.context().requests(), verbose);
    scanned
}

pub fn run(args: CompareArgs, verbose: u8) -> Result<ExitCode, CliError> {
    let rubrics = settings::rubrics(&args.rubrics)?;
    let targets: Vec<String> = settings::targets(&args.targets, &args.batch.from)?
        .into_iter()
        .map(|e| e.target)
        .collect();
    if targets.is_empty() {
        return Err(Error::Usage(
            "no targets to compare: give TARGETs or a --from file with one target per line".into(),
        )
        .into());
    }
    let grid = match args.grid.as_slice() {
        [] => None,
        [none] if none == "none" => Some(Vec::new()),
        ids => Some(ids.iter().map(|s| s.trim().to_string()).collect()),
    };
    let options = ViewOptions {
        grid,
        sort: args.sort,
        reverse: args.reverse,
        levels: args.levels.clone(),
        min_level: args.min_level,
        min_mof_class: args.min_mof_class,
    };
    // Check the grid before any reading.
    if let Some(ids) = &options.grid {
        for id in ids {
            if !rubrics.iter().any(|r| &r.id == id) {
                return Err(Error::UnknownRubric {
                    id: id.clone(),
                    valid: format!(
                        "{} (the grid uses the rubrics of the comparison; add others with --rubric), or none",
                        rubrics
                            .iter()
                            .map(|r| r.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
                .into());
            }
        }
    }
    let entries = scan_all(
        &targets,
        &rubrics,
        settings::jobs(&args.batch),
        settings::context(args.batch.offline, &args.batch.follow),
        verbose,
    );
    let failed: Vec<(String, String)> = entries
        .iter()
        .filter_map(|e| {
            e.result
                .as_ref()
                .err()
                .map(|err| (e.target.clone(), err.to_string()))
        })
        .collect();
    let comparison = compare::build(entries, &rubrics, &options)?;
    let s = Settings::of(&args.out);
    let text = render::comparison(&comparison, args.format, &s.style)?;
    emit(&text, args.out.output.as_deref())?;
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for (target, err) in &failed {
            eprintln!("openness: error: {}: {}", line(target), controls::text(err));
        }
        eprintln!(
            "openness: {} of {} targets could not be scanned (they are rows with their error)",
            failed.len(),
            targets.len()
        );
        Ok(ExitCode::from(2))
    }
}
