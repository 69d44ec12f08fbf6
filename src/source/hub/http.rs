//! What the Hub's answers mean beyond HTTP: the blob name of a file (its ETag), the commit it
//! was served at, and which refusals are a gated repository's.

use reqwest::header::HeaderMap;

use crate::source::http::FetchError;

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The blob name `huggingface_hub` uses: `X-Linked-Etag`, else `ETag`, without `W/` and quotes.
pub(crate) fn etag(headers: &HeaderMap) -> Option<String> {
    let raw = header(headers, "x-linked-etag").or_else(|| header(headers, "etag"))?;
    let e = raw.trim_start_matches("W/").trim_matches('"').to_string();
    (!e.is_empty()
        && e.len() <= 128
        && e.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    .then_some(e)
}

/// `X-Repo-Commit`: the commit a file was served at.
pub(crate) fn commit(headers: &HeaderMap) -> Option<String> {
    header(headers, "x-repo-commit")
}

/// Whether the answer says access to a gated repository was not granted: the Hub says so with
/// `X-Error-Code: GatedRepo` (401 without a token, 403 with one not granted access). A 401 or
/// 403 without that code is not called gating (see [`is_refused`]).
pub(crate) fn is_gated(e: &FetchError) -> bool {
    matches!(e.status(), Some(401 | 403)) && e.code() == Some("GatedRepo")
}

/// Whether the Hub refused the request for its credentials (gated or not): the next files of
/// the repository would be refused the same way.
pub(crate) fn is_refused(e: &FetchError) -> bool {
    matches!(e.status(), Some(401 | 403))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn etags_become_blob_names() {
        assert_eq!(
            etag(&headers(&[("etag", "W/\"abc123\"")])),
            Some("abc123".into())
        );
        assert_eq!(
            etag(&headers(&[
                ("etag", "\"abc\""),
                ("x-linked-etag", "\"lfs1\"")
            ])),
            Some("lfs1".into())
        );
        assert_eq!(etag(&headers(&[("etag", "\"../../x\"")])), None);
    }
}
