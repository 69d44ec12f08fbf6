//! Following the evidence a model card links, as a reviewer would before saying something is
//! not published: the GitHub repositories ([`super::github`]) and the arXiv papers
//! ([`super::arxiv`]) it links, into [`Snapshot::linked`]; and, for a model read from this
//! machine, the Hub datasets its front matter names, into [`Snapshot::datasets`].
//!
//! - Each repository is classified as the model's own code or a third-party library or tool
//!   (the `tools` and `libraries` of `vocab/libraries.yaml`, matched by `owner/name`).
//!   Third-party repositories are listed, not read.
//! - The model's own repositories are read up to a budget per model ([`Follow::budget`], 8 by
//!   default), in the order the card links them; then, within what is left of the budget, the
//!   repositories of the model's own that the READMEs of those repositories and the data cards
//!   of the model's datasets link (one hop further: a "training code" repository whose README
//!   sends the reader to another one; listed with `via`). Every paper is read (up to
//!   [`Follow::max_papers`]).
//! - Each repository and paper is read once per process, however many models of a batch link
//!   it: the clients in the [`Context`] remember what they read.
//! - When is it on: for Hub targets unless `--no-follow`; for local targets (a directory, a
//!   card, the Hugging Face cache) only with `--follow-links`, so that a local scan stays
//!   offline. `--offline` reads the caches only: what is not cached is listed with the reason.

pub mod links;

use std::sync::Arc;

use tokio::task::JoinSet;

use self::links::RepoLink;
use super::Context;
use super::arxiv::ArxivClient;
use super::github::GithubClient;
use super::http::{self, Counter, RequestStats};
use super::hub::HubClient;
use crate::error::Error;
use crate::snapshot::{Following, LinkRole, Linked, LinkedRepository, Paper, Snapshot, SourceNote};

/// Whether to follow a card's links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FollowMode {
    /// Hub targets yes, local targets no (a local scan stays offline).
    #[default]
    Auto,
    /// Every target (`--follow-links`).
    Always,
    /// No target (`--no-follow`).
    Never,
}

/// How links are followed; part of the [`Context`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Follow {
    pub mode: FollowMode,
    /// The model's own repositories read per model.
    pub budget: usize,
    /// Papers read per model.
    pub max_papers: usize,
}

impl Default for Follow {
    fn default() -> Self {
        Follow {
            mode: FollowMode::Auto,
            budget: 8,
            max_papers: 16,
        }
    }
}

impl Follow {
    /// Why links of a target are not followed, or `None` when they are. `local`: the target was
    /// read from this machine.
    pub fn off_reason(&self, local: bool) -> Option<String> {
        match (self.mode, local) {
            (FollowMode::Never, _) => {
                Some("--no-follow: the links of the card were not followed".into())
            }
            (FollowMode::Auto, true) => Some(
                "a local scan stays offline: the links of the card were not followed (--follow-links follows them)"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// What to follow from one model: its card's text, its tags and its datasets' cards (read
/// before).
#[derive(Debug, Clone, Default)]
pub struct CardText {
    pub text: String,
    /// The Hub's tags (`arxiv:ID`).
    pub tags: Vec<String>,
    /// `(dataset id, its data card's text)`, for the second hop.
    pub data_cards: Vec<(String, String)>,
}

impl CardText {
    /// The card, tags and data cards of a snapshot.
    pub fn of(snapshot: &Snapshot) -> CardText {
        CardText {
            text: snapshot
                .card()
                .and_then(|c| c.text())
                .unwrap_or("")
                .to_string(),
            tags: snapshot
                .metadata
                .as_ref()
                .map(|m| m.tags.clone())
                .unwrap_or_default(),
            data_cards: snapshot
                .datasets
                .iter()
                .filter_map(|d| Some((d.id.clone(), d.card.as_ref()?.text()?.to_string())))
                .collect(),
        }
    }
}

/// Whose code a linked `owner/name` is, by the vocabulary.
pub fn role(owner: &str, name: &str) -> LinkRole {
    let libs = &crate::vocab::builtin().libraries;
    let full = format!("{owner}/{name}");
    let library = libs.libraries.iter().any(|l| {
        l.repository
            .rsplit_once("github.com/")
            .is_some_and(|(_, p)| p.eq_ignore_ascii_case(&full))
    });
    if libs.is_tool(&full) || library {
        LinkRole::ThirdParty
    } else {
        LinkRole::Own
    }
}

const THIRD_PARTY: &str =
    "a third-party library or tool (vocab/libraries.yaml): not the model's own code, so not read";

fn listed(link: &RepoLink, via: Option<String>, error: String) -> LinkedRepository {
    LinkedRepository {
        url: link.url.clone(),
        line: link.line,
        id: format!("{}/{}", link.owner, link.name),
        role: role(&link.owner, &link.name),
        snapshot: None,
        host_license: None,
        error: Some(error),
        absent: false,
        via,
    }
}

/// The links of a card listed without following them, each with the reason.
pub fn not_followed(card: &CardText, reason: &str) -> Linked {
    let found = links::find(&card.text, &card.tags);
    Linked {
        followed: Following::NotFollowed {
            reason: reason.to_string(),
        },
        repositories: found
            .repositories
            .iter()
            .map(|l| listed(l, None, format!("not followed: {reason}")))
            .collect(),
        papers: found
            .papers
            .iter()
            .map(|p| Paper {
                id: p.id.clone(),
                url: p.url.clone(),
                line: p.line,
                title: None,
                date: None,
                license: None,
                error: Some(format!("not followed: {reason}")),
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// Follow a card's links with these clients: read its own repositories (one hop, then a second
/// within the budget) and its papers, all at once. Requests are counted in `counter`.
pub async fn follow(
    card: CardText,
    github: GithubClient,
    arxiv: ArxivClient,
    settings: Follow,
    counter: Arc<Counter>,
) -> Linked {
    let found = links::find(&card.text, &card.tags);
    let mut notes: Vec<SourceNote> = Vec::new();
    if found.more_repositories > 0 || found.more_papers > 0 {
        notes.push(SourceNote {
            subject: Some("links".into()),
            message: format!(
                "the card links {} more repositories and {} more papers than are read from one card; those are not listed",
                found.more_repositories, found.more_papers
            ),
        });
    }
    // Papers, all at once, while the repositories are read.
    let papers = {
        let (arxiv, counter) = (arxiv.clone(), counter.clone());
        let list = found.papers.clone();
        let max = settings.max_papers;
        tokio::spawn(async move { read_papers(&arxiv, list, max, &counter).await })
    };
    let mut walk = Walk {
        github,
        counter,
        budget: settings.budget,
        over: 0,
        seen: Vec::new(),
        out: Vec::new(),
    };
    // Hop 1: the card's links.
    walk.hop(&found.repositories, None).await;
    // Hop 2: the READMEs of the model's own repositories, and its data cards.
    let mut docs: Vec<(String, String)> = Vec::new();
    for r in &walk.out {
        if let Some(s) = &r.snapshot
            && let Some(readme) = s.card()
            && let Some(text) = readme.text()
        {
            docs.push((format!("{}/{}", s.target.id, readme.path), text.to_string()));
        }
    }
    docs.extend(
        card.data_cards
            .into_iter()
            .map(|(id, text)| (format!("dataset {id}"), text)),
    );
    for (via, text) in docs {
        let more = links::find(&text, &[]);
        walk.hop(&more.repositories, Some(via)).await;
    }
    if walk.over > 0 {
        notes.push(SourceNote {
            subject: Some("links".into()),
            message: format!(
                "{} more of the model's own repositories are linked than the budget of {} per model; they were not read (--follow-budget raises it)",
                walk.over, settings.budget
            ),
        });
    }
    let failed = walk
        .out
        .iter()
        .filter(|r| r.role == LinkRole::Own && r.snapshot.is_none() && !is_budget(r))
        .count();
    if failed > 0 {
        notes.push(SourceNote {
            subject: Some("links".into()),
            message: format!(
                "{failed} of the model's own linked repositories could not be read (each says why): what they hold is unknown"
            ),
        });
    }
    let (papers, paper_notes) = papers.await.unwrap_or_else(|e| {
        (
            Vec::new(),
            vec![SourceNote {
                subject: Some("papers".into()),
                message: format!("the papers could not be read ({e})"),
            }],
        )
    });
    notes.extend(paper_notes);
    Linked {
        followed: Following::Followed,
        repositories: walk.out,
        papers,
        notes,
    }
}

const OVER_BUDGET: &str = "not read: the budget of repositories read per model is spent";

fn is_budget(r: &LinkedRepository) -> bool {
    r.error
        .as_deref()
        .is_some_and(|e| e.starts_with(OVER_BUDGET))
}

/// The repository walk of one model.
struct Walk {
    github: GithubClient,
    counter: Arc<Counter>,
    budget: usize,
    over: usize,
    /// Lowercase `owner/name` of every repository listed (as linked, and as read).
    seen: Vec<String>,
    out: Vec<LinkedRepository>,
}

impl Walk {
    /// List these links (each once) and read the model's own, within the budget, at once.
    async fn hop(&mut self, found: &[RepoLink], via: Option<String>) {
        let mut set = JoinSet::new();
        for link in found {
            let key = link.key();
            if self.seen.contains(&key) {
                continue;
            }
            let i = self.out.len();
            let mut r = listed(link, via.clone(), String::new());
            r.error = None;
            // One hop further, only the model's own repositories that are read are listed: the
            // libraries a README links are not what the card links.
            if via.is_some() && (r.role == LinkRole::ThirdParty || self.budget == 0) {
                if r.role == LinkRole::Own {
                    self.over += 1;
                }
                continue;
            }
            self.seen.push(key);
            if r.role == LinkRole::ThirdParty {
                r.error = Some(THIRD_PARTY.into());
            } else if self.budget == 0 {
                self.over += 1;
                r.error = Some(format!("{OVER_BUDGET} (--follow-budget)"));
            } else {
                self.budget -= 1;
                let (gh, counter) = (self.github.clone(), self.counter.clone());
                let (owner, name) = (link.owner.clone(), link.name.clone());
                set.spawn(async move { (i, gh.repository(&owner, &name, None, &counter).await) });
            }
            self.out.push(r);
        }
        for (i, read) in set.join_all().await {
            let r = &mut self.out[i];
            match read {
                Ok(read) => {
                    r.id = read.snapshot.target.id.clone();
                    r.host_license = read.host_license.clone();
                    r.snapshot = Some(Box::new(read.snapshot.clone()));
                    let key = r.id.to_ascii_lowercase();
                    if !self.seen.contains(&key) {
                        self.seen.push(key);
                    }
                }
                Err(e) => {
                    r.absent = crate::source::github::is_absent(&e);
                    r.error = Some(e);
                }
            }
        }
    }
}

async fn read_papers(
    arxiv: &ArxivClient,
    list: Vec<links::PaperLink>,
    max: usize,
    counter: &Arc<Counter>,
) -> (Vec<Paper>, Vec<SourceNote>) {
    let mut notes = Vec::new();
    if list.len() > max {
        notes.push(SourceNote {
            subject: Some("papers".into()),
            message: format!(
                "the card names {} papers; the first {max} were read",
                list.len()
            ),
        });
    }
    let mut set = JoinSet::new();
    for (i, p) in list.iter().enumerate().take(max) {
        let (arxiv, counter, id) = (arxiv.clone(), counter.clone(), p.id.clone());
        set.spawn(async move { (i, arxiv.paper(&id, &counter).await) });
    }
    let mut read: Vec<_> = set.join_all().await;
    read.sort_by_key(|(i, _)| *i);
    let mut out: Vec<Paper> = list
        .into_iter()
        .map(|p| Paper {
            id: p.id,
            url: p.url,
            line: p.line,
            title: None,
            date: None,
            license: None,
            error: Some(format!("not read: the card names more than {max} papers")),
        })
        .collect();
    for (i, r) in read {
        let p = &mut out[i];
        match r {
            Ok(rec) => {
                p.title = rec.title.clone();
                p.date = rec.date.clone();
                p.license = rec.license.clone();
                p.error = None;
            }
            Err(e) => p.error = Some(e),
        }
    }
    (out, notes)
}

/// Follow a snapshot's links as the context says (see the module docs), filling
/// `snapshot.linked` (and, for a local target, `snapshot.datasets`). `local`: the target was
/// read from this machine. The requests made, when any could have been.
pub fn follow_snapshot(
    snapshot: &mut Snapshot,
    ctx: &Context,
    local: bool,
) -> Result<Option<RequestStats>, Error> {
    if let Some(reason) = ctx.follow.off_reason(local) {
        snapshot.linked = not_followed(&CardText::of(snapshot), &reason);
        return Ok(None);
    }
    // A bad GITHUB_API_URL or OPENNESS_ARXIV_URL leaves the links unfollowed, with the reason;
    // the model itself is still read.
    let clients = GithubClient::of(ctx).and_then(|g| Ok((g, ArxivClient::of(ctx)?)));
    let (github, arxiv) = match clients {
        Ok(c) => c,
        Err(e) => {
            snapshot.linked = not_followed(
                &CardText::of(snapshot),
                &format!("the links cannot be followed: {e}"),
            );
            return Ok(None);
        }
    };
    let counter = Arc::new(Counter::default());
    if local && snapshot.datasets.is_empty() {
        let ids = card_datasets(snapshot);
        if !ids.is_empty() {
            let hub = HubClient::of(ctx)?;
            let (datasets, notes) = http::block_on(hub.read_datasets(ids, counter.clone()))?;
            snapshot.datasets = datasets;
            snapshot.notes.extend(notes);
        }
    }
    let card = CardText::of(snapshot);
    let linked = http::block_on(follow(
        card,
        (*github).clone(),
        (*arxiv).clone(),
        ctx.follow,
        counter.clone(),
    ))?;
    snapshot.linked = linked;
    snapshot.normalize();
    Ok(Some(counter.stats()))
}

/// The datasets a card's front matter names (`datasets:`, a string or a list).
fn card_datasets(snapshot: &Snapshot) -> Vec<String> {
    let Some(text) = snapshot.card().and_then(|c| c.text()) else {
        return Vec::new();
    };
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Vec::new();
    }
    let mut block = String::new();
    for l in lines {
        if l.trim_end() == "---" {
            let v: serde_json::Value =
                match crate::yaml::parse(&block, crate::yaml::Duplicates::LastWins) {
                    Ok(v) => v,
                    Err(_) => return Vec::new(),
                };
            let mut ids = super::hub::api::strings(v.get("datasets"));
            let mut seen = std::collections::HashSet::new();
            ids.retain(|d| seen.insert(d.clone()));
            return ids;
        }
        block.push_str(l);
    }
    Vec::new()
}
