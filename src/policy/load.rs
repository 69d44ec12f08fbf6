//! Reading a policy file: YAML (via [`crate::yaml`]) into raw, span-carrying structures, then
//! validation into a [`Policy`]. Every problem is reported with `file:line:column`; unknown keys
//! and unknown names list the valid ones.

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::{
    Date, Exception, LicenseSpec, OsaidVerdict, POLICY_VERSION, Policy, Rule, RuleKind,
    RuleRequirement, Severity, names,
};
use crate::component::MofClass;
use crate::diag::{Diagnostic, Problems};
use crate::error::Error;
use crate::level::Level;
use crate::license::{Catalog, NOASSERTION, Resolution, RestrictionKind};
use crate::yaml;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    version: Option<Spanned<u32>>,
    #[serde(default)]
    rules: Option<Spanned<RawRules>>,
    #[serde(default)]
    exceptions: Vec<Spanned<RawException>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    #[serde(default)]
    min_level: Option<Spanned<RawMinLevel>>,
    #[serde(default)]
    osaid_verdict: Option<Spanned<RawOsaid>>,
    #[serde(default)]
    min_mof_class: Option<Spanned<RawMof>>,
    #[serde(default)]
    allowed_licenses: Option<Spanned<RawLicenses>>,
    #[serde(default)]
    denied_licenses: Option<Spanned<RawLicenses>>,
    #[serde(default)]
    denied_restrictions: Option<Spanned<RawRestrictions>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMinLevel {
    level: Spanned<Level>,
    #[serde(default)]
    severity: Severity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOsaid {
    verdict: OsaidVerdict,
    #[serde(default)]
    severity: Severity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMof {
    class: MofClass,
    #[serde(default)]
    severity: Severity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicenses {
    licenses: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    severity: Severity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRestrictions {
    restrictions: Spanned<Vec<Spanned<RestrictionKind>>>,
    #[serde(default)]
    severity: Severity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    model: Spanned<String>,
    rules: Spanned<Vec<Spanned<RuleKind>>>,
    reason: Spanned<String>,
    expires: Spanned<String>,
}

const EXAMPLE_HINT: &str = "(`openness check --init` writes a commented example)";

pub(super) fn parse(text: &str, file: &str) -> Result<Policy, Error> {
    let raw: RawPolicy = yaml::parse(text, yaml::Duplicates::Reject)
        .map_err(|e| Error::Config(Diagnostic::yaml(file, &e).with_help(EXAMPLE_HINT).into()))?;
    let mut p = Problems::new(file);
    let version = match &raw.version {
        Some(v) if v.value == POLICY_VERSION => POLICY_VERSION,
        Some(v) => {
            p.at(
                &v.referenced,
                format!(
                    "policy version {} is not supported; this openness reads version {POLICY_VERSION}",
                    v.value
                ),
            );
            v.value
        }
        None => {
            p.at(
                &Location::UNKNOWN,
                format!("the policy has no `version`; start it with `version: {POLICY_VERSION}`"),
            );
            0
        }
    };
    let mut rules = Vec::new();
    match &raw.rules {
        None => p.at(
            &Location::UNKNOWN,
            format!(
                "the policy has no `rules`; set at least one of: {} {EXAMPLE_HINT}",
                names(&RuleKind::ALL)
            ),
        ),
        Some(r) => read_rules(&r.value, &r.referenced, &mut rules, &mut p),
    }
    let mut exceptions = Vec::new();
    for e in &raw.exceptions {
        if let Some(x) = read_exception(&e.value, &e.referenced, &rules, &mut p) {
            exceptions.push(x);
        }
    }
    if !p.list.is_empty() {
        return Err(Error::Config(p.list));
    }
    Ok(Policy {
        file: file.to_string(),
        version,
        rules,
        exceptions,
    })
}

fn read_rules(raw: &RawRules, at: &Location, rules: &mut Vec<Rule>, p: &mut Problems) {
    let mut push = |requirement, severity, loc: &Location| {
        rules.push(Rule {
            requirement,
            severity,
            line: loc.line(),
        })
    };
    if let Some(r) = &raw.min_level {
        let level = r.value.level.value;
        if level == Level::Unknown {
            p.at(
                &r.value.level.referenced,
                format!(
                    "`unknown` cannot be a minimum level; valid minimums: {} (a model whose level is unknown never meets a minimum)",
                    names(&Level::ALL[..4])
                ),
            );
        } else {
            push(
                RuleRequirement::MinLevel(level),
                r.value.severity,
                &r.referenced,
            );
        }
    }
    if let Some(r) = &raw.osaid_verdict {
        push(
            RuleRequirement::OsaidVerdict(r.value.verdict),
            r.value.severity,
            &r.referenced,
        );
    }
    if let Some(r) = &raw.min_mof_class {
        push(
            RuleRequirement::MinMofClass(r.value.class),
            r.value.severity,
            &r.referenced,
        );
    }
    let allowed = raw
        .allowed_licenses
        .as_ref()
        .map(|r| (r, read_licenses(&r.value.licenses, "allowed-licenses", p)));
    let denied = raw
        .denied_licenses
        .as_ref()
        .map(|r| (r, read_licenses(&r.value.licenses, "denied-licenses", p)));
    if let (Some((_, a)), Some((d_raw, d))) = (&allowed, &denied) {
        for spec in d {
            if a.iter().any(|x| x.id() == spec.id()) {
                p.at(
                    &d_raw.value.licenses.referenced,
                    format!(
                        "`{}` is both allowed and denied; keep it in one list",
                        spec.id()
                    ),
                );
            }
        }
    }
    if let Some((r, specs)) = allowed {
        push(
            RuleRequirement::AllowedLicenses(specs),
            r.value.severity,
            &r.referenced,
        );
    }
    if let Some((r, specs)) = denied {
        push(
            RuleRequirement::DeniedLicenses(specs),
            r.value.severity,
            &r.referenced,
        );
    }
    if let Some(r) = &raw.denied_restrictions {
        let list = &r.value.restrictions;
        let mut kinds: Vec<RestrictionKind> = Vec::new();
        for k in &list.value {
            if kinds.contains(&k.value) {
                p.at(&k.referenced, format!("`{}` is listed twice", k.value));
            } else {
                kinds.push(k.value);
            }
        }
        if kinds.is_empty() {
            p.at(
                &list.referenced,
                format!(
                    "`denied-restrictions` lists no restriction; valid kinds: {}",
                    names(&RestrictionKind::ALL)
                ),
            );
        }
        push(
            RuleRequirement::DeniedRestrictions(kinds),
            r.value.severity,
            &r.referenced,
        );
    }
    if rules.is_empty() && p.list.is_empty() {
        p.at(
            at,
            format!(
                "`rules` sets no rule; set at least one of: {}",
                names(&RuleKind::ALL)
            ),
        );
    }
}

/// Understand each license entry with the catalog: SPDX ids in any case, Hugging Face ids and
/// aliases (`apache-2.0`, `llama3.1`), `LicenseRef-` ids the catalog knows (and their
/// `-modified` variants, which the text identifier reports for altered standard texts).
fn read_licenses(
    list: &Spanned<Vec<Spanned<String>>>,
    rule: &str,
    p: &mut Problems,
) -> Vec<LicenseSpec> {
    let catalog = Catalog::builtin();
    let mut out: Vec<LicenseSpec> = Vec::new();
    for entry in &list.value {
        let written = entry.value.trim();
        match license_spec(catalog, written) {
            Ok(spec) => {
                if out.iter().any(|s| s.id() == spec.id()) {
                    p.at(
                        &entry.referenced,
                        format!("`{written}` is listed twice (as `{}`)", spec.id()),
                    );
                } else {
                    out.push(spec);
                }
            }
            Err(message) => p.at(&entry.referenced, message),
        }
    }
    if list.value.is_empty() {
        p.at(
            &list.referenced,
            format!("`{rule}` lists no license; give SPDX ids or LicenseRef ids"),
        );
    }
    out
}

fn license_spec(catalog: &Catalog, written: &str) -> Result<LicenseSpec, String> {
    if written.is_empty() {
        return Err("an empty license entry".into());
    }
    let upper = format!(" {} ", written.to_uppercase());
    if upper.contains(" AND ") || upper.contains(" OR ") || written.contains(['(', ')', '/']) {
        return Err(format!(
            "`{written}` is an expression; list one license per entry (a model's own expression is evaluated against the list)"
        ));
    }
    let resolved = catalog.resolve(written);
    let id = match resolved.resolution {
        Resolution::Unresolved => {
            // `LicenseRef-<base>-modified`: a standard text with added terms (see
            // `license::identify`), accepted when the catalog knows `<base>`.
            let base = written
                .strip_prefix("LicenseRef-")
                .and_then(|b| b.strip_suffix("-modified"))
                .map(|b| catalog.resolve(b))
                .filter(|r| {
                    r.resolution != Resolution::Unresolved
                        && r.facts.id != NOASSERTION
                        && !r.facts.id.contains(' ')
                });
            match base {
                Some(b) => format!(
                    "LicenseRef-{}-modified",
                    b.facts.id.trim_start_matches("LicenseRef-")
                ),
                None => return Err(unknown_license(catalog, written)),
            }
        }
        _ if resolved.facts.id == NOASSERTION => return Err(unknown_license(catalog, written)),
        _ => resolved.facts.id.clone(),
    };
    let expr = spdx::Expression::parse_mode(&id, spdx::ParseMode::LAX)
        .map_err(|e| format!("`{written}` (read as `{id}`) is not a license id: {e}"))?;
    let reqs: Vec<&spdx::expression::ExpressionReq> = expr.requirements().collect();
    match reqs.as_slice() {
        [one] => Ok(LicenseSpec {
            written: written.to_string(),
            license: one.req.license.to_string(),
            addition: one.req.addition.as_ref().map(|a| a.to_string()),
        }),
        _ => Err(format!(
            "`{written}` stands for the expression `{id}`; list its licenses one per entry"
        )),
    }
}

fn unknown_license(catalog: &Catalog, written: &str) -> String {
    let mut refs: Vec<&str> = catalog
        .profiles()
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| id.starts_with("LicenseRef-"))
        .collect();
    refs.sort();
    format!(
        "unknown license `{written}`; write an SPDX id (Apache-2.0, MIT, CC-BY-NC-4.0, ...), a Hugging Face license id (apache-2.0, llama3.1, ...) or one of the catalog's LicenseRef ids: {}",
        refs.join(", ")
    )
}

fn read_exception(
    raw: &RawException,
    at: &Location,
    rules: &[Rule],
    p: &mut Problems,
) -> Option<Exception> {
    let before = p.list.len();
    let model = raw.model.value.trim().to_string();
    if model.is_empty() {
        p.at(
            &raw.model.referenced,
            "`model` is empty; give a model id (org/name), a target as written, or a pattern with `*`",
        );
    }
    let mut kinds = Vec::new();
    for r in &raw.rules.value {
        if !rules.iter().any(|x| x.kind() == r.value) {
            p.at(
                &r.referenced,
                format!(
                    "the exception names `{}`, which this policy does not set; rules set: {}",
                    r.value,
                    names(&rules.iter().map(|r| r.kind()).collect::<Vec<_>>())
                ),
            );
        } else if kinds.contains(&r.value) {
            p.at(&r.referenced, format!("`{}` is listed twice", r.value));
        } else {
            kinds.push(r.value);
        }
    }
    if raw.rules.value.is_empty() {
        p.at(
            &raw.rules.referenced,
            format!(
                "the exception lists no rule; name the rules it waives (of: {})",
                names(&RuleKind::ALL)
            ),
        );
    }
    let reason = raw.reason.value.trim().to_string();
    if reason.is_empty() {
        p.at(
            &raw.reason.referenced,
            "`reason` is empty; say why the exception is granted (and who approved it)",
        );
    }
    let expires = match raw.expires.value.trim().parse::<Date>() {
        Ok(d) => Some(d),
        Err(e) => {
            p.at(&raw.expires.referenced, format!("`expires`: {e}"));
            None
        }
    };
    (p.list.len() == before).then(|| Exception {
        model,
        rules: kinds,
        reason,
        expires: expires.expect("checked above"),
        line: at.line(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text, "p.yaml").unwrap_err().to_string()
    }

    #[test]
    fn the_starter_policy_loads() {
        let p = parse(super::super::STARTER, "starter.yaml").unwrap();
        assert_eq!(p.version, 1);
        assert!(!p.rules.is_empty());
        assert!(p.rules.iter().all(|r| r.line > 0));
    }

    #[test]
    fn licenses_are_understood_in_any_spelling() {
        let p = parse(
            "version: 1\nrules:\n  allowed-licenses:\n    licenses: [apache-2.0, MIT, 'apache-2.0 WITH LLVM-exception', llama3.1, LicenseRef-MIT-modified, gpl-2.0-or-later]\n",
            "p.yaml",
        );
        let p = match p {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        let RuleRequirement::AllowedLicenses(l) = &p.rules[0].requirement else {
            panic!()
        };
        let ids: Vec<String> = l.iter().map(|s| s.id()).collect();
        assert_eq!(
            ids,
            [
                "Apache-2.0",
                "MIT",
                "Apache-2.0 WITH LLVM-exception",
                "LicenseRef-llama3.1",
                "LicenseRef-MIT-modified",
                "GPL-2.0-or-later"
            ]
        );
    }

    #[test]
    fn errors_point_at_the_line_and_list_valid_names() {
        let e = err("version: 1\nrules:\n  min-level:\n    level: opensource\n");
        assert!(e.starts_with("p.yaml:4:"), "{e}");
        assert!(e.contains("open-weights-restricted"), "{e}");

        let e = err("version: 1\nrules:\n  min-level:\n    level: unknown\n");
        assert!(e.starts_with("p.yaml:4:12:"), "{e}");
        assert!(
            e.contains("closed, open-weights-restricted, open-weights, open-source"),
            "{e}"
        );

        let e = err("version: 1\nrules:\n  max-level:\n    level: closed\n");
        assert!(e.starts_with("p.yaml:3:"), "{e}");
        assert!(e.contains("min-level"), "{e}");

        let e = err("version: 1\nrules:\n  denied-restrictions:\n    restrictions: [user-cap]\n");
        assert!(e.starts_with("p.yaml:4:"), "{e}");
        assert!(e.contains("user-threshold"), "{e}");

        let e = err("version: 1\nrules:\n  osaid-verdict:\n    verdict: open\n");
        assert!(e.contains("insufficient-evidence"), "{e}");

        let e = err("version: 1\nrules:\n  min-mof-class:\n    class: IV\n");
        assert!(e.contains("III"), "{e}");

        let e = err("version: 1\nrules:\n  min-level:\n    level: closed\n    severity: fatal\n");
        assert!(e.starts_with("p.yaml:5:"), "{e}");
        assert!(e.contains("warning"), "{e}");

        let e = err(
            "version: 1\nrules:\n  denied-licenses:\n    licenses:\n      - MIT\n      - not-a-license\n",
        );
        assert!(e.starts_with("p.yaml:6:9:"), "{e}");
        assert!(e.contains("LicenseRef-llama3.1"), "{e}");

        let e = err("version: 1\nrules:\n  denied-licenses:\n    licenses: [MIT OR Apache-2.0]\n");
        assert!(e.contains("one license per entry"), "{e}");
    }

    #[test]
    fn versions_and_structure() {
        assert!(err("rules:\n  min-level:\n    level: closed\n").contains("version: 1"));
        let e = err("version: 2\nrules:\n  min-level:\n    level: closed\n");
        assert!(e.starts_with("p.yaml:1:"), "{e}");
        assert!(e.contains("version 2 is not supported"), "{e}");
        assert!(err("version: 1\n").contains("no `rules`"));
        assert!(err("version: 1\nrules: {}\n").contains("sets no rule"));
        let e = err("version: 1\nrule:\n  min-level:\n    level: closed\n");
        assert!(e.contains("rules") && e.contains("exceptions"), "{e}");
        let e = err(
            "version: 1\nrules:\n  allowed-licenses:\n    licenses: [MIT]\n  denied-licenses:\n    licenses: [mit]\n",
        );
        assert!(e.contains("both allowed and denied"), "{e}");
    }

    #[test]
    fn exceptions_are_validated() {
        let base = "version: 1\nrules:\n  min-level:\n    level: open-weights\n";
        let ok = parse(
            &format!(
                "{base}exceptions:\n  - model: org/*\n    rules: [min-level]\n    reason: approved by legal\n    expires: 2026-06-30\n"
            ),
            "p.yaml",
        )
        .unwrap();
        assert_eq!(ok.exceptions[0].expires.to_string(), "2026-06-30");
        assert_eq!(ok.exceptions[0].line, 6);

        let e = err(&format!(
            "{base}exceptions:\n  - model: org/a\n    rules: [denied-licenses]\n    reason: x\n    expires: 2026-06-30\n"
        ));
        assert!(e.starts_with("p.yaml:7:"), "{e}");
        assert!(e.contains("does not set"), "{e}");

        let e = err(&format!(
            "{base}exceptions:\n  - model: org/a\n    rules: [min-level]\n    reason: x\n    expires: 2026-02-30\n"
        ));
        assert!(e.starts_with("p.yaml:9:"), "{e}");

        let e = err(&format!(
            "{base}exceptions:\n  - model: org/a\n    rules: [min-level]\n    reason: ''\n    expires: 2026-02-01\n"
        ));
        assert!(e.contains("`reason` is empty"), "{e}");

        let e = err(&format!(
            "{base}exceptions:\n  - model: org/a\n    rules: [min-level]\n    reason: x\n"
        ));
        assert!(e.contains("expires"), "{e}");
    }
}
