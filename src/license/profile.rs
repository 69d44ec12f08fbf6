//! License profiles: one file per license in `licenses/profiles/` (AI licenses SPDX lacks, and
//! SPDX licenses that need more facts than the SPDX list carries), read strictly. Every problem
//! of every file is reported with its position: unknown keys (with the valid ones), unknown
//! kinds, missing fields, facts that contradict the SPDX list or each other, fingerprints that
//! are not short phrases, and ids or aliases that two profiles claim.
//!
//! A profile is read the quick way first (serde, into [`LicenseProfile`]); a file with a problem
//! is read again as a [`RawProfile`] that keeps the position of every value. Both readings go
//! through the same checks ([`check`]), so they accept the same files.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use super::facts::{LicenseFacts, LicenseKind, NOASSERTION, Restriction, RestrictionKind};
use super::normalize::{alias_key, normalize};
use super::schema::{Problems, placed, raw_record};
use crate::component::ContentType;
use crate::diag::{Code, Diagnostics};
use crate::error::Error;

/// Where the profiles live, relative to the project root.
pub const PROFILES_DIR: &str = "licenses/profiles";

/// One license profile, as written in `licenses/profiles/<name>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseProfile {
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
    /// How `license show` names the profile's source: `licenses/<name>.yaml`, the address
    /// profiles had before they moved to `licenses/profiles/`, kept so that every report stays
    /// byte-identical through the move. [`LicenseProfile::path`] is where the file is.
    #[serde(skip_deserializing, default)]
    pub file: String,
    /// The file it was loaded from: `licenses/profiles/<name>.yaml`.
    #[serde(skip_deserializing, default)]
    pub path: String,
}

impl LicenseProfile {
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

raw_record! {
    /// A profile as written, every value with its position.
    struct RawProfile {
        id: Spanned<String>,
        name: Spanned<String>,
        aliases: Vec<Spanned<String>>,
        kind: Spanned<String>,
        osi_approved: Spanned<bool>,
        osd_conformant: Spanned<Option<bool>>,
        modifies: Spanned<Option<String>>,
        url: Spanned<Option<String>>,
        links: Vec<Spanned<String>>,
        restrictions: Vec<Spanned<RawRestriction>>,
        content_types: Spanned<Option<Vec<Spanned<String>>>>,
        fingerprints: Vec<Spanned<String>>,
        policy_fingerprints: Vec<Spanned<String>>,
        notes: Spanned<Option<String>>,
    }
}

raw_record! {
    /// One restriction of a profile, as written.
    struct RawRestriction {
        kind: Spanned<String>,
        summary: Spanned<String>,
        threshold: Spanned<Option<u64>>,
        url: Spanned<Option<String>>,
    }
}

const CONTENT_TYPES: [ContentType; 3] =
    [ContentType::Code, ContentType::Data, ContentType::Document];

/// A fingerprint is a short phrase, not an excerpt.
const FINGERPRINT_WORDS: usize = 8;

/// What the checks read of a profile, each with where it is written (unknown in the quick
/// reading); `None` where the value is missing or could not be read.
struct Claims<'a> {
    id: Option<(&'a str, Location)>,
    name: Option<(&'a str, Location)>,
    osi: Option<(bool, Location)>,
    osd: Option<(Option<bool>, Location)>,
    modifies: Option<(&'a str, Location)>,
    restrictions: Vec<RestrictionClaim<'a>>,
    fingerprints: Vec<(&'a str, Location)>,
    policy_fingerprints: Vec<(&'a str, Location)>,
}

/// A restriction as the checks read it: its kind (when known), threshold, summary, and where
/// it starts.
type RestrictionClaim<'a> = (
    Option<RestrictionKind>,
    Option<u64>,
    Option<&'a str>,
    Location,
);

/// A profile, and where its id and each alias are written (for the check across profiles).
type Read = (LicenseProfile, Vec<Location>);

/// Read the profiles from `(file name in licenses/profiles/, YAML)` pairs, sorted by id. Files
/// not ending in `.yaml` are skipped. Every problem of every file is reported.
pub(crate) fn load_all(sources: &[(&str, &str)]) -> Result<Vec<LicenseProfile>, Error> {
    let mut diags = Diagnostics::default();
    let mut profiles: Vec<LicenseProfile> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    // Each id or alias (as a lookup key) -> the profile that first claimed it, and which of its
    // keys it is (0: the id, i: alias i - 1).
    let mut claimed: HashMap<String, (usize, usize)> = HashMap::new();
    for (file, text) in sources {
        if !file.ends_with(".yaml") {
            continue;
        }
        let path = format!("{PROFILES_DIR}/{file}");
        let read = super::schema::read_twice(
            &path,
            &mut diags,
            |p| read_quick(p, text),
            |p| read_positioned(p, text),
        );
        let Some((profile, _)) = read else {
            continue;
        };
        let index = profiles.len();
        let keys = std::iter::once(&profile.id).chain(&profile.aliases);
        for (k, key) in keys.enumerate() {
            match claimed.entry(alias_key(key)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert((index, k));
                }
                std::collections::hash_map::Entry::Occupied(o) if o.get().0 != index => {
                    let (owner, first) = *o.get();
                    let first_path = &profiles[owner].path;
                    // Positions are read again only for the two files concerned.
                    let at = key_position(&path, text, k);
                    let first_at = key_position(first_path, texts[owner], first);
                    let mut p = Problems::new(&path, &mut diags);
                    p.at(
                        Code::Id,
                        &at,
                        format!("`{key}` is also claimed by {first_path}"),
                    );
                    p.also(first_path, &first_at, "claimed here first");
                }
                std::collections::hash_map::Entry::Occupied(_) => {}
            }
        }
        texts.push(text);
        profiles.push(LicenseProfile {
            file: format!("licenses/{file}"),
            path,
            ..profile
        });
    }
    diags.into_result()?;
    profiles.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(profiles)
}

/// Where a profile's id (`k` = 0) or alias `k - 1` is written.
fn key_position(path: &str, text: &str, k: usize) -> Location {
    let mut quiet = Diagnostics::default();
    read_positioned(&mut Problems::new(path, &mut quiet), text)
        .and_then(|(_, keys)| keys.get(k).copied())
        .unwrap_or(Location::UNKNOWN)
}

/// The quick reading: serde into a [`LicenseProfile`] (unknown keys and names rejected), then
/// the checks, with no positions.
fn read_quick(p: &mut Problems, text: &str) -> Option<Read> {
    let profile: LicenseProfile = p.parse(text)?;
    let u = Location::UNKNOWN;
    let claims = Claims {
        id: Some((&profile.id, u)),
        name: Some((&profile.name, u)),
        osi: Some((profile.osi_approved, u)),
        osd: Some((profile.osd_conformant, u)),
        modifies: profile.modifies.as_deref().map(|m| (m, u)),
        restrictions: profile
            .restrictions
            .iter()
            .map(|r| (Some(r.kind), r.threshold, Some(r.summary.as_str()), u))
            .collect(),
        fingerprints: unplaced(&profile.fingerprints),
        policy_fingerprints: unplaced(&profile.policy_fingerprints),
    };
    check(p, &claims);
    let keys = vec![u; profile.aliases.len() + 1];
    Some((profile, keys))
}

/// The positioned reading: every value with where it is written, every problem reported.
fn read_positioned(p: &mut Problems, text: &str) -> Option<Read> {
    let raw: Spanned<RawProfile> = p.read(text)?;
    let (at, raw) = (raw.referenced, raw.value);
    let what = "the profile";
    p.unknown_keys(&raw.unknown, what, RawProfile::KEYS);
    let id = p.require(raw.id, "id", what, &at);
    let name = p.require(raw.name, "name", what, &at);
    let kind = p
        .require(raw.kind, "kind", what, &at)
        .and_then(|k| p.one_of(&k, "kind", &LicenseKind::ALL, LicenseKind::as_str));
    let osi = p.require(raw.osi_approved, "osi_approved", what, &at);
    let restrictions: Vec<(Option<RestrictionKind>, RawRestriction, Location)> = raw
        .restrictions
        .ok()
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let what = "a restriction";
            p.unknown_keys(&r.value.unknown, what, RawRestriction::KEYS);
            let kind = p.require(r.value.kind.as_ref(), "kind", what, &r.referenced);
            let kind = kind.and_then(|k| {
                p.one_of(
                    k,
                    "restriction kind",
                    &RestrictionKind::ALL,
                    RestrictionKind::as_str,
                )
            });
            p.require(r.value.summary.as_ref(), "summary", what, &r.referenced);
            (kind, r.value, r.referenced)
        })
        .collect();
    let content_types = raw.content_types.ok().map(|c| {
        c.value.map(|list| {
            list.iter()
                .filter_map(|t| p.one_of(t, "content type", &CONTENT_TYPES, ContentType::as_str))
                .collect::<Vec<_>>()
        })
    });
    let aliases = raw.aliases.ok().unwrap_or_default();
    let fingerprints = raw.fingerprints.ok().unwrap_or_default();
    let policy_fingerprints = raw.policy_fingerprints.ok().unwrap_or_default();
    let modifies = raw.modifies.as_ref().ok();
    let claims = Claims {
        id: id.as_ref().map(placed),
        name: name.as_ref().map(placed),
        osi: osi.as_ref().map(|o| (o.value, o.referenced)),
        osd: raw
            .osd_conformant
            .as_ref()
            .ok()
            .map(|o| (o.value, o.referenced)),
        modifies: modifies.and_then(|m| m.value.as_deref().map(|v| (v, m.referenced))),
        restrictions: restrictions
            .iter()
            .map(|(kind, r, at)| {
                let threshold = r.threshold.as_ref().ok().and_then(|t| t.value);
                let summary = r.summary.as_ref().ok().map(|s| s.value.as_str());
                (*kind, threshold, summary, *at)
            })
            .collect(),
        fingerprints: placed_all(&fingerprints),
        policy_fingerprints: placed_all(&policy_fingerprints),
    };
    check(p, &claims);
    let mut keys: Vec<Location> = id.iter().map(|i| i.referenced).collect();
    keys.extend(aliases.iter().map(|a| a.referenced));
    let restrictions = restrictions
        .into_iter()
        .map(|(kind, r, _)| {
            Some(Restriction {
                kind: kind?,
                summary: r.summary.ok()?.value,
                threshold: r.threshold.ok().and_then(|t| t.value),
                url: r.url.ok().and_then(|u| u.value),
            })
        })
        .collect::<Option<Vec<_>>>();
    let profile = LicenseProfile {
        id: id?.value,
        name: name?.value,
        aliases: aliases.into_iter().map(|a| a.value).collect(),
        kind: kind?,
        osi_approved: osi?.value,
        osd_conformant: raw.osd_conformant.ok().and_then(|o| o.value),
        modifies: raw.modifies.ok().and_then(|m| m.value),
        url: raw.url.ok().and_then(|u| u.value),
        links: (raw.links.ok().unwrap_or_default().into_iter())
            .map(|l| l.value)
            .collect(),
        restrictions: restrictions?,
        content_types: content_types.flatten(),
        fingerprints: fingerprints.into_iter().map(|f| f.value).collect(),
        policy_fingerprints: policy_fingerprints.into_iter().map(|f| f.value).collect(),
        notes: raw.notes.ok().and_then(|n| n.value),
        file: String::new(),
        path: String::new(),
    };
    Some((profile, keys))
}

fn unplaced(list: &[String]) -> Vec<(&str, Location)> {
    list.iter()
        .map(|f| (f.as_str(), Location::UNKNOWN))
        .collect()
}

fn placed_all(list: &[Spanned<String>]) -> Vec<(&str, Location)> {
    list.iter().map(placed).collect()
}

/// Every check of a profile's values, as far as they could be read.
fn check(p: &mut Problems, c: &Claims) {
    for (value, key, at) in [(c.id, "id"), (c.name, "name")]
        .into_iter()
        .filter_map(|(v, key)| v.map(|(v, at)| (v, key, at)))
    {
        if value.trim().is_empty() {
            p.at(Code::Missing, &at, format!("`{key}` is empty"));
        }
    }
    let spdx_id = c.id.and_then(|(id, _)| spdx::license_id(id));
    if let Some((id, at)) = c.id
        && spdx_id.is_none()
        && !id.starts_with("LicenseRef-")
        && id != NOASSERTION
        && !id.trim().is_empty()
    {
        p.help(
            Code::Id,
            &at,
            format!("id `{id}` is neither an SPDX license id nor a `LicenseRef-` id"),
            "write an SPDX id (MIT) or `LicenseRef-<name>` for a license SPDX lacks",
        );
    }
    if let (Some(l), Some((osi, at))) = (spdx_id, c.osi)
        && l.is_osi_approved() != osi
    {
        p.at(
            Code::Invalid,
            &at,
            format!(
                "osi_approved is {osi} but the SPDX list says {}",
                l.is_osi_approved()
            ),
        );
    }
    for &(kind, threshold, summary, at) in &c.restrictions {
        if let Some(kind) = kind
            && matches!(
                kind,
                RestrictionKind::UserThreshold | RestrictionKind::RevenueThreshold
            )
            && threshold.is_none()
        {
            p.at(
                Code::Missing,
                &at,
                format!("a {kind} restriction needs its `threshold`"),
            );
        }
        if summary.is_some_and(|s| s.trim().is_empty()) {
            p.at(Code::Missing, &at, "the restriction's `summary` is empty");
        }
    }
    if let Some((osd, at)) = c.osd {
        if c.osi.is_some_and(|(osi, _)| osi) && osd != Some(true) {
            p.at(
                Code::Invalid,
                &at,
                "an OSI-approved license must have osd_conformant: true",
            );
        }
        let breaking = c
            .restrictions
            .iter()
            .find_map(|(kind, _, _, at)| kind.filter(|k| k.breaks_freedoms()).map(|k| (k, at)));
        if osd == Some(true)
            && let Some((kind, r_at)) = breaking
        {
            p.at(
                Code::Invalid,
                &at,
                "a license whose restrictions take away a freedom cannot be osd_conformant",
            );
            let file = p.file;
            p.also(file, r_at, format!("the {kind} restriction"));
        }
    }
    if let Some((m, at)) = c.modifies
        && spdx::license_id(m).is_none()
    {
        p.at(
            Code::UnknownName,
            &at,
            format!("modifies: `{m}` is not an SPDX license id"),
        );
    }
    for &(phrase, at) in c.fingerprints.iter().chain(&c.policy_fingerprints) {
        let words = normalize(phrase);
        if words.is_empty() {
            p.at(
                Code::Invalid,
                &at,
                format!("fingerprint `{phrase}` has no words"),
            );
        } else if words.split(' ').count() > FINGERPRINT_WORDS {
            p.help(
                Code::Invalid,
                &at,
                format!("fingerprint `{phrase}` is longer than eight words"),
                "fingerprints are short phrases written for this project, not excerpts",
            );
        }
    }
    if let [(_, at)] = c.policy_fingerprints[..] {
        p.at(
            Code::Invalid,
            &at,
            "policy_fingerprints needs at least two phrases",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_readings_agree_on_every_built_in_profile() {
        for (file, text) in crate::embedded::LICENSE_PROFILES {
            let mut quick = Diagnostics::default();
            let mut placed = Diagnostics::default();
            let a = read_quick(&mut Problems::new(file, &mut quick), text);
            let b = read_positioned(&mut Problems::new(file, &mut placed), text);
            assert!(
                quick.is_empty() && placed.is_empty(),
                "{file}: {quick}{placed}"
            );
            let (a, b) = (a.unwrap(), b.unwrap());
            assert_eq!(a.0, b.0, "{file}");
            assert_eq!(a.1.len(), b.1.len(), "{file}");
            assert!(b.1.iter().all(|l| l.line() > 0), "{file}");
        }
    }
}
