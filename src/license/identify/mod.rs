//! License text identification.
//!
//! 1. The text is prepared (`prepare`): Markdown and HTML markup vanish, and a first line that
//!    only points at where the original lives (`[For the original copy, see https://...]`,
//!    `Please refer to license: https://...`) is set aside; a text that is nothing but such a
//!    pointer is identified from its address (`pointer`).
//! 2. Every profile's fingerprints (short distinctive phrases written for this project) are looked
//!    for (`fingerprint`). The best-matching profile claims the part of the text its phrases
//!    span; the search goes on in the rest, so a file holding several licenses (an Apache notice
//!    and a model license, a license and its use policy) yields each of them (`multi`).
//! 3. Standard licenses (SPDX ids) are checked against the SPDX texts (the `spdx` crate's text
//!    store, compiled into an index by build.rs: `store`, `similarity`) (`standard`): it confirms the text, measures how close it is (the
//!    confidence), tells a license header from a full text, finds SPDX licenses no fingerprint
//!    names, and shows text added to a standard license. A standard text with added terms (an
//!    MIT text with a non-commercial clause) is reported as modified, under its own `LicenseRef-`
//!    id, never as the standard license (`modified`).
//!
//! Fingerprint matching costs microseconds; the SPDX index is read in place (nothing to load) and
//! only consulted when a text holds, or may hold, a standard license.

mod fingerprint;
mod modified;
mod multi;
mod pointer;
mod prepare;
mod report;
mod standard;

pub use multi::unknown_license;
pub use report::{Identification, Method, TextForm, TextReport};

/// Text normalisation and restricting wording, as identification reads them.
pub use crate::license::normalize::normalize;
pub use crate::license::terms::extra_terms;

use crate::license::Catalog;
use crate::license::normalize::contains_phrase;

/// Identify the license a text holds: the primary one of [`identify_all`].
pub fn identify(catalog: &Catalog, text: &str) -> Option<Identification> {
    let report = identify_all(catalog, text);
    let primary = report.primary()?.clone();
    Some(primary)
}

/// Identify every license in a text. Results are remembered for the life of the process: a
/// registry's models mostly carry the same few license texts, and a batch identifies each once.
pub fn identify_all(catalog: &Catalog, text: &str) -> TextReport {
    /// The texts remembered and their total size.
    #[derive(Default)]
    struct Memo {
        reports: std::collections::HashMap<String, TextReport>,
        bytes: usize,
    }
    static MEMO: std::sync::OnceLock<std::sync::Mutex<Memo>> = std::sync::OnceLock::new();
    /// Bytes of text remembered at most (with their reports, a few MB): a registry's common
    /// texts are met early and stay; a census of a million models, each with its own copyright
    /// line, fills the memo once and then identifies the rest afresh, in flat memory.
    const MEMO_BYTES: usize = 1024 * 1024;
    /// Texts remembered at most (each report is a few times its text).
    const MEMO_ENTRIES: usize = 256;
    /// The longest text remembered: license texts are a few kB (GPL-3.0, 35 kB); the memo would
    /// otherwise fill with a few files read up to 512 kB each.
    const MEMO_TEXT_BYTES: usize = 64 * 1024;
    // Only the built-in catalog lives as long as the memo; others are identified afresh.
    if !std::ptr::eq(catalog, Catalog::builtin()) || text.len() > MEMO_TEXT_BYTES {
        return multi::identify_all_uncached(catalog, text);
    }
    let memo = MEMO.get_or_init(Default::default);
    if let Some(report) = memo
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .reports
        .get(text)
    {
        return report.clone();
    }
    let report = multi::identify_all_uncached(catalog, text);
    let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
    if memo.bytes + text.len() <= MEMO_BYTES
        && memo.reports.len() < MEMO_ENTRIES
        && !memo.reports.contains_key(text)
    {
        memo.bytes += text.len();
        memo.reports.insert(text.to_string(), report.clone());
    }
    report
}

/// A cheap check, for callers that want to avoid identification: whether a text looks like it
/// could hold a license at all.
pub fn looks_like_license(text: &str) -> bool {
    // The first 4 kB, cut on a character boundary.
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let n = normalize(&text[..end]);
    ["license", "licence", "permission", "copyright", "terms"]
        .iter()
        .any(|w| contains_phrase(&n, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_like_license_cuts_on_a_character_boundary() {
        // Byte 4096 falls inside a three-byte character, whatever the offset of the text.
        for pad in 0..3 {
            let text = format!("{}{}", "x".repeat(pad), "许可协议".repeat(2000));
            assert!(!looks_like_license(&text));
            let text = format!("license {}{}", "x".repeat(pad), "许可".repeat(2000));
            assert!(looks_like_license(&text));
        }
    }
}
