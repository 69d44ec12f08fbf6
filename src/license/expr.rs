//! SPDX expressions: the facts of `MIT OR Apache-2.0` from the facts of its licenses (OR lets
//! the licensee pick the most open side; AND imposes both), deprecated ids read as their
//! replacement with a note, and the lenient reading of what is not a valid expression
//! (`apache-2.0/mit`, `isc or zlib`, `GPL-2.0+`).
//!
//! The licenses themselves come from a [`Leaves`] (the catalog), so this module knows nothing of
//! profiles.

use std::collections::HashMap;
use std::sync::OnceLock;

use spdx::expression::{ExprNode, Operator};
use spdx::{LicenseId, LicenseItem, ParseMode};

use super::deprecated::deprecated_replacement;
use super::facts::{LicenseFacts, LicenseKind};

/// Where the facts of an expression's licenses come from.
pub(crate) trait Leaves {
    /// The facts of an SPDX license id.
    fn spdx_facts(&self, id: LicenseId) -> LicenseFacts;
    /// The facts of a `LicenseRef-` id, when it is known.
    fn license_ref_facts(&self, id: &str) -> Option<LicenseFacts>;
    /// The catalog id a word names, whatever its case (a Hub id, a profile's id or alias).
    fn known_id(&self, word: &str) -> Option<String>;
}

/// Facts of a whole expression, and notes on what was read as what. OR lets the licensee pick
/// the most open side; AND imposes both. Deprecated ids are read as their replacement.
pub(crate) fn expression_facts(
    expr: &spdx::Expression,
    leaves: &impl Leaves,
) -> Option<(LicenseFacts, Vec<String>)> {
    let mut stack: Vec<LicenseFacts> = Vec::new();
    let mut notes = Vec::new();
    for node in expr.iter() {
        match node {
            ExprNode::Req(r) => {
                let facts = match &r.req.license {
                    LicenseItem::Spdx { id, or_later } => {
                        match deprecated_replacement(*id, *or_later) {
                            Some(current) => {
                                notes.push(format!(
                                    "`{}{}` is a deprecated SPDX id; read as `{current}`",
                                    id.name,
                                    if *or_later { "+" } else { "" }
                                ));
                                let parsed =
                                    spdx::Expression::parse_mode(&current, ParseMode::STRICT)
                                        .ok()?;
                                expression_facts(&parsed, leaves)?.0
                            }
                            None => {
                                if id.is_deprecated() {
                                    notes.push(format!(
                                        "`{}` is a deprecated SPDX id with no direct replacement",
                                        id.name
                                    ));
                                }
                                let mut f = leaves.spdx_facts(*id);
                                if *or_later && !f.id.ends_with('+') {
                                    f.id.push('+');
                                }
                                f
                            }
                        }
                    }
                    LicenseItem::Other(lr) => {
                        let id = match &lr.doc_ref {
                            Some(doc) => format!("DocumentRef-{doc}:LicenseRef-{}", lr.lic_ref),
                            None => format!("LicenseRef-{}", lr.lic_ref),
                        };
                        match leaves.license_ref_facts(&id) {
                            Some(f) => f,
                            None => {
                                notes.push(format!(
                                    "`{id}` is not a license this catalog knows; its terms are unknown"
                                ));
                                LicenseFacts {
                                    id: id.clone(),
                                    ..LicenseFacts::unknown(&id)
                                }
                            }
                        }
                    }
                };
                let facts = match &r.req.addition {
                    Some(add) => {
                        let name = add.to_string();
                        if let Some(e) = spdx::exception_id(&name)
                            && e.is_deprecated()
                        {
                            notes.push(format!("`{name}` is a deprecated SPDX exception id"));
                        }
                        LicenseFacts {
                            id: format!("{} WITH {name}", facts.id),
                            name: format!("{} with {name}", facts.name),
                            ..facts
                        }
                    }
                    None => facts,
                };
                stack.push(facts);
            }
            ExprNode::Op(op) => {
                let right = stack.pop()?;
                let left = stack.pop()?;
                stack.push(combine(*op, left, right));
            }
        }
    }
    let facts = stack.pop()?;
    stack.is_empty().then_some((facts, notes))
}

/// Every SPDX license id by its lower-case spelling.
fn spdx_lower() -> &'static HashMap<String, LicenseId> {
    static MAP: OnceLock<HashMap<String, LicenseId>> = OnceLock::new();
    MAP.get_or_init(|| {
        spdx::identifiers::LICENSES
            .iter()
            .filter_map(|l| spdx::license_id(l.name).map(|id| (l.name.to_lowercase(), id)))
            .collect()
    })
}

/// Replace each word that case-insensitively names an SPDX id, a Hub id or a profile with its
/// id, and `/` or `,` with OR.
pub(crate) fn lenient_rewrite(s: &str, leaves: &impl Leaves) -> Option<String> {
    let spaced = s
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace(['/', ','], " OR ");
    let mut out = Vec::new();
    for token in spaced.split_whitespace() {
        let lower = token.to_lowercase();
        let replaced = match lower.as_str() {
            "and" | "or" | "with" | "(" | ")" => token.to_uppercase(),
            _ => {
                let plus_base = token.strip_suffix('+').and_then(spdx::license_id);
                if let Some(current) = plus_base.and_then(|id| deprecated_replacement(id, true)) {
                    // `GPL-2.0+`: the deprecated "or later" spelling.
                    current
                } else if let Some(id) = leaves.known_id(token) {
                    id
                } else if let Some(id) = spdx_lower().get(&lower) {
                    id.name.to_string()
                } else if let Some(e) = spdx::identifiers::EXCEPTIONS
                    .iter()
                    .find(|e| e.name.eq_ignore_ascii_case(token))
                {
                    e.name.to_string()
                } else if let Some((id, _)) =
                    spdx::imprecise_license_id(&lower).filter(|(_, len)| *len == lower.len())
                {
                    id.name.to_string()
                } else {
                    token.to_string()
                }
            }
        };
        out.push(replaced);
    }
    let out = out.join(" ").replace("( ", "(").replace(" )", ")");
    (!out.is_empty()).then_some(out)
}

/// How open a license is, for choosing between the sides of an OR (lower is more open).
fn openness_rank(f: &LicenseFacts) -> (u8, usize, LicenseKind) {
    let freedom = match f.grants_freedoms() {
        Some(true) => 0,
        None => 1,
        Some(false) => 2,
    };
    (freedom, f.freedom_restrictions().count(), f.kind)
}

fn combine(op: Operator, left: LicenseFacts, right: LicenseFacts) -> LicenseFacts {
    let needs_parens = |f: &LicenseFacts, other_op: &str| f.id.contains(other_op);
    match op {
        Operator::Or => {
            let id = format!(
                "{} OR {}",
                paren(&left.id, needs_parens(&left, " AND ")),
                paren(&right.id, needs_parens(&right, " AND "))
            );
            let name = format!("{} or {}", left.name, right.name);
            let best = if openness_rank(&right) < openness_rank(&left) {
                right
            } else {
                left
            };
            LicenseFacts { id, name, ..best }
        }
        Operator::And => {
            let id = format!(
                "{} AND {}",
                paren(&left.id, needs_parens(&left, " OR ")),
                paren(&right.id, needs_parens(&right, " OR "))
            );
            let osd = match (left.osd_conformant, right.osd_conformant) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            let mut restrictions = left.restrictions.clone();
            restrictions.extend(right.restrictions.iter().cloned());
            restrictions.sort();
            restrictions.dedup();
            let content_types = left
                .content_types
                .iter()
                .copied()
                .filter(|t| right.content_types.contains(t))
                .collect();
            LicenseFacts {
                id,
                name: format!("{} and {}", left.name, right.name),
                kind: left.kind.max(right.kind),
                osi_approved: left.osi_approved && right.osi_approved,
                osd_conformant: osd,
                restrictions,
                content_types,
                url: None,
            }
        }
    }
}

fn paren(s: &str, wrap: bool) -> String {
    if wrap {
        format!("({s})")
    } else {
        s.to_string()
    }
}
