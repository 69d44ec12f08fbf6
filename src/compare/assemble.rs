//! Putting a comparison together: its frame (rubrics, grid columns, legend) known before any
//! model is read, one row per model (made as each model is scanned, so a streamed comparison
//! keeps no report), and the rows ordered, filtered and counted at the end.

use super::*;

/// What a comparison says before any row: its rubrics, grid and legend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    pub schema_version: u32,
    pub tool: Tool,
    pub rubrics: Vec<RubricHead>,
    pub groups: Vec<ColumnGroup>,
    pub columns: Vec<Column>,
    pub legend: Vec<LegendEntry>,
    pub levels: Vec<LevelEntry>,
}

/// Makes the rows of one comparison: shareable by the workers of a batch.
pub struct RowMaker {
    specs: Vec<RubricSpec>,
    /// Indices into `specs` of the grid's rubrics, in grid order.
    grid: Vec<usize>,
}

impl RowMaker {
    /// The frame and row maker of a comparison of reports assessed against `rubrics`; errors
    /// when the grid names a rubric that is not among them.
    pub fn new(rubrics: &[Rubric], options: &ViewOptions) -> Result<(Frame, RowMaker), Error> {
        prepare(rubrics.iter().map(spec_from_rubric).collect(), options)
    }

    /// The row of the model at `index` (from 1, its position in the whole input).
    pub fn row(&self, index: usize, entry: Scanned) -> Row {
        let grid: Vec<&RubricSpec> = self.grid.iter().map(|&i| &self.specs[i]).collect();
        row(index, entry, &self.specs, &grid)
    }
}

fn prepare(specs: Vec<RubricSpec>, options: &ViewOptions) -> Result<(Frame, RowMaker), Error> {
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
    let grid: Vec<usize> = grid_ids
        .iter()
        .filter_map(|id| specs.iter().position(|s| &s.head.id == id))
        .collect();
    let mut groups: Vec<ColumnGroup> = Vec::new();
    let mut start = 0;
    for &i in &grid {
        groups.push(column_group(&specs[i], start));
        start += specs[i].columns.len();
    }
    let columns: Vec<Column> = groups.iter().flat_map(|g| g.columns.clone()).collect();
    let frame = Frame {
        schema_version: COMPARISON_SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        rubrics: specs.iter().map(|s| s.head.clone()).collect(),
        groups,
        columns,
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
    };
    Ok((frame, RowMaker { specs, grid }))
}

/// Whether the view's filters keep a row (rows of targets that failed to load always stay).
pub fn keep_row(row: &Row, options: &ViewOptions) -> bool {
    keep(row, options)
}

pub(super) fn assemble(
    entries: Vec<Scanned>,
    specs: Vec<RubricSpec>,
    options: &ViewOptions,
) -> Result<Comparison, Error> {
    let (frame, maker) = prepare(specs, options)?;
    let scanned = entries.len();
    let rows: Vec<Row> = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| maker.row(i + 1, e))
        .collect();
    Ok(finish(frame, rows, scanned, 0, options))
}

/// The comparison of `rows` (in input order, some perhaps filtered out already: `scanned` models
/// were read and `filtered_out` of them dropped before): filtered, ordered and counted.
pub fn finish(
    frame: Frame,
    mut rows: Vec<Row>,
    scanned: usize,
    filtered_out: usize,
    options: &ViewOptions,
) -> Comparison {
    let before = rows.len();
    rows.retain(|r| keep(r, options));
    let filtered_out = filtered_out + before - rows.len();
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
    Comparison {
        schema_version: frame.schema_version,
        tool: frame.tool,
        rubrics: frame.rubrics,
        groups: frame.groups,
        columns: frame.columns,
        rows,
        legend: frame.legend,
        levels: frame.levels,
        level_counts,
        sort: sort_words(options),
        filters: filter_words(options),
        scanned,
        filtered_out,
        errors,
    }
}
