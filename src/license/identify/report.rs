//! What identification finds: each license of a text ([`Identification`]), how it was
//! recognised ([`Method`]), what part of a license the text is ([`TextForm`]), and the whole
//! report of a text ([`TextReport`]).

use serde::{Deserialize, Serialize};

use crate::license::facts::{LicenseFacts, RestrictionKind};

/// What part of a license a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TextForm {
    /// The license's full text.
    FullText,
    /// A short notice that applies the license (`Licensed under the Apache License, Version 2.0
    /// ...`), not the license itself.
    Header,
    /// The license's acceptable-use (or prohibited-use) policy, which accompanies it.
    Policy,
    /// A pointer to where the text lives, nothing more.
    Reference,
}

impl TextForm {
    pub fn as_str(self) -> &'static str {
        match self {
            TextForm::FullText => "full text",
            TextForm::Header => "header",
            TextForm::Policy => "use policy",
            TextForm::Reference => "reference",
        }
    }
}

/// How a license was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Method {
    /// The profile's fingerprint phrases.
    Fingerprint,
    /// The SPDX text store (alone, or confirming fingerprints).
    SpdxText,
    /// The address the text points at.
    Link,
    /// Its own clauses: a license the catalog does not know (or only resembles).
    Clauses,
}

impl Method {
    /// How the identification was made, in words.
    pub fn words(self) -> &'static str {
        match self {
            Method::Fingerprint => "fingerprints",
            Method::SpdxText => "SPDX text",
            Method::Link => "link",
            Method::Clauses => "its own clauses",
        }
    }
}

/// One license found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identification {
    pub facts: LicenseFacts,
    /// 0.0 - 1.0: the share of the profile's phrases found, or the similarity to the SPDX text.
    pub confidence: f32,
    /// The text is a standard license with changes or added terms.
    pub modified: bool,
    /// The restricting terms found on top of the standard text, if any.
    pub extra_terms: Vec<RestrictionKind>,
    /// For a modified text: the SPDX id of the standard license it is based on.
    pub base: Option<String>,
    pub form: TextForm,
    pub method: Method,
    /// The lines (1-based, inclusive) where it was found, when known.
    pub lines: Option<(usize, usize)>,
    /// What a reader should know about this identification.
    pub notes: Vec<String>,
}

/// Everything found in one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TextReport {
    /// The licenses found, in the order they appear.
    pub licenses: Vec<Identification>,
    /// The address a first line points at (`[For the original copy, see URL]`).
    pub points_to: Option<String>,
    /// Restricting terms in parts of the text that no license explains.
    pub unexplained_terms: Vec<RestrictionKind>,
    /// Whether the SPDX text store was consulted for this text.
    pub used_spdx_store: bool,
}

impl TextReport {
    /// The license that best stands for the text: the first full text (or header), else the
    /// first license found.
    pub fn primary(&self) -> Option<&Identification> {
        self.licenses
            .iter()
            .find(|l| matches!(l.form, TextForm::FullText | TextForm::Header))
            .or_else(|| self.licenses.first())
    }
}

/// A confidence rounded to two places, as reports print it.
pub(super) fn round(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}
