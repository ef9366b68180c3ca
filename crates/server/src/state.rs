//! What every request handler shares: the store connections, the caches and
//! the store generation that keeps them honest, the access and CSRF tokens,
//! the hosts a loopback server answers to, and the coder used by ingest.
//!
//! The generation counts changes to the store. A dedicated connection reads
//! SQLite's `data_version`, which moves whenever any other connection commits
//! (this server's own writes, or a `dyad ingest` running beside it); the
//! server polls it twice a second and right after each of its own writes.

use crate::cache::Cache;
use crate::config::ServeConfig;
use crate::dyad::{DyadDays, DyadView};
use crate::error::{ApiError, ServerError};
use crate::ingest::DocumentCoder;
use crate::network::NetworkView;
use crate::overview::Overview;
use crate::pool::StorePool;
use crate::spikes::SpikesView;
use axum::body::Bytes;
use dyad_model::Date;
use dyad_store::{ActorTable, Store};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// How often the store is checked for commits by other processes.
pub const GENERATION_POLL: Duration = Duration::from_millis(500);

/// Entries each cache keeps.
const CACHE_ENTRIES: usize = 512;

/// Computed views, each valid for one store generation.
pub struct Caches {
    /// Finished response bodies (JSON or HTML) by request, shared without copying.
    pub bodies: Cache<Bytes>,
    pub overview: Cache<Arc<Overview>>,
    pub dyads: Cache<Arc<DyadView>>,
    pub dyad_days: Cache<Arc<DyadDays>>,
    pub networks: Cache<Arc<NetworkView>>,
    pub spikes: Cache<Arc<SpikesView>>,
    pub actors: Cache<Arc<ActorTable>>,
    pub date_range: Cache<Arc<Option<(Date, Date)>>>,
}

struct Shared {
    pool: StorePool,
    db_path: PathBuf,
    watcher: Mutex<Store>,
    /// The watcher's last `data_version`.
    seen_version: Mutex<i64>,
    generation: AtomicU64,
    caches: Caches,
    csrf_token: String,
    access_token: Option<String>,
    allowed_hosts: OnceLock<Vec<String>>,
    /// Serializes read-modify-write edits of boards.
    board_edits: tokio::sync::Mutex<()>,
    coder: Option<Arc<dyn DocumentCoder>>,
}

/// The server's shared state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// Opens the store named by `config` (creating it when `config.create`)
    /// and prepares the caches and tokens. Checks nothing about the address.
    pub fn open(config: &ServeConfig) -> Result<AppState, ServerError> {
        if config.create {
            // Creates and migrates the file, then closes it again.
            Store::open(&config.db)?;
        }
        let watcher = Store::open_existing(&config.db)?;
        let seen_version = watcher.data_version()?;
        let pool = StorePool::open(&config.db, config.connections)?;
        Ok(AppState(Arc::new(Shared {
            pool,
            db_path: config.db.clone(),
            watcher: Mutex::new(watcher),
            seen_version: Mutex::new(seen_version),
            generation: AtomicU64::new(1),
            caches: Caches {
                bodies: Cache::new(CACHE_ENTRIES),
                overview: Cache::new(4),
                dyads: Cache::new(CACHE_ENTRIES),
                dyad_days: Cache::new(CACHE_ENTRIES),
                networks: Cache::new(64),
                spikes: Cache::new(64),
                actors: Cache::new(2),
                date_range: Cache::new(2),
            },
            csrf_token: random_token()?,
            access_token: config.token.clone(),
            allowed_hosts: OnceLock::new(),
            board_edits: tokio::sync::Mutex::new(()),
            coder: config.coder.clone(),
        })))
    }

    /// The store file.
    pub fn db_path(&self) -> &Path {
        &self.0.db_path
    }

    pub fn caches(&self) -> &Caches {
        &self.0.caches
    }

    /// The token pages embed and write requests must send back.
    pub fn csrf_token(&self) -> &str {
        &self.0.csrf_token
    }

    pub fn access_token(&self) -> Option<&str> {
        self.0.access_token.as_deref()
    }

    pub fn coder(&self) -> Option<&Arc<dyn DocumentCoder>> {
        self.0.coder.as_ref()
    }

    pub fn board_edits(&self) -> &tokio::sync::Mutex<()> {
        &self.0.board_edits
    }

    /// Restricts the `Host` headers answered to the names of a loopback
    /// address (a defence against DNS rebinding). Does nothing for other
    /// addresses, which are guarded by the access token.
    pub fn answer_only_loopback_hosts(&self, local: SocketAddr) {
        if !local.ip().is_loopback() {
            return;
        }
        let port = local.port();
        let mut hosts = vec![
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
            local.to_string(),
        ];
        if port == 80 {
            hosts.extend(["localhost", "127.0.0.1", "[::1]"].map(String::from));
        }
        let _ = self.0.allowed_hosts.set(hosts);
    }

    /// The `Host` values answered, or `None` for any.
    pub fn allowed_hosts(&self) -> Option<&[String]> {
        self.0.allowed_hosts.get().map(Vec::as_slice)
    }

    /// Runs `work` with a store connection on a blocking thread.
    pub async fn with_store<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        self.0.pool.run(work).await
    }

    /// The value cached under `key` for the current generation, or `work`'s
    /// result (computed once however many requests ask at the same time).
    pub async fn cached<T, F>(
        &self,
        cache: impl FnOnce(&Caches) -> &Cache<Arc<T>>,
        key: &str,
        work: F,
    ) -> Result<Arc<T>, ApiError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let generation = self.generation();
        cache(&self.0.caches)
            .get_or_compute(key, generation, || async {
                self.with_store(work).await.map(Arc::new)
            })
            .await
    }

    /// Like [`AppState::cached`] for work that needs no store (regrouping
    /// cached data); it runs on the calling task.
    pub async fn cached_without_store<T, F>(
        &self,
        cache: impl FnOnce(&Caches) -> &Cache<Arc<T>>,
        key: &str,
        work: F,
    ) -> Result<Arc<T>, ApiError>
    where
        F: FnOnce() -> Result<T, ApiError>,
    {
        let generation = self.generation();
        cache(&self.0.caches)
            .get_or_compute(key, generation, || async { work().map(Arc::new) })
            .await
    }

    /// A response body cached under `key` for the current generation.
    pub async fn cached_body<F, Fut>(&self, key: &str, render: F) -> Result<Bytes, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<String, ApiError>>,
    {
        let generation = self.generation();
        self.0
            .caches
            .bodies
            .get_or_compute(key, generation, || async {
                render().await.map(Bytes::from)
            })
            .await
    }

    /// Every actor code and its id, for the current generation.
    pub async fn actors(&self) -> Result<Arc<ActorTable>, ApiError> {
        self.cached(|c| &c.actors, "actors", |store| Ok(store.actor_table()?))
            .await
    }

    /// The first and last event date, for the current generation.
    pub async fn date_range(&self) -> Result<Arc<Option<(Date, Date)>>, ApiError> {
        self.cached(
            |c| &c.date_range,
            "date range",
            |store| Ok(store.event_date_range()?),
        )
        .await
    }

    /// The store generation: it moves whenever the store changed.
    pub fn generation(&self) -> u64 {
        self.0.generation.load(Ordering::Acquire)
    }

    /// Reads the store's `data_version` and moves the generation when it
    /// changed. Returns the generation.
    pub async fn refresh_generation(&self) -> Result<u64, ApiError> {
        let shared = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || -> Result<u64, ApiError> {
            let version = shared
                .watcher
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .data_version()?;
            let mut seen = shared
                .seen_version
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if *seen != version {
                *seen = version;
                shared.generation.fetch_add(1, Ordering::AcqRel);
            }
            Ok(shared.generation.load(Ordering::Acquire))
        })
        .await
        .map_err(|_| ApiError::internal("checking the store for changes failed"))?
    }

    /// Polls the store for changes every [`GENERATION_POLL`] until the
    /// runtime shuts down.
    pub fn spawn_change_watcher(&self) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(GENERATION_POLL);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                // A failed check is tried again at the next tick.
                let _ = state.refresh_generation().await;
            }
        })
    }
}

/// 32 random bytes as hex.
fn random_token() -> Result<String, ServerError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServerError::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
