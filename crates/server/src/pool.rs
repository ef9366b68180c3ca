//! A fixed pool of store connections for the request handlers. SQLite
//! connections are not shared between threads, so each query borrows one
//! whole connection on a blocking thread (queries are CPU and disk work that
//! must not stall the async runtime) and gives it back when done, even when
//! the query panics.

use crate::error::ApiError;
use dyad_store::{Store, StoreError};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Open store connections and a permit for each.
pub struct StorePool {
    idle: Arc<Mutex<Vec<Store>>>,
    permits: Arc<Semaphore>,
}

/// Returns a borrowed connection to the pool when dropped.
struct Borrowed {
    store: Option<Store>,
    idle: Arc<Mutex<Vec<Store>>>,
}

impl Drop for Borrowed {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            // A poisoned lock only means another borrower panicked; the
            // vector itself is still a list of connections.
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            idle.push(store);
        }
    }
}

impl StorePool {
    /// Opens `size` connections (at least one) to the existing store at `path`.
    pub fn open(path: &Path, size: usize) -> Result<StorePool, StoreError> {
        let size = size.max(1);
        let stores = (0..size)
            .map(|_| Store::open_existing(path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(StorePool {
            idle: Arc::new(Mutex::new(stores)),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Runs `work` with a connection on a blocking thread, waiting for a free
    /// connection first.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the store pool is closed"))?;
        let idle = Arc::clone(&self.idle);
        let outcome = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let mut borrowed = Borrowed { store, idle };
            match borrowed.store.as_mut() {
                Some(store) => work(store),
                None => Err(ApiError::internal("no store connection is free")),
            }
        })
        .await;
        match outcome {
            Ok(result) => result,
            Err(join) if join.is_panic() => Err(ApiError::internal(
                "the request failed unexpectedly while reading the store",
            )),
            Err(_) => Err(ApiError::internal("the store request was cancelled")),
        }
    }
}
