//! Which files of a repository are read (the card, license-like files, `config.json` when the
//! info lacks it), and reading them: from the cache, else with one GET each, all at once.

use super::*;

/// The files of a repository worth reading, with their caps.
pub(super) fn wanted_files(info: &RepoInfo, profile: Profile) -> Vec<(String, Option<u64>, u64)> {
    let files = info.files();
    let mut out = Vec::new();
    let readme = files
        .iter()
        .find(|f| f.path.eq_ignore_ascii_case("README.md"));
    if matches!(profile, Profile::Target | Profile::Dataset)
        && let Some(f) = readme
    {
        out.push((f.path.clone(), f.size, CARD_CAP));
    }
    if profile == Profile::Dataset {
        return out;
    }
    if profile == Profile::Ancestor {
        let declared = info.card_strings("license");
        let named = info
            .card_data
            .as_ref()
            .is_some_and(|c| c.get("license_name").is_some() || c.get("license_link").is_some());
        let says_enough = !declared.is_empty()
            && declared
                .iter()
                .all(|l| !matches!(l.to_ascii_lowercase().as_str(), "other" | "unknown"));
        if says_enough || named {
            return out;
        }
    }
    let mut licenses: Vec<(String, Option<u64>, u64)> = files
        .iter()
        .filter(|f| local::read_cap(&f.path) == Some(LICENSE_CAP))
        .map(|f| (f.path.clone(), f.size, LICENSE_CAP))
        .collect();
    // Root files first (LICENSE before LICENSES/...), then by name.
    licenses.sort_by_key(|(p, _, _)| (p.contains('/'), p.to_ascii_lowercase()));
    licenses.truncate(MAX_LICENSE_FILES);
    out.extend(licenses);
    if profile == Profile::Target
        && info.config.as_ref().is_none_or(|c| !c.is_object())
        && let Some(f) = files.iter().find(|f| f.path == "config.json")
    {
        out.push((f.path.clone(), f.size, CONFIG_CAP));
    }
    out
}

/// A repository at a commit.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    kind: RepoKind,
    id: &'a str,
    sha: &'a str,
}

/// Read one file at a commit: from the cache, else with one GET (cached when complete).
pub(super) async fn read_file(
    client: &HubClient,
    counter: &Counter,
    at: &At<'_>,
    path: &str,
    size: Option<u64>,
    cap: u64,
) -> (TextFile, Option<FetchError>) {
    let At { kind, id, sha } = *at;
    if let Some(p) = client.cache().and_then(|c| c.file(kind, id, sha, path)) {
        counter.cache_hit();
        return (local::read_text(&p, path, size, cap), None);
    }
    let url = file_url(client, kind, id, sha, path);
    let range = size.is_some_and(|s| s > cap);
    match client
        .get(&url, cap, range, &repo_label(kind, id), counter)
        .await
    {
        Ok(f) => {
            let truncated = f.truncated || (f.status == 206 && size.is_some_and(|s| s > cap));
            // Only a complete file, at the commit asked for, goes into the cache (and never one
            // in which the server echoed the token).
            let same_commit = http::commit(&f.headers).as_deref().is_none_or(|c| c == sha);
            if !truncated
                && same_commit
                && !f.redacted
                && let (Some(c), Some(etag)) = (client.cache(), &http::etag(&f.headers))
            {
                let _ = c.store(kind, id, sha, path, etag, &f.body);
            }
            let content = match local::decode(f.body, cap) {
                TextContent::Text { text, replaced, .. } => TextContent::Text {
                    text,
                    truncated,
                    replaced,
                },
                other => other,
            };
            (
                TextFile {
                    path: path.to_string(),
                    size,
                    content,
                },
                None,
            )
        }
        Err(e) => {
            let mut reason = e.describe();
            if http::is_gated(&e) {
                reason.push_str(if client.config().token.is_some() {
                    "; the token's account has not been granted access to this gated repository"
                } else {
                    "; this repository is gated: set HF_TOKEN to a token of an account that was granted access"
                });
            } else if http::is_refused(&e) {
                reason.push_str(if client.config().token.is_some() {
                    "; the Hub refused the token without saying why (no error code): the token may be invalid, expired or without read access; check HF_TOKEN"
                } else {
                    "; the Hub refused the request without saying why (no error code): the repository may be private; set HF_TOKEN to a token with access"
                });
            } else if e.status() == Some(404) {
                reason.push_str("; the Hub lists the file but does not serve it");
            }
            (
                TextFile {
                    path: path.to_string(),
                    size,
                    content: TextContent::Unreadable { reason },
                },
                Some(e),
            )
        }
    }
}

/// Read the wanted files; for a gated repository, the first refusal stops the others (they
/// would be refused the same way).
pub(super) async fn read_files(
    client: &HubClient,
    counter: &Arc<Counter>,
    kind: RepoKind,
    id: &str,
    sha: &str,
    wanted: Vec<(String, Option<u64>, u64)>,
    gated: bool,
) -> Vec<TextFile> {
    let mut out = Vec::new();
    let mut rest = wanted;
    if gated && !rest.is_empty() {
        let (path, size, cap) = rest.remove(0);
        let at = At { kind, id, sha };
        let (file, err) = read_file(client, counter, &at, &path, size, cap).await;
        out.push(file);
        if let Some(e) = err.filter(http::is_refused) {
            let reason = match &out[0].content {
                TextContent::Unreadable { reason } => reason.clone(),
                _ => e.describe(),
            };
            for (path, size, _) in rest {
                // Cached copies (from an earlier run with access) are still good.
                if let Some(p) = client.cache().and_then(|c| c.file(kind, id, sha, &path)) {
                    counter.cache_hit();
                    out.push(local::read_text(&p, &path, size, LICENSE_CAP));
                    continue;
                }
                out.push(TextFile {
                    path,
                    size,
                    content: TextContent::Unreadable {
                        reason: format!("not requested: {reason}"),
                    },
                });
            }
            return out;
        }
    }
    let mut set = JoinSet::new();
    for (i, (path, size, cap)) in rest.into_iter().enumerate() {
        let (client, counter, id, sha) = (
            client.clone(),
            counter.clone(),
            id.to_string(),
            sha.to_string(),
        );
        set.spawn(async move {
            let at = At {
                kind,
                id: &id,
                sha: &sha,
            };
            let (f, _) = read_file(&client, &counter, &at, &path, size, cap).await;
            (i, f)
        });
    }
    let mut read: Vec<(usize, TextFile)> = set.join_all().await;
    read.sort_by_key(|(i, _)| *i);
    out.extend(read.into_iter().map(|(_, f)| f));
    out
}
