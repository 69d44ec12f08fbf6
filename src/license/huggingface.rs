//! The license ids the Hugging Face Hub accepts in a card's `license:` field, and what each one
//! names in this catalog: an SPDX id, or the `LicenseRef-` id of a profile in `licenses/`.
//!
//! Hugging Face ids are lower-case by design (`apache-2.0`, `llama3.1`, `cc-by-nc-4.0`), so they
//! resolve without a "not valid SPDX" warning. The list follows the Hub's documentation
//! (`docs/hub/repositories-licenses.md`); a test checks that every entry resolves.

/// One Hub license id: `(id, the Hub's full name, catalog id)`.
pub type HubLicense = (&'static str, &'static str, &'static str);

/// Every license id the Hub offers, in the Hub's order.
pub const HUB_LICENSES: &[HubLicense] = &[
    ("apache-2.0", "Apache license 2.0", "Apache-2.0"),
    ("mit", "MIT", "MIT"),
    ("openrail", "OpenRAIL license family", "LicenseRef-openrail"),
    (
        "bigscience-openrail-m",
        "BigScience OpenRAIL-M",
        "LicenseRef-bigscience-openrail-m",
    ),
    (
        "creativeml-openrail-m",
        "CreativeML OpenRAIL-M",
        "LicenseRef-creativeml-openrail-m",
    ),
    (
        "bigscience-bloom-rail-1.0",
        "BigScience BLOOM RAIL 1.0",
        "LicenseRef-bigscience-bloom-rail-1.0",
    ),
    (
        "bigcode-openrail-m",
        "BigCode Open RAIL-M v1",
        "LicenseRef-bigcode-openrail-m",
    ),
    ("afl-3.0", "Academic Free License v3.0", "AFL-3.0"),
    ("artistic-2.0", "Artistic license 2.0", "Artistic-2.0"),
    ("bsl-1.0", "Boost Software License 1.0", "BSL-1.0"),
    ("bsd", "BSD license family", "LicenseRef-bsd-family"),
    (
        "bsd-2-clause",
        "BSD 2-clause \"Simplified\" license",
        "BSD-2-Clause",
    ),
    (
        "bsd-3-clause",
        "BSD 3-clause \"New\" or \"Revised\" license",
        "BSD-3-Clause",
    ),
    (
        "bsd-3-clause-clear",
        "BSD 3-clause Clear license",
        "BSD-3-Clause-Clear",
    ),
    ("c-uda", "Computational Use of Data Agreement", "C-UDA-1.0"),
    (
        "cc",
        "Creative Commons license family",
        "LicenseRef-cc-family",
    ),
    ("cc0-1.0", "Creative Commons Zero v1.0 Universal", "CC0-1.0"),
    ("cc-by-2.0", "Creative Commons Attribution 2.0", "CC-BY-2.0"),
    ("cc-by-2.5", "Creative Commons Attribution 2.5", "CC-BY-2.5"),
    ("cc-by-3.0", "Creative Commons Attribution 3.0", "CC-BY-3.0"),
    ("cc-by-4.0", "Creative Commons Attribution 4.0", "CC-BY-4.0"),
    (
        "cc-by-sa-3.0",
        "Creative Commons Attribution Share Alike 3.0",
        "CC-BY-SA-3.0",
    ),
    (
        "cc-by-sa-4.0",
        "Creative Commons Attribution Share Alike 4.0",
        "CC-BY-SA-4.0",
    ),
    (
        "cc-by-nc-2.0",
        "Creative Commons Attribution Non Commercial 2.0",
        "CC-BY-NC-2.0",
    ),
    (
        "cc-by-nc-3.0",
        "Creative Commons Attribution Non Commercial 3.0",
        "CC-BY-NC-3.0",
    ),
    (
        "cc-by-nc-4.0",
        "Creative Commons Attribution Non Commercial 4.0",
        "CC-BY-NC-4.0",
    ),
    (
        "cc-by-nd-4.0",
        "Creative Commons Attribution No Derivatives 4.0",
        "CC-BY-ND-4.0",
    ),
    (
        "cc-by-nc-nd-3.0",
        "Creative Commons Attribution Non Commercial No Derivatives 3.0",
        "CC-BY-NC-ND-3.0",
    ),
    (
        "cc-by-nc-nd-4.0",
        "Creative Commons Attribution Non Commercial No Derivatives 4.0",
        "CC-BY-NC-ND-4.0",
    ),
    (
        "cc-by-nc-sa-2.0",
        "Creative Commons Attribution Non Commercial Share Alike 2.0",
        "CC-BY-NC-SA-2.0",
    ),
    (
        "cc-by-nc-sa-3.0",
        "Creative Commons Attribution Non Commercial Share Alike 3.0",
        "CC-BY-NC-SA-3.0",
    ),
    (
        "cc-by-nc-sa-4.0",
        "Creative Commons Attribution Non Commercial Share Alike 4.0",
        "CC-BY-NC-SA-4.0",
    ),
    (
        "cdla-sharing-1.0",
        "Community Data License Agreement – Sharing, Version 1.0",
        "CDLA-Sharing-1.0",
    ),
    (
        "cdla-permissive-1.0",
        "Community Data License Agreement – Permissive, Version 1.0",
        "CDLA-Permissive-1.0",
    ),
    (
        "cdla-permissive-2.0",
        "Community Data License Agreement – Permissive, Version 2.0",
        "CDLA-Permissive-2.0",
    ),
    (
        "wtfpl",
        "Do What The F*ck You Want To Public License",
        "WTFPL",
    ),
    ("ecl-2.0", "Educational Community License v2.0", "ECL-2.0"),
    ("epl-1.0", "Eclipse Public License 1.0", "EPL-1.0"),
    ("epl-2.0", "Eclipse Public License 2.0", "EPL-2.0"),
    ("etalab-2.0", "Etalab Open License 2.0", "etalab-2.0"),
    ("eupl-1.1", "European Union Public License 1.1", "EUPL-1.1"),
    ("eupl-1.2", "European Union Public License 1.2", "EUPL-1.2"),
    (
        "agpl-3.0",
        "GNU Affero General Public License v3.0",
        "AGPL-3.0-only",
    ),
    (
        "gfdl",
        "GNU Free Documentation License family",
        "LicenseRef-gfdl-family",
    ),
    (
        "gpl",
        "GNU General Public License family",
        "LicenseRef-gpl-family",
    ),
    ("gpl-2.0", "GNU General Public License v2.0", "GPL-2.0-only"),
    ("gpl-3.0", "GNU General Public License v3.0", "GPL-3.0-only"),
    (
        "lgpl",
        "GNU Lesser General Public License family",
        "LicenseRef-lgpl-family",
    ),
    (
        "lgpl-2.1",
        "GNU Lesser General Public License v2.1",
        "LGPL-2.1-only",
    ),
    (
        "lgpl-3.0",
        "GNU Lesser General Public License v3.0",
        "LGPL-3.0-only",
    ),
    ("isc", "ISC", "ISC"),
    ("h-research", "H Research License", "LicenseRef-h-research"),
    (
        "intel-research",
        "Intel Research Use License Agreement",
        "LicenseRef-intel-research",
    ),
    (
        "lppl-1.3c",
        "LaTeX Project Public License v1.3c",
        "LPPL-1.3c",
    ),
    ("ms-pl", "Microsoft Public License", "MS-PL"),
    ("apple-ascl", "Apple Sample Code license", "AML"),
    (
        "apple-amlr",
        "Apple Model License for Research",
        "LicenseRef-apple-amlr",
    ),
    ("mpl-2.0", "Mozilla Public License 2.0", "MPL-2.0"),
    (
        "odc-by",
        "Open Data Commons License Attribution family",
        "ODC-By-1.0",
    ),
    ("odbl", "Open Database License family", "ODbL-1.0"),
    (
        "openmdw-1.0",
        "Open Model, Data & Weights License Agreement",
        "OpenMDW-1.0",
    ),
    (
        "openmdw-1.1",
        "Open Model, Data & Weights License Agreement v1.1",
        "LicenseRef-OpenMDW-1.1",
    ),
    (
        "openrail++",
        "Open Rail++-M License",
        "LicenseRef-openrail-plusplus",
    ),
    ("osl-3.0", "Open Software License 3.0", "OSL-3.0"),
    ("postgresql", "PostgreSQL License", "PostgreSQL"),
    ("ofl-1.1", "SIL Open Font License 1.1", "OFL-1.1"),
    (
        "ncsa",
        "University of Illinois/NCSA Open Source License",
        "NCSA",
    ),
    ("unlicense", "The Unlicense", "Unlicense"),
    ("zlib", "zLib License", "Zlib"),
    (
        "pddl",
        "Open Data Commons Public Domain Dedication and License",
        "PDDL-1.0",
    ),
    (
        "lgpl-lr",
        "Lesser General Public License For Linguistic Resources",
        "LGPLLR",
    ),
    (
        "deepfloyd-if-license",
        "DeepFloyd IF Research License Agreement",
        "LicenseRef-deepfloyd-if-license",
    ),
    (
        "fair-noncommercial-research-license",
        "FAIR Noncommercial Research License",
        "LicenseRef-fair-noncommercial-research",
    ),
    (
        "llama2",
        "Llama 2 Community License Agreement",
        "LicenseRef-llama2",
    ),
    (
        "llama3",
        "Llama 3 Community License Agreement",
        "LicenseRef-llama3",
    ),
    (
        "llama3.1",
        "Llama 3.1 Community License Agreement",
        "LicenseRef-llama3.1",
    ),
    (
        "llama3.2",
        "Llama 3.2 Community License Agreement",
        "LicenseRef-llama3.2",
    ),
    (
        "llama3.3",
        "Llama 3.3 Community License Agreement",
        "LicenseRef-llama3.3",
    ),
    (
        "llama4",
        "Llama 4 Community License Agreement",
        "LicenseRef-llama4",
    ),
    (
        "grok2-community",
        "Grok 2 Community License Agreement",
        "LicenseRef-grok2-community",
    ),
    ("gemma", "Gemma Terms of Use", "LicenseRef-gemma"),
    ("unknown", "Unknown", super::NOASSERTION),
    ("other", "Other", super::NOASSERTION),
];

/// The catalog id a Hub license id names, if it is one. Hub ids are lower-case; `GPL-3.0` is
/// not the Hub's `gpl-3.0` but a deprecated SPDX id, read (with a warning) by the catalog.
pub fn hub_target(id: &str) -> Option<&'static HubLicense> {
    let id = id.trim();
    HUB_LICENSES.iter().find(|(hub, _, _)| *hub == id)
}
