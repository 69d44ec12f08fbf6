//! A small pool of threads, one per core, for the CPU part of a scan (extraction and
//! assessment). The batch's workers (`--jobs`, mostly waiting on reads) hand their snapshot to it
//! and wait. The regex engines keep scratch caches per thread that uses them; running every
//! regex on these few threads keeps that memory bounded by the cores, whatever `--jobs` is.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

/// The pool; its threads start on first use and end when it is dropped.
#[derive(Default)]
pub(super) struct Pool {
    queue: OnceLock<Mutex<Sender<Job>>>,
}

impl Pool {
    fn sender(&self) -> Sender<Job> {
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = channel::<Job>();
            let rx = Arc::new(Mutex::new(rx));
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            for i in 0..cores {
                let rx = rx.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("openness-cpu-{i}"))
                    .spawn(move || serve(&rx));
                if spawned.is_err() && i > 0 {
                    break; // fewer threads than cores still serve every job
                }
            }
            Mutex::new(tx)
        });
        queue.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Run `work` on a pool thread and wait for it; a panic in `work` is raised again here
    /// (so the batch turns it into that model's error row). If no pool thread can run it (none
    /// could be started), it runs here.
    pub(super) fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = channel();
        let job: Job = Box::new(move || {
            let _ = done.send(catch_unwind(AssertUnwindSafe(work)));
        });
        if let Err(unsent) = self.sender().send(job) {
            (unsent.0)();
        }
        match result.recv() {
            Ok(Ok(value)) => value,
            Ok(Err(payload)) => resume_unwind(payload),
            Err(_) => panic!("the CPU pool stopped before finishing a job"),
        }
    }
}

fn serve(rx: &Mutex<Receiver<Job>>) {
    loop {
        let job = match rx.lock().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(job) => job,
            Err(_) => return, // the pool was dropped
        };
        job();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_run_on_the_pool_and_panics_come_back() {
        let pool = Pool::default();
        let name = pool.run(|| std::thread::current().name().map(str::to_string));
        assert!(name.unwrap().starts_with("openness-cpu-"));
        assert_eq!(pool.run(|| 6 * 7), 42);
        let caught = catch_unwind(AssertUnwindSafe(|| pool.run(|| panic!("model 13"))));
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"model 13"));
        // The pool still serves after a panic, from many threads at once.
        std::thread::scope(|s| {
            for i in 0..16 {
                let pool = &pool;
                s.spawn(move || assert_eq!(pool.run(move || i + 1), i + 1));
            }
        });
    }
}
