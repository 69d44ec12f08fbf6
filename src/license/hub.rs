//! The license ids the Hugging Face Hub accepts in a card's `license:` field, and what each one
//! names in this catalog: the table in `licenses/hub-ids.yaml`, loaded and checked on first use.
//!
//! Hugging Face ids are lower-case by design (`apache-2.0`, `llama3.1`, `cc-by-nc-4.0`), so they
//! resolve without a "not valid SPDX" warning. That every entry names a profile or an SPDX
//! license is checked by the tests, where the catalog is at hand.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::OnceLock;

use serde_saphyr::Spanned;

use super::facts::NOASSERTION;
use super::schema::{Problems, raw_record};
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
    TABLE.get_or_init(|| super::schema::builtin(HUB_IDS_FILE, parse))
}

/// The catalog id a Hub license id names, if it is one. Hub ids are lower-case; `GPL-3.0` is
/// not the Hub's `gpl-3.0` but a deprecated SPDX id, read (with a warning) by the catalog.
pub fn hub_target(id: &str) -> Option<&'static HubLicense> {
    let id = id.trim();
    builtin().iter().find(|(hub, _, _)| *hub == id)
}

raw_record! {
    /// One entry of `licenses/hub-ids.yaml`.
    struct RawHubId {
        id: Spanned<String>,
        name: Spanned<String>,
        license: Spanned<String>,
    }
}

/// Read a Hub id table (`file` names it in diagnostics). Every problem is reported: unknown
/// keys, missing or empty fields, ids that are not lower-case or are listed twice, and catalog
/// ids that are neither SPDX ids, `LicenseRef-` ids nor NOASSERTION.
pub fn parse(file: &str, text: &str) -> Result<Vec<HubLicense>, Error> {
    let mut diags = Diagnostics::default();
    let mut p = Problems::new(file, &mut diags);
    let mut out = Vec::new();
    if let Some(entries) = p.parse::<Vec<Spanned<RawHubId>>>(text) {
        let mut seen: HashMap<String, Spanned<String>> = HashMap::new();
        for e in entries {
            let at = e.referenced;
            let raw = e.value;
            let what = "a Hub id entry";
            p.unknown_keys(&raw.unknown, what, RawHubId::KEYS);
            let id = p.text(raw.id, "id", what, &at);
            let name = p.text(raw.name, "name", what, &at);
            let license = p.text(raw.license, "license", what, &at);
            if let Some(id) = &id {
                if id.value != id.value.trim().to_lowercase() || id.value.contains(' ') {
                    p.help(
                        Code::Id,
                        &id.referenced,
                        format!("Hub id `{}` is not written as the Hub writes it", id.value),
                        "Hub ids are lower-case, without spaces",
                    );
                }
                if let Some(first) = seen.get(&id.value) {
                    let message = format!("Hub id `{}` is listed twice", id.value);
                    p.twice(&id.referenced, &first.referenced, message);
                } else {
                    seen.insert(id.value.clone(), id.clone());
                }
            }
            if let Some(l) = &license
                && l.value != NOASSERTION
                && !l.value.starts_with("LicenseRef-")
                && spdx::license_id(&l.value).is_none()
            {
                p.help(
                    Code::UnknownName,
                    &l.referenced,
                    format!("`{}` is not a catalog id", l.value),
                    "write an SPDX license id, the `LicenseRef-` id of a profile, or NOASSERTION",
                );
            }
            if let (Some(id), Some(name), Some(license)) = (id, name, license) {
                out.push((leak(id.value), leak(name.value), leak(license.value)));
            }
        }
    }
    diags.into_result()?;
    Ok(out)
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
