//! A model's result against a policy: each rule's outcome (passed, failed, excepted, known from
//! the baseline), what the rule observed, and the model's status. Plain data: the check's JSON
//! output (and the `--baseline` input) is these types.

use serde::{Deserialize, Serialize};

use super::{Date, OsaidVerdict, RuleKind, Severity};
use crate::component::MofClass;
use crate::evidence::Source;
use crate::level::Level;

/// What became of one rule for one model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RuleStatus {
    Passed,
    /// Violated: fails the check when the rule's severity is `error`.
    Failed,
    /// Violated, but waived by an exception that has not expired.
    Excepted,
    /// Violated, and no worse than in the baseline (`check --baseline`).
    Known,
}

impl RuleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::Passed => "passed",
            RuleStatus::Failed => "failed",
            RuleStatus::Excepted => "excepted",
            RuleStatus::Known => "known",
        }
    }
}

/// What a rule saw, in a form a later run can be compared with (`--baseline`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Observed {
    Level(Level),
    OsaidVerdict(Option<OsaidVerdict>),
    /// `I`, `II`, `III`, or `None` for unclassified (or no MOF assessment).
    MofClass(Option<MofClass>),
    /// The offending licenses (sorted): not allowed, or denied.
    Licenses(Vec<String>),
    /// The offending restriction kinds (sorted).
    Restrictions(Vec<String>),
}

impl Observed {
    /// Whether `self` (now) is worse than `before` for the purposes of a baseline: a lower level,
    /// verdict or class, or an offending item that was not there before.
    pub fn worse_than(&self, before: &Observed) -> bool {
        match (self, before) {
            (Observed::Level(a), Observed::Level(b)) => a.rank() < b.rank(),
            (Observed::OsaidVerdict(a), Observed::OsaidVerdict(b)) => a < b,
            (Observed::MofClass(a), Observed::MofClass(b)) => a < b,
            (Observed::Licenses(a), Observed::Licenses(b))
            | (Observed::Restrictions(a), Observed::Restrictions(b)) => {
                a.iter().any(|x| !b.contains(x))
            }
            // A different kind of observation cannot be compared: treat it as new.
            _ => true,
        }
    }
}

/// The exception that applied to a rule, or would have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionUse {
    pub model: String,
    pub reason: String,
    pub expires: Date,
    pub expired: bool,
    /// False when the rule passed anyway (the exception can be removed).
    pub needed: bool,
    /// The exception's line in the policy file.
    pub line: u64,
}

/// One rule's result for one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    pub rule: RuleKind,
    pub severity: Severity,
    pub status: RuleStatus,
    pub message: String,
    pub observed: Observed,
    pub exception: Option<ExceptionUse>,
    /// Where in the model the deciding evidence is (card line, license file).
    pub sources: Vec<Source>,
    /// The rule's line in the policy file.
    pub policy_line: u64,
}

impl RuleResult {
    /// Whether this result fails the check.
    pub fn fails(&self) -> bool {
        self.status == RuleStatus::Failed && self.severity == Severity::Error
    }

    /// Whether this result is a reported, non-failing violation.
    pub fn warns(&self) -> bool {
        self.status == RuleStatus::Failed && self.severity == Severity::Warning
    }
}

/// A model's overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ModelStatus {
    /// Every error-severity rule passed (warnings may have been reported).
    Pass,
    /// At least one error-severity rule failed.
    Fail,
    /// The model could not be read or assessed.
    Error,
}

impl ModelStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ModelStatus::Pass => "pass",
            ModelStatus::Fail => "fail",
            ModelStatus::Error => "error",
        }
    }
}

/// A model's result against a policy: the facts the rules read, and each rule's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The target as written (command line or `--from` file).
    pub target: String,
    /// The model's id (`org/name`, a path), when it could be read.
    pub model: Option<String>,
    pub revision: Option<String>,
    /// Where the model was read from (local, hf-cache, hub, manifest).
    pub source: Option<String>,
    /// The folder that holds a local model's files (as given), for locations inside the model.
    /// In memory only.
    #[serde(skip)]
    pub root: Option<String>,
    pub status: ModelStatus,
    pub level: Option<Level>,
    pub osaid_verdict: Option<OsaidVerdict>,
    /// `I`, `II`, `III` or `unclassified`.
    pub mof_class: Option<String>,
    /// The licenses that govern the model (ids, sorted).
    pub licenses: Vec<String>,
    pub rules: Vec<RuleResult>,
    /// Why the model could not be read (status `error`).
    pub error: Option<String>,
}

impl Verdict {
    /// A model that could not be read or assessed.
    pub fn unreadable(target: &str, message: String) -> Verdict {
        Verdict {
            target: target.to_string(),
            model: None,
            revision: None,
            source: None,
            root: None,
            status: ModelStatus::Error,
            level: None,
            osaid_verdict: None,
            mof_class: None,
            licenses: Vec::new(),
            rules: Vec::new(),
            error: Some(message),
        }
    }

    /// Recompute `status` from the rule results (after a baseline changed some).
    pub fn settle(&mut self) {
        if self.status != ModelStatus::Error {
            self.status = if self.rules.iter().any(|r| r.fails()) {
                ModelStatus::Fail
            } else {
                ModelStatus::Pass
            };
        }
    }

    pub fn warnings(&self) -> usize {
        self.rules.iter().filter(|r| r.warns()).count()
    }
}
