//! Conflicts: repository-level license statements that disagree (the card's `license` against
//! its `license_name` or `license_link`, the card against the license files), each with both
//! sources named.
//!
//! What is not a conflict: a use policy next to its license (it accompanies it), several license
//! files covering several parts (code and weights), a card whose license one of the files
//! confirms, an unidentified text, a list in `license:` (deliberate).

use super::licenses::POLICY_NOTE;
use crate::evidence::{Conflict, LicenseEvidence, LicenseOrigin, LicenseScope};
use crate::license::{LicenseFacts, NOASSERTION};

/// Whether a statement is a use policy (it accompanies a license).
pub fn is_policy(l: &LicenseEvidence) -> bool {
    l.notes.iter().any(|n| n.starts_with(POLICY_NOTE))
        || l.facts.id.contains("acceptable-use-policy")
}

/// Whether two statements name the same terms: the same id, one side of an OR, one term of an
/// AND, or the same license spelled as a deprecated and a current SPDX id.
fn same_terms(a: &LicenseFacts, b: &LicenseFacts) -> bool {
    let parts = |id: &str| -> Vec<String> {
        id.split([' ', '(', ')'])
            .filter(|t| !t.is_empty() && !matches!(*t, "OR" | "AND" | "WITH"))
            .map(|t| t.trim_end_matches('+').to_string())
            .collect()
    };
    if a.id == b.id {
        return true;
    }
    let (pa, pb) = (parts(&a.id), parts(&b.id));
    (pa.len() > 1 && pa.contains(&b.id)) || (pb.len() > 1 && pb.contains(&a.id))
}

/// "README.md:2 (`license`) declares apache-2.0 (Apache-2.0)" or "LICENSE is the Llama ...".
pub(crate) fn statement(l: &LicenseEvidence) -> String {
    match l.origin {
        LicenseOrigin::LicenseFile if l.facts.id.ends_with("-modified") => {
            format!("{} is {} ({})", l.source, l.facts.name, l.facts.id)
        }
        LicenseOrigin::LicenseFile => {
            format!("{} is the {} ({})", l.source, l.facts.name, l.facts.id)
        }
        _ if l.declared == l.facts.id => format!("{} declares {}", l.source, l.declared),
        _ => format!("{} declares {} ({})", l.source, l.declared, l.facts.id),
    }
}

fn conflict(a: &LicenseEvidence, b: &LicenseEvidence) -> Conflict {
    let open = |f: &LicenseFacts| f.grants_freedoms() == Some(true);
    let weight = if b.facts.id.ends_with("-modified")
        && b.facts
            .id
            .trim_start_matches("LicenseRef-")
            .trim_end_matches("-modified")
            == a.facts.id
    {
        "the file is not the standard license the card names; its added terms apply"
    } else if open(&a.facts) != open(&b.facts) {
        "one is open and the other is not; the more restrictive terms are assumed to apply"
    } else {
        "check which one governs the weights"
    };
    Conflict {
        message: format!("{} but {}: {weight}", statement(a), statement(b)),
        sources: vec![a.source.clone(), b.source.clone()],
    }
}

/// Repository-level statements that disagree.
pub fn conflicts(licenses: &[LicenseEvidence]) -> Vec<Conflict> {
    let comparable: Vec<&LicenseEvidence> = licenses
        .iter()
        .filter(|l| l.scope == LicenseScope::Repository)
        .filter(|l| l.facts.id != NOASSERTION)
        .filter(|l| !is_policy(l))
        .collect();
    let card: Vec<&LicenseEvidence> = comparable
        .iter()
        .copied()
        .filter(|l| l.origin != LicenseOrigin::LicenseFile)
        .collect();
    let files: Vec<&LicenseEvidence> = comparable
        .iter()
        .copied()
        .filter(|l| l.origin == LicenseOrigin::LicenseFile)
        .collect();
    let mut out = Vec::new();
    // Card statements against each other: `license` vs `license_name` vs `license_link` (a list
    // in `license:` is deliberate).
    for (i, a) in card.iter().enumerate() {
        for b in &card[i + 1..] {
            if a.origin == LicenseOrigin::CardMetadata && b.origin == LicenseOrigin::CardMetadata {
                continue;
            }
            if !same_terms(&a.facts, &b.facts) {
                out.push(conflict(a, b));
            }
        }
    }
    // Card statements against the files: a card license that one file confirms is consistent
    // (other files cover other parts); otherwise every disagreeing file is a conflict.
    for a in &card {
        if files.iter().any(|f| same_terms(&a.facts, &f.facts)) {
            continue;
        }
        for f in &files {
            out.push(conflict(a, f));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::Source;
    use crate::license::Catalog;

    fn ev(id: &str, origin: LicenseOrigin, file: &str) -> LicenseEvidence {
        let r = Catalog::builtin().resolve(id);
        LicenseEvidence {
            declared: id.to_string(),
            facts: r.facts,
            resolution: r.resolution,
            origin,
            scope: LicenseScope::Repository,
            source: Source::file(file),
            confidence: None,
            notes: Vec::new(),
        }
    }

    #[test]
    fn same_license_in_card_and_file_agrees() {
        let card = ev("llama3.1", LicenseOrigin::CardLicenseName, "README.md");
        let file = ev("LicenseRef-llama3.1", LicenseOrigin::LicenseFile, "LICENSE");
        assert!(conflicts(&[card, file]).is_empty());
    }

    #[test]
    fn card_and_file_disagree() {
        let card = ev("apache-2.0", LicenseOrigin::CardMetadata, "README.md");
        let file = ev("llama3.1", LicenseOrigin::LicenseFile, "LICENSE");
        let c = conflicts(&[card, file]);
        assert_eq!(c.len(), 1);
        assert!(c[0].message.contains("one is open and the other is not"));
        assert_eq!(c[0].sources.len(), 2);
    }

    #[test]
    fn a_file_confirming_the_card_covers_it() {
        // Weights under Llama 3.1 (LICENSE), code under MIT (LICENSE-CODE): no conflict.
        let card = ev("llama3.1", LicenseOrigin::CardMetadata, "README.md");
        let model = ev("llama3.1", LicenseOrigin::LicenseFile, "LICENSE");
        let code = ev("MIT", LicenseOrigin::LicenseFile, "LICENSE-CODE");
        assert!(conflicts(&[card, model, code]).is_empty());
    }

    #[test]
    fn use_policies_accompany_licenses() {
        let card = ev("llama3.1", LicenseOrigin::CardMetadata, "README.md");
        let mut policy = ev("llama3.1", LicenseOrigin::LicenseFile, "USE_POLICY.md");
        policy.notes.push(format!("{POLICY_NOTE} (Llama 3.1)"));
        let generic = ev(
            "LicenseRef-acceptable-use-policy",
            LicenseOrigin::LicenseFile,
            "POLICY.md",
        );
        let apache = ev("apache-2.0", LicenseOrigin::CardMetadata, "README.md");
        assert!(conflicts(&[card, policy.clone(), generic.clone()]).is_empty());
        // A policy never contradicts, even a card of another license.
        assert!(conflicts(&[apache, policy, generic]).is_empty());
    }

    #[test]
    fn or_and_and_expressions_agree_with_their_parts() {
        let card = ev(
            "MIT OR Apache-2.0",
            LicenseOrigin::CardMetadata,
            "README.md",
        );
        let file = ev("Apache-2.0", LicenseOrigin::LicenseFile, "LICENSE");
        assert!(conflicts(&[card, file]).is_empty());
        let card = ev(
            "Apache-2.0 AND llama3",
            LicenseOrigin::CardMetadata,
            "README.md",
        );
        let file = ev("llama3", LicenseOrigin::LicenseFile, "LICENSE");
        assert!(conflicts(&[card, file]).is_empty());
    }

    #[test]
    fn name_and_link_that_disagree_conflict() {
        let name = ev("llama3", LicenseOrigin::CardLicenseName, "README.md");
        let link = ev("gemma", LicenseOrigin::CardLicenseName, "README.md");
        assert_eq!(conflicts(&[name, link]).len(), 1);
    }

    #[test]
    fn a_modified_text_contradicts_the_standard_name() {
        let card = ev("mit", LicenseOrigin::CardMetadata, "README.md");
        let mut file = ev("MIT", LicenseOrigin::LicenseFile, "LICENSE");
        file.facts.id = "LicenseRef-MIT-modified".into();
        file.facts.name = "MIT License with added terms".into();
        let c = conflicts(&[card, file]);
        assert_eq!(c.len(), 1);
        assert!(
            c[0].message.contains("not the standard license"),
            "{}",
            c[0].message
        );
    }
}
