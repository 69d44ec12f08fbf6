//! Command-line definitions (clap) and the dispatch to one module per subcommand. Raw arguments
//! become checked settings here; the subcommands call the library.

mod explain;
mod license;
mod output;
mod rubric;
mod scan;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use output::CliError;

/// Tells the truth about how open an AI model is: open weights or open source, scored against
/// OSI's Open Source AI Definition 1.0 and the Model Openness Framework 1.0, with evidence for
/// every finding.
#[derive(Debug, Parser)]
#[command(name = "openness", version, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 done (whatever the verdict), 1 a policy check failed, 2 an error.\nDocs: README.md; a criterion: `openness explain mof-1.0/model-parameters-final`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Say on stderr what was read and how.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan one model and report how open it is.
    #[command(
        after_help = "TARGET is a directory laid out like a Hub model repository (README.md, LICENSE, config.json, weights),\nor hf-cache:ORG/NAME[@REV] for a snapshot in the Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub)."
    )]
    Scan(ScanArgs),
    /// List, show or check rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Explain a criterion: what it checks, why it matters, how to meet it.
    Explain(ExplainArgs),
    /// Identify license texts, show a license's facts, list the license catalog.
    #[command(subcommand)]
    License(license::LicenseCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Terminal,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dump {
    /// What the source read (files, texts, metadata).
    Snapshot,
    /// The extracted facts with their sources.
    Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The model: a directory, hf-cache:ORG/NAME[@REV].
    pub target: String,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ScanFormat::Terminal)]
    pub format: ScanFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A rubric id (see `openness rubric list`) or a rubric YAML file; repeatable.
    /// Default: osaid-1.0, mof-1.0 and eu-ai-act-53-2.
    #[arg(short, long = "rubric", value_name = "ID|FILE")]
    pub rubrics: Vec<String>,
    /// Print an intermediate stage as JSON instead of the report.
    #[arg(long, value_enum)]
    pub dump: Option<Dump>,
    /// Colour in the terminal report (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Terminal,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Terminal,
    Json,
    Yaml,
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

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Scan(args) => scan::run(args, cli.verbose),
        Command::Rubric(cmd) => rubric::run(cmd),
        Command::Explain(args) => explain::run(args),
        Command::License(cmd) => license::run(cmd, cli.verbose),
    }
}
