//! The license catalog: the profiles of `licenses/profiles/` over the SPDX list, and the
//! Hugging Face Hub's license ids ([`super::hub`]).
//!
//! [`Catalog::resolve`] turns what a card declares (`apache-2.0`, `llama3.1`, `MIT OR Apache-2.0`,
//! `Llama 3 Community License`) into [`LicenseFacts`]: a Hub id or a profile alias first, then a
//! strict SPDX expression, then a lenient reading (case folding, aliases inside expressions, `/`
//! for OR, deprecated ids) with a warning that says what was read as what.
//! [`Catalog::resolve_link`] does the same for a `license_link`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use spdx::{LicenseId, ParseMode};

use super::expr::{self, Leaves};
use super::facts::{LicenseFacts, LicenseKind, NOASSERTION, RestrictionKind};
use super::hub::{HUB_LICENSES, hub_target};
use super::links::{link_key, standard_link_id};
use super::normalize::alias_key;
use super::phrases::PhraseIndex;
use super::profile::{self, LicenseProfile};
use super::spdx_list;
use crate::component::ContentType;
use crate::error::Error;

/// The most licenses one expression is read for. A longer one (a card can hold thousands) is
/// unresolved, its terms unknown: the facts of an expression are combined operator by operator,
/// each copying the text so far, which is quadratic in its length (8,000 terms took seconds).
const MAX_TERMS: usize = 64;

/// How a declared license was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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
    profiles: Vec<LicenseProfile>,
    by_key: HashMap<String, usize>,
    /// The first profile of each link key (built on first use): a lookup per link, not a walk
    /// of every profile's links.
    by_link: OnceLock<HashMap<String, usize>>,
    phrases: OnceLock<PhraseIndex>,
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
    /// `profile` (a file in `licenses/profiles/`) or `spdx` (the SPDX list's facts).
    pub source: &'static str,
}

impl Catalog {
    /// The catalog built into the binary.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // Read and checked when the crate was built (build.rs).
            Catalog::from_profiles(super::builtin::profiles())
        })
    }

    /// Load profiles from `(file name in licenses/profiles/, YAML)` pairs. Every problem of every
    /// file (unknown keys, unknown kinds, missing fields, contradicting facts, ids or aliases two
    /// profiles claim) is reported, with its position, as one [`Error::Config`].
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Catalog, Error> {
        Ok(Catalog::from_profiles(profile::load_all(sources)?))
    }

    /// A catalog of profiles already read and checked, sorted by id.
    fn from_profiles(profiles: Vec<LicenseProfile>) -> Catalog {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, p) in profiles.iter().enumerate() {
            for key in std::iter::once(&p.id).chain(&p.aliases) {
                by_key.insert(alias_key(key), i);
            }
        }
        Catalog {
            profiles,
            by_key,
            by_link: OnceLock::new(),
            phrases: OnceLock::new(),
        }
    }

    /// The automaton of every fingerprint phrase (built on first use).
    pub(crate) fn phrase_index(&self) -> &PhraseIndex {
        self.phrases
            .get_or_init(|| PhraseIndex::build(&self.profiles))
    }

    pub fn profiles(&self) -> &[LicenseProfile] {
        &self.profiles
    }

    /// A profile by id or alias (case-insensitive).
    pub fn profile(&self, key: &str) -> Option<&LicenseProfile> {
        self.by_key.get(&alias_key(key)).map(|&i| &self.profiles[i])
    }

    /// A profile whose text lives at `url` (for `license_link`). Hub `blob`/`resolve`/`raw`
    /// addresses of one file are the same address, and so are GitHub's `blob` and raw ones.
    pub fn profile_by_link(&self, url: &str) -> Option<&LicenseProfile> {
        let key = link_key(url);
        if key.is_empty() {
            return None;
        }
        let by_link = self.by_link.get_or_init(|| {
            let mut index = HashMap::new();
            for (i, p) in self.profiles.iter().enumerate() {
                let links = p
                    .url
                    .iter()
                    .chain(&p.links)
                    .chain(p.restrictions.iter().filter_map(|r| r.url.as_ref()));
                for u in links {
                    index.entry(link_key(u)).or_insert(i);
                }
            }
            index
        });
        by_link.get(&key).map(|&i| &self.profiles[i])
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
        match self.profile(id.name) {
            Some(p) => p.facts(),
            None => spdx_list::facts(id),
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
                    .map(LicenseProfile::facts)
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
        let too_long = |expr: &spdx::Expression| {
            let n = expr.requirements().count();
            (n > MAX_TERMS).then(|| {
                resolved(
                    LicenseFacts::unknown(trimmed),
                    Resolution::Unresolved,
                    Some(format!(
                        "the expression names {n} licenses, more than the {MAX_TERMS} one expression is read for; its terms are unknown"
                    )),
                )
            })
        };
        if let Ok(expr) = spdx::Expression::parse_mode(trimmed, ParseMode::STRICT) {
            if let Some(r) = too_long(&expr) {
                return r;
            }
            if let Some((facts, notes)) = expr::expression_facts(&expr, self) {
                let warning = (!notes.is_empty()).then(|| notes.join("; "));
                return resolved(facts, Resolution::Spdx, warning);
            }
        }
        let lenient = expr::lenient_rewrite(trimmed, self)
            .and_then(|r| spdx::Expression::parse_mode(&r, ParseMode::LAX).ok());
        if let Some(r) = lenient.as_ref().and_then(too_long) {
            return r;
        }
        if let Some(expr) = lenient
            && let Some((facts, notes)) = expr::expression_facts(&expr, self)
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
}

impl LicenseProfile {
    /// The Hub ids that name this profile.
    pub fn hub_ids(&self) -> Vec<&'static str> {
        HUB_LICENSES
            .iter()
            .filter(|(_, _, target)| *target == self.id)
            .map(|(hub, _, _)| *hub)
            .collect()
    }
}

impl Leaves for Catalog {
    fn spdx_facts(&self, id: LicenseId) -> LicenseFacts {
        Catalog::spdx_facts(self, id)
    }

    fn license_ref_facts(&self, id: &str) -> Option<LicenseFacts> {
        self.profile(id).map(LicenseProfile::facts)
    }

    fn known_id(&self, word: &str) -> Option<String> {
        if let Some((_, _, target)) = hub_target(word) {
            return Some(target.to_string());
        }
        self.profile(word).map(|p| p.id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(n: usize, sep: &str) -> String {
        vec!["MIT"; n].join(sep)
    }

    #[test]
    fn an_expression_is_read_up_to_max_terms() {
        let c = Catalog::builtin();
        let r = c.resolve(&terms(MAX_TERMS, " OR "));
        assert_eq!(r.resolution, Resolution::Spdx);
        assert!(r.facts.osi_approved);
        let r = c.resolve(&format!("Apache-2.0 AND ({})", terms(MAX_TERMS, " OR ")));
        assert_eq!(r.resolution, Resolution::Unresolved);
        assert!(r.warning.unwrap().contains("65 licenses"));
        // The lenient reading has the same bound.
        assert_eq!(
            c.resolve(&terms(MAX_TERMS, ", ")).resolution,
            Resolution::Lenient
        );
        assert_eq!(
            c.resolve(&terms(MAX_TERMS + 1, "/")).resolution,
            Resolution::Unresolved
        );
    }

    #[test]
    fn a_huge_expression_is_refused_quickly() {
        let c = Catalog::builtin();
        let start = std::time::Instant::now();
        for sep in [" OR ", " AND ", ", "] {
            let r = c.resolve(&terms(20_000, sep));
            assert_eq!(r.resolution, Resolution::Unresolved, "{sep}");
            assert_eq!(r.facts.grants_freedoms(), None);
        }
        // Quadratic combining took over 10 s here in a debug build.
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }
}
