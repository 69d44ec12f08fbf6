//! Access: whether the model is gated (from the hosting service, else the card's `extra_gated`
//! fields), and the files that could not be read.

use super::card::Card;
use crate::evidence::{AccessEvidence, Fact, Source, Strength};
use crate::snapshot::{Gating, Snapshot, TextContent};

/// The access evidence, and what it leaves unknown.
pub fn read(snapshot: &Snapshot, card: Option<&Card>, file: &str) -> (AccessEvidence, Vec<String>) {
    let mut access = AccessEvidence {
        gating: Gating::None,
        gating_source: None,
        unreadable: Vec::new(),
    };
    let mut limits = Vec::new();
    if let Some(h) = &snapshot.metadata {
        access.gating = h.gated;
        if h.gated != Gating::None {
            access.gating_source = Some(Source::api("gated"));
        }
    } else if let Some(c) = card {
        let key = c
            .front_matter
            .key_lines
            .keys()
            .find(|k| k.starts_with("extra_gated"))
            .cloned();
        if let Some(k) = key {
            access.gating = Gating::Auto;
            access.gating_source = Some(Source {
                file: Some(file.to_string()),
                line: c.front_matter.line(&k),
                field: Some(k),
                url: None,
            });
            limits.push(
                "the card asks users to accept terms before download (extra_gated fields); whether the publisher approves requests by hand is known only from the Hub".into(),
            );
        }
    }
    for t in &snapshot.texts {
        if let TextContent::Unreadable { reason } = &t.content {
            access.unreadable.push(Fact::new(
                Strength::Mentioned,
                format!("{} could not be read: {reason}", t.path),
                Source::file(&t.path),
            ));
        }
    }
    (access, limits)
}
