//! The comparison view model: many [`Report`]s side by side, one row per model, the grid
//! researchers know from the European Open Source AI Index. Everything a comparison shows is
//! decided here, once; every format (terminal, Markdown, CSV, LaTeX, HTML, JSON) renders this
//! model and computes nothing.
//!
//! # Cells
//!
//! Each grid column is one criterion of a rubric (by default every MOF 1.0 component and every
//! OSAID 1.0 requirement). A cell is a pure function of the criterion's outcome in the report and,
//! for criteria about artefacts, of whether the artefact can be obtained:
//!
//! | cell | symbol | when |
//! |---|---|---|
//! | `open` | ✓ | the criterion is met |
//! | `partial` | ◐ | not met or unknown, but an artefact the criterion asks for is obtainable: published in the repository, declared released, or linked (its terms restrict use, grant no rights, or were not verified) |
//! | `closed` | ✗ | not met, and nothing the criterion asks for is obtainable (or the criterion is about terms or descriptions, not artefacts) |
//! | `unknown` | ? | the evidence cannot tell, and nothing is obtainable |
//! | `not-applicable` | – | the criterion does not apply (no labelled data, ...) |
//!
//! "Partial" follows the index's practice (weights published under a bespoke licence are
//! partial there); "could not tell" stays `unknown`, never `closed`. Every cell carries the
//! criterion's reason and the facts it rests on, each with its source and, when the source is an
//! `http(s)` URL (or a file of a Hub repository), a link.

use std::cmp::Ordering;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::assess::{ChecklistStatus, Finding, Outcome, Summary};
use crate::component::{Component, MofClass};
use crate::error::Error;
use crate::evidence::{Availability, LicenseScope, Source};
use crate::level::Level;
use crate::report::{Report, Tool};
use crate::rubric::{Requirement, Rubric, Scoring};

mod assemble;
mod grid;
mod labels;
mod rows;
mod sort;
#[cfg(test)]
mod tests;

use assemble::*;
use grid::*;
use labels::*;
use rows::*;
use sort::*;

pub use assemble::{Frame, RowMaker, finish, keep_row};
pub use grid::cell_state;
pub use labels::{
    criterion_label, display_name, rubric_short, rubric_tag, safe_href, source_href, source_text,
};

/// Bumped on any incompatible change to the comparison JSON.
pub const COMPARISON_SCHEMA_VERSION: u32 = 1;

/// The rubrics whose criteria make the grid when none are named, in this order.
pub const DEFAULT_GRID: [&str; 2] = ["mof-1.0", "osaid-1.0"];

/// What a grid cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CellState {
    Open,
    Partial,
    Closed,
    Unknown,
    NotApplicable,
}

impl CellState {
    pub const ALL: [CellState; 5] = [
        CellState::Open,
        CellState::Partial,
        CellState::Closed,
        CellState::Unknown,
        CellState::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CellState::Open => "open",
            CellState::Partial => "partial",
            CellState::Closed => "closed",
            CellState::Unknown => "unknown",
            CellState::NotApplicable => "not-applicable",
        }
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            CellState::Open => "✓",
            CellState::Partial => "◐",
            CellState::Closed => "✗",
            CellState::Unknown => "?",
            CellState::NotApplicable => "–",
        }
    }

    /// What the state means, for legends.
    pub fn meaning(self) -> &'static str {
        match self {
            CellState::Open => "met: published under terms that clear the criterion's bar",
            CellState::Partial => {
                "published, declared or linked, but not met or not established: restrictive terms, no license, or a license not verified"
            }
            CellState::Closed => "not met: not published, or the terms or descriptions fall short",
            CellState::Unknown => "the evidence cannot tell",
            CellState::NotApplicable => "does not apply to this model",
        }
    }
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegendEntry {
    pub state: CellState,
    pub symbol: String,
    pub meaning: String,
}

/// One openness level with its meaning, for legends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelEntry {
    pub level: Level,
    pub meaning: String,
}

/// How many rows are at one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelCount {
    pub level: Level,
    pub count: usize,
    /// Share of the rows that were scanned, in percent.
    pub percent: f64,
}

/// A rubric as the comparison shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricHead {
    pub id: String,
    pub title: String,
    /// A short name for column headers: `OSAID 1.0`.
    pub short: String,
    /// A shorter one, to prefix grid labels where no group header shows: `OSAID`.
    pub tag: String,
    /// `verdict` (checklists) or `classes` (MOF).
    pub scoring: String,
    pub url: String,
}

/// One grid column: a criterion of a rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// `rubric/criterion`.
    pub key: String,
    pub rubric: String,
    /// The rubric's tag (`MOF`, `OSAID`).
    pub tag: String,
    pub criterion: String,
    /// A short header: `Training code`.
    pub label: String,
    pub title: String,
    pub group: Option<String>,
    pub class: Option<MofClass>,
    pub required: bool,
}

/// Consecutive columns under one heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub label: String,
    pub span: usize,
}

/// The columns of one rubric in the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnGroup {
    pub rubric: String,
    pub title: String,
    pub short: String,
    pub tag: String,
    /// Index of the group's first column in [`Comparison::columns`] (and in each row's cells).
    pub start: usize,
    pub columns: Vec<Column>,
    /// The rubric's own groups (MOF classes, OSAID sections), as header spans.
    pub spans: Vec<Span>,
}

/// A fact behind a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceLink {
    /// What was found.
    pub claim: String,
    /// `published`, `declared`, `linked` or `mentioned`.
    pub strength: String,
    /// Where: `README.md:12 (license)` or a URL.
    pub source: String,
    /// An `http(s)` link to the source, when there is one; never any other scheme.
    pub href: Option<String>,
}

/// One grid cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The column's `rubric/criterion`.
    pub column: String,
    pub state: CellState,
    pub symbol: String,
    /// The criterion's outcome (`met`, `not-met`, `unknown`, `not-applicable`).
    pub outcome: Outcome,
    pub reason: String,
    pub evidence: Vec<EvidenceLink>,
    pub notes: Vec<String>,
    /// What the publisher can do, when the criterion is not met or unknown.
    pub fix: Option<String>,
    /// An id unique in the comparison, for in-page links (`m2-c5`).
    pub anchor: String,
}

/// A class's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub class: MofClass,
    pub percent: f64,
    /// `75%`.
    pub text: String,
}

/// One rubric's result for one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricResult {
    pub rubric: String,
    /// What a table cell shows: the verdict, or `II (100/80/25%)` for classes.
    pub text: String,
    /// For colours: `pass`, `fail`, `undetermined`, or `class-i`, `class-ii`, `class-iii`,
    /// `unclassified`.
    pub status: String,
    pub verdict: Option<String>,
    pub class: Option<String>,
    pub potential_class: Option<String>,
    /// III, II, I.
    pub progress: Vec<Progress>,
    /// Required criteria per outcome: met, not met, unknown.
    pub met: usize,
    pub not_met: usize,
    pub unknown: usize,
}

/// One model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Position in the input, from 1.
    pub index: usize,
    /// An id for in-page links (`m2`).
    pub anchor: String,
    /// A short name: `org/name`, a directory's name, a card's folder.
    pub name: String,
    /// The target as given.
    pub target: String,
    pub source: Option<String>,
    pub revision: Option<String>,
    /// Why the target could not be scanned; the row has no results then.
    pub error: Option<String>,
    pub level: Option<Level>,
    pub reason: Option<String>,
    /// One per rubric of the comparison, in the same order.
    pub results: Vec<RubricResult>,
    /// One per grid column, in the same order.
    pub cells: Vec<Cell>,
    /// The licenses that govern the weights (or the repository's, when none is specific).
    pub licenses: Vec<String>,
    /// `Apache-2.0`, `Llama-3.1 and LicenseRef-x`, or `none found`.
    pub license: String,
    /// Terms of those licenses that take away a freedom (`user-threshold (700 million users)`).
    pub restrictions: Vec<String>,
    /// `none` or the restrictions joined with `, `.
    pub restriction_text: String,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub schema_version: u32,
    pub tool: Tool,
    /// Every rubric the models were assessed against (summary columns), in order.
    pub rubrics: Vec<RubricHead>,
    /// The rubrics whose criteria make the grid.
    pub groups: Vec<ColumnGroup>,
    /// Every grid column, flattened in group order.
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub legend: Vec<LegendEntry>,
    pub levels: Vec<LevelEntry>,
    /// Rows per level (levels with no row left out), most open first.
    pub level_counts: Vec<LevelCount>,
    /// How the rows are ordered, in words.
    pub sort: String,
    /// The filters applied, in words.
    pub filters: Vec<String>,
    /// Models scanned (rows before filtering).
    pub scanned: usize,
    /// Models left out by the filters.
    pub filtered_out: usize,
    /// Rows whose target failed to load.
    pub errors: usize,
}

/// How to order rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum SortKey {
    /// As given (the command line, then --from).
    #[default]
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

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Input,
        SortKey::Name,
        SortKey::Level,
        SortKey::Osaid,
        SortKey::Mof,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Input => "input",
            SortKey::Name => "name",
            SortKey::Level => "level",
            SortKey::Osaid => "osaid",
            SortKey::Mof => "mof",
        }
    }
}

impl FromStr for SortKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SortKey::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown sort key `{s}`; valid keys: {}",
                    SortKey::ALL.map(|k| k.as_str()).join(", ")
                )
            })
    }
}

/// Which rows to keep and how to order them. Rows of targets that failed to load are always
/// kept, last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewOptions {
    /// Rubric ids whose criteria make the grid; `None`: [`DEFAULT_GRID`] (those assessed).
    pub grid: Option<Vec<String>>,
    pub sort: SortKey,
    pub reverse: bool,
    /// Keep only models at one of these levels (empty: all).
    pub levels: Vec<Level>,
    /// Keep only models at least this open (closed < restricted < open weights < open source;
    /// unknown is below them all).
    pub min_level: Option<Level>,
    /// Keep only models that reached at least this MOF class.
    pub min_mof_class: Option<MofClass>,
}

/// One input: the target as given and what scanning it gave.
#[derive(Debug)]
pub struct Scanned {
    pub target: String,
    pub result: Result<Report, Error>,
}

/// Build the comparison. `rubrics` are those the reports were assessed against (their order
/// gives the summary columns).
pub fn build(
    entries: Vec<Scanned>,
    rubrics: &[Rubric],
    options: &ViewOptions,
) -> Result<Comparison, Error> {
    let specs: Vec<RubricSpec> = rubrics.iter().map(spec_from_rubric).collect();
    assemble(entries, specs, options)
}

/// A scan ready to render in any format: the report, the report as a one-row comparison (the
/// grid the HTML page shows), and the MOT manifest the scan supports (`--format mot`).
#[derive(Debug, Clone)]
pub struct ScanView {
    pub report: Report,
    pub grid: Comparison,
    /// The MOT view, drafted from the evidence (`None` when only the report was at hand).
    pub manifest: Option<crate::mot::Manifest>,
    /// What the card, config and host say the model is, for the bills of materials (empty when
    /// only the report was at hand).
    pub description: crate::evidence::ModelDescription,
    /// When the bills of materials say they were made (RFC 3339, UTC): `None` writes none
    /// (CycloneDX) or the fixed documented time (SPDX), so the same scan gives the same bytes.
    pub timestamp: Option<String>,
}

impl ScanView {
    /// Prepare every view of a scan: the renderers then only format.
    pub fn new(report: Report, evidence: &crate::evidence::Evidence) -> ScanView {
        ScanView {
            manifest: Some(crate::assess::mot::view::of(evidence).0),
            description: evidence.description.clone(),
            ..ScanView::of_report(report)
        }
    }

    /// The views a report alone gives (every format but `mot`, which needs the evidence).
    pub fn of_report(report: Report) -> ScanView {
        ScanView {
            grid: single(&report),
            manifest: None,
            description: Default::default(),
            timestamp: None,
            report,
        }
    }
}

/// One report as a one-row comparison whose grid is every rubric it was assessed against (the
/// single-model HTML report shows it).
pub fn single(report: &Report) -> Comparison {
    let specs = specs_from_report(report);
    let options = ViewOptions {
        grid: Some(specs.iter().map(|s| s.head.id.clone()).collect()),
        ..ViewOptions::default()
    };
    let entry = Scanned {
        target: report.target.id.clone(),
        result: Ok(report.clone()),
    };
    assemble(vec![entry], specs, &options).expect("the grid names only the report's rubrics")
}
