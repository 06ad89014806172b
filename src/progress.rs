//! The progress bar and run-time warnings, built in one place. Drawn on stderr only
//! when it is a terminal; hidden with `--quiet`.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How many reject warnings are printed one by one before they are only counted.
const MAX_WARNINGS: u64 = 20;

pub struct Progress {
    bar: ProgressBar,
    warnings: bool,
    warned: u64,
}

impl Progress {
    /// `total_bytes` (when known) gives the bar a length and an ETA.
    pub fn new(total_bytes: Option<u64>, show_bar: bool, warnings: bool) -> Progress {
        let target = if show_bar {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(total_bytes, target);
        let template = match total_bytes {
            Some(_) => "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
            None => "{spinner} [{elapsed_precise}] {bytes} {bytes_per_sec} {msg}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress {
            bar,
            warnings,
            warned: 0,
        }
    }

    /// Records how far the run is: bytes read and records processed.
    pub fn update(&self, bytes: u64, records: u64) {
        self.bar.set_position(bytes);
        self.bar.set_message(format!("{records} records"));
    }

    /// Prints a warning above the bar (the first few; later ones are only counted).
    pub fn warn(&mut self, message: &str) {
        self.warned += 1;
        if !self.warnings {
            return;
        }
        if self.warned <= MAX_WARNINGS {
            self.bar.suspend(|| eprintln!("warning: {message}"));
        } else if self.warned == MAX_WARNINGS + 1 {
            self.bar
                .suspend(|| eprintln!("warning: more rejected records; see manifest.json"));
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
