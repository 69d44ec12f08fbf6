//! A repository's info from the Hub API (or the offline cache): the URLs, the request, and
//! what a failure means for the user.

use super::*;

/// Percent-encode one URL path segment (everything but RFC 3986 unreserved characters).
pub(super) fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(super) fn encode_path(p: &str) -> String {
    p.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

pub(super) fn info_url(client: &HubClient, kind: RepoKind, id: &str, rev: Option<&str>) -> String {
    let mut url = format!("{}/api/{}/{id}", client.config().endpoint, kind.plural());
    if let Some(r) = rev {
        url.push_str(&format!("/revision/{}", encode_segment(r)));
    }
    url.push_str("?blobs=true");
    url
}

pub(super) fn file_url(
    client: &HubClient,
    kind: RepoKind,
    id: &str,
    sha: &str,
    path: &str,
) -> String {
    format!(
        "{}/{}{id}/resolve/{sha}/{}",
        client.config().endpoint,
        kind.url_prefix(),
        encode_path(path)
    )
}

/// Why a repository's info could not be read, in words that say what to do.
pub(super) fn info_failure(
    client: &HubClient,
    kind: RepoKind,
    id: &str,
    rev: Option<&str>,
    e: &FetchError,
) -> String {
    let has_token = client.config().token.is_some();
    let what = kind.word();
    let hint = match (e.status(), e.code()) {
        (Some(404), Some("RevisionNotFound")) => format!(
            "the revision `{}` does not exist in {id}: give a branch, tag or commit sha that does",
            rev.unwrap_or("main")
        ),
        (Some(401 | 403 | 404), _) if !has_token => format!(
            "the {what} does not exist, or it is private and needs a token with access: check the id, or set HF_TOKEN"
        ),
        (Some(401 | 403 | 404), _) => format!(
            "the {what} does not exist, or the token (HF_TOKEN or the stored token) has no access to it"
        ),
        _ => String::new(),
    };
    let mut s = e.describe();
    if !hint.is_empty() {
        s.push_str(&format!("; {hint}"));
    }
    if e.is_offline() {
        s = format!(
            "{id} is not in the cache{}: scan it once online, or download it with huggingface_hub",
            client
                .cache()
                .map(|c| format!(" at {}", c.root().display()))
                .unwrap_or_default()
        );
        s.push_str(" (offline mode: --offline or HF_HUB_OFFLINE=1)");
    }
    s
}

/// Read a repository's info: from the API (and keep a copy in the cache), or offline from the
/// cache's copy.
pub(super) async fn resolve(
    client: &HubClient,
    counter: &Counter,
    kind: RepoKind,
    id: &str,
    rev: Option<&str>,
) -> Result<Resolved, String> {
    let cache = client.cache();
    if client.config().offline {
        let rev_name = rev.unwrap_or("main");
        let sha = if is_commit(rev_name) {
            Some(rev_name.to_string())
        } else {
            cache.and_then(|c| c.read_ref(kind, id, rev_name))
        };
        let bytes = sha
            .as_ref()
            .and_then(|sha| cache.and_then(|c| c.read_meta(kind, id, sha, "info")));
        return match (sha, bytes) {
            (Some(sha), Some(bytes)) => match serde_json::from_slice::<RepoInfo>(&bytes) {
                Ok(info) => Ok(Resolved { info, sha }),
                Err(e) => Err(format!(
                    "the cached metadata of {id} is damaged ({e}); scan it once online"
                )),
            },
            _ => Err(info_failure(client, kind, id, rev, &client.offline_error())),
        };
    }
    let url = info_url(client, kind, id, rev);
    let fetched = client
        .get(&url, INFO_CAP, false, &repo_label(kind, id), counter)
        .await
        .map_err(|e| info_failure(client, kind, id, rev, &e))?;
    if fetched.truncated {
        return Err(format!(
            "the Hub's {} info for {id} is larger than {} MiB; not read",
            kind.word(),
            INFO_CAP / (1024 * 1024)
        ));
    }
    let info: RepoInfo = serde_json::from_slice(&fetched.body).map_err(|e| {
        format!(
            "the Hub's answer for {id} is not valid JSON ({e}); the answer may have been cut short or the endpoint ({}) is not a Hub: try again",
            client.config().endpoint
        )
    })?;
    let sha = match info.sha.clone() {
        Some(s) if is_commit(&s) => s,
        _ => {
            return Err(format!(
                "the Hub's answer for {id} names no commit (`sha`); the endpoint ({}) may not be a Hub",
                client.config().endpoint
            ));
        }
    };
    if let Some(c) = cache {
        let _ = c.write_meta(kind, id, &sha, "info", &fetched.body);
        let _ = c.write_ref(kind, id, rev.unwrap_or("main"), &sha);
    }
    Ok(Resolved { info, sha })
}
