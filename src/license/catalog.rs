//! The license catalog: the profiles in `licenses/*.yaml` (AI licenses SPDX lacks, and SPDX
//! licenses that need more facts than the SPDX list carries) over the SPDX list itself, and the
//! Hugging Face Hub's license ids ([`super::huggingface`]).
//!
//! [`Catalog::resolve`] turns what a card declares (`apache-2.0`, `llama3.1`, `MIT OR Apache-2.0`,
//! `Llama 3 Community License`) into [`LicenseFacts`]: a Hub id or a profile alias first, then a
//! strict SPDX expression, then a lenient reading (case folding, aliases inside expressions, `/`
//! for OR, deprecated ids) with a warning that says what was read as what.
//! [`Catalog::resolve_link`] does the same for a `license_link`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use spdx::expression::{ExprNode, Operator};
use spdx::{LicenseId, LicenseItem, ParseMode};

use super::huggingface::{HUB_LICENSES, hub_target};
use super::{LicenseFacts, LicenseKind, NOASSERTION, Restriction, RestrictionKind};
use crate::component::ContentType;
use crate::error::Error;
use crate::yaml;

use crate::embedded;

/// One license profile, as written in `licenses/<name>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// An SPDX id (the profile then adds facts to the SPDX entry) or `LicenseRef-<name>`.
    pub id: String,
    pub name: String,
    /// Other ways people write it: the Hugging Face id, common spellings, full names.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: LicenseKind,
    pub osi_approved: bool,
    /// `null` when conformance to the Open Source Definition cannot be decided from the text.
    pub osd_conformant: Option<bool>,
    /// For a known modification of a standard text (an MIT text with added terms): the SPDX id
    /// of the standard license it modifies.
    #[serde(default)]
    pub modifies: Option<String>,
    /// Where the authoritative text lives.
    pub url: Option<String>,
    /// Other addresses of the text (older URLs, mirrors), for matching `license_link`.
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub restrictions: Vec<Restriction>,
    /// MOF content types the license suits; defaults follow the kind.
    #[serde(default)]
    pub content_types: Option<Vec<ContentType>>,
    /// Distinctive phrases (written for this project) that identify the text.
    #[serde(default)]
    pub fingerprints: Vec<String>,
    /// Distinctive phrases that identify the license's own use policy (a USE_POLICY file), which
    /// accompanies the license rather than replacing it.
    #[serde(default)]
    pub policy_fingerprints: Vec<String>,
    /// Anything a reader should know that the fields do not say.
    #[serde(default)]
    pub notes: Option<String>,
    /// The file it was loaded from (filled by the loader).
    #[serde(skip_deserializing, default)]
    pub file: String,
}

impl Profile {
    pub fn facts(&self) -> LicenseFacts {
        let mut restrictions = self.restrictions.clone();
        restrictions.sort();
        LicenseFacts {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            osi_approved: self.osi_approved,
            osd_conformant: self.osd_conformant,
            restrictions,
            content_types: self
                .content_types
                .clone()
                .unwrap_or_else(|| self.kind.default_content_types()),
            url: self.url.clone(),
        }
    }

    /// The Hub ids that name this profile.
    pub fn hub_ids(&self) -> Vec<&'static str> {
        HUB_LICENSES
            .iter()
            .filter(|(_, _, target)| *target == self.id)
            .map(|(hub, _, _)| *hub)
            .collect()
    }
}

/// How a declared license was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolution {
    /// A valid SPDX id or expression, as written.
    Spdx,
    /// Matched a profile by id, Hugging Face id or alias.
    Profile,
    /// Read leniently (case folding, `/` for OR, imprecise names, deprecated ids); see the warning.
    Lenient,
    /// Not understood.
    Unresolved,
}

/// A declared license and what the catalog knows of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub declared: String,
    pub facts: LicenseFacts,
    pub resolution: Resolution,
    pub warning: Option<String>,
}

/// Profiles plus the SPDX list.
#[derive(Debug)]
pub struct Catalog {
    profiles: Vec<Profile>,
    by_key: HashMap<String, usize>,
    spdx_lower: HashMap<String, LicenseId>,
    phrases: OnceLock<PhraseIndex>,
}

/// Every fingerprint phrase of the catalog, normalized, in one automaton: a text is searched for
/// all of them in a single pass.
#[derive(Debug)]
pub struct PhraseIndex {
    /// The phrase as a profile writes it -> its index in `normalized`.
    pub by_phrase: HashMap<String, usize>,
    pub normalized: Vec<String>,
    pub automaton: aho_corasick::AhoCorasick,
}

impl PhraseIndex {
    fn build(profiles: &[Profile]) -> PhraseIndex {
        let mut by_phrase = HashMap::new();
        let mut normalized: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for p in profiles {
            for phrase in p.fingerprints.iter().chain(&p.policy_fingerprints) {
                let n = super::identify::normalize(phrase);
                let i = *seen.entry(n.clone()).or_insert_with(|| {
                    normalized.push(n);
                    normalized.len() - 1
                });
                by_phrase.insert(phrase.clone(), i);
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(&normalized)
            .expect("fingerprint phrases build an automaton");
        PhraseIndex {
            by_phrase,
            normalized,
            automaton,
        }
    }
}

/// The open-data and open-content licenses outside the OSI list (MOF's list of open data
/// licenses), read as conformant to the open definitions.
const OPEN_DATA: &[&str] = &[
    "CC0-1.0",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-2.5-AU",
    "CC-BY-3.0",
    "CC-BY-3.0-AT",
    "CC-BY-3.0-AU",
    "CC-BY-3.0-DE",
    "CC-BY-3.0-IGO",
    "CC-BY-3.0-NL",
    "CC-BY-3.0-US",
    "CC-BY-4.0",
    "CC-BY-SA-1.0",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.0-UK",
    "CC-BY-SA-2.1-JP",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-3.0-AT",
    "CC-BY-SA-4.0",
    "CDLA-Permissive-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "PDDL-1.0",
    "ODC-By-1.0",
    "ODbL-1.0",
    "GFDL-1.3",
    "OGL-Canada-2.0",
    "OGL-UK-2.0",
    "OGL-UK-3.0",
];

/// SPDX ids (or prefixes) of licenses written for data rather than software.
const DATA_LICENSE_PREFIXES: &[&str] = &[
    "ODC-",
    "ODbL-",
    "PDDL-",
    "CDLA-",
    "OGL-",
    "OGDL-",
    "etalab-",
    "C-UDA-",
    "O-UDA-",
    "DL-DE-",
    "NLOD-",
    "CDL-",
    "Community-Spec-",
];

/// Deprecated SPDX ids whose replacement is not simply `<id>-only` / `<id>-or-later`.
const DEPRECATED_REPLACEMENTS: &[(&str, &str)] = &[
    (
        "GPL-2.0-with-autoconf-exception",
        "GPL-2.0-only WITH Autoconf-exception-2.0",
    ),
    (
        "GPL-2.0-with-bison-exception",
        "GPL-2.0-only WITH Bison-exception-2.2",
    ),
    (
        "GPL-2.0-with-classpath-exception",
        "GPL-2.0-only WITH Classpath-exception-2.0",
    ),
    (
        "GPL-2.0-with-font-exception",
        "GPL-2.0-only WITH Font-exception-2.0",
    ),
    (
        "GPL-2.0-with-GCC-exception",
        "GPL-2.0-only WITH GCC-exception-2.0",
    ),
    (
        "GPL-3.0-with-autoconf-exception",
        "GPL-3.0-only WITH Autoconf-exception-3.0",
    ),
    (
        "GPL-3.0-with-GCC-exception",
        "GPL-3.0-only WITH GCC-exception-3.1",
    ),
    ("BSD-2-Clause-FreeBSD", "BSD-2-Clause"),
    ("BSD-2-Clause-NetBSD", "BSD-2-Clause"),
    ("StandardML-NJ", "SMLNJ"),
    ("bzip2-1.0.5", "bzip2-1.0.6"),
    ("Nunit", "zlib-acknowledgement"),
    ("eCos-2.0", "GPL-2.0-or-later WITH eCos-exception-2.0"),
    (
        "wxWindows",
        "LGPL-2.0-or-later WITH WxWindows-exception-3.1",
    ),
];

/// The current SPDX expression for a deprecated id (`GPL-3.0` -> `GPL-3.0-only`,
/// `GPL-2.0+` -> `GPL-2.0-or-later`), when SPDX names one.
pub fn deprecated_replacement(id: LicenseId, or_later: bool) -> Option<String> {
    if !id.is_deprecated() {
        return None;
    }
    let base = id.name.trim_end_matches('+');
    let or_later = or_later || id.name.ends_with('+');
    if let Some((_, to)) = DEPRECATED_REPLACEMENTS
        .iter()
        .find(|(from, _)| *from == base)
    {
        return Some(to.to_string());
    }
    let suffix = if or_later { "-or-later" } else { "-only" };
    let candidate = format!("{base}{suffix}");
    spdx::license_id(&candidate)
        .filter(|l| !l.is_deprecated())
        .map(|_| candidate)
}

/// Lower-case, trimmed, inner whitespace collapsed, surrounding quotes dropped.
pub fn alias_key(s: &str) -> String {
    s.trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One entry of [`Catalog::entries`]: a profile or a Hub id that names an SPDX license.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
    pub kind: LicenseKind,
    pub osi_approved: bool,
    pub osd_conformant: Option<bool>,
    /// The Hugging Face ids that name it.
    pub hub_ids: Vec<String>,
    pub aliases: Vec<String>,
    pub restrictions: Vec<RestrictionKind>,
    pub content_types: Vec<ContentType>,
    pub url: Option<String>,
    /// `profile` (a file in `licenses/`) or `spdx` (the SPDX list's facts).
    pub source: &'static str,
}

impl Catalog {
    /// The catalog built into the binary.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_sources(embedded::LICENSES)
                .unwrap_or_else(|e| panic!("the built-in license catalog is invalid: {e}"))
        })
    }

    /// Load profiles from `(file name, YAML)` pairs, rejecting unknown keys, duplicate ids and
    /// aliases that two profiles claim.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Catalog, Error> {
        let mut profiles = Vec::new();
        let mut errors = Vec::new();
        for (file, text) in sources {
            if !file.ends_with(".yaml") {
                continue;
            }
            match yaml::parse::<Profile>(text, yaml::Duplicates::Reject) {
                Ok(mut p) => {
                    p.file = format!("licenses/{file}");
                    if let Err(e) = check_profile(&p) {
                        errors.push(format!("licenses/{file}: {e}"));
                    }
                    profiles.push(p);
                }
                Err(e) => errors.push(e.at_file(&format!("licenses/{file}"))),
            }
        }
        profiles.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, p) in profiles.iter().enumerate() {
            for key in std::iter::once(&p.id).chain(&p.aliases) {
                if let Some(prev) = by_key.insert(alias_key(key), i)
                    && prev != i
                {
                    errors.push(format!(
                        "{}: `{key}` is also claimed by {}",
                        p.file, profiles[prev].file
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::Config(
                crate::diag::Diagnostic::error(crate::diag::Code::Invalid, errors.join("\n"))
                    .into(),
            ));
        }
        let spdx_lower = spdx::identifiers::LICENSES
            .iter()
            .filter_map(|l| spdx::license_id(l.name).map(|id| (l.name.to_lowercase(), id)))
            .collect();
        Ok(Catalog {
            profiles,
            by_key,
            spdx_lower,
            phrases: OnceLock::new(),
        })
    }

    /// The automaton of every fingerprint phrase (built on first use).
    pub fn phrase_index(&self) -> &PhraseIndex {
        self.phrases
            .get_or_init(|| PhraseIndex::build(&self.profiles))
    }

    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// A profile by id or alias (case-insensitive).
    pub fn profile(&self, key: &str) -> Option<&Profile> {
        self.by_key.get(&alias_key(key)).map(|&i| &self.profiles[i])
    }

    /// A profile whose text lives at `url` (for `license_link`). Hub `blob`/`resolve`/`raw`
    /// addresses of one file are the same address, and so are GitHub's `blob` and raw ones.
    pub fn profile_by_link(&self, url: &str) -> Option<&Profile> {
        let key = link_key(url);
        if key.is_empty() {
            return None;
        }
        self.profiles.iter().find(|p| {
            p.url
                .iter()
                .chain(&p.links)
                .chain(p.restrictions.iter().filter_map(|r| r.url.as_ref()))
                .any(|u| link_key(u) == key)
        })
    }

    /// Understand a `license_link`: a profile's known address, or the address of a standard
    /// license text (spdx.org, opensource.org, creativecommons.org, apache.org, gnu.org,
    /// choosealicense.com). `None` when the address says nothing about the license (a
    /// repository's own LICENSE file, for instance).
    pub fn resolve_link(&self, url: &str) -> Option<Resolved> {
        if let Some(p) = self.profile_by_link(url) {
            let mut r = self.resolve(&p.id);
            r.declared = url.trim().to_string();
            return Some(r);
        }
        let id = standard_link_id(&link_key(url))?;
        let mut r = self.resolve(&id);
        if r.resolution == Resolution::Unresolved {
            return None;
        }
        r.declared = url.trim().to_string();
        Some(r)
    }

    /// Every profile, plus every Hub id that names an SPDX license without a profile, sorted by id.
    pub fn entries(&self) -> Vec<CatalogEntry> {
        let mut out: Vec<CatalogEntry> = self
            .profiles
            .iter()
            .map(|p| {
                let f = p.facts();
                CatalogEntry {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind,
                    osi_approved: p.osi_approved,
                    osd_conformant: p.osd_conformant,
                    hub_ids: p.hub_ids().into_iter().map(String::from).collect(),
                    aliases: p.aliases.clone(),
                    restrictions: f.restrictions.iter().map(|r| r.kind).collect(),
                    content_types: f.content_types,
                    url: p.url.clone(),
                    source: "profile",
                }
            })
            .collect();
        for (hub, name, target) in HUB_LICENSES {
            if self.profile(target).is_some() {
                continue;
            }
            let Some(id) = spdx::license_id(target) else {
                continue;
            };
            let f = self.spdx_facts(id);
            out.push(CatalogEntry {
                id: f.id.clone(),
                name: name.to_string(),
                kind: f.kind,
                osi_approved: f.osi_approved,
                osd_conformant: f.osd_conformant,
                hub_ids: vec![hub.to_string()],
                aliases: Vec::new(),
                restrictions: f.restrictions.iter().map(|r| r.kind).collect(),
                content_types: f.content_types,
                url: f.url,
                source: "spdx",
            });
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Facts for one SPDX license id: its profile if it has one, else what the SPDX list and the
    /// id itself say (OSI/FSF flags, the MOF's open-data list, Creative Commons elements).
    pub fn spdx_facts(&self, id: LicenseId) -> LicenseFacts {
        if let Some(p) = self.profile(id.name) {
            return p.facts();
        }
        let name = id.name;
        let open_data = OPEN_DATA.contains(&name);
        let free = id.is_osi_approved() || id.is_fsf_free_libre();
        let mut restrictions = Vec::new();
        let cc = cc_elements(name);
        let data_license = DATA_LICENSE_PREFIXES.iter().any(|p| name.starts_with(p));
        let kind = if matches!(
            name,
            "CC0-1.0" | "PDDL-1.0" | "Unlicense" | "CC-PDDC" | "CC-PDM-1.0"
        ) {
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

    /// Understand a declared license string.
    pub fn resolve(&self, declared: &str) -> Resolved {
        let trimmed = declared.trim();
        let resolved = |facts, resolution, warning| Resolved {
            declared: trimmed.to_string(),
            facts,
            resolution,
            warning,
        };
        if trimmed.is_empty() {
            return resolved(
                LicenseFacts::unknown("(empty)"),
                Resolution::Unresolved,
                Some("the license is empty".into()),
            );
        }
        // A Hub id names one catalog entry, whatever its case.
        if let Some((_, _, target)) = hub_target(trimmed) {
            if *target == NOASSERTION {
                let facts = self
                    .profile(NOASSERTION)
                    .map(Profile::facts)
                    .unwrap_or_else(|| LicenseFacts::unknown(trimmed));
                return resolved(facts, Resolution::Unresolved, None);
            }
            if let Some(facts) = self.id_facts(target) {
                let how = if *target == trimmed {
                    Resolution::Spdx
                } else {
                    Resolution::Profile
                };
                return resolved(facts, how, None);
            }
        }
        if let Some(p) = self.profile(trimmed) {
            if p.kind == LicenseKind::Unknown && p.id == NOASSERTION {
                return resolved(p.facts(), Resolution::Unresolved, None);
            }
            let exact = p.id == trimmed;
            let how = if exact && spdx::license_id(trimmed).is_some() {
                Resolution::Spdx
            } else {
                Resolution::Profile
            };
            return resolved(p.facts(), how, None);
        }
        if let Ok(expr) = spdx::Expression::parse_mode(trimmed, ParseMode::STRICT)
            && let Some((facts, notes)) = self.expression_facts(&expr)
        {
            let warning = (!notes.is_empty()).then(|| notes.join("; "));
            return resolved(facts, Resolution::Spdx, warning);
        }
        if let Some(rewritten) = self.lenient_rewrite(trimmed)
            && let Ok(expr) = spdx::Expression::parse_mode(&rewritten, ParseMode::LAX)
            && let Some((facts, notes)) = self.expression_facts(&expr)
        {
            let mut warnings = Vec::new();
            if facts.id != trimmed {
                warnings.push(format!(
                    "`{trimmed}` is not a valid SPDX expression; read as `{}`",
                    facts.id
                ));
            }
            warnings.extend(notes);
            let warning = (!warnings.is_empty()).then(|| warnings.join("; "));
            return resolved(facts, Resolution::Lenient, warning);
        }
        resolved(
            LicenseFacts::unknown(trimmed),
            Resolution::Unresolved,
            Some(format!(
                "`{trimmed}` is neither an SPDX expression nor a license this catalog knows"
            )),
        )
    }

    /// Facts for a catalog id: a profile's id, or an SPDX id.
    pub fn id_facts(&self, id: &str) -> Option<LicenseFacts> {
        if let Some(p) = self.profile(id) {
            return Some(p.facts());
        }
        spdx::license_id(id).map(|l| self.spdx_facts(l))
    }

    /// Replace each token that case-insensitively names an SPDX id, a Hub id or a profile with
    /// its id.
    fn lenient_rewrite(&self, s: &str) -> Option<String> {
        let spaced = s
            .replace('(', " ( ")
            .replace(')', " ) ")
            .replace(['/', ','], " OR ");
        let mut out = Vec::new();
        for token in spaced.split_whitespace() {
            let lower = token.to_lowercase();
            let replaced = match lower.as_str() {
                "and" | "or" | "with" | "(" | ")" => token.to_uppercase(),
                _ => {
                    let plus_base = token.strip_suffix('+').and_then(spdx::license_id);
                    if let Some(current) = plus_base.and_then(|id| deprecated_replacement(id, true))
                    {
                        // `GPL-2.0+`: the deprecated "or later" spelling.
                        current
                    } else if let Some((_, _, target)) = hub_target(token) {
                        target.to_string()
                    } else if let Some(p) = self.profile(token) {
                        p.id.clone()
                    } else if let Some(id) = self.spdx_lower.get(&lower) {
                        id.name.to_string()
                    } else if let Some(e) = spdx::identifiers::EXCEPTIONS
                        .iter()
                        .find(|e| e.name.eq_ignore_ascii_case(token))
                    {
                        e.name.to_string()
                    } else if let Some((id, _)) =
                        spdx::imprecise_license_id(&lower).filter(|(_, len)| *len == lower.len())
                    {
                        id.name.to_string()
                    } else {
                        token.to_string()
                    }
                }
            };
            out.push(replaced);
        }
        let out = out.join(" ").replace("( ", "(").replace(" )", ")");
        (!out.is_empty()).then_some(out)
    }

    /// Facts of a whole expression: OR lets the licensee pick the most open side; AND imposes
    /// both. Deprecated ids are read as their replacement, with a note.
    fn expression_facts(&self, expr: &spdx::Expression) -> Option<(LicenseFacts, Vec<String>)> {
        let mut stack: Vec<LicenseFacts> = Vec::new();
        let mut notes = Vec::new();
        for node in expr.iter() {
            match node {
                ExprNode::Req(r) => {
                    let facts = match &r.req.license {
                        LicenseItem::Spdx { id, or_later } => {
                            match deprecated_replacement(*id, *or_later) {
                                Some(current) => {
                                    notes.push(format!(
                                        "`{}{}` is a deprecated SPDX id; read as `{current}`",
                                        id.name,
                                        if *or_later { "+" } else { "" }
                                    ));
                                    let parsed =
                                        spdx::Expression::parse_mode(&current, ParseMode::STRICT)
                                            .ok()?;
                                    self.expression_facts(&parsed)?.0
                                }
                                None => {
                                    if id.is_deprecated() {
                                        notes.push(format!(
                                            "`{}` is a deprecated SPDX id with no direct replacement",
                                            id.name
                                        ));
                                    }
                                    let mut f = self.spdx_facts(*id);
                                    if *or_later && !f.id.ends_with('+') {
                                        f.id.push('+');
                                    }
                                    f
                                }
                            }
                        }
                        LicenseItem::Other(lr) => {
                            let id = match &lr.doc_ref {
                                Some(doc) => format!("DocumentRef-{doc}:LicenseRef-{}", lr.lic_ref),
                                None => format!("LicenseRef-{}", lr.lic_ref),
                            };
                            match self.profile(&id) {
                                Some(p) => p.facts(),
                                None => {
                                    notes.push(format!(
                                        "`{id}` is not a license this catalog knows; its terms are unknown"
                                    ));
                                    LicenseFacts {
                                        id: id.clone(),
                                        ..LicenseFacts::unknown(&id)
                                    }
                                }
                            }
                        }
                    };
                    let facts = match &r.req.addition {
                        Some(add) => {
                            let name = add.to_string();
                            if let Some(e) = spdx::exception_id(&name)
                                && e.is_deprecated()
                            {
                                notes.push(format!("`{name}` is a deprecated SPDX exception id"));
                            }
                            LicenseFacts {
                                id: format!("{} WITH {name}", facts.id),
                                name: format!("{} with {name}", facts.name),
                                ..facts
                            }
                        }
                        None => facts,
                    };
                    stack.push(facts);
                }
                ExprNode::Op(op) => {
                    let right = stack.pop()?;
                    let left = stack.pop()?;
                    stack.push(combine(*op, left, right));
                }
            }
        }
        let facts = stack.pop()?;
        stack.is_empty().then_some((facts, notes))
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

/// How open a license is, for choosing between the sides of an OR (lower is more open).
fn openness_rank(f: &LicenseFacts) -> (u8, usize, LicenseKind) {
    let freedom = match f.grants_freedoms() {
        Some(true) => 0,
        None => 1,
        Some(false) => 2,
    };
    (freedom, f.freedom_restrictions().count(), f.kind)
}

fn combine(op: Operator, left: LicenseFacts, right: LicenseFacts) -> LicenseFacts {
    let needs_parens = |f: &LicenseFacts, other_op: &str| f.id.contains(other_op);
    match op {
        Operator::Or => {
            let id = format!(
                "{} OR {}",
                paren(&left.id, needs_parens(&left, " AND ")),
                paren(&right.id, needs_parens(&right, " AND "))
            );
            let name = format!("{} or {}", left.name, right.name);
            let best = if openness_rank(&right) < openness_rank(&left) {
                right
            } else {
                left
            };
            LicenseFacts { id, name, ..best }
        }
        Operator::And => {
            let id = format!(
                "{} AND {}",
                paren(&left.id, needs_parens(&left, " OR ")),
                paren(&right.id, needs_parens(&right, " OR "))
            );
            let osd = match (left.osd_conformant, right.osd_conformant) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            let mut restrictions = left.restrictions.clone();
            restrictions.extend(right.restrictions.iter().cloned());
            restrictions.sort();
            restrictions.dedup();
            let content_types = left
                .content_types
                .iter()
                .copied()
                .filter(|t| right.content_types.contains(t))
                .collect();
            LicenseFacts {
                id,
                name: format!("{} and {}", left.name, right.name),
                kind: left.kind.max(right.kind),
                osi_approved: left.osi_approved && right.osi_approved,
                osd_conformant: osd,
                restrictions,
                content_types,
                url: None,
            }
        }
    }
}

/// A URL without scheme, `www.`, query, fragment or trailing slash, lower-cased; the Hub's
/// `resolve`/`raw` and GitHub's raw addresses are folded onto their `blob` form.
pub fn link_key(url: &str) -> String {
    let u = url
        .trim()
        .trim_matches(|c| c == '<' || c == '>')
        .to_lowercase();
    let u = u.split_once("://").map(|(_, r)| r).unwrap_or(&u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let u = u.split(['?', '#']).next().unwrap_or(u);
    let u = u.trim_end_matches('/');
    let parts: Vec<&str> = u.split('/').collect();
    // huggingface.co/ORG/NAME/(resolve|raw)/REV/PATH -> .../blob/REV/PATH (also spaces/, datasets/).
    if parts.first() == Some(&"huggingface.co") {
        let mut p = parts.clone();
        if let Some(slot) = p
            .iter_mut()
            .skip(3)
            .find(|x| matches!(**x, "resolve" | "raw"))
        {
            *slot = "blob";
        }
        return p.join("/");
    }
    // raw.githubusercontent.com/ORG/NAME/REV/PATH -> github.com/ORG/NAME/blob/REV/PATH
    if parts.first() == Some(&"raw.githubusercontent.com") && parts.len() > 4 {
        let mut p = vec!["github.com", parts[1], parts[2], "blob"];
        p.extend(&parts[3..]);
        return p.join("/");
    }
    if parts.first() == Some(&"github.com") && parts.get(3) == Some(&"raw") {
        let mut p = parts.clone();
        p[3] = "blob";
        return p.join("/");
    }
    u.to_string()
}

/// The license a well-known standard-license address names.
fn standard_link_id(key: &str) -> Option<String> {
    let parts: Vec<&str> = key.split('/').collect();
    let host = *parts.first()?;
    let last = parts
        .last()
        .map(|s| {
            s.trim_end_matches(".html")
                .trim_end_matches(".txt")
                .trim_end_matches(".php")
                .trim_end_matches(".md")
        })
        .unwrap_or_default();
    match host {
        "spdx.org" if parts.get(1) == Some(&"licenses") => Some(last.to_string()),
        "opensource.org" if matches!(parts.get(1), Some(&"licenses") | Some(&"license")) => {
            Some(last.to_string())
        }
        "choosealicense.com" if parts.get(1) == Some(&"licenses") => Some(last.to_string()),
        "apache.org" if key.contains("licenses/license-2.0") => Some("Apache-2.0".into()),
        "gnu.org" if parts.get(1) == Some(&"licenses") => {
            let name = last.trim_end_matches(".en");
            Some(
                match name {
                    "gpl-3.0" | "gpl" => "GPL-3.0-only",
                    "gpl-2.0" | "old-licenses" => "GPL-2.0-only",
                    "lgpl-3.0" | "lgpl" => "LGPL-3.0-only",
                    "lgpl-2.1" => "LGPL-2.1-only",
                    "agpl-3.0" | "agpl" => "AGPL-3.0-only",
                    "fdl-1.3" | "fdl" => "GFDL-1.3-only",
                    _ => return None,
                }
                .to_string(),
            )
        }
        "creativecommons.org" => {
            // creativecommons.org/licenses/by-nc-sa/4.0[/legalcode[.xx]]
            // creativecommons.org/publicdomain/zero/1.0
            match parts.get(1) {
                Some(&"publicdomain") if parts.get(2) == Some(&"zero") => Some("CC0-1.0".into()),
                Some(&"licenses") => {
                    let elements = parts.get(2)?;
                    let version = parts.get(3)?;
                    Some(format!("CC-{}-{}", elements.to_uppercase(), version))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn paren(s: &str, wrap: bool) -> String {
    if wrap {
        format!("({s})")
    } else {
        s.to_string()
    }
}

fn check_profile(p: &Profile) -> Result<(), String> {
    let is_spdx = spdx::license_id(&p.id).is_some();
    if !is_spdx && !p.id.starts_with("LicenseRef-") && p.id != NOASSERTION {
        return Err(format!(
            "id `{}` is neither an SPDX license id nor a `LicenseRef-` id",
            p.id
        ));
    }
    if let Some(id) = spdx::license_id(&p.id)
        && id.is_osi_approved() != p.osi_approved
    {
        return Err(format!(
            "osi_approved is {} but the SPDX list says {}",
            p.osi_approved,
            id.is_osi_approved()
        ));
    }
    if p.osi_approved && p.osd_conformant != Some(true) {
        return Err("an OSI-approved license must have osd_conformant: true".into());
    }
    for r in &p.restrictions {
        if matches!(
            r.kind,
            RestrictionKind::UserThreshold | RestrictionKind::RevenueThreshold
        ) && r.threshold.is_none()
        {
            return Err(format!("a {} restriction needs its `threshold`", r.kind));
        }
    }
    if p.restrictions.iter().any(|r| r.kind.breaks_freedoms()) && p.osd_conformant == Some(true) {
        return Err(
            "a license whose restrictions take away a freedom cannot be osd_conformant".into(),
        );
    }
    if let Some(base) = &p.modifies
        && spdx::license_id(base).is_none()
    {
        return Err(format!("modifies: `{base}` is not an SPDX license id"));
    }
    if !p.policy_fingerprints.is_empty() && p.policy_fingerprints.len() < 2 {
        return Err("policy_fingerprints needs at least two phrases".into());
    }
    for phrase in p.fingerprints.iter().chain(&p.policy_fingerprints) {
        let words = super::identify::normalize(phrase);
        if words.is_empty() {
            return Err(format!("fingerprint `{phrase}` has no words"));
        }
        if words.split(' ').count() > 8 {
            return Err(format!(
                "fingerprint `{phrase}` is longer than eight words: fingerprints are short phrases written for this project, not excerpts"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::license::RestrictionKind;

    fn cat() -> &'static Catalog {
        Catalog::builtin()
    }

    #[test]
    fn strict_spdx() {
        let r = cat().resolve("Apache-2.0");
        assert_eq!(r.resolution, Resolution::Spdx);
        assert_eq!(r.facts.id, "Apache-2.0");
        assert!(r.facts.osi_approved);
        assert_eq!(r.facts.kind, LicenseKind::Permissive);
        assert!(r.warning.is_none());
    }

    #[test]
    fn hugging_face_ids_fold_case() {
        // Hugging Face ids are lower-case by design: an alias, no warning.
        let r = cat().resolve("apache-2.0");
        assert_eq!(r.facts.id, "Apache-2.0");
        assert_eq!(r.resolution, Resolution::Profile);
        assert!(r.warning.is_none());
        assert_eq!(cat().resolve("mit").facts.id, "MIT");
        // Other case-folded SPDX ids are read leniently, with a warning.
        let r = cat().resolve("isc OR zlib");
        assert_eq!(r.facts.id, "ISC OR Zlib");
        assert_eq!(r.resolution, Resolution::Lenient);
        assert!(r.warning.unwrap().contains("isc OR zlib"));
    }

    #[test]
    fn expressions() {
        let r = cat().resolve("MIT OR Apache-2.0");
        assert_eq!(r.facts.id, "MIT OR Apache-2.0");
        assert_eq!(r.facts.grants_freedoms(), Some(true));
        let r = cat().resolve("apache-2.0 AND cc-by-nc-4.0");
        assert_eq!(r.facts.id, "Apache-2.0 AND CC-BY-NC-4.0");
        assert_eq!(r.facts.grants_freedoms(), Some(false));
        assert!(
            r.facts
                .restrictions
                .iter()
                .any(|x| x.kind == RestrictionKind::NonCommercial)
        );
        let r = cat().resolve("CC-BY-NC-4.0 OR MIT");
        assert_eq!(
            r.facts.grants_freedoms(),
            Some(true),
            "OR picks the open side"
        );
        let r = cat().resolve("MIT/Apache-2.0");
        assert_eq!(r.facts.id, "MIT OR Apache-2.0");
    }

    #[test]
    fn ai_licenses() {
        let r = cat().resolve("llama3.1");
        assert_eq!(r.resolution, Resolution::Profile);
        assert_eq!(r.facts.kind, LicenseKind::RestrictedOpenWeights);
        assert_eq!(r.facts.grants_freedoms(), Some(false));
        let t = r
            .facts
            .restrictions
            .iter()
            .find(|x| x.kind == RestrictionKind::UserThreshold)
            .unwrap();
        assert_eq!(t.threshold, Some(700_000_000));
        assert_eq!(cat().resolve("Llama2").facts.id, "LicenseRef-llama2");
        assert_eq!(
            cat().resolve("bigscience-openrail-m").facts.kind,
            LicenseKind::RestrictedOpenWeights
        );
    }

    #[test]
    fn unknown_and_other() {
        let r = cat().resolve("other");
        assert_eq!(r.resolution, Resolution::Unresolved);
        assert_eq!(r.facts.kind, LicenseKind::Unknown);
        assert_eq!(r.facts.grants_freedoms(), None);
        let r = cat().resolve("my-own-license");
        assert_eq!(r.resolution, Resolution::Unresolved);
        assert_eq!(r.facts.id, NOASSERTION);
    }

    #[test]
    fn open_data_licenses_are_open() {
        let r = cat().resolve("cdla-permissive-2.0");
        assert_eq!(r.facts.kind, LicenseKind::OpenData);
        assert_eq!(r.facts.grants_freedoms(), Some(true));
        assert!(!r.facts.osi_approved);
    }
    #[test]
    fn every_hub_id_resolves_without_warning() {
        for (hub, _, target) in HUB_LICENSES {
            let r = cat().resolve(hub);
            assert!(r.warning.is_none(), "{hub}: {:?}", r.warning);
            if *target == NOASSERTION {
                assert_eq!(r.resolution, Resolution::Unresolved, "{hub}");
                continue;
            }
            assert_eq!(r.facts.id, *target, "{hub}");
            if *hub != "cc" {
                assert_ne!(r.facts.kind, LicenseKind::Unknown, "{hub} has no facts");
            }
            assert!(
                cat().profile(target).is_some() || spdx::license_id(target).is_some(),
                "{hub} -> {target} is neither a profile nor an SPDX id"
            );
        }
    }

    #[test]
    fn deprecated_ids_are_read_as_their_replacement() {
        let r = cat().resolve("GPL-3.0");
        assert_eq!(r.facts.id, "GPL-3.0-only");
        assert_eq!(r.resolution, Resolution::Lenient);
        assert!(r.warning.unwrap().contains("deprecated"));
        let r = cat().resolve("GPL-2.0+");
        assert_eq!(r.facts.id, "GPL-2.0-or-later");
        let r = cat().resolve("GPL-2.0-with-classpath-exception");
        assert_eq!(r.facts.id, "GPL-2.0-only WITH Classpath-exception-2.0");
        // The Hub's own ids are not deprecated uses: no warning.
        assert!(cat().resolve("gpl-3.0").warning.is_none());
    }

    #[test]
    fn with_exceptions_and_license_refs() {
        let r = cat().resolve("Apache-2.0 WITH LLVM-exception");
        assert_eq!(r.resolution, Resolution::Spdx);
        assert_eq!(r.facts.id, "Apache-2.0 WITH LLVM-exception");
        assert_eq!(r.facts.grants_freedoms(), Some(true));
        let r = cat().resolve("apache-2.0 with llvm-exception");
        assert_eq!(r.facts.id, "Apache-2.0 WITH LLVM-exception");
        assert_eq!(r.resolution, Resolution::Lenient);
        // A LicenseRef the catalog knows, inside an expression.
        let r = cat().resolve("MIT AND LicenseRef-llama3.1");
        assert_eq!(r.facts.id, "MIT AND LicenseRef-llama3.1");
        assert_eq!(r.facts.grants_freedoms(), Some(false));
        // One it does not know: the expression resolves, the unknown part stays unknown.
        let r = cat().resolve("MIT AND LicenseRef-my-own");
        assert_eq!(r.facts.id, "MIT AND LicenseRef-my-own");
        assert_eq!(r.facts.grants_freedoms(), None);
        assert!(r.warning.unwrap().contains("LicenseRef-my-own"));
        // OR with an unknown part: the licensee may pick the open side.
        let r = cat().resolve("MIT OR LicenseRef-my-own");
        assert_eq!(r.facts.grants_freedoms(), Some(true));
    }

    #[test]
    fn names_and_aliases_resolve() {
        for (name, id) in [
            (
                "Llama 3.1 Community License Agreement",
                "LicenseRef-llama3.1",
            ),
            ("llama-2-community-license", "LicenseRef-llama2"),
            ("llama-license", "LicenseRef-llama1"),
            ("tongyi-qianwen", "LicenseRef-tongyi-qianwen"),
            (
                "Qwen RESEARCH LICENSE AGREEMENT",
                "LicenseRef-qwen-research",
            ),
            ("deepseek", "LicenseRef-deepseek"),
            ("Mistral AI Research License", "LicenseRef-MRL-0.1"),
            ("mnpl", "LicenseRef-MNPL-0.1"),
            (
                "nvidia-open-model-license",
                "LicenseRef-nvidia-open-model-license",
            ),
            (
                "stabilityai-ai-community",
                "LicenseRef-stability-ai-community",
            ),
            ("ai2-impact-lr", "LicenseRef-ai2-impact-lr"),
            ("OpenMDW", "OpenMDW-1.0"),
            (
                "flux-1-dev-non-commercial-license",
                "LicenseRef-flux-non-commercial",
            ),
            ("falcon-llm-license", "LicenseRef-tii-falcon"),
            ("apple-ascl", "AML"),
        ] {
            assert_eq!(cat().resolve(name).facts.id, id, "{name}");
        }
    }

    #[test]
    fn content_types_follow_the_kind_of_work() {
        let types = |id: &str| cat().resolve(id).facts.content_types;
        assert_eq!(types("MIT"), vec![ContentType::Code]);
        assert_eq!(types("GPL-3.0-only"), vec![ContentType::Code]);
        assert_eq!(types("ODbL-1.0"), vec![ContentType::Data]);
        assert_eq!(types("CDLA-Permissive-2.0"), vec![ContentType::Data]);
        assert_eq!(
            types("CC-BY-3.0"),
            vec![ContentType::Document, ContentType::Data]
        );
        assert_eq!(
            types("GFDL-1.3-only"),
            vec![ContentType::Document, ContentType::Data]
        );
        assert_eq!(
            cat().resolve("GFDL-1.3-only").facts.kind,
            LicenseKind::OpenContent
        );
        assert_eq!(
            types("OpenMDW-1.0"),
            vec![ContentType::Code, ContentType::Data, ContentType::Document]
        );
        assert_eq!(types("C-UDA-1.0"), vec![ContentType::Data]);
    }

    #[test]
    fn creative_commons_ids_carry_their_elements() {
        // No profile for these: the SPDX id says what they restrict.
        let r = cat().resolve("CC-BY-NC-ND-2.5");
        assert_eq!(r.facts.kind, LicenseKind::NonCommercial);
        let kinds: Vec<_> = r.facts.restrictions.iter().map(|x| x.kind).collect();
        assert!(kinds.contains(&RestrictionKind::NonCommercial));
        assert!(kinds.contains(&RestrictionKind::NoDerivatives));
        assert_eq!(r.facts.grants_freedoms(), Some(false));
        let r = cat().resolve("CC-BY-SA-2.5");
        assert_eq!(r.facts.kind, LicenseKind::OpenContent);
        assert_eq!(r.facts.grants_freedoms(), Some(true));
    }

    #[test]
    fn links_resolve() {
        let r = cat()
            .resolve_link("https://huggingface.co/meta-llama/Llama-3.2-1B/resolve/main/LICENSE.txt")
            .unwrap();
        assert_eq!(r.facts.id, "LicenseRef-llama3.2");
        let r = cat()
            .resolve_link("https://ai.meta.com/llama/license/")
            .unwrap();
        assert_eq!(r.facts.id, "LicenseRef-llama2");
        let r = cat()
            .resolve_link("https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode")
            .unwrap();
        assert_eq!(r.facts.id, "CC-BY-NC-SA-4.0");
        let r = cat()
            .resolve_link("http://www.apache.org/licenses/LICENSE-2.0")
            .unwrap();
        assert_eq!(r.facts.id, "Apache-2.0");
        let r = cat()
            .resolve_link("https://opensource.org/licenses/MIT")
            .unwrap();
        assert_eq!(r.facts.id, "MIT");
        assert!(
            cat()
                .resolve_link("https://huggingface.co/someone/model/blob/main/LICENSE")
                .is_none()
        );
    }

    #[test]
    fn profiles_are_checked_when_loaded() {
        let bad = "id: LicenseRef-x\nname: X\nkind: permissive\nosi_approved: false\nosd_conformant: true\nurl: null\nrestrictions:\n  - kind: user-threshold\n    summary: s\n";
        let e = Catalog::from_sources(&[("x.yaml", bad)])
            .unwrap_err()
            .to_string();
        assert!(e.contains("threshold"), "{e}");
        let long = "id: LicenseRef-y\nname: Y\nkind: permissive\nosi_approved: false\nosd_conformant: null\nurl: null\nfingerprints:\n  - \"one two three four five six seven eight nine\"\n";
        let e = Catalog::from_sources(&[("y.yaml", long)])
            .unwrap_err()
            .to_string();
        assert!(e.contains("longer than eight words"), "{e}");
        let unknown_key = "id: LicenseRef-z\nname: Z\nkind: permissive\nosi_approved: false\nosd_conformant: null\nurl: null\nfingerprint: []\n";
        assert!(Catalog::from_sources(&[("z.yaml", unknown_key)]).is_err());
    }
}
