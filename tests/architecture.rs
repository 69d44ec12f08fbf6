//! The shape of the code, checked: the top-level modules of the library import each other
//! without a cycle, no source file grows past 600 lines, nothing after `source/` asks which
//! provider read a model or builds a Hub URL, and the command line is not part of the library.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
}

/// The code of a file without comments and without its unit tests.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `src/assess/mod.rs` -> `assess`; the binary's files (`main.rs`, `cli/`) and `lib.rs` are
/// not library modules.
fn top_module(path: &Path) -> Option<String> {
    let rel = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
        .unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (!matches!(name.as_str(), "main" | "lib" | "cli")).then_some(name)
}

#[test]
fn top_level_modules_form_a_dag() {
    let re = regex::Regex::new(r"crate::([a-z_]+)").unwrap();
    let group = regex::Regex::new(r"crate::\{([^}]*)\}").unwrap();
    let word = regex::Regex::new(r"(?m)(?:^|[\s,{])([a-z_]+)(?:::|\s*[,}]|$)").unwrap();
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files = src_files();
    // Unit-test files (`tests.rs`) may reach anywhere.
    for f in files.iter().filter(|f| !f.ends_with("tests.rs")) {
        let Some(m) = top_module(f) else { continue };
        let text = code(f);
        let entry = deps.entry(m.clone()).or_default();
        for c in re.captures_iter(&text) {
            entry.insert(c[1].to_string());
        }
        for g in group.captures_iter(&text) {
            for w in word.captures_iter(&g[1]) {
                entry.insert(w[1].to_string());
            }
        }
        entry.remove(&m);
    }
    let known: BTreeSet<String> = deps.keys().cloned().collect();
    for d in deps.values_mut() {
        d.retain(|x| known.contains(x));
    }
    // Depth-first search for a cycle.
    fn visit(
        n: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for d in deps.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, deps, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in deps.keys() {
        if let Some(cycle) = visit(m, &deps, &mut Vec::new(), &mut done) {
            panic!(
                "an import cycle among src/'s modules: {}",
                cycle.join(" -> ")
            );
        }
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = src_files()
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 600).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files: {}", long.join(", "));
}

#[test]
fn nothing_after_the_sources_knows_the_provider() {
    let mut found = Vec::new();
    for f in src_files() {
        let p = f.to_string_lossy().replace('\\', "/");
        if p.contains("/src/source/") {
            continue;
        }
        let text = code(&f);
        for (i, line) in text.lines().enumerate() {
            let asks = line.contains(".source ==")
                || line.contains(".source !=")
                || line.contains("source.as_str() ==")
                || line.contains("SourceKind");
            // Reading a link someone wrote (the license catalog normalises Hub links) is not
            // building one.
            let builds = line.contains("\"https://huggingface.co/") && !p.contains("/src/license/");
            if asks || builds {
                found.push(format!("{p}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_command_line_is_not_part_of_the_library() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    assert!(
        !lib.contains("mod cli"),
        "src/lib.rs must not declare the cli module"
    );
}

#[test]
fn no_two_public_types_share_a_name() {
    let re = regex::Regex::new(r"(?m)^\s*pub (?:struct|enum|trait|type) ([A-Za-z0-9_]+)").unwrap();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut clashes = Vec::new();
    for f in src_files() {
        if top_module(&f).is_none() {
            continue;
        }
        let text = code(&f);
        for c in re.captures_iter(&text) {
            let here = f.display().to_string();
            if let Some(first) = seen.insert(c[1].to_string(), here.clone()) {
                clashes.push(format!("{} in {first} and {here}", &c[1]));
            }
        }
    }
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
}
