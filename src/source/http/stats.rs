//! Request accounting: every HTTP request a read makes (retries and redirect hops included), per
//! resource (`model ORG/NAME`, `github OWNER/NAME`, `arxiv ID`) and per host, with the waits the
//! retry policy planned. `--verbose` prints it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// What one read cost: every HTTP request made (retries included), per resource and per host,
/// and the waits the retry policy planned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestStats {
    /// HTTP requests sent, retries and redirect hops included.
    pub requests: u32,
    /// Of those, how many were retries.
    pub retries: u32,
    /// Files served from a cache instead of the network.
    pub cache_hits: u32,
    /// Requests per resource (`model ORG/NAME`, `dataset ORG/NAME`, `github OWNER/NAME`,
    /// `arxiv ID`).
    pub by_repo: BTreeMap<String, u32>,
    /// Requests per host (`huggingface.co`, `api.github.com`, `127.0.0.1:8080`).
    pub by_host: BTreeMap<String, u32>,
    /// The delays the retry policy chose, in order (before any `sleep_cap`).
    pub planned_waits: Vec<Duration>,
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl RequestStats {
    /// `5 HTTP requests (model org/a: 3, dataset org/d: 2), 1 retry, 2 files from the cache`.
    pub fn summary(&self) -> String {
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

    /// `huggingface.co: 3, api.github.com: 8` (empty when no request was made).
    pub fn hosts(&self) -> String {
        self.by_host
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Add another read's costs to these.
    pub fn add(&mut self, other: &RequestStats) {
        self.requests += other.requests;
        self.retries += other.retries;
        self.cache_hits += other.cache_hits;
        for (k, v) in &other.by_repo {
            *self.by_repo.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.by_host {
            *self.by_host.entry(k.clone()).or_default() += v;
        }
        self.planned_waits
            .extend(other.planned_waits.iter().copied());
    }
}

/// The live counters of one read, shared by its concurrent requests.
#[derive(Debug, Default)]
pub struct Counter {
    requests: AtomicU32,
    retries: AtomicU32,
    cache_hits: AtomicU32,
    detail: Mutex<Detail>,
}

#[derive(Debug, Default)]
struct Detail {
    by_repo: BTreeMap<String, u32>,
    by_host: BTreeMap<String, u32>,
    waits: Vec<Duration>,
}

/// Resources (and hosts) counted one by one at most: a batch's totals over a census of a
/// million models would otherwise keep a key per model. Past this, requests are counted under
/// [`OTHERS`].
const KEYS_CAP: usize = 1000;
/// Where requests to resources past [`KEYS_CAP`] are counted.
pub const OTHERS: &str = "(others)";
/// Planned waits kept at most (their count stays exact in `retries`).
const WAITS_CAP: usize = 1000;

fn count(map: &mut BTreeMap<String, u32>, key: &str, n: u32) {
    if let Some(v) = map.get_mut(key) {
        *v += n;
    } else if map.len() < KEYS_CAP {
        map.insert(key.to_string(), n);
    } else {
        *map.entry(OTHERS.to_string()).or_default() += n;
    }
}

impl Counter {
    /// One request sent for `resource` to `host`.
    pub fn request(&self, resource: &str, host: &str, retry: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if retry {
            self.retries.fetch_add(1, Ordering::Relaxed);
        }
        let mut d = self.detail.lock().unwrap_or_else(|e| e.into_inner());
        count(&mut d.by_repo, resource, 1);
        count(&mut d.by_host, host, 1);
    }

    /// A wait the retry policy planned.
    pub fn wait(&self, delay: Duration) {
        let mut d = self.detail.lock().unwrap_or_else(|e| e.into_inner());
        if d.waits.len() < WAITS_CAP {
            d.waits.push(delay);
        }
    }

    /// A file read from a cache instead of the network.
    pub fn cache_hit(&self) {
        self.cache_hits.fetch_add(1, Ordering::Relaxed);
    }

    /// Add a finished read's costs (a read another one waited for is not counted twice: only
    /// the read that made the requests adds them).
    pub fn add(&self, stats: &RequestStats) {
        self.requests.fetch_add(stats.requests, Ordering::Relaxed);
        self.retries.fetch_add(stats.retries, Ordering::Relaxed);
        self.cache_hits
            .fetch_add(stats.cache_hits, Ordering::Relaxed);
        let mut d = self.detail.lock().unwrap_or_else(|e| e.into_inner());
        for (k, v) in &stats.by_repo {
            count(&mut d.by_repo, k, *v);
        }
        for (k, v) in &stats.by_host {
            count(&mut d.by_host, k, *v);
        }
        let room = WAITS_CAP.saturating_sub(d.waits.len());
        d.waits
            .extend(stats.planned_waits.iter().copied().take(room));
    }

    pub fn stats(&self) -> RequestStats {
        let d = self.detail.lock().unwrap_or_else(|e| e.into_inner());
        RequestStats {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            cache_hits: self.cache_hits.load(Ordering::Relaxed),
            by_repo: d.by_repo.clone(),
            by_host: d.by_host.clone(),
            planned_waits: d.waits.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_of_a_census_keep_a_bounded_number_of_keys() {
        let totals = Counter::default();
        for i in 0..(KEYS_CAP * 3) {
            let one = Counter::default();
            one.request(&format!("model org/m-{i}"), "huggingface.co", false);
            one.request(&format!("model org/m-{i}"), "huggingface.co", false);
            totals.add(&one.stats());
        }
        let s = totals.stats();
        assert_eq!(s.requests as usize, KEYS_CAP * 6, "every request counted");
        assert_eq!(s.by_repo.len(), KEYS_CAP + 1);
        assert_eq!(s.by_repo[OTHERS] as usize, KEYS_CAP * 4);
        assert_eq!(
            s.by_repo.values().map(|v| *v as usize).sum::<usize>(),
            KEYS_CAP * 6
        );
        assert_eq!(s.by_host["huggingface.co"] as usize, KEYS_CAP * 6);
    }
}
