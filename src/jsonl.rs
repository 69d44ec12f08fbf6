//! The streamed format of `check` and `compare` (`--format jsonl`), and `openness merge`.
//!
//! A JSON Lines document is written as the models are scanned, one line per model, in input
//! order, so a run over a whole registry holds only the models in flight. Each line is one JSON
//! object (keys sorted, no raw control character) whose `record` says what it is:
//!
//! | command | first line | one per model | last line |
//! |---|---|---|---|
//! | check | `check`: the policy and options (as in `--format json`, without models and counts) | `model`: its verdict, `origin`, `position` | `end`: the counts and exit code |
//! | compare | `compare`: the rubrics, grid columns and legend | `row`: its row (as in `--format json`) | `end`: models scanned and filtered out |
//!
//! `position` (check) and `index` (compare, from 1) are the model's place in the whole list, also
//! in a shard (`--shard K/N`), so `openness merge` puts shards back in the list's order. A file
//! without its `end` line comes from a run that did not finish; merge refuses it.

use serde::{Deserialize, Serialize};

use crate::batch::Shard;
use crate::check::{self, CheckHead, CheckRun, Counts, ModelCheck};
use crate::compare::{self, Comparison, Frame, Row, ViewOptions};
use crate::error::Error;

/// One line of `check --format jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "kebab-case")]
pub enum CheckRecord {
    Check(CheckHead),
    Model {
        /// The model's place in the whole list (from 0), also in a shard.
        position: usize,
        /// The folder of a local model's files (SARIF points inside it), which the JSON
        /// document leaves out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        root: Option<String>,
        #[serde(flatten)]
        check: ModelCheck,
    },
    End {
        counts: Counts,
        exit_code: u8,
    },
}

/// The head line of `compare --format jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareHead {
    #[serde(flatten)]
    pub frame: Frame,
    pub shard: Option<Shard>,
}

/// One line of `compare --format jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "kebab-case")]
pub enum CompareRecord {
    Compare(CompareHead),
    Row(Row),
    End {
        /// Models read (with rows dropped by the filters).
        scanned: usize,
        /// Rows dropped by the filters.
        filtered_out: usize,
    },
}

/// One record as a line: compact JSON, keys sorted, controls escaped, a final newline.
pub fn line<T: Serialize>(record: &T) -> Result<String, Error> {
    let render_err = |e: serde_json::Error| Error::Render {
        format: "jsonl".into(),
        message: e.to_string(),
    };
    let value = serde_json::to_value(record).map_err(render_err)?;
    let mut out =
        crate::controls::json(&serde_json::to_string(&value).map_err(render_err)?).into_owned();
    out.push('\n');
    Ok(out)
}

/// A whole check as jsonl (as `check --format jsonl` streams it; `position` is the model's
/// place in this run's list).
pub fn check_document(run: &CheckRun) -> Result<String, Error> {
    let head = CheckHead {
        schema_version: run.schema_version,
        tool: run.tool.clone(),
        policy: run.policy.clone(),
        shard: run.shard,
        baseline: run.baseline.clone(),
        strict: run.strict,
    };
    let mut out = line(&CheckRecord::Check(head))?;
    for (position, m) in run.models.iter().enumerate() {
        out.push_str(&line(&CheckRecord::Model {
            position,
            root: m.verdict.root.clone(),
            check: m.clone(),
        })?);
    }
    out.push_str(&line(&CheckRecord::End {
        counts: run.counts,
        exit_code: run.exit_code,
    })?);
    Ok(out)
}

/// A whole comparison as jsonl (as `compare --format jsonl` streams it).
pub fn comparison_document(c: &Comparison) -> Result<String, Error> {
    let head = CompareHead {
        frame: Frame {
            schema_version: c.schema_version,
            tool: c.tool.clone(),
            rubrics: c.rubrics.clone(),
            groups: c.groups.clone(),
            columns: c.columns.clone(),
            legend: c.legend.clone(),
            levels: c.levels.clone(),
        },
        shard: None,
    };
    let mut out = line(&CompareRecord::Compare(head))?;
    for row in &c.rows {
        out.push_str(&line(&CompareRecord::Row(row.clone()))?);
    }
    out.push_str(&line(&CompareRecord::End {
        scanned: c.scanned,
        filtered_out: c.filtered_out,
    })?);
    Ok(out)
}

/// What merging shard files gave.
#[derive(Debug)]
pub enum Merged {
    Check(CheckRun),
    Compare(Comparison),
}

/// A shard file: its name (for messages) and its text.
pub struct ShardFile {
    pub name: String,
    pub text: String,
}

/// Merge the jsonl outputs of one check or one comparison (typically its shards `--shard K/N`,
/// each run on its own machine) into one result, in the list's order. Refused: files of
/// different commands, policies or grids; a file cut short (no `end` line); shards missing or
/// given twice; a model in two files.
pub fn merge(files: &[ShardFile], view: &ViewOptions) -> Result<Merged, Error> {
    let Some(first) = files.first() else {
        return Err(usage(
            "give the jsonl files to merge (the outputs of `--format jsonl`)",
        ));
    };
    match first_record(first)? {
        "check" => merge_checks(files).map(Merged::Check),
        "compare" => merge_comparisons(files, view).map(Merged::Compare),
        other => Err(usage(&format!(
            "{}: line 1 is a `{other}` record; a check or compare jsonl output starts with a `check` or `compare` record",
            crate::controls::line(&first.name)
        ))),
    }
}

fn usage(message: &str) -> Error {
    Error::Usage(message.to_string())
}

/// The `record` of a file's first line.
fn first_record(file: &ShardFile) -> Result<&'static str, Error> {
    let name = crate::controls::line(&file.name);
    let first = file
        .text
        .lines()
        .next()
        .ok_or_else(|| usage(&format!("{name} is empty: not a jsonl output of openness")))?;
    let value: serde_json::Value = serde_json::from_str(first).map_err(|e| {
        usage(&format!(
            "{name}:1: not JSON ({e}); merge reads the outputs of `check`/`compare --format jsonl`"
        ))
    })?;
    Ok(match value.get("record").and_then(|r| r.as_str()) {
        Some("check") => "check",
        Some("compare") => "compare",
        Some("model") | Some("row") | Some("end") => "a later",
        _ => "an unknown",
    })
}

/// Every record of a file, each with its line number.
fn records<R: for<'de> Deserialize<'de>>(file: &ShardFile) -> Result<Vec<(usize, R)>, Error> {
    let name = crate::controls::line(&file.name);
    let mut out = Vec::new();
    for (i, text) in file.text.lines().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let r: R = serde_json::from_str(text).map_err(|e| {
            usage(&format!(
                "{name}:{}: not a record of this output ({e})",
                i + 1
            ))
        })?;
        out.push((i + 1, r));
    }
    Ok(out)
}

/// Which shards of how many the files are; errors when some are missing or repeated. Files
/// without a shard are whole runs, merged in the order given.
fn check_shards(names: &[&str], shards: &[Option<Shard>]) -> Result<(), Error> {
    let given: Vec<Shard> = shards.iter().flatten().copied().collect();
    if given.is_empty() {
        return Ok(());
    }
    if given.len() != shards.len() {
        return Err(usage(
            "some files are shards (--shard K/N) and some are whole runs; merge the shards of one run",
        ));
    }
    let n = given[0].count;
    if let Some(s) = given.iter().find(|s| s.count != n) {
        return Err(usage(&format!(
            "the files are shards of different splits ({}/{n} and {s}); merge the shards of one run",
            given[0].index
        )));
    }
    for k in 1..=n {
        let holders: Vec<&str> = given
            .iter()
            .zip(names)
            .filter(|(s, _)| s.index == k)
            .map(|(_, name)| *name)
            .collect();
        match holders.len() {
            0 => {
                return Err(usage(&format!(
                    "shard {k}/{n} is missing: give all {n} shard outputs (a shard that did not run would leave its models out)"
                )));
            }
            1 => {}
            _ => {
                return Err(usage(&format!(
                    "shard {k}/{n} is given twice ({})",
                    holders
                        .iter()
                        .map(|h| crate::controls::line(h).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    }
    Ok(())
}

fn cut_short(name: &str) -> Error {
    usage(&format!(
        "{} ends before its `end` line: that run did not finish, so models may be missing (run it again)",
        crate::controls::line(name)
    ))
}

fn merge_checks(files: &[ShardFile]) -> Result<CheckRun, Error> {
    let mut head: Option<CheckHead> = None;
    let mut shards = Vec::new();
    let mut models: Vec<(usize, usize, ModelCheck)> = Vec::new();
    for (f, file) in files.iter().enumerate() {
        let mut ended = false;
        let mut this_head = None;
        for (line, r) in records::<CheckRecord>(file)? {
            let at = || format!("{}:{line}", crate::controls::line(&file.name));
            if ended {
                return Err(usage(&format!("{}: a record after the `end` line", at())));
            }
            match r {
                CheckRecord::Check(h) => {
                    if this_head.is_some() {
                        return Err(usage(&format!("{}: a second `check` line", at())));
                    }
                    if let Some(first) = &head
                        && (first.policy != h.policy
                            || first.strict != h.strict
                            || first.baseline != h.baseline
                            || first.schema_version != h.schema_version)
                    {
                        return Err(usage(&format!(
                            "{}: this check used another policy, baseline or --strict than {}; merge the shards of one run",
                            at(),
                            crate::controls::line(&files[0].name)
                        )));
                    }
                    shards.push(h.shard);
                    this_head = Some(h.clone());
                    head.get_or_insert(h);
                }
                CheckRecord::Model {
                    position,
                    root,
                    mut check,
                } => {
                    check.verdict.root = root;
                    if this_head.is_none() {
                        return Err(usage(&format!("{}: a model before the `check` line", at())));
                    }
                    models.push((f, position, check));
                }
                CheckRecord::End { .. } => ended = true,
            }
        }
        if this_head.is_none() {
            return Err(usage(&format!(
                "{} holds no `check` line: not a check jsonl output",
                crate::controls::line(&file.name)
            )));
        }
        if !ended {
            return Err(cut_short(&file.name));
        }
    }
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    check_shards(&names, &shards)?;
    let sharded = shards.iter().any(Option::is_some);
    // Shards: back in the list's order. Whole runs: one after the other, as given.
    models.sort_by_key(|(f, position, _)| {
        if sharded {
            (0, *position)
        } else {
            (*f, *position)
        }
    });
    if sharded && let Some(w) = models.windows(2).find(|w| w[0].1 == w[1].1) {
        return Err(usage(&format!(
            "two shards hold the model at position {} (`{}`): they are not shards of one list",
            w[0].1,
            crate::controls::line(&w[1].2.verdict.target)
        )));
    }
    let mut head = head.expect("a check line was read");
    head.shard = None;
    Ok(check::assemble(
        head,
        models.into_iter().map(|(_, _, m)| m).collect(),
    ))
}

fn merge_comparisons(files: &[ShardFile], view: &ViewOptions) -> Result<Comparison, Error> {
    let mut frame: Option<Frame> = None;
    let mut shards = Vec::new();
    let mut rows: Vec<(usize, Row)> = Vec::new();
    let (mut scanned, mut filtered_out) = (0, 0);
    for (f, file) in files.iter().enumerate() {
        let mut ended = false;
        let mut seen_head = false;
        for (line, r) in records::<CompareRecord>(file)? {
            let at = || format!("{}:{line}", crate::controls::line(&file.name));
            if ended {
                return Err(usage(&format!("{}: a record after the `end` line", at())));
            }
            match r {
                CompareRecord::Compare(h) => {
                    if seen_head {
                        return Err(usage(&format!("{}: a second `compare` line", at())));
                    }
                    seen_head = true;
                    if let Some(first) = &frame
                        && (first.rubrics != h.frame.rubrics
                            || first.columns != h.frame.columns
                            || first.schema_version != h.frame.schema_version)
                    {
                        return Err(usage(&format!(
                            "{}: this comparison has other rubrics or grid columns than {}; merge the shards of one run",
                            at(),
                            crate::controls::line(&files[0].name)
                        )));
                    }
                    shards.push(h.shard);
                    frame.get_or_insert(h.frame);
                }
                CompareRecord::Row(row) => {
                    if !seen_head {
                        return Err(usage(&format!("{}: a row before the `compare` line", at())));
                    }
                    rows.push((f, row));
                }
                CompareRecord::End {
                    scanned: s,
                    filtered_out: o,
                } => {
                    ended = true;
                    scanned += s;
                    filtered_out += o;
                }
            }
        }
        if !seen_head {
            return Err(usage(&format!(
                "{} holds no `compare` line: not a compare jsonl output",
                crate::controls::line(&file.name)
            )));
        }
        if !ended {
            return Err(cut_short(&file.name));
        }
    }
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    check_shards(&names, &shards)?;
    let sharded = shards.iter().any(Option::is_some);
    rows.sort_by_key(|(f, r)| if sharded { (0, r.index) } else { (*f, r.index) });
    if sharded && let Some(w) = rows.windows(2).find(|w| w[0].1.index == w[1].1.index) {
        return Err(usage(&format!(
            "two shards hold row {} (`{}`): they are not shards of one list",
            w[0].1.index,
            crate::controls::line(&w[1].1.target)
        )));
    }
    let frame = frame.expect("a compare line was read");
    let mut rows: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();
    if !sharded {
        // Whole runs each count from 1: number their rows anew, so in-page links stay unique.
        for (i, row) in rows.iter_mut().enumerate() {
            row.index = i + 1;
            row.anchor = format!("m{}", i + 1);
            for (j, cell) in row.cells.iter_mut().enumerate() {
                cell.anchor = format!("m{}-c{}", i + 1, j + 1);
            }
        }
    }
    Ok(compare::finish(frame, rows, scanned, filtered_out, view))
}
