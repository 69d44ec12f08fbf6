//! Walks over the repositories a model names: its `base_model` chain, generation by
//! generation (to a depth, each model once, cycles cut, at most [`Resolver::max_bases`] bases
//! per model and [`Resolver::max_ancestors`] in all, so that a card naming 200 bases that each
//! name 50 more costs a bounded number of requests), and its datasets. A provider that can read
//! other repositories implements [`Resolver`] and gets both walks, with their concurrency and
//! their notes, from here.

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
    /// How many base models of one model to follow.
    fn max_bases(&self) -> usize {
        8
    }
    /// How many ancestors to read in all.
    fn max_ancestors(&self) -> usize {
        32
    }
}

/// The first `max` of a model's bases, with a note when it names more.
fn first_bases(mut bases: Bases, max: usize, child: &str, notes: &mut Vec<SourceNote>) -> Bases {
    if bases.len() > max {
        notes.push(SourceNote {
            subject: Some("base_model".into()),
            message: format!(
                "{child} names {} base models; the first {max} were followed",
                bases.len()
            ),
        });
        bases.truncate(max);
    }
    bases
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
    let (max_bases, max_total) = (resolver.max_bases(), resolver.max_ancestors());
    let mut visited: BTreeSet<String> = BTreeSet::from([target.to_ascii_lowercase()]);
    let mut out: Vec<Ancestor> = Vec::new();
    let mut notes: Vec<SourceNote> = Vec::new();
    let mut frontier: Vec<(String, Option<String>, String)> =
        first_bases(bases, max_bases, &target, &mut notes)
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
        let mut scheduled = 0;
        let mut left_out: Vec<String> = Vec::new();
        for (i, (id, relation, child)) in std::mem::take(&mut frontier).into_iter().enumerate() {
            if out.len() + scheduled >= max_total {
                left_out.push(id);
                continue;
            }
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
            scheduled += 1;
            set.spawn(async move {
                let ancestor = read_ancestor(&resolver, id, relation, child, depth).await;
                (i, ancestor)
            });
        }
        if !left_out.is_empty() {
            notes.push(SourceNote {
                subject: Some("base_model".into()),
                message: format!(
                    "the base_model chain names more than {max_total} models in all; {} were not followed ({}{})",
                    left_out.len(),
                    left_out.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                    if left_out.len() > 5 { ", ..." } else { "" }
                ),
            });
        }
        let mut level: Vec<(usize, (Ancestor, Bases))> = set.join_all().await;
        level.sort_by_key(|(i, _)| *i);
        for (_, (ancestor, parents)) in level {
            let parents = first_bases(parents, max_bases, &ancestor.id, &mut notes);
            frontier.extend(
                parents
                    .into_iter()
                    .map(|(id, rel)| (id, rel, ancestor.id.clone())),
            );
            out.push(ancestor);
        }
        if !left_out.is_empty() {
            break;
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
