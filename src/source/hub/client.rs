//! The HTTP side of the Hub source: one shared `reqwest` client (connection pool, timeouts),
//! GETs with capped bodies, retries with backoff that honour `Retry-After` and `RateLimit`, and a
//! count of every request made, per repository.
//!
//! [`HubClient`] is cheap to clone (an `Arc` inside) and `Send + Sync`: one client serves any
//! number of concurrent scans, from tasks of one runtime ([`HubClient::scan`]) or from threads
//! ([`HubClient::scan_blocking`], which drives the client's own runtime).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, RANGE, USER_AGENT};

use super::cache::Cache;
use super::config::HubConfig;
use super::http::*;
use crate::error::Error;

/// What one scan cost: every HTTP request made (retries included), per repository, and the waits
/// the retry policy planned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestStats {
    /// HTTP requests sent, retries included.
    pub requests: u32,
    /// Of those, how many were retries.
    pub retries: u32,
    /// Files served from the cache instead of the network.
    pub cache_hits: u32,
    /// Requests per repository (`model ORG/NAME`, `dataset ORG/NAME`).
    pub by_repo: BTreeMap<String, u32>,
    /// The delays the retry policy chose, in order (before any `sleep_cap`).
    pub planned_waits: Vec<Duration>,
}

impl RequestStats {
    /// `5 HTTP requests (model org/a: 3, dataset org/d: 2), 1 retry, 2 files from the cache`.
    pub fn summary(&self) -> String {
        let plural =
            |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = plural(self.requests, "HTTP request", "HTTP requests");
        if !self.by_repo.is_empty() {
            let parts: Vec<String> = self
                .by_repo
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        if self.retries > 0 {
            s.push_str(&format!(", {}", plural(self.retries, "retry", "retries")));
        }
        s.push_str(&format!(
            ", {} from the cache",
            plural(self.cache_hits, "file", "files")
        ));
        s
    }
}

/// The live counters of one scan, shared by its concurrent requests.
#[derive(Debug, Default)]
pub(crate) struct Counter {
    requests: AtomicU32,
    retries: AtomicU32,
    cache_hits: AtomicU32,
    detail: Mutex<(BTreeMap<String, u32>, Vec<Duration>)>,
}

impl Counter {
    fn request(&self, repo: &str, retry: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if retry {
            self.retries.fetch_add(1, Ordering::Relaxed);
        }
        let mut d = self.detail.lock().unwrap_or_else(|e| e.into_inner());
        *d.0.entry(repo.to_string()).or_default() += 1;
    }

    fn wait(&self, delay: Duration) {
        let mut d = self.detail.lock().unwrap_or_else(|e| e.into_inner());
        d.1.push(delay);
    }

    pub(crate) fn cache_hit(&self) {
        self.cache_hits.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn stats(&self) -> RequestStats {
        let d = self.detail.lock().unwrap_or_else(|e| e.into_inner());
        RequestStats {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            cache_hits: self.cache_hits.load(Ordering::Relaxed),
            by_repo: d.0.clone(),
            planned_waits: d.1.clone(),
        }
    }
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Fetched {
    pub status: u16,
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut there.
    pub truncated: bool,
    /// `X-Linked-Etag` or `ETag`, without `W/` and quotes.
    pub etag: Option<String>,
    /// `X-Repo-Commit`.
    pub commit: Option<String>,
}

/// Why a request failed, after any retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FetchError {
    /// An answer with an error status.
    Status {
        status: u16,
        /// `X-Error-Code` (`GatedRepo`, `RepoNotFound`, `EntryNotFound`, `RevisionNotFound`).
        code: Option<String>,
        /// `X-Error-Message` or the JSON body's `error`.
        message: Option<String>,
        attempts: u32,
        elapsed: Duration,
    },
    /// No usable answer: timeouts, refused or broken connections, bodies cut short.
    Transport {
        message: String,
        attempts: u32,
        elapsed: Duration,
    },
    /// The server asked to wait longer than the policy accepts.
    WaitTooLong { status: u16, wait: Duration },
    /// Offline mode: no request may be made.
    Offline,
}

impl FetchError {
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } | FetchError::WaitTooLong { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            FetchError::Status { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Whether the answer says access to a gated repository was not granted.
    pub fn is_gated(&self) -> bool {
        matches!(self.status(), Some(401 | 403))
            && self.code().is_none_or(|c| c == "GatedRepo" || c.is_empty())
    }

    /// A sentence for a message: `HTTP 403 Forbidden (GatedRepo): ...`.
    pub fn describe(&self) -> String {
        match self {
            FetchError::Status {
                status,
                code,
                message,
                attempts,
                elapsed,
            } => {
                let mut s = format!("HTTP {}", status_words(*status));
                if let Some(c) = code {
                    s.push_str(&format!(" ({c})"));
                }
                if let Some(m) = message.as_deref().filter(|m| !m.is_empty()) {
                    s.push_str(&format!(": {m}"));
                }
                if *attempts > 1 {
                    s.push_str(&format!(
                        "; still failing after {attempts} attempts over {:.1} s, so the Hub (or the network) has trouble: try again later",
                        elapsed.as_secs_f64()
                    ));
                }
                s
            }
            FetchError::Transport {
                message,
                attempts,
                elapsed,
            } => {
                if *attempts > 1 {
                    format!(
                        "{message}; gave up after {attempts} attempts over {:.1} s: check the network or HF_ENDPOINT, or try again later",
                        elapsed.as_secs_f64()
                    )
                } else {
                    message.clone()
                }
            }
            FetchError::WaitTooLong { status, wait } => format!(
                "HTTP {}: the Hub asks to wait {} s before the next request, longer than this scan waits; try again later (a token, HF_TOKEN, raises the Hub's rate limits)",
                status_words(*status),
                wait.as_secs()
            ),
            FetchError::Offline => {
                "not in the cache, and offline mode (--offline or HF_HUB_OFFLINE=1) makes no request".into()
            }
        }
    }
}

fn status_words(status: u16) -> String {
    match StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(r) => format!("{status} {r}"),
        None => status.to_string(),
    }
}

struct Inner {
    http: reqwest::Client,
    config: HubConfig,
    cache: Option<Cache>,
    runtime: OnceLock<tokio::runtime::Runtime>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The last clone may be dropped inside some other runtime: never block there.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
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
        // rustls needs a process-wide crypto provider; ring is the one built in. Installing
        // fails harmlessly when one is already there.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&config.user_agent)
                .unwrap_or_else(|_| HeaderValue::from_static("openness")),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::Target(format!("cannot set up the HTTP client: {e}")))?;
        Ok(HubClient::with_http(config, http))
    }

    /// A client over an existing `reqwest` client (shared pool, custom TLS or proxy). Its
    /// timeouts are the caller's; the configuration's retry policy still applies.
    pub fn with_http(config: HubConfig, http: reqwest::Client) -> HubClient {
        let cache = config.cache_dir.clone().map(Cache::new);
        HubClient {
            inner: Arc::new(Inner {
                http,
                config,
                cache,
                runtime: OnceLock::new(),
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

    /// Run a future to completion on the client's own runtime (created on first use). Safe to
    /// call from many threads at once; not from inside an async task.
    pub fn block_on<F: std::future::Future>(&self, fut: F) -> Result<F::Output, Error> {
        let rt = match self.inner.runtime.get() {
            Some(rt) => rt,
            None => {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("openness-hub")
                    .enable_all()
                    .build()
                    .map_err(|e| Error::Target(format!("cannot start the HTTP runtime: {e}")))?;
                // Another thread may have won the race; its runtime is used and ours dropped.
                let _ = self.inner.runtime.set(rt);
                self.inner.runtime.get().expect("set above")
            }
        };
        Ok(rt.block_on(fut))
    }

    /// Remove the token from text that came from a server, in case it was echoed.
    pub(crate) fn redact(&self, text: &str) -> String {
        match &self.inner.config.token {
            Some(t) if !t.secret().is_empty() => text.replace(t.secret(), "<redacted>"),
            _ => text.to_string(),
        }
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
        let config = &self.inner.config;
        if config.offline {
            return Err(FetchError::Offline);
        }
        let policy = &config.retry;
        let start = Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            counter.request(repo, attempt > 1);
            let mut req = self.inner.http.get(url);
            if let Some(t) = &config.token
                && let Ok(mut v) = HeaderValue::from_str(&format!("Bearer {}", t.secret()))
            {
                v.set_sensitive(true);
                req = req.header(AUTHORIZATION, v);
            }
            if range {
                req = req.header(RANGE, format!("bytes=0-{cap}"));
            }
            // Either a final result, or a reason to retry with the wait the server asked for.
            let retry: Retry = match req.send().await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    if resp.status().is_success() {
                        match read_capped(resp, cap).await {
                            Ok((body, truncated)) => {
                                return Ok(Fetched {
                                    status,
                                    body,
                                    truncated,
                                    etag: etag(&headers),
                                    commit: header(&headers, "x-repo-commit"),
                                });
                            }
                            Err(e) => Retry::transport(format!(
                                "the answer was cut short ({})",
                                self.redact(&e)
                            )),
                        }
                    } else {
                        let code = header(&headers, "x-error-code");
                        let body = read_capped(resp, 16 * 1024)
                            .await
                            .map(|(b, _)| b)
                            .unwrap_or_default();
                        let message = header(&headers, "x-error-message")
                            .or_else(|| json_error(&body))
                            .map(|m| self.redact(&m));
                        if !retryable(status) {
                            return Err(FetchError::Status {
                                status,
                                code,
                                message,
                                attempts: attempt,
                                elapsed: start.elapsed(),
                            });
                        }
                        Retry {
                            message: String::new(),
                            status: Some((status, code, message)),
                            wait: server_wait(&headers, status, SystemTime::now()),
                        }
                    }
                }
                Err(e) => {
                    if e.is_builder() {
                        return Err(FetchError::Transport {
                            message: format!("bad request URL {url}: {e}"),
                            attempts: attempt,
                            elapsed: start.elapsed(),
                        });
                    }
                    Retry::transport(transport_words(&e, config))
                }
            };
            let Retry {
                message,
                status,
                wait: server,
            } = retry;
            if let (Some((s, _, _)), Some(w)) = (&status, server)
                && w > policy.max_server_wait
            {
                return Err(FetchError::WaitTooLong {
                    status: *s,
                    wait: w,
                });
            }
            if attempt > policy.retries {
                return Err(match status {
                    Some((status, code, message)) => FetchError::Status {
                        status,
                        code,
                        message,
                        attempts: attempt,
                        elapsed: start.elapsed(),
                    },
                    None => FetchError::Transport {
                        message,
                        attempts: attempt,
                        elapsed: start.elapsed(),
                    },
                });
            }
            let delay = server.unwrap_or_else(|| backoff(policy, attempt));
            counter.wait(delay);
            let sleep = match policy.sleep_cap {
                Some(cap) => delay.min(cap),
                None => delay,
            };
            tokio::time::sleep(sleep).await;
        }
    }
}

/// A failed attempt that may be retried: a transport failure, or a retryable status with the
/// error code and message, and the wait the server asked for.
struct Retry {
    message: String,
    status: Option<(u16, Option<String>, Option<String>)>,
    wait: Option<Duration>,
}

impl Retry {
    fn transport(message: String) -> Retry {
        Retry {
            message,
            status: None,
            wait: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn server_waits() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            server_wait(&headers(&[("retry-after", "7")]), 503, now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            server_wait(
                &headers(&[("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT")]),
                429,
                now
            ),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            server_wait(&headers(&[("ratelimit", "\"api\";r=0;t=37")]), 429, now),
            Some(Duration::from_secs(37))
        );
        // RateLimit counts only for 429.
        assert_eq!(
            server_wait(&headers(&[("ratelimit", "\"api\";r=0;t=37")]), 500, now),
            None
        );
        assert_eq!(server_wait(&headers(&[]), 429, now), None);
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

    #[test]
    fn backoff_doubles_and_stays_capped() {
        let p = super::super::config::RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            ..Default::default()
        };
        let d1 = backoff(&p, 1);
        let d3 = backoff(&p, 3);
        assert!(d1 >= Duration::from_millis(50) && d1 < Duration::from_millis(100));
        assert!(d3 >= Duration::from_millis(150) && d3 < Duration::from_millis(300));
    }
}
