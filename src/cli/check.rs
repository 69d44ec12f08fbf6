//! `openness check --policy FILE TARGET... [--from FILE]`: a CI gate. Exit 0 when every model
//! passes, 1 when a rule of severity `error` fails (or a model cannot be read), 2 on an error
//! (a bad policy, target list or baseline; with `--strict`, a model that cannot be read).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use openness::batch::SharedScanner;
use openness::check;
use openness::controls::line;
use openness::jsonl::{self, CheckRecord};
use openness::policy::{self, Date, ModelStatus, Policy};
use openness::render::{self, CheckFormat};
use openness::{Error, rubric};

use super::CheckArgs;
use super::output::{CliError, LineOut, emit};
use super::settings::{self, Settings};
use super::targets;

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
    // `--cards`: the changed files a pre-commit hook passes, kept when they are model cards.
    let card_targets: Vec<String>;
    let arg_targets: &[String] = if args.cards {
        let files = args
            .targets
            .iter()
            .map(|t| openness::batch::Listed {
                target: t.clone(),
                origin: None,
            })
            .collect();
        let cards = super::cards::select(files, quiet);
        if cards.is_empty() && args.batch.from.is_empty() && args.batch.from_hub.is_none() {
            if !quiet {
                eprintln!("openness: no model card among the files; nothing to check");
            }
            return Ok(ExitCode::SUCCESS);
        }
        card_targets = cards.into_iter().map(|l| l.target).collect();
        &card_targets
    } else {
        &args.targets
    };
    let ctx = settings::context(args.batch.offline, &args.batch.follow);
    let mut entries = targets::open(
        &targets::Sources {
            args: arg_targets,
            from: &args.batch.from,
            from_hub: args.batch.from_hub.as_ref(),
            shard: args.batch.shard,
            quiet,
        },
        &ctx,
    )?;
    if entries.peek().is_none() {
        return Err(usage(
            "no models to check: give TARGET arguments, --from FILE (one target per line) or --from-hub FILTERS",
        ));
    }
    let rubrics = rubric::default_rubrics()?;
    // One context (each provider's HTTP client and cache), shared by every worker and reused
    // between runs through the cache directory.
    let scanner = SharedScanner::with_context(rubrics, ctx);
    let progress = Progress::new(quiet, verbose > 0);
    let options = check::CheckOptions {
        jobs: settings::jobs(&args.batch),
        strict: args.strict,
        shard: args.batch.shard,
        today,
        baseline: baseline.as_ref().map(|(f, b)| (f.as_str(), b)),
    };
    let head = check::CheckHead::new(&policy, &options);
    let update = |n: usize, target: &str, v: &policy::Verdict| progress.update(n, target, v);
    let (counts, exit_code) = if args.format == CheckFormat::Jsonl {
        // Each model's line as soon as it and those before it are done; only the counts kept.
        let mut out = LineOut::open(args.out.output.as_deref())?;
        out.write(&jsonl::line(&CheckRecord::Check(head.clone()))?);
        let mut counts = check::Counts::default();
        let mut failure = None;
        check::stream(
            &policy,
            entries,
            &scanner,
            &options,
            update,
            |position, m| {
                counts.add(&m);
                let root = m.verdict.root.clone();
                match jsonl::line(&CheckRecord::Model {
                    position,
                    root,
                    check: m,
                }) {
                    Ok(text) => out.write(&text),
                    Err(e) => failure = Some(e),
                }
            },
        );
        progress.finish();
        if let Some(e) = failure {
            return Err(e.into());
        }
        let exit_code = counts.exit_code(head.strict);
        out.write(&jsonl::line(&CheckRecord::End { counts, exit_code })?);
        out.finish()?;
        (counts, exit_code)
    } else {
        let mut models = Vec::new();
        check::stream(&policy, entries, &scanner, &options, update, |_, m| {
            models.push(m)
        });
        progress.finish();
        let result = check::assemble(head, models);
        let mut s = Settings::of(&args.out);
        // The terminal summary is never wrapped to a width.
        s.style.width = None;
        emit(
            &render::check_detailed(&result, args.format, &s.style, verbose > 0)?,
            args.out.output.as_deref(),
        )?;
        (result.counts, result.exit_code)
    };
    settings::print_requests(&scanner.context().requests(), verbose);
    if !quiet && (args.format != CheckFormat::Terminal || args.out.output.is_some()) {
        eprintln!("{}", one_line(&counts, exit_code));
    }
    Ok(ExitCode::from(exit_code))
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

fn one_line(c: &check::Counts, exit_code: u8) -> String {
    format!(
        "openness check: {} models: {} passed, {} failed, {} could not be read; {} warnings (exit code {exit_code})",
        c.models, c.passed, c.failed, c.errors, c.warnings
    )
}

/// Progress on stderr: a spinner with the count on a terminal (the list is read as the run
/// goes, so its length is not known), one quiet line per model otherwise, nothing with
/// `--quiet`.
enum Progress {
    Bar(ProgressBar),
    Lines(Mutex<()>),
    Off,
}

impl Progress {
    fn new(quiet: bool, verbose: bool) -> Progress {
        if quiet {
            Progress::Off
        } else if std::io::stderr().is_terminal() && !verbose {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {pos} checked {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            Progress::Bar(bar)
        } else {
            Progress::Lines(Mutex::new(()))
        }
    }

    fn update(&self, n: usize, target: &str, verdict: &policy::Verdict) {
        let status = match verdict.status {
            ModelStatus::Pass if verdict.warnings() > 0 => "pass (with warnings)",
            s => s.as_str(),
        };
        match self {
            Progress::Bar(bar) => {
                bar.set_position(n as u64);
                bar.set_message(format!("{}: {status}", line(target)));
            }
            Progress::Lines(lock) => {
                let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                eprintln!("openness: [{n}] {}: {status}", line(target));
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
