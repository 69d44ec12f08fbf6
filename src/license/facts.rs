//! What the catalog knows of a license: its kind, the terms that restrict it, and the facts a
//! resolution or an identification hands back ([`LicenseFacts`]). Plain data, shared by every
//! other part of the license module.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::component::ContentType;

/// What family a license belongs to. Ordered from the most open to the least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// `openness_cli` is the `cli` feature, set by build.rs for the library only: build.rs reads the
// license data with this file too, and has no clap.
#[cfg_attr(openness_cli, derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum LicenseKind {
    PublicDomain,
    Permissive,
    OpenData,
    OpenContent,
    Copyleft,
    /// Weights published under terms with use restrictions (Llama, Gemma, OpenRAIL, ...).
    RestrictedOpenWeights,
    NonCommercial,
    Proprietary,
    /// The terms could not be determined.
    Unknown,
}

impl LicenseKind {
    pub const ALL: [LicenseKind; 9] = [
        LicenseKind::PublicDomain,
        LicenseKind::Permissive,
        LicenseKind::OpenData,
        LicenseKind::OpenContent,
        LicenseKind::Copyleft,
        LicenseKind::RestrictedOpenWeights,
        LicenseKind::NonCommercial,
        LicenseKind::Proprietary,
        LicenseKind::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LicenseKind::PublicDomain => "public-domain",
            LicenseKind::Permissive => "permissive",
            LicenseKind::OpenData => "open-data",
            LicenseKind::OpenContent => "open-content",
            LicenseKind::Copyleft => "copyleft",
            LicenseKind::RestrictedOpenWeights => "restricted-open-weights",
            LicenseKind::NonCommercial => "non-commercial",
            LicenseKind::Proprietary => "proprietary",
            LicenseKind::Unknown => "unknown",
        }
    }

    /// The content types (MOF) a license of this kind is made for, unless a profile says otherwise.
    pub fn default_content_types(self) -> Vec<ContentType> {
        match self {
            LicenseKind::PublicDomain => {
                vec![ContentType::Code, ContentType::Data, ContentType::Document]
            }
            LicenseKind::Permissive | LicenseKind::Copyleft => vec![ContentType::Code],
            LicenseKind::OpenData => vec![ContentType::Data],
            LicenseKind::OpenContent => vec![ContentType::Document, ContentType::Data],
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for LicenseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A term of a license that matters for openness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RestrictionKind {
    /// Use must comply with an acceptable-use (or prohibited-use) policy that forbids lawful uses.
    AcceptableUsePolicy,
    /// Use is limited to some fields (research only, no medical use, ...).
    FieldOfUse,
    /// Licensees above a number of users need another license.
    UserThreshold,
    /// Licensees above an amount of revenue need another license (`threshold` in US dollars).
    RevenueThreshold,
    /// Outputs or the model may not be used to improve other models.
    ModelTrainingBan,
    /// No commercial use.
    NonCommercial,
    /// No modified versions may be shared.
    NoDerivatives,
    /// Some modifications are forbidden or some are required (keep safety filters or guardrails,
    /// add content filters).
    ModificationLimit,
    /// Rights are withheld from some countries or regions.
    Geographic,
    /// The licensor may change or revoke the terms, or restrict use remotely.
    Revocable,
    /// Downloads need the publisher's manual approval.
    GatedAccess,
    /// Naming or attribution duties ("Built with ...", name prefixes).
    Attribution,
    /// Derivatives must carry the same terms (or the same use restrictions).
    ShareAlike,
}

impl RestrictionKind {
    pub const ALL: [RestrictionKind; 13] = [
        RestrictionKind::AcceptableUsePolicy,
        RestrictionKind::FieldOfUse,
        RestrictionKind::UserThreshold,
        RestrictionKind::RevenueThreshold,
        RestrictionKind::ModelTrainingBan,
        RestrictionKind::NonCommercial,
        RestrictionKind::NoDerivatives,
        RestrictionKind::ModificationLimit,
        RestrictionKind::Geographic,
        RestrictionKind::Revocable,
        RestrictionKind::GatedAccess,
        RestrictionKind::Attribution,
        RestrictionKind::ShareAlike,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RestrictionKind::AcceptableUsePolicy => "acceptable-use-policy",
            RestrictionKind::FieldOfUse => "field-of-use",
            RestrictionKind::UserThreshold => "user-threshold",
            RestrictionKind::RevenueThreshold => "revenue-threshold",
            RestrictionKind::ModelTrainingBan => "model-training-ban",
            RestrictionKind::NonCommercial => "non-commercial",
            RestrictionKind::NoDerivatives => "no-derivatives",
            RestrictionKind::ModificationLimit => "modification-limit",
            RestrictionKind::Geographic => "geographic",
            RestrictionKind::Revocable => "revocable",
            RestrictionKind::GatedAccess => "gated-access",
            RestrictionKind::Attribution => "attribution",
            RestrictionKind::ShareAlike => "share-alike",
        }
    }

    /// Whether the term takes away one of the four freedoms (use, study, modify, share for any
    /// purpose without asking). Attribution and share-alike do not: the OSD allows both.
    pub fn breaks_freedoms(self) -> bool {
        !matches!(
            self,
            RestrictionKind::Attribution | RestrictionKind::ShareAlike
        )
    }
}

impl fmt::Display for RestrictionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One restriction with a plain-language summary (written for this project, not quoted).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restriction {
    pub kind: RestrictionKind,
    pub summary: String,
    /// For user thresholds: the number of (monthly active) users above which the terms change;
    /// for revenue thresholds: the amount in US dollars (the summary says per month or year).
    #[serde(default)]
    pub threshold: Option<u64>,
    /// Where the governing policy lives, if it is a separate document.
    #[serde(default)]
    pub url: Option<String>,
}

impl RestrictionKind {
    /// A threshold of this kind in words (see [`crate::numbers`]): `700 million users` for a
    /// user threshold, `USD 10 million` for a revenue threshold, the number alone otherwise.
    pub fn threshold_words(self, n: u64) -> String {
        match self {
            RestrictionKind::UserThreshold => crate::numbers::count(n, "user", "users"),
            RestrictionKind::RevenueThreshold => format!("USD {}", crate::numbers::human(n)),
            _ => crate::numbers::human(n),
        }
    }
}

impl Restriction {
    /// The restriction as every human-readable output names it: its kind, and its threshold in
    /// words when it has one (`user-threshold (700 million users)`).
    pub fn label(&self) -> String {
        restriction_label(self.kind, self.threshold)
    }
}

/// [`Restriction::label`] from its parts (templates read a serialised restriction).
pub fn restriction_label(kind: RestrictionKind, threshold: Option<u64>) -> String {
    match threshold {
        Some(n) => format!("{kind} ({})", kind.threshold_words(n)),
        None => kind.to_string(),
    }
}

/// What is known about a license (or a combination of licenses in an expression).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseFacts {
    /// SPDX id or expression, or a `LicenseRef-` id; `NOASSERTION` when unresolved.
    pub id: String,
    pub name: String,
    pub kind: LicenseKind,
    pub osi_approved: bool,
    /// Whether the terms conform to the Open Source Definition; `None` when unknown.
    pub osd_conformant: Option<bool>,
    pub restrictions: Vec<Restriction>,
    /// The content types the license is made for (MOF type-appropriateness).
    pub content_types: Vec<ContentType>,
    pub url: Option<String>,
}

impl LicenseFacts {
    /// The facts for a license that could not be resolved.
    pub fn unknown(name: &str) -> Self {
        LicenseFacts {
            id: NOASSERTION.to_string(),
            name: name.to_string(),
            kind: LicenseKind::Unknown,
            osi_approved: false,
            osd_conformant: None,
            restrictions: Vec::new(),
            content_types: Vec::new(),
            url: None,
        }
    }

    /// Restrictions that take away a freedom.
    pub fn freedom_restrictions(&self) -> impl Iterator<Item = &Restriction> {
        self.restrictions
            .iter()
            .filter(|r| r.kind.breaks_freedoms())
    }

    /// Whether the terms are known to grant all four freedoms (`None`: cannot tell).
    pub fn grants_freedoms(&self) -> Option<bool> {
        if self.freedom_restrictions().next().is_some() {
            return Some(false);
        }
        self.osd_conformant
    }

    /// Whether this license is an open license of any kind (open source, open data, open content).
    pub fn is_open(&self) -> Option<bool> {
        self.grants_freedoms()
    }
}

/// SPDX's word for "unknown".
pub const NOASSERTION: &str = "NOASSERTION";
