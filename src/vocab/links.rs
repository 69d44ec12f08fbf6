//! `vocab/links.yaml`: what a card's links point at (paper hosts, the roles of a linked code
//! repository, the words that make a link a technical report or a paper).

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Check, Words};
use crate::component::Component;

/// The words links are read with, validated.
#[derive(Debug, Clone)]
pub struct LinkVocab {
    pub paper_hosts: Vec<String>,
    pub not_owners: Vec<String>,
    /// Every role whose words appear is given.
    pub code_roles: Vec<(Component, Words)>,
    pub code_repository: Words,
    pub technical_report: Words,
    pub pdf_technical_report: Words,
    pub pdf_research_paper: Words,
    pub bibtex: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawLinks {
    paper_hosts: Vec<Spanned<String>>,
    not_owners: Vec<Spanned<String>>,
    code_roles: Vec<RawRole>,
    code_repository: Vec<Spanned<String>>,
    technical_report: Vec<Spanned<String>>,
    pdf: RawPdf,
    bibtex: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    component: Spanned<String>,
    words: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPdf {
    technical_report: Vec<Spanned<String>>,
    research_paper: Vec<Spanned<String>>,
}

pub(super) fn validate(raw: RawLinks, check: &mut Check) -> LinkVocab {
    let code_roles = raw
        .code_roles
        .iter()
        .filter_map(|r| {
            let words = check.words(&r.words);
            Some((check.name::<Component>("component", &r.component)?, words))
        })
        .collect();
    LinkVocab {
        paper_hosts: check.words(&raw.paper_hosts).0,
        not_owners: check.words(&raw.not_owners).0,
        code_roles,
        code_repository: check.words(&raw.code_repository),
        technical_report: check.words(&raw.technical_report),
        pdf_technical_report: check.words(&raw.pdf.technical_report),
        pdf_research_paper: check.words(&raw.pdf.research_paper),
        bibtex: check.words(&raw.bibtex).0,
    }
}
