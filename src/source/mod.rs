//! Sources: the only stage that does I/O. A target string becomes a [`Snapshot`].
//!
//! Each provider is one module implementing [`Provider`], registered once in [`PROVIDERS`]: it
//! says which target strings it takes ([`Provider::claim`]) and reads one into a snapshot,
//! filling in the provider-neutral facts ([`crate::snapshot::RepoMeta`]: a name, a page, where
//! files can be looked at) so that nothing after this stage needs to know where a model came
//! from. Providers that read base models and datasets walk them through [`walk`], over a
//! [`walk::Resolver`] of their own.
//!
//! Target syntax: `hf-cache:ORG/NAME[@REV]` reads the Python-compatible Hugging Face cache;
//! `hf:ORG/NAME[@REV]` the Hub; `github:OWNER/NAME[@REF]` (or `https://github.com/OWNER/NAME`) a
//! GitHub repository; a path that exists is local (a `.md` file is a card alone, a `.yml`/`.yaml`
//! file a MOT manifest, a directory a repository); a bare `ORG/NAME` that is not a path means the
//! Hub.
//!
//! After a model is read, the links of its card are followed as the [`Context`]'s [`Follow`]
//! says ([`follow`]: GitHub repositories and arXiv papers into [`Snapshot::linked`]). Every network
//! provider speaks HTTP through [`http`] (deadlines, retries, rate limits, accounting per host,
//! redaction), and keeps what it read in the context, so that one batch reads each repository,
//! paper, base model and dataset once.

pub mod arxiv;
pub mod follow;
pub mod github;
pub mod hf_cache;
pub mod http;
pub mod hub;
pub mod local;
mod local_walk;
pub mod manifest;
pub mod once;
pub mod walk;

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::snapshot::Snapshot;

pub use follow::{Follow, FollowMode};
pub use http::RequestStats;

/// The providers, in the order they are asked to claim a target. Adding a provider is one
/// module and one line here.
pub static PROVIDERS: &[&dyn Provider] = &[
    &hf_cache::HfCache,
    &hub::Hub,
    &github::Github,
    &manifest::ManifestFile,
    &local::Local,
];

/// How a provider answers a target string.
#[derive(Debug)]
#[non_exhaustive]
pub enum Claim {
    /// Not a target this provider reads.
    No,
    /// This provider reads it (its prefix, or a path of its kind).
    Yes(TargetSpec),
    /// This provider reads it if no other provider claims it outright (a bare `ORG/NAME`).
    Fallback(TargetSpec),
    /// It is this provider's syntax, but malformed.
    Invalid(Error),
}

/// A provider: one way of reading models.
pub trait Provider: Send + Sync {
    /// The name reports give as the target's `source` (`local`, `hub`, ...).
    fn name(&self) -> &'static str;
    /// Whether this provider reads `raw` (already trimmed, not empty).
    fn claim(&self, raw: &str) -> Claim;
    /// Read a target this provider claimed.
    fn read(&self, spec: &TargetSpec, ctx: &Context) -> Result<ReadOutcome, Error>;
}

/// A parsed target, before any I/O: the provider that reads it, what it names (a path, an
/// `ORG/NAME` id) and the revision asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSpec {
    pub provider: &'static str,
    pub id: String,
    pub revision: Option<String>,
    /// The target was read this way only because nothing claimed it outright (a bare
    /// `ORG/NAME` or `gpt2` that is not a path): a failure then says it is not a path either.
    pub guessed: bool,
}

impl TargetSpec {
    pub fn new(provider: &'static str, id: impl Into<String>, revision: Option<String>) -> Self {
        TargetSpec {
            provider,
            id: id.into(),
            revision,
            guessed: false,
        }
    }

    /// Understand a target as the user wrote it: the first provider that claims it outright
    /// reads it, else the first that would read it as a fallback.
    pub fn parse(raw: &str) -> Result<TargetSpec, Error> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Error::Target(
                "empty target: give a directory, hf-cache:ORG/NAME or hf:ORG/NAME".into(),
            ));
        }
        let mut fallback = None;
        for p in PROVIDERS {
            match p.claim(raw) {
                Claim::No => {}
                Claim::Yes(spec) => return Ok(spec),
                Claim::Invalid(e) => return Err(e),
                Claim::Fallback(spec) => {
                    fallback.get_or_insert(TargetSpec {
                        guessed: true,
                        ..spec
                    });
                }
            }
        }
        fallback.ok_or_else(|| {
            Error::Target(format!(
                "`{raw}` is not an existing path; give a model directory, hf-cache:ORG/NAME[@REV] or hf:ORG/NAME[@REV]"
            ))
        })
    }

    /// The provider that reads this target (provider names are unique).
    pub fn provider(&self) -> &'static dyn Provider {
        *PROVIDERS
            .iter()
            .find(|p| p.name() == self.provider)
            .expect("a spec names a registered provider")
    }
}

/// What a read shares with other reads: whether the network may be used, and each provider's
/// shared state (an HTTP client with its connection pool and cache), made on first use and
/// reused by every read of the same context (one context serves a whole batch).
#[derive(Default)]
pub struct Context {
    /// Make no network request: read caches only.
    pub offline: bool,
    /// Whether and how far to follow the links of model cards ([`follow`]).
    pub follow: Follow,
    shared: Mutex<BTreeMap<&'static str, Arc<dyn Any + Send + Sync>>>,
    /// Every request made through this context, for `--verbose`.
    totals: http::Counter,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("offline", &self.offline)
            .field("follow", &self.follow)
            .finish_non_exhaustive()
    }
}

impl Context {
    pub fn new(offline: bool) -> Self {
        Context {
            offline,
            ..Default::default()
        }
    }

    /// The same context, following links as `follow` says.
    pub fn with_follow(mut self, follow: Follow) -> Self {
        self.follow = follow;
        self
    }

    /// Every request the reads of this context made so far (per host, per resource).
    pub fn requests(&self) -> RequestStats {
        self.totals.stats()
    }

    /// A provider's shared state under `key`, made by `make` the first time it is asked for.
    pub fn shared<T: Any + Send + Sync>(
        &self,
        key: &'static str,
        make: impl FnOnce() -> Result<T, Error>,
    ) -> Result<Arc<T>, Error> {
        let mut map = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = map.get(key)
            && let Ok(t) = v.clone().downcast::<T>()
        {
            return Ok(t);
        }
        let made = Arc::new(make()?);
        map.insert(key, made.clone());
        Ok(made)
    }

    /// Give a provider's shared state in advance (a test's or an embedding program's client).
    pub fn with_shared<T: Any + Send + Sync>(self, key: &'static str, value: T) -> Self {
        self.shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::new(value));
        self
    }
}

/// A snapshot and, for network sources, the HTTP requests it cost.
#[derive(Debug, Clone)]
pub struct ReadOutcome {
    pub snapshot: Snapshot,
    pub requests: Option<RequestStats>,
}

impl From<Snapshot> for ReadOutcome {
    fn from(snapshot: Snapshot) -> Self {
        ReadOutcome {
            snapshot,
            requests: None,
        }
    }
}

/// The tool's own cache root: `$OPENNESS_CACHE`, else `$XDG_CACHE_HOME/openness`, else
/// `~/.cache/openness` (the Hub's files go to the Python-compatible Hugging Face cache instead).
pub fn cache_root() -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    var("OPENNESS_CACHE")
        .map(PathBuf::from)
        .or_else(|| var("XDG_CACHE_HOME").map(|x| PathBuf::from(x).join("openness")))
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache").join("openness")))
}

/// Read a target in a context. Every error names the target and what to do.
pub fn read_with(spec: &TargetSpec, ctx: &Context) -> Result<ReadOutcome, Error> {
    let outcome = spec.provider().read(spec, ctx)?;
    if let Some(stats) = &outcome.requests {
        ctx.totals.add(stats);
    }
    Ok(outcome)
}

/// Read a target with a context of its own. Every error names the target and what to do.
pub fn read(spec: &TargetSpec) -> Result<Snapshot, Error> {
    read_with(spec, &Context::default()).map(|o| o.snapshot)
}

/// `ID` or `ID@REV` split, the revision checked to be non-empty.
pub(crate) fn split_revision(spec: &str) -> Result<(String, Option<String>), Error> {
    match spec.split_once('@') {
        Some((id, rev)) if !rev.is_empty() => {
            check_revision(rev)?;
            Ok((id.to_string(), Some(rev.to_string())))
        }
        Some(_) => Err(Error::Target(format!(
            "`{spec}`: nothing after `@`; give a branch, tag or commit"
        ))),
        None => Ok((spec.to_string(), None)),
    }
}

/// A revision as the Hub and its cache take it: a 40-hex commit sha, or a branch or tag name
/// by git's rules for ref names (`main`, `v1.0`, `refs/pr/1`): no `..`, `@{`, `//`, no leading
/// or trailing `/`, no part starting with `.` or ending in `.lock`, no backslash, space,
/// control character or any of `~^:?*[`. A revision names a folder of the cache, so one like
/// `../../etc` must never reach a path.
pub fn check_revision(rev: &str) -> Result<(), Error> {
    let bad = |why: &str| {
        Err(Error::Target(format!(
            "`{}` is not a valid revision ({why}); give a branch or tag name (main, v1.0, refs/pr/1) or a 40-character commit sha",
            rev.escape_debug()
        )))
    };
    if rev.is_empty() || rev.len() > 255 {
        return bad("empty or longer than 255 characters");
    }
    if let Some(c) = rev
        .chars()
        .find(|c| c.is_control() || matches!(c, ' ' | '~' | '^' | ':' | '?' | '*' | '[' | '\\'))
    {
        return bad(&format!("`{}` is not allowed", c.escape_debug()));
    }
    if let Some(seq) = ["..", "@{"].into_iter().find(|s| rev.contains(s)) {
        return bad(&format!("`{seq}` is not allowed"));
    }
    if rev == "@" {
        return bad("`@` alone is not a ref name");
    }
    if rev.starts_with('/') || rev.ends_with('/') || rev.ends_with('.') || rev.contains("//") {
        return bad("it may not start or end with `/`, end with `.` or hold `//`");
    }
    if rev
        .split('/')
        .any(|part| part.starts_with('.') || part.ends_with(".lock"))
    {
        return bad("no part may start with `.` or end with `.lock`");
    }
    Ok(())
}

/// Hub repository ids: `name` or `org/name`, letters, digits, `-`, `_`, `.`; no `--` or `..`.
pub fn check_repo_id(id: &str) -> Result<(), Error> {
    if crate::snapshot::is_repo_id(id) {
        Ok(())
    } else {
        Err(Error::Target(format!(
            "`{id}` is not a valid Hugging Face repository id (expected ORG/NAME: letters, digits, `-`, `_`, `.`)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(p: &'static str, id: &str, rev: Option<&str>) -> TargetSpec {
        TargetSpec::new(p, id, rev.map(str::to_string))
    }

    #[test]
    fn revisions_are_ref_names_or_commits() {
        for ok in [
            "main",
            "v1.0",
            "refs/pr/1",
            "step-1000_a",
            "0123456789abcdef0123456789abcdef01234567",
        ] {
            assert!(check_revision(ok).is_ok(), "{ok}");
        }
        for bad in [
            "../../etc",
            "..",
            "/etc",
            "a/",
            "a//b",
            ".hidden",
            "a/.b",
            "x.lock",
            "a\\b",
            "a b",
            "a\nb",
            "a\u{1b}b",
            "a~1",
            "a^",
            "a:b",
            "a?",
            "a*",
            "a[",
            "a@{1}",
            "@",
            "a.",
            "",
        ] {
            let e = check_revision(bad).unwrap_err().to_string();
            assert!(e.contains("is not a valid revision"), "{bad}: {e}");
        }
        assert!(matches!(
            TargetSpec::parse("hf-cache:org/name@../../../../etc"),
            Err(Error::Target(_))
        ));
    }

    #[test]
    fn target_syntax() {
        assert_eq!(
            TargetSpec::parse("hf:EleutherAI/pythia-1b@step1000").unwrap(),
            spec("hub", "EleutherAI/pythia-1b", Some("step1000"))
        );
        assert_eq!(
            TargetSpec::parse("hf-cache:gpt2").unwrap(),
            spec("hf-cache", "gpt2", None)
        );
        assert_eq!(
            TargetSpec::parse("org/name").unwrap(),
            TargetSpec {
                guessed: true,
                ..spec("hub", "org/name", None)
            }
        );
        assert_eq!(
            TargetSpec::parse("tests/fixtures/open-research-model").unwrap(),
            spec("local", "tests/fixtures/open-research-model", None)
        );
        assert_eq!(
            TargetSpec::parse("tests/fixtures/open-research-model/README.md")
                .unwrap()
                .provider,
            "local"
        );
        assert_eq!(
            TargetSpec::parse("tests/fixtures/mot-manifest/Example-Model.yml")
                .unwrap()
                .provider,
            "manifest"
        );
        assert!(TargetSpec::parse("hf:../../etc").is_err());
        assert!(TargetSpec::parse("hf:a/b/c").is_err());
        assert!(TargetSpec::parse("hf:org/name@").is_err());
        assert!(TargetSpec::parse("./definitely/not/here").is_err());
        assert!(TargetSpec::parse("").is_err());
    }

    /// A provider registered by a test: what a new provider needs to implement.
    struct Toy;

    impl Provider for Toy {
        fn name(&self) -> &'static str {
            "toy"
        }
        fn claim(&self, raw: &str) -> Claim {
            match raw.strip_prefix("toy:") {
                Some(id) => Claim::Yes(TargetSpec::new("toy", id, None)),
                None => Claim::No,
            }
        }
        fn read(&self, spec: &TargetSpec, _: &Context) -> Result<ReadOutcome, Error> {
            use crate::snapshot::{
                FileLocation, Host, Listing, Page, RepoMeta, Target, TextContent, TextFile,
            };
            let target = Target {
                source: self.name().into(),
                id: spec.id.clone(),
                revision: Some("1".into()),
            };
            let repo = RepoMeta {
                display: spec.id.clone(),
                owner: Some("toys".into()),
                name: spec.id.clone(),
                page: Some(Page {
                    url: format!("https://toys.example/{}", spec.id),
                    host: Host::CodeHost,
                }),
                files: FileLocation::Web {
                    prefix: format!("https://toys.example/{}/file/", spec.id),
                },
                dataset_pages: None,
                purl: None,
            };
            let mut s = Snapshot::new(target, repo, Listing::Complete);
            s.files.push(crate::snapshot::RepoFile {
                path: "model.safetensors".into(),
                size: Some(1 << 30),
            });
            s.texts.push(TextFile {
                path: "README.md".into(),
                size: None,
                content: TextContent::text_of("---\nlicense: mit\n---\n# Toy\n"),
            });
            Ok(s.into())
        }
    }

    #[test]
    fn provider_names_are_unique() {
        let mut names: Vec<&str> = PROVIDERS.iter().map(|p| p.name()).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "two providers share a name");
    }

    #[test]
    fn a_new_provider_needs_only_its_module() {
        // Registered here by hand (a real provider is one line in PROVIDERS).
        let toy = Toy;
        let spec = match toy.claim("toy:robot") {
            Claim::Yes(s) => s,
            other => panic!("{other:?}"),
        };
        let snapshot = toy.read(&spec, &Context::default()).unwrap().snapshot;
        let evidence = crate::extract(&snapshot);
        let rubrics = crate::rubric::default_rubrics().unwrap();
        let report = crate::report::Report::build(&evidence, &rubrics).unwrap();
        assert_eq!(report.target.source, "toy");
        assert_eq!(
            report.repo.file_url("README.md", Some(2)).as_deref(),
            Some("https://toys.example/robot/file/README.md#L2")
        );
        let weights = crate::component::Component::ModelParametersFinal;
        assert_eq!(
            evidence.component(weights).availability,
            crate::evidence::Availability::Published
        );
        assert_eq!(report.openness.level, crate::level::Level::OpenWeights);
        // Every renderer takes it without knowing the provider.
        let (manifest, _) = crate::assess::mot::view::of(&evidence);
        assert_eq!(manifest.release.producer, "toys");
    }
}
