//! [`HttpClient`]: one service's connection pool, retry policy, deadlines and secrets. Cheap to
//! clone (an `Arc` inside) and `Send + Sync`: one client serves every concurrent read of a batch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, RANGE, USER_AGENT};

use super::error::{Failure, FetchError};
use super::headers::*;
use super::secret::{Secrets, strip_credentials};
use super::stats::Counter;
use super::{HttpConfig, host_of};
use crate::error::Error;

/// One GET.
#[derive(Debug, Clone, Copy)]
pub struct Get<'a> {
    pub url: &'a str,
    /// Keep at most this many bytes of the body.
    pub cap: u64,
    /// Ask only for the first `cap` bytes (`Range`).
    pub range: bool,
    /// What the request is for, for accounting (`model ORG/NAME`, `github OWNER/NAME`).
    pub resource: &'a str,
    /// An `Accept` header.
    pub accept: Option<&'a str>,
}

impl<'a> Get<'a> {
    pub fn new(url: &'a str, cap: u64, resource: &'a str) -> Get<'a> {
        Get {
            url,
            cap,
            range: false,
            resource,
            accept: None,
        }
    }
}

/// A successful answer.
#[derive(Debug)]
pub struct Fetched {
    pub status: u16,
    /// The body, with any secret the server echoed replaced by `<redacted>`.
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut there.
    pub truncated: bool,
    /// The answer's headers; a header only a redirect carried (the Hub's `X-Linked-Etag`,
    /// `X-Repo-Commit` before a CDN) is kept too.
    pub headers: HeaderMap,
    /// The URL that answered, after redirects.
    pub url: String,
    /// A secret was found in the body and replaced (do not cache such a body).
    pub redacted: bool,
}

struct Inner {
    http: reqwest::Client,
    config: HttpConfig,
    secrets: Secrets,
    /// Hosts whose quota is spent, until when, and the status that said so.
    blocked: Mutex<HashMap<String, (SystemTime, u16)>>,
}

/// A client for one service.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("service", &self.inner.config.service.name)
            .field("endpoint", &strip_credentials(&self.inner.config.endpoint))
            .finish_non_exhaustive()
    }
}

/// One attempt's end.
enum Attempt {
    Done(Fetched),
    Redirect {
        location: String,
        headers: HeaderMap,
    },
    Fail(Failure),
    Retry(Retry),
}

/// A failed attempt that may be retried: a transport failure, or a retryable status with the
/// error code and message, and the wait the server asked for.
struct Retry {
    message: String,
    status: Option<(u16, Option<String>, Option<String>)>,
    wait: Option<Duration>,
    quota: bool,
}

impl Retry {
    fn transport(message: String) -> Retry {
        Retry {
            message,
            status: None,
            wait: None,
            quota: false,
        }
    }
}

impl HttpClient {
    /// A client with its own `reqwest` client (rustls on ring, no automatic redirects) built
    /// from the configuration's timeouts.
    pub fn new(config: HttpConfig) -> Result<HttpClient, Error> {
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
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Target(format!("cannot set up the HTTP client: {e}")))?;
        Ok(HttpClient::with_reqwest(config, http))
    }

    /// A client over an existing `reqwest` client (shared pool, custom TLS or proxy). Its
    /// timeouts and redirect policy are the caller's; retries, deadlines and caps still apply.
    pub fn with_reqwest(config: HttpConfig, http: reqwest::Client) -> HttpClient {
        let secrets = Secrets::new(config.token.as_ref(), &config.endpoint);
        HttpClient {
            inner: Arc::new(Inner {
                http,
                config,
                secrets,
                blocked: Mutex::new(HashMap::new()),
            }),
        }
    }

    pub fn config(&self) -> &HttpConfig {
        &self.inner.config
    }

    /// Remove every secret (the token, the endpoint's credentials) from text.
    pub fn redact(&self, text: &str) -> String {
        self.inner.secrets.redact(text)
    }

    fn error(&self, failure: Failure) -> FetchError {
        FetchError::new(self.inner.config.service, failure)
    }

    /// When the host's quota is spent: until when, and the status that said so.
    fn blocked(&self, host: &str) -> Option<(SystemTime, u16)> {
        let mut map = self.inner.blocked.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(host) {
            Some(&(until, status)) if until > SystemTime::now() => Some((until, status)),
            Some(_) => {
                map.remove(host);
                None
            }
            None => None,
        }
    }

    fn block(&self, host: &str, until: SystemTime, status: u16) {
        self.inner
            .blocked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(host.to_string(), (until, status));
    }

    /// GET as the request says, with retries, redirects and deadlines; every request sent is
    /// counted in `counter`.
    pub async fn get(&self, req: &Get<'_>, counter: &Counter) -> Result<Fetched, FetchError> {
        let config = &self.inner.config;
        if config.offline {
            return Err(self.error(Failure::Offline));
        }
        let policy = &config.retry;
        let start = Instant::now();
        let read_end = start + config.read_deadline;
        let mut url = Url::parse(req.url).map_err(|e| {
            self.error(Failure::Transport {
                message: format!(
                    "bad request URL {}: {e}",
                    self.redact(&strip_credentials(req.url))
                ),
                attempts: 1,
                elapsed: Duration::ZERO,
            })
        })?;
        let origin = url.origin();
        let mut visited: Vec<String> = vec![url.to_string()];
        let mut carried = HeaderMap::new();
        let mut failed: u32 = 0;
        loop {
            let host = host_of(url.as_str());
            if let Some((until, status)) = self.blocked(&host) {
                let wait = until
                    .duration_since(SystemTime::now())
                    .unwrap_or(Duration::ZERO);
                if wait > policy.max_server_wait || Instant::now() + wait > read_end {
                    return Err(self.error(Failure::WaitTooLong {
                        status,
                        wait,
                        until,
                        quota: true,
                    }));
                }
                counter.wait(wait);
                tokio::time::sleep(policy.sleep_cap.map_or(wait, |c| wait.min(c))).await;
            }
            counter.request(req.resource, &host, failed > 0);
            let auth = url.origin() == origin;
            let began = Instant::now();
            let end = (began + config.attempt_deadline).min(read_end);
            let attempt = tokio::time::timeout_at(end.into(), self.attempt(&url, req, auth)).await;
            let retry = match attempt {
                Err(_) => Retry::transport(format!(
                    "no complete answer within {:.1} s (the deadline of one attempt); the server sends too slowly",
                    end.saturating_duration_since(began).as_secs_f64()
                )),
                Ok(Attempt::Done(mut f)) => {
                    for (k, v) in carried.iter() {
                        if !f.headers.contains_key(k) {
                            f.headers.insert(k.clone(), v.clone());
                        }
                    }
                    if quota_spent(&f.headers)
                        && let Some(w) = server_wait(&f.headers, 429, SystemTime::now())
                    {
                        self.block(&host, SystemTime::now() + w, 403);
                    }
                    return Ok(f);
                }
                Ok(Attempt::Fail(failure)) => {
                    let failure = match failure {
                        Failure::Status {
                            status,
                            code,
                            message,
                            ..
                        } => Failure::Status {
                            status,
                            code,
                            message,
                            attempts: failed + 1,
                            elapsed: start.elapsed(),
                        },
                        Failure::Transport { message, .. } => Failure::Transport {
                            message,
                            attempts: failed + 1,
                            elapsed: start.elapsed(),
                        },
                        other => other,
                    };
                    return Err(self.error(failure));
                }
                Ok(Attempt::Redirect { location, headers }) => {
                    url = self.redirect_target(&url, &location, &visited)?;
                    visited.push(url.to_string());
                    for (k, v) in headers.iter() {
                        carried.insert(k.clone(), v.clone());
                    }
                    continue;
                }
                Ok(Attempt::Retry(r)) => r,
            };
            failed += 1;
            let Retry {
                message,
                status,
                wait: server,
                quota,
            } = retry;
            if let (Some((s, _, _)), Some(w)) = (&status, server)
                && (w > policy.max_server_wait || Instant::now() + w > read_end)
            {
                let until = SystemTime::now() + w;
                if quota {
                    self.block(&host, until, *s);
                }
                return Err(self.error(Failure::WaitTooLong {
                    status: *s,
                    wait: w,
                    until,
                    quota,
                }));
            }
            let delay = server.unwrap_or_else(|| backoff(policy, failed));
            if failed > policy.retries || Instant::now() + delay >= read_end {
                return Err(self.error(match status {
                    Some((status, code, message)) => Failure::Status {
                        status,
                        code,
                        message,
                        attempts: failed,
                        elapsed: start.elapsed(),
                    },
                    None => Failure::Transport {
                        message,
                        attempts: failed,
                        elapsed: start.elapsed(),
                    },
                }));
            }
            counter.wait(delay);
            let sleep = match policy.sleep_cap {
                Some(cap) => delay.min(cap),
                None => delay,
            };
            tokio::time::sleep(sleep).await;
        }
    }

    /// Where a redirect leads, if it is followed: http(s) only, no loops, at most
    /// `max_redirects` hops.
    fn redirect_target(
        &self,
        from: &Url,
        location: &str,
        visited: &[String],
    ) -> Result<Url, FetchError> {
        let shown = |u: &str| self.redact(&strip_credentials(u));
        let to = from.join(location).map_err(|e| {
            self.error(Failure::Redirect {
                message: format!(
                    "{} redirects to `{}`, which is not a URL ({e})",
                    shown(from.as_str()),
                    shown(location)
                ),
            })
        })?;
        if !matches!(to.scheme(), "http" | "https") {
            return Err(self.error(Failure::Redirect {
                message: format!(
                    "{} redirects to a {} URL, which is not followed (only http and https are): check {}",
                    shown(from.as_str()),
                    to.scheme(),
                    self.inner.config.service.endpoint_var
                ),
            }));
        }
        if visited.iter().any(|v| *v == to.as_str()) {
            return Err(self.error(Failure::Redirect {
                message: format!(
                    "a redirect loop: {} leads back to {}; the server is misconfigured (check {})",
                    shown(from.as_str()),
                    shown(to.as_str()),
                    self.inner.config.service.endpoint_var
                ),
            }));
        }
        if visited.len() as u32 > self.inner.config.max_redirects {
            return Err(self.error(Failure::Redirect {
                message: format!(
                    "more than {} redirects from {}; not followed further",
                    self.inner.config.max_redirects,
                    shown(&visited[0])
                ),
            }));
        }
        Ok(to)
    }

    /// One request and its answer.
    async fn attempt(&self, url: &Url, req: &Get<'_>, auth: bool) -> Attempt {
        let config = &self.inner.config;
        let mut rb = self.inner.http.get(url.clone());
        if auth
            && let Some(t) = &config.token
            && let Ok(mut v) = HeaderValue::from_str(&format!("Bearer {}", t.secret()))
        {
            v.set_sensitive(true);
            rb = rb.header(AUTHORIZATION, v);
        }
        if req.range {
            rb = rb.header(RANGE, format!("bytes=0-{}", req.cap));
        }
        if let Some(a) = req.accept {
            rb = rb.header(ACCEPT, a);
        }
        let resp = match rb.send().await {
            Ok(resp) => resp,
            Err(e) if e.is_builder() => {
                return Attempt::Fail(Failure::Transport {
                    message: format!(
                        "bad request URL {}: {}",
                        self.redact(&strip_credentials(url.as_str())),
                        self.redact(&innermost(&e))
                    ),
                    attempts: 1,
                    elapsed: Duration::ZERO,
                });
            }
            Err(e) => return Attempt::Retry(Retry::transport(self.transport_words(&e))),
        };
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if matches!(status, 301 | 302 | 303 | 307 | 308)
            && let Some(location) = header(&headers, "location")
        {
            return Attempt::Redirect { location, headers };
        }
        if resp.status().is_success() {
            let final_url = resp.url().to_string();
            return match read_capped(resp, req.cap).await {
                Ok((body, truncated)) => {
                    let (body, redacted) = self.inner.secrets.redact_bytes(body);
                    Attempt::Done(Fetched {
                        status,
                        body,
                        truncated,
                        headers,
                        url: final_url,
                        redacted,
                    })
                }
                Err(e) => Attempt::Retry(Retry::transport(format!(
                    "the answer was cut short ({})",
                    self.redact(&e)
                ))),
            };
        }
        let code = header(&headers, "x-error-code");
        let body = read_capped(resp, 16 * 1024)
            .await
            .map(|(b, _)| b)
            .unwrap_or_default();
        let message = header(&headers, "x-error-message")
            .or_else(|| json_error(&body))
            .map(|m| self.redact(&m));
        if !retryable(status, &headers) {
            return Attempt::Fail(Failure::Status {
                status,
                code,
                message,
                attempts: 1,
                elapsed: Duration::ZERO,
            });
        }
        Attempt::Retry(Retry {
            message: String::new(),
            status: Some((status, code, message)),
            wait: server_wait(&headers, status, SystemTime::now()),
            quota: quota_spent(&headers),
        })
    }

    fn transport_words(&self, e: &reqwest::Error) -> String {
        let config = &self.inner.config;
        // Neither the URL's credentials nor the token may show.
        if e.is_timeout() {
            format!(
                "no answer within the timeout (connect {} s, read {} s)",
                config.connect_timeout.as_secs_f64(),
                config.read_timeout.as_secs_f64()
            )
        } else if e.is_connect() {
            format!(
                "cannot connect to {}",
                self.redact(&strip_credentials(&config.endpoint))
            )
        } else {
            format!("the connection failed ({})", self.redact(&innermost(e)))
        }
    }
}
