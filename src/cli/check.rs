//! `openness check --policy FILE TARGET... [--from FILE]`: a CI gate. Exit 0 when every model
//! passes, 1 when a rule of severity `error` fails (or a model cannot be read), 2 on an error
//! (a bad policy, target list or baseline; with `--strict`, a model that cannot be read).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use openness::batch::{self, Listed, SharedScanner};
use openness::check::{self, CheckRun};
use openness::controls::line;
use openness::policy::{self, Date, ModelStatus, Policy};
use openness::render::{self, CheckFormat};
use openness::{Error, rubric};

use super::CheckArgs;
use super::output::{CliError, emit};
use super::settings::{self, Settings};

pub fn run(args: CheckArgs, verbose: u8) -> Result<ExitCode, CliError> {
    let quiet = settings::quiet();
    if args.init {
        return init(&args);
    }
    let policy_path = match &args.policy {
        Some(p) => p.clone(),
        None => {
            let cwd = std::env::current_dir().map_err(|e| {
                usage(&format!(
                    "no --policy given, and the working directory cannot be read to look for one: {e}"
                ))
            })?;
            let found = discover_policy(&cwd).ok_or_else(|| {
                usage(&format!(
                    "no policy: give one with --policy FILE, or put {} in this directory or a parent (write a starter with `openness check --init --output {}`)",
                    POLICY_NAMES.join(" or "),
                    POLICY_NAMES[0]
                ))
            })?;
            if !quiet {
                eprintln!(
                    "openness: using the policy {}",
                    line(&found.display().to_string())
                );
            }
            found
        }
    };
    // Everything that can be wrong with the inputs is reported before any model is read.
    let policy = Policy::load(&policy_path)?;
    let today = Date::today(args.today.as_deref()).map_err(|e| usage(&e))?;
    let baseline = match &args.baseline {
        Some(p) => Some((p.display().to_string(), check::load_baseline(p)?)),
        None => None,
    };
    let entries = settings::targets(&args.targets, &args.batch.from)?;
    let entries = if args.cards {
        let cards = super::cards::select(entries, quiet);
        if cards.is_empty() {
            if !quiet {
                eprintln!("openness: no model card among the files; nothing to check");
            }
            return Ok(ExitCode::SUCCESS);
        }
        cards
    } else {
        entries
    };
    if entries.is_empty() {
        return Err(usage(
            "no models to check: give TARGET arguments or --from FILE (one target per line)",
        ));
    }
    let (entries, repeats) = batch::dedup(entries);
    if !quiet {
        for r in &repeats {
            let at = r
                .origin
                .as_ref()
                .map(|o| format!(" ({}:{})", line(&o.file), o.line))
                .unwrap_or_default();
            eprintln!(
                "openness: warning: `{}` is listed more than once{at}; checked once",
                line(&r.target)
            );
        }
    }
    let entries = match args.shard {
        Some(s) => s.select(entries),
        None => entries,
    };
    let rubrics = rubric::default_rubrics()?;
    // One context (each provider's HTTP client and cache), shared by every worker and reused
    // between runs through the cache directory.
    let scanner = SharedScanner::with_context(
        rubrics,
        settings::context(args.batch.offline, &args.batch.follow),
    );
    let progress = Progress::new(entries.len(), quiet, verbose > 0);
    let options = check::CheckOptions {
        jobs: settings::jobs(&args.batch),
        strict: args.strict,
        shard: args.shard,
        today,
        baseline: baseline.as_ref().map(|(f, b)| (f.as_str(), b)),
    };
    let result = check::run(&policy, &entries, &scanner, &options, |n, e, v| {
        progress.update(n, e, v)
    });
    progress.finish();
    settings::print_requests(&scanner.context().requests(), verbose);

    let mut s = Settings::of(&args.out);
    // The terminal summary is never wrapped to a width.
    s.style.width = None;
    emit(
        &render::check(&result, args.format, &s.style)?,
        args.out.output.as_deref(),
    )?;
    if !quiet && (args.format != CheckFormat::Terminal || args.out.output.is_some()) {
        eprintln!("{}", one_line(&result));
    }
    Ok(ExitCode::from(result.exit_code))
}

/// The names a policy is found by, in this order, in the working directory or a parent.
const POLICY_NAMES: [&str; 2] = ["openness-policy.yaml", ".openness-policy.yaml"];

/// The policy of `dir` or of its nearest parent that has one (as ruff finds its configuration):
/// the first of [`POLICY_NAMES`] that is a file, in the deepest directory that has one.
fn discover_policy(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    dir.ancestors()
        .find_map(|d| POLICY_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()))
}

fn usage(message: &str) -> CliError {
    CliError::Lib(Error::Usage(message.to_string()))
}

fn init(args: &CheckArgs) -> Result<ExitCode, CliError> {
    if args.policy.is_some() || !args.targets.is_empty() || !args.batch.from.is_empty() {
        return Err(usage(
            "--init writes a starter policy and checks nothing; run it without --policy, targets or --from",
        ));
    }
    // Only an existing regular file is kept; `-`, a device or a FIFO is written to.
    if let Some(path) = &args.out.output
        && std::fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir())
        && path.as_os_str() != "-"
    {
        return Err(usage(&format!(
            "{} exists; --init does not overwrite a policy (remove it or pick another --output)",
            line(&path.display().to_string())
        )));
    }
    emit(policy::STARTER, args.out.output.as_deref())?;
    if let Some(path) = &args.out.output
        && path.as_os_str() != "-"
        && !settings::quiet()
    {
        let found = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| POLICY_NAMES.contains(&n));
        let path = line(&path.display().to_string()).into_owned();
        if found {
            eprintln!(
                "openness: wrote a starter policy to {path}; `openness check TARGET...` in that directory (or below) uses it"
            );
        } else {
            eprintln!(
                "openness: wrote a starter policy to {path}; check with `openness check --policy {path} TARGET...`"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
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

    fn update(&self, n: usize, entry: &Listed, verdict: &policy::Verdict) {
        let status = match verdict.status {
            ModelStatus::Pass if verdict.warnings() > 0 => "pass (with warnings)",
            s => s.as_str(),
        };
        match self {
            Progress::Bar(bar) => {
                bar.set_position(n as u64);
                bar.set_message(format!("{}: {status}", line(&entry.target)));
            }
            Progress::Lines { total, lock } => {
                let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                eprintln!("openness: [{n}/{total}] {}: {status}", line(&entry.target));
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
