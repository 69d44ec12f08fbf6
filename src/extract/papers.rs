//! The papers a card cites, as the archive describes them (issue 13): which is the model's own
//! paper, and the license the archive gives it, so that MOF's research-paper criterion knows
//! whether it is open (CC BY 4.0) or only distributed by the archive (arXiv's non-exclusive
//! license, which grants readers nothing).
//!
//! A paper is the model's own when its title names the model (`Pythia: ...`) or its publisher
//! (`LLM360: ...`), or when the card's citation section cites it. Other papers (benchmarks,
//! architectures, comparisons) stay citations. A paper whose record could not be read keeps an
//! unknown license, with the reason.

use std::collections::BTreeMap;

use super::card::Card;
use super::linked::{first_word, names_word};
use crate::component::Component;
use crate::evidence::{
    Fact, LicenseEvidence, LicenseOrigin, LicenseScope, Source, Strength, Topic,
};
use crate::license::{Catalog, LicenseFacts, Resolution};
use crate::snapshot::{Paper, Snapshot};

/// Why a paper whose record was read is the model's own, or `None`.
pub fn own(snapshot: &Snapshot, card: Option<&Card>, p: &Paper) -> Option<String> {
    let title = p.title.as_deref()?;
    let model = first_word(&snapshot.repo.name);
    if names_word(title, &model) {
        return Some(format!("its title names the model ({model})"));
    }
    if let Some(owner) = &snapshot.repo.owner {
        let publisher = first_word(owner);
        if publisher.len() >= 3 && names_word(title, &publisher) {
            return Some(format!("its title names the publisher ({publisher})"));
        }
    }
    let card = card?;
    let cited = card.sections_on(Topic::Citation).any(|s| {
        card.section_lines(s)
            .any(|(_, l)| l.contains(p.id.as_str()))
    });
    cited.then(|| "the card's citation section cites it".to_string())
}

/// The papers the card cites, read: the model's own papers with their licenses, attached to the
/// research paper (and technical report) components; every read paper's fact names its title.
/// Returns, per component, the indices of the licenses added.
pub fn apply(
    snapshot: &Snapshot,
    card: Option<&Card>,
    file: &str,
    catalog: &Catalog,
    facts: &mut BTreeMap<Component, Vec<Fact>>,
    licenses: &mut Vec<LicenseEvidence>,
) -> BTreeMap<Component, Vec<usize>> {
    let mut out: BTreeMap<Component, Vec<usize>> = BTreeMap::new();
    for p in &snapshot.linked.papers {
        if p.error.is_some() || p.title.is_none() {
            continue;
        }
        let title = p.title.as_deref().unwrap_or_default();
        let dated = p
            .date
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let mention = format!("arXiv:{} ", p.id);
        let Some(why) = own(snapshot, card, p) else {
            for c in [Component::ResearchPaper, Component::TechnicalReport] {
                for f in facts.entry(c).or_default().iter_mut() {
                    if f.claim.contains(&mention) {
                        f.strength = Strength::Mentioned;
                        f.claim = format!(
                            "paper arXiv:{} \"{title}\"{dated} is cited; not the model's own paper (its title names neither the model nor its publisher)",
                            p.id
                        );
                    }
                }
            }
            continue;
        };
        let license = paper_license(p, file, catalog);
        let index = licenses.len();
        let license_words = if license.facts.id == crate::license::NOASSERTION {
            "under terms the archive does not give".to_string()
        } else {
            format!("under {}", license.facts.id)
        };
        licenses.push(license);
        let claim = format!(
            "paper arXiv:{} \"{title}\"{dated}, the model's own ({why}), {license_words}",
            p.id
        );
        let mut placed = false;
        for c in [Component::ResearchPaper, Component::TechnicalReport] {
            let list = facts.entry(c).or_default();
            let mut here = false;
            for f in list.iter_mut() {
                if f.claim.contains(&mention) {
                    f.claim = claim.clone();
                    here = true;
                }
            }
            if here {
                placed = true;
                out.entry(c).or_default().push(index);
            }
        }
        if !placed {
            super::add_fact(
                facts,
                Component::ResearchPaper,
                Fact::new(Strength::Linked, claim, paper_source(p, file)),
            );
            out.entry(Component::ResearchPaper).or_default().push(index);
        }
    }
    out
}

fn paper_source(p: &Paper, file: &str) -> Source {
    let s = match p.line {
        Some(l) => Source::line(file, l),
        None => Source::api("tags"),
    };
    s.with_url(p.url.clone())
}

/// The license the archive gives a paper.
fn paper_license(p: &Paper, file: &str, catalog: &Catalog) -> LicenseEvidence {
    let scope = LicenseScope::Linked(format!("arXiv:{}", p.id));
    let source = paper_source(p, file);
    let resolved = p.license.as_deref().and_then(|u| catalog.resolve_link(u));
    match (resolved, &p.license) {
        (Some(r), Some(url)) => LicenseEvidence {
            declared: url.clone(),
            facts: r.facts,
            resolution: r.resolution,
            origin: LicenseOrigin::Paper,
            scope,
            source,
            confidence: None,
            notes: vec![format!("the license arXiv gives arXiv:{}", p.id)],
        },
        (None, Some(url)) => LicenseEvidence {
            declared: url.clone(),
            facts: LicenseFacts::unknown(url),
            resolution: Resolution::Unresolved,
            origin: LicenseOrigin::Paper,
            scope,
            source,
            confidence: None,
            notes: vec![format!(
                "arXiv gives arXiv:{} under {url}, a license this catalog does not know",
                p.id
            )],
        },
        (_, None) => LicenseEvidence {
            declared: format!("arXiv:{}", p.id),
            facts: LicenseFacts::unknown(&format!("the license of arXiv:{}", p.id)),
            resolution: Resolution::Unresolved,
            origin: LicenseOrigin::Paper,
            scope,
            source,
            confidence: None,
            notes: vec![format!(
                "arXiv's record of arXiv:{} gives no license (older papers have none): its terms are unknown",
                p.id
            )],
        },
    }
}
