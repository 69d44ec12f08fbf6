//! Batch scanning for `openness check`: a list of targets (the command line and `--from` files),
//! split deterministically into shards (`--shard K/N`), scanned by N workers (`--jobs N`), with
//! the results in input order whatever the order the workers finish in. One target that fails,
//! or even panics, never stops the others.
//!
//! The per-target work is a [`Scanner`]: today [`LocalScanner`] (`openness::read` + extract +
//! `Report::build`). A scanner is shared by every worker (`Sync`), so a scanner that holds one
//! HTTP client and the Hub cache (the Hub source) plugs in here and is reused across targets.

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use serde::{Deserialize, Serialize};

mod cpu;

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

/// The target a line of a list gives: the line without its comment (`#` at the start of a
/// line or after whitespace) and surrounding blanks; `None` for a blank or comment line.
pub fn list_line(line: &str) -> Option<&str> {
    let content = match comment_start(line) {
        Some(pos) => &line[..pos],
        None => line,
    };
    Some(content.trim()).filter(|t| !t.is_empty())
}

/// A list that could not give its next target (a Hub listing that failed): a row of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    /// The list, as rows name it (`hub listing author=org`).
    pub list: String,
    pub message: String,
}

/// One entry of a streamed list.
pub type Entry = Result<Listed, ListError>;

/// Read a target list: one target per line; blank lines and comments (`#` at the start of a
/// line or after whitespace) are skipped.
pub fn parse_list(text: &str, file: &str) -> Vec<Listed> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(target) = list_line(line) else {
            continue;
        };
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
    pub rubrics: std::sync::Arc<Vec<Rubric>>,
    context: Context,
    /// Extraction and assessment (CPU work) run on one thread per core, while reads (mostly
    /// waiting) run `--jobs` at once: the regex engines keep scratch caches per thread, so
    /// their memory follows the cores, not the jobs.
    cpu: cpu::Pool,
}

impl SharedScanner {
    /// `offline`: read caches only (also `HF_HUB_OFFLINE=1`).
    pub fn new(rubrics: Vec<Rubric>, offline: bool) -> Self {
        SharedScanner::with_context(rubrics, Context::new(offline))
    }

    /// A scanner reading through a given context (tests, benchmarks, embedding programs give
    /// their own clients with [`Context::with_shared`]).
    pub fn with_context(rubrics: Vec<Rubric>, context: Context) -> Self {
        SharedScanner {
            rubrics: std::sync::Arc::new(rubrics),
            context,
            cpu: cpu::Pool::default(),
        }
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
        let rubrics = self.rubrics.clone();
        self.cpu
            .run(move || Report::build(&crate::extract(&snapshot), &rubrics))
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
    let mut out = Vec::with_capacity(items.len());
    stream(
        items.iter(),
        jobs,
        |item: &&I| work(item),
        |item: &&I, message| on_panic(item, message),
        |n, item: &&I, o: &O| done(n, item, o),
        |_, _, o| out.push(o),
    );
    out
}

/// Results that may wait for an earlier one, per worker: the reorder buffer holds at most
/// `jobs * REORDER_PER_JOB` finished items, so memory stays flat however long the input.
const REORDER_PER_JOB: usize = 4;

/// Run `work` over `items` (taken from the iterator as workers need them, never collected) with
/// up to `jobs` workers, and hand each result to `sink(index, item, result)` on the calling
/// thread in input order (index from 0) as soon as it and every earlier one are done. A worker
/// waits rather than run more than `jobs * 4` items ahead of the oldest unfinished one, so a
/// slow item holds back a bounded number of results. `on_panic` and `done` are as in [`run`].
pub fn stream<It, I, O>(
    items: It,
    jobs: usize,
    work: impl Fn(&I) -> O + Sync,
    on_panic: impl Fn(&I, String) -> O + Sync,
    done: impl Fn(usize, &I, &O) + Sync,
    mut sink: impl FnMut(usize, I, O),
) where
    It: Iterator<Item = I> + Send,
    I: Send,
    O: Send,
{
    let jobs = jobs.max(1);
    if jobs == 1 {
        for (i, item) in items.enumerate() {
            let out = catch_unwind(AssertUnwindSafe(|| work(&item)))
                .unwrap_or_else(|payload| on_panic(&item, panic_message(payload.as_ref())));
            done(i + 1, &item, &out);
            sink(i, item, out);
        }
        return;
    }
    let window = jobs * REORDER_PER_JOB;
    let feed = Mutex::new(Feed {
        items: items.fuse(),
        next: 0,
        released: 0,
        exhausted: false,
    });
    let turn = Condvar::new();
    let finished = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, I, O)>();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (feed, turn, finished) = (&feed, &turn, &finished);
            let (work, on_panic, done) = (&work, &on_panic, &done);
            s.spawn(move || {
                loop {
                    let (i, item) = {
                        let mut f = feed.lock().unwrap_or_else(|e| e.into_inner());
                        while !f.exhausted && f.next >= f.released + window {
                            f = turn.wait(f).unwrap_or_else(|e| e.into_inner());
                        }
                        if f.exhausted {
                            break;
                        }
                        // The iterator may itself read (a paginated listing): a panic there
                        // ends the input, not the run.
                        match catch_unwind(AssertUnwindSafe(|| f.items.next())) {
                            Ok(Some(item)) => {
                                f.next += 1;
                                (f.next - 1, item)
                            }
                            Ok(None) | Err(_) => {
                                f.exhausted = true;
                                turn.notify_all();
                                break;
                            }
                        }
                    };
                    let out = catch_unwind(AssertUnwindSafe(|| work(&item)))
                        .unwrap_or_else(|payload| on_panic(&item, panic_message(payload.as_ref())));
                    let n = finished.fetch_add(1, Ordering::SeqCst) + 1;
                    done(n, &item, &out);
                    if tx.send((i, item, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // However the loop below ends (a panicking sink included), no worker is left waiting.
        let _stop = StopOnDrop {
            feed: &feed,
            turn: &turn,
        };
        let mut waiting: BTreeMap<usize, (I, O)> = BTreeMap::new();
        let mut expected = 0;
        for (i, item, out) in rx {
            waiting.insert(i, (item, out));
            while let Some((item, out)) = waiting.remove(&expected) {
                sink(expected, item, out);
                expected += 1;
                feed.lock().unwrap_or_else(|e| e.into_inner()).released = expected;
                turn.notify_all();
            }
        }
    });
}

/// Ends the input of [`stream`]'s workers when dropped.
struct StopOnDrop<'a, It> {
    feed: &'a Mutex<Feed<It>>,
    turn: &'a Condvar,
}

impl<It> Drop for StopOnDrop<'_, It> {
    fn drop(&mut self) {
        self.feed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .exhausted = true;
        self.turn.notify_all();
    }
}

/// The shared input of [`stream`]'s workers.
struct Feed<It> {
    items: std::iter::Fuse<It>,
    /// Index of the next item to take.
    next: usize,
    /// Items handed to the sink so far.
    released: usize,
    exhausted: bool,
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

    #[test]
    fn streams_in_order_with_a_bounded_buffer() {
        use std::sync::atomic::AtomicUsize;
        let jobs = 4;
        let sunk = AtomicUsize::new(0);
        let widest = AtomicUsize::new(0);
        let mut got = Vec::new();
        stream(
            0..500usize,
            jobs,
            |&i| {
                // Item 0 of every 50 is slow: the others must wait, not pile up.
                if i % 50 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                let ahead = i - sunk.load(Ordering::SeqCst);
                widest.fetch_max(ahead, Ordering::SeqCst);
                i * 3
            },
            |_, _| usize::MAX,
            |_, _, _| {},
            |index, item, out| {
                assert_eq!((index, out), (item, item * 3));
                sunk.store(index + 1, Ordering::SeqCst);
                got.push(item);
            },
        );
        assert_eq!(got, (0..500).collect::<Vec<_>>());
        let widest = widest.load(Ordering::SeqCst);
        assert!(widest < jobs * REORDER_PER_JOB, "{widest} items ahead");
        assert!(widest > 1, "the workers ran in parallel ({widest})");
    }

    #[test]
    fn a_panicking_input_ends_the_stream_and_a_panicking_item_is_a_result() {
        let mut n = 0;
        let items = std::iter::from_fn(move || {
            n += 1;
            assert!(n <= 30, "the listing broke");
            Some(n)
        });
        let mut got = Vec::new();
        stream(
            items,
            3,
            |&i| {
                assert!(i != 7, "item seven");
                Ok(i)
            },
            |_, m| Err(m),
            |_, _, _| {},
            |_, _, o: Result<u32, String>| got.push(o),
        );
        assert_eq!(got.len(), 30);
        assert_eq!(got[6], Err("item seven".to_string()));
        assert_eq!(got[29], Ok(30));
    }
}
