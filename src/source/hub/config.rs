//! How to reach the Hub: endpoint, token, cache, offline mode, timeouts and retries, resolved from
//! the environment the way `huggingface_hub` (Python) and `hf-hub` (Rust) resolve them:
//!
//! | variable | meaning |
//! |---|---|
//! | `HF_ENDPOINT` | the Hub's base URL (a mirror, or a local test server) |
//! | `HF_TOKEN` | the access token; else the file `HF_TOKEN_PATH`, else `$HF_HOME/token` |
//! | `HF_HUB_DISABLE_IMPLICIT_TOKEN` | ignore `HF_TOKEN` and the token file |
//! | `HF_HUB_CACHE`, `HF_HOME` | the Python-compatible cache (`$HF_HUB_CACHE`, else `$HF_HOME/hub`) |
//! | `HF_HUB_OFFLINE` | `1`: no request at all, read the cache only |
//!
//! The token is a [`Token`], whose `Debug` and `Display` never show it.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;

/// The public Hub.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// An access token. It is sent as `Authorization: Bearer ...` and shown nowhere.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Option<Token> {
        let t = token.into().trim().to_string();
        (!t.is_empty()).then_some(Token(t))
    }

    /// The secret itself, for the `Authorization` header and for redaction only.
    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// When and how long to retry. A retry follows a transport failure (timeout, refused or broken
/// connection, a body cut short) or an answer 408, 429, 500, 502, 503 or 504.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first backoff delay; each retry doubles it (with jitter), up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest wait a server may ask for (`Retry-After`, `RateLimit: ...;t=N`) that is honoured;
    /// a longer one ends the retries at once with a message saying how long to wait.
    pub max_server_wait: Duration,
    /// Shortens every actual sleep to at most this (tests and benchmarks); the planned delays are
    /// still computed from the server's headers and recorded in [`super::RequestStats`].
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

/// Everything the Hub client needs to know.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// Base URL without a trailing `/`.
    pub endpoint: String,
    pub token: Option<Token>,
    /// The Python-compatible hub cache (`models--ORG--NAME/{blobs,refs,snapshots}`); `None`
    /// disables caching.
    pub cache_dir: Option<PathBuf>,
    /// Read the cache only; make no request.
    pub offline: bool,
    pub connect_timeout: Duration,
    /// The longest silence while waiting for (part of) an answer.
    pub read_timeout: Duration,
    pub retry: RetryPolicy,
    /// How many generations of `base_model` to follow.
    pub max_lineage_depth: u32,
    /// How many datasets of one model to read.
    pub max_datasets: usize,
    pub user_agent: String,
}

impl HubConfig {
    /// The configuration the environment describes (see the module docs).
    pub fn from_env() -> Result<HubConfig, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let endpoint = var("HF_ENDPOINT").unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        let token = if var("HF_HUB_DISABLE_IMPLICIT_TOKEN").is_some_and(|v| truthy(&v)) {
            None
        } else {
            var("HF_TOKEN").and_then(Token::new).or_else(|| {
                let path = var("HF_TOKEN_PATH")
                    .map(PathBuf::from)
                    .or_else(|| hf_home().map(|h| h.join("token")))?;
                std::fs::read_to_string(path).ok().and_then(Token::new)
            })
        };
        let mut config = HubConfig {
            endpoint: String::new(),
            token,
            cache_dir: super::super::hf_cache::cache_dir(),
            offline: var("HF_HUB_OFFLINE").is_some_and(|v| truthy(&v)),
            ..HubConfig::new(DEFAULT_ENDPOINT)
        };
        config.set_endpoint(&endpoint)?;
        Ok(config)
    }

    /// Defaults for `endpoint`, with no token, no cache, online.
    pub fn new(endpoint: &str) -> HubConfig {
        HubConfig {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            token: None,
            cache_dir: None,
            offline: false,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            max_lineage_depth: 5,
            max_datasets: 16,
            user_agent: format!("openness/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Check and set the endpoint (`http://` or `https://`, no trailing `/`).
    pub fn set_endpoint(&mut self, endpoint: &str) -> Result<(), Error> {
        let e = endpoint.trim().trim_end_matches('/');
        let rest = e
            .strip_prefix("https://")
            .or_else(|| e.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
                self.endpoint = e.to_string();
                Ok(())
            }
            _ => Err(Error::Target(format!(
                "HF_ENDPOINT `{endpoint}` is not an http(s) URL; set it to e.g. {DEFAULT_ENDPOINT} or http://127.0.0.1:8080"
            ))),
        }
    }
}

/// `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`.
pub fn hf_home() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    var("HF_HOME")
        .map(PathBuf::from)
        .or_else(|| var("XDG_CACHE_HOME").map(|x| PathBuf::from(x).join("huggingface")))
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache").join("huggingface")))
}

/// `1`, `true`, `yes`, `on` (any case), as `huggingface_hub` reads its boolean variables.
pub fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_print() {
        let t = Token::new("hf_secretvalue").unwrap();
        assert_eq!(format!("{t}"), "<redacted>");
        assert!(!format!("{t:?}").contains("secret"));
        let mut c = HubConfig::new("http://127.0.0.1:1/");
        c.token = Some(t);
        assert!(!format!("{c:?}").contains("hf_secretvalue"));
        assert_eq!(c.endpoint, "http://127.0.0.1:1");
        assert!(Token::new("  ").is_none());
    }

    #[test]
    fn endpoints_are_checked() {
        let mut c = HubConfig::new(DEFAULT_ENDPOINT);
        assert!(c.set_endpoint("ftp://x").is_err());
        assert!(c.set_endpoint("http://").is_err());
        c.set_endpoint("http://127.0.0.1:8080/").unwrap();
        assert_eq!(c.endpoint, "http://127.0.0.1:8080");
        assert!(truthy("ON") && truthy("1") && !truthy("0") && !truthy(""));
    }
}
