//! Wires the stages: ingest (one reader thread) → batches over a bounded channel →
//! extraction in parallel (rayon) → per-thread [`Counts`] merged → tables → files.
//! The only module that knows the order of the stages.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::aggregate::{self, Counts, Tables};
use crate::compare;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::extract::{Extractor, ResumeFacts, TitleIndex};
use crate::facts::FactsRecord;
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

/// What a `facts` run did.
#[derive(Debug)]
pub struct FactsSummary {
    pub records: RecordCounts,
    pub inputs: Vec<InputSummary>,
    pub elapsed_seconds: f64,
}

/// Runs the whole job described by `config`: tables and manifest into `out_dir`.
pub fn run(config: &Config) -> Result<RunSummary> {
    config.validate()?;
    let started_at = now_rfc3339();
    let clock = Instant::now();
    let (lexicon, extractor) = build_extractor(config)?;
    let pairs = config
        .pairs
        .as_deref()
        .map(compare::read_pairs)
        .transpose()?;
    let mut counts = Counts::default();
    let mut facts_rows = Vec::new();
    let (records, inputs) = scan(config, &extractor, &mut |batch| {
        let batch_counts = batch
            .par_iter()
            .fold(Counts::default, |mut counts, facts| {
                counts.add(facts);
                counts
            })
            .reduce(Counts::default, Counts::merged);
        counts.merge(batch_counts);
        if config.emit_facts {
            facts_rows.extend(batch.iter().map(|f| FactsRecord::new(f, &lexicon)));
        }
    })?;
    let mut tables = aggregate::tables(&counts, &lexicon);
    let suppressed = aggregate::suppress(&mut tables, config.min_count);
    tables.comparisons =
        compare::comparisons(&counts, &lexicon, config.min_count, pairs.as_deref());
    let mut written = write::write_tables(&config.out_dir, &tables)?;
    let documents = write::documents::write_documents(&config.out_dir, &tables, config.min_count)?;
    let mut table_names: Vec<String> = TABLE_NAMES.iter().map(|t| t.to_string()).collect();
    if config.emit_facts {
        written.extend(write::write_facts_table(&config.out_dir, facts_rows)?);
        table_names.push("facts".into());
    }
    let manifest = Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        lexicon_dir: config.lexicon_dir.display().to_string(),
        lexicon_sha256: lexicon.sha256().to_string(),
        lexicon_entries: lexicon.len(),
        threads: config.worker_threads(),
        inputs,
        records,
        suppressed,
        tables: table_names,
        documents: documents.len(),
        started_at,
        finished_at: now_rfc3339(),
        elapsed_seconds: clock.elapsed().as_secs_f64(),
    };
    manifest::write_manifest(&config.out_dir, &manifest)?;
    Ok(RunSummary { manifest, tables })
}

/// Writes one JSON object of facts per resume to `out`, in input order.
pub fn facts(config: &Config, out: &Path) -> Result<FactsSummary> {
    config.validate()?;
    let clock = Instant::now();
    let (lexicon, extractor) = build_extractor(config)?;
    let mut scanned = None;
    write::publish(out, |writer| {
        let mut write_error = None;
        let result = scan(config, &extractor, &mut |batch| {
            for facts in batch {
                if write_error.is_some() {
                    break;
                }
                let record = FactsRecord::new(facts, &lexicon);
                write_error = write_json_line(writer, &record, out).err();
            }
        });
        if let Some(error) = write_error {
            return Err(error);
        }
        scanned = Some(result?);
        Ok(())
    })?;
    let (records, inputs) =
        scanned.ok_or_else(|| Error::Config("the facts scan did not run".into()))?;
    Ok(FactsSummary {
        records,
        inputs,
        elapsed_seconds: clock.elapsed().as_secs_f64(),
    })
}

fn write_json_line(
    writer: &mut impl Write,
    record: &FactsRecord,
    path: &Path,
) -> std::result::Result<(), Error> {
    serde_json::to_writer(&mut *writer, record).map_err(|e| Error::Write {
        table: path.display().to_string(),
        message: e.to_string(),
    })?;
    writer.write_all(b"\n").map_err(|e| Error::io(path, e))
}

/// Loads the lexicon and compiles the extractor.
pub fn build_extractor(config: &Config) -> Result<(Arc<Lexicon>, Extractor)> {
    let lexicon = Arc::new(Lexicon::load_dir(&config.lexicon_dir)?);
    let mut extractor = Extractor::new(lexicon.clone())?;
    if let Some(month) = config.reference_month {
        extractor = extractor.with_reference_month(month);
    }
    if let Some(dir) = &config.onet_dir {
        extractor = extractor.with_titles(Arc::new(TitleIndex::load(dir)?));
    }
    Ok((lexicon, extractor))
}

/// Reads every input on one thread while a pool of `config.threads` extracts facts
/// batch by batch; hands each batch, in input order, to `on_batch`.
fn scan(
    config: &Config,
    extractor: &Extractor,
    on_batch: &mut (dyn FnMut(&[ResumeFacts]) + Send),
) -> Result<(RecordCounts, Vec<InputSummary>)> {
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
    let result = pool.install(|| process(config, extractor, &mut progress, on_batch));
    progress.finish();
    result
}

/// Reads all inputs on one thread while the pool extracts.
fn process(
    config: &Config,
    extractor: &Extractor,
    progress: &mut Progress,
    on_batch: &mut (dyn FnMut(&[ResumeFacts]) + Send),
) -> Result<(RecordCounts, Vec<InputSummary>)> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let (sender, receiver) = sync_channel::<Vec<Record>>(BATCHES_IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader_bytes = bytes_read.clone();
        let reader = scope.spawn(move || read_all(&config.inputs, config, &reader_bytes, sender));
        let mut records = RecordCounts::default();
        for batch in receiver {
            let mut resumes = Vec::with_capacity(batch.len());
            for record in batch {
                let ordinal = records.read;
                match record {
                    Record::Resume(resume) => {
                        records.accept();
                        resumes.push((ordinal, resume));
                    }
                    Record::Reject(reject) => {
                        progress.warn(&reject.to_string());
                        records.reject(reject);
                    }
                }
            }
            let facts: Vec<ResumeFacts> = resumes
                .par_iter()
                .map(|(ordinal, r)| ResumeFacts {
                    ordinal: *ordinal,
                    ..extractor.extract(r)
                })
                .collect();
            on_batch(&facts);
            progress.update(bytes_read.load(Ordering::Relaxed), records.read);
        }
        let inputs = reader
            .join()
            .map_err(|_| Error::Config("the reader thread panicked".into()))??;
        Ok((records, inputs))
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
