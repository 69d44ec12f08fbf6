//! Embeds the data folders (rubrics/, licenses/, licenses/terms/, templates/, vocab/) into the
//! binary, so an installed
//! `openness` works from any directory. Each becomes a sorted list of (file name, contents).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

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
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
