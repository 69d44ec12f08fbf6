//! The SPDX text store is loaded lazily: a scan that needs no text matching never pays for it.
//! (One test in its own binary, so no other test loads the store in the same process first.)

mod common;

use openness::license::store;

use common::{fixture, scan};

#[test]
fn the_spdx_text_store_loads_only_when_a_text_needs_it() {
    assert_eq!(store::loads(), 0);
    // A card alone: no license text to read.
    scan(&fixture("card-only-no-weights"));
    // A model license and its policy: fingerprints settle them.
    scan(&fixture("llama-licensed"));
    scan(&fixture("license-other-agrees"));
    assert!(
        !store::is_loaded(),
        "a scan that needs no SPDX text matching loaded the store"
    );
    // A standard license text is checked against its SPDX text: now the store loads, once.
    scan(&fixture("open-research-model"));
    scan(&fixture("modified-mit"));
    assert!(store::is_loaded());
    assert_eq!(store::loads(), 1);
}
