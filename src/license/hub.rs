//! The license ids the Hugging Face Hub accepts in a card's `license:` field, and what each one
//! names in this catalog: the table in `licenses/hub-ids.yaml`, loaded and checked on first use.
//!
//! Hugging Face ids are lower-case by design (`apache-2.0`, `llama3.1`, `cc-by-nc-4.0`), so they
//! resolve without a "not valid SPDX" warning. That every entry names a profile or an SPDX
//! license is checked by the tests, where the catalog is at hand.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::facts::NOASSERTION;
use super::schema::{Problems, placed, raw_record};
use crate::diag::{Code, Diagnostics};
use crate::error::Error;

/// One Hub license id: `(id, the Hub's full name, catalog id)`.
pub type HubLicense = (&'static str, &'static str, &'static str);

/// The file the table is read from.
const HUB_IDS_FILE: &str = "licenses/hub-ids.yaml";

/// Every license id the Hub offers, in the Hub's order: `HUB_LICENSES.iter()`, `for (id, name,
/// license) in HUB_LICENSES`. The table is read from `licenses/hub-ids.yaml` on first use.
pub const HUB_LICENSES: HubLicenses = HubLicenses;

/// The handle of the built-in Hub id table (see [`HUB_LICENSES`]); it reads as a slice.
#[derive(Debug, Clone, Copy)]
pub struct HubLicenses;

impl Deref for HubLicenses {
    type Target = [HubLicense];

    fn deref(&self) -> &'static [HubLicense] {
        builtin()
    }
}

impl IntoIterator for HubLicenses {
    type Item = &'static HubLicense;
    type IntoIter = std::slice::Iter<'static, HubLicense>;

    fn into_iter(self) -> Self::IntoIter {
        builtin().iter()
    }
}

fn builtin() -> &'static [HubLicense] {
    static TABLE: OnceLock<Vec<HubLicense>> = OnceLock::new();
    TABLE.get_or_init(|| super::tables::parsed(HUB_IDS_FILE, parse))
}

/// The catalog id a Hub license id names, if it is one. Hub ids are lower-case; `GPL-3.0` is
/// not the Hub's `gpl-3.0` but a deprecated SPDX id, read (with a warning) by the catalog.
pub fn hub_target(id: &str) -> Option<&'static HubLicense> {
    let id = id.trim();
    builtin().iter().find(|(hub, _, _)| *hub == id)
}

raw_record! {
    /// One entry of `licenses/hub-ids.yaml`, every value with its position.
    struct RawHubId {
        id: Spanned<String>,
        name: Spanned<String>,
        license: Spanned<String>,
    }
}

/// One entry, read the quick way.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct HubId {
    id: String,
    name: String,
    license: String,
}

/// Read a Hub id table (`file` names it in diagnostics). Every problem is reported: unknown
/// keys, missing or empty fields, ids that are not lower-case or are listed twice, and catalog
/// ids that are neither SPDX ids, `LicenseRef-` ids nor NOASSERTION. The table is read the
/// quick way first, and again with positions only when it has a problem.
pub(crate) fn parse(file: &str, text: &str) -> Result<Vec<HubLicense>, Error> {
    let mut diags = Diagnostics::default();
    let table = super::schema::read_twice(
        file,
        &mut diags,
        |p| read_quick(p, text),
        |p| read_positioned(p, text),
    );
    diags.into_result()?;
    let table = table.unwrap_or_default();
    Ok(table
        .into_iter()
        .map(|e| (leak(e.id), leak(e.name), leak(e.license)))
        .collect())
}

/// The quick reading: serde, then the checks with no positions.
fn read_quick(p: &mut Problems, text: &str) -> Option<Vec<HubId>> {
    let entries: Vec<HubId> = p.parse(text)?;
    let u = Location::UNKNOWN;
    let mut seen = HashMap::new();
    for e in &entries {
        let fields = [
            Some((e.id.as_str(), u)),
            Some((&e.name, u)),
            Some((&e.license, u)),
        ];
        check(p, fields, &mut seen);
    }
    Some(entries)
}

/// The positioned reading: every problem, with where it is written.
fn read_positioned(p: &mut Problems, text: &str) -> Option<Vec<HubId>> {
    let entries = p.read::<Vec<Spanned<RawHubId>>>(text)?.value;
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for e in entries {
        let (at, raw) = (e.referenced, e.value);
        let what = "a Hub id entry";
        p.unknown_keys(&raw.unknown, what, RawHubId::KEYS);
        let id = p.require(raw.id, "id", what, &at);
        let name = p.require(raw.name, "name", what, &at);
        let license = p.require(raw.license, "license", what, &at);
        let fields = [&id, &name, &license].map(|f| f.as_ref().map(placed));
        check(p, fields, &mut seen);
        if let (Some(id), Some(name), Some(license)) = (id, name, license) {
            out.push(HubId {
                id: id.value,
                name: name.value,
                license: license.value,
            });
        }
    }
    Some(out)
}

/// The checks of one entry (its id, name and license, each with where it is written, unknown
/// in the quick reading), as far as they are there.
fn check(
    p: &mut Problems,
    [id, name, license]: [Option<(&str, Location)>; 3],
    seen: &mut HashMap<String, Location>,
) {
    for (field, key) in [(id, "id"), (name, "name"), (license, "license")] {
        if let Some((value, at)) = field
            && value.trim().is_empty()
        {
            p.at(Code::Missing, &at, format!("`{key}` is empty"));
        }
    }
    if let Some((id, at)) = id {
        if id != id.trim().to_lowercase() || id.contains(' ') {
            p.help(
                Code::Id,
                &at,
                format!("Hub id `{id}` is not written as the Hub writes it"),
                "Hub ids are lower-case, without spaces",
            );
        }
        if let Some(first) = seen.get(id) {
            p.twice(&at, first, format!("Hub id `{id}` is listed twice"));
        } else {
            seen.insert(id.to_string(), at);
        }
    }
    if let Some((license, at)) = license
        && !license.trim().is_empty()
        && license != NOASSERTION
        && !license.starts_with("LicenseRef-")
        && spdx::license_id(license).is_none()
    {
        p.help(
            Code::UnknownName,
            &at,
            format!("`{license}` is not a catalog id"),
            "write an SPDX license id, the `LicenseRef-` id of a profile, or NOASSERTION",
        );
    }
}

/// The table lives as long as the process (it is read once), so its strings can be `'static`
/// like the constant table it replaced.
fn leak(s: String) -> &'static str {
    s.leak()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_in_the_hubs_order() {
        assert_eq!(
            HUB_LICENSES[0],
            ("apache-2.0", "Apache license 2.0", "Apache-2.0")
        );
        assert_eq!(hub_target(" llama3.1 ").unwrap().2, "LicenseRef-llama3.1");
        assert!(hub_target("GPL-3.0").is_none());
        assert_eq!(HUB_LICENSES.into_iter().count(), HUB_LICENSES.len());
    }

    #[test]
    fn both_readings_agree_on_the_built_in_table() {
        let text = crate::embedded::LICENSES
            .iter()
            .find(|(n, _)| *n == "hub-ids.yaml")
            .unwrap()
            .1;
        let mut quick = Diagnostics::default();
        let mut placed = Diagnostics::default();
        let a = read_quick(&mut Problems::new("h", &mut quick), text);
        let b = read_positioned(&mut Problems::new("h", &mut placed), text);
        assert!(quick.is_empty() && placed.is_empty(), "{quick}{placed}");
        assert_eq!(a, b);
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text = "- id: mit\n  name: MIT\n  license: MIT\n- id: Apache-2.0\n  name: Apache\n  licence: Apache-2.0\n- id: mit\n  name: \"\"\n  license: not-a-license\n";
        let e = parse("h.yaml", text).unwrap_err().to_string();
        for want in [
            "h.yaml:4:7: Hub id `Apache-2.0` is not written as the Hub writes it",
            "h.yaml:6:3: unknown key `licence` in a Hub id entry",
            "h.yaml:4:3: a Hub id entry has no `license`",
            "h.yaml:7:7: Hub id `mit` is listed twice\n  h.yaml:1:7: first written here",
            "h.yaml:8:9: `name` is empty",
            "h.yaml:9:12: `not-a-license` is not a catalog id",
        ] {
            assert!(e.contains(want), "missing {want:?} in\n{e}");
        }
    }
}
