//! GitHub as a source: `github:OWNER/NAME[@REF]` or `https://github.com/OWNER/NAME[/tree/REF]`,
//! and the code repositories a model card links ([`super::follow`]).
//!
//! REST API v3 at `$GITHUB_API_URL` (default https://api.github.com; GitHub Actions and GitHub
//! Enterprise set it), with the token of `GITHUB_TOKEN` or `GH_TOKEN` (never shown). Only these
//! endpoints are used, so any GitHub-compatible server can answer:
//!
//! | what | request | cold | warm |
//! |---|---|---|---|
//! | pin the commit (renames answer 301 to `/repositories/{id}`, followed) | `GET /repos/{o}/{r}/commits/{ref or HEAD}` | 1 | 1 (0 for a commit sha) |
//! | the file list with sizes (`truncated`: a partial listing) | `GET /repos/{o}/{r}/git/trees/{sha}?recursive=1` | 1 | 0 |
//! | the license file and GitHub's `spdx_id` | `GET /repos/{o}/{r}/license?ref={sha}` | 1 | 0 |
//! | the README at the root | `GET /repos/{o}/{r}/contents/{path}?ref={sha}` | 1 | 0 |
//!
//! So a repository costs at most 4 requests cold (5 server hits for a renamed one: GitHub's 301
//! is one) and 1 warm: what was read at a commit is cached by its sha ([`cache`]).
//! `GET /repos/{o}/{r}` is not needed: `HEAD` names the default branch.
//!
//! Rate limits: a short wait (`Retry-After`, `X-RateLimit-Reset`) is waited; a longer one gives
//! up on that repository at once with the time the limit resets, and no further request goes to
//! GitHub until then ([`crate::source::http`]).

pub mod api;
pub mod cache;
mod read;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use self::cache::GithubCache;
use super::http::{self, Counter, HttpClient, HttpConfig, RetryPolicy, Service, Token};
use super::once::Once;
use super::{Claim, Context, Provider, ReadOutcome, TargetSpec};
use crate::error::Error;
use crate::snapshot::{FileLocation, Host, Page, RepoMeta, Snapshot};

pub use read::{RepoRead, is_absent};

/// The public API.
pub const DEFAULT_API: &str = "https://api.github.com";

/// How GitHub's messages name it, its endpoint, its token and the offline switch.
pub static GITHUB_SERVICE: Service = Service {
    name: "GitHub",
    endpoint_var: "GITHUB_API_URL",
    rate_hint: "a token in GITHUB_TOKEN or GH_TOKEN raises GitHub's limit from 60 to 5,000 requests an hour",
    offline_switch: "--offline",
};

/// The name reports give GitHub targets, and the key of the client in a [`Context`].
pub const GITHUB: &str = "github";

/// Everything the GitHub client needs to know.
#[derive(Clone)]
pub struct GithubConfig {
    /// The API's base URL without a trailing `/`.
    pub api: String,
    pub token: Option<Token>,
    /// The tool's cache root (`github/` goes under it); `None` disables caching.
    pub cache_root: Option<PathBuf>,
    /// Read the cache only; make no request.
    pub offline: bool,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub attempt_deadline: Duration,
    pub read_deadline: Duration,
    pub retry: RetryPolicy,
}

impl GithubConfig {
    /// Defaults for `api`: no token, no cache, online, waits of at most 10 s honoured.
    pub fn new(api: &str) -> GithubConfig {
        GithubConfig {
            api: api.trim_end_matches('/').to_string(),
            token: None,
            cache_root: None,
            offline: false,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            attempt_deadline: Duration::from_secs(60),
            read_deadline: Duration::from_secs(120),
            retry: RetryPolicy::for_links(),
        }
    }

    /// `GITHUB_API_URL`, `GITHUB_TOKEN` (else `GH_TOKEN`), the tool's cache root.
    pub fn from_env() -> Result<GithubConfig, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let api = match var("GITHUB_API_URL") {
            Some(a) => http::check_endpoint(&a, "GITHUB_API_URL", DEFAULT_API)?,
            None => DEFAULT_API.to_string(),
        };
        Ok(GithubConfig {
            token: var("GITHUB_TOKEN")
                .or_else(|| var("GH_TOKEN"))
                .and_then(Token::new),
            cache_root: super::cache_root(),
            ..GithubConfig::new(&api)
        })
    }

    /// The web host that matches the API: https://github.com for api.github.com; for GitHub
    /// Enterprise (`https://HOST/api/v3`) the same host; `api.X` becomes `X`.
    pub fn web(&self) -> String {
        web_of(&self.api)
    }

    fn http_config(&self) -> HttpConfig {
        HttpConfig {
            token: self.token.clone(),
            offline: self.offline,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            attempt_deadline: self.attempt_deadline,
            read_deadline: self.read_deadline,
            retry: self.retry.clone(),
            ..HttpConfig::new(&GITHUB_SERVICE, &self.api)
        }
    }
}

fn web_of(api: &str) -> String {
    let api = http::strip_credentials(api);
    let base = api.trim_end_matches('/');
    let base = base
        .strip_suffix("/api/v3")
        .or_else(|| base.strip_suffix("/api"))
        .unwrap_or(base);
    match base.split_once("://") {
        Some((scheme, host)) => match host.strip_prefix("api.") {
            Some(rest) => format!("{scheme}://{rest}"),
            None => base.to_string(),
        },
        None => base.to_string(),
    }
}

/// A repository read (or the reason it could not be), shared by every model that links it.
pub type SharedRepo = Result<Arc<RepoRead>, String>;

/// A client for GitHub's REST API: connection pool, cache, and the repositories already read in
/// this process. Cheap to clone.
#[derive(Clone)]
pub struct GithubClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: HttpClient,
    config: GithubConfig,
    cache: Option<GithubCache>,
    read: Once<SharedRepo>,
}

impl std::fmt::Debug for GithubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GithubClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl GithubClient {
    pub fn new(config: GithubConfig) -> Result<GithubClient, Error> {
        let http = HttpClient::new(config.http_config())?;
        let cache = config
            .cache_root
            .clone()
            .map(|root| GithubCache::new(root, &config.api));
        Ok(GithubClient {
            inner: Arc::new(Inner {
                http,
                config,
                cache,
                read: Once::default(),
            }),
        })
    }

    pub fn from_env() -> Result<GithubClient, Error> {
        GithubClient::new(GithubConfig::from_env()?)
    }

    /// The context's client, made from the environment on first use.
    pub fn of(ctx: &Context) -> Result<Arc<GithubClient>, Error> {
        ctx.shared(GITHUB, || {
            let mut config = GithubConfig::from_env()?;
            config.offline |= ctx.offline;
            GithubClient::new(config)
        })
    }

    pub fn config(&self) -> &GithubConfig {
        &self.inner.config
    }

    /// Read a repository at `rev` (a branch, tag or commit; the default branch when `None`),
    /// once per client: a repository asked for again (by this model or another of the batch)
    /// gets the first read's result, and concurrent asks wait for it. Requests are counted in
    /// `counter` by the read that makes them.
    pub async fn repository(
        &self,
        owner: &str,
        name: &str,
        rev: Option<&str>,
        counter: &Counter,
    ) -> SharedRepo {
        let key = format!(
            "{}/{}@{}",
            owner.to_ascii_lowercase(),
            name.to_ascii_lowercase(),
            rev.unwrap_or("")
        );
        let (v, _) = self
            .inner
            .read
            .get(&key, || async {
                read::read(self, owner, name, rev, counter)
                    .await
                    .map(Arc::new)
                    .map_err(|e| self.inner.http.redact(&e))
            })
            .await;
        v
    }

    /// [`repository`](Self::repository) from synchronous code.
    pub fn repository_blocking(
        &self,
        owner: &str,
        name: &str,
        rev: Option<&str>,
        counter: &Counter,
    ) -> Result<SharedRepo, Error> {
        http::block_on(self.repository(owner, name, rev, counter))
    }
}

/// A GitHub owner (user or organisation): letters, digits and single hyphens, at most 39.
pub fn valid_owner(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.starts_with('-')
}

/// A GitHub repository name: letters, digits, `-`, `_`, `.`, at most 100; not `.` or `..`.
pub fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && s != "."
        && s != ".."
}

/// What a report says of a GitHub repository: its name, its page and its files' pages at the
/// commit read, on the web host that matches the API.
pub fn repo_meta(web: &str, full_name: &str, sha: &str) -> RepoMeta {
    let (owner, name) = full_name.split_once('/').unwrap_or(("", full_name));
    RepoMeta {
        display: full_name.to_string(),
        owner: (!owner.is_empty()).then(|| owner.to_string()),
        name: name.to_string(),
        page: Some(Page {
            url: format!("{web}/{full_name}"),
            host: Host::CodeHost,
        }),
        files: FileLocation::Web {
            prefix: format!("{web}/{full_name}/blob/{sha}/"),
        },
        dataset_pages: None,
        // The purl type names github.com; a repository of another host has no purl.
        purl: (!owner.is_empty() && web.trim_end_matches('/') == web_of(DEFAULT_API)).then(|| {
            format!(
                "pkg:github/{}/{}",
                crate::snapshot::purl_part(owner),
                crate::snapshot::purl_part(name)
            )
        }),
    }
}

/// GitHub repositories: `github:OWNER/NAME[@REF]`, `https://github.com/OWNER/NAME[/tree/REF]`.
pub struct Github;

/// A repository target: owner, name and the ref asked for; or why it is malformed.
pub type Parsed = Result<(String, String, Option<String>), String>;

/// `OWNER/NAME` and a ref from `github:...` or a github.com URL; `None` when it is neither.
pub fn parse_target(raw: &str) -> Option<Parsed> {
    if let Some(rest) = raw.strip_prefix("github:") {
        let (id, rev) = match rest.split_once('@') {
            Some((id, rev)) => (id, Some(rev.to_string())),
            None => (rest, None),
        };
        return Some(match id.split_once('/') {
            Some((o, n)) if valid_owner(o) && valid_name(n) && rev.as_deref() != Some("") => {
                Ok((o.to_string(), n.to_string(), rev))
            }
            _ => Err(format!(
                "`{raw}` is not a GitHub repository: write github:OWNER/NAME or github:OWNER/NAME@REF"
            )),
        });
    }
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))?;
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let path = rest.strip_prefix("github.com/")?;
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let bad = || {
        Err(format!(
            "`{raw}` is not a GitHub repository address: write https://github.com/OWNER/NAME[/tree/REF]"
        ))
    };
    Some(match parts.as_slice() {
        [o, n, rest @ ..] => {
            let n = n.strip_suffix(".git").unwrap_or(n);
            if !valid_owner(o) || !valid_name(n) {
                return Some(bad());
            }
            match rest {
                [] => Ok((o.to_string(), n.to_string(), None)),
                ["tree", r, ..] if !r.is_empty() => {
                    Ok((o.to_string(), n.to_string(), Some(r.to_string())))
                }
                _ => bad(),
            }
        }
        _ => bad(),
    })
}

impl Provider for Github {
    fn name(&self) -> &'static str {
        GITHUB
    }

    fn claim(&self, raw: &str) -> Claim {
        match parse_target(raw) {
            None => Claim::No,
            Some(Ok((o, n, rev))) => Claim::Yes(TargetSpec::new(GITHUB, format!("{o}/{n}"), rev)),
            Some(Err(e)) => Claim::Invalid(Error::Target(e)),
        }
    }

    fn read(&self, spec: &TargetSpec, ctx: &Context) -> Result<ReadOutcome, Error> {
        let client = GithubClient::of(ctx)?;
        let (owner, name) = spec.id.split_once('/').unwrap_or(("", &spec.id));
        let counter = Counter::default();
        let label = match &spec.revision {
            Some(r) => format!("github:{}@{r}", spec.id),
            None => format!("github:{}", spec.id),
        };
        let read = client
            .repository_blocking(owner, name, spec.revision.as_deref(), &counter)?
            .map_err(|message| Error::Source {
                target: label,
                message,
            })?;
        let snapshot: Snapshot = read.snapshot.clone();
        Ok(ReadOutcome {
            snapshot,
            requests: Some(counter.stats()),
        })
    }
}

/// Shown without the API's credentials (the token never shows: see [`Token`]).
impl std::fmt::Debug for GithubConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GithubConfig")
            .field("api", &http::strip_credentials(&self.api))
            .field("token", &self.token)
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
    fn targets_and_web_hosts() {
        let ok = |raw: &str| parse_target(raw).unwrap().unwrap();
        assert_eq!(
            ok("github:EleutherAI/gpt-neox@v2.0"),
            ("EleutherAI".into(), "gpt-neox".into(), Some("v2.0".into()))
        );
        assert_eq!(
            ok("https://github.com/allenai/OLMo/tree/main"),
            ("allenai".into(), "OLMo".into(), Some("main".into()))
        );
        assert_eq!(
            ok("https://www.github.com/allenai/OLMo.git/"),
            ("allenai".into(), "OLMo".into(), None)
        );
        assert!(parse_target("github:a").unwrap().is_err());
        assert!(parse_target("github:a/b@").unwrap().is_err());
        assert!(parse_target("github:../x").unwrap().is_err());
        assert!(
            parse_target("https://github.com/a/b/issues/1")
                .unwrap()
                .is_err()
        );
        assert!(parse_target("hf:a/b").is_none());
        assert_eq!(web_of("https://api.github.com"), "https://github.com");
        assert_eq!(
            web_of("https://ghe.example.com/api/v3/"),
            "https://ghe.example.com"
        );
        assert_eq!(web_of("https://api.acme.ghe.com"), "https://acme.ghe.com");
        assert_eq!(web_of("http://127.0.0.1:9"), "http://127.0.0.1:9");
        assert_eq!(
            web_of("https://u:p@ghe.example.com/api/v3"),
            "https://ghe.example.com"
        );
    }
}
