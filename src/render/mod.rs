//! Renderers: one per output format, picked in a single `match`. Each reads a finished
//! [`Report`](crate::report::Report) (or a [`Comparison`], or a
//! [`Badge`](badge::Badge)) and computes nothing.

pub mod badge;
pub mod check;
pub mod diff;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod mot;
pub mod sarif;
pub mod templates;
pub mod terminal;

use std::fmt;
use std::str::FromStr;

use crate::compare::Comparison;
use crate::error::Error;
use crate::report::Report;

/// Output formats of `openness scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Terminal,
    Json,
    Markdown,
    /// One self-contained HTML file (`templates/report.html.j2`).
    Html,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Terminal,
        Format::Json,
        Format::Markdown,
        Format::Html,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "terminal" | "text" => Ok(Format::Terminal),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            _ => Err(format!(
                "unknown format `{s}`; valid formats: {}",
                Format::ALL.map(|f| f.as_str()).join(", ")
            )),
        }
    }
}

/// Options that change how a report looks, not what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (terminal only).
    pub color: bool,
    /// Table width in columns (terminal only); `None` lets the table measure the terminal.
    pub width: Option<u16>,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: Some(100),
        }
    }
}

/// Render a report.
pub fn render(report: &Report, format: Format, style: Style) -> Result<String, Error> {
    match format {
        Format::Terminal => Ok(terminal::render(report, style)),
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
    }
}

/// Output formats of `openness compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Terminal,
    Markdown,
    /// RFC 4180: a header row, quoted fields, CRLF line endings.
    Csv,
    /// A booktabs `table*` to `\input` into a paper.
    Latex,
    Html,
    Json,
}

impl TableFormat {
    pub const ALL: [TableFormat; 6] = [
        TableFormat::Terminal,
        TableFormat::Markdown,
        TableFormat::Csv,
        TableFormat::Latex,
        TableFormat::Html,
        TableFormat::Json,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TableFormat::Terminal => "terminal",
            TableFormat::Markdown => "markdown",
            TableFormat::Csv => "csv",
            TableFormat::Latex => "latex",
            TableFormat::Html => "html",
            TableFormat::Json => "json",
        }
    }
}

impl fmt::Display for TableFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TableFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "terminal" | "text" => Ok(TableFormat::Terminal),
            "markdown" | "md" => Ok(TableFormat::Markdown),
            "csv" => Ok(TableFormat::Csv),
            "latex" | "tex" => Ok(TableFormat::Latex),
            "html" => Ok(TableFormat::Html),
            "json" => Ok(TableFormat::Json),
            _ => Err(format!(
                "unknown format `{s}`; valid formats: {}",
                TableFormat::ALL.map(|f| f.as_str()).join(", ")
            )),
        }
    }
}

/// Render a comparison.
pub fn render_comparison(
    comparison: &Comparison,
    format: TableFormat,
    style: Style,
) -> Result<String, Error> {
    match format {
        TableFormat::Terminal => Ok(terminal::render_comparison(comparison, style)),
        TableFormat::Markdown => templates::render("compare.md.j2", comparison, "markdown"),
        TableFormat::Csv => templates::render("compare.csv.j2", comparison, "csv"),
        TableFormat::Latex => templates::render("compare.tex.j2", comparison, "latex"),
        TableFormat::Html => templates::render("compare.html.j2", comparison, "html"),
        TableFormat::Json => json::to_sorted_json(comparison),
    }
}
