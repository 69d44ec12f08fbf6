//! arXiv papers: the metadata of a paper a card names (title, the date of its first version, the
//! license it is distributed under), from arXiv's OAI-PMH interface:
//!
//! ```text
//! GET {base}/oai2?verb=GetRecord&identifier=oai:arXiv.org:{id}&metadataPrefix=arXiv
//! ```
//!
//! `base` is `$OPENNESS_ARXIV_URL`, default https://export.arxiv.org. One request per paper cold,
//! none warm: a record is cached by id under the tool's cache root (`arxiv/<host>/<id>.json`).
//! arXiv's flow control (503 with `Retry-After`) is honoured when the wait is short. A paper that
//! cannot be read (unreachable, `idDoesNotExist`, offline and not cached) keeps the reason, so
//! that what it would show stays unknown rather than absent.

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::http::{self, Counter, Get, HttpClient, HttpConfig, RetryPolicy, Service};
use super::once::Once;
use super::{Context, github::cache::host_key};
use crate::error::Error;

/// arXiv's export mirror, which serves OAI-PMH.
pub const DEFAULT_BASE: &str = "https://export.arxiv.org";

/// How arXiv's messages name it.
pub static ARXIV_SERVICE: Service = Service {
    name: "arXiv",
    endpoint_var: "OPENNESS_ARXIV_URL",
    rate_hint: "arXiv asks robots for one request every few seconds",
    offline_switch: "--offline",
};

/// The key of the client in a [`Context`].
pub const ARXIV: &str = "arxiv";

/// The largest record read.
const RECORD_CAP: u64 = 1024 * 1024;
const OAI: &str = "http://www.openarchives.org/OAI/2.0/";
const ARXIV_NS: &str = "http://arxiv.org/OAI/arXiv/";

/// What a paper's record says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperRecord {
    pub id: String,
    pub title: Option<String>,
    /// The date of the first version (YYYY-MM-DD).
    pub date: Option<String>,
    /// The license URL; `None` when the record has none (papers from before 2004).
    pub license: Option<String>,
}

/// Everything the arXiv client needs to know.
#[derive(Clone)]
pub struct ArxivConfig {
    pub base: String,
    /// The tool's cache root (`arxiv/` goes under it); `None` disables caching.
    pub cache_root: Option<PathBuf>,
    pub offline: bool,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub attempt_deadline: Duration,
    pub read_deadline: Duration,
    pub retry: RetryPolicy,
}

impl ArxivConfig {
    pub fn new(base: &str) -> ArxivConfig {
        ArxivConfig {
            base: base.trim_end_matches('/').to_string(),
            cache_root: None,
            offline: false,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            attempt_deadline: Duration::from_secs(30),
            read_deadline: Duration::from_secs(60),
            retry: RetryPolicy::for_links(),
        }
    }

    /// `OPENNESS_ARXIV_URL` and the tool's cache root.
    pub fn from_env() -> Result<ArxivConfig, Error> {
        let base = match std::env::var("OPENNESS_ARXIV_URL")
            .ok()
            .filter(|v| !v.trim().is_empty())
        {
            Some(b) => http::check_endpoint(&b, "OPENNESS_ARXIV_URL", DEFAULT_BASE)?,
            None => DEFAULT_BASE.to_string(),
        };
        Ok(ArxivConfig {
            cache_root: super::cache_root(),
            ..ArxivConfig::new(&base)
        })
    }

    fn http_config(&self) -> HttpConfig {
        HttpConfig {
            offline: self.offline,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            attempt_deadline: self.attempt_deadline,
            read_deadline: self.read_deadline,
            retry: self.retry.clone(),
            ..HttpConfig::new(&ARXIV_SERVICE, &self.base)
        }
    }
}

/// A paper read (or why not), shared by every model that names it.
pub type SharedPaper = Result<Arc<PaperRecord>, String>;

/// A client for arXiv's OAI-PMH interface, with its cache and the papers already read in this
/// process. Cheap to clone.
#[derive(Clone)]
pub struct ArxivClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: HttpClient,
    config: ArxivConfig,
    cache: Option<PathBuf>,
    read: Once<SharedPaper>,
}

impl std::fmt::Debug for ArxivClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArxivClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// A new-style id (`2304.01373`) or an old-style one (`hep-th/9711200`, `math.GT/0309136`),
/// without a version.
pub fn valid_id(id: &str) -> bool {
    let new = |s: &str| {
        s.split_once('.').is_some_and(|(a, b)| {
            a.len() == 4
                && (4..=5).contains(&b.len())
                && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        })
    };
    let old = |s: &str| {
        s.split_once('/').is_some_and(|(arch, num)| {
            let (name, sub) = arch.split_once('.').unwrap_or((arch, ""));
            !name.is_empty()
                && name.len() <= 16
                && name.bytes().all(|c| c.is_ascii_lowercase() || c == b'-')
                && (sub.is_empty()
                    || (sub.len() == 2 && sub.bytes().all(|c| c.is_ascii_uppercase())))
                && num.len() == 7
                && num.bytes().all(|c| c.is_ascii_digit())
        })
    };
    new(id) || old(id)
}

impl ArxivClient {
    pub fn new(config: ArxivConfig) -> Result<ArxivClient, Error> {
        let http = HttpClient::new(config.http_config())?;
        let cache = config
            .cache_root
            .as_ref()
            .map(|r| r.join("arxiv").join(host_key(&config.base)));
        Ok(ArxivClient {
            inner: Arc::new(Inner {
                http,
                config,
                cache,
                read: Once::default(),
            }),
        })
    }

    pub fn from_env() -> Result<ArxivClient, Error> {
        ArxivClient::new(ArxivConfig::from_env()?)
    }

    /// The context's client, made from the environment on first use.
    pub fn of(ctx: &Context) -> Result<Arc<ArxivClient>, Error> {
        ctx.shared(ARXIV, || {
            let mut config = ArxivConfig::from_env()?;
            config.offline |= ctx.offline;
            ArxivClient::new(config)
        })
    }

    pub fn config(&self) -> &ArxivConfig {
        &self.inner.config
    }

    fn cache_file(&self, id: &str) -> Option<PathBuf> {
        Some(
            self.inner
                .cache
                .as_ref()?
                .join(format!("{}.json", id.replace('/', "_"))),
        )
    }

    /// A paper's record, read once per client (concurrent asks wait for the first); requests
    /// are counted in `counter` by the read that makes them.
    pub async fn paper(&self, id: &str, counter: &Counter) -> SharedPaper {
        let (v, _) = self
            .inner
            .read
            .get(id, || async {
                self.read(id, counter)
                    .await
                    .map(Arc::new)
                    .map_err(|e| self.inner.http.redact(&e))
            })
            .await;
        v
    }

    /// [`paper`](Self::paper) from synchronous code.
    pub fn paper_blocking(&self, id: &str, counter: &Counter) -> Result<SharedPaper, Error> {
        http::block_on(self.paper(id, counter))
    }

    async fn read(&self, id: &str, counter: &Counter) -> Result<PaperRecord, String> {
        if !valid_id(id) {
            return Err(format!("`{id}` is not an arXiv identifier"));
        }
        if let Some(rec) = self
            .cache_file(id)
            .and_then(|p| fs::read(p).ok())
            .and_then(|b| serde_json::from_slice::<PaperRecord>(&b).ok())
            .filter(|r| r.id == id)
        {
            counter.cache_hit();
            return Ok(rec);
        }
        let url = format!(
            "{}/oai2?verb=GetRecord&identifier=oai:arXiv.org:{id}&metadataPrefix=arXiv",
            self.inner.config.base
        );
        let resource = format!("arxiv {id}");
        let f = self
            .inner
            .http
            .get(&Get::new(&url, RECORD_CAP, &resource), counter)
            .await
            .map_err(|e| {
                if e.is_offline() {
                    format!("arXiv {id} is not in the cache, and offline mode (--offline) makes no request")
                } else {
                    format!("arXiv's record of {id} could not be read: {}", e.describe())
                }
            })?;
        if f.truncated {
            return Err(format!(
                "arXiv's record of {id} is larger than {} KiB; not read",
                RECORD_CAP / 1024
            ));
        }
        let rec = parse_record(id, &String::from_utf8_lossy(&f.body))?;
        if let Some(p) = self.cache_file(id)
            && let Ok(bytes) = serde_json::to_vec(&rec)
        {
            let _ = super::hub::cache::write_atomic(&p, &bytes);
        }
        Ok(rec)
    }
}

/// Read an OAI-PMH `GetRecord` answer in the `arXiv` format.
pub fn parse_record(id: &str, xml: &str) -> Result<PaperRecord, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 50_000,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options)
        .map_err(|e| format!("arXiv's answer for {id} is not valid XML ({e})"))?;
    if let Some(err) = doc.descendants().find(|n| n.has_tag_name((OAI, "error"))) {
        let code = err.attribute("code").unwrap_or("error");
        let text = err.text().map(|t| t.trim()).unwrap_or("");
        return Err(if code == "idDoesNotExist" {
            format!("arXiv has no paper {id} (idDoesNotExist)")
        } else {
            format!("arXiv answered {code} for {id}: {text}")
        });
    }
    let meta = doc
        .descendants()
        .find(|n| n.has_tag_name((ARXIV_NS, "arXiv")))
        .ok_or_else(|| format!("arXiv's answer for {id} holds no arXiv record"))?;
    let field = |name: &str| {
        meta.children()
            .find(|n| n.has_tag_name((ARXIV_NS, name)))
            .and_then(|n| n.text())
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
    };
    Ok(PaperRecord {
        id: id.to_string(),
        title: field("title").map(|t| t.chars().take(500).collect()),
        date: field("created").filter(|d| d.len() == 10),
        license: field("license").map(|l| l.chars().take(300).collect()),
    })
}

/// Shown without the base URL's credentials.
impl std::fmt::Debug for ArxivConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArxivConfig")
            .field("base", &http::strip_credentials(&self.base))
            .field("cache_root", &self.cache_root)
            .field("offline", &self.offline)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_records() {
        for ok in [
            "2304.01373",
            "0704.0001",
            "hep-th/9711200",
            "math.GT/0309136",
        ] {
            assert!(valid_id(ok), "{ok}");
        }
        for bad in [
            "2304.013",
            "../secret",
            "hep-th/97",
            "HEP/9711200",
            "2304.01373v2",
        ] {
            assert!(!valid_id(bad), "{bad}");
        }
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record><metadata>
<arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>2304.01373</id><created>2023-04-03</created>
<title>Pythia: A Suite
  for Analyzing</title><license>http://creativecommons.org/licenses/by/4.0/</license></arXiv>
</metadata></record></GetRecord></OAI-PMH>"#;
        let r = parse_record("2304.01373", xml).unwrap();
        assert_eq!(r.title.as_deref(), Some("Pythia: A Suite for Analyzing"));
        assert_eq!(r.date.as_deref(), Some("2023-04-03"));
        assert!(r.license.unwrap().contains("by/4.0"));
        let err = r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="idDoesNotExist">no</error></OAI-PMH>"#;
        assert!(
            parse_record("2999.99999", err)
                .unwrap_err()
                .contains("idDoesNotExist")
        );
        let dtd = r#"<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#;
        assert!(parse_record("1", dtd).is_err());
    }
}
