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

use crate::assess::{Finding, Outcome, Summary, VerdictStatus};
use crate::component::{Component, MofClass};
use crate::error::Error;
use crate::evidence::{Availability, LicenseScope, Source};
use crate::level::Level;
use crate::report::{Report, Tool};
use crate::rubric::{Requirement, Rubric, Scoring};

/// Bumped on any incompatible change to the comparison JSON.
pub const COMPARISON_SCHEMA_VERSION: u32 = 1;

/// The rubrics whose criteria make the grid when none are named, in this order.
pub const DEFAULT_GRID: [&str; 2] = ["mof-1.0", "osaid-1.0"];

/// What a grid cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    /// Terms of those licenses that take away a freedom (`user-threshold (700000000)`).
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
pub struct Options {
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
pub struct Entry {
    pub target: String,
    pub result: Result<Report, Error>,
}

/// A rubric as the grid needs it: its head, and per criterion the column with the components
/// the criterion asks to be obtainable.
#[derive(Debug, Clone)]
struct RubricSpec {
    head: RubricHead,
    columns: Vec<(Column, Vec<Component>)>,
}

fn spec_from_rubric(r: &Rubric) -> RubricSpec {
    let tag = rubric_tag(&r.id, &r.title);
    RubricSpec {
        head: head(r),
        columns: r
            .criteria
            .iter()
            .map(|c| {
                let mut wanted = Vec::new();
                artefacts(&c.requires, &mut wanted);
                (
                    column(
                        &r.id,
                        &tag,
                        &c.id,
                        &c.title,
                        c.group.clone(),
                        c.class,
                        c.required,
                    ),
                    wanted,
                )
            })
            .collect(),
    }
}

/// The rubrics a report was assessed against, from the report alone: a built-in rubric's
/// definition is used when the assessment has exactly its criteria (for the components each asks
/// for); another rubric's criteria are taken from the assessment, and its cells are never
/// `partial`, since what they ask for is not known.
fn specs_from_report(report: &Report) -> Vec<RubricSpec> {
    let mut ids: Vec<&String> = report.rubrics.keys().collect();
    let rank = |id: &str| {
        crate::rubric::DEFAULT_RUBRICS
            .iter()
            .position(|d| *d == id)
            .unwrap_or(usize::MAX)
    };
    ids.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    ids.into_iter()
        .map(|id| {
            let a = &report.rubrics[id];
            let builtin = crate::rubric::builtin(id).and_then(Result::ok).filter(|r| {
                r.criteria.len() == a.criteria.len()
                    && r.criteria
                        .iter()
                        .zip(&a.criteria)
                        .all(|(c, f)| c.id == f.id)
            });
            match builtin {
                Some(r) => spec_from_rubric(&r),
                None => RubricSpec {
                    head: RubricHead {
                        id: a.rubric.clone(),
                        title: a.title.clone(),
                        short: rubric_short(&a.rubric, &a.title),
                        tag: rubric_tag(&a.rubric, &a.title),
                        scoring: match a.summary {
                            Summary::Verdict { .. } => "verdict".into(),
                            Summary::Classes { .. } => "classes".into(),
                        },
                        url: String::new(),
                    },
                    columns: a
                        .criteria
                        .iter()
                        .map(|f| {
                            (
                                column(
                                    &a.rubric,
                                    &rubric_tag(&a.rubric, &a.title),
                                    &f.id,
                                    &f.title,
                                    f.group.clone(),
                                    f.class,
                                    f.required,
                                ),
                                Vec::new(),
                            )
                        })
                        .collect(),
                },
            }
        })
        .collect()
}

/// Build the comparison. `rubrics` are those the reports were assessed against (their order
/// gives the summary columns).
pub fn build(
    entries: Vec<Entry>,
    rubrics: &[Rubric],
    options: &Options,
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
}

impl ScanView {
    /// Prepare every view of a scan: the renderers then only format.
    pub fn new(report: Report, evidence: &crate::evidence::Evidence) -> ScanView {
        ScanView {
            manifest: Some(crate::assess::mot::view::of(evidence).0),
            ..ScanView::of_report(report)
        }
    }

    /// The views a report alone gives (every format but `mot`, which needs the evidence).
    pub fn of_report(report: Report) -> ScanView {
        ScanView {
            grid: single(&report),
            manifest: None,
            report,
        }
    }
}

/// One report as a one-row comparison whose grid is every rubric it was assessed against (the
/// single-model HTML report shows it).
pub fn single(report: &Report) -> Comparison {
    let specs = specs_from_report(report);
    let options = Options {
        grid: Some(specs.iter().map(|s| s.head.id.clone()).collect()),
        ..Options::default()
    };
    let entry = Entry {
        target: report.target.id.clone(),
        result: Ok(report.clone()),
    };
    assemble(vec![entry], specs, &options).expect("the grid names only the report's rubrics")
}

fn assemble(
    entries: Vec<Entry>,
    specs: Vec<RubricSpec>,
    options: &Options,
) -> Result<Comparison, Error> {
    let grid_ids: Vec<String> = match &options.grid {
        Some(ids) => {
            for id in ids {
                if !specs.iter().any(|s| &s.head.id == id) {
                    return Err(Error::UnknownRubric {
                        id: id.clone(),
                        valid: specs
                            .iter()
                            .map(|s| s.head.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
            ids.clone()
        }
        None => DEFAULT_GRID
            .iter()
            .filter(|id| specs.iter().any(|s| s.head.id == **id))
            .map(|id| id.to_string())
            .collect(),
    };
    let grid: Vec<&RubricSpec> = grid_ids
        .iter()
        .filter_map(|id| specs.iter().find(|s| &s.head.id == id))
        .collect();
    let mut groups: Vec<ColumnGroup> = Vec::new();
    let mut start = 0;
    for s in &grid {
        groups.push(column_group(s, start));
        start += s.columns.len();
    }
    let columns: Vec<Column> = groups.iter().flat_map(|g| g.columns.clone()).collect();
    let scanned = entries.len();
    let mut rows: Vec<Row> = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| row(i + 1, e, &specs, &grid))
        .collect();
    let before = rows.len();
    rows.retain(|r| keep(r, options));
    let filtered_out = before - rows.len();
    sort(&mut rows, options);
    let errors = rows.iter().filter(|r| r.error.is_some()).count();
    let scanned_ok = rows.len() - errors;
    let level_counts: Vec<LevelCount> = LEVEL_ORDER
        .into_iter()
        .map(|level| {
            let count = rows.iter().filter(|r| r.level == Some(level)).count();
            LevelCount {
                level,
                count,
                percent: if scanned_ok == 0 {
                    0.0
                } else {
                    (count as f64 * 10000.0 / scanned_ok as f64).round() / 100.0
                },
            }
        })
        .filter(|c| c.count > 0)
        .collect();
    Ok(Comparison {
        schema_version: COMPARISON_SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        rubrics: specs.iter().map(|s| s.head.clone()).collect(),
        groups,
        columns,
        rows,
        legend: CellState::ALL
            .into_iter()
            .map(|s| LegendEntry {
                state: s,
                symbol: s.symbol().into(),
                meaning: s.meaning().into(),
            })
            .collect(),
        levels: LEVEL_ORDER
            .into_iter()
            .map(|level| LevelEntry {
                level,
                meaning: level_meaning(level).into(),
            })
            .collect(),
        level_counts,
        sort: sort_words(options),
        filters: filter_words(options),
        scanned,
        filtered_out,
        errors,
    })
}

/// Levels, most open first.
const LEVEL_ORDER: [Level; 5] = [
    Level::OpenSource,
    Level::OpenWeights,
    Level::OpenWeightsRestricted,
    Level::Closed,
    Level::Unknown,
];

fn level_meaning(l: Level) -> &'static str {
    match l {
        Level::OpenSource => "weights under OSD-conformant terms and every OSAID requirement met",
        Level::OpenWeights => {
            "weights under OSD-conformant terms; OSAID not met or not established"
        }
        Level::OpenWeightsRestricted => {
            "weights obtainable under terms that restrict use (acceptable-use policy, user cap, non-commercial, ...)"
        }
        Level::Closed => "no weights published",
        Level::Unknown => "the evidence cannot tell (no license, unreadable card, ...)",
    }
}

/// A short name for a rubric.
pub fn rubric_short(id: &str, title: &str) -> String {
    match id {
        "osaid-1.0" => "OSAID 1.0".into(),
        "mof-1.0" => "MOF 1.0".into(),
        "eu-ai-act-53-2" => "EU AI Act 53(2)".into(),
        _ if title.chars().count() <= 24 => title.into(),
        _ => id.into(),
    }
}

/// A shorter name for a rubric, to prefix grid labels.
pub fn rubric_tag(id: &str, title: &str) -> String {
    match id {
        "osaid-1.0" => "OSAID".into(),
        "mof-1.0" => "MOF".into(),
        "eu-ai-act-53-2" => "EU".into(),
        _ => rubric_short(id, title),
    }
}

/// A short column header for a criterion of a built-in rubric; others use their title when it is
/// short, else the last part of their id.
pub fn criterion_label(rubric: &str, id: &str, title: &str) -> String {
    let known = match (rubric, id) {
        ("mof-1.0", "model-architecture") => Some("Architecture"),
        ("mof-1.0", "model-parameters-final") => Some("Weights"),
        ("mof-1.0", "model-card") => Some("Model card"),
        ("mof-1.0", "data-card") => Some("Data card"),
        ("mof-1.0", "technical-report") => Some("Tech report"),
        ("mof-1.0", "evaluation-results") => Some("Eval results"),
        ("mof-1.0", "sample-model-outputs") => Some("Samples"),
        ("mof-1.0", "training-code") => Some("Training code"),
        ("mof-1.0", "inference-code") => Some("Inference code"),
        ("mof-1.0", "evaluation-code") => Some("Eval code"),
        ("mof-1.0", "evaluation-data") => Some("Eval data"),
        ("mof-1.0", "supporting-libraries") => Some("Libraries"),
        ("mof-1.0", "data-preprocessing-code") => Some("Preproc code"),
        ("mof-1.0", "model-parameters-intermediate") => Some("Checkpoints"),
        ("mof-1.0", "datasets") => Some("Datasets"),
        ("mof-1.0", "research-paper") => Some("Paper"),
        ("mof-1.0", "model-metadata") => Some("Metadata"),
        ("osaid-1.0", "freedoms") => Some("Freedoms"),
        ("osaid-1.0", "parameters") => Some("Parameters"),
        ("osaid-1.0", "architecture") => Some("Architecture"),
        ("osaid-1.0", "code/data-preprocessing") => Some("Preproc code"),
        ("osaid-1.0", "code/training") => Some("Training code"),
        ("osaid-1.0", "code/validation-and-testing") => Some("Eval code"),
        ("osaid-1.0", "code/inference") => Some("Inference code"),
        ("osaid-1.0", "code/supporting-libraries") => Some("Libraries"),
        ("osaid-1.0", "data-information/training-methodology") => Some("Methodology"),
        ("osaid-1.0", "data-information/training-data-scope") => Some("Data scope"),
        ("osaid-1.0", "data-information/training-data-provenance") => Some("Provenance"),
        ("osaid-1.0", "data-information/labeling-procedures") => Some("Labelling"),
        ("osaid-1.0", "data-information/data-filtering") => Some("Filtering"),
        ("osaid-1.0", "documentation-terms") => Some("Doc terms"),
        ("eu-ai-act-53-2", "free-open-source-license") => Some("FOSS licence"),
        ("eu-ai-act-53-2", "parameters-public") => Some("Weights public"),
        ("eu-ai-act-53-2", "architecture-information-public") => Some("Architecture info"),
        ("eu-ai-act-53-2", "usage-information-public") => Some("Usage info"),
        ("eu-ai-act-53-2", "no-systemic-risk") => Some("No systemic risk"),
        ("eu-ai-act-53-2", "not-monetised") => Some("Not monetised"),
        _ => None,
    };
    match known {
        Some(k) => k.into(),
        None if title.chars().count() <= 18 => title.into(),
        None => id.rsplit('/').next().unwrap_or(id).replace('-', " "),
    }
}

fn head(r: &Rubric) -> RubricHead {
    RubricHead {
        id: r.id.clone(),
        title: r.title.clone(),
        short: rubric_short(&r.id, &r.title),
        tag: rubric_tag(&r.id, &r.title),
        scoring: match r.scoring {
            Scoring::Checklist { .. } => "verdict".into(),
            Scoring::Classes | Scoring::Mot(_) => "classes".into(),
        },
        url: r.url.clone(),
    }
}

fn column(
    rubric: &str,
    tag: &str,
    id: &str,
    title: &str,
    group: Option<String>,
    class: Option<MofClass>,
    required: bool,
) -> Column {
    Column {
        key: format!("{rubric}/{id}"),
        rubric: rubric.to_string(),
        tag: tag.to_string(),
        criterion: id.to_string(),
        label: criterion_label(rubric, id, title),
        title: title.to_string(),
        group,
        class,
        required,
    }
}

fn column_group(s: &RubricSpec, start: usize) -> ColumnGroup {
    let columns: Vec<Column> = s.columns.iter().map(|(c, _)| c.clone()).collect();
    let mut spans: Vec<Span> = Vec::new();
    for c in &columns {
        let label = c.group.clone().unwrap_or_default();
        match spans.last_mut() {
            Some(sp) if sp.label == label => sp.span += 1,
            _ => spans.push(Span { label, span: 1 }),
        }
    }
    ColumnGroup {
        rubric: s.head.id.clone(),
        title: s.head.title.clone(),
        short: s.head.short.clone(),
        tag: s.head.tag.clone(),
        start,
        columns,
        spans,
    }
}

/// The components a requirement asks to be obtainable (not the terms, not descriptions).
fn artefacts(req: &Requirement, out: &mut Vec<Component>) {
    match req {
        Requirement::All(list) | Requirement::Any(list) => {
            list.iter().for_each(|r| artefacts(r, out))
        }
        Requirement::Component(c) => out.push(c.component),
        Requirement::WeightsPublic => out.push(Component::ModelParametersFinal),
        Requirement::Freedoms(_)
        | Requirement::DataInformation(_)
        | Requirement::CardSection(_)
        | Requirement::TrainingComputeBelow(_)
        | Requirement::NotMonetised => {}
    }
}

/// The cell mapping (see the module documentation).
pub fn cell_state(outcome: Outcome, obtainable: bool) -> CellState {
    match (outcome, obtainable) {
        (Outcome::Met, _) => CellState::Open,
        (Outcome::NotApplicable, _) => CellState::NotApplicable,
        (Outcome::NotMet | Outcome::Unknown, true) => CellState::Partial,
        (Outcome::NotMet, false) => CellState::Closed,
        (Outcome::Unknown, false) => CellState::Unknown,
    }
}

/// `href` for a URL: the URL itself when it is `http://` or `https://` with a host and no
/// whitespace or control characters; `None` for anything else (`javascript:`, `data:`, relative).
pub fn safe_href(url: &str) -> Option<String> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host_ok = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '[');
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'));
    (host_ok && clean).then(|| url.to_string())
}

/// Where a source can be looked at: its URL, or the page of the file (and line) in the
/// repository, when the repository's files have pages.
pub fn source_href(source: &Source, report: &Report) -> Option<String> {
    if let Some(url) = &source.url {
        return safe_href(url);
    }
    let file = source.file.as_ref()?;
    report.repo.file_url(file, source.line)
}

/// `README.md:12 (license)`, or the URL alone.
pub fn source_text(s: &Source) -> String {
    let mut parts = Vec::new();
    match (&s.file, s.line) {
        (Some(f), Some(l)) => parts.push(format!("{f}:{l}")),
        (Some(f), None) => parts.push(f.clone()),
        _ => {}
    }
    if let Some(field) = &s.field {
        parts.push(if parts.is_empty() {
            field.clone()
        } else {
            format!("({field})")
        });
    }
    if let Some(url) = &s.url {
        parts.push(url.clone());
    }
    parts.join(" ")
}

/// A short name for a row: the repository's, or the target as given when it could not be read.
pub fn display_name(target: &str, report: Option<&Report>) -> String {
    match report {
        Some(r) if !r.repo.display.is_empty() => r.repo.display.clone(),
        _ => target.trim().to_string(),
    }
}

fn result_of(report: &Report, id: &str) -> Option<RubricResult> {
    let a = report.rubrics.get(id)?;
    let counts = a.counts();
    let n = |o| counts.get(&o).copied().unwrap_or(0);
    let (met, not_met, unknown) = (n(Outcome::Met), n(Outcome::NotMet), n(Outcome::Unknown));
    Some(match &a.summary {
        Summary::Verdict { verdict, status } => RubricResult {
            rubric: id.to_string(),
            text: verdict.clone(),
            status: match status {
                VerdictStatus::Pass => "pass",
                VerdictStatus::Fail => "fail",
                VerdictStatus::Undetermined => "undetermined",
            }
            .into(),
            verdict: Some(verdict.clone()),
            class: None,
            potential_class: None,
            progress: Vec::new(),
            met,
            not_met,
            unknown,
        },
        Summary::Classes {
            class,
            progress,
            potential_class,
        } => {
            let progress: Vec<Progress> = MofClass::ALL
                .into_iter()
                .map(|c| {
                    let p = progress.get(&c).copied().unwrap_or(0.0);
                    Progress {
                        class: c,
                        percent: p,
                        text: format!("{p:.0}%"),
                    }
                })
                .collect();
            let numbers: Vec<String> = progress
                .iter()
                .map(|p| format!("{:.0}", p.percent))
                .collect();
            RubricResult {
                rubric: id.to_string(),
                text: format!("{class} ({}%)", numbers.join("/")),
                status: match class.as_str() {
                    "I" => "class-i",
                    "II" => "class-ii",
                    "III" => "class-iii",
                    _ => "unclassified",
                }
                .into(),
                verdict: None,
                class: Some(class.clone()),
                potential_class: Some(potential_class.clone()),
                progress,
                met,
                not_met,
                unknown,
            }
        }
    })
}

fn cell(report: &Report, column: &Column, wanted: &[Component], anchor: String) -> Cell {
    let finding: Option<&Finding> = report
        .rubrics
        .get(&column.rubric)
        .and_then(|a| a.finding(&column.criterion));
    let Some(f) = finding else {
        return Cell {
            column: column.key.clone(),
            state: CellState::Unknown,
            symbol: CellState::Unknown.symbol().into(),
            outcome: Outcome::Unknown,
            reason: "this criterion was not assessed".into(),
            evidence: Vec::new(),
            notes: Vec::new(),
            fix: None,
            anchor,
        };
    };
    let obtainable = report.components.iter().any(|c| {
        wanted.contains(&c.id)
            && matches!(
                c.availability,
                Availability::Published | Availability::Declared | Availability::Linked
            )
    });
    let state = cell_state(f.outcome, obtainable);
    Cell {
        column: column.key.clone(),
        state,
        symbol: state.symbol().into(),
        outcome: f.outcome,
        reason: f.reason.clone(),
        evidence: f
            .evidence
            .iter()
            .map(|e| EvidenceLink {
                claim: e.claim.clone(),
                strength: e.strength.as_str().into(),
                source: source_text(&e.source),
                href: source_href(&e.source, report),
            })
            .collect(),
        notes: f.notes.clone(),
        fix: f.fix.as_ref().map(|x| x.trim().to_string()),
        anchor,
    }
}

/// The "License" and "Restrictions" columns: the licenses that bind a user of the weights, or,
/// when there are none (weights not published, or not listed in a MOT manifest), the licenses
/// the repository states, so that a closed model's row still says what the release is under.
fn weights_terms(report: &Report) -> (Vec<String>, Vec<String>) {
    let mut ids: Vec<String> = report.weights_licenses().map(|l| l.id.clone()).collect();
    if ids.is_empty() {
        ids = report
            .licenses
            .iter()
            .filter(|l| l.scope == LicenseScope::Repository)
            .map(|l| l.id.clone())
            .collect();
    }
    ids.sort();
    ids.dedup();
    let mut restrictions: Vec<String> = Vec::new();
    for l in report.licenses.iter().filter(|l| ids.contains(&l.id)) {
        for r in l.restrictions.iter().filter(|r| r.kind.breaks_freedoms()) {
            let text = match r.threshold {
                Some(t) => format!("{} ({})", r.kind, human_count(t)),
                None => r.kind.to_string(),
            };
            if !restrictions.contains(&text) {
                restrictions.push(text);
            }
        }
    }
    restrictions.sort();
    (ids, restrictions)
}

fn human_count(n: u64) -> String {
    if n >= 1_000_000_000 && n.is_multiple_of(1_000_000_000) {
        format!("{}B users", n / 1_000_000_000)
    } else if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}M users", n / 1_000_000)
    } else {
        format!("{n} users")
    }
}

fn row(index: usize, entry: Entry, specs: &[RubricSpec], grid: &[&RubricSpec]) -> Row {
    let anchor = format!("m{index}");
    match entry.result {
        Err(e) => Row {
            index,
            name: display_name(&entry.target, None),
            target: entry.target,
            source: None,
            revision: None,
            error: Some(e.to_string()),
            level: None,
            reason: None,
            results: Vec::new(),
            cells: Vec::new(),
            licenses: Vec::new(),
            license: String::new(),
            restrictions: Vec::new(),
            restriction_text: String::new(),
            anchor,
        },
        Ok(report) => {
            let mut cells = Vec::new();
            for spec in grid {
                for (column, wanted) in &spec.columns {
                    let a = format!("{anchor}-c{}", cells.len() + 1);
                    cells.push(cell(&report, column, wanted, a));
                }
            }
            let (licenses, restrictions) = weights_terms(&report);
            Row {
                index,
                name: display_name(&entry.target, Some(&report)),
                target: entry.target,
                source: Some(report.target.source.clone()),
                revision: report.target.revision.clone(),
                error: None,
                level: Some(report.openness.level),
                reason: Some(report.openness.reason.clone()),
                results: specs
                    .iter()
                    .map(|s| {
                        result_of(&report, &s.head.id).unwrap_or_else(|| RubricResult {
                            rubric: s.head.id.clone(),
                            text: "not assessed".into(),
                            status: "undetermined".into(),
                            verdict: None,
                            class: None,
                            potential_class: None,
                            progress: Vec::new(),
                            met: 0,
                            not_met: 0,
                            unknown: 0,
                        })
                    })
                    .collect(),
                cells,
                license: if licenses.is_empty() {
                    "none found".into()
                } else {
                    licenses.join(" and ")
                },
                licenses,
                restriction_text: if restrictions.is_empty() {
                    "none".into()
                } else {
                    restrictions.join(", ")
                },
                restrictions,
                anchor,
            }
        }
    }
}

fn mof_class(row: &Row) -> Option<MofClass> {
    row.results
        .iter()
        .find(|r| r.rubric == "mof-1.0")
        .and_then(|r| r.class.as_deref())
        .and_then(|c| match c {
            "I" => Some(MofClass::I),
            "II" => Some(MofClass::II),
            "III" => Some(MofClass::III),
            _ => None,
        })
}

fn keep(row: &Row, o: &Options) -> bool {
    let Some(level) = row.level else {
        return true; // errors stay visible
    };
    if !o.levels.is_empty() && !o.levels.contains(&level) {
        return false;
    }
    if let Some(min) = o.min_level
        && level.rank() < min.rank()
    {
        return false;
    }
    if let Some(min) = o.min_mof_class
        && mof_class(row).is_none_or(|c| c < min)
    {
        return false;
    }
    true
}

fn osaid_rank(row: &Row) -> u8 {
    match row
        .results
        .iter()
        .find(|r| r.rubric == "osaid-1.0")
        .map(|r| r.status.as_str())
    {
        Some("pass") => 3,
        Some("undetermined") => 2,
        Some("fail") => 1,
        _ => 0,
    }
}

fn mof_key(row: &Row) -> (u8, Vec<i64>) {
    let class = match mof_class(row) {
        Some(MofClass::I) => 3,
        Some(MofClass::II) => 2,
        Some(MofClass::III) => 1,
        None => 0,
    };
    let progress = row
        .results
        .iter()
        .find(|r| r.rubric == "mof-1.0")
        .map(|r| {
            r.progress
                .iter()
                .rev()
                .map(|p| (p.percent * 100.0).round() as i64)
                .collect()
        })
        .unwrap_or_default();
    (class, progress)
}

fn sort(rows: &mut [Row], o: &Options) {
    let by_name = |a: &Row, b: &Row| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.index.cmp(&b.index))
    };
    rows.sort_by(|a, b| {
        // Failed targets last, in input order, whatever the key.
        match (a.error.is_some(), b.error.is_some()) {
            (true, true) => return a.index.cmp(&b.index),
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            _ => {}
        }
        let ord = match o.sort {
            SortKey::Input => a.index.cmp(&b.index),
            SortKey::Name => by_name(a, b),
            SortKey::Level => {
                let rank = |r: &Row| r.level.map(|l| l.rank()).unwrap_or(0);
                rank(b).cmp(&rank(a)).then_with(|| by_name(a, b))
            }
            SortKey::Osaid => osaid_rank(b)
                .cmp(&osaid_rank(a))
                .then_with(|| by_name(a, b)),
            SortKey::Mof => mof_key(b).cmp(&mof_key(a)).then_with(|| by_name(a, b)),
        };
        if o.reverse { ord.reverse() } else { ord }
    });
}

fn sort_words(o: &Options) -> String {
    let base = match o.sort {
        SortKey::Input => "in the order given",
        SortKey::Name => "by name",
        SortKey::Level => "by openness level, most open first",
        SortKey::Osaid => "by OSAID verdict: conformant, insufficient evidence, not conformant",
        SortKey::Mof => "by MOF class, highest first, then by progress",
    };
    if o.reverse {
        format!("{base}, reversed")
    } else {
        base.to_string()
    }
}

fn filter_words(o: &Options) -> Vec<String> {
    let mut out = Vec::new();
    if !o.levels.is_empty() {
        out.push(format!(
            "level is {}",
            o.levels
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    if let Some(l) = o.min_level {
        out.push(format!("level is at least {l}"));
    }
    if let Some(c) = o.min_mof_class {
        out.push(format!("MOF class is at least {c}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            safe_href("https://github.com/o/r").as_deref(),
            Some("https://github.com/o/r")
        );
        assert_eq!(
            safe_href("HTTP://example.org/x").as_deref(),
            Some("HTTP://example.org/x")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.example/x",
            "/relative",
            "https://",
            "https:///x",
            "https://a.example/\"onmouseover=\"x",
            "https://a.example/<script>",
            "https://a.example/ x",
            "file:///etc/passwd",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn cell_mapping_is_total_and_never_turns_unknown_into_closed() {
        assert_eq!(cell_state(Outcome::Met, false), CellState::Open);
        assert_eq!(cell_state(Outcome::Met, true), CellState::Open);
        assert_eq!(cell_state(Outcome::NotMet, true), CellState::Partial);
        assert_eq!(cell_state(Outcome::NotMet, false), CellState::Closed);
        assert_eq!(cell_state(Outcome::Unknown, true), CellState::Partial);
        assert_eq!(cell_state(Outcome::Unknown, false), CellState::Unknown);
        assert_eq!(
            cell_state(Outcome::NotApplicable, true),
            CellState::NotApplicable
        );
    }

    #[test]
    fn labels_fall_back_to_title_or_id() {
        assert_eq!(criterion_label("x", "a/b-c", "Short"), "Short");
        assert_eq!(
            criterion_label("x", "a/some-long-id", "A title far too long for a header"),
            "some long id"
        );
    }
}
