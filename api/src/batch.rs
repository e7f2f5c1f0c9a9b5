//! A bounded in-process queue drained by one background batch writer, for
//! records a request causes but must not wait for (course views,
//! recommendation impressions and clicks). Pushing never blocks and never
//! touches the database: when the queue is full the record is dropped and
//! counted (`dropped`, logged), never silently. The writer flushes every
//! `flush_every` or `max_batch` records, and drains the queue on shutdown;
//! [`BatchQueue::stopped`] waits for that drain, so a process can end only
//! once what it queued is written.

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
    /// Turns true when the writer has drained the queue and stopped.
    stopped: watch::Receiver<bool>,
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
        let (writer_stopped, stopped) = watch::channel(false);
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
            let _ = writer_stopped.send(true);
        });
        Arc::new(Self {
            name,
            sender,
            stats,
            stopped,
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

impl<T> BatchQueue<T> {
    /// Waits until the writer has stopped: after the shutdown signal, once
    /// everything queued before it is written (or its write failed).
    pub async fn stopped(&self) {
        let mut stopped = self.stopped.clone();
        // An error means the writer is gone without saying so (it panicked,
        // or its runtime ended): there is nothing left to wait for.
        let _ = stopped.wait_for(|stopped| *stopped).await;
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

    /// A writer that reports each batch it starts and then waits for a
    /// permit: while it waits, nothing leaves the queue.
    fn stalled_queue(
        capacity: usize,
        shutdown: watch::Receiver<bool>,
    ) -> (
        Arc<BatchQueue<u32>>,
        mpsc::UnboundedReceiver<Vec<u32>>,
        Arc<tokio::sync::Semaphore>,
    ) {
        let (started, batches) = mpsc::unbounded_channel();
        let permits = Arc::new(tokio::sync::Semaphore::new(0));
        let gate = permits.clone();
        let queue = BatchQueue::start(
            "stalled",
            capacity,
            1,
            Duration::from_secs(3600),
            shutdown,
            move |batch: Vec<u32>| {
                let (started, gate) = (started.clone(), gate.clone());
                async move {
                    started.send(batch).unwrap();
                    gate.acquire().await.unwrap().forget();
                    Ok(())
                }
            },
        );
        (queue, batches, permits)
    }

    #[tokio::test]
    async fn a_full_queue_drops_exactly_what_does_not_fit_and_counts_it() {
        let (_stop, shutdown) = watch::channel(false);
        let (queue, mut batches, permits) = stalled_queue(2, shutdown);
        assert!(queue.push(0));
        // The writer holds record 0 and waits: the queue's two places are free.
        assert_eq!(batches.recv().await.unwrap(), vec![0]);
        assert!(queue.push(1));
        assert!(queue.push(2));
        assert!(!queue.push(3));
        assert!(!queue.push(4));
        assert_eq!(queue.stats.dropped.load(Ordering::Relaxed), 2);

        permits.add_permits(3);
        queue.flush().await;
        assert_eq!(batches.recv().await.unwrap(), vec![1]);
        assert_eq!(batches.recv().await.unwrap(), vec![2]);
        assert_eq!(queue.stats.written.load(Ordering::Relaxed), 3);
        assert_eq!(queue.stats.dropped.load(Ordering::Relaxed), 2);
    }

    #[tokio::test]
    async fn stopped_waits_for_the_shutdown_drain() {
        use futures_util::FutureExt;
        let (stop, shutdown) = watch::channel(false);
        let (queue, mut batches, permits) = stalled_queue(8, shutdown);
        for i in 0..4 {
            assert!(queue.push(i));
        }
        assert_eq!(batches.recv().await.unwrap(), vec![0]);
        stop.send(true).unwrap();
        // Still writing: `stopped` does not return.
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert!(
            queue.stopped().now_or_never().is_none(),
            "stopped before the queue was drained"
        );

        permits.add_permits(4);
        queue.stopped().await;
        let mut rest = Vec::new();
        while let Ok(batch) = batches.try_recv() {
            rest.extend(batch);
        }
        assert_eq!(rest, vec![1, 2, 3]);
        assert_eq!(queue.stats.written.load(Ordering::Relaxed), 4);
    }
}
