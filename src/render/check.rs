//! The terminal summary of `openness check`: one line per model (status, level, licenses), the
//! rules that did not simply pass under it, and the counts. Colour only when asked for; the words
//! carry the meaning without it.

use crate::check::CheckRun;
use crate::policy::{ModelStatus, RuleStatus, Severity};

use super::terminal::Style;

use super::terminal::ansi as paint;

/// Control and bidi characters (from model cards or paths) never reach the terminal raw: they
/// are shown escaped, line breaks too.
fn clean(s: &str) -> String {
    crate::controls::line(s).into_owned()
}

pub fn render(run: &CheckRun, style: &super::Style) -> String {
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
    for m in &run.models {
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
                format!("{level:<24} {}", clean(&licenses))
            }
        };
        out.push_str(&format!(
            "  {} {:<width$}  {detail}\n",
            paint(word, code, style),
            clean(&v.target),
        ));
        for r in &v.rules {
            let (mark, tag, code) = match (r.status, r.severity) {
                (RuleStatus::Passed, _) => match &r.exception {
                    Some(e) if !e.needed => (
                        "i",
                        format!("exception no longer needed (policy line {})", e.line),
                        "2",
                    ),
                    _ => continue,
                },
                (RuleStatus::Failed, Severity::Error) => ("✗", "error".to_string(), "31"),
                (RuleStatus::Failed, Severity::Warning) => ("!", "warning".to_string(), "33"),
                (RuleStatus::Excepted, _) => ("~", "excepted".to_string(), "36"),
                (RuleStatus::Known, _) => ("=", "known".to_string(), "2"),
            };
            let message = if r.status == RuleStatus::Passed {
                String::new()
            } else {
                format!(": {}", clean(&r.message))
            };
            out.push_str(&format!(
                "        {} {} ({tag}){message}\n",
                paint(mark, code, style),
                r.rule,
            ));
        }
    }
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
