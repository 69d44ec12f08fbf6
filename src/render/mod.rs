//! Renderers: one per output format, picked in a single `match`. Each reads a finished
//! [`Report`](crate::report::Report) and computes nothing.

pub mod check;
pub mod diff;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod templates;
pub mod terminal;

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::report::Report;

/// Output formats of `openness scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Terminal,
    Json,
    Markdown,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Terminal, Format::Json, Format::Markdown];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Json => "json",
            Format::Markdown => "markdown",
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
    }
}
