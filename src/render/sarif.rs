//! SARIF 2.1.0 for `openness check --format sarif`, shaped for GitHub code scanning
//! (`github/codeql-action/upload-sarif`).
//!
//! - `tool.driver.rules`: every rule the policy sets, plus `unreadable-model`, with help text and
//!   the default level from the rule's severity. Declaring every rule (not only those that fired)
//!   lets code scanning close an alert once a model passes.
//! - One result per violated rule per model (`level` `error` or `warning`), and one
//!   `unreadable-model` result per model that could not be read. A violation waived by an
//!   exception in force, or no worse than the baseline, is not a result (the alert closes; it
//!   comes back when the exception expires or the model gets worse).
//! - Location (code scanning needs a file in the repository): the `--from` file and line that
//!   lists the model; else, for a local model, the file inside the model that holds the deciding
//!   evidence (README.md line of the `license:` key, the LICENSE file), or its README.md; else
//!   (a Hub or cache model named on the command line) the policy file at the rule's line. Paths
//!   are relative to the working directory: run `openness check` from the repository root.
//! - `partialFingerprints` keys each alert by model and rule, so an alert follows its model when
//!   lines move.
//! - `automationDetails.id` carries the shard (`openness-check/shard-2-of-8/`), so sharded runs
//!   uploaded separately do not replace each other's alerts.

use serde_json::{Value, json};

use crate::check::{CheckRun, ModelCheck};
use crate::error::Error;
use crate::policy::{ModelStatus, RuleResult, RuleStatus, Severity};

use super::json::to_sorted_json;

/// A message a person reads (code scanning shows it as text): control and bidi characters shown
/// escaped. The data fields (`properties`, fingerprints) keep the text as it is, JSON-escaped.
fn line(s: &str) -> String {
    crate::controls::line(s).into_owned()
}

/// The schema URI written into the log (the OASIS errata01 schema).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The rule id of "the model could not be read".
pub const UNREADABLE: &str = "unreadable-model";

/// Options that only SARIF needs.
#[derive(Debug, Clone, Default)]
struct SarifOptions {
    /// The working directory, to make absolute paths relative (code scanning wants paths
    /// relative to the repository root).
    pub base: Option<std::path::PathBuf>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Render a check as a SARIF log; `base` is the working directory (paths are made relative to
/// it).
pub fn render(run: &CheckRun, base: Option<&std::path::Path>) -> Result<String, Error> {
    let options = &SarifOptions {
        base: base.map(std::path::Path::to_path_buf),
    };
    let mut rules: Vec<Value> = Vec::new();
    let mut index_of: Vec<(String, usize)> = Vec::new();
    for r in &run.policy.rules {
        index_of.push((r.rule.as_str().to_string(), rules.len()));
        rules.push(rule_descriptor(
            r.rule.as_str(),
            r.rule.title(),
            &format!(
                "{} Policy: {} ({}).",
                r.rule.help(),
                line(&r.setting),
                line(&run.policy.file)
            ),
            level(r.severity),
        ));
    }
    index_of.push((UNREADABLE.to_string(), rules.len()));
    rules.push(rule_descriptor(
        UNREADABLE,
        "The model could be read",
        "The model could not be read or assessed (a missing directory, a Hub repository that does not exist or cannot be reached, an internal error), so whether it meets the policy is unknown. It fails the check (exit code 1; 2 with --strict). Fix the target in the list, or retry when the source is reachable.",
        "error",
    ));
    let index = |id: &str| index_of.iter().find(|(i, _)| i == id).map(|(_, n)| *n);

    let mut results = Vec::new();
    for m in &run.models {
        let v = &m.verdict;
        let name = v.model.as_deref().unwrap_or(&v.target);
        if v.status == ModelStatus::Error {
            let message = v.error.clone().unwrap_or_default();
            results.push(json!({
                "ruleId": UNREADABLE,
                "ruleIndex": index(UNREADABLE),
                "level": "error",
                "kind": "fail",
                "message": {"text": line(&format!("{}: {message}", v.target))},
                "locations": [location(m, None, run, options)],
                "partialFingerprints": {"openness/model-rule/v1": format!("{}|{UNREADABLE}", v.target)},
                "properties": {"target": v.target},
            }));
            continue;
        }
        for r in v.rules.iter().filter(|r| r.status == RuleStatus::Failed) {
            let mut props = serde_json::Map::new();
            props.insert("target".into(), json!(v.target));
            props.insert("model".into(), json!(name));
            if let Some(rev) = &v.revision {
                props.insert("revision".into(), json!(rev));
            }
            if let Some(l) = v.level {
                props.insert("level".into(), json!(l.as_str()));
            }
            if let Some(e) = &r.exception
                && e.expired
            {
                props.insert("exceptionExpired".into(), json!(e.expires.to_string()));
            }
            results.push(json!({
                "ruleId": r.rule.as_str(),
                "ruleIndex": index(r.rule.as_str()),
                "level": level(r.severity),
                "kind": "fail",
                "message": {"text": line(&format!(
                    "{name}: {} (details: `openness scan {}`)",
                    r.message, v.target
                ))},
                "locations": [location(m, Some(r), run, options)],
                "partialFingerprints": {"openness/model-rule/v1": format!("{}|{}", v.target, r.rule)},
                "properties": Value::Object(props),
            }));
        }
    }

    let notifications: Vec<Value> = run
        .models
        .iter()
        .filter(|m| m.verdict.status == ModelStatus::Error)
        .map(|m| {
            json!({
                "level": "error",
                "message": {"text": line(&format!("{}: {}", m.verdict.target, m.verdict.error.clone().unwrap_or_default()))},
            })
        })
        .collect();
    let automation = match run.shard {
        Some(s) => format!("openness-check/shard-{}-of-{}/", s.index, s.count),
        None => "openness-check/".to_string(),
    };
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": run.tool.name,
                "version": run.tool.version,
                "semanticVersion": run.tool.version,
                "rules": rules,
            }},
            "automationDetails": {"id": automation},
            "invocations": [{
                "executionSuccessful": run.exit_code != 2,
                "exitCode": run.exit_code,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "policy": run.policy.file,
                "models": run.counts.models,
                "passed": run.counts.passed,
                "failed": run.counts.failed,
                "errors": run.counts.errors,
            },
        }],
    });
    to_sorted_json(&log)
}

fn rule_descriptor(id: &str, title: &str, help: &str, default_level: &str) -> Value {
    json!({
        "id": id,
        "name": pascal(id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": help},
        "help": {
            "text": format!("{help}\nSee the evidence with `openness scan TARGET`; exceptions and severities are set in the policy file."),
            "markdown": format!("**{title}**\n\n{help}\n\nSee the evidence with `openness scan TARGET`; exceptions and severities are set in the policy file."),
        },
        "defaultConfiguration": {"level": default_level},
        "properties": {"tags": ["openness", "ai-model", "license"]},
    })
}

/// Where code scanning shows a result (see the module docs).
fn location(m: &ModelCheck, r: Option<&RuleResult>, run: &CheckRun, o: &SarifOptions) -> Value {
    let v = &m.verdict;
    let (path, line) = place(m, r, run);
    let mut physical = json!({"artifactLocation": {"uri": uri(&path, o)}});
    if let Some(l) = line {
        physical["region"] = json!({"startLine": l});
    }
    json!({
        "physicalLocation": physical,
        "logicalLocations": [{"name": v.model.as_deref().unwrap_or(&v.target), "kind": "module"}],
    })
}

/// The file and line a result about `m` (and rule `r`) points at: the `--from` file and line
/// that lists the model; else, for a local model, the file inside it that holds the deciding
/// evidence, or its README.md; else the policy file at the rule's line. Shared by SARIF and the
/// GitHub annotations.
pub(super) fn place(
    m: &ModelCheck,
    r: Option<&RuleResult>,
    run: &CheckRun,
) -> (String, Option<u64>) {
    let v = &m.verdict;
    let (path, line) = if let Some(origin) = &m.origin {
        (origin.file.clone(), Some(u64::from(origin.line)))
    } else if let Some(base) = &v.root {
        let evidence = r.and_then(|r| r.sources.iter().find(|s| s.file.is_some()));
        match evidence {
            Some(s) => (
                join(base, s.file.as_deref().unwrap_or("README.md")),
                s.line.map(u64::from),
            ),
            None if v.target.to_ascii_lowercase().ends_with(".md") => (v.target.clone(), None),
            None => (join(base, "README.md"), None),
        }
    } else {
        let line = r.map(|r| r.policy_line);
        (run.policy.file.clone(), line)
    };
    (path, line.filter(|l| *l > 0))
}

fn join(base: &str, file: &str) -> String {
    let base = base.trim_end_matches(['/', '\\']);
    if base.is_empty() || base == "." {
        file.to_string()
    } else {
        format!("{base}/{file}")
    }
}

/// A path relative to the working directory `base` when it is inside it, with `/` separators
/// and no leading `./` (an absolute path elsewhere stays absolute).
pub(super) fn relative(path: &str, base: Option<&std::path::Path>) -> String {
    let mut p = path.replace('\\', "/");
    if let Some(base) = base {
        let b = base.to_string_lossy().replace('\\', "/");
        let b = b.trim_end_matches('/');
        if let Some(rest) = p.strip_prefix(&format!("{b}/")) {
            p = rest.to_string();
        }
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

/// A path as a URI reference: relative to the working directory when it can be, `/` separators,
/// no `./`, percent-encoded; an absolute path outside the working directory becomes `file://`.
fn uri(path: &str, o: &SarifOptions) -> String {
    let p = relative(path, o.base.as_deref());
    let absolute = p.starts_with('/');
    let encoded: String = p
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if absolute {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        let o = SarifOptions {
            base: Some("/work/repo".into()),
        };
        assert_eq!(uri("./models/a b/README.md", &o), "models/a%20b/README.md");
        assert_eq!(uri("/work/repo/registry.txt", &o), "registry.txt");
        assert_eq!(uri("/elsewhere/x.txt", &o), "file:///elsewhere/x.txt");
        assert_eq!(uri("models\\win\\README.md", &o), "models/win/README.md");
        assert_eq!(join("./m/", "LICENSE"), "./m/LICENSE");
        assert_eq!(pascal("denied-restrictions"), "DeniedRestrictions");
    }
}
