//! Embeds the data folders (rubrics/, licenses/, licenses/terms/, templates/, vocab/) into the
//! binary, so an installed
//! `openness` works from any directory. Each becomes a sorted list of (file name, contents).
//!
//! Also compiles the SPDX text index (`spdx_index.rs` and its arrays in OUT_DIR): every SPDX
//! license text, alternate and header of the `spdx` crate's text store, prepared for similarity
//! scoring by the library's own preparation code (`src/license/similarity/aggressive.rs`) and
//! written as word ids over one vocabulary, read in place at run time (no parsing, no
//! decompression, nothing prepared for texts that are not compared).
//!
//! And reads the license profiles (`licenses/profiles/*.yaml`) and the clause patterns
//! (`licenses/terms/clauses*.yaml`) with the library's own readers (the modules below, included
//! from src/), writing them as static tables (`license_profiles.rs`, `clause_patterns.rs`): a
//! bundled file with a problem fails the build with the message the reader gives a user's file.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

#[path = "src/license/similarity/aggressive.rs"]
#[allow(dead_code)]
mod aggressive;
#[path = "src/license/similarity/format.rs"]
#[allow(dead_code)]
mod format;

// The library's readers of the license data, as the build script's own modules (the paths they
// name, `crate::diag`, `crate::license::schema`, `super::facts`, resolve to these).
#[path = "src/license/clauses/data.rs"]
#[allow(dead_code)]
mod clause_data;
#[path = "src/component.rs"]
#[allow(dead_code, clippy::upper_case_acronyms)]
mod component;
#[path = "src/controls.rs"]
#[allow(dead_code)]
mod controls;
#[path = "src/diag.rs"]
#[allow(dead_code)]
mod diag;
#[path = "src/error.rs"]
#[allow(dead_code)]
mod error;
#[path = "src/license/facts.rs"]
#[allow(dead_code)]
mod facts;
#[path = "src/license/normalize.rs"]
#[allow(dead_code)]
mod normalize;
#[path = "src/numbers.rs"]
#[allow(dead_code)]
mod numbers;
#[path = "src/license/profile.rs"]
#[allow(dead_code)]
mod profile;
#[path = "src/license/schema.rs"]
#[allow(dead_code)]
mod schema;
#[path = "src/yaml.rs"]
#[allow(dead_code)]
mod yaml;
mod license {
    pub use crate::facts::RestrictionKind;
    pub(crate) use crate::schema;
}
use error::Error;
#[path = "build/license_tables.rs"]
mod license_tables;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::new();
    for (konst, dir) in [
        ("RUBRICS", "rubrics"),
        ("LICENSES", "licenses"),
        ("LICENSE_TERMS", "licenses/terms"),
        ("LICENSE_PROFILES", "licenses/profiles"),
        ("TEMPLATES", "templates"),
        ("VOCAB", "vocab"),
    ] {
        let path = Path::new(&root).join(dir);
        println!("cargo:rerun-if-changed={}", path.display());
        let mut names: Vec<String> = fs::read_dir(&path)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        if konst == "LICENSE_PROFILES" {
            // Read by build.rs into a static table (src/license/builtin.rs); the tests read
            // the files again.
            writeln!(out, "#[allow(dead_code)]").unwrap();
        }
        writeln!(out, "pub static {konst}: &[(&str, &str)] = &[").unwrap();
        for name in names {
            let file = path.join(&name);
            println!("cargo:rerun-if-changed={}", file.display());
            writeln!(
                out,
                "    ({name:?}, include_str!({:?})),",
                file.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("embedded.rs"), out).expect("write embedded.rs");
    version(Path::new(&root));
    spdx_index(Path::new(&out_dir));
    license_tables::write(Path::new(&root), Path::new(&out_dir));
    // The `cli` feature, for the library only (the modules above derive clap's traits with it,
    // and the build script has no clap).
    if env::var_os("CARGO_FEATURE_CLI").is_some() {
        println!("cargo::rustc-cfg=openness_cli");
    }
}

/// `OPENNESS_VERSION` for `openness --version`: the package version and, in a git checkout, the
/// commit it was built from (short hash, `+dirty` when tracked files differ from it), e.g.
/// `0.1.0 (3f2a9c1+dirty)`. Outside a checkout (a crates.io tarball, a container build without
/// `.git`) or without git, the version alone. The script runs again when HEAD moves (a commit, a
/// checkout) and when the branch it points at moves; an edit alone does not rerun it, so
/// `+dirty` is as of the last time the crate was built after one of those. (A
/// watched file that does not exist would rerun it on every build: only existing ones are.)
fn version(root: &Path) {
    let version = env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    // Only the crate's own repository: not one that merely contains the unpacked crate.
    let top = git(&["rev-parse", "--show-toplevel"]).map(std::path::PathBuf::from);
    let own = top
        .and_then(|t| t.canonicalize().ok())
        .zip(root.canonicalize().ok())
        .is_some_and(|(t, r)| t == r);
    let commit = if own {
        git(&["rev-parse", "--short=7", "HEAD"])
    } else {
        None
    };
    let full = match commit {
        Some(hash) if !hash.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            for path in [
                git(&["rev-parse", "--path-format=absolute", "--git-path", "HEAD"]),
                git(&["symbolic-ref", "-q", "HEAD"])
                    .and_then(|r| git(&["rev-parse", "--path-format=absolute", "--git-path", &r])),
                git(&[
                    "rev-parse",
                    "--path-format=absolute",
                    "--git-path",
                    "packed-refs",
                ]),
            ]
            .into_iter()
            .flatten()
            .filter(|p| Path::new(p).exists())
            {
                println!("cargo:rerun-if-changed={path}");
            }
            format!("{version} ({hash}{})", if dirty { "+dirty" } else { "" })
        }
        _ => version,
    };
    println!("cargo:rustc-env=OPENNESS_VERSION={full}");
}

/// The SPDX text index: see `src/license/similarity/format.rs` for the layout.
fn spdx_index(out_dir: &Path) {
    let store = spdx::detection::Store::load_inline().expect("the spdx crate's text store loads");
    let mut entries: Vec<(&String, &spdx::detection::LicenseEntry)> = store.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut words: Vec<String> = Vec::new();
    let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut word_ids: Vec<u32> = Vec::new();
    let mut count = 0usize;
    let mut src = String::from("// The SPDX text index, generated by build.rs.\n");
    src.push_str("pub(super) static ENTRIES: &[Entry] = &[\n");
    for (name, entry) in entries {
        writeln!(
            src,
            "    Entry {{ name: {name:?}, aliases: &{:?}, texts: &[",
            entry.aliases
        )
        .unwrap();
        let texts = std::iter::once(("Original", &entry.original))
            .chain(entry.alternates.iter().map(|t| ("Alternate", t)))
            .chain(entry.headers.iter().map(|t| ("Header", t)));
        for (kind, text) in texts {
            let prepared = aggressive::aggressive(&text.lines().join("\n"));
            let start = count;
            for word in prepared.split(' ') {
                let next = words.len() as u32;
                let id = *ids.entry(word.to_string()).or_insert_with(|| {
                    words.push(word.to_string());
                    next
                });
                word_ids.push(id);
                count += 1;
            }
            writeln!(
                src,
                "        Text {{ kind: TextKind::{kind}, start: {start}, len: {} }},",
                count - start
            )
            .unwrap();
        }
        src.push_str("    ] },\n");
    }
    src.push_str("];\n");
    fs::write(out_dir.join("spdx_index.rs"), src).expect("write spdx_index.rs");
    let mut src =
        String::from("// The SPDX text index's vocabulary and words, generated by build.rs.\n");
    let mut vocabulary = String::new();
    let mut ends: Vec<u8> = Vec::new();
    for w in &words {
        vocabulary.push_str(w);
        ends.extend_from_slice(&(vocabulary.len() as u32).to_le_bytes());
    }
    let slots = format::slot_count(words.len());
    let mut table = vec![0u32; slots];
    for (id, w) in words.iter().enumerate() {
        let mut i = (format::word_hash(w) as usize) & (slots - 1);
        while table[i] != 0 {
            i = (i + 1) & (slots - 1);
        }
        table[i] = id as u32 + 1;
    }
    let table: Vec<u8> = table.iter().flat_map(|s| s.to_le_bytes()).collect();
    // Word ids in two bytes while the vocabulary allows (it holds about 11,000 words).
    let width = format::token_width(words.len());
    let tokens: Vec<u8> = word_ids
        .iter()
        .flat_map(|&id| id.to_le_bytes().into_iter().take(width))
        .collect();
    writeln!(src, "pub(super) const SPDX_TOKEN_WIDTH: usize = {width};").unwrap();
    for (file, bytes) in [
        ("spdx_words.txt", vocabulary.as_bytes()),
        ("spdx_word_ends.bin", &ends),
        ("spdx_slots.bin", &table),
        ("spdx_tokens.bin", &tokens),
    ] {
        let path = out_dir.join(file);
        fs::write(&path, bytes).expect("write the SPDX text index");
        let konst = file.split('.').next().unwrap_or(file).to_uppercase();
        let include = if file.ends_with(".txt") {
            "include_str"
        } else {
            "include_bytes"
        };
        writeln!(
            src,
            "pub(super) static {konst}: &{} = {include}!({:?});",
            if include == "include_str" {
                "str"
            } else {
                "[u8]"
            },
            path.display().to_string()
        )
        .unwrap();
    }
    fs::write(out_dir.join("spdx_arrays.rs"), src).expect("write spdx_arrays.rs");
}
