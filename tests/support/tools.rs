//! External tools the ecosystem tests drive (linters, pre-commit, container builders): found on
//! PATH. `.ci/run` installs them; a test that needs a missing one fails in CI (`CI=true`) and is
//! skipped with the reason printed elsewhere.

use std::path::PathBuf;

/// The first executable `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Whether this is a CI run (`.ci/run` is started with CI=true).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The tool `name`, or None (locally) after saying why the test is skipped; in CI a missing tool
/// fails the test. `install` says how to get it.
pub fn required(name: &str, install: &str) -> Option<PathBuf> {
    if let Some(p) = which(name) {
        return Some(p);
    }
    let why = format!("`{name}` is not on PATH (install: {install})");
    assert!(!in_ci(), "{why}; CI must have it (.ci/run installs it)");
    eprintln!("skipped: {why}");
    None
}
