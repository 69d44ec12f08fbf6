//! Policy as code: what a model must be to pass `openness check`. A policy is a YAML file
//! (`openness check --init` writes a commented starter) with a `version`, a set of rules
//! (minimum openness level, required OSAID verdict, minimum MOF class, allowed and denied licenses,
//! denied restrictions), each with a severity, and per-model exceptions that carry a reason and
//! an expiry date.
//!
//! Loading ([`Policy::parse`]) is strict: unknown keys, unknown names and invalid values are
//! errors with `file:line:column` and the list of valid names. Deciding ([`decide`]) is pure:
//! a finished [`Report`](crate::report::Report) x a [`Policy`] x today's date -> a [`Verdict`].
//! The report (not a single rubric's assessment) is the input because the headline level and the
//! licenses with their restrictions live there, next to the OSAID and MOF assessments.

mod date;
mod decide;
mod load;
mod verdict;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::assess::ChecklistStatus;
use crate::component::MofClass;
use crate::level::Level;
use crate::license::RestrictionKind;

pub use date::{Date, TODAY_ENV};
pub use decide::decide;
pub use verdict::{ExceptionUse, ModelStatus, Observed, RuleResult, RuleStatus, Verdict};

/// The policy format version this build reads.
pub const POLICY_VERSION: u32 = 1;

/// The commented starter policy `openness check --init` writes. It loads and validates (tested).
pub const STARTER: &str = include_str!("starter.yaml");

/// The kinds of rule a policy can set. The order is the order rules are evaluated and reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RuleKind {
    MinLevel,
    OsaidVerdict,
    MinMofClass,
    AllowedLicenses,
    DeniedLicenses,
    DeniedRestrictions,
}

impl RuleKind {
    pub const ALL: [RuleKind; 6] = [
        RuleKind::MinLevel,
        RuleKind::OsaidVerdict,
        RuleKind::MinMofClass,
        RuleKind::AllowedLicenses,
        RuleKind::DeniedLicenses,
        RuleKind::DeniedRestrictions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::MinLevel => "min-level",
            RuleKind::OsaidVerdict => "osaid-verdict",
            RuleKind::MinMofClass => "min-mof-class",
            RuleKind::AllowedLicenses => "allowed-licenses",
            RuleKind::DeniedLicenses => "denied-licenses",
            RuleKind::DeniedRestrictions => "denied-restrictions",
        }
    }

    /// A short title (SARIF `shortDescription`, terminal headings).
    pub fn title(self) -> &'static str {
        match self {
            RuleKind::MinLevel => "Minimum openness level",
            RuleKind::OsaidVerdict => "Required Open Source AI Definition verdict",
            RuleKind::MinMofClass => "Minimum Model Openness Framework class",
            RuleKind::AllowedLicenses => "Only allowed licenses",
            RuleKind::DeniedLicenses => "No denied license",
            RuleKind::DeniedRestrictions => "No denied license restriction",
        }
    }

    /// What the rule checks and how to resolve a violation (SARIF `help`, `openness check` docs).
    pub fn help(self) -> &'static str {
        match self {
            RuleKind::MinLevel => {
                "The model's openness level (closed < open-weights-restricted < open-weights < open-source) must be at least the policy's minimum. A model whose level is `unknown` (no license found, an unreadable card, a partial listing) never meets a minimum: the evidence cannot show it. To resolve: publish the weights under open terms (or fix the card so the license can be read), pick another model, or add a time-limited exception with a reason."
            }
            RuleKind::OsaidVerdict => {
                "The Open Source AI Definition 1.0 verdict must be at least the policy's (not-conformant < insufficient-evidence < conformant). `openness scan MODEL` lists each OSAID requirement with its evidence and what to do when it is not met."
            }
            RuleKind::MinMofClass => {
                "The Model Openness Framework class must be at least the policy's (unclassified < III < II < I). Classes are cumulative: class II needs every class III component too. `openness scan MODEL` shows the progress per class and the missing components."
            }
            RuleKind::AllowedLicenses => {
                "Every license that governs the model (the card's `license`, license files, per-component licenses; not its datasets, base models or libraries) must be on the policy's allow list. An SPDX expression is allowed when it can be satisfied with allowed licenses (`MIT OR GPL-3.0-only` needs MIT or GPL-3.0-only allowed; `A AND B` needs both). A license that could not be identified is not allowed."
            }
            RuleKind::DeniedLicenses => {
                "No license that governs the model may be on the policy's deny list. An SPDX expression is denied when it cannot be satisfied without a denied license (`MIT OR CC-BY-NC-4.0` is not denied when only CC-BY-NC-4.0 is)."
            }
            RuleKind::DeniedRestrictions => {
                "No license that governs the model may carry a denied restriction (acceptable-use-policy, field-of-use, user-threshold, model-training-ban, non-commercial, no-derivatives, geographic, revocable, gated-access, attribution, share-alike), as the license catalog records them."
            }
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleKind::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown rule `{s}`; valid rules: {}", names(&RuleKind::ALL)))
    }
}

/// Whether a violated rule fails the check (`error`) or is only reported (`warning`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The OSAID verdicts, ordered from the least to the most open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum OsaidVerdict {
    NotConformant,
    InsufficientEvidence,
    Conformant,
}

impl OsaidVerdict {
    pub const ALL: [OsaidVerdict; 3] = [
        OsaidVerdict::NotConformant,
        OsaidVerdict::InsufficientEvidence,
        OsaidVerdict::Conformant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OsaidVerdict::NotConformant => "not-conformant",
            OsaidVerdict::InsufficientEvidence => "insufficient-evidence",
            OsaidVerdict::Conformant => "conformant",
        }
    }

    /// The verdict a checklist status stands for (the OSAID rubric's words).
    pub fn from_status(s: ChecklistStatus) -> Self {
        match s {
            ChecklistStatus::Fail => OsaidVerdict::NotConformant,
            ChecklistStatus::Undetermined => OsaidVerdict::InsufficientEvidence,
            ChecklistStatus::Pass => OsaidVerdict::Conformant,
        }
    }
}

impl fmt::Display for OsaidVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A license named in an allow or deny list, as the catalog understood it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseSpec {
    /// As the policy wrote it (`apache-2.0`, `llama3.1`).
    pub written: String,
    /// The license, canonical (`Apache-2.0`, `LicenseRef-llama3.1`, `GPL-2.0+`).
    pub license: String,
    /// An exception (`WITH ...`), if the entry names one; an entry without one also covers the
    /// license with any exception.
    pub addition: Option<String>,
}

impl LicenseSpec {
    /// The canonical form, `license[ WITH addition]`.
    pub fn id(&self) -> String {
        match &self.addition {
            Some(a) => format!("{} WITH {a}", self.license),
            None => self.license.clone(),
        }
    }

    /// Whether one license requirement of a model's expression is this entry.
    pub fn covers(&self, license: &str, addition: Option<&str>) -> bool {
        self.license == license
            && match &self.addition {
                None => true,
                Some(a) => addition == Some(a.as_str()),
            }
    }
}

/// What a rule asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RuleRequirement {
    MinLevel(Level),
    OsaidVerdict(OsaidVerdict),
    MinMofClass(MofClass),
    AllowedLicenses(Vec<LicenseSpec>),
    DeniedLicenses(Vec<LicenseSpec>),
    DeniedRestrictions(Vec<RestrictionKind>),
}

impl RuleRequirement {
    pub fn kind(&self) -> RuleKind {
        match self {
            RuleRequirement::MinLevel(_) => RuleKind::MinLevel,
            RuleRequirement::OsaidVerdict(_) => RuleKind::OsaidVerdict,
            RuleRequirement::MinMofClass(_) => RuleKind::MinMofClass,
            RuleRequirement::AllowedLicenses(_) => RuleKind::AllowedLicenses,
            RuleRequirement::DeniedLicenses(_) => RuleKind::DeniedLicenses,
            RuleRequirement::DeniedRestrictions(_) => RuleKind::DeniedRestrictions,
        }
    }

    /// The setting in words: "at least open-weights", "one of: Apache-2.0, MIT".
    pub fn describe(&self) -> String {
        let ids = |l: &[LicenseSpec]| l.iter().map(|s| s.id()).collect::<Vec<_>>().join(", ");
        match self {
            RuleRequirement::MinLevel(l) => format!("openness level at least {l}"),
            RuleRequirement::OsaidVerdict(v) => format!("OSAID verdict at least {v}"),
            RuleRequirement::MinMofClass(c) => format!("MOF class {c} or better"),
            RuleRequirement::AllowedLicenses(l) => format!("licenses limited to: {}", ids(l)),
            RuleRequirement::DeniedLicenses(l) => format!("none of these licenses: {}", ids(l)),
            RuleRequirement::DeniedRestrictions(r) => format!(
                "no license restriction of kind: {}",
                r.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// One rule of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub requirement: RuleRequirement,
    pub severity: Severity,
    /// The rule's line in the policy file (for SARIF and messages).
    pub line: u64,
}

impl Rule {
    pub fn kind(&self) -> RuleKind {
        self.requirement.kind()
    }
}

/// A time-limited waiver of some rules for some models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    /// A model id or target as written in the check (`org/name`, `./models/x`); `*` matches any
    /// run of characters (`org/*`).
    pub model: String,
    pub rules: Vec<RuleKind>,
    pub reason: String,
    /// The last day the exception applies.
    pub expires: Date,
    pub line: u64,
}

impl Exception {
    /// Whether the exception names this model (by target as written, or by the model's id).
    pub fn matches(&self, target: &str, model_id: Option<&str>) -> bool {
        glob(&self.model, target) || model_id.is_some_and(|id| glob(&self.model, id))
    }

    pub fn expired(&self, today: Date) -> bool {
        today > self.expires
    }
}

/// A loaded, validated policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// Where it was loaded from (as given on the command line).
    pub file: String,
    pub version: u32,
    /// At most one rule of each kind, in [`RuleKind::ALL`] order.
    pub rules: Vec<Rule>,
    pub exceptions: Vec<Exception>,
}

impl Policy {
    /// Parse and validate a policy; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Policy, crate::Error> {
        load::parse(text, file)
    }

    /// Read and validate a policy file.
    pub fn load(path: &std::path::Path) -> Result<Policy, crate::Error> {
        let file = path.display().to_string();
        let text = crate::input::read_text(path, crate::yaml::MAX_YAML_BYTES, "the policy")
            .map_err(|d| {
                crate::Error::Config(
                    d.with_help(format!(
                        "write a starter with `openness check --init --output {file}`"
                    ))
                    .into(),
                )
            })?;
        Policy::parse(&text, &file)
    }

    pub fn rule(&self, kind: RuleKind) -> Option<&Rule> {
        self.rules.iter().find(|r| r.kind() == kind)
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// `a, b, c` from a list of named values.
fn names<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("org/*", "org/model"));
        assert!(glob("*", "anything/at all"));
        assert!(glob("org/model", "org/model"));
        assert!(!glob("org/model", "org/model-2"));
        assert!(glob("*/llama-*-instruct", "meta/llama-3-instruct"));
        assert!(!glob("*/llama-*-instruct", "meta/llama-3-base"));
        assert!(!glob("a*a", "a"));
        assert!(glob("a*a", "aa"));
    }

    #[test]
    fn rule_names_round_trip() {
        for r in RuleKind::ALL {
            assert_eq!(r.as_str().parse::<RuleKind>().unwrap(), r);
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        let err = "min-levl".parse::<RuleKind>().unwrap_err();
        assert!(err.contains("min-level, osaid-verdict"), "{err}");
    }
}
