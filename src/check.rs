//! Check mode: many models x one policy -> a [`CheckRun`] (what `openness check` prints in every
//! format) and an exit code. Scanning is the batch engine's ([`crate::batch`]); judging is the
//! policy's ([`crate::policy::decide`]); this module puts them together, applies a baseline, and
//! counts.
//!
//! Exit codes: 0 every model passes; 1 a rule of severity `error` failed, or (without `--strict`)
//! a model could not be read; 2 an error: with `--strict`, a model that could not be read (the
//! run is then not a verdict, e.g. for a CI to retry). A bad policy, target list or baseline is
//! an error (2) before anything is scanned.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::batch::{self, Entry, Listed, Origin, Scanner, Shard};
use crate::diag::{Code, Diagnostic, Label};
use crate::error::Error;
use crate::policy::{self, Date, ModelStatus, Policy, RuleKind, RuleStatus, Severity, Verdict};

/// Version of the `check --format json` document (the baseline format).
pub const CHECK_SCHEMA_VERSION: u32 = 1;

/// A rule of the policy, as the outputs describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub rule: RuleKind,
    pub severity: Severity,
    /// The setting in words.
    pub setting: String,
    /// Its line in the policy file.
    pub line: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyInfo {
    pub file: String,
    pub version: u32,
    pub rules: Vec<RuleInfo>,
}

/// One model's result with where it was listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCheck {
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The `--from` file and line that listed it.
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub models: usize,
    pub passed: usize,
    pub failed: usize,
    /// Models that could not be read.
    pub errors: usize,
    /// Violated rules of severity `warning`.
    pub warnings: usize,
    /// Violations waived by an exception in force.
    pub excepted: usize,
    /// Violations no worse than the baseline's.
    pub known: usize,
}

/// A whole check: the policy, the options that shape the result, each model, the counts and the
/// exit code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRun {
    pub schema_version: u32,
    pub tool: crate::report::Tool,
    pub policy: PolicyInfo,
    pub shard: Option<Shard>,
    pub baseline: Option<String>,
    pub strict: bool,
    pub counts: Counts,
    pub exit_code: u8,
    pub models: Vec<ModelCheck>,
}

/// How to run a check.
pub struct CheckOptions<'a> {
    pub jobs: usize,
    pub strict: bool,
    pub shard: Option<Shard>,
    pub today: Date,
    pub baseline: Option<(&'a str, &'a CheckRun)>,
}

/// What a check's result says before any model is read: the policy and the options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckHead {
    pub schema_version: u32,
    pub tool: crate::report::Tool,
    pub policy: PolicyInfo,
    pub shard: Option<Shard>,
    pub baseline: Option<String>,
    pub strict: bool,
}

impl CheckHead {
    pub fn new(policy: &Policy, options: &CheckOptions) -> CheckHead {
        CheckHead {
            schema_version: CHECK_SCHEMA_VERSION,
            tool: crate::report::Tool {
                name: env!("CARGO_PKG_NAME").into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            policy: PolicyInfo {
                file: policy.file.clone(),
                version: policy.version,
                rules: policy
                    .rules
                    .iter()
                    .map(|r| RuleInfo {
                        rule: r.kind(),
                        severity: r.severity,
                        setting: r.requirement.describe(),
                        line: r.line,
                    })
                    .collect(),
            },
            shard: options.shard,
            baseline: options.baseline.map(|(f, _)| f.to_string()),
            strict: options.strict,
        }
    }
}

impl Counts {
    /// Count one more model.
    pub fn add(&mut self, m: &ModelCheck) {
        let v = &m.verdict;
        self.models += 1;
        match v.status {
            ModelStatus::Pass => self.passed += 1,
            ModelStatus::Fail => self.failed += 1,
            ModelStatus::Error => self.errors += 1,
        }
        self.warnings += v.warnings();
        self.excepted += v
            .rules
            .iter()
            .filter(|r| r.status == RuleStatus::Excepted)
            .count();
        self.known += v
            .rules
            .iter()
            .filter(|r| r.status == RuleStatus::Known)
            .count();
    }

    /// The exit code these counts give (see the module's documentation).
    pub fn exit_code(&self, strict: bool) -> u8 {
        if self.errors > 0 && strict {
            2
        } else if self.errors > 0 || self.failed > 0 {
            1
        } else {
            0
        }
    }
}

/// Scan every entry with `scanner`, judge it against `policy`, apply the baseline, count.
/// `done(n, entry, verdict)` reports progress as models finish (from worker threads).
pub fn run(
    policy: &Policy,
    entries: &[Listed],
    scanner: &dyn Scanner,
    options: &CheckOptions,
    done: impl Fn(usize, &str, &Verdict) + Sync,
) -> CheckRun {
    let mut models = Vec::with_capacity(entries.len());
    stream(
        policy,
        entries.iter().cloned().map(Ok).enumerate(),
        scanner,
        options,
        done,
        |_, m| models.push(m),
    );
    assemble(CheckHead::new(policy, options), models)
}

/// [`run`] over entries read as the workers need them (a listing, a long file), each with its
/// position in the whole list: `sink(position, model)` gets the results in input order as they
/// are ready, so nothing but the results in flight is held.
pub fn stream(
    policy: &Policy,
    entries: impl Iterator<Item = (usize, Entry)> + Send,
    scanner: &dyn Scanner,
    options: &CheckOptions,
    done: impl Fn(usize, &str, &Verdict) + Sync,
    mut sink: impl FnMut(usize, ModelCheck),
) {
    let baseline = options.baseline.map(|(_, b)| Baseline::new(b));
    let name = |e: &Entry| match e {
        Ok(l) => l.target.clone(),
        Err(le) => le.list.clone(),
    };
    batch::stream(
        entries,
        options.jobs,
        |(_, e): &(usize, Entry)| match e {
            Ok(e) => match scanner.scan(&e.target) {
                Ok(report) => policy::decide(policy, &report, &e.target, options.today),
                Err(err) => Verdict::unreadable(&e.target, err.to_string()),
            },
            Err(le) => Verdict::unreadable(&le.list, le.message.clone()),
        },
        |(_, e), msg| {
            Verdict::unreadable(
                &name(e),
                format!(
                    "internal error while checking this model (a bug; please report it): {msg}"
                ),
            )
        },
        |n, (_, e), v| done(n, &name(e), v),
        |_, (position, e), verdict| {
            let mut m = ModelCheck {
                verdict,
                origin: e.ok().and_then(|l| l.origin),
            };
            if let Some(b) = &baseline {
                b.apply(&mut m);
            }
            sink(position, m);
        },
    );
}

/// A whole check from its head and its models: the counts and the exit code.
pub fn assemble(head: CheckHead, models: Vec<ModelCheck>) -> CheckRun {
    let mut counts = Counts::default();
    for m in &models {
        counts.add(m);
    }
    CheckRun {
        schema_version: head.schema_version,
        tool: head.tool,
        policy: head.policy,
        shard: head.shard,
        baseline: head.baseline,
        strict: head.strict,
        counts,
        exit_code: counts.exit_code(head.strict),
        models,
    }
}

/// The largest baseline read (a check of 100,000 models is about 100 MB).
const BASELINE_CAP: usize = 512 * 1024 * 1024;

/// Read a baseline: a previous `openness check --format json` output.
pub fn load_baseline(path: &std::path::Path) -> Result<CheckRun, Error> {
    let file = path.display().to_string();
    let text = crate::input::read_text(path, BASELINE_CAP, "the baseline")
        .map_err(|d| Error::Config(d.into()))?;
    let run: CheckRun = serde_json::from_str(&text).map_err(|e| {
        Error::Config(
            Diagnostic::error(
                Code::Syntax,
                format!("not an `openness check --format json` output: {e}"),
            )
            .with_label(Label::at(
                &file,
                Some(e.line() as u64),
                Some(e.column() as u64),
            ))
            .into(),
        )
    })?;
    if run.schema_version != CHECK_SCHEMA_VERSION {
        return Err(Error::Config(
            Diagnostic::error(
                Code::Invalid,
                format!(
                    "baseline schema_version {} is not supported (this openness writes {CHECK_SCHEMA_VERSION}); write a new baseline with `openness check ... --format json --output {file}`",
                    run.schema_version
                ),
            )
            .with_label(Label::file(&file))
            .into(),
        ));
    }
    Ok(run)
}

/// Mark each violation that the baseline already had, no worse, as `known` (it then no longer
/// fails). Models are matched by target as written, else by model id; rules by kind. A violation
/// is new when the model or rule is new to the baseline, when the rule passed there, or when the
/// observation got worse (a lower level, verdict or class; a license or restriction that was not
/// there). An expired exception is never hidden by a baseline.
pub fn apply_baseline(models: &mut [ModelCheck], baseline: &CheckRun) {
    let b = Baseline::new(baseline);
    for m in models.iter_mut() {
        b.apply(m);
    }
}

/// A baseline's verdicts, looked up by target and by model id.
pub struct Baseline<'a> {
    by_target: HashMap<&'a str, &'a Verdict>,
    by_model: HashMap<&'a str, &'a Verdict>,
}

impl<'a> Baseline<'a> {
    pub fn new(baseline: &'a CheckRun) -> Baseline<'a> {
        let mut by_target: HashMap<&str, &Verdict> = HashMap::new();
        let mut by_model: HashMap<&str, &Verdict> = HashMap::new();
        for m in &baseline.models {
            by_target.insert(m.verdict.target.as_str(), &m.verdict);
            if let Some(id) = &m.verdict.model {
                by_model.entry(id.as_str()).or_insert(&m.verdict);
            }
        }
        Baseline {
            by_target,
            by_model,
        }
    }

    /// [`apply_baseline`] for one model.
    pub fn apply(&self, m: &mut ModelCheck) {
        let v = &mut m.verdict;
        let before = self.by_target.get(v.target.as_str()).copied().or_else(|| {
            v.model
                .as_deref()
                .and_then(|id| self.by_model.get(id).copied())
        });
        let Some(before) = before else { return };
        for r in v.rules.iter_mut() {
            if r.status != RuleStatus::Failed || r.exception.as_ref().is_some_and(|e| e.expired) {
                continue;
            }
            let old = before.rules.iter().find(|o| o.rule == r.rule);
            if let Some(old) = old
                && old.status != RuleStatus::Passed
                && !r.observed.worse_than(&old.observed)
            {
                r.status = RuleStatus::Known;
                r.message = format!("{} (known: no worse than in the baseline)", r.message);
            }
        }
        v.settle();
    }
}
