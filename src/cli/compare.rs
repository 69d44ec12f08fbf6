//! `openness compare TARGET... [--from FILE]`: scan many models (a target that fails to load
//! becomes a row with its error; the others go on) and render them side by side. Exit 2 at the
//! end when any target failed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::ColorChoice;
use super::output::{CliError, emit};
use crate::compare::{self, Entry, Options, SortKey};
use crate::component::MofClass;
use crate::level::Level;
use crate::render::{self, Style, TableFormat};
use crate::rubric::{self, Rubric};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A table for the terminal (each grid rubric as a strip of symbols).
    Terminal,
    /// A GitHub-flavoured Markdown table with its legend.
    Markdown,
    /// RFC 4180 CSV: a header row, one row per model, CRLF line endings.
    Csv,
    /// A booktabs table for a paper (needs booktabs, graphicx, amssymb, array).
    Latex,
    /// One self-contained HTML page: the colour grid, the legend, the evidence per cell.
    Html,
    /// The comparison view model, keys sorted.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    /// As given (the command line, then --from).
    Input,
    /// By name.
    Name,
    /// Most open level first: open-source, open-weights, open-weights-restricted, closed, unknown.
    Level,
    /// OSAID verdict: conformant, insufficient-evidence, not-conformant.
    Osaid,
    /// MOF class, highest first, then progress.
    Mof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassArg {
    #[value(name = "III")]
    Three,
    #[value(name = "II")]
    Two,
    #[value(name = "I")]
    One,
}

#[derive(Debug, Args)]
#[command(
    after_help = "TARGET is whatever `openness scan` accepts: a model directory, a model card (.md), \
hf-cache:ORG/NAME[@REV], ... A target that cannot be read becomes a row with its error; \
the others are still compared, and the exit code is 2 at the end.\n\
Cells: ✓ open (met), ◐ partial (published, declared or linked, but not met or not established), \
✗ closed (not met), ? unknown, – not applicable. See README.md (Compare)."
)]
pub struct CompareArgs {
    /// Read Hub models from the cache only, making no request (also HF_HUB_OFFLINE=1).
    #[arg(long)]
    pub offline: bool,
    /// The models to compare.
    #[arg(value_name = "TARGET", required_unless_present = "from")]
    pub targets: Vec<String>,
    /// Also read targets from FILE, one per line; blank lines and lines starting with `#` are
    /// skipped. `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Terminal)]
    pub format: CompareFormat,
    /// Write the table to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A rubric id or a rubric YAML file; repeatable. Each gives a summary column.
    /// Default: osaid-1.0, mof-1.0 and eu-ai-act-53-2.
    #[arg(short, long = "rubric", value_name = "ID|FILE")]
    pub rubrics: Vec<String>,
    /// The rubrics whose criteria are the grid's columns, comma-separated, in order
    /// (default: mof-1.0,osaid-1.0); `none` for the summary columns only.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub grid: Vec<String>,
    /// Order of the rows (failed targets always come last).
    #[arg(long, value_enum, default_value_t = SortBy::Input)]
    pub sort: SortBy,
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
    pub min_mof_class: Option<ClassArg>,
    /// Colour in the terminal table (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Scan up to N targets at a time.
    #[arg(short, long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

fn parse_level(s: &str) -> Result<Level, String> {
    s.trim().parse()
}

/// Rubrics by id or file, each at most once (the same rules as `openness scan`).
pub(super) fn load_rubrics(specs: &[String]) -> Result<Vec<Rubric>, CliError> {
    if specs.is_empty() {
        return Ok(rubric::default_rubrics()?);
    }
    let mut list: Vec<Rubric> = Vec::new();
    for spec in specs {
        let r = rubric::load(spec)?;
        if let Some(first) = list.iter().find(|x| x.id == r.id) {
            return Err(crate::Error::Data(format!(
                "rubric `{}` is given twice (from {} and {})",
                r.id, first.origin, r.origin
            ))
            .into());
        }
        list.push(r);
    }
    Ok(list)
}

/// Targets from a `--from` file: one per line, `#` comment lines and blank lines skipped.
pub fn parse_target_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn read_target_list(path: &Path) -> Result<Vec<String>, CliError> {
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).map_err(CliError::Io)?
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            crate::Error::Target(format!(
                "cannot read the target list {}: {e}; give a text file with one target per line",
                path.display()
            ))
        })?
    };
    Ok(parse_target_list(&text))
}

/// Scan every target, `jobs` at a time, sharing one Hub client; results in input order.
fn scan_all(
    targets: &[String],
    rubrics: &[Rubric],
    jobs: usize,
    offline: bool,
    verbose: bool,
) -> Vec<Entry> {
    use crate::batch::Scanner;
    let scanner = crate::batch::SharedScanner::new(rubrics.to_vec(), offline);
    crate::batch::run(
        targets,
        jobs,
        |target| Entry {
            target: target.clone(),
            result: scanner.scan(target),
        },
        // A bug that panics on one model must not lose the others' rows.
        |target, message| Entry {
            target: target.clone(),
            result: Err(crate::Error::Source {
                target: target.clone(),
                message: format!(
                    "internal error while scanning ({message}; a bug in openness, please report it with this target)"
                ),
            }),
        },
        |_, target, entry| {
            if verbose {
                match &entry.result {
                    Ok(r) => eprintln!("openness: scanned {target}: {}", r.openness.level),
                    Err(e) => eprintln!("openness: {target}: {e}"),
                }
            }
        },
    )
}

pub fn run(args: CompareArgs, verbose: bool) -> Result<ExitCode, CliError> {
    let rubrics = load_rubrics(&args.rubrics)?;
    let mut targets = args.targets.clone();
    if let Some(path) = &args.from {
        targets.extend(read_target_list(path)?);
    }
    if targets.is_empty() {
        return Err(crate::Error::Target(
            "no targets to compare: give TARGETs or a --from file with one target per line".into(),
        )
        .into());
    }
    let grid = match args.grid.as_slice() {
        [] => None,
        [none] if none == "none" => Some(Vec::new()),
        ids => Some(ids.iter().map(|s| s.trim().to_string()).collect()),
    };
    let options = Options {
        grid,
        sort: match args.sort {
            SortBy::Input => SortKey::Input,
            SortBy::Name => SortKey::Name,
            SortBy::Level => SortKey::Level,
            SortBy::Osaid => SortKey::Osaid,
            SortBy::Mof => SortKey::Mof,
        },
        reverse: args.reverse,
        levels: args.levels.clone(),
        min_level: args.min_level,
        min_mof_class: args.min_mof_class.map(|c| match c {
            ClassArg::Three => MofClass::III,
            ClassArg::Two => MofClass::II,
            ClassArg::One => MofClass::I,
        }),
    };
    // Check the grid before any reading.
    if let Some(ids) = &options.grid {
        for id in ids {
            if !rubrics.iter().any(|r| &r.id == id) {
                return Err(crate::Error::UnknownRubric {
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
        args.jobs as usize,
        args.offline,
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
    let format = match args.format {
        CompareFormat::Terminal => TableFormat::Terminal,
        CompareFormat::Markdown => TableFormat::Markdown,
        CompareFormat::Csv => TableFormat::Csv,
        CompareFormat::Latex => TableFormat::Latex,
        CompareFormat::Html => TableFormat::Html,
        CompareFormat::Json => TableFormat::Json,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && !no_color,
    };
    let width = super::output::terminal_width(to_terminal);
    let text = render::render_comparison(&comparison, format, Style { color, width })?;
    emit(&text, args.output.as_deref())?;
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for (target, err) in &failed {
            eprintln!("openness: error: {target}: {err}");
        }
        eprintln!(
            "openness: {} of {} targets could not be scanned (they are rows with their error)",
            failed.len(),
            targets.len()
        );
        Ok(ExitCode::from(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_lists_skip_comments_and_blank_lines() {
        let text = "# models for the paper\n\n  tests/fixtures/a  \n#tests/fixtures/b\nhf-cache:org/x@main\r\n";
        assert_eq!(
            parse_target_list(text),
            vec!["tests/fixtures/a", "hf-cache:org/x@main"]
        );
    }
}
