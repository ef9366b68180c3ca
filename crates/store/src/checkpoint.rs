//! Checkpointing the write-ahead log beside an ingest instead of inside it.
//!
//! A committed batch is durable once it is in the WAL (synchronous=NORMAL:
//! it survives the process being killed). Copying WAL pages back into the
//! database file (a checkpoint, with its fsync) is work the writer need not
//! wait for, so while a [`Store`](crate::Store) ingests, a thread with its own
//! connection runs passive checkpoints after each commit; the writer's own
//! automatic checkpoints are switched off. Passive checkpoints never block
//! readers or the writer and never lose anything: pages not yet copied stay
//! in the WAL. If the thread falls behind by more than [`BACKLOG_FRAMES`], the
//! writer runs a passive checkpoint itself, so the WAL stays bounded.
//! Dropping the store stops the thread; closing the last connection
//! checkpoints what is left, as SQLite always does.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// WAL frames (pages) left uncopied before the writer checkpoints itself
/// (1 GiB of WAL with SQLite's default 4 KiB pages).
pub(crate) const BACKLOG_FRAMES: i64 = 262_144;

/// The background checkpoint thread of one store.
pub(crate) struct Checkpointer {
    wake: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
    /// Frames in the WAL not yet copied, as of the thread's last checkpoint.
    backlog: Arc<AtomicI64>,
}

impl Checkpointer {
    /// Starts the thread with its own connection to `path`; `None` when the
    /// connection cannot be opened (the writer then checkpoints as usual).
    pub(crate) fn start(path: &Path) -> Option<Checkpointer> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).ok()?;
        let (wake, woken) = channel();
        let backlog = Arc::new(AtomicI64::new(0));
        let shared = Arc::clone(&backlog);
        let thread = std::thread::Builder::new()
            .name("dyad-checkpoint".to_string())
            .spawn(move || run(conn, woken, shared))
            .ok()?;
        Some(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
            backlog,
        })
    }

    /// Tells the thread a batch was committed; returns whether the writer
    /// should checkpoint itself because the thread is too far behind.
    pub(crate) fn committed(&self) -> bool {
        if let Some(wake) = &self.wake {
            // A closed channel means the thread ended; the writer takes over.
            if wake.send(()).is_err() {
                return true;
            }
        }
        self.backlog.load(Ordering::Relaxed) > BACKLOG_FRAMES
    }

    /// Records the WAL state seen by a checkpoint the writer ran.
    pub(crate) fn record(&self, log: i64, copied: i64) {
        self.backlog.store(log - copied, Ordering::Relaxed);
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop.
        self.wake.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: rusqlite::Connection, woken: Receiver<()>, backlog: Arc<AtomicI64>) {
    while woken.recv().is_ok() {
        // Several commits may have come in; one checkpoint covers them all.
        while woken.try_recv().is_ok() {}
        // A failed passive checkpoint leaves the pages in the WAL, where the
        // writer's own checkpoint or the last close copies them.
        if let Ok((log, copied)) = passive(&conn) {
            backlog.store(log - copied, Ordering::Relaxed);
        }
    }
}

/// Runs `PRAGMA wal_checkpoint(PASSIVE)`: (frames in the WAL, frames copied).
pub(crate) fn passive(conn: &rusqlite::Connection) -> rusqlite::Result<(i64, i64)> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((r.get(1)?, r.get(2)?))
    })
}
