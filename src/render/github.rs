//! `openness check --format github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request and the run's summary.
//!
//! - `::error` for each failed rule of severity `error` and each model that could not be read,
//!   `::warning` for each failed rule of severity `warning`, one per rule per model. Violations
//!   waived by an exception in force, or no worse than the baseline, are not annotated (they do
//!   not fail the check); the final summary counts them.
//! - `file` and `line`: the `--from` file and line that lists the model; else, for a local model,
//!   the file inside it that holds the deciding evidence, or its README.md; else the policy file
//!   at the rule's line (as in SARIF). Paths are relative to the working directory: run the check
//!   from the repository root.
//! - A final `::notice` with the counts and the exit code.
//!
//! Escaping (as the runner's parser reads it): in the message, `%`, `\r` and `\n` become `%25`,
//! `%0D` and `%0A`; in a property value, `:` and `,` also become `%3A` and `%2C`. Control and
//! bidi characters from card text or target names are shown escaped first, so nothing outside
//! can end the command or start another one.

use crate::check::{CheckRun, ModelCheck};
use crate::policy::{ModelStatus, RuleResult, RuleStatus, Severity};

use super::sarif::{place, relative};

/// A message (the text after `::`): `%`, CR and LF escaped.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A property value (`file=`, `title=`): as a message, and `:` and `,` too.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Text from outside (a target, a card's license name) on one line, control characters shown.
fn clean(s: &str) -> String {
    crate::controls::line(s).into_owned()
}

/// One workflow command.
fn command(
    name: &str,
    file: Option<&str>,
    line: Option<u64>,
    title: &str,
    message: &str,
) -> String {
    let mut props = Vec::new();
    if let Some(f) = file {
        props.push(format!("file={}", escape_property(f)));
        if let Some(l) = line {
            props.push(format!("line={l}"));
        }
    }
    props.push(format!("title={}", escape_property(&clean(title))));
    format!(
        "::{name} {}::{}\n",
        props.join(","),
        escape_data(&clean(message))
    )
}

fn annotate(
    out: &mut String,
    run: &CheckRun,
    m: &ModelCheck,
    r: Option<&RuleResult>,
    base: Option<&std::path::Path>,
) {
    let v = &m.verdict;
    let name = v.model.as_deref().unwrap_or(&v.target);
    let (path, line) = place(m, r, run);
    let file = relative(&path, base);
    match r {
        None => out.push_str(&command(
            "error",
            Some(&file),
            line,
            &format!("openness: {} could not be read", v.target),
            &format!(
                "{}: {}",
                v.target,
                v.error.as_deref().unwrap_or("could not be read")
            ),
        )),
        Some(r) => {
            let level = match r.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&command(
                level,
                Some(&file),
                line,
                &format!("openness {} ({level}): {name}", r.rule),
                &format!(
                    "{name}: {} (details: `openness scan {}`)",
                    r.message, v.target
                ),
            ));
        }
    }
}

/// Render a check as workflow commands; `base` is the working directory.
pub fn render(run: &CheckRun, base: Option<&std::path::Path>) -> String {
    let mut out = String::new();
    for m in &run.models {
        if m.verdict.status == ModelStatus::Error {
            annotate(&mut out, run, m, None, base);
            continue;
        }
        // Errors before warnings.
        for severity in [Severity::Error, Severity::Warning] {
            for r in m
                .verdict
                .rules
                .iter()
                .filter(|r| r.status == RuleStatus::Failed && r.severity == severity)
            {
                annotate(&mut out, run, m, Some(r), base);
            }
        }
    }
    let c = run.counts;
    let verdict = match run.exit_code {
        0 => "pass",
        1 => "fail",
        _ => "error",
    };
    let shard = run
        .shard
        .map(|s| format!(" (shard {s})"))
        .unwrap_or_default();
    out.push_str(&command(
        "notice",
        None,
        None,
        &format!("openness check: {verdict}"),
        &format!(
            "policy {}{shard}: {} models: {} passed, {} failed, {} could not be read; {} warnings, {} excepted, {} known from the baseline (exit code {})",
            run.policy.file,
            c.models,
            c.passed,
            c.failed,
            c.errors,
            c.warnings,
            c.excepted,
            c.known,
            run.exit_code
        ),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_as_the_runner_reads_them() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("a::b, c"), "a::b, c");
        assert_eq!(
            escape_property("models/a:b,c%d\ne"),
            "models/a%3Ab%2Cc%25d%0Ae"
        );
        // `%` first: an escape already in the text is not read as one.
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn a_command_stays_on_its_line_whatever_the_text() {
        let c = command(
            "error",
            Some("m/x,line=1:y"),
            Some(3),
            "t\n::warning::injected",
            "m\n::error file=evil::x\r\n%0A",
        );
        assert_eq!(c.matches('\n').count(), 1, "{c}");
        assert!(c.starts_with("::error file=m/x%2Cline=1%3Ay,line=3,title=t"));
        assert!(!c.contains("\n::warning"), "{c}");
        assert!(c.contains("%250A"), "{c}");
    }
}
