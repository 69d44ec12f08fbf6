//! Modified standard texts: what added wording next to (or inside) a standard license says,
//! and the facts of a standard text with changes, reported under its own `LicenseRef-` id and
//! never as the standard license.

use super::report::{Identification, Method, TextForm};
use crate::license::facts::{LicenseFacts, LicenseKind, Restriction, RestrictionKind};
use crate::license::normalize::normalize;
use crate::license::terms::sets_conditions;

/// Extra words around a standard text that make it a modified one.
const ADDED_WORDS: usize = 12;

/// Text next to a standard license that is more than a title or a copyright line.
pub(super) struct Added {
    pub words: usize,
    pub text: String,
    /// It says what may or must be done (`must`, `may not`, `only`, ...).
    conditions: bool,
    /// A title calls the text modified ("Modified MIT License").
    pub titled_modified: bool,
}

impl Added {
    pub fn of(lines: &[String]) -> Added {
        let mut out = Added {
            words: 0,
            text: String::new(),
            conditions: false,
            titled_modified: false,
        };
        for l in lines {
            let n = normalize(l);
            if n.is_empty() || n.contains("copyright") || n.contains("all rights reserved") {
                continue;
            }
            let count = n.split(' ').count();
            let title = count <= 6
                && ["license", "licence", "licensed", "version"]
                    .iter()
                    .any(|w| n.split(' ').any(|x| x == *w));
            if title {
                if n.split(' ').any(|x| x == "modified") {
                    out.titled_modified = true;
                }
                continue;
            }
            out.words += count;
            out.text.push_str(&n);
            out.text.push(' ');
        }
        out.conditions = sets_conditions(&out.text);
        out
    }

    /// Whether this added text changes the terms.
    pub fn modifies(&self) -> bool {
        self.titled_modified || (self.words > ADDED_WORDS && self.conditions)
    }
}

/// The facts of a standard text with changes: its own `LicenseRef-` id, never the standard one.
pub(super) fn modified_standard(
    base: &LicenseFacts,
    terms: &[RestrictionKind],
    confidence: f32,
    lines: Option<(usize, usize)>,
) -> Identification {
    let breaking: Vec<RestrictionKind> = terms
        .iter()
        .copied()
        .filter(|k| k.breaks_freedoms())
        .collect();
    let mut facts = base.clone();
    let base_id = base.id.trim_start_matches("LicenseRef-").to_string();
    facts.id = format!("LicenseRef-{base_id}-modified");
    facts.name = if terms.is_empty() {
        format!("{} (modified text)", base.name)
    } else {
        format!("{} with added terms", base.name)
    };
    facts.osi_approved = false;
    if !breaking.is_empty() {
        facts.osd_conformant = Some(false);
        facts.kind = if breaking.contains(&RestrictionKind::NonCommercial) {
            LicenseKind::NonCommercial
        } else {
            LicenseKind::Unknown
        };
    } else if base.osd_conformant == Some(true) {
        // Changed wording that is not recognisably restricting: cannot tell.
        facts.osd_conformant = None;
    }
    for k in terms {
        facts.restrictions.push(Restriction {
            kind: *k,
            summary: format!("the text adds a {k} term to the standard {} text", base.id),
            threshold: None,
            url: None,
        });
    }
    facts.restrictions.sort();
    facts.restrictions.dedup();
    let mut notes = vec![format!(
        "a modified {} text: not the standard license",
        base.id
    )];
    if terms.is_empty() {
        notes.push("the added wording was not recognised as restricting; read it".into());
    }
    Identification {
        facts,
        confidence,
        modified: true,
        extra_terms: terms.to_vec(),
        base: Some(base.id.clone()),
        form: TextForm::FullText,
        method: Method::SpdxText,
        lines,
        notes,
    }
}
