//! License profiles: one file per license in `licenses/profiles/` (AI licenses SPDX lacks, and
//! SPDX licenses that need more facts than the SPDX list carries), read strictly. Every problem
//! of every file is reported with its position: unknown keys (with the valid ones), unknown
//! kinds, missing fields, facts that contradict the SPDX list or each other, fingerprints that
//! are not short phrases, and ids or aliases that two profiles claim.

use std::collections::HashMap;

use serde::Serialize;
use serde_saphyr::{Location, Spanned};

use super::facts::{LicenseFacts, LicenseKind, NOASSERTION, Restriction, RestrictionKind};
use super::hub::HUB_LICENSES;
use super::normalize::{alias_key, normalize};
use super::schema::{Problems, raw_record};
use crate::component::ContentType;
use crate::diag::{Code, Diagnostics};
use crate::error::Error;

/// Where the profiles live, relative to the project root.
pub const PROFILES_DIR: &str = "licenses/profiles";

/// One license profile, as written in `licenses/profiles/<name>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LicenseProfile {
    /// An SPDX id (the profile then adds facts to the SPDX entry) or `LicenseRef-<name>`.
    pub id: String,
    pub name: String,
    /// Other ways people write it: the Hugging Face id, common spellings, full names.
    pub aliases: Vec<String>,
    pub kind: LicenseKind,
    pub osi_approved: bool,
    /// `null` when conformance to the Open Source Definition cannot be decided from the text.
    pub osd_conformant: Option<bool>,
    /// For a known modification of a standard text (an MIT text with added terms): the SPDX id
    /// of the standard license it modifies.
    pub modifies: Option<String>,
    /// Where the authoritative text lives.
    pub url: Option<String>,
    /// Other addresses of the text (older URLs, mirrors), for matching `license_link`.
    pub links: Vec<String>,
    pub restrictions: Vec<Restriction>,
    /// MOF content types the license suits; defaults follow the kind.
    pub content_types: Option<Vec<ContentType>>,
    /// Distinctive phrases (written for this project) that identify the text.
    pub fingerprints: Vec<String>,
    /// Distinctive phrases that identify the license's own use policy (a USE_POLICY file), which
    /// accompanies the license rather than replacing it.
    pub policy_fingerprints: Vec<String>,
    /// Anything a reader should know that the fields do not say.
    pub notes: Option<String>,
    /// How `license show` names the profile's source: `licenses/<name>.yaml`, the address
    /// profiles had before they moved to `licenses/profiles/`, kept so that every report stays
    /// byte-identical through the move. [`LicenseProfile::path`] is where the file is.
    pub file: String,
    /// The file it was loaded from: `licenses/profiles/<name>.yaml`.
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

    /// The Hub ids that name this profile.
    pub fn hub_ids(&self) -> Vec<&'static str> {
        HUB_LICENSES
            .iter()
            .filter(|(_, _, target)| *target == self.id)
            .map(|(hub, _, _)| *hub)
            .collect()
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

/// Read the profiles from `(file name in licenses/profiles/, YAML)` pairs, sorted by id. Files
/// not ending in `.yaml` are skipped. Every problem of every file is reported.
pub(crate) fn load_all(sources: &[(&str, &str)]) -> Result<Vec<LicenseProfile>, Error> {
    let mut diags = Diagnostics::default();
    let mut profiles = Vec::new();
    // Each id or alias (as a lookup key) -> the file and position that first claimed it.
    let mut claimed: HashMap<String, (usize, String, Location)> = HashMap::new();
    for (file, text) in sources {
        if !file.ends_with(".yaml") {
            continue;
        }
        let path = format!("{PROFILES_DIR}/{file}");
        let mut p = Problems::new(&path, &mut diags);
        let Some((profile, keys)) = read(&mut p, text) else {
            continue;
        };
        let index = profiles.len();
        for (key, at) in keys {
            match claimed.get(&alias_key(&key)) {
                Some((owner, first_file, first)) if *owner != index => {
                    p.at(
                        Code::Id,
                        &at,
                        format!("`{key}` is also claimed by {first_file}"),
                    );
                    p.also(first_file, first, "claimed here first");
                }
                Some(_) => {}
                None => {
                    claimed.insert(alias_key(&key), (index, path.clone(), at));
                }
            }
        }
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

/// Read one profile; `None` when its YAML could not be read or a required field is missing.
/// Also returns the id and aliases with their positions, for the check across profiles.
fn read(p: &mut Problems, text: &str) -> Option<(LicenseProfile, Vec<(String, Location)>)> {
    let raw: Spanned<RawProfile> = p.parse(text)?;
    let (at, raw) = (raw.referenced, raw.value);
    let what = "the profile";
    p.unknown_keys(&raw.unknown, what, RawProfile::KEYS);
    let id = p.text(raw.id, "id", what, &at);
    let name = p.text(raw.name, "name", what, &at);
    let kind = p
        .require(raw.kind, "kind", what, &at)
        .and_then(|k| p.one_of(&k, "kind", &LicenseKind::ALL, LicenseKind::as_str));
    let osi = p.require(raw.osi_approved, "osi_approved", what, &at);
    let osd = p.require(raw.osd_conformant, "osd_conformant", what, &at);
    let url = p.require(raw.url, "url", what, &at);
    let restrictions: Vec<(Restriction, Location)> = raw
        .restrictions
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| read_restriction(p, r))
        .collect();
    let content_types = raw.content_types.map(|c| {
        c.value.map(|list| {
            list.iter()
                .filter_map(|t| p.one_of(t, "content type", &CONTENT_TYPES, ContentType::as_str))
                .collect::<Vec<_>>()
        })
    });
    let aliases = raw.aliases.unwrap_or_default();
    let fingerprints = raw.fingerprints.unwrap_or_default();
    let policy_fingerprints = raw.policy_fingerprints.unwrap_or_default();
    for phrase in fingerprints.iter().chain(&policy_fingerprints) {
        check_fingerprint(p, phrase);
    }
    if policy_fingerprints.len() == 1 {
        p.at(
            Code::Invalid,
            &policy_fingerprints[0].referenced,
            "policy_fingerprints needs at least two phrases",
        );
    }
    if let Some(m) = raw
        .modifies
        .as_ref()
        .and_then(|m| m.value.as_ref().map(|v| (v, m)))
        && spdx::license_id(m.0).is_none()
    {
        p.at(
            Code::UnknownName,
            &m.1.referenced,
            format!("modifies: `{}` is not an SPDX license id", m.0),
        );
    }
    check_facts(p, id.as_ref(), osi.as_ref(), osd.as_ref(), &restrictions);
    let (id, name, kind, osi, osd, url) = (id?, name?, kind?, osi?, osd?, url?);
    let mut keys: Vec<(String, Location)> = vec![(id.value.clone(), id.referenced)];
    keys.extend(aliases.iter().map(|a| (a.value.clone(), a.referenced)));
    let profile = LicenseProfile {
        id: id.value,
        name: name.value,
        aliases: aliases.into_iter().map(|a| a.value).collect(),
        kind,
        osi_approved: osi.value,
        osd_conformant: osd.value,
        modifies: raw.modifies.and_then(|m| m.value),
        url: url.value,
        links: raw
            .links
            .unwrap_or_default()
            .into_iter()
            .map(|l| l.value)
            .collect(),
        restrictions: restrictions.into_iter().map(|(r, _)| r).collect(),
        content_types: content_types.flatten(),
        fingerprints: fingerprints.into_iter().map(|f| f.value).collect(),
        policy_fingerprints: policy_fingerprints.into_iter().map(|f| f.value).collect(),
        notes: raw.notes.and_then(|n| n.value),
        file: String::new(),
        path: String::new(),
    };
    Some((profile, keys))
}

fn read_restriction(
    p: &mut Problems,
    r: Spanned<RawRestriction>,
) -> Option<(Restriction, Location)> {
    let (at, raw) = (r.referenced, r.value);
    let what = "a restriction";
    p.unknown_keys(&raw.unknown, what, RawRestriction::KEYS);
    let kind = p.require(raw.kind, "kind", what, &at).and_then(|k| {
        p.one_of(
            &k,
            "restriction kind",
            &RestrictionKind::ALL,
            RestrictionKind::as_str,
        )
    });
    let summary = p.text(raw.summary, "summary", what, &at);
    let threshold = raw.threshold.and_then(|t| t.value);
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
    Some((
        Restriction {
            kind: kind?,
            summary: summary?.value,
            threshold,
            url: raw.url.and_then(|u| u.value),
        },
        at,
    ))
}

/// Facts that must agree with the SPDX list and with each other (as far as they are there).
fn check_facts(
    p: &mut Problems,
    id: Option<&Spanned<String>>,
    osi: Option<&Spanned<bool>>,
    osd: Option<&Spanned<Option<bool>>>,
    restrictions: &[(Restriction, Location)],
) {
    let spdx_id = id.and_then(|id| spdx::license_id(&id.value));
    if let Some(id) = id
        && spdx_id.is_none()
        && !id.value.starts_with("LicenseRef-")
        && id.value != NOASSERTION
    {
        p.help(
            Code::Id,
            &id.referenced,
            format!(
                "id `{}` is neither an SPDX license id nor a `LicenseRef-` id",
                id.value
            ),
            "write an SPDX id (MIT) or `LicenseRef-<name>` for a license SPDX lacks",
        );
    }
    if let (Some(l), Some(osi)) = (spdx_id, osi)
        && l.is_osi_approved() != osi.value
    {
        p.at(
            Code::Invalid,
            &osi.referenced,
            format!(
                "osi_approved is {} but the SPDX list says {}",
                osi.value,
                l.is_osi_approved()
            ),
        );
    }
    let Some(osd) = osd else { return };
    if osi.is_some_and(|o| o.value) && osd.value != Some(true) {
        p.at(
            Code::Invalid,
            &osd.referenced,
            "an OSI-approved license must have osd_conformant: true",
        );
    }
    if osd.value == Some(true)
        && let Some((r, at)) = restrictions.iter().find(|(r, _)| r.kind.breaks_freedoms())
    {
        p.at(
            Code::Invalid,
            &osd.referenced,
            "a license whose restrictions take away a freedom cannot be osd_conformant",
        );
        let file = p.file;
        p.also(file, at, format!("the {} restriction", r.kind));
    }
}

fn check_fingerprint(p: &mut Problems, phrase: &Spanned<String>) {
    let words = normalize(&phrase.value);
    if words.is_empty() {
        p.at(
            Code::Invalid,
            &phrase.referenced,
            format!("fingerprint `{}` has no words", phrase.value),
        );
    } else if words.split(' ').count() > FINGERPRINT_WORDS {
        p.help(
            Code::Invalid,
            &phrase.referenced,
            format!("fingerprint `{}` is longer than eight words", phrase.value),
            "fingerprints are short phrases written for this project, not excerpts",
        );
    }
}
