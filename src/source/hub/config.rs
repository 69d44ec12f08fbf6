//! How to reach the Hub: endpoint, token, cache, offline mode, timeouts and retries, resolved from
//! the environment the way `huggingface_hub` (Python) and `hf-hub` (Rust) resolve them:
//!
//! | variable | meaning |
//! |---|---|
//! | `HF_ENDPOINT` | the Hub's base URL (a mirror, or a local test server) |
//! | `HF_TOKEN` | the access token; else `HUGGING_FACE_HUB_TOKEN` (its older name), else the file `HF_TOKEN_PATH`, else `$HF_HOME/token` |
//! | `HF_HUB_DISABLE_IMPLICIT_TOKEN` | ignore the token variables and the token file |
//! | `HF_HUB_CACHE`, `HF_HOME` | the Python-compatible cache (`$HF_HUB_CACHE`, else `$HF_HOME/hub`) |
//! | `HF_HUB_OFFLINE` | `1`: no request at all, read the cache only |
//!
//! The token is a [`Token`], whose `Debug` and `Display` never show it.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;
use crate::source::http::{self, HttpConfig, Service};
pub use crate::source::http::{RetryPolicy, Token};

/// How the Hub's messages name it, its endpoint, its token and its offline switch.
pub static HUB_SERVICE: Service = Service {
    name: "the Hub",
    endpoint_var: "HF_ENDPOINT",
    rate_hint: "a token, HF_TOKEN, raises the Hub's rate limits",
    offline_switch: "--offline or HF_HUB_OFFLINE=1",
};

/// The public Hub.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Everything the Hub client needs to know.
#[derive(Clone)]
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
    /// The longest one attempt may take, however slowly the bytes come.
    pub attempt_deadline: Duration,
    /// The longest one request may take, retries and waits included.
    pub read_deadline: Duration,
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
            // As huggingface_hub: HF_TOKEN, then the older HUGGING_FACE_HUB_TOKEN, then the file.
            var("HF_TOKEN")
                .or_else(|| var("HUGGING_FACE_HUB_TOKEN"))
                .and_then(Token::new)
                .or_else(|| {
                    let path = var("HF_TOKEN_PATH")
                        .map(PathBuf::from)
                        .or_else(|| hf_home().map(|h| h.join("token")))?;
                    // A token is a few dozen bytes: a device named here must not fill memory.
                    crate::input::read_text(&path, 64 * 1024, "the token file")
                        .ok()
                        .and_then(Token::new)
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
            attempt_deadline: Duration::from_secs(120),
            read_deadline: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            max_lineage_depth: 5,
            max_datasets: 16,
            user_agent: format!("openness/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Check and set the endpoint (`http://` or `https://`, no trailing `/`).
    pub fn set_endpoint(&mut self, endpoint: &str) -> Result<(), Error> {
        self.endpoint = http::check_endpoint(endpoint, "HF_ENDPOINT", DEFAULT_ENDPOINT)?;
        Ok(())
    }

    /// The HTTP layer's settings for this configuration.
    pub fn http_config(&self) -> HttpConfig {
        HttpConfig {
            token: self.token.clone(),
            offline: self.offline,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            attempt_deadline: self.attempt_deadline,
            read_deadline: self.read_deadline,
            retry: self.retry.clone(),
            user_agent: self.user_agent.clone(),
            ..HttpConfig::new(&HUB_SERVICE, &self.endpoint)
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

/// Shown without the endpoint's credentials (the token never shows: see [`Token`]).
impl std::fmt::Debug for HubConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubConfig")
            .field("endpoint", &http::strip_credentials(&self.endpoint))
            .field("token", &self.token)
            .field("cache_dir", &self.cache_dir)
            .field("offline", &self.offline)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("attempt_deadline", &self.attempt_deadline)
            .field("read_deadline", &self.read_deadline)
            .field("retry", &self.retry)
            .field("max_lineage_depth", &self.max_lineage_depth)
            .field("max_datasets", &self.max_datasets)
            .finish_non_exhaustive()
    }
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
