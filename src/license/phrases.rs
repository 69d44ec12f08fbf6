//! The fingerprint index: every fingerprint phrase of the profiles, normalized, in one
//! Aho-Corasick automaton, so a text is searched for all of them in a single pass.

use std::collections::HashMap;

use super::normalize::normalize;
use super::profile::LicenseProfile;

/// Every fingerprint phrase of a catalog in one automaton.
#[derive(Debug)]
pub(crate) struct PhraseIndex {
    /// The phrase as a profile writes it -> its index in `normalized`.
    pub by_phrase: HashMap<String, usize>,
    pub normalized: Vec<String>,
    pub automaton: aho_corasick::AhoCorasick,
}

impl PhraseIndex {
    pub fn build(profiles: &[LicenseProfile]) -> PhraseIndex {
        let mut by_phrase = HashMap::new();
        let mut normalized: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for p in profiles {
            for phrase in p.fingerprints.iter().chain(&p.policy_fingerprints) {
                let n = normalize(phrase);
                let i = *seen.entry(n.clone()).or_insert_with(|| {
                    normalized.push(n);
                    normalized.len() - 1
                });
                by_phrase.insert(phrase.clone(), i);
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(&normalized)
            .expect("fingerprint phrases build an automaton");
        PhraseIndex {
            by_phrase,
            normalized,
            automaton,
        }
    }
}
