//! The license data built into the binary. The profiles (`licenses/profiles/*.yaml`) are read
//! and checked by build.rs with the same reader a user's files go through ([`super::profile`]):
//! a bundled file with a problem fails the build with the reader's message, and the profiles are
//! compiled in as a static table, turned into [`LicenseProfile`]s without parsing anything. The
//! smaller tables (Hub ids, deprecated ids, open-data licenses, restricting terms) are read from
//! their embedded YAML on first use ([`super::tables`]).

use super::facts::{LicenseKind, Restriction, RestrictionKind};
use super::profile::LicenseProfile;
use crate::component::ContentType;

/// A profile as build.rs writes it.
pub(super) struct StaticProfile {
    pub id: &'static str,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: LicenseKind,
    pub osi_approved: bool,
    pub osd_conformant: Option<bool>,
    pub modifies: Option<&'static str>,
    pub url: Option<&'static str>,
    pub links: &'static [&'static str],
    pub restrictions: &'static [StaticRestriction],
    pub content_types: Option<&'static [ContentType]>,
    pub fingerprints: &'static [&'static str],
    pub policy_fingerprints: &'static [&'static str],
    pub notes: Option<&'static str>,
    pub file: &'static str,
    pub path: &'static str,
}

/// A restriction of a [`StaticProfile`].
pub(super) struct StaticRestriction {
    pub kind: RestrictionKind,
    pub summary: &'static str,
    pub threshold: Option<u64>,
    pub url: Option<&'static str>,
}

mod compiled {
    use super::{ContentType, LicenseKind, RestrictionKind, StaticProfile, StaticRestriction};
    include!(concat!(env!("OUT_DIR"), "/license_profiles.rs"));
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The built-in profiles, sorted by id, as [`super::profile::load_all`] reads them.
pub(super) fn profiles() -> Vec<LicenseProfile> {
    compiled::PROFILES
        .iter()
        .map(|p| LicenseProfile {
            id: p.id.to_string(),
            name: p.name.to_string(),
            aliases: strings(p.aliases),
            kind: p.kind,
            osi_approved: p.osi_approved,
            osd_conformant: p.osd_conformant,
            modifies: p.modifies.map(str::to_string),
            url: p.url.map(str::to_string),
            links: strings(p.links),
            restrictions: p
                .restrictions
                .iter()
                .map(|r| Restriction {
                    kind: r.kind,
                    summary: r.summary.to_string(),
                    threshold: r.threshold,
                    url: r.url.map(str::to_string),
                })
                .collect(),
            content_types: p.content_types.map(<[ContentType]>::to_vec),
            fingerprints: strings(p.fingerprints),
            policy_fingerprints: strings(p.policy_fingerprints),
            notes: p.notes.map(str::to_string),
            file: p.file.to_string(),
            path: p.path.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_compiled_profiles_are_the_files_read_afresh() {
        let read = super::super::profile::load_all(crate::embedded::LICENSE_PROFILES)
            .expect("the built-in profiles read");
        assert!(read.len() > 50, "{}", read.len());
        assert_eq!(super::profiles(), read);
    }
}
