//! The HTTP layer every network provider shares (the Hub, GitHub, arXiv): one `reqwest` client
//! per service on rustls, GETs with capped bodies and a total deadline per attempt and per read
//! (a server trickling a byte every few seconds cannot keep a read alive), retries with backoff
//! that honour `Retry-After` (seconds or an HTTP date), `RateLimit` and GitHub's
//! `X-RateLimit-Remaining/Reset` (a short wait is waited; a long one gives up at once, saying when
//! the limit resets, and a spent quota stops every later request to that host until then),
//! redirects followed by hand (counted, loops and non-HTTP targets refused, the token sent to the
//! service's own origin only), request accounting per resource and per host, secrets redacted
//! from everything a server sends back, and an offline mode that makes no request at all.
//!
//! Providers keep their own words (which statuses mean "gated", which mean "not found") and
//! their own caches; this module knows HTTP only.

mod client;
mod error;
mod headers;
mod secret;
mod stats;

use std::sync::OnceLock;
use std::time::Duration;

pub use client::{Fetched, Get, HttpClient};
pub use error::{Failure, FetchError, Service};
pub use headers::{format_utc, format_wait};
pub(crate) use secret::percent_decode;
pub use secret::{REDACTED, Secrets, Token, strip_credentials};
pub use stats::{Counter, RequestStats};

use crate::error::Error;

/// When and how long to retry. A retry follows a transport failure (timeout, refused or broken
/// connection, a body cut short) or an answer 408, 429, 500, 502, 503 or 504 (and a 403 that is
/// a rate limit).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first backoff delay; each retry doubles it (with jitter), up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest wait a server may ask for (`Retry-After`, `RateLimit: ...;t=N`,
    /// `X-RateLimit-Reset`) that is honoured; a longer one ends the retries at once with a
    /// message saying how long to wait.
    pub max_server_wait: Duration,
    /// Shortens every actual sleep to at most this (tests and benchmarks); the planned delays are
    /// still computed from the server's headers and recorded in [`RequestStats`].
    pub sleep_cap: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_server_wait: Duration::from_secs(120),
            sleep_cap: None,
        }
    }
}

impl RetryPolicy {
    /// The policy for services whose links are followed (GitHub, arXiv): fewer retries, and a
    /// server's wait honoured only up to `max_server_wait` (10 s), so that one rate-limited
    /// repository does not stall a batch.
    pub fn for_links() -> RetryPolicy {
        RetryPolicy {
            retries: 3,
            max_delay: Duration::from_secs(8),
            max_server_wait: Duration::from_secs(10),
            ..RetryPolicy::default()
        }
    }
}

/// How to reach one service.
#[derive(Clone)]
pub struct HttpConfig {
    pub service: &'static Service,
    /// The service's base URL (shown in messages without its credentials).
    pub endpoint: String,
    pub token: Option<Token>,
    /// Make no request at all.
    pub offline: bool,
    pub connect_timeout: Duration,
    /// The longest silence while waiting for (part of) an answer.
    pub read_timeout: Duration,
    /// The longest one attempt may take, from sending the request to the last byte of the
    /// answer, however the bytes trickle in.
    pub attempt_deadline: Duration,
    /// The longest one read may take, retries and waits included.
    pub read_deadline: Duration,
    pub retry: RetryPolicy,
    pub user_agent: String,
    /// Redirects followed per request.
    pub max_redirects: u32,
}

impl HttpConfig {
    /// Defaults for a service at `endpoint`: no token, online, 10 s to connect, 30 s of
    /// silence, 120 s per attempt, 300 s per read.
    pub fn new(service: &'static Service, endpoint: &str) -> HttpConfig {
        HttpConfig {
            service,
            endpoint: endpoint.trim_end_matches('/').to_string(),
            token: None,
            offline: false,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            attempt_deadline: Duration::from_secs(120),
            read_deadline: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            user_agent: user_agent(),
            max_redirects: 10,
        }
    }
}

/// `openness/0.1.0`.
pub fn user_agent() -> String {
    format!("openness/{}", env!("CARGO_PKG_VERSION"))
}

/// Check a base URL: `http://` or `https://` and a host, no whitespace; returned without a
/// trailing `/`. `var` names the setting in the message.
pub fn check_endpoint(endpoint: &str, var: &str, example: &str) -> Result<String, Error> {
    let e = endpoint.trim().trim_end_matches('/');
    let rest = e
        .strip_prefix("https://")
        .or_else(|| e.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(e.to_string()),
        _ => Err(Error::Target(format!(
            "{var} `{}` is not an http(s) URL; set it to e.g. {example} or http://127.0.0.1:8080",
            strip_credentials(endpoint)
        ))),
    }
}

/// The runtime network reads run on (made on first use, shared by every client of the
/// process, never shut down while a read may use it).
pub fn runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    if let Some(rt) = RT.get() {
        return Ok(rt);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_name("openness-http")
        .enable_all()
        .build()
        .map_err(|e| Error::Target(format!("cannot start the HTTP runtime: {e}")))?;
    // Another thread may have won the race; its runtime is used and ours dropped (it ran
    // nothing yet).
    let _ = RT.set(rt);
    Ok(RT.get().expect("set above"))
}

/// Run a future to completion on the shared runtime. Safe to call from many threads at once;
/// not from inside an async task.
pub fn block_on<F: std::future::Future>(fut: F) -> Result<F::Output, Error> {
    Ok(runtime()?.block_on(fut))
}

/// Run two futures at once; both outputs when both are done.
pub async fn join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::task::Poll;
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        match (ra.take(), rb.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                ra = x;
                rb = y;
                Poll::Pending
            }
        }
    })
    .await
}

/// `host[:port]` of a URL, for accounting.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

/// Shown without the endpoint's credentials (the token never shows: see [`Token`]).
impl std::fmt::Debug for HttpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpConfig")
            .field("service", &self.service.name)
            .field("endpoint", &strip_credentials(&self.endpoint))
            .field("token", &self.token)
            .field("offline", &self.offline)
            .field("attempt_deadline", &self.attempt_deadline)
            .field("read_deadline", &self.read_deadline)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
