//! The HTTP side of the Hub source: a [`HubClient`] over the shared HTTP layer
//! ([`crate::source::http`]: capped bodies, deadlines, retries that honour `Retry-After` and
//! `RateLimit`, redirects, accounting per repository and host, redaction), with the Hub's cache
//! and configuration.
//!
//! [`HubClient`] is cheap to clone (an `Arc` inside) and `Send + Sync`: one client serves any
//! number of concurrent scans, from tasks of one runtime ([`HubClient::scan`]) or from threads
//! ([`HubClient::scan_blocking`], which drives the shared HTTP runtime).

use std::sync::Arc;

use super::cache::Cache;
use super::config::HubConfig;
use crate::error::Error;
use crate::snapshot::{DatasetSnapshot, Snapshot};
use crate::source::http::{self, Counter, FetchError, Fetched, Get, HttpClient};
use crate::source::once::Once;
use crate::source::walk::Bases;

pub use crate::source::http::RequestStats;

struct Inner {
    http: HttpClient,
    config: HubConfig,
    cache: Option<Cache>,
    /// Base models and datasets already read by this client: a batch whose models share a base
    /// reads it once.
    bases: Once<Result<(Snapshot, Bases), String>>,
    datasets: Once<DatasetSnapshot>,
}

/// A client for the Hub API (or a server speaking it). Clone it to share its connection pool.
#[derive(Clone)]
pub struct HubClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for HubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubClient")
            .field("config", &self.inner.config)
            .finish()
    }
}

impl HubClient {
    /// A client with its own `reqwest` client built from the configuration's timeouts.
    pub fn new(config: HubConfig) -> Result<HubClient, Error> {
        let http = HttpClient::new(config.http_config())?;
        Ok(HubClient::over(config, http))
    }

    /// A client over an existing `reqwest` client (shared pool, custom TLS or proxy). Its
    /// timeouts are the caller's; the configuration's retry policy still applies.
    pub fn with_http(config: HubConfig, http: reqwest::Client) -> HubClient {
        let http = HttpClient::with_reqwest(config.http_config(), http);
        HubClient::over(config, http)
    }

    fn over(config: HubConfig, http: HttpClient) -> HubClient {
        let cache = config.cache_dir.clone().map(Cache::new);
        HubClient {
            inner: Arc::new(Inner {
                http,
                config,
                cache,
                bases: Once::default(),
                datasets: Once::default(),
            }),
        }
    }

    /// The configuration from the environment (`HF_ENDPOINT`, `HF_TOKEN`, `HF_HOME`, ...).
    pub fn from_env() -> Result<HubClient, Error> {
        HubClient::new(HubConfig::from_env()?)
    }

    pub fn config(&self) -> &HubConfig {
        &self.inner.config
    }

    pub(crate) fn cache(&self) -> Option<&Cache> {
        self.inner.cache.as_ref()
    }

    pub(crate) fn bases(&self) -> &Once<Result<(Snapshot, Bases), String>> {
        &self.inner.bases
    }

    pub(crate) fn datasets(&self) -> &Once<DatasetSnapshot> {
        &self.inner.datasets
    }

    /// Run a future to completion on the shared HTTP runtime (created on first use). Safe to
    /// call from many threads at once; not from inside an async task.
    pub fn block_on<F: std::future::Future>(&self, fut: F) -> Result<F::Output, Error> {
        http::block_on(fut)
    }

    /// Remove the token (and the endpoint's credentials) from text that came from a server, in
    /// case it was echoed.
    pub(crate) fn redact(&self, text: &str) -> String {
        self.inner.http.redact(text)
    }

    /// The error offline mode gives.
    pub(crate) fn offline_error(&self) -> FetchError {
        FetchError::new(&super::config::HUB_SERVICE, http::Failure::Offline)
    }

    /// GET `url`, keeping at most `cap` bytes of the body (`range`: ask only for those bytes).
    /// Retries as the policy says; counts every attempt for `repo` in `counter`.
    pub(crate) async fn get(
        &self,
        url: &str,
        cap: u64,
        range: bool,
        repo: &str,
        counter: &Counter,
    ) -> Result<Fetched, FetchError> {
        let req = Get {
            range,
            ..Get::new(url, cap, repo)
        };
        self.inner.http.get(&req, counter).await
    }
}
