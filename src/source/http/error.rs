//! Why a request failed, after any retries, in words that say what to do. The words that name
//! the service (`the Hub`, `GitHub`, `arXiv`), its endpoint variable and its token come from
//! its [`Service`].

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

use super::headers::{format_utc, format_wait};

/// The words a service's messages use.
#[derive(Debug)]
pub struct Service {
    /// As it reads inside a sentence: `the Hub`, `GitHub`, `arXiv`.
    pub name: &'static str,
    /// The variable that sets its base URL: `HF_ENDPOINT`, `GITHUB_API_URL`.
    pub endpoint_var: &'static str,
    /// What raises its rate limits: `a token, HF_TOKEN, raises the Hub's rate limits`.
    pub rate_hint: &'static str,
    /// How offline mode is asked for: `--offline or HF_HUB_OFFLINE=1`.
    pub offline_switch: &'static str,
}

/// A failed request: what went wrong, and the service it was sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    service: &'static Service,
    pub failure: Failure,
}

impl PartialEq for Service {
    fn eq(&self, other: &Service) -> bool {
        self.name == other.name
    }
}

impl Eq for Service {}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// An answer with an error status.
    Status {
        status: u16,
        /// `X-Error-Code` (the Hub: `GatedRepo`, `RepoNotFound`, `EntryNotFound`, ...).
        code: Option<String>,
        /// `X-Error-Message`, or the JSON body's `error` or `message`.
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
    WaitTooLong {
        status: u16,
        wait: Duration,
        /// When the wait ends.
        until: SystemTime,
        /// The whole quota of the host is spent (`X-RateLimit-Remaining: 0`), not just this
        /// request refused.
        quota: bool,
    },
    /// A redirect that is not followed: a loop, too many, or to something not HTTP.
    Redirect { message: String },
    /// Offline mode: no request may be made.
    Offline,
}

impl FetchError {
    pub(crate) fn new(service: &'static Service, failure: Failure) -> FetchError {
        FetchError { service, failure }
    }

    /// The service's name: `the Hub`, `GitHub`, `arXiv`.
    pub fn service(&self) -> &'static str {
        self.service.name
    }

    pub fn status(&self) -> Option<u16> {
        match &self.failure {
            Failure::Status { status, .. } | Failure::WaitTooLong { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match &self.failure {
            Failure::Status { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    pub fn is_offline(&self) -> bool {
        self.failure == Failure::Offline
    }

    /// The server's rate limit stopped the request (now, or until a time).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.failure, Failure::WaitTooLong { .. }) || matches!(self.status(), Some(429))
    }

    /// A sentence for a message: `HTTP 403 Forbidden (GatedRepo): ...`.
    pub fn describe(&self) -> String {
        let name = self.service.name;
        let w = self.service;
        match &self.failure {
            Failure::Status {
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
                        "; still failing after {attempts} attempts over {:.1} s, so {name} (or the network) has trouble: try again later",
                        elapsed.as_secs_f64()
                    ));
                }
                s
            }
            Failure::Transport {
                message,
                attempts,
                elapsed,
            } => {
                if *attempts > 1 {
                    format!(
                        "{message}; gave up after {attempts} attempts over {:.1} s: check the network or {}, or try again later",
                        elapsed.as_secs_f64(),
                        w.endpoint_var
                    )
                } else {
                    message.clone()
                }
            }
            Failure::WaitTooLong {
                status,
                wait,
                until,
                quota: true,
            } => format!(
                "HTTP {}: {name}'s rate limit is spent until {} (in {}), longer than this scan waits; try again then ({})",
                status_words(*status),
                format_utc(*until),
                format_wait(*wait),
                w.rate_hint
            ),
            Failure::WaitTooLong {
                status,
                wait,
                until,
                quota: false,
            } => format!(
                "HTTP {}: {name} asks to wait {} s (until {}) before the next request, longer than this scan waits; try again later ({})",
                status_words(*status),
                wait.as_secs(),
                format_utc(*until),
                w.rate_hint
            ),
            Failure::Redirect { message } => message.clone(),
            Failure::Offline => format!(
                "not in the cache, and offline mode ({}) makes no request",
                w.offline_switch
            ),
        }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

pub(crate) fn status_words(status: u16) -> String {
    match StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(r) => format!("{status} {r}"),
        None => status.to_string(),
    }
}
