//! The SPDX license-text store of the `spdx` crate (its bundled, compressed copy of every SPDX
//! license text), loaded lazily: only a text that fingerprints cannot settle pays for it, and a
//! scan that reads no license text never loads it.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use spdx::detection::{Store, TextData};

static STORE: OnceLock<Option<Store>> = OnceLock::new();
static LOADS: AtomicUsize = AtomicUsize::new(0);

/// The store, loaded on first use (about 2 MB of compressed texts). `None` if the bundled cache
/// could not be read, which would be a build problem; identification then relies on fingerprints.
pub fn get() -> Option<&'static Store> {
    STORE
        .get_or_init(|| {
            LOADS.fetch_add(1, Ordering::SeqCst);
            Store::load_inline().ok()
        })
        .as_ref()
}

/// Start loading the store on another thread, for a batch that will almost surely need it: the
/// load (about 0.1 s) then overlaps the network instead of stalling the first worker.
pub fn load_in_background() {
    if STORE.get().is_none() {
        std::thread::spawn(|| {
            get();
        });
    }
}

/// Whether this process has loaded the store.
pub fn is_loaded() -> bool {
    STORE.get().is_some()
}

/// How many times the store was loaded in this process (0 or 1).
pub fn loads() -> usize {
    LOADS.load(Ordering::SeqCst)
}

/// The store's text for an SPDX id, looked up by its name or as an alias of an entry with the same
/// text (`GPL-3.0-only` and `GPL-3.0-or-later` share one text).
pub fn original<'a>(store: &'a Store, id: &str) -> Option<(&'a str, &'a TextData)> {
    if let Some(t) = store.get_original(id) {
        let name = store.licenses().find(|n| n.as_str() == id)?;
        return Some((name.as_str(), t));
    }
    store
        .iter()
        .find(|(_, e)| e.aliases.iter().any(|a| a == id))
        .map(|(name, e)| (name.as_str(), &e.original))
}

/// The best match for `text` among the store's texts (full texts, alternates and headers) of the
/// license family of `id` (the part before the first `-`: `MIT`, `BSD`, `GPL`, `CC`, ...).
pub fn best_in_family<'a>(
    store: &'a Store,
    id: &str,
    text: &TextData,
) -> Option<(&'a str, &'a TextData, bool)> {
    let family = id.split('-').next().unwrap_or(id);
    let mut best: Option<(&'a str, &'a TextData, bool, f32)> = None;
    for (name, entry) in store.iter() {
        if name.split('-').next() != Some(family) {
            continue;
        }
        let texts = std::iter::once((&entry.original, false))
            .chain(entry.alternates.iter().map(|t| (t, false)))
            .chain(entry.headers.iter().map(|t| (t, true)));
        for (t, header) in texts {
            let score = t.match_score(text);
            if best.is_none_or(|b| score > b.3) {
                best = Some((name.as_str(), t, header, score));
            }
        }
    }
    best.map(|(n, t, h, _)| (n, t, h))
}
