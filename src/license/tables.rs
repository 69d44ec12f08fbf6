//! The smaller tables of the built-in data (`licenses/hub-ids.yaml`, `deprecated.yaml`,
//! `open-data.yaml`, `extra-terms.yaml`), embedded as YAML and read on first use.

/// Load one table of the built-in data, panicking with every problem if it is invalid (a build
/// that ships an invalid table is a bug the test suite catches).
pub(crate) fn parsed<T>(file: &str, load: impl FnOnce(&str, &str) -> Result<T, crate::Error>) -> T {
    let name = file.trim_start_matches("licenses/");
    let text = crate::embedded::LICENSES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("{file} is not built into this binary"));
    load(file, text).unwrap_or_else(|e| panic!("the built-in {file} is invalid:\n{e}"))
}
