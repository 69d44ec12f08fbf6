//! Reading the model card: whether it is there and could be read, whether its front matter
//! parses, the problems found on the way, and the Hub's `cardData` standing in for the metadata
//! a README could not give (a gated model, a broken front matter).

use super::card::{self, Card};
use super::manifest;
use crate::evidence::{
    CardEvidence, CardStatus, Evidence, FrontMatterStatus, Problem, SectionFact, Source,
};
use crate::snapshot::{Snapshot, TextContent, TextFile};

/// What reading the card found.
pub struct CardReading {
    /// The card (or, standing in for it, the Hub's `cardData`).
    pub card: Option<Card>,
    /// The card's path in the repository, when there is one.
    pub path: Option<String>,
    /// The card's path, or `README.md` when there is none: where its statements point.
    pub file: String,
    pub status: CardStatus,
    pub front_matter: FrontMatterStatus,
    pub problems: Vec<Problem>,
    /// Missing or read: what the card would show is known.
    pub readable: bool,
    /// The card's own metadata could be read (it is missing, or present with a valid or no
    /// front matter).
    pub metadata_readable: bool,
    /// The metadata was taken from the Hub's `cardData`.
    pub metadata_from_hub: bool,
}

/// Read the snapshot's card.
pub fn read(snapshot: &Snapshot) -> CardReading {
    let card_file = snapshot.card();
    let path = card_file.map(|c| c.path.clone());
    let file = path.clone().unwrap_or_else(|| "README.md".into());
    let mut problems = Vec::new();
    let (card, status) = status(snapshot, card_file, &file, &mut problems);
    let front_matter = front_matter(card.as_ref(), &file, &mut problems);
    let metadata_readable = matches!(
        (&status, &front_matter),
        (CardStatus::Missing, _)
            | (
                CardStatus::Present { .. },
                FrontMatterStatus::Valid | FrontMatterStatus::Absent
            )
    );
    let readable = matches!(status, CardStatus::Missing | CardStatus::Present { .. });

    // A README that could not be read (a gated model), or whose front matter could not be
    // parsed: the Hub's `cardData`, its own parse of the front matter, stands in for the metadata.
    let card_data = snapshot
        .metadata
        .as_ref()
        .and_then(|h| h.card_data.as_ref());
    let metadata_from_hub =
        card_data.is_some() && card.as_ref().is_none_or(|c| c.front_matter.error.is_some());
    let card = match (card, card_data) {
        (Some(mut c), Some(v)) if metadata_from_hub => {
            c.front_matter = card::from_card_data(v).front_matter;
            Some(c)
        }
        (None, Some(v)) if metadata_from_hub => Some(card::from_card_data(v)),
        (c, _) => c,
    };
    CardReading {
        card,
        path,
        file,
        status,
        front_matter,
        problems,
        readable,
        metadata_readable,
        metadata_from_hub,
    }
}

/// The card, parsed, and whether it is there and could be read.
fn status(
    snapshot: &Snapshot,
    card_file: Option<&TextFile>,
    file: &str,
    problems: &mut Vec<Problem>,
) -> (Option<Card>, CardStatus) {
    let unreadable = |reason: String| CardStatus::Unreadable { reason };
    match card_file.map(|c| &c.content) {
        None if snapshot.manifest.is_some() => (None, unreadable(manifest::CARD_NOT_READ.into())),
        None => (None, CardStatus::Missing),
        Some(TextContent::Text {
            text, truncated, ..
        }) => {
            if *truncated {
                problems.push(Problem {
                    message: format!(
                        "{file} is {} bytes; only the first {} were read",
                        card_file.and_then(|c| c.size).unwrap_or(0),
                        text.len()
                    ),
                    source: Source::file(file),
                });
            }
            (
                Some(card::parse(text)),
                CardStatus::Present {
                    truncated: *truncated,
                },
            )
        }
        Some(TextContent::Binary) => {
            problems.push(Problem {
                message: format!(
                    "{file} is not text (binary content); the model card could not be read"
                ),
                source: Source::file(file),
            });
            (None, unreadable("not text".into()))
        }
        Some(TextContent::Unreadable { reason }) => {
            problems.push(Problem {
                message: format!("{file} could not be read: {reason}"),
                source: Source::file(file),
            });
            (None, unreadable(reason.clone()))
        }
    }
}

/// Each text read with bytes that are not UTF-8 (a Latin-1 card, say): read lossily, which the
/// report says, with what to do.
pub(super) fn lossy_texts(snapshot: &Snapshot) -> Vec<Problem> {
    snapshot
        .texts
        .iter()
        .filter_map(|t| match &t.content {
            TextContent::Text { replaced, .. } if *replaced > 0 => Some(Problem {
                message: format!(
                    "{} is not all UTF-8: {replaced} byte sequence{} could not be decoded and {} read as U+FFFD; save the file as UTF-8",
                    t.path,
                    if *replaced == 1 { "" } else { "s" },
                    if *replaced == 1 { "was" } else { "were" },
                ),
                source: Source::file(&t.path),
            }),
            _ => None,
        })
        .collect()
}

/// Whether the card's front matter is there and parses; a broken one and a worked-around
/// duplicate key are problems.
fn front_matter(card: Option<&Card>, file: &str, problems: &mut Vec<Problem>) -> FrontMatterStatus {
    let at = |line: Option<u64>| Source {
        file: Some(file.to_string()),
        line: line.map(|l| l as u32),
        ..Default::default()
    };
    let Some(c) = card else {
        return FrontMatterStatus::Absent;
    };
    if let Some(e) = &c.front_matter.error {
        problems.push(Problem {
            message: format!(
                "the card's YAML front matter is invalid: {}; what it would declare (license, datasets, base model) is unknown",
                e.message
            ),
            source: at(e.line),
        });
        return FrontMatterStatus::Invalid {
            message: e.message.clone(),
            line: e.line.map(|l| l as u32),
        };
    }
    if !c.front_matter.present {
        return FrontMatterStatus::Absent;
    }
    if let Some(w) = &c.front_matter.warning {
        problems.push(Problem {
            message: format!(
                "the card's front matter: {}; the last value was used",
                w.message
            ),
            source: at(w.line),
        });
    }
    FrontMatterStatus::Valid
}

impl CardReading {
    /// The card's part of the evidence: its file, status and sections.
    pub fn evidence(&self) -> CardEvidence {
        CardEvidence {
            file: self.path.clone(),
            status: self.status.clone(),
            front_matter: self.front_matter.clone(),
            sections: self
                .card
                .as_ref()
                .map(|c| {
                    c.sections
                        .iter()
                        .map(|s| SectionFact {
                            title: s.title.clone(),
                            line: s.line,
                            topics: s.topics.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// What reading the card leaves unknown.
    pub fn limit(&self, snapshot: &Snapshot) -> Option<String> {
        if self.metadata_from_hub {
            Some("the card's metadata was taken from the Hub's cardData, because the README's own could not be read".into())
        } else if !self.metadata_readable && snapshot.manifest.is_none() {
            Some("the card's metadata could not be read: license, datasets and base model are unknown unless other files show them".into())
        } else {
            None
        }
    }
}

/// Statements read from `cardData` have no line: point them at the API field instead.
pub fn point_at_card_data(ev: &mut Evidence, file: &str) {
    let relabel = |s: &mut Source| {
        if s.file.as_deref() == Some(file)
            && s.line.is_none()
            && let Some(f) = s.field.clone()
        {
            s.file = None;
            s.field = Some(format!("cardData.{f}"));
        }
    };
    for l in &mut ev.licenses {
        relabel(&mut l.source);
    }
    for ce in ev.components.values_mut() {
        for f in &mut ce.facts {
            relabel(&mut f.source);
        }
    }
    for d in ev.data_information.values_mut() {
        for f in &mut d.facts {
            relabel(&mut f.source);
        }
    }
}
