//! `openness check --policy FILE TARGET... [--from FILE]`: a CI gate. Exit 0 when every model
//! passes, 1 when a rule of severity `error` fails (or a model cannot be read), 2 on an error
//! (a bad policy, target list or baseline; with `--strict`, a model that cannot be read).

use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::{CliError, emit};
use super::{CheckArgs, CheckFormat, ColorChoice};
use crate::batch::{self, Entry, SharedScanner};

/// From this many models on, a batch will meet a standard license text: load the SPDX text store
/// while the first requests are in flight.
const BACKGROUND_STORE_FROM: usize = 16;
use crate::check::{self, CheckRun};
use crate::policy::{self, Date, ModelStatus, Policy};
use crate::render::{self, Style};
use crate::rubric;

pub fn run(args: CheckArgs, verbose: bool) -> Result<ExitCode, CliError> {
    if args.init {
        return init(&args);
    }
    let Some(policy_path) = &args.policy else {
        return Err(usage(
            "give the policy with --policy FILE (write a starter with `openness check --init --output openness-policy.yaml`)",
        ));
    };
    // Everything that can be wrong with the inputs is reported before any model is read.
    let policy = Policy::load(policy_path)?;
    let today = Date::today(args.today.as_deref()).map_err(|e| usage(&e))?;
    let baseline = match &args.baseline {
        Some(p) => Some((p.display().to_string(), check::load_baseline(p)?)),
        None => None,
    };
    let mut entries: Vec<Entry> = args
        .targets
        .iter()
        .map(|t| Entry {
            target: t.clone(),
            origin: None,
        })
        .collect();
    for file in &args.from {
        entries.extend(read_list(file)?);
    }
    if entries.is_empty() {
        return Err(usage(
            "no models to check: give TARGET arguments or --from FILE (one target per line)",
        ));
    }
    let (entries, repeats) = batch::dedup(entries);
    if !args.quiet {
        for r in &repeats {
            let at = r
                .origin
                .as_ref()
                .map(|o| format!(" ({}:{})", o.file, o.line))
                .unwrap_or_default();
            eprintln!(
                "openness: warning: `{}` is listed more than once{at}; checked once",
                r.target
            );
        }
    }
    let entries = match args.shard {
        Some(s) => s.select(entries),
        None => entries,
    };
    let rubrics = rubric::default_rubrics()?;
    // One HTTP client and the Hub cache, shared by every worker and reused between runs through
    // the cache directory.
    let scanner = SharedScanner::new(rubrics, args.offline);
    if entries.len() >= BACKGROUND_STORE_FROM {
        crate::license::store::load_in_background();
    }
    let jobs = args.jobs.unwrap_or(DEFAULT_JOBS).max(1);
    let progress = Progress::new(entries.len(), args.quiet, verbose);
    let options = check::Options {
        jobs,
        strict: args.strict,
        shard: args.shard,
        today,
        baseline: baseline.as_ref().map(|(f, b)| (f.as_str(), b)),
    };
    let result = check::run(&policy, &entries, &scanner, &options, |n, e, v| {
        progress.update(n, e, v)
    });
    progress.finish();

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        CheckFormat::Terminal => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => to_terminal && !no_color,
            };
            render::check::render(&result, Style { color, width: None })
        }
        CheckFormat::Json => render::json::to_sorted_json(&result)?,
        CheckFormat::Sarif => render::sarif::render(
            &result,
            &render::sarif::SarifOptions {
                base: std::env::current_dir().ok(),
            },
        )?,
        CheckFormat::Junit => render::junit::render(&result),
    };
    emit(&text, args.output.as_deref())?;
    if !args.quiet && (args.format != CheckFormat::Terminal || args.output.is_some()) {
        eprintln!("{}", one_line(&result));
    }
    Ok(ExitCode::from(result.exit_code))
}

/// Targets at once, by default: reading a model is mostly waiting for files or the network.
const DEFAULT_JOBS: usize = 8;

fn usage(message: &str) -> CliError {
    CliError::Lib(crate::Error::Target(message.to_string()))
}

fn init(args: &CheckArgs) -> Result<ExitCode, CliError> {
    if args.policy.is_some() || !args.targets.is_empty() || !args.from.is_empty() {
        return Err(usage(
            "--init writes a starter policy and checks nothing; run it without --policy, targets or --from",
        ));
    }
    if let Some(path) = &args.output
        && path.exists()
    {
        return Err(usage(&format!(
            "{} exists; --init does not overwrite a policy (remove it or pick another --output)",
            path.display()
        )));
    }
    emit(policy::STARTER, args.output.as_deref())?;
    if let Some(path) = &args.output
        && !args.quiet
    {
        eprintln!(
            "openness: wrote a starter policy to {}; check with `openness check --policy {} TARGET...`",
            path.display(),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn read_list(file: &std::path::Path) -> Result<Vec<Entry>, CliError> {
    let name = file.display().to_string();
    let text = if name == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| {
            crate::Error::Data(format!(
                "cannot read the target list from standard input: {e}"
            ))
        })?;
        s
    } else {
        std::fs::read_to_string(file).map_err(|e| {
            crate::Error::Data(format!(
                "{name}: cannot read the target list: {e} (one target per line, `#` for comments)"
            ))
        })?
    };
    Ok(batch::parse_list(&text, &name))
}

fn one_line(run: &CheckRun) -> String {
    let c = run.counts;
    format!(
        "openness check: {} models: {} passed, {} failed, {} could not be read; {} warnings (exit code {})",
        c.models, c.passed, c.failed, c.errors, c.warnings, run.exit_code
    )
}

/// Progress on stderr: a bar on a terminal, one quiet line per model otherwise, nothing with
/// `--quiet`.
enum Progress {
    Bar(ProgressBar),
    Lines { total: usize, lock: Mutex<()> },
    Off,
}

impl Progress {
    fn new(total: usize, quiet: bool, verbose: bool) -> Progress {
        if quiet {
            Progress::Off
        } else if std::io::stderr().is_terminal() && !verbose {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            Progress::Bar(bar)
        } else {
            Progress::Lines {
                total,
                lock: Mutex::new(()),
            }
        }
    }

    fn update(&self, n: usize, entry: &Entry, verdict: &policy::Verdict) {
        let status = match verdict.status {
            ModelStatus::Pass if verdict.warnings() > 0 => "pass (with warnings)",
            s => s.as_str(),
        };
        match self {
            Progress::Bar(bar) => {
                bar.set_position(n as u64);
                bar.set_message(format!("{}: {status}", entry.target));
            }
            Progress::Lines { total, lock } => {
                let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                eprintln!("openness: [{n}/{total}] {}: {status}", entry.target);
            }
            Progress::Off => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
