//! Renderers: every output the tool writes goes through this module. Each product has one format
//! enum (parsed by the command line directly) and one function that picks the renderer in a
//! single `match`; each renderer reads a finished view model and computes nothing.
//!
//! | product | view model | formats |
//! |---|---|---|
//! | a scan | [`ScanView`] (the report, its one-row grid, its MOT view, its description) | [`ScanFormat`] |
//! | a comparison | [`Comparison`] | [`CompareFormat`] |
//! | a check | [`CheckRun`] | [`CheckFormat`] |
//! | a drift | [`Drift`] | [`DiffFormat`] |
//! | a badge | [`badge::Badge`] | SVG |
//! | rubrics, a criterion | [`Rubric`] | [`ListFormat`], [`ShowFormat`] |
//! | licenses (identified, shown, listed) | [`license::FileResult`], [`license::Shown`], catalog entries | [`ListFormat`] |
//! | any stage, as data | anything `Serialize` | JSON ([`data`]) |
//!
//! Adding a format is one variant here and one renderer file.

pub mod badge;
pub mod bom;
pub mod check;
pub mod cyclonedx;
pub mod diff;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod license;
pub mod markdown;
pub mod mot;
pub mod rubric;
pub mod sarif;
pub mod spdx3;
pub mod templates;
pub mod terminal;

use std::path::PathBuf;

use serde::Serialize;

use crate::check::CheckRun;
use crate::compare::{Comparison, ScanView};
use crate::diff::Drift;
use crate::error::Error;
use crate::rubric::{Criterion, Rubric};

/// Output formats of `openness scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum ScanFormat {
    Terminal,
    Json,
    Markdown,
    /// A Model Openness Tool manifest (YAML) drafted from the scan.
    Mot,
    /// One self-contained HTML page (inline CSS and SVG, no script, nothing fetched).
    Html,
    /// A CycloneDX 1.6 AI bill of materials (JSON): the model, its datasets, base models,
    /// licenses, and the verdicts as `openness:` properties.
    Cyclonedx,
    /// An SPDX 3.0.1 document (JSON-LD) with the AI and Dataset profiles.
    Spdx3,
}

/// Output formats of `openness compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
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
    /// JSON Lines, written as models finish (one row per line, in input order): a `compare`
    /// line, one `row` line per model, an `end` line. `openness merge` reads shards of it.
    Jsonl,
}

/// Output formats of `openness check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum CheckFormat {
    /// A summary: failures first, one line per model and per failed rule, warnings counted per
    /// rule at the end (`-v`: every rule's whole reason under its model).
    Terminal,
    /// Every model's verdict and rule results (the `--baseline` format).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// JUnit XML: one test suite per model, one test case per rule.
    Junit,
    /// JSON Lines, written as models finish (one line per model, in input order): a `check`
    /// line, one `model` line per model, an `end` line. `openness merge` reads shards of it.
    Jsonl,
    /// GitHub Actions workflow commands: an `::error` or `::warning` annotation per failed rule
    /// per model (at the `--from` line, or the model's file), and a `::notice` summary.
    Github,
}

/// Output formats of `openness diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum DiffFormat {
    Terminal,
    Json,
}

/// Output formats of listings (`rubric list`, `license ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum ListFormat {
    Terminal,
    Json,
}

/// Output formats of `rubric show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum ShowFormat {
    Terminal,
    Json,
    /// The rubric file as written.
    Yaml,
}

/// Options that change how an output looks, not what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (terminal outputs only).
    pub color: bool,
    /// Table width in columns (terminal outputs only); `None` leaves tables unwrapped.
    pub width: Option<u16>,
    /// The working directory, to make paths relative (SARIF wants paths relative to the
    /// repository root).
    pub base: Option<PathBuf>,
}

impl Default for Style {
    /// No colour, 100 columns, paths as given.
    fn default() -> Self {
        Style {
            color: false,
            width: Some(100),
            base: None,
        }
    }
}

/// Render a scan.
pub fn scan(view: &ScanView, format: ScanFormat, style: &Style) -> Result<String, Error> {
    match format {
        ScanFormat::Terminal => Ok(terminal::render(&view.report, style)),
        ScanFormat::Json => json::to_sorted_json(&view.report),
        ScanFormat::Markdown => markdown::render(&view.report),
        ScanFormat::Html => html::render(&view.report, &view.grid),
        ScanFormat::Cyclonedx => cyclonedx::render(view),
        ScanFormat::Spdx3 => spdx3::render(view),
        ScanFormat::Mot => match &view.manifest {
            Some(m) => Ok(mot::render(m)),
            None => Err(Error::Render {
                format: "mot".into(),
                message: "the MOT view needs the evidence: build the view with ScanView::new"
                    .into(),
            }),
        },
    }
}

/// Render a comparison.
pub fn comparison(c: &Comparison, format: CompareFormat, style: &Style) -> Result<String, Error> {
    match format {
        CompareFormat::Terminal => Ok(terminal::render_comparison(c, style)),
        CompareFormat::Markdown => templates::render("compare.md.j2", c, "markdown"),
        CompareFormat::Csv => templates::render("compare.csv.j2", c, "csv"),
        CompareFormat::Latex => templates::render("compare.tex.j2", c, "latex"),
        CompareFormat::Html => templates::render("compare.html.j2", c, "html"),
        CompareFormat::Json => json::to_sorted_json(c),
        CompareFormat::Jsonl => crate::jsonl::comparison_document(c),
    }
}

/// Render a check.
pub fn check(run: &CheckRun, format: CheckFormat, style: &Style) -> Result<String, Error> {
    check_detailed(run, format, style, false)
}

/// Render a check; `verbose` puts every rule's whole reason under its model in the terminal
/// summary (the other formats always carry them).
pub fn check_detailed(
    run: &CheckRun,
    format: CheckFormat,
    style: &Style,
    verbose: bool,
) -> Result<String, Error> {
    match format {
        CheckFormat::Terminal => Ok(check::render(run, style, verbose)),
        CheckFormat::Github => Ok(github::render(run, style.base.as_deref())),
        CheckFormat::Json => json::to_sorted_json(run),
        CheckFormat::Sarif => sarif::render(run, style.base.as_deref()),
        CheckFormat::Junit => Ok(junit::render(run)),
        CheckFormat::Jsonl => crate::jsonl::check_document(run),
    }
}

/// Render a drift between two reports.
pub fn diff(d: &Drift, format: DiffFormat) -> Result<String, Error> {
    match format {
        DiffFormat::Terminal => Ok(diff::render(d)),
        DiffFormat::Json => json::to_sorted_json(d),
    }
}

/// Render the built-in rubrics.
pub fn rubric_list(rubrics: &[Rubric], format: ListFormat) -> Result<String, Error> {
    match format {
        ListFormat::Terminal => Ok(rubric::list(rubrics)),
        ListFormat::Json => json::to_sorted_json(&rubric::rows(rubrics)),
    }
}

/// Render a rubric; `source` is its file's text (for `yaml`).
pub fn rubric_show(r: &Rubric, source: &str, format: ShowFormat) -> Result<String, Error> {
    match format {
        ShowFormat::Terminal => Ok(rubric::describe(r)),
        ShowFormat::Json => json::to_sorted_json(r),
        // As written, but for control and bidi characters (shown escaped).
        ShowFormat::Yaml => Ok(crate::controls::text(source).into_owned()),
    }
}

/// Render what `license identify` found in each file.
pub fn license_identified(
    results: &[license::FileResult],
    format: ListFormat,
) -> Result<String, Error> {
    match format {
        ListFormat::Terminal => Ok(license::identified(results)),
        ListFormat::Json => json::to_sorted_json(&results),
    }
}

/// Render what the catalog knows of a license (`license show`).
pub fn license_shown(shown: &license::Shown, format: ListFormat) -> Result<String, Error> {
    match format {
        ListFormat::Terminal => Ok(license::shown(shown)),
        ListFormat::Json => json::to_sorted_json(shown),
    }
}

/// Render the license catalog (`license list`).
pub fn license_list(
    entries: &[crate::license::CatalogEntry],
    format: ListFormat,
) -> Result<String, Error> {
    match format {
        ListFormat::Terminal => Ok(license::list(entries)),
        ListFormat::Json => json::to_sorted_json(&entries),
    }
}

/// A criterion's own text (`openness explain`).
pub fn explain(r: &Rubric, c: &Criterion) -> String {
    rubric::explain(r, c)
}

/// Any stage as data (`--dump`, listings): JSON with sorted keys.
pub fn data<T: Serialize>(value: &T) -> Result<String, Error> {
    json::to_sorted_json(value)
}
