//! The parts of `src/license/` import each other in one direction only: each part may use the
//! parts listed after it (as `src/license/mod.rs` draws them), never one listed before it, so
//! the imports form no cycle.

use std::path::Path;

/// The parts, from the top (uses others) to the bottom (uses none).
const LICENSE: &[&str] = &[
    "families",
    "names",
    "identify",
    "custom",
    "clauses",
    "catalog",
    "phrases",
    "builtin",
    "profile",
    "expr",
    "spdx_list",
    "deprecated",
    "hub",
    "terms",
    "tables",
    "links",
    "schema",
    "normalize",
    "store",
    "similarity",
    "facts",
];

const IDENTIFY: &[&str] = &[
    "multi",
    "standard",
    "fingerprint",
    "modified",
    "prepare",
    "pointer",
    "report",
];

/// The parts of `layers` a source file names through `prefix` (`super::x`, `crate::license::x`).
fn uses(text: &str, prefixes: &[&str], layers: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in prefixes {
        for (i, _) in text.match_indices(prefix) {
            let rest = &text[i + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if layers.contains(&name.as_str()) && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

fn check(dir: &Path, layers: &[&str], prefixes: &[&str]) {
    for (rank, part) in layers.iter().enumerate() {
        let file = dir.join(format!("{part}.rs"));
        let file = if file.is_file() {
            file
        } else {
            dir.join(part).join("mod.rs")
        };
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        // Files under identify/ are checked on their own; here only the top file of a folder.
        // A part may name itself (a macro's paths do).
        for used in uses(&text, prefixes, layers)
            .into_iter()
            .filter(|u| u != part)
        {
            let used_rank = layers.iter().position(|l| *l == used).unwrap();
            assert!(
                used_rank > rank,
                "{} uses `{used}`, which is listed before it: a cycle in the making",
                file.display()
            );
        }
    }
}

#[test]
fn the_license_parts_import_downwards_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/license");
    check(&root, LICENSE, &["super::", "crate::license::"]);
    // identify/ reaches the parts above it as `crate::license::x`; its own parts as `super::x`.
    for part in IDENTIFY {
        let text =
            std::fs::read_to_string(root.join("identify").join(format!("{part}.rs"))).unwrap();
        for used in uses(&text, &["crate::license::"], LICENSE) {
            assert_ne!(
                used, "identify",
                "identify/{part}.rs reaches back to identify"
            );
        }
    }
    check(&root.join("identify"), IDENTIFY, &["super::"]);
    // Every part is in the list.
    let mut files: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .filter(|n| n != "mod")
        .collect();
    files.sort();
    // A part may be a file with a folder of its own (`families.rs` and `families/tests.rs`).
    files.dedup();
    let mut listed: Vec<String> = LICENSE.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "a part of src/license/ is missing from the layers"
    );
}
