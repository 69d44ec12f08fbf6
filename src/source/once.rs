//! Read each thing once per process: a map from a key (a repository, a paper) to the one read of
//! it, shared by every read of a batch through the provider's state in the
//! [`super::Context`]. Concurrent asks for the same key wait for the first; later ones get its
//! result at once. The read that did the work is told so, so that its requests are counted once.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

/// Keys (already normalised by the caller) to results. At most [`Once::CAPACITY`] keys are
/// kept: past that, the least recently asked-for key is forgotten (and read again if asked for
/// later), so a census of a million models whose bases all differ keeps a flat memory while a
/// base that many models share stays read once.
pub struct Once<V> {
    map: Mutex<Entries<V>>,
}

struct Entries<V> {
    cells: HashMap<String, (Arc<OnceCell<V>>, u64)>,
    /// Incremented at each ask: a key's number says when it was last asked for.
    clock: u64,
}

impl<V> Default for Once<V> {
    fn default() -> Self {
        Once {
            map: Mutex::new(Entries {
                cells: HashMap::new(),
                clock: 0,
            }),
        }
    }
}

impl<V> std::fmt::Debug for Once<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.map.lock().map(|m| m.cells.len()).unwrap_or(0);
        write!(f, "Once({n} keys)")
    }
}

impl<V: Clone> Once<V> {
    /// Keys remembered at most.
    pub const CAPACITY: usize = 512;

    /// The result for `key`, made by `make` if no read made it yet; `true` when this call
    /// made it.
    pub async fn get<F, Fut>(&self, key: &str, make: F) -> (V, bool)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = V>,
    {
        let cell = {
            let mut entries = self.map.lock().unwrap_or_else(|e| e.into_inner());
            entries.clock += 1;
            let now = entries.clock;
            if !entries.cells.contains_key(key) && entries.cells.len() >= Self::CAPACITY {
                // Forget the least recently asked-for key (one scan, only when full). A read in
                // progress is forgotten too: those waiting on it keep their handle.
                if let Some(oldest) = entries
                    .cells
                    .iter()
                    .min_by_key(|(_, (_, used))| *used)
                    .map(|(k, _)| k.clone())
                {
                    entries.cells.remove(&oldest);
                }
            }
            let entry = entries.cells.entry(key.to_string()).or_default();
            entry.1 = now;
            entry.0.clone()
        };
        let mut made = false;
        let v = cell
            .get_or_init(|| {
                made = true;
                make()
            })
            .await
            .clone();
        (v, made)
    }

    /// How many keys are remembered (read, or being read).
    pub fn len(&self) -> usize {
        self.map.lock().map(|m| m.cells.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn concurrent_asks_wait_for_the_first() {
        let once: Arc<Once<u32>> = Arc::new(Once::default());
        let calls = Arc::new(AtomicU32::new(0));
        let made = crate::source::http::block_on(async {
            let mut set = tokio::task::JoinSet::new();
            for _ in 0..50 {
                let (once, calls) = (once.clone(), calls.clone());
                set.spawn(async move {
                    once.get("org/repo", || async move {
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        7
                    })
                    .await
                });
            }
            set.join_all().await
        })
        .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(made.iter().all(|(v, _)| *v == 7));
        assert_eq!(made.iter().filter(|(_, m)| *m).count(), 1);
        assert_eq!(once.len(), 1);
    }

    #[test]
    fn memory_is_bounded_and_shared_keys_stay() {
        let once: Once<u32> = Once::default();
        let reads = AtomicU32::new(0);
        crate::source::http::block_on(async {
            for i in 0..(Once::<u32>::CAPACITY * 3) {
                // A shared key asked for between every two others is never forgotten.
                let (v, _) = once.get("shared", || async { 1 }).await;
                assert_eq!(v, 1);
                once.get(&format!("model-{i}"), || async {
                    reads.fetch_add(1, Ordering::SeqCst);
                    2
                })
                .await;
            }
            let (_, made) = once.get("shared", || async { 1 }).await;
            assert!(!made, "the shared key was read once");
            // An early key was forgotten: asked again, it is read again.
            let (_, made) = once.get("model-0", || async { 3 }).await;
            assert!(made);
        })
        .unwrap();
        assert_eq!(once.len(), Once::<u32>::CAPACITY);
        assert_eq!(
            reads.load(Ordering::SeqCst) as usize,
            Once::<u32>::CAPACITY * 3
        );
    }
}
