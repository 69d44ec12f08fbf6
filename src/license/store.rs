//! The SPDX text index: every SPDX license text, alternate and header of the `spdx` crate's
//! text store, prepared for similarity scoring when the crate is built (build.rs) and read in
//! place: nothing is parsed, decompressed or prepared at run time but the text being compared.
//! Whether a process consulted it is still recorded (`is_loaded`, `loads`): a scan that reads
//! no license text never touches it.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::similarity::{IndexText, TextData, TextKind};

mod compiled {
    use super::{StoreEntry as Entry, Text, TextKind};
    include!(concat!(env!("OUT_DIR"), "/spdx_index.rs"));
}

/// One license of the index: its SPDX id, the ids that share its text, and its texts (the
/// standard text first, then alternates, then headers).
#[derive(Debug)]
pub struct StoreEntry {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    texts: &'static [Text],
}

#[derive(Debug)]
struct Text {
    kind: TextKind,
    start: u32,
    len: u32,
}

impl StoreEntry {
    /// The standard text.
    pub fn original(&self) -> IndexText {
        self.texts()
            .next()
            .expect("every entry has its standard text")
    }

    /// Every text: the standard one, alternates, headers.
    pub fn texts(&self) -> impl Iterator<Item = IndexText> + '_ {
        self.texts
            .iter()
            .map(|t| IndexText::new(t.kind, t.start as usize, t.len as usize))
    }
}

/// The index (a view of the compiled arrays).
#[derive(Debug)]
pub struct Store {
    entries: &'static [StoreEntry],
}

static STORE: OnceLock<Store> = OnceLock::new();
static LOADS: AtomicUsize = AtomicUsize::new(0);

/// The index; the first call in a process records that it was consulted.
pub fn get() -> &'static Store {
    STORE.get_or_init(|| {
        LOADS.fetch_add(1, Ordering::SeqCst);
        Store {
            entries: compiled::ENTRIES,
        }
    })
}

/// Whether this process has consulted the index.
pub fn is_loaded() -> bool {
    STORE.get().is_some()
}

/// How many times the index was opened in this process (0 or 1).
pub fn loads() -> usize {
    LOADS.load(Ordering::SeqCst)
}

impl Store {
    /// Every license, sorted by id.
    pub fn entries(&self) -> &'static [StoreEntry] {
        self.entries
    }

    /// A license by its SPDX id.
    pub fn entry(&self, name: &str) -> Option<&'static StoreEntry> {
        self.entries
            .binary_search_by(|e| e.name.cmp(name))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The standard text for an SPDX id, looked up by its name or as an alias of an entry with
    /// the same text (`GPL-3.0-only` and `GPL-3.0-or-later` share one text).
    pub fn original(&self, id: &str) -> Option<(&'static str, IndexText)> {
        let entry = self
            .entry(id)
            .or_else(|| self.entries.iter().find(|e| e.aliases.contains(&id)))?;
        Some((entry.name, entry.original()))
    }

    /// The best match for `text` among the texts (standard texts, alternates and headers) of
    /// the license family of `id` (the part before the first `-`: `MIT`, `BSD`, `GPL`, `CC`, ...):
    /// its id, its text and whether it is a header. The first best in index order wins a tie.
    pub fn best_in_family(
        &self,
        id: &str,
        text: &TextData,
    ) -> Option<(&'static str, IndexText, bool)> {
        let family = id.split('-').next().unwrap_or(id);
        let mut best: Option<(&'static str, IndexText, bool, f32)> = None;
        for entry in self.entries {
            if entry.name.split('-').next() != Some(family) {
                continue;
            }
            for t in entry.texts() {
                let score = text.match_score(&t);
                if best.as_ref().is_none_or(|b| score > b.3) {
                    best = Some((entry.name, t, t.kind() == TextKind::Header, score));
                }
            }
        }
        best.map(|(n, t, h, _)| (n, t, h))
    }

    /// The closest text of the whole index: its license, the text, its score. The first best in
    /// index order wins a tie.
    pub fn analyze(&self, text: &TextData) -> Option<(&'static str, IndexText, f32)> {
        let mut best: Option<(&'static str, IndexText, f32)> = None;
        let mut scorer = text.scorer();
        for entry in self.entries {
            for t in entry.texts() {
                let score = scorer.score(&t);
                if best.as_ref().is_none_or(|b| score > b.2) {
                    best = Some((entry.name, t, score));
                }
            }
        }
        best
    }
}
