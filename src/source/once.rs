//! Read each thing once per process: a map from a key (a repository, a paper) to the one read of
//! it, shared by every read of a batch through the provider's state in the
//! [`super::Context`]. Concurrent asks for the same key wait for the first; later ones get its
//! result at once. The read that did the work is told so, so that its requests are counted once.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

/// Keys (already normalised by the caller) to results.
pub struct Once<V> {
    map: Mutex<HashMap<String, Arc<OnceCell<V>>>>,
}

impl<V> Default for Once<V> {
    fn default() -> Self {
        Once {
            map: Mutex::new(HashMap::new()),
        }
    }
}

impl<V> std::fmt::Debug for Once<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.map.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "Once({n} keys)")
    }
}

impl<V: Clone> Once<V> {
    /// The result for `key`, made by `make` if no read made it yet; `true` when this call
    /// made it.
    pub async fn get<F, Fut>(&self, key: &str, make: F) -> (V, bool)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = V>,
    {
        let cell = {
            let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(key.to_string()).or_default().clone()
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

    /// How many keys were read (or are being read).
    pub fn len(&self) -> usize {
        self.map.lock().map(|m| m.len()).unwrap_or(0)
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
}
