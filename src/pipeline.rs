//! Wires the stages: ingest (one reader thread) → batches over a bounded channel →
//! extraction in parallel (rayon) → per-thread [`Counts`] merged → tables → files.
//! The only module that knows the order of the stages.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::aggregate::{self, Counts, Tables};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::ingest::{self, InputSummary, Record};
use crate::lexicon::Lexicon;
use crate::progress::Progress;
use crate::write::manifest::{self, Manifest, RecordCounts};
use crate::write::{self, TABLE_NAMES};

/// Records handed to the workers at a time.
const BATCH_RECORDS: usize = 256;
/// Batches in flight between the reader and the workers; bounds memory.
const BATCHES_IN_FLIGHT: usize = 4;

/// What a run did: the manifest it wrote and the tables.
#[derive(Debug)]
pub struct RunSummary {
    pub manifest: Manifest,
    pub tables: Tables,
}

/// Runs the whole job described by `config`.
pub fn run(config: &Config) -> Result<RunSummary> {
    config.validate()?;
    let started_at = now_rfc3339();
    let clock = Instant::now();
    let lexicon = Arc::new(Lexicon::load_dir(&config.lexicon_dir)?);
    let extractor = Extractor::new(lexicon.clone())?;
    let threads = config.worker_threads();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Config(format!("starting {threads} threads: {e}")))?;
    let mut progress = Progress::new(
        ingest::total_bytes(&config.inputs),
        config.progress,
        config.warnings,
    );
    let (counts, records, inputs) = pool.install(|| process(config, &extractor, &mut progress))?;
    progress.finish();
    let tables = aggregate::tables(&counts, &lexicon);
    write::write_tables(&config.out_dir, &tables)?;
    let manifest = Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        lexicon_dir: config.lexicon_dir.display().to_string(),
        lexicon_sha256: lexicon.sha256().to_string(),
        lexicon_entries: lexicon.len(),
        threads,
        inputs,
        records,
        tables: TABLE_NAMES.iter().map(|t| t.to_string()).collect(),
        started_at,
        finished_at: now_rfc3339(),
        elapsed_seconds: clock.elapsed().as_secs_f64(),
    };
    manifest::write_manifest(&config.out_dir, &manifest)?;
    Ok(RunSummary { manifest, tables })
}

/// Reads all inputs on one thread while the pool extracts; returns the merged counts.
fn process(
    config: &Config,
    extractor: &Extractor,
    progress: &mut Progress,
) -> Result<(Counts, RecordCounts, Vec<InputSummary>)> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let (sender, receiver) = sync_channel::<Vec<Record>>(BATCHES_IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader_bytes = bytes_read.clone();
        let reader = scope.spawn(move || read_all(&config.inputs, config, &reader_bytes, sender));
        let mut counts = Counts::default();
        let mut records = RecordCounts::default();
        for batch in receiver {
            let mut resumes = Vec::with_capacity(batch.len());
            for record in batch {
                match record {
                    Record::Resume(resume) => {
                        records.accept();
                        resumes.push(resume);
                    }
                    Record::Reject(reject) => {
                        progress.warn(&reject.to_string());
                        records.reject(reject);
                    }
                }
            }
            let batch_counts = resumes
                .par_iter()
                .fold(Counts::default, |mut counts, resume| {
                    counts.add(&extractor.extract(resume));
                    counts
                })
                .reduce(Counts::default, Counts::merged);
            counts.merge(batch_counts);
            progress.update(bytes_read.load(Ordering::Relaxed), records.read);
        }
        let inputs = reader
            .join()
            .map_err(|_| Error::Config("the reader thread panicked".into()))??;
        Ok((counts, records, inputs))
    })
}

/// The reader thread: streams every input's records to the workers in batches.
fn read_all(
    inputs: &[PathBuf],
    config: &Config,
    bytes_read: &Arc<AtomicU64>,
    sender: SyncSender<Vec<Record>>,
) -> Result<Vec<InputSummary>> {
    let mut summaries = Vec::with_capacity(inputs.len());
    let mut batch = Vec::with_capacity(BATCH_RECORDS);
    for input in inputs {
        let mut sink = |record: Record| {
            batch.push(record);
            if batch.len() >= BATCH_RECORDS {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
                // A closed channel means the workers stopped; the error surfaces there.
                let _ = sender.send(full);
            }
        };
        summaries.push(ingest::read_input(
            input,
            &config.fields,
            bytes_read,
            &mut sink,
        )?);
    }
    if !batch.is_empty() {
        let _ = sender.send(batch);
    }
    Ok(summaries)
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
