//! License text identification by fingerprints: distinctive phrases, written for this project,
//! that a profile lists. A text matches a profile when most of its phrases occur in it.
//! Extra terms on top of a permissive text (an MIT text with a non-commercial clause) are
//! detected, and such a text is reported as modified, not as the standard license.

use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, Profile};
use super::{LicenseFacts, LicenseKind, Restriction, RestrictionKind};

/// What a text was identified as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identification {
    pub facts: LicenseFacts,
    /// 0.0 - 1.0: the share of the profile's fingerprint phrases found.
    pub confidence: f32,
    /// The text carries terms the standard license does not have.
    pub modified: bool,
    /// The terms found on top of the standard text, if any.
    pub extra_terms: Vec<RestrictionKind>,
}

/// Lower-case words separated by single spaces: punctuation, quotes and line breaks vanish, so
/// formatting differences do not matter.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Phrases that signal a term restricting the freedoms, in normalized form.
const EXTRA_TERMS: &[(&str, RestrictionKind)] = &[
    ("non commercial", RestrictionKind::NonCommercial),
    ("noncommercial", RestrictionKind::NonCommercial),
    ("not for commercial", RestrictionKind::NonCommercial),
    ("no commercial use", RestrictionKind::NonCommercial),
    ("for research purposes only", RestrictionKind::FieldOfUse),
    ("research purposes only", RestrictionKind::FieldOfUse),
    ("monthly active users", RestrictionKind::UserThreshold),
    (
        "acceptable use policy",
        RestrictionKind::AcceptableUsePolicy,
    ),
    (
        "prohibited use policy",
        RestrictionKind::AcceptableUsePolicy,
    ),
    ("use restrictions", RestrictionKind::AcceptableUsePolicy),
];

/// Restricting terms found in a normalized text.
pub fn extra_terms(normalized: &str) -> Vec<RestrictionKind> {
    let mut kinds: Vec<RestrictionKind> = EXTRA_TERMS
        .iter()
        .filter(|(phrase, _)| contains_phrase(normalized, phrase))
        .map(|(_, k)| *k)
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    haystack.match_indices(phrase).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + phrase.len()..].chars().next();
        before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
    })
}

fn score(profile: &Profile, normalized: &str) -> f32 {
    if profile.fingerprints.is_empty() {
        return 0.0;
    }
    let found = profile
        .fingerprints
        .iter()
        .filter(|p| contains_phrase(normalized, &normalize(p)))
        .count();
    found as f32 / profile.fingerprints.len() as f32
}

/// Identify a license text. `None` when no profile's fingerprints match well enough.
pub fn identify(catalog: &Catalog, text: &str) -> Option<Identification> {
    let normalized = normalize(text);
    let mut best: Option<(&Profile, f32)> = None;
    for p in catalog.profiles() {
        let s = score(p, &normalized);
        let better = match best {
            None => true,
            Some((bp, bs)) => s > bs || (s == bs && p.fingerprints.len() > bp.fingerprints.len()),
        };
        if s >= 0.6 && better {
            best = Some((p, s));
        }
    }
    let (profile, confidence) = best?;
    let mut facts = profile.facts();
    let found = extra_terms(&normalized);
    let known: Vec<RestrictionKind> = facts.restrictions.iter().map(|r| r.kind).collect();
    let extra: Vec<RestrictionKind> = found
        .into_iter()
        .filter(|k| !known.contains(k) && k.breaks_freedoms())
        .collect();
    let open_text = facts.grants_freedoms() == Some(true);
    let modified = open_text && !extra.is_empty();
    if modified {
        facts.id = format!("{}-modified", facts.id.trim_start_matches("LicenseRef-"));
        facts.id = format!("LicenseRef-{}", facts.id);
        facts.name = format!("{} with added terms", facts.name);
        facts.kind = if extra.contains(&RestrictionKind::NonCommercial) {
            LicenseKind::NonCommercial
        } else {
            LicenseKind::Unknown
        };
        facts.osi_approved = false;
        facts.osd_conformant = Some(false);
        for k in &extra {
            facts.restrictions.push(Restriction {
                kind: *k,
                summary: format!(
                    "the text adds a {} term to the standard {} text",
                    k, profile.name
                ),
                threshold: None,
                url: None,
            });
        }
        facts.restrictions.sort();
    }
    Some(Identification {
        facts,
        confidence,
        modified,
        extra_terms: if modified { extra } else { Vec::new() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization() {
        assert_eq!(normalize("  Hello,\n  World!  "), "hello world");
        assert_eq!(normalize("LLAMA 3.1"), "llama 3 1");
    }

    #[test]
    fn phrases_match_on_word_boundaries() {
        assert!(contains_phrase("the non commercial use", "non commercial"));
        assert!(!contains_phrase("anon commercial", "non commercial"));
    }

    #[test]
    fn mit_with_a_non_commercial_clause_is_not_mit() {
        let text = "MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nThe Software may not be used for commercial purposes: non-commercial use only.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.";
        let id = identify(Catalog::builtin(), text).unwrap();
        assert!(id.modified);
        assert_eq!(id.facts.kind, LicenseKind::NonCommercial);
        assert_eq!(id.facts.grants_freedoms(), Some(false));
        let plain = text.replace(
            "The Software may not be used for commercial purposes: non-commercial use only.\n\n",
            "",
        );
        let id = identify(Catalog::builtin(), &plain).unwrap();
        assert_eq!(id.facts.id, "MIT");
        assert!(!id.modified);
    }
}
