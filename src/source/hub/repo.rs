//! One repository read into a snapshot: its info, listing and files, and for the assessed model
//! its branches when the card speaks of checkpoints.

use super::*;

/// Does the card speak of intermediate checkpoints (so that listing branches is worth a request)?
pub(super) fn mentions_checkpoints(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?i)intermediate|revision\s*=\s*["']|\bstep[-_]?\d{2,}|\bbranch(es)?\b|training checkpoints|checkpoints? (are|is) (available|released|published)"#,
        )
        .expect("valid regex")
    })
    .is_match(text)
}

/// Read a repository into a snapshot (info, listing, files; refs for the target).
pub(super) async fn read_repo(
    client: &HubClient,
    counter: &Arc<Counter>,
    kind: RepoKind,
    id: &str,
    resolved: &Resolved,
    profile: Profile,
) -> Snapshot {
    let info = &resolved.info;
    let sha = &resolved.sha;
    let target = Target {
        source: HUB.into(),
        id: id.to_string(),
        revision: Some(sha.clone()),
    };
    let listing = if info.siblings.is_some() {
        Listing::Complete
    } else {
        Listing::Partial
    };
    let meta = repo_meta_at(&client.config().endpoint, id, Some(sha));
    let mut snap = Snapshot::new(target, meta, listing);
    snap.files = info.files();
    if info.siblings.is_none() {
        snap.notes.push(SourceNote {
            subject: None,
            message:
                "the Hub's answer has no file list (`siblings`); what files would show is unknown"
                    .into(),
        });
    }
    let wanted = wanted_files(info, profile);
    snap.texts = read_files(
        client,
        counter,
        kind,
        id,
        sha,
        wanted,
        info.gating() != Gating::None,
    )
    .await;
    let mut refs_listed = false;
    if profile == Profile::Target && kind == RepoKind::Model {
        let card_text = snap.card().and_then(|c| c.text()).unwrap_or("");
        let cached = client
            .cache()
            .and_then(|c| c.read_meta(kind, id, sha, "refs"));
        let refs_bytes = if client.config().offline {
            cached
        } else if mentions_checkpoints(card_text) {
            let url = format!("{}/api/models/{id}/refs", client.config().endpoint);
            match client
                .get(&url, INFO_CAP, false, &repo_label(kind, id), counter)
                .await
            {
                Ok(f) if !f.truncated => {
                    if let Some(c) = client.cache() {
                        let _ = c.write_meta(kind, id, sha, "refs", &f.body);
                    }
                    Some(f.body)
                }
                Ok(_) => None,
                Err(e) => {
                    snap.notes.push(SourceNote {
                        subject: Some("refs".into()),
                        message: format!("the branches could not be listed: {}", e.describe()),
                    });
                    None
                }
            }
        } else {
            None
        };
        match refs_bytes.map(|b| serde_json::from_slice::<Refs>(&b)) {
            Some(Ok(refs)) => {
                refs_listed = true;
                snap.refs = refs
                    .branches
                    .iter()
                    .chain(&refs.tags)
                    .map(|r| r.name.clone())
                    .collect();
            }
            Some(Err(e)) => snap.notes.push(SourceNote {
                subject: Some("refs".into()),
                message: format!("the Hub's list of branches is not valid JSON ({e})"),
            }),
            None => {}
        }
    }
    snap.metadata = Some(info.metadata(refs_listed));
    snap.normalize();
    snap
}
