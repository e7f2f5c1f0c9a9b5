//! A bounded in-process queue drained by one background batch writer, for
//! records a request causes but must not wait for (course views,
//! recommendation impressions and clicks). Pushing never blocks and never
//! touches the database: when the queue is full the record is dropped and
//! counted (`dropped`, logged), never silently. The writer flushes every
//! `flush_every` or `max_batch` records, and drains the queue on shutdown.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};

enum Message<T> {
    Record(T),
    /// Write everything queued before this, then answer.
    Flush(oneshot::Sender<()>),
}

/// Counters of one queue, for /metrics and tests.
#[derive(Debug, Default)]
pub struct BatchStats {
    pub written: AtomicU64,
    pub dropped: AtomicU64,
    pub failed: AtomicU64,
}

pub struct BatchQueue<T> {
    name: &'static str,
    sender: mpsc::Sender<Message<T>>,
    pub stats: Arc<BatchStats>,
}

impl<T: Send + 'static> BatchQueue<T> {
    /// Starts the writer task. `write` stores one batch; a failed batch is
    /// logged and counted, and the writer carries on.
    pub fn start<W, F>(
        name: &'static str,
        capacity: usize,
        max_batch: usize,
        flush_every: Duration,
        mut shutdown: watch::Receiver<bool>,
        write: W,
    ) -> Arc<Self>
    where
        W: Fn(Vec<T>) -> F + Send + Sync + 'static,
        F: Future<Output = anyhow::Result<()>> + Send,
    {
        let (sender, mut receiver) = mpsc::channel::<Message<T>>(capacity.max(1));
        let stats = Arc::new(BatchStats::default());
        let writer_stats = stats.clone();
        let max_batch = max_batch.max(1);
        tokio::spawn(async move {
            let mut pending: Vec<T> = Vec::with_capacity(max_batch);
            let mut waiting: Vec<oneshot::Sender<()>> = Vec::new();
            let mut tick = tokio::time::interval(flush_every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let store = |batch: Vec<T>| {
                let (write, stats) = (&write, &writer_stats);
                async move {
                    let n = batch.len() as u64;
                    if n == 0 {
                        return;
                    }
                    match write(batch).await {
                        Ok(()) => {
                            stats.written.fetch_add(n, Ordering::Relaxed);
                        }
                        Err(err) => {
                            stats.failed.fetch_add(n, Ordering::Relaxed);
                            tracing::warn!(queue = name, records = n, error = %err, "batch write failed");
                        }
                    }
                }
            };
            loop {
                tokio::select! {
                    message = receiver.recv() => match message {
                        Some(Message::Record(record)) => {
                            pending.push(record);
                            if pending.len() >= max_batch {
                                store(std::mem::take(&mut pending)).await;
                            }
                        }
                        Some(Message::Flush(done)) => {
                            store(std::mem::take(&mut pending)).await;
                            waiting.push(done);
                        }
                        None => break,
                    },
                    _ = tick.tick() => store(std::mem::take(&mut pending)).await,
                    _ = shutdown.changed() => break,
                }
                for done in waiting.drain(..) {
                    let _ = done.send(());
                }
            }
            // Shutting down: whatever is still queued is written now.
            receiver.close();
            while let Some(message) = receiver.recv().await {
                match message {
                    Message::Record(record) => pending.push(record),
                    Message::Flush(done) => waiting.push(done),
                }
            }
            for chunk in pending_chunks(pending, max_batch) {
                store(chunk).await;
            }
            for done in waiting {
                let _ = done.send(());
            }
        });
        Arc::new(Self {
            name,
            sender,
            stats,
        })
    }

    /// Queues a record; false (and counted) when the queue is full.
    pub fn push(&self, record: T) -> bool {
        match self.sender.try_send(Message::Record(record)) {
            Ok(()) => true,
            Err(_) => {
                let dropped = self.stats.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                if dropped.is_power_of_two() {
                    tracing::warn!(
                        queue = self.name,
                        dropped,
                        "batch queue full: record dropped"
                    );
                }
                false
            }
        }
    }

    /// Waits until everything queued so far is written (tests, shutdown).
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

fn pending_chunks<T>(mut pending: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut chunks = Vec::new();
    while pending.len() > size {
        let rest = pending.split_off(size);
        chunks.push(std::mem::replace(&mut pending, rest));
    }
    chunks.push(pending);
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[tokio::test]
    async fn writes_in_batches_counts_drops_and_drains_on_shutdown() {
        let written = Arc::new(Mutex::new(Vec::<Vec<u32>>::new()));
        let (stop, shutdown) = watch::channel(false);
        let sink = written.clone();
        let queue = BatchQueue::start(
            "test",
            4,
            3,
            Duration::from_secs(3600),
            shutdown,
            move |b| {
                let sink = sink.clone();
                async move {
                    sink.lock().unwrap().push(b);
                    Ok(())
                }
            },
        );
        for i in 0..3 {
            assert!(queue.push(i));
        }
        queue.flush().await;
        assert_eq!(*written.lock().unwrap(), vec![vec![0, 1, 2]]);

        // The writer is busy only between awaits; fill faster than it reads.
        let accepted = (10..40).filter(|&i| queue.push(i)).count() as u64;
        let dropped = queue.stats.dropped.load(Ordering::Relaxed);
        assert_eq!(accepted + dropped, 30);
        stop.send(true).unwrap();
        for _ in 0..200 {
            if queue.stats.written.load(Ordering::Relaxed) == 3 + accepted {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let total: usize = written.lock().unwrap().iter().map(Vec::len).sum();
        assert_eq!(total as u64, 3 + accepted);
        assert!(written.lock().unwrap().iter().all(|b| b.len() <= 3));
    }
}
