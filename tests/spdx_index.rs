//! The compiled SPDX text index against its source, the `spdx` crate's text store: the same
//! licenses, aliases and texts, each text's words exactly what the run-time preparation makes of
//! the store's lines, and the same similarity scores, line bounds and best matches as the store
//! computes itself. A stale index, or preparation code that drifts from askalono's, fails here.

use std::collections::HashMap;
use std::sync::OnceLock;

use openness::license::similarity::{TextData, TextKind, prepare_lines};
use openness::license::store;
use spdx::detection::{LicenseType, Store, TextData as SpdxText};

fn spdx_store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| Store::load_inline().expect("the spdx crate's store loads"))
}

/// Texts to compare: the fixtures' license files (standard, modified, model licenses, a Chinese
/// one), plus texts that move a standard text around.
fn probes() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in [
        "tests/fixtures/osi-validation/microsoft--phi-2/files/LICENSE",
        "tests/fixtures/open-research-model/LICENSE",
        "tests/fixtures/github/xai-org/grok-1/files/LICENSE.txt",
        "tests/fixtures/modified-mit/LICENSE",
        "tests/fixtures/license-texts/cc-nc-nd-style.txt",
        "tests/fixtures/license-texts/harbor-openrail-m.txt",
        "tests/fixtures/license-texts/xinghe-model-license-zh.txt",
        "tests/fixtures/license-texts/permissive-readme.md",
    ] {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        out.push((path.to_string(), text));
    }
    let mit = out[0].1.clone();
    out.push((
        "MIT inside code".into(),
        format!(
            "fn main() {{\n    println!(\"hi\");\n}}\n\n/*\n{mit}\n*/\n// more code\nlet x = 1;\n"
        ),
    ));
    out.push((
        "MIT as comments".into(),
        mit.lines()
            .map(|l| format!("// {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push(("empty".into(), String::new()));
    out.push(("one word".into(), "License".into()));
    out
}

#[test]
fn the_index_holds_every_store_text_prepared_by_the_run_time_code() {
    let spdx = spdx_store();
    let index = store::get();
    assert_eq!(index.entries().len(), spdx.len());
    for (name, entry) in spdx.iter() {
        let ours = index
            .entry(name)
            .unwrap_or_else(|| panic!("{name} is not in the index"));
        assert_eq!(ours.aliases, entry.aliases.as_slice(), "{name}");
        let theirs: Vec<(&SpdxText, TextKind)> =
            std::iter::once((&entry.original, TextKind::Original))
                .chain(entry.alternates.iter().map(|t| (t, TextKind::Alternate)))
                .chain(entry.headers.iter().map(|t| (t, TextKind::Header)))
                .collect();
        let texts: Vec<_> = ours.texts().collect();
        assert_eq!(texts.len(), theirs.len(), "{name}");
        for (t, (source, kind)) in texts.iter().zip(theirs) {
            assert_eq!(t.kind(), kind, "{name}");
            assert_eq!(
                t.prepared(),
                prepare_lines(source.lines()),
                "{name} ({kind:?})"
            );
        }
    }
}

/// The store's own bigrams are those of its lines for every text but a few whose stored data
/// predates the current preparation (the store keeps both): there, and only there, scores may
/// differ.
fn stale_in_store() -> &'static Vec<String> {
    static STALE: OnceLock<Vec<String>> = OnceLock::new();
    STALE.get_or_init(|| {
        let mut stale = Vec::new();
        for (name, entry) in spdx_store().iter() {
            let texts = std::iter::once(&entry.original)
                .chain(&entry.alternates)
                .chain(&entry.headers);
            for t in texts {
                if !SpdxText::new(&t.lines().join("\n")).ngram_matches(t) {
                    stale.push(name.clone());
                }
            }
        }
        stale.sort();
        stale
    })
}

#[test]
fn only_a_handful_of_store_texts_differ_from_their_own_lines() {
    let stale = stale_in_store();
    assert!(stale.len() <= 3, "{stale:?}");
}

#[test]
fn scores_equal_the_stores_for_every_text() {
    let spdx = spdx_store();
    let index = store::get();
    let stale = stale_in_store();
    for (probe, text) in probes() {
        let theirs = SpdxText::new(&text);
        let ours = TextData::new(&text);
        assert_eq!(ours.lines(), theirs.lines(), "{probe}: normalized lines");
        for (name, entry) in spdx.iter() {
            if stale.contains(name) {
                continue;
            }
            let spdx_texts = std::iter::once(&entry.original)
                .chain(&entry.alternates)
                .chain(&entry.headers);
            let our_entry = index.entry(name).expect("same entries");
            for (t, o) in spdx_texts.zip(our_entry.texts()) {
                assert_eq!(
                    ours.match_score(&o),
                    theirs.match_score(t),
                    "{probe} against {name}"
                );
            }
        }
    }
}

#[test]
fn bounds_and_best_matches_equal_the_stores() {
    let spdx = spdx_store();
    let index = store::get();
    for (probe, text) in probes() {
        let theirs = SpdxText::new(&text);
        let ours = TextData::new(&text);
        let m = spdx.analyze(&theirs);
        let (name, best, score) = index.analyze(&ours).expect("a non-empty index");
        assert_eq!(score, m.score, "{probe}: best score");
        // Equal scores may rank in any order in the store (a hash map); the best is one of them.
        if name != m.name {
            let their_best = index.entry(m.name).expect("same entries");
            assert!(
                their_best.texts().any(|t| ours.match_score(&t) == score),
                "{probe}: {name} vs {}",
                m.name
            );
            continue;
        }
        assert_eq!(
            best.kind() == TextKind::Header,
            m.license_type == LicenseType::Header,
            "{probe}"
        );
        let (view, view_score) = ours.optimize_bounds(&best);
        let (their_view, their_score) = theirs.optimize_bounds(m.data);
        assert_eq!(view, their_view.lines_view(), "{probe}: bounds of {name}");
        assert_eq!(view_score, their_score, "{probe}: score within bounds");
        // And against the standard MIT and Apache texts, whatever the best match.
        for id in ["MIT", "Apache-2.0"] {
            let (_, o) = index.original(id).expect("in the index");
            let t = spdx.get_original(id).expect("in the store");
            let (v, s) = ours.optimize_bounds(&o);
            let (tv, ts) = theirs.optimize_bounds(t);
            assert_eq!((v, s), (tv.lines_view(), ts), "{probe}: bounds of {id}");
        }
    }
}

#[test]
fn normalized_lines_equal_the_stores_on_tricky_input() {
    let cases = [
        "  \u{201c}Quoted\u{201d} \u{2014} text\t/ here \u{a9}2020 https://x.org/a b\r",
        "e\u{301}te\u{301} cafe\u{301} \u{212b}",
        "https:// not a url http://a.b/c?d=e#f and httphttp://x",
        "under__score \u{2045}open\u{2046} \u{ff08}wide\u{ff09} a\u{2044}b c|d e\\f",
        "\u{3000}全角 空格\u{3000}中文\u{ff0c}标点\u{3002}",
        "tabs\t\tand\u{a0}nbsp\u{2009}thin",
        "\u{2018}single\u{2019} \u{ab}guillemets\u{bb} \"double\" 'single'",
        "%%Copyright: line one\n%%Copyright: line two\n%%Copyright: line three\n\nbody",
        "MIT License\n\nCopyright (c) 2020 Someone\n\nPermission is hereby granted",
        "Licensed under the Apache License, Version 2.0 (the \"License\");\r\nyou may not use this file",
    ];
    let mut count: HashMap<bool, usize> = HashMap::new();
    for text in cases {
        let theirs = SpdxText::new(text);
        let ours = TextData::new(text);
        assert_eq!(ours.lines(), theirs.lines(), "{text:?}");
        *count.entry(true).or_default() += 1;
    }
    // A sample of the SPDX texts themselves (every one would take minutes in a debug build).
    for (id, text) in spdx::text::LICENSE_TEXTS.iter().step_by(9) {
        let theirs = SpdxText::new(text);
        let ours = TextData::new(text);
        assert_eq!(ours.lines(), theirs.lines(), "{id}");
        *count.entry(false).or_default() += 1;
    }
    assert!(count[&false] > 50, "{count:?}");
}
