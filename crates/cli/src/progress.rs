//! The progress bar of long runs: documents, sentences per second, events,
//! and an ETA when the input size is known. Drawn on standard error only when
//! it is a terminal; silent otherwise and under `--quiet`.

use crate::commands::code::Totals;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

pub struct Progress {
    bar: Option<ProgressBar>,
    consumed: Arc<AtomicU64>,
    started: Instant,
}

impl Progress {
    /// A bar over `total` input bytes (a spinner when unknown). `consumed`
    /// counts the bytes read so far.
    pub fn new(wanted: bool, total: Option<u64>, consumed: Arc<AtomicU64>) -> Progress {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = match total {
                Some(n) => ProgressBar::new(n).with_style(
                    ProgressStyle::with_template("{bar:30} {percent:>3}% {msg} (ETA {eta})")
                        .expect("the template is valid"),
                ),
                None => ProgressBar::new_spinner().with_style(
                    ProgressStyle::with_template("{spinner} {msg}").expect("the template is valid"),
                ),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
            bar
        });
        Progress {
            bar,
            consumed,
            started: Instant::now(),
        }
    }

    pub fn update(&mut self, totals: &Totals) {
        let Some(bar) = &self.bar else {
            return;
        };
        bar.set_position(self.consumed.load(Ordering::Relaxed));
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!(
            "{} documents, {:.0} sentences/s, {} events",
            totals.documents,
            totals.sentences as f64 / secs,
            totals.events
        ));
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
