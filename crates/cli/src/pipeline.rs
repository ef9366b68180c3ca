//! An ordered, bounded, parallel map over a stream: one thread reads items
//! and groups them into batches, worker threads transform batches, and the
//! calling thread receives the results in input order. At most a fixed
//! number of batches are in flight, so memory does not grow with the input.

use anyhow::Result;
use crossbeam_channel::bounded;
use std::collections::BTreeMap;

/// Runs `work` over `items` in batches of `batch` on `threads` workers and
/// hands each result to `sink` in input order. With one thread everything
/// runs on the calling thread. Stops at the first error from `sink`.
pub fn ordered_map<T, O, I, W, S>(
    items: I,
    threads: usize,
    batch: usize,
    work: W,
    mut sink: S,
) -> Result<()>
where
    T: Send,
    O: Send,
    I: Iterator<Item = T> + Send,
    W: Fn(Vec<T>) -> O + Sync,
    S: FnMut(O) -> Result<()>,
{
    let batch = batch.max(1);
    if threads <= 1 {
        let mut items = items;
        loop {
            let chunk: Vec<T> = items.by_ref().take(batch).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            sink(work(chunk))?;
        }
    }
    let in_flight = threads * 4;
    std::thread::scope(|scope| {
        // the channels live in this closure: returning early (a sink error)
        // drops them, which wakes and ends every thread before the scope joins
        let (permit_tx, permit_rx) = bounded::<()>(in_flight);
        for _ in 0..in_flight {
            permit_tx
                .send(())
                .expect("the channel has room for every permit");
        }
        let (batch_tx, batch_rx) = bounded::<(u64, Vec<T>)>(threads * 2);
        let (result_tx, result_rx) = bounded::<(u64, O)>(in_flight);
        scope.spawn(move || {
            let mut items = items;
            let mut seq = 0u64;
            loop {
                if permit_rx.recv().is_err() {
                    return; // the consumer stopped
                }
                let chunk: Vec<T> = items.by_ref().take(batch).collect();
                if chunk.is_empty() || batch_tx.send((seq, chunk)).is_err() {
                    return;
                }
                seq += 1;
            }
        });
        for _ in 0..threads {
            let batch_rx = batch_rx.clone();
            let result_tx = result_tx.clone();
            let work = &work;
            scope.spawn(move || {
                for (seq, chunk) in batch_rx {
                    if result_tx.send((seq, work(chunk))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(batch_rx);
        drop(result_tx);
        let mut pending: BTreeMap<u64, O> = BTreeMap::new();
        let mut next = 0u64;
        for (seq, out) in result_rx.iter() {
            pending.insert(seq, out);
            while let Some(out) = pending.remove(&next) {
                next += 1;
                // on error, dropping the receivers and permits stops the others
                sink(out)?;
                let _ = permit_tx.send(());
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_input_order_for_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            ordered_map(
                0..1000u64,
                threads,
                7,
                |chunk: Vec<u64>| {
                    // uneven work so that batches finish out of order
                    if chunk[0] % 3 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    chunk.iter().map(|x| x * 2).collect::<Vec<_>>()
                },
                |out| {
                    seen.extend(out);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..1000u64).map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_sink_error_stops_the_pipeline() {
        let mut calls = 0;
        let r = ordered_map(
            0..1_000_000u64,
            2,
            10,
            |chunk: Vec<u64>| chunk.len(),
            |_| {
                calls += 1;
                if calls == 3 {
                    anyhow::bail!("disk full")
                }
                Ok(())
            },
        );
        assert!(r.is_err());
        assert_eq!(calls, 3);
    }
}
