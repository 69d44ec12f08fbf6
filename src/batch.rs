//! Batch scanning for `openness check`: a list of targets (the command line and `--from` files),
//! split deterministically into shards (`--shard K/N`), scanned by N workers (`--jobs N`), with
//! the results in input order whatever the order the workers finish in. One target that fails,
//! or even panics, never stops the others.
//!
//! The per-target work is a [`Scanner`]: today [`LocalScanner`] (`openness::read` + extract +
//! `Report::build`). A scanner is shared by every worker (`Sync`), so a scanner that holds one
//! HTTP client and the Hub cache (the Hub source) plugs in here and is reused across targets.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::report::Report;
use crate::rubric::Rubric;
use crate::source::{Context, TargetSpec};

/// Where a target was listed: a `--from` file and line (SARIF points there).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Origin {
    pub file: String,
    pub line: u32,
}

/// One target to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// As written: a directory, `hf-cache:ORG/NAME[@REV]`, `ORG/NAME[@REV]`.
    pub target: String,
    /// `None` when given on the command line.
    pub origin: Option<Origin>,
}

/// Read a target list given as bytes: a line that is not UTF-8 is decoded lossily (each bad
/// sequence U+FFFD) and kept, so that target is reported as a row of its own while the rest go
/// on; the warnings name each such line. A leading BOM is dropped.
pub fn parse_list_bytes(bytes: &[u8], file: &str) -> (Vec<Listed>, Vec<String>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let mut warnings = Vec::new();
    if std::str::from_utf8(bytes).is_err() {
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if std::str::from_utf8(line).is_err() {
                warnings.push(format!(
                    "{file}:{}: the line is not UTF-8 text; read as `{}` (save the list as UTF-8)",
                    i + 1,
                    String::from_utf8_lossy(line).trim_end()
                ));
            }
        }
    }
    (parse_list(&text, file), warnings)
}

/// Read a target list: one target per line; blank lines and comments (`#` at the start of a
/// line or after whitespace) are skipped.
pub fn parse_list(text: &str, file: &str) -> Vec<Listed> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut content = line;
        if let Some(pos) = comment_start(line) {
            content = &line[..pos];
        }
        let target = content.trim();
        if target.is_empty() {
            continue;
        }
        out.push(Listed {
            target: target.to_string(),
            origin: Some(Origin {
                file: file.to_string(),
                line: (i + 1) as u32,
            }),
        });
    }
    out
}

fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    bytes
        .iter()
        .enumerate()
        .find(|&(i, &b)| b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()))
        .map(|(i, _)| i)
}

/// Drop repeated targets (the first listing is kept); returns the repeats for a warning.
pub fn dedup(entries: Vec<Listed>) -> (Vec<Listed>, Vec<Listed>) {
    let mut seen = std::collections::HashSet::new();
    let mut kept = Vec::new();
    let mut repeats = Vec::new();
    for e in entries {
        if seen.insert(e.target.clone()) {
            kept.push(e);
        } else {
            repeats.push(e);
        }
    }
    (kept, repeats)
}

/// `--shard K/N`: the K-th of N shards (1-based). Target number i (0-based, in list order after
/// comments, blank lines and repeats are dropped) belongs to shard `i mod N + 1`: shards stay
/// balanced, and adding a target at the end of the list moves no other target to another shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// The items of this shard, in order.
    pub fn select<T>(self, items: Vec<T>) -> Vec<T> {
        items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, x)| x)
            .collect()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "`{s}` is not a shard; write K/N with 1 <= K <= N (e.g. 2/8), or index=I/N counting I from 0 (in a Kubernetes indexed job: index=$(JOB_COMPLETION_INDEX)/N)"
            )
        };
        // `index=I/N` counts from 0, as a Kubernetes indexed job's JOB_COMPLETION_INDEX does,
        // so a container without a shell can take it as it is.
        let (from_zero, s) = match s.strip_prefix("index=") {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let k = if from_zero {
            k.checked_add(1).ok_or_else(bad)?
        } else {
            k
        };
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { index: k, count: n })
    }
}

/// What the batch does for each target. Shared by every worker.
pub trait Scanner: Sync {
    fn scan(&self, target: &str) -> Result<Report, Error>;
}

impl<F> Scanner for F
where
    F: Fn(&str) -> Result<Report, Error> + Sync,
{
    fn scan(&self, target: &str) -> Result<Report, Error> {
        self(target)
    }
}

/// Reads whatever [`crate::read`] accepts (local directories, model cards, MOT manifests, the
/// Hugging Face cache, the Hub), extracts with the built-in catalog and assesses against
/// `rubrics`. Every read goes through ONE [`Context`]: each network provider's client
/// (connection pool, retry budget, cache) is built on first use and shared by every worker.
pub struct SharedScanner {
    pub rubrics: Vec<Rubric>,
    context: Context,
}

impl SharedScanner {
    /// `offline`: read caches only (also `HF_HUB_OFFLINE=1`).
    pub fn new(rubrics: Vec<Rubric>, offline: bool) -> Self {
        SharedScanner::with_context(rubrics, Context::new(offline))
    }

    /// A scanner reading through a given context (tests, benchmarks, embedding programs give
    /// their own clients with [`Context::with_shared`]).
    pub fn with_context(rubrics: Vec<Rubric>, context: Context) -> Self {
        SharedScanner { rubrics, context }
    }

    /// The context every read goes through (its clients, its request totals).
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// Read one target (sharing the context), without assessing it.
    pub fn read(&self, target: &str) -> Result<crate::Snapshot, Error> {
        let spec = TargetSpec::parse(target)?;
        Ok(crate::source::read_with(&spec, &self.context)?.snapshot)
    }
}

impl Scanner for SharedScanner {
    fn scan(&self, target: &str) -> Result<Report, Error> {
        let snapshot = self.read(target)?;
        Report::build(&crate::extract(&snapshot), &self.rubrics)
    }
}

/// Run `work` over `items` with up to `jobs` workers. Results come back in input order.
/// `on_panic` turns a panic in `work` into a result for that item (the others go on);
/// `done(n, item, result)` is called as each item finishes (n = items finished so far).
pub fn run<I, O>(
    items: &[I],
    jobs: usize,
    work: impl Fn(&I) -> O + Sync,
    on_panic: impl Fn(&I, String) -> O + Sync,
    done: impl Fn(usize, &I, &O) + Sync,
) -> Vec<O>
where
    I: Sync,
    O: Send,
{
    let n = items.len();
    let jobs = jobs.clamp(1, n.max(1));
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<O>>> = Mutex::new((0..n).map(|_| None).collect());
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            if i >= n {
                break;
            }
            let item = &items[i];
            let out = catch_unwind(AssertUnwindSafe(|| work(item)))
                .unwrap_or_else(|payload| on_panic(item, panic_message(payload.as_ref())));
            let count = finished.fetch_add(1, Ordering::SeqCst) + 1;
            done(count, item, &out);
            slots.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(out);
        }
    };
    if jobs == 1 {
        worker();
    } else {
        std::thread::scope(|s| {
            for _ in 0..jobs {
                s.spawn(worker);
            }
        });
    }
    slots
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|o| o.expect("every item is processed"))
        .collect()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_skip_comments_and_blank_lines() {
        let list = parse_list(
            "# registry\n\norg/a\n  org/b   # the second\n./dir#1\n\t# indented comment\norg/c#d\n",
            "r.txt",
        );
        let targets: Vec<(&str, u32)> = list
            .iter()
            .map(|e| (e.target.as_str(), e.origin.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            targets,
            [("org/a", 3), ("org/b", 4), ("./dir#1", 5), ("org/c#d", 7)]
        );
    }

    #[test]
    fn repeats_are_dropped_first_kept() {
        let list = parse_list("a\nb\na\n", "r.txt");
        let (kept, repeats) = dedup(list);
        assert_eq!(kept.len(), 2);
        assert_eq!(repeats[0].origin.as_ref().unwrap().line, 3);
    }

    #[test]
    fn shards_partition_the_list() {
        let items: Vec<usize> = (0..10).collect();
        let mut all = Vec::new();
        for k in 1..=3 {
            let s: Shard = format!("{k}/3").parse().unwrap();
            let part = s.select(items.clone());
            assert!(part.iter().all(|i| i % 3 == k - 1));
            all.extend(part);
        }
        all.sort();
        assert_eq!(all, items);
        assert_eq!(
            "2/3".parse::<Shard>().unwrap().select(items.clone()),
            [1, 4, 7]
        );
        assert_eq!("1/1".parse::<Shard>().unwrap().select(items.clone()), items);
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        // index=I/N counts from 0 (a Kubernetes indexed job's JOB_COMPLETION_INDEX).
        for i in 0..3 {
            assert_eq!(
                format!("index={i}/3").parse::<Shard>(),
                format!("{}/3", i + 1).parse::<Shard>()
            );
        }
        let max = format!("index={}/3", usize::MAX);
        for bad in [
            "index=3/3",
            "index=-1/3",
            "index=0/0",
            "index=/3",
            "index=1",
            &max,
        ] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn results_keep_input_order_and_survive_panics() {
        let items: Vec<u64> = (0..40).collect();
        let seen = AtomicUsize::new(0);
        let out = run(
            &items,
            4,
            |&i| {
                // Later items finish first.
                std::thread::sleep(std::time::Duration::from_millis((40 - i) % 7));
                if i == 13 {
                    panic!("item {i} is unlucky");
                }
                Ok(i * 2)
            },
            |_, msg| Err(msg),
            |_, _, _| {
                seen.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(seen.load(Ordering::SeqCst), 40);
        for (i, r) in out.iter().enumerate() {
            if i == 13 {
                assert_eq!(r.as_ref().unwrap_err(), "item 13 is unlucky");
            } else {
                assert_eq!(*r.as_ref().unwrap(), i as u64 * 2);
            }
        }
        let empty: Vec<Result<u64, String>> =
            run(&[] as &[u64], 8, |&i| Ok(i), |_, m| Err(m), |_, _, _| {});
        assert!(empty.is_empty());
    }
}
