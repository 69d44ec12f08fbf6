//! The command line (part of the binary, not of the library): clap definitions, the settings
//! every subcommand shares, decided once ([`settings`]), and one module per subcommand calling
//! the library.

mod badge;
mod cards;
mod check;
mod compare;
mod diff;
mod explain;
mod license;
mod merge;
mod output;
mod rubric;
mod scan;
mod settings;
mod targets;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use openness::render::{CheckFormat, DiffFormat, ListFormat, ScanFormat, ShowFormat};

pub use output::CliError;

/// Tells the truth about how open an AI model is: open weights or open source, scored against
/// OSI's Open Source AI Definition 1.0 and the Model Openness Framework 1.0, with evidence for
/// every finding.
#[derive(Debug, Parser)]
#[command(name = "openness", version = env!("OPENNESS_VERSION"), max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 done (whatever the verdict), 1 a policy check failed, 2 an error.\nDocs: README.md; a criterion: `openness explain mof-1.0/model-parameters-final`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Say more on stderr: -v what was read and the HTTP requests per host; -vv also the requests
    /// per model, dataset or repository, and the retries' waits.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Say nothing on stderr but errors: no progress, warnings or summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan one model and report how open it is.
    #[command(
        after_help = "TARGET is a directory laid out like a Hub model repository (README.md, LICENSE, config.json, weights),\na model card (.md), a Model Openness Tool manifest (.yml/.yaml),\nhf-cache:ORG/NAME[@REV] for a snapshot in the Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub),\nor hf:ORG/NAME[@REV] (or ORG/NAME, a legacy name such as gpt2, or a page address https://huggingface.co/ORG/NAME[/tree/REV]) for a model on the Hub.\nHub: HF_ENDPOINT (a mirror or a local server), HF_TOKEN (else $HF_HOME/token) for gated and private models,\nHF_HUB_OFFLINE=1 or --offline to read the cache only. --verbose prints the HTTP requests made, per host.\nThe links of a Hub model's card are followed (GitHub repositories at GITHUB_API_URL with GITHUB_TOKEN or GH_TOKEN,\narXiv papers at OPENNESS_ARXIV_URL), cached under OPENNESS_CACHE (else ~/.cache/openness); --no-follow turns it off,\n--follow-links turns it on for local targets.\n`--format mot` writes a MOT manifest listing only what the scan supports.\n`--format cyclonedx` (CycloneDX 1.6) or `spdx3` (SPDX 3.0.1) writes an AI bill of materials, with\nno time unless --timestamp or SOURCE_DATE_EPOCH gives one (the same scan gives the same bytes)."
    )]
    Scan(ScanArgs),
    /// List, show or check rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Explain a criterion: what it checks, why it matters, how to meet it.
    Explain(ExplainArgs),
    /// Compare models side by side: level, verdicts, and a grid of open / partial / closed /
    /// unknown cells per MOF component and OSAID requirement.
    Compare(compare::CompareArgs),
    /// Make an SVG badge (shields.io style) of a model's openness level, MOF class or OSAID verdict.
    Badge(badge::BadgeArgs),
    /// Check models against a policy (a CI gate): exit 0 all pass, 1 a policy violation, 2 an error.
    #[command(
        after_help = "Exit codes: 0 every model passes; 1 a rule of severity `error` failed, or a model could not be read;\n2 an error: a bad policy, target list or baseline, or (with --strict) a model that could not be read.\nStart with `openness check --init --output openness-policy.yaml`. The terminal summary lists failures first, one short line\nper failed rule, warnings counted per rule; -v adds every rule's whole reason. --format github writes GitHub Actions annotations.\nDocs: README.md, \"openness check\"."
    )]
    Check(CheckArgs),
    /// What changed between two reports of a model: licenses, components, verdicts (better/worse).
    #[command(
        after_help = "OLD and NEW are report files (`openness scan TARGET --format json --output old.json`) or targets to scan now,\ne.g. two revisions: hf-cache:ORG/NAME@REV1 hf-cache:ORG/NAME@REV2. Exit 0, or 1 with --fail-on-worse when something got worse."
    )]
    Diff(DiffArgs),
    /// Join the jsonl outputs of a check's or a comparison's shards into one result, in any of
    /// its formats.
    Merge(merge::MergeArgs),
    /// Identify license texts, show a license's facts, list the license catalog.
    #[command(subcommand)]
    License(license::LicenseCommand),
    /// Print a shell completion script (e.g. `openness completions bash > ~/.local/share/bash-completion/completions/openness`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), of the tool or of one command (e.g. `openness man check | man -l -`).
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command, for its own page (scan, check, ...); the tool's page without it.
    pub command: Option<String>,
    /// Write the page to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// When to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set or TERM is `dumb`; CLICOLOR_FORCE or FORCE_COLOR
    /// turn it on anywhere.
    Auto,
    Always,
    Never,
}

/// Options every subcommand that writes a result shares.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write the result to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour in terminal output (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Options of subcommands that read many models.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Read targets from FILE: one per line; blank lines and `#` comments (at the start of a line
    /// or after a space) are skipped; `-` is standard input. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub from: Vec<PathBuf>,
    /// Models read at once [default: 8].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Make no network request: read Hub models from the cache only (also HF_HUB_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
    #[command(flatten)]
    pub follow: FollowArgs,
    /// Also the models of a Hub listing, read page by page as the run goes: filters
    /// author=ORG, search=TEXT, library=NAME, pipeline_tag=TASK, tag=TAG (repeatable),
    /// sort=downloads|likes|created|modified|trending, limit=N, separated by commas; `all`
    /// lists every model.
    #[arg(long, value_name = "FILTERS", value_parser = parse_hub_query)]
    pub from_hub: Option<openness::source::hub::list::ListQuery>,
    /// Only shard K of N (1-based): target i of the list (0-based) goes to shard i mod N + 1;
    /// index=I/N counts the shard from 0 (Kubernetes: index=$(JOB_COMPLETION_INDEX)/N); a model
    /// of --from-hub goes by a hash of its id. `openness merge` joins the shards'
    /// jsonl outputs.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<openness::batch::Shard>,
}

fn parse_hub_query(s: &str) -> Result<openness::source::hub::list::ListQuery, String> {
    s.parse()
}

/// How the links of model cards (GitHub repositories, arXiv papers, Hub datasets) are followed.
#[derive(Debug, Args)]
pub struct FollowArgs {
    /// Follow the links of local models' cards too (a local scan makes no request otherwise).
    #[arg(long, conflicts_with = "no_follow")]
    pub follow_links: bool,
    /// Follow no card's links, for Hub models either: judge from the card alone.
    #[arg(long)]
    pub no_follow: bool,
    /// The model's own linked repositories read per model [default: 8].
    #[arg(long, value_name = "N")]
    pub follow_budget: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dump {
    /// What the source read (files, texts, metadata).
    Snapshot,
    /// The extracted facts with their sources.
    Evidence,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The model: a directory, a card (.md), a MOT manifest (.yml), hf-cache:ORG/NAME[@REV],
    /// hf:ORG/NAME[@REV] or ORG/NAME.
    pub target: String,
    /// Make no network request: read Hub models from the cache only (like HF_HUB_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
    #[command(flatten)]
    pub follow: FollowArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ScanFormat::Terminal)]
    pub format: ScanFormat,
    #[command(flatten)]
    pub out: OutputArgs,
    /// A rubric id (see `openness rubric list`) or a rubric YAML file; repeatable.
    /// Default: osaid-1.0, mof-1.0 and eu-ai-act-53-2 (and mof-1.0-mot for a MOT manifest).
    #[arg(short, long = "rubric", value_name = "ID|FILE")]
    pub rubrics: Vec<String>,
    /// Print an intermediate stage as JSON instead of the report.
    #[arg(long, value_enum)]
    pub dump: Option<Dump>,
    /// The time the bills of materials (cyclonedx, spdx3) state: `now`, seconds since 1970, or
    /// YYYY-MM-DDTHH:MM:SSZ [default: $SOURCE_DATE_EPOCH, else none in CycloneDX and
    /// 1970-01-01T00:00:00Z in SPDX, so the same scan gives the same bytes].
    #[arg(long, value_name = "TIME")]
    pub timestamp: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List the built-in rubrics.
    List {
        #[arg(short, long, value_enum, default_value_t = ListFormat::Terminal)]
        format: ListFormat,
    },
    /// Show a rubric's criteria (a built-in id or a YAML file).
    Show {
        /// Rubric id or file.
        rubric: String,
        #[arg(short, long, value_enum, default_value_t = ShowFormat::Terminal)]
        format: ShowFormat,
    },
    /// Check a rubric file: exit 0 when valid, 2 with file:line:column errors when not.
    Check {
        /// Rubric YAML file.
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// `RUBRIC/CRITERION` (e.g. `mof-1.0/model-parameters-final`), or a criterion id alone when
    /// only one rubric has it.
    pub criterion: String,
    /// Also look in this rubric file.
    #[arg(short, long = "rubric", value_name = "ID|FILE")]
    pub rubrics: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Models: directories, hf-cache:ORG/NAME[@REV], ORG/NAME[@REV], github:OWNER/NAME[@REF].
    pub targets: Vec<String>,
    /// The policy file (YAML; see --init). Without it, openness-policy.yaml or
    /// .openness-policy.yaml in the working directory or its nearest parent that has one.
    #[arg(short, long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Write a commented starter policy (to standard output or --output) and exit.
    #[arg(long)]
    pub init: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Terminal)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub out: OutputArgs,
    /// A model that cannot be read is an error (exit 2) instead of a failure (exit 1).
    #[arg(long)]
    pub strict: bool,
    /// A previous `check --format json` output: fail only on what got worse since.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// The date exceptions expire against [default: $OPENNESS_TODAY, else today (UTC)].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// TARGETs are changed files (a pre-commit hook): Markdown files with model card front
    /// matter are checked (a README.md as its folder), other files skipped; none left is exit 0.
    #[arg(long)]
    pub cards: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older report (a `scan --format json` file) or a target.
    pub old: String,
    /// The newer report or target.
    pub new: String,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = DiffFormat::Terminal)]
    pub format: DiffFormat,
    /// Write the result to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when anything got worse.
    #[arg(long)]
    pub fail_on_worse: bool,
}

fn parse_shard(s: &str) -> Result<openness::batch::Shard, String> {
    s.parse()
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let verbose = cli.verbose;
    settings::set_quiet(cli.quiet);
    match cli.command {
        Command::Scan(args) => scan::run(args, verbose),
        Command::Rubric(cmd) => rubric::run(cmd),
        Command::Explain(args) => explain::run(args),
        Command::Compare(args) => compare::run(args, verbose),
        Command::Badge(args) => badge::run(args),
        Command::Check(args) => check::run(args, verbose),
        Command::Diff(args) => diff::run(args),
        Command::Merge(args) => merge::run(args, verbose),
        Command::License(cmd) => license::run(cmd, verbose),
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "openness", &mut out);
            output::emit(&String::from_utf8_lossy(&out), None)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => man(&args),
    }
}

/// The manual page of the tool, or of one of its commands (`openness-check(1)`).
fn man(args: &ManArgs) -> Result<ExitCode, CliError> {
    let root = <Cli as clap::CommandFactory>::command();
    let cmd = match &args.command {
        None => root,
        Some(name) => {
            let names: Vec<String> = root
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let sub = root.find_subcommand(name).cloned().ok_or_else(|| {
                CliError::Lib(openness::Error::Usage(format!(
                    "no command `{name}`; commands: {}",
                    names.join(", ")
                )))
            })?;
            // One page per process: the name may live as long as the process.
            let full: &'static str = format!("openness-{}", sub.get_name()).leak();
            sub.name(full).bin_name(full)
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out).map_err(|e| {
        CliError::Lib(openness::Error::Usage(format!(
            "cannot write the page: {e}"
        )))
    })?;
    output::emit(&String::from_utf8_lossy(&out), args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}
