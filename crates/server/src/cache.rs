//! Results kept between requests until the store changes.
//!
//! Every entry is stamped with the store generation it was computed from (see
//! [`crate::state::AppState::generation`]); an entry from an older generation
//! is computed again. Concurrent requests for the same missing entry wait for
//! one computation instead of each starting their own. The cache holds at most
//! `capacity` entries and forgets the oldest first.

use crate::error::ApiError;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

struct Entry<V> {
    generation: u64,
    cell: Arc<OnceCell<V>>,
}

struct Entries<V> {
    map: HashMap<String, Entry<V>>,
    /// Keys in insertion order, for forgetting the oldest.
    order: VecDeque<String>,
}

/// A bounded, generation-stamped cache of `V` by string key.
pub struct Cache<V> {
    entries: Mutex<Entries<V>>,
    capacity: usize,
}

impl<V: Clone> Cache<V> {
    pub fn new(capacity: usize) -> Cache<V> {
        Cache {
            entries: Mutex::new(Entries {
                map: HashMap::new(),
                order: VecDeque::new(),
            }),
            capacity: capacity.max(1),
        }
    }

    /// The value for `key` at `generation`, computed by `compute` when the
    /// cache has none. Errors are returned and not kept.
    pub async fn get_or_compute<F, Fut>(
        &self,
        key: &str,
        generation: u64,
        compute: F,
    ) -> Result<V, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, ApiError>>,
    {
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            let current = entries
                .map
                .get(key)
                .filter(|e| e.generation == generation)
                .map(|e| Arc::clone(&e.cell));
            match current {
                Some(cell) => cell,
                None => {
                    let cell = Arc::new(OnceCell::new());
                    let fresh = Entry {
                        generation,
                        cell: Arc::clone(&cell),
                    };
                    if entries.map.insert(key.to_string(), fresh).is_none() {
                        entries.order.push_back(key.to_string());
                        while entries.map.len() > self.capacity {
                            match entries.order.pop_front() {
                                Some(oldest) => {
                                    entries.map.remove(&oldest);
                                }
                                None => break,
                            }
                        }
                    }
                    cell
                }
            }
        };
        cell.get_or_try_init(compute).await.cloned()
    }

    /// How many entries the cache holds.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn computes_once_per_generation_and_forgets_the_oldest() {
        let cache: Cache<usize> = Cache::new(2);
        let runs = AtomicUsize::new(0);
        let compute = || async { Ok::<_, ApiError>(runs.fetch_add(1, Ordering::SeqCst) + 100) };
        assert_eq!(cache.get_or_compute("a", 1, compute).await.unwrap(), 100);
        assert_eq!(cache.get_or_compute("a", 1, compute).await.unwrap(), 100);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // A new generation recomputes.
        assert_eq!(cache.get_or_compute("a", 2, compute).await.unwrap(), 101);
        cache.get_or_compute("b", 2, compute).await.unwrap();
        cache.get_or_compute("c", 2, compute).await.unwrap();
        assert_eq!(cache.len(), 2);
        // "a" was the oldest and is computed again.
        let before = runs.load(Ordering::SeqCst);
        cache.get_or_compute("a", 2, compute).await.unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), before + 1);
    }

    #[tokio::test]
    async fn errors_are_not_kept() {
        let cache: Cache<u8> = Cache::new(4);
        let failed = cache
            .get_or_compute("k", 1, || async { Err(ApiError::internal("boom")) })
            .await;
        assert!(failed.is_err());
        let value = cache
            .get_or_compute("k", 1, || async { Ok::<u8, ApiError>(7) })
            .await;
        assert_eq!(value.unwrap(), 7);
    }

    #[tokio::test]
    async fn concurrent_misses_share_one_computation() {
        let cache = Arc::new(Cache::<usize>::new(4));
        let runs = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let cache = Arc::clone(&cache);
            let runs = Arc::clone(&runs);
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_compute("slow", 1, || async {
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok::<_, ApiError>(runs.fetch_add(1, Ordering::SeqCst))
                    })
                    .await
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), 0);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
