//! The license catalog: the profiles in `licenses/*.yaml` (AI licenses SPDX lacks, and SPDX
//! licenses that need more facts than the SPDX list carries) over the SPDX list itself.
//!
//! [`Catalog::resolve`] turns what a card declares (`apache-2.0`, `llama3.1`, `MIT OR Apache-2.0`,
//! `Llama 3 Community License`) into [`LicenseFacts`]: strictly as SPDX first, then leniently (case
//! folding, Hugging Face ids, aliases) with a warning that says what was read as what.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use spdx::expression::{ExprNode, Operator};
use spdx::{LicenseId, LicenseItem, ParseMode};

use super::{LicenseFacts, LicenseKind, NOASSERTION, Restriction};
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
}

/// How a declared license was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolution {
    /// A valid SPDX id or expression, as written.
    Spdx,
    /// Matched a profile by id, Hugging Face id or alias.
    Profile,
    /// Read leniently (case folding, `/` for OR, imprecise names); see the warning.
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

/// Lower-case, trimmed, inner whitespace collapsed, surrounding quotes dropped.
pub fn alias_key(s: &str) -> String {
    s.trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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
            return Err(Error::Data(errors.join("\n")));
        }
        let spdx_lower = spdx::identifiers::LICENSES
            .iter()
            .filter_map(|l| spdx::license_id(l.name).map(|id| (l.name.to_lowercase(), id)))
            .collect();
        Ok(Catalog {
            profiles,
            by_key,
            spdx_lower,
        })
    }

    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// A profile by id or alias (case-insensitive).
    pub fn profile(&self, key: &str) -> Option<&Profile> {
        self.by_key.get(&alias_key(key)).map(|&i| &self.profiles[i])
    }

    /// A profile whose text lives at `url` (for `license_link`).
    pub fn profile_by_link(&self, url: &str) -> Option<&Profile> {
        let key = link_key(url);
        if key.is_empty() {
            return None;
        }
        self.profiles
            .iter()
            .find(|p| p.url.iter().chain(&p.links).any(|u| link_key(u) == key))
    }

    /// Facts for one SPDX license id: its profile if it has one, else the SPDX list's flags.
    pub fn spdx_facts(&self, id: LicenseId) -> LicenseFacts {
        if let Some(p) = self.profile(id.name) {
            return p.facts();
        }
        let open_data = OPEN_DATA.contains(&id.name);
        let free = id.is_osi_approved() || id.is_fsf_free_libre();
        let kind = if id.name.starts_with("CC0") || id.name == "PDDL-1.0" || id.name == "Unlicense"
        {
            LicenseKind::PublicDomain
        } else if open_data && id.name.starts_with("CC-") {
            LicenseKind::OpenContent
        } else if open_data {
            LicenseKind::OpenData
        } else if free && id.is_copyleft() {
            LicenseKind::Copyleft
        } else if free {
            LicenseKind::Permissive
        } else {
            LicenseKind::Unknown
        };
        LicenseFacts {
            id: id.name.to_string(),
            name: id.full_name.to_string(),
            kind,
            osi_approved: id.is_osi_approved(),
            osd_conformant: (free || open_data).then_some(true),
            restrictions: Vec::new(),
            content_types: kind.default_content_types(),
            url: Some(format!("https://spdx.org/licenses/{}.html", id.name)),
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
            && let Some(facts) = self.expression_facts(&expr)
        {
            return resolved(facts, Resolution::Spdx, None);
        }
        if let Some(rewritten) = self.lenient_rewrite(trimmed)
            && let Ok(expr) = spdx::Expression::parse_mode(&rewritten, ParseMode::LAX)
            && let Some(facts) = self.expression_facts(&expr)
        {
            let warning = (rewritten != facts.id || rewritten != trimmed).then(|| {
                format!(
                    "`{trimmed}` is not a valid SPDX expression; read as `{}`",
                    facts.id
                )
            });
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

    /// Replace each token that case-insensitively names an SPDX id or a profile with its id.
    fn lenient_rewrite(&self, s: &str) -> Option<String> {
        let spaced = s
            .replace('(', " ( ")
            .replace(')', " ) ")
            .replace('/', " OR ");
        let mut out = Vec::new();
        for token in spaced.split_whitespace() {
            let lower = token.to_lowercase();
            let replaced = match lower.as_str() {
                "and" | "or" | "with" | "(" | ")" => token.to_uppercase(),
                _ => {
                    if let Some(p) = self.profile(token) {
                        p.id.clone()
                    } else if let Some(id) = self.spdx_lower.get(&lower) {
                        id.name.to_string()
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

    /// Facts of a whole expression: OR lets the licensee pick the most open side; AND imposes both.
    fn expression_facts(&self, expr: &spdx::Expression) -> Option<LicenseFacts> {
        let mut stack: Vec<LicenseFacts> = Vec::new();
        for node in expr.iter() {
            match node {
                ExprNode::Req(r) => {
                    let facts = match &r.req.license {
                        LicenseItem::Spdx { id, or_later } => {
                            let mut f = self.spdx_facts(*id);
                            if *or_later {
                                f.id.push('+');
                            }
                            f
                        }
                        LicenseItem::Other(lr) => {
                            let id = format!("LicenseRef-{}", lr.lic_ref);
                            self.profile(&id)?.facts()
                        }
                    };
                    let facts = match &r.req.addition {
                        Some(add) => LicenseFacts {
                            id: format!("{} WITH {add}", facts.id),
                            name: format!("{} with {add}", facts.name),
                            ..facts
                        },
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
        stack.is_empty().then_some(facts)
    }
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

/// A URL without scheme, `www.`, query, fragment or trailing slash, lower-cased.
fn link_key(url: &str) -> String {
    let u = url.trim().to_lowercase();
    let u = u.split_once("://").map(|(_, r)| r).unwrap_or(&u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let u = u.split(['?', '#']).next().unwrap_or(u);
    u.trim_end_matches('/').to_string()
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
        if r.kind == super::RestrictionKind::UserThreshold && r.threshold.is_none() {
            return Err("a user-threshold restriction needs its `threshold`".into());
        }
    }
    if p.restrictions.iter().any(|r| r.kind.breaks_freedoms()) && p.osd_conformant == Some(true) {
        return Err(
            "a license whose restrictions take away a freedom cannot be osd_conformant".into(),
        );
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
}
