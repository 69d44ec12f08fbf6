//! Deprecated SPDX ids and what replaces them: `<id>-only` / `<id>-or-later` when SPDX names
//! those (`GPL-3.0` -> `GPL-3.0-only`), else the table of `licenses/deprecated.yaml`
//! (`GPL-2.0-with-classpath-exception` -> `GPL-2.0-only WITH Classpath-exception-2.0`).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_saphyr::{Location, Spanned};
use spdx::{LicenseId, ParseMode};

use super::schema::{Problems, raw_record};
use crate::diag::{Code, Diagnostics};
use crate::error::Error;

/// The file the table is read from.
const DEPRECATED_FILE: &str = "licenses/deprecated.yaml";

fn builtin() -> &'static [(String, String)] {
    static TABLE: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TABLE.get_or_init(|| super::tables::parsed(DEPRECATED_FILE, parse))
}

/// The current SPDX expression for a deprecated id (`GPL-3.0` -> `GPL-3.0-only`,
/// `GPL-2.0+` -> `GPL-2.0-or-later`), when SPDX names one.
pub fn deprecated_replacement(id: LicenseId, or_later: bool) -> Option<String> {
    if !id.is_deprecated() {
        return None;
    }
    let base = id.name.trim_end_matches('+');
    let or_later = or_later || id.name.ends_with('+');
    if let Some((_, to)) = builtin().iter().find(|(from, _)| from == base) {
        return Some(to.clone());
    }
    let suffix = if or_later { "-or-later" } else { "-only" };
    let candidate = format!("{base}{suffix}");
    spdx::license_id(&candidate)
        .filter(|l| !l.is_deprecated())
        .map(|_| candidate)
}

raw_record! {
    /// One entry of `licenses/deprecated.yaml`.
    struct RawReplacement {
        id: Spanned<String>,
        replacement: Spanned<String>,
    }
}

/// Read the table (`file` names it in diagnostics), reporting every problem: unknown keys,
/// missing fields, ids that are not deprecated SPDX ids or are listed twice, replacements that
/// are not valid SPDX expressions of current ids.
pub(crate) fn parse(file: &str, text: &str) -> Result<Vec<(String, String)>, Error> {
    let mut diags = Diagnostics::default();
    let mut p = Problems::new(file, &mut diags);
    let mut out = Vec::new();
    if let Some(entries) = p.read::<Vec<Spanned<RawReplacement>>>(text) {
        let entries = entries.value;
        let mut seen: HashMap<String, Location> = HashMap::new();
        for e in entries {
            let what = "a replacement";
            p.unknown_keys(&e.value.unknown, what, RawReplacement::KEYS);
            let id = p.text(e.value.id, "id", what, &e.referenced);
            let to = p.text(e.value.replacement, "replacement", what, &e.referenced);
            let id = id.filter(|id| {
                let deprecated = spdx::license_id(&id.value).is_some_and(|l| l.is_deprecated());
                if !deprecated {
                    p.help(
                        Code::Invalid,
                        &id.referenced,
                        format!("`{}` is not a deprecated SPDX license id", id.value),
                        "only deprecated ids need a replacement",
                    );
                } else if let Some(first) = seen.get(&id.value) {
                    let message = format!("`{}` is listed twice", id.value);
                    p.twice(&id.referenced, first, message);
                    return false;
                } else {
                    seen.insert(id.value.clone(), id.referenced);
                }
                deprecated
            });
            let to =
                to.filter(
                    |to| match spdx::Expression::parse_mode(&to.value, ParseMode::STRICT) {
                        Err(e) => {
                            p.at(
                                Code::Invalid,
                                &to.referenced,
                                format!("`{}` is not a valid SPDX expression: {e}", to.value),
                            );
                            false
                        }
                        Ok(expr) => {
                            let old = expr.requirements().any(|r| match &r.req.license {
                                spdx::LicenseItem::Spdx { id, .. } => id.is_deprecated(),
                                spdx::LicenseItem::Other(_) => false,
                            });
                            if old {
                                p.at(
                                    Code::Invalid,
                                    &to.referenced,
                                    format!(
                                        "the replacement `{}` uses a deprecated id itself",
                                        to.value
                                    ),
                                );
                            }
                            !old
                        }
                    },
                );
            if let (Some(id), Some(to)) = (id, to) {
                out.push((id.value, to.value));
            }
        }
    }
    diags.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements() {
        let id = |s| spdx::license_id(s).unwrap();
        assert_eq!(
            deprecated_replacement(id("GPL-3.0"), false).as_deref(),
            Some("GPL-3.0-only")
        );
        assert_eq!(
            deprecated_replacement(id("GPL-2.0"), true).as_deref(),
            Some("GPL-2.0-or-later")
        );
        assert_eq!(
            deprecated_replacement(id("wxWindows"), false).as_deref(),
            Some("LGPL-2.0-or-later WITH WxWindows-exception-3.1")
        );
        assert_eq!(deprecated_replacement(id("MIT"), false), None);
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text = "- id: MIT\n  replacement: MIT\n- id: GPL-3.0\n  replacement: GPL-3.0 OR\n- id: Nunit\n  replacment: Zlib\n";
        let e = parse("d.yaml", text).unwrap_err().to_string();
        for want in [
            "d.yaml:1:7: `MIT` is not a deprecated SPDX license id",
            "d.yaml:4:16: `GPL-3.0 OR` is not a valid SPDX expression",
            "d.yaml:6:3: unknown key `replacment` in a replacement\n  valid keys: id, replacement",
            "d.yaml:5:3: a replacement has no `replacement`",
        ] {
            assert!(e.contains(want), "missing {want:?} in\n{e}");
        }
    }
}
