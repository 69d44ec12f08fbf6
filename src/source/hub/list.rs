//! The Hub's model listing (`GET /api/models?author=...`) as a stream of model ids, page by
//! page: the `Link: <...>; rel="next"` header of each page gives the next one, as
//! `huggingface_hub`'s `list_models` follows it. One page (at most 1,000 ids) is held at a time,
//! so a census of the whole Hub runs in flat memory.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::Deserialize;

use super::HubClient;
use super::info::encode_segment;
use crate::source::http::Counter;

/// What to list: the Hub listing's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// `author=ORG`: the models of one user or organisation.
    pub author: Option<String>,
    /// `search=TEXT`: ids containing the text.
    pub search: Option<String>,
    /// `library=NAME` (transformers, gguf, ...).
    pub library: Option<String>,
    /// `pipeline_tag=TASK` (text-generation, ...).
    pub pipeline_tag: Option<String>,
    /// `tag=TAG`, repeatable: models carrying every tag (the API's `filter`).
    pub tags: Vec<String>,
    /// `sort=KEY`: the API's sort key, most first.
    pub sort: Option<String>,
    /// `limit=N`: at most N models.
    pub limit: Option<u64>,
}

/// The sort keys, as written here and as the API names them.
const SORTS: [(&str, &str); 5] = [
    ("downloads", "downloads"),
    ("likes", "likes"),
    ("created", "createdAt"),
    ("modified", "lastModified"),
    ("trending", "trendingScore"),
];

/// Models per page: the most the Hub gives.
const PAGE: u64 = 1000;
/// The largest page answer read (a page of 1,000 models is about 300 kB).
const PAGE_CAP: u64 = 16 * 1024 * 1024;

impl FromStr for ListQuery {
    type Err = String;

    /// `author=ORG,sort=downloads,limit=500` (`,` or `&` between filters); `all` lists every
    /// model.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut q = ListQuery::default();
        if s.trim() == "all" {
            return Ok(q);
        }
        let valid = "author, search, library, pipeline_tag, tag (repeatable), sort, limit";
        for part in s.split([',', '&']).map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| {
                format!("`{part}` is not a filter; write KEY=VALUE with KEY one of {valid} (e.g. author=EleutherAI,limit=100), or `all`")
            })?;
            let value = value.trim();
            if value.is_empty() {
                return Err(format!("the filter `{key}` has no value"));
            }
            let text = Some(value.to_string());
            match key.trim() {
                "author" => q.author = text,
                "search" => q.search = text,
                "library" => q.library = text,
                "pipeline_tag" | "pipeline-tag" | "task" => q.pipeline_tag = text,
                "tag" | "filter" => q.tags.push(value.to_string()),
                "sort" => {
                    let api = SORTS
                        .iter()
                        .find(|(ours, api)| value == *ours || value == *api)
                        .map(|(_, api)| api.to_string())
                        .ok_or_else(|| {
                            format!(
                                "unknown sort `{value}`; valid: {}",
                                SORTS.map(|(o, _)| o).join(", ")
                            )
                        })?;
                    q.sort = Some(api);
                }
                "limit" => {
                    let n: u64 = value
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("limit `{value}` is not a positive number"))?;
                    q.limit = Some(n);
                }
                other => return Err(format!("unknown filter `{other}`; valid: {valid}")),
            }
        }
        if q == ListQuery::default() {
            return Err(
                "no filter given; to list every model on the Hub say `all` (e.g. with --shard)"
                    .into(),
            );
        }
        Ok(q)
    }
}

impl fmt::Display for ListQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        let fields = [
            ("author", &self.author),
            ("search", &self.search),
            ("library", &self.library),
            ("pipeline_tag", &self.pipeline_tag),
        ];
        for (k, v) in fields {
            if let Some(v) = v {
                parts.push(format!("{k}={v}"));
            }
        }
        for t in &self.tags {
            parts.push(format!("tag={t}"));
        }
        if let Some(v) = &self.sort {
            parts.push(format!("sort={v}"));
        }
        if let Some(v) = self.limit {
            parts.push(format!("limit={v}"));
        }
        if parts.is_empty() {
            write!(f, "all")
        } else {
            write!(f, "{}", parts.join(","))
        }
    }
}

impl ListQuery {
    /// The first page's URL at `endpoint`.
    pub fn url(&self, endpoint: &str) -> String {
        let mut params: Vec<String> = Vec::new();
        let mut push = |k: &str, v: &str| params.push(format!("{k}={}", encode_segment(v)));
        if let Some(v) = &self.author {
            push("author", v);
        }
        if let Some(v) = &self.search {
            push("search", v);
        }
        if let Some(v) = &self.library {
            push("library", v);
        }
        if let Some(v) = &self.pipeline_tag {
            push("pipeline_tag", v);
        }
        for t in &self.tags {
            push("filter", t);
        }
        if let Some(v) = &self.sort {
            push("sort", v);
            push("direction", "-1");
        }
        push("limit", &self.limit.unwrap_or(PAGE).min(PAGE).to_string());
        format!(
            "{}/api/models?{}",
            endpoint.trim_end_matches('/'),
            params.join("&")
        )
    }
}

#[derive(Deserialize)]
struct Item {
    id: Option<String>,
    #[serde(rename = "modelId")]
    model_id: Option<String>,
}

/// The ids a listing gives, fetched a page at a time as they are consumed. A failure is given
/// once, as an `Err` with what to do, and ends the stream.
pub struct HubListing {
    client: HubClient,
    counter: Arc<Counter>,
    next: Option<String>,
    page: VecDeque<String>,
    /// Ids still wanted (`limit`).
    remaining: Option<u64>,
    pages: u64,
}

impl HubListing {
    pub fn new(client: HubClient, query: &ListQuery) -> HubListing {
        let url = query.url(&client.config().endpoint);
        HubListing {
            client,
            counter: Arc::new(Counter::default()),
            next: Some(url),
            page: VecDeque::new(),
            remaining: query.limit,
            pages: 0,
        }
    }

    /// Pages read so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    fn fetch(&mut self, url: String) -> Result<(), String> {
        if self.client.config().offline {
            return Err(
                "the Hub listing needs the network, and this run is offline (--offline or HF_HUB_OFFLINE=1); list the models in a --from file instead".into(),
            );
        }
        let page = self.pages + 1;
        let fetched = self
            .client
            .block_on(
                self.client
                    .get(&url, PAGE_CAP, false, "listing", &self.counter),
            )
            .map_err(|e| e.to_string())?
            .map_err(|e| {
                self.client.redact(&format!(
                    "the Hub listing failed at page {page}: {e}; the models listed before were checked (run again, or narrow the listing)"
                ))
            })?;
        if fetched.truncated {
            return Err(format!(
                "the Hub listing's page {page} is over {} MB: not a listing page",
                PAGE_CAP / (1024 * 1024)
            ));
        }
        let items: Vec<Item> = serde_json::from_slice(&fetched.body)
            .map_err(|e| format!("the Hub listing's page {page} is not a list of models ({e})"))?;
        self.pages += 1;
        self.page
            .extend(items.into_iter().filter_map(|i| i.id.or(i.model_id)));
        self.next = next_link(&fetched.headers, &self.client.config().endpoint);
        Ok(())
    }
}

impl Iterator for HubListing {
    type Item = Result<String, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == Some(0) {
            return None;
        }
        while self.page.is_empty() {
            let url = self.next.take()?;
            if let Err(e) = self.fetch(url) {
                self.remaining = Some(0);
                return Some(Err(e));
            }
        }
        if let Some(r) = &mut self.remaining {
            *r -= 1;
        }
        self.page.pop_front().map(Ok)
    }
}

/// The `rel="next"` URL of a `Link` header, only when it is on the endpoint's own origin (a
/// link elsewhere would take the token there).
fn next_link(headers: &reqwest::header::HeaderMap, endpoint: &str) -> Option<String> {
    let origin = |u: &str| -> Option<String> {
        let (scheme, rest) = u.split_once("://")?;
        let host = rest.split(['/', '?', '#']).next()?;
        Some(format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        ))
    };
    let want = origin(endpoint)?;
    for value in headers.get_all("link") {
        let value = value.to_str().ok()?;
        for link in value.split(',') {
            let mut parts = link.split(';').map(str::trim);
            let url = parts.next()?.strip_prefix('<')?.strip_suffix('>')?;
            let is_next = parts.any(|p| {
                p.strip_prefix("rel=")
                    .is_some_and(|r| r.trim_matches('"').split(' ').any(|r| r == "next"))
            });
            if is_next {
                return (origin(url)? == want).then(|| url.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn queries_read_and_write() {
        let q: ListQuery = "author=EleutherAI, sort=downloads,tag=gguf&tag=en,limit=50"
            .parse()
            .unwrap();
        assert_eq!(q.author.as_deref(), Some("EleutherAI"));
        assert_eq!(q.tags, ["gguf", "en"]);
        assert_eq!(q.sort.as_deref(), Some("downloads"));
        assert_eq!(
            q.url("https://huggingface.co/"),
            "https://huggingface.co/api/models?author=EleutherAI&filter=gguf&filter=en&sort=downloads&direction=-1&limit=50"
        );
        let q: ListQuery = "search=llama 3,sort=created".parse().unwrap();
        assert!(
            q.url("http://h")
                .contains("search=llama%203&sort=createdAt")
        );
        assert!(q.url("http://h").ends_with("limit=1000"));
        assert_eq!(q.to_string(), "search=llama 3,sort=createdAt");
        assert_eq!("all".parse::<ListQuery>().unwrap(), ListQuery::default());
        for bad in [
            "",
            "author",
            "colour=red",
            "limit=0",
            "limit=x",
            "sort=best",
            "author=",
        ] {
            assert!(bad.parse::<ListQuery>().is_err(), "{bad}");
        }
    }

    #[test]
    fn next_links_stay_on_the_endpoint() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert("link", HeaderValue::from_str(v).unwrap());
            m
        };
        let e = "https://huggingface.co";
        assert_eq!(
            next_link(
                &h("<https://huggingface.co/api/models?cursor=abc>; rel=\"next\""),
                e
            )
            .as_deref(),
            Some("https://huggingface.co/api/models?cursor=abc")
        );
        assert_eq!(
            next_link(&h("<https://evil.example/api/models?c=1>; rel=\"next\""), e),
            None
        );
        assert_eq!(
            next_link(&h("<https://huggingface.co/x>; rel=\"prev\""), e),
            None
        );
        assert_eq!(next_link(&HeaderMap::new(), e), None);
    }
}
