//! `openness compare TARGET... [--from FILE]`: scan many models (a target that fails to load
//! becomes a row with its error; the others go on) and render them side by side. Exit 2 at the
//! end when any target failed.

use std::process::ExitCode;

use clap::Args;
use openness::Error;
use openness::batch::{self, Entry, Scanner, SharedScanner};
use openness::compare::{self, Row, RowMaker, Scanned, SortKey, ViewOptions};
use openness::component::MofClass;
use openness::controls::{self, line};
use openness::jsonl::{self, CompareHead, CompareRecord};
use openness::level::Level;
use openness::render::{self, CompareFormat};

use super::output::{CliError, LineOut, emit};
use super::settings::{self, Settings};
use super::targets;
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
    #[arg(value_name = "TARGET", required_unless_present_any = ["from", "from_hub"])]
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
    #[command(flatten)]
    pub view: ViewArgs,
}

/// How a comparison's rows are ordered and filtered (compare, and merge of its shards).
#[derive(Debug, Args)]
pub struct ViewArgs {
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

impl ViewArgs {
    /// The view these options and a grid give.
    pub fn options(&self, grid: Option<Vec<String>>) -> ViewOptions {
        ViewOptions {
            grid,
            sort: self.sort,
            reverse: self.reverse,
            levels: self.levels.clone(),
            min_level: self.min_level,
            min_mof_class: self.min_mof_class,
        }
    }
}

fn parse_level(s: &str) -> Result<Level, String> {
    s.trim().parse()
}

/// Scan every entry, `jobs` at a time, sharing one context; each model's row is handed to
/// `sink(row)` in input order as soon as it is ready (the report itself is dropped in the
/// worker). Returns the failures (target, error) and how many models were read.
fn scan_rows(
    entries: targets::Stream,
    maker: &RowMaker,
    scanner: &SharedScanner,
    jobs: usize,
    verbose: u8,
    progress: &Progress,
    mut sink: impl FnMut(Row),
) -> (Vec<(String, String)>, usize) {
    let mut failed = Vec::new();
    let mut scanned = 0;
    let name = |e: &Entry| match e {
        Ok(l) => l.target.clone(),
        Err(le) => le.list.clone(),
    };
    batch::stream(
        entries,
        jobs,
        |(position, e): &(usize, Entry)| {
            let result = match e {
                Ok(l) => scanner.scan(&l.target),
                Err(le) => Err(Error::Source {
                    target: le.list.clone(),
                    message: le.message.clone(),
                }),
            };
            maker.row(
                position + 1,
                Scanned {
                    target: name(e),
                    result,
                },
            )
        },
        // A bug that panics on one model must not lose the others' rows.
        |(position, e), message| {
            maker.row(position + 1, Scanned {
                target: name(e),
                result: Err(Error::Source {
                    target: name(e),
                    message: format!(
                        "internal error while scanning ({message}; a bug in openness, please report it with this target)"
                    ),
                }),
            })
        },
        |n, (_, e), row| {
            progress.update(n);
            if verbose > 0 {
                match (&row.error, row.level) {
                    (Some(err), _) => {
                        eprintln!("openness: {}: {}", line(&name(e)), controls::text(err))
                    }
                    (None, Some(level)) => {
                        eprintln!("openness: scanned {}: {level}", line(&name(e)))
                    }
                    (None, None) => {}
                }
            }
        },
        |_, _, row| {
            scanned += 1;
            if let Some(err) = &row.error {
                failed.push((row.target.clone(), err.clone()));
            }
            sink(row);
        },
    );
    progress.finish();
    settings::print_requests(&scanner.context().requests(), verbose);
    (failed, scanned)
}

pub fn run(args: CompareArgs, verbose: u8) -> Result<ExitCode, CliError> {
    let rubrics = settings::rubrics(&args.rubrics)?;
    let grid = match args.grid.as_slice() {
        [] => None,
        [none] if none == "none" => Some(Vec::new()),
        ids => Some(ids.iter().map(|s| s.trim().to_string()).collect()),
    };
    let options = args.view.options(grid);
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
    let streamed = args.format == CompareFormat::Jsonl;
    if streamed && (args.view.sort != SortKey::Input || args.view.reverse) {
        return Err(Error::Usage(
            "--format jsonl writes each row as it is scanned, in input order: sort when reading it (`openness merge FILE --sort KEY`)".into(),
        )
        .into());
    }
    let ctx = settings::context(args.batch.offline, &args.batch.follow);
    let mut entries = targets::open(
        &targets::Sources {
            args: &args.targets,
            from: &args.batch.from,
            from_hub: args.batch.from_hub.as_ref(),
            shard: args.batch.shard,
            quiet: settings::quiet(),
        },
        &ctx,
    )?;
    if entries.peek().is_none() {
        return Err(Error::Usage(
            "no targets to compare: give TARGETs, a --from file with one target per line, or --from-hub FILTERS".into(),
        )
        .into());
    }
    let (frame, maker) = RowMaker::new(&rubrics, &options)?;
    let jobs = settings::jobs(&args.batch);
    let scanner = SharedScanner::with_context(rubrics.clone(), ctx);
    let progress = Progress::new(verbose > 0);
    let (failed, scanned) = if streamed {
        let mut out = LineOut::open(args.out.output.as_deref())?;
        let head = CompareRecord::Compare(CompareHead {
            frame,
            shard: args.batch.shard,
        });
        out.write(&jsonl::line(&head)?);
        let mut failure = None;
        let mut filtered_out = 0;
        let (failed, scanned) =
            scan_rows(entries, &maker, &scanner, jobs, verbose, &progress, |row| {
                if !compare::keep_row(&row, &options) {
                    filtered_out += 1;
                    return;
                }
                match jsonl::line(&CompareRecord::Row(row)) {
                    Ok(text) => out.write(&text),
                    Err(e) => failure = Some(e),
                }
            });
        if let Some(e) = failure {
            return Err(e.into());
        }
        out.write(&jsonl::line(&CompareRecord::End {
            scanned,
            filtered_out,
        })?);
        out.finish()?;
        (failed, scanned)
    } else {
        let mut rows = Vec::new();
        let (failed, scanned) =
            scan_rows(entries, &maker, &scanner, jobs, verbose, &progress, |row| {
                rows.push(row)
            });
        let comparison = compare::finish(frame, rows, scanned, 0, &options);
        let s = Settings::of(&args.out);
        let text = render::comparison(&comparison, args.format, &s.style)?;
        emit(&text, args.out.output.as_deref())?;
        (failed, scanned)
    };
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for (target, err) in &failed {
            eprintln!("openness: error: {}: {}", line(target), controls::text(err));
        }
        eprintln!(
            "openness: {} of {} targets could not be scanned (they are rows with their error)",
            failed.len(),
            scanned
        );
        Ok(ExitCode::from(2))
    }
}

/// Progress on a terminal: a spinner with the count of models compared (nothing when standard
/// error is not a terminal, or with --verbose, which prints a line per model).
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(verbose: bool) -> Progress {
        use std::io::IsTerminal;
        if verbose || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} models compared")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Progress(Some(bar))
    }

    fn update(&self, n: usize) {
        if let Some(bar) = &self.0 {
            bar.set_position(n as u64);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
