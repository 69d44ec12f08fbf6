//! Walks over the repositories a model names: its `base_model` chain, generation by
//! generation (to a depth, each model once, cycles cut), and its datasets. A provider that can
//! read other repositories implements [`Resolver`] and gets both walks, with their concurrency
//! and their notes, from here.

use std::collections::BTreeSet;
use std::future::Future;

use tokio::task::JoinSet;

use crate::snapshot::{Ancestor, DatasetSnapshot, Snapshot, SourceNote};

/// Base models as a card names them: id and relation (`finetune`, `adapter`, ...).
pub type Bases = Vec<(String, Option<String>)>;

/// Reads the repositories a model names, for the walks.
pub trait Resolver: Clone + Send + Sync + 'static {
    /// A base model: its snapshot and the base models it names in turn, or why it could not be
    /// read (the message names what to do).
    fn base_model(
        &self,
        id: String,
    ) -> impl Future<Output = Result<(Snapshot, Bases), String>> + Send;
    /// A dataset, with what could be read of it.
    fn dataset(&self, id: String) -> impl Future<Output = DatasetSnapshot> + Send;
    /// How many generations of base models to follow.
    fn max_depth(&self) -> u32;
}

/// Read datasets, all at once; the result keeps the order given.
pub async fn datasets<R: Resolver>(resolver: R, ids: Vec<String>) -> Vec<DatasetSnapshot> {
    let mut set = JoinSet::new();
    for (i, id) in ids.into_iter().enumerate() {
        let resolver = resolver.clone();
        set.spawn(async move { (i, resolver.dataset(id).await) });
    }
    let mut out: Vec<(usize, DatasetSnapshot)> = set.join_all().await;
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, d)| d).collect()
}

/// Follow `base_model` generation by generation, to the configured depth, never visiting a
/// model twice (a cycle is noted, not followed).
pub async fn lineage<R: Resolver>(
    resolver: R,
    target: String,
    bases: Bases,
) -> (Vec<Ancestor>, Vec<SourceNote>) {
    let max_depth = resolver.max_depth();
    let mut visited: BTreeSet<String> = BTreeSet::from([target.to_ascii_lowercase()]);
    let mut out: Vec<Ancestor> = Vec::new();
    let mut notes: Vec<SourceNote> = Vec::new();
    let mut frontier: Vec<(String, Option<String>, String)> = bases
        .into_iter()
        .map(|(id, rel)| (id, rel, target.clone()))
        .collect();
    let mut depth = 1;
    while !frontier.is_empty() {
        if depth > max_depth {
            notes.push(SourceNote {
                subject: Some("base_model".into()),
                message: format!(
                    "the base_model chain goes on beyond {max_depth} generations (next: {}); not followed further",
                    frontier.iter().map(|(id, _, _)| id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            });
            break;
        }
        let mut set = JoinSet::new();
        for (i, (id, relation, child)) in std::mem::take(&mut frontier).into_iter().enumerate() {
            if !visited.insert(id.to_ascii_lowercase()) {
                notes.push(SourceNote {
                    subject: Some("base_model".into()),
                    message: format!(
                        "{child} names {id} as its base model, which is already in the chain (a cycle); not followed again"
                    ),
                });
                continue;
            }
            let resolver = resolver.clone();
            set.spawn(async move {
                let ancestor = read_ancestor(&resolver, id, relation, child, depth).await;
                (i, ancestor)
            });
        }
        let mut level: Vec<(usize, (Ancestor, Bases))> = set.join_all().await;
        level.sort_by_key(|(i, _)| *i);
        for (_, (ancestor, parents)) in level {
            frontier.extend(
                parents
                    .into_iter()
                    .map(|(id, rel)| (id, rel, ancestor.id.clone())),
            );
            out.push(ancestor);
        }
        depth += 1;
    }
    (out, notes)
}

async fn read_ancestor<R: Resolver>(
    resolver: &R,
    id: String,
    relation: Option<String>,
    child: String,
    depth: u32,
) -> (Ancestor, Bases) {
    let mut ancestor = Ancestor {
        id: id.clone(),
        relation,
        depth,
        child,
        snapshot: None,
        error: None,
    };
    match resolver.base_model(id).await {
        Ok((snap, parents)) => {
            ancestor.snapshot = Some(Box::new(snap));
            (ancestor, parents)
        }
        Err(e) => {
            ancestor.error = Some(e);
            (ancestor, Vec::new())
        }
    }
}
