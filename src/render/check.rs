//! The terminal summary of `openness check`, written for the person who must act on it: the
//! models that fail first (then those that could not be read, then those that pass), one line per
//! model and one short line per failed rule (the rule, what was observed, what the policy needs),
//! and the warnings, exceptions and baseline matches summarised per rule at the end. The long
//! reasons are in the JSON and SARIF outputs, and here with `-v` (under each model, errors before
//! warnings). Colour only when asked for; the words carry the meaning without it.

use crate::check::{CheckRun, ModelCheck, RuleInfo};
use crate::license::NOASSERTION;
use crate::policy::{Date, ModelStatus, Observed, RuleKind, RuleResult, RuleStatus, Severity};

use super::terminal::Style;

use super::terminal::ansi as paint;

/// Control and bidi characters (from model cards or paths) never reach the terminal raw: they
/// are shown escaped, line breaks too.
fn clean(s: &str) -> String {
    crate::controls::line(s).into_owned()
}

/// How many names a list on one line shows before "and N more".
const LIST: usize = 3;

/// Models named as examples in a summary line.
const EXAMPLES: usize = 3;

/// `a, b, c and 4 more`: at most `n` items of a list.
fn some(items: &[String], n: usize) -> String {
    if items.len() <= n {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..n].join(", "), items.len() - n)
    }
}

/// The order models are shown in: failures, then models that could not be read, then passes.
fn model_rank(m: &ModelCheck) -> u8 {
    match m.verdict.status {
        ModelStatus::Fail => 0,
        ModelStatus::Error => 1,
        ModelStatus::Pass => 2,
    }
}

/// What a rule result is, for the reader, in the order shown under a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Error,
    Warning,
    Excepted,
    Known,
    /// Passed, with an exception that is no longer needed.
    Unneeded,
}

fn kind(r: &RuleResult) -> Option<Kind> {
    match (r.status, r.severity) {
        (RuleStatus::Failed, Severity::Error) => Some(Kind::Error),
        (RuleStatus::Failed, Severity::Warning) => Some(Kind::Warning),
        (RuleStatus::Excepted, _) => Some(Kind::Excepted),
        (RuleStatus::Known, _) => Some(Kind::Known),
        (RuleStatus::Passed, _) if r.exception.as_ref().is_some_and(|e| !e.needed) => {
            Some(Kind::Unneeded)
        }
        (RuleStatus::Passed, _) => None,
    }
}

impl Kind {
    fn mark(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Kind::Error => ("✗", "error", "31"),
            Kind::Warning => ("!", "warning", "33"),
            Kind::Excepted => ("~", "excepted", "36"),
            Kind::Known => ("=", "known", "2"),
            Kind::Unneeded => ("i", "exception not needed", "2"),
        }
    }
}

/// What the rule saw, in a few words.
fn observed(r: &RuleResult, m: &ModelCheck) -> String {
    let ids = |ids: &[String]| -> String {
        let named: Vec<String> = ids
            .iter()
            .map(|i| {
                if i == NOASSERTION {
                    "no identified license".to_string()
                } else {
                    clean(i)
                }
            })
            .collect();
        some(&named, LIST)
    };
    match &r.observed {
        Observed::Level(l) => l.as_str().to_string(),
        Observed::OsaidVerdict(Some(v)) => v.as_str().to_string(),
        Observed::OsaidVerdict(None) => "no OSAID assessment".into(),
        Observed::MofClass(Some(c)) => format!("class {}", c.as_str()),
        Observed::MofClass(None) => match &m.verdict.mof_class {
            Some(label) => clean(label),
            None => "no MOF assessment".into(),
        },
        Observed::Licenses(l) if l.is_empty() => "no license".into(),
        Observed::Licenses(l) => ids(l),
        Observed::Restrictions(k) => some(k, LIST),
    }
}

/// What the policy needs, in a few words (from the rule's setting, its lists shortened).
fn needed(rule: RuleKind, info: Option<&RuleInfo>, line: u64) -> String {
    let Some(info) = info else {
        return format!("policy line {line}");
    };
    let list = || {
        let items: Vec<String> = info
            .setting
            .split_once(": ")
            .map(|(_, l)| l)
            .unwrap_or(&info.setting)
            .split(", ")
            .map(clean)
            .collect();
        some(&items, LIST)
    };
    match rule {
        RuleKind::MinLevel | RuleKind::OsaidVerdict | RuleKind::MinMofClass => {
            format!("needs {}", clean(&info.setting))
        }
        RuleKind::AllowedLicenses => format!("allowed: {}", list()),
        RuleKind::DeniedLicenses | RuleKind::DeniedRestrictions => {
            format!("denied by the policy (line {})", info.line)
        }
    }
}

fn info(run: &CheckRun, rule: RuleKind) -> Option<&RuleInfo> {
    run.policy.rules.iter().find(|i| i.rule == rule)
}

/// One failed rule in one line: the rule, what was observed, what is needed.
fn short(run: &CheckRun, m: &ModelCheck, r: &RuleResult) -> String {
    let mut s = format!(
        "{}; {}",
        observed(r, m),
        needed(r.rule, info(run, r.rule), r.policy_line)
    );
    if let Some(e) = r.exception.as_ref().filter(|e| e.expired) {
        s.push_str(&format!(
            "; the exception for `{}` expired on {} (policy line {})",
            clean(&e.model),
            e.expires,
            e.line
        ));
    }
    s
}

fn rule_line(out: &mut String, k: Kind, r: &RuleResult, text: &str, style: &Style) {
    let (mark, tag, code) = k.mark();
    out.push_str(&format!(
        "        {} {} ({tag}): {text}\n",
        paint(mark, code, *style),
        r.rule,
    ));
}

/// `--verbose`: every rule that did not simply pass, with its whole message.
fn details(out: &mut String, m: &ModelCheck, style: &Style) {
    let mut rules: Vec<(Kind, &RuleResult)> = m
        .verdict
        .rules
        .iter()
        .filter_map(|r| kind(r).map(|k| (k, r)))
        .collect();
    rules.sort_by_key(|(k, _)| *k);
    for (k, r) in rules {
        let text = match k {
            Kind::Unneeded => match &r.exception {
                Some(e) => format!("the rule passes anyway (policy line {})", e.line),
                None => continue,
            },
            _ => clean(&r.message),
        };
        rule_line(out, k, r, &text, style);
    }
}

/// The rules of a model summarised at the end, named on its line (`warnings: a, b`).
fn tally(m: &ModelCheck) -> String {
    let mut parts = Vec::new();
    for (k, word) in [
        (Kind::Warning, "warnings"),
        (Kind::Excepted, "excepted"),
        (Kind::Known, "known"),
    ] {
        let names: Vec<&str> = m
            .verdict
            .rules
            .iter()
            .filter(|r| kind(r) == Some(k))
            .map(|r| r.rule.as_str())
            .collect();
        if !names.is_empty() {
            parts.push(format!("{word}: {}", names.join(", ")));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("  ({})", parts.join("; "))
    }
}

pub fn render(run: &CheckRun, style: &super::Style, verbose: bool) -> String {
    let style = Style::from(style);
    let mut out = String::new();
    let shard = run
        .shard
        .map(|s| format!(", shard {s}"))
        .unwrap_or_default();
    let baseline = run
        .baseline
        .as_ref()
        .map(|b| format!(", baseline {}", clean(b)))
        .unwrap_or_default();
    out.push_str(&format!(
        "openness check: policy {} ({} rules), {} models{shard}{baseline}\n\n",
        clean(&run.policy.file),
        run.policy.rules.len(),
        run.counts.models
    ));
    let width = run
        .models
        .iter()
        .map(|m| clean(&m.verdict.target).chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    let mut models: Vec<&ModelCheck> = run.models.iter().collect();
    models.sort_by_key(|m| model_rank(m));
    for m in &models {
        let v = &m.verdict;
        let (word, code) = match v.status {
            ModelStatus::Pass => ("PASS ", "32"),
            ModelStatus::Fail => ("FAIL ", "31"),
            ModelStatus::Error => ("ERROR", "35"),
        };
        let detail = match v.status {
            ModelStatus::Error => clean(v.error.as_deref().unwrap_or("")),
            _ => {
                let level = v.level.map(|l| l.as_str()).unwrap_or("-");
                let licenses = if v.licenses.is_empty() {
                    "no license".to_string()
                } else {
                    v.licenses.join(", ")
                };
                format!("{level:<24} {}{}", clean(&licenses), tally(m))
            }
        };
        out.push_str(&format!(
            "  {} {:<width$}  {detail}\n",
            paint(word, code, style),
            clean(&v.target),
        ));
        if verbose {
            details(&mut out, m, &style);
        } else if v.status == ModelStatus::Fail {
            for r in v.rules.iter().filter(|r| kind(r) == Some(Kind::Error)) {
                rule_line(&mut out, Kind::Error, r, &short(run, m, r), &style);
            }
        }
    }
    summary(&mut out, run, &models, &style);
    let c = run.counts;
    out.push_str(&format!(
        "\n{} models: {} passed, {} failed, {} could not be read; {} warnings, {} excepted, {} known from the baseline\n",
        c.models, c.passed, c.failed, c.errors, c.warnings, c.excepted, c.known
    ));
    let verdict = match run.exit_code {
        0 => paint("PASS", "32", style),
        1 => paint("FAIL", "31", style),
        _ => paint("ERROR", "35", style),
    };
    out.push_str(&format!("{verdict} (exit code {})\n", run.exit_code));
    out
}

/// The models of one group of a summary, and how often each observation came up.
#[derive(Default)]
struct Group<'a> {
    models: Vec<&'a ModelCheck>,
    seen: Vec<(String, usize)>,
    /// The exception that expires first (its date and policy line), for excepted violations.
    first_expiry: Option<(Date, u64)>,
}

impl<'a> Group<'a> {
    fn add(&mut self, m: &'a ModelCheck, r: &RuleResult) {
        let observation = observed(r, m);
        if let Some(e) = &r.exception
            && self.first_expiry.is_none_or(|(d, _)| e.expires < d)
        {
            self.first_expiry = Some((e.expires, e.line));
        }
        self.models.push(m);
        match self.seen.iter_mut().find(|(o, _)| *o == observation) {
            Some((_, n)) => *n += 1,
            None => self.seen.push((observation, 1)),
        }
    }

    fn count(&self) -> String {
        match self.models.len() {
            1 => "1 model".to_string(),
            n => format!("{n} models"),
        }
    }

    fn examples(&self) -> String {
        let names: Vec<String> = self
            .models
            .iter()
            .map(|m| clean(&m.verdict.target))
            .collect();
        if names.len() <= EXAMPLES {
            names.join(", ")
        } else {
            format!("e.g. {}", names[..EXAMPLES].join(", "))
        }
    }

    /// What was observed: the one value, or the most frequent ones with their counts
    /// (`not-conformant: 300; insufficient-evidence: 12`).
    fn observations(&self) -> String {
        if let [(only, _)] = self.seen.as_slice() {
            return only.clone();
        }
        let mut seen = self.seen.clone();
        // Most frequent first; ties in the order first seen (the sort is stable).
        seen.sort_by_key(|s| std::cmp::Reverse(s.1));
        let parts: Vec<String> = seen.iter().map(|(o, n)| format!("{o}: {n}")).collect();
        if parts.len() <= LIST {
            parts.join("; ")
        } else {
            format!(
                "{}; {} other values",
                parts[..LIST].join("; "),
                parts.len() - LIST
            )
        }
    }
}

/// The warnings, excepted and known violations per rule, and the exceptions no longer needed
/// per exception: a few lines however many models there are.
fn summary(out: &mut String, run: &CheckRun, models: &[&ModelCheck], style: &Style) {
    let sections = [
        (
            Kind::Warning,
            "Warnings (reported; they do not fail the check):",
        ),
        (
            Kind::Excepted,
            "Excepted (waived by an exception of the policy until it expires):",
        ),
        (
            Kind::Known,
            "Known (no worse than in the baseline; they do not fail the check):",
        ),
    ];
    for (k, title) in sections {
        let mut groups: Vec<(RuleKind, Group)> = Vec::new();
        for m in models {
            for r in m.verdict.rules.iter().filter(|r| kind(r) == Some(k)) {
                let i = match groups.iter().position(|(rule, _)| *rule == r.rule) {
                    Some(i) => i,
                    None => {
                        groups.push((r.rule, Group::default()));
                        groups.len() - 1
                    }
                };
                groups[i].1.add(m, r);
            }
        }
        if groups.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(title);
        out.push('\n');
        for (rule, g) in &groups {
            let (mark, tag, code) = k.mark();
            let needs = match (k, g.first_expiry) {
                (Kind::Excepted, Some((date, line))) => {
                    format!("waived until {date} (policy line {line})")
                }
                _ => info(run, *rule)
                    .map(|i| needed(*rule, Some(i), i.line))
                    .unwrap_or_default(),
            };
            out.push_str(&format!(
                "  {} {rule} ({tag}): {} ({}), {needs}; {}\n",
                paint(mark, code, *style),
                g.count(),
                g.observations(),
                g.examples(),
            ));
        }
    }
    // An exception that is no longer needed: one line per exception (its policy line).
    let mut unneeded: Vec<(u64, Vec<&str>, Vec<String>)> = Vec::new();
    for m in models {
        for r in &m.verdict.rules {
            let Some(e) = r
                .exception
                .as_ref()
                .filter(|_| kind(r) == Some(Kind::Unneeded))
            else {
                continue;
            };
            let i = match unneeded.iter().position(|(line, _, _)| *line == e.line) {
                Some(i) => i,
                None => {
                    unneeded.push((e.line, Vec::new(), Vec::new()));
                    unneeded.len() - 1
                }
            };
            let (_, rules, targets) = &mut unneeded[i];
            if !rules.contains(&r.rule.as_str()) {
                rules.push(r.rule.as_str());
            }
            let t = clean(&m.verdict.target);
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
    }
    if !unneeded.is_empty() {
        out.push_str("\nExceptions that can be removed (the rules pass without them):\n");
        for (line, rules, targets) in unneeded {
            let (mark, _, code) = Kind::Unneeded.mark();
            out.push_str(&format!(
                "  {} exception no longer needed (policy line {line}): {}; {}\n",
                paint(mark, code, *style),
                rules.join(", "),
                some(&targets, EXAMPLES),
            ));
        }
    }
}
