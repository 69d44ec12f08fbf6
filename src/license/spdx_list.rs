//! What the SPDX list and an SPDX id itself say about a license that has no profile: the list's
//! OSI and FSF flags, the elements of a Creative Commons id (`CC-BY-NC-SA-4.0`), and the table
//! of `licenses/open-data.yaml` (open-data licenses outside the OSI list, licenses written for
//! data, public-domain dedications).

use std::sync::OnceLock;

use serde_saphyr::Spanned;
use spdx::LicenseId;

use super::facts::{LicenseFacts, LicenseKind, Restriction, RestrictionKind};
use super::schema::{Field, Problems, raw_record};
use crate::component::ContentType;
use crate::diag::{Code, Diagnostics};
use crate::error::Error;

/// The file the table is read from.
const OPEN_DATA_FILE: &str = "licenses/open-data.yaml";

/// The table of `licenses/open-data.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenData {
    /// Open-data and open-content licenses outside the OSI list (MOF's list of open data
    /// licenses), read as conformant to the open definitions.
    pub open_data: Vec<String>,
    /// Starts of the SPDX ids of licenses written for data rather than software.
    pub data_license_prefixes: Vec<String>,
    /// Public-domain dedications.
    pub public_domain: Vec<String>,
}

fn builtin() -> &'static OpenData {
    static TABLE: OnceLock<OpenData> = OnceLock::new();
    TABLE.get_or_init(|| super::tables::parsed(OPEN_DATA_FILE, parse))
}

raw_record! {
    /// `licenses/open-data.yaml`.
    struct RawOpenData {
        open_data: Vec<Spanned<String>>,
        data_license_prefixes: Vec<Spanned<String>>,
        public_domain: Vec<Spanned<String>>,
    }
}

/// Read the table (`file` names it in diagnostics), reporting every problem: unknown keys,
/// missing lists, ids that are not SPDX license ids, prefixes that do not end in `-`.
pub(crate) fn parse(file: &str, text: &str) -> Result<OpenData, Error> {
    let mut diags = Diagnostics::default();
    let mut p = Problems::new(file, &mut diags);
    let mut out = OpenData {
        open_data: Vec::new(),
        data_license_prefixes: Vec::new(),
        public_domain: Vec::new(),
    };
    if let Some(raw) = p.read::<RawOpenData>(text) {
        let (at, raw) = (raw.referenced, raw.value);
        let what = "the open-data file";
        p.unknown_keys(&raw.unknown, what, RawOpenData::KEYS);
        let ids = |list: Field<Vec<Spanned<String>>>, key: &str, p: &mut Problems| {
            let mut out = Vec::new();
            for id in p.require(list, key, what, &at).into_iter().flatten() {
                if spdx::license_id(&id.value).is_none() {
                    p.help(
                        Code::UnknownName,
                        &id.referenced,
                        format!("`{}` is not an SPDX license id", id.value),
                        "see https://spdx.org/licenses/ for the ids",
                    );
                } else {
                    out.push(id.value);
                }
            }
            out
        };
        out.open_data = ids(raw.open_data, "open_data", &mut p);
        out.public_domain = ids(raw.public_domain, "public_domain", &mut p);
        let prefixes = p.require(
            raw.data_license_prefixes,
            "data_license_prefixes",
            what,
            &at,
        );
        for prefix in prefixes.into_iter().flatten() {
            if prefix.value.len() < 2 || !prefix.value.ends_with('-') {
                p.help(
                    Code::Invalid,
                    &prefix.referenced,
                    format!("`{}` is not the start of an id", prefix.value),
                    "write the start of the ids, up to and with its `-` (`ODC-`)",
                );
            } else {
                out.data_license_prefixes.push(prefix.value);
            }
        }
    }
    diags.into_result()?;
    Ok(out)
}

/// The facts of an SPDX id from the SPDX list, the id itself and the open-data table.
pub(crate) fn facts(id: LicenseId) -> LicenseFacts {
    let table = builtin();
    let name = id.name;
    let open_data = table.open_data.iter().any(|x| x == name);
    let free = id.is_osi_approved() || id.is_fsf_free_libre();
    let mut restrictions = Vec::new();
    let cc = cc_elements(name);
    let data_license = table
        .data_license_prefixes
        .iter()
        .any(|p| name.starts_with(p.as_str()));
    let kind = if table.public_domain.iter().any(|x| x == name) {
        LicenseKind::PublicDomain
    } else if let Some(cc) = &cc {
        if cc.by {
            restrictions.push(restriction(
                RestrictionKind::Attribution,
                "Shared material must credit the creator and link to the license.",
            ));
        }
        if cc.sa {
            restrictions.push(restriction(
                RestrictionKind::ShareAlike,
                "Adaptations must be shared under the same or a compatible license.",
            ));
        }
        if cc.nd {
            restrictions.push(restriction(
                RestrictionKind::NoDerivatives,
                "Adapted material may not be shared.",
            ));
        }
        if cc.nc {
            restrictions.push(restriction(
                RestrictionKind::NonCommercial,
                "The material may not be used primarily for commercial advantage or monetary compensation.",
            ));
        }
        if cc.nc {
            LicenseKind::NonCommercial
        } else if cc.nd {
            LicenseKind::Proprietary
        } else {
            LicenseKind::OpenContent
        }
    } else if name.starts_with("GFDL-") {
        LicenseKind::OpenContent
    } else if open_data || (data_license && free) {
        LicenseKind::OpenData
    } else if free && id.is_copyleft() {
        LicenseKind::Copyleft
    } else if free {
        LicenseKind::Permissive
    } else {
        LicenseKind::Unknown
    };
    let osd_conformant = if restrictions.iter().any(|r| r.kind.breaks_freedoms()) {
        Some(false)
    } else {
        (free || open_data).then_some(true)
    };
    let content_types = if cc.is_some() || name.starts_with("GFDL-") {
        vec![ContentType::Document, ContentType::Data]
    } else if data_license {
        vec![ContentType::Data]
    } else if name.starts_with("OFL-") {
        vec![ContentType::Document]
    } else {
        kind.default_content_types()
    };
    LicenseFacts {
        id: name.to_string(),
        name: id.full_name.to_string(),
        kind,
        osi_approved: id.is_osi_approved(),
        osd_conformant,
        restrictions,
        content_types,
        url: Some(format!("https://spdx.org/licenses/{name}.html")),
    }
}

fn restriction(kind: RestrictionKind, summary: &str) -> Restriction {
    Restriction {
        kind,
        summary: summary.to_string(),
        threshold: None,
        url: None,
    }
}

/// The elements of a Creative Commons license id (`CC-BY-NC-SA-4.0`).
struct CcElements {
    by: bool,
    nc: bool,
    nd: bool,
    sa: bool,
}

fn cc_elements(id: &str) -> Option<CcElements> {
    let rest = id.strip_prefix("CC-BY")?;
    let parts: Vec<&str> = rest.split('-').collect();
    Some(CcElements {
        by: true,
        nc: parts.contains(&"NC"),
        nd: parts.contains(&"ND"),
        sa: parts.contains(&"SA"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_spdx_ids() {
        let t = builtin();
        assert!(t.open_data.iter().any(|x| x == "CDLA-Permissive-2.0"));
        assert!(t.public_domain.iter().any(|x| x == "Unlicense"));
        let f = facts(spdx::license_id("ODbL-1.0").unwrap());
        assert_eq!(f.kind, LicenseKind::OpenData);
        assert_eq!(f.content_types, vec![ContentType::Data]);
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text =
            "open_data: [CC0-1.0, CC-BY-9.9]\ndata_license_prefixes: [ODC]\npublicdomain: []\n";
        let e = parse("o.yaml", text).unwrap_err().to_string();
        for want in [
            "o.yaml:1:22: `CC-BY-9.9` is not an SPDX license id",
            "o.yaml:2:25: `ODC` is not the start of an id",
            "o.yaml:3:1: unknown key `publicdomain` in the open-data file\n  valid keys: open_data, data_license_prefixes, public_domain",
            "o.yaml:1:1: the open-data file has no `public_domain`",
        ] {
            assert!(e.contains(want), "missing {want:?} in\n{e}");
        }
    }
}
