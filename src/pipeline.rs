//! Wires the stages: ingest (one reader thread) → batches over a bounded channel →
//! parsing, extraction and counting per batch on a rayon pool → batch [`Counts`]
//! merged in input order → tables → files.
//! The only module that knows the order of the stages.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver};
use std::sync::Arc;
use std::time::Instant;

use crate::aggregate::{self, Counts, Tables};
use crate::compare;
use crate::config::{Config, Scope};
use crate::error::{Error, Result};
use crate::extract::{Extractor, ResumeFacts, TitleIndex};
use crate::facts::FactsRecord;
use crate::ingest::{self, InputSummary, Record};
use crate::lexicon::Lexicon;
use crate::progress::Progress;
use crate::write::manifest::{self, Manifest, RecordCounts};
use crate::write::partial::PartialManifest;
use crate::write::{self, COMPARISONS, SKILLS_TABLE_NAMES, TABLE_NAMES};

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

/// Runs the whole job described by `config`: tables and manifest into `out_dir`. With
/// `config.shard`, counts only that shard's records and writes a partial result for
/// [`merge`] instead.
pub fn run(config: &Config) -> Result<RunSummary> {
    config.validate()?;
    let started_at = now_rfc3339();
    let clock = Instant::now();
    let pool = worker_pool(config)?;
    let (lexicon, extractor) = pool.install(|| build_extractor(config))?;
    let lexicon_seconds = clock.elapsed().as_secs_f64();
    let pairs = read_pairs(config)?;
    let mut counts = Counts::default();
    let mut facts_rows = Vec::new();
    // Each batch is counted on the worker that extracted it; the counts are merged
    // here in input order.
    let work = |batch: Vec<ResumeFacts>| {
        let mut batch_counts = Counts::default();
        for facts in &batch {
            batch_counts.add(facts);
        }
        let rows: Vec<FactsRecord> = match config.emit_facts {
            true => batch
                .iter()
                .map(|f| FactsRecord::new(f, &lexicon))
                .collect(),
            false => Vec::new(),
        };
        (batch_counts, rows)
    };
    let scanned = scan(config, &pool, &extractor, &work, &mut |(
        batch_counts,
        rows,
    )| {
        counts.merge(batch_counts);
        facts_rows.extend(rows);
    })?;
    let scan_seconds = clock.elapsed().as_secs_f64() - lexicon_seconds;
    if let Some(shard) = config.shard {
        let partial = PartialManifest {
            partial_version: write::partial::PARTIAL_VERSION,
            tool: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            shard: shard.to_string(),
            lexicon_sha256: lexicon.sha256().to_string(),
            scope: config.scope.as_str().to_string(),
            inputs: scanned.inputs,
            records: scanned.records,
            other_shards: scanned.other_shards,
        };
        write::partial::write_partial(
            &config.out_dir,
            &counts.to_partial_rows(&lexicon),
            &partial,
        )?;
        let manifest = Manifest {
            tables: vec!["partial".into()],
            lexicon_seconds,
            scan_seconds,
            ..new_manifest(
                config,
                &lexicon,
                partial.inputs,
                partial.records,
                started_at,
                &clock,
            )
        };
        return Ok(RunSummary {
            manifest,
            tables: Tables::default(),
        });
    }
    let finished = Finish {
        counts: &counts,
        lexicon: &lexicon,
        pairs: pairs.as_deref(),
        facts_rows: config.emit_facts.then_some(facts_rows),
        inputs: scanned.inputs,
        records: scanned.records,
        lexicon_seconds,
        scan_seconds,
    };
    pool.install(|| publish_run(config, finished, started_at, &clock))
}

/// The pool of `config.threads` workers: extraction, then the comparisons and the
/// table writing.
fn worker_pool(config: &Config) -> Result<rayon::ThreadPool> {
    let threads = config.worker_threads();
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("worker-{i}"))
        .build()
        .map_err(|e| Error::Config(format!("starting {threads} threads: {e}")))
}

/// Combines the partial results of a sharded run (`run --shard I/N` output
/// directories, `config.inputs`) into the tables a single run writes.
pub fn merge(config: &Config) -> Result<RunSummary> {
    config.validate()?;
    let started_at = now_rfc3339();
    let clock = Instant::now();
    let lexicon = Lexicon::load_dir(&config.lexicon_dir)?;
    let lexicon_seconds = clock.elapsed().as_secs_f64();
    let mut config = config.clone();
    let mut scope = None;
    let pairs = read_pairs(&config)?;
    let mut counts = Counts::default();
    let mut records = RecordCounts::default();
    let mut inputs = None;
    let mut shards = std::collections::BTreeSet::new();
    let mut shard_count = None;
    for dir in &config.inputs {
        let (partial, rows) = write::partial::read_partial(dir)?;
        let at = |message: String| Error::Config(format!("{}: {message}", dir.display()));
        if partial.lexicon_sha256 != lexicon.sha256() {
            return Err(at(format!(
                "made with another lexicon (sha256 {}, this one {})",
                partial.lexicon_sha256,
                lexicon.sha256()
            )));
        }
        let shard = crate::config::Shard::parse(&partial.shard).map_err(at)?;
        if *shard_count.get_or_insert(shard.count) != shard.count || !shards.insert(shard.index) {
            return Err(at(format!("shard {shard} repeats or mixes shard counts")));
        }
        match &inputs {
            None => inputs = Some(partial.inputs),
            Some(first) if *first != partial.inputs => {
                return Err(at("read other inputs than the first partial".into()))
            }
            Some(_) => {}
        }
        let partial_scope = crate::config::Scope::parse(&partial.scope)
            .ok_or_else(|| at(format!("unknown scope {:?}", partial.scope)))?;
        if *scope.get_or_insert(partial_scope) != partial_scope {
            return Err(at("mixes --only scopes with the other partials".into()));
        }
        records.merge(partial.records);
        counts.merge(Counts::from_partial_rows(rows, &lexicon).map_err(at)?);
    }
    if let Some(n) = shard_count {
        if shards.len() != n as usize {
            let missing: Vec<String> = (0..n)
                .filter(|i| !shards.contains(i))
                .map(|i| format!("{i}/{n}"))
                .collect();
            return Err(Error::Config(format!(
                "missing shards: {}",
                missing.join(", ")
            )));
        }
    }
    let finished = Finish {
        counts: &counts,
        lexicon: &lexicon,
        pairs: pairs.as_deref(),
        facts_rows: None,
        inputs: inputs.unwrap_or_default(),
        records,
        lexicon_seconds,
        scan_seconds: clock.elapsed().as_secs_f64() - lexicon_seconds,
    };
    config.scope = scope.unwrap_or_default();
    worker_pool(&config)?.install(|| publish_run(&config, finished, started_at, &clock))
}

/// What the last stage needs: the merged counts and what was read.
struct Finish<'a> {
    counts: &'a Counts,
    lexicon: &'a Lexicon,
    pairs: Option<&'a [compare::Pair]>,
    facts_rows: Option<Vec<FactsRecord>>,
    inputs: Vec<InputSummary>,
    records: RecordCounts,
    lexicon_seconds: f64,
    scan_seconds: f64,
}

/// Counts → tables, suppression, comparisons → files and manifest. Suppression and
/// the privacy rules run here, on the whole corpus's counts, never per shard.
fn publish_run(
    config: &Config,
    finish: Finish<'_>,
    started_at: String,
    clock: &Instant,
) -> Result<RunSummary> {
    let Finish {
        counts,
        lexicon,
        pairs,
        facts_rows,
        inputs,
        records,
        lexicon_seconds,
        scan_seconds,
    } = finish;
    let mut tables = aggregate::tables(counts, lexicon);
    let suppressed = aggregate::suppress(&mut tables, config.min_count);
    let names = match config.scope {
        Scope::All => &TABLE_NAMES[..],
        Scope::Skills => &SKILLS_TABLE_NAMES[..],
    };
    // The comparisons (the biggest table) are computed while the other tables are
    // written, then written beside the documents (which quote them).
    let others: Vec<&str> = names
        .iter()
        .copied()
        .filter(|&name| name != COMPARISONS)
        .collect();
    let (comparisons, written) = rayon::join(
        || compare::comparisons(counts, lexicon, config.min_count, pairs),
        || write::write_tables(&config.out_dir, &tables, &others),
    );
    written?;
    tables.comparisons = comparisons;
    let (written, documents) = rayon::join(
        || write::write_tables(&config.out_dir, &tables, &[COMPARISONS]),
        || match config.scope {
            Scope::All => {
                write::documents::write_documents(&config.out_dir, &tables, config.min_count)
                    .map(|documents| documents.len())
            }
            Scope::Skills => Ok(0),
        },
    );
    written?;
    let documents = documents?;
    let mut table_names: Vec<String> = names.iter().map(|t| t.to_string()).collect();
    if let Some(rows) = facts_rows {
        write::write_facts_table(&config.out_dir, rows)?;
        table_names.push("facts".into());
    }
    let manifest = Manifest {
        suppressed,
        tables: table_names,
        documents,
        lexicon_seconds,
        scan_seconds,
        ..new_manifest(config, lexicon, inputs, records, started_at, clock)
    };
    manifest::write_manifest(&config.out_dir, &manifest)?;
    Ok(RunSummary { manifest, tables })
}

/// The `--pairs` file, read before any long work so a bad one fails at once.
fn read_pairs(config: &Config) -> Result<Option<Vec<compare::Pair>>> {
    config.pairs.as_deref().map(compare::read_pairs).transpose()
}

fn new_manifest(
    config: &Config,
    lexicon: &Lexicon,
    inputs: Vec<InputSummary>,
    records: RecordCounts,
    started_at: String,
    clock: &Instant,
) -> Manifest {
    Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        lexicon_dir: config.lexicon_dir.display().to_string(),
        lexicon_sha256: lexicon.sha256().to_string(),
        lexicon_entries: lexicon.len(),
        lexicon_seconds: 0.0,
        scan_seconds: 0.0,
        scope: config.scope.as_str(),
        threads: config.worker_threads(),
        inputs,
        records,
        suppressed: Default::default(),
        tables: Vec::new(),
        documents: 0,
        started_at,
        finished_at: now_rfc3339(),
        elapsed_seconds: clock.elapsed().as_secs_f64(),
    }
}

/// Writes one JSON object of facts per resume to `out`, in input order.
pub fn facts(config: &Config, out: &Path) -> Result<FactsSummary> {
    config.validate()?;
    let clock = Instant::now();
    let pool = worker_pool(config)?;
    let (lexicon, extractor) = pool.install(|| build_extractor(config))?;
    let mut scanned = None;
    write::publish(out, |writer| {
        let mut write_error = None;
        let work = |batch: Vec<ResumeFacts>| {
            batch
                .iter()
                .map(|f| FactsRecord::new(f, &lexicon))
                .collect::<Vec<_>>()
        };
        let result = scan(config, &pool, &extractor, &work, &mut |records| {
            for record in records {
                if write_error.is_some() {
                    break;
                }
                write_error = write_json_line(writer, &record, out).err();
            }
        });
        if let Some(error) = write_error {
            return Err(error);
        }
        scanned = Some(result?);
        Ok(())
    })?;
    let Scanned {
        records, inputs, ..
    } = scanned.ok_or_else(|| Error::Config("the facts scan did not run".into()))?;
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
    let mut extractor = match config.scope {
        Scope::All => Extractor::new(lexicon.clone())?,
        Scope::Skills => Extractor::skills_only(lexicon.clone())?,
    };
    if let Some(month) = config.reference_month {
        extractor = extractor.with_reference_month(month);
    }
    if let Some(dir) = &config.onet_dir {
        extractor = extractor.with_titles(Arc::new(TitleIndex::load(dir)?));
    }
    Ok((lexicon, extractor))
}

/// What a scan read.
struct Scanned {
    records: RecordCounts,
    inputs: Vec<InputSummary>,
    /// Records skipped as other shards' (sharded runs).
    other_shards: u64,
}

/// What the workers made of one batch of records.
struct BatchOutput<T> {
    /// `work` applied to the batch's facts.
    value: T,
    accepted: u64,
    rejects: Vec<ingest::Reject>,
    other_shards: u64,
}

/// Reads every input while a pool of `config.threads` parses records and extracts
/// facts batch by batch, each batch's facts going through `work` on the same
/// worker; hands each batch's output, in input order, to `on_batch`. With more than
/// one worker the reading has a thread of its own; with one, the calling thread
/// reads, extracts and merges in turn, so `--threads 1` is one thread of work.
fn scan<T: Send>(
    config: &Config,
    pool: &rayon::ThreadPool,
    extractor: &Extractor,
    work: &(dyn Fn(Vec<ResumeFacts>) -> T + Sync),
    on_batch: &mut dyn FnMut(T),
) -> Result<Scanned> {
    let mut progress = Progress::new(
        ingest::total_bytes(&config.inputs),
        config.progress,
        config.warnings,
    );
    let bytes_read = Arc::new(AtomicU64::new(0));
    let mut merger = Merger {
        records: RecordCounts::default(),
        other_shards: 0,
        progress: &mut progress,
        bytes_read: &bytes_read,
        on_batch,
    };
    let inputs = if pool.current_num_threads() == 1 {
        let mut ordinal = 0u64;
        read_all(&config.inputs, config, &bytes_read, &mut |batch| {
            let first = ordinal;
            ordinal += batch.len() as u64;
            merger.merge(extract_batch(config, extractor, work, batch, first));
        })
    } else {
        let (sender, receiver) = sync_channel::<Vec<Record>>(BATCHES_IN_FLIGHT);
        std::thread::scope(|scope| {
            let reader_bytes = bytes_read.clone();
            let reader = std::thread::Builder::new()
                .name("reader".into())
                .spawn_scoped(scope, move || {
                    // A closed channel means the workers stopped; the error surfaces
                    // there.
                    read_all(&config.inputs, config, &reader_bytes, &mut |batch| {
                        let _ = sender.send(batch);
                    })
                })
                .map_err(|e| Error::Config(format!("starting the reader thread: {e}")))?;
            dispatch(pool, config, extractor, work, receiver, &mut merger);
            reader
                .join()
                .map_err(|_| Error::Config("the reader thread panicked".into()))?
        })
    };
    let Merger {
        records,
        other_shards,
        ..
    } = merger;
    progress.finish();
    Ok(Scanned {
        records,
        inputs: inputs?,
        other_shards,
    })
}

/// Hands each batch from the reader to the pool and merges the outputs in input
/// order as they come back, keeping a few batches per worker in flight so that no
/// worker waits for the merging (which runs here, on the calling thread).
fn dispatch<T: Send>(
    pool: &rayon::ThreadPool,
    config: &Config,
    extractor: &Extractor,
    work: &(dyn Fn(Vec<ResumeFacts>) -> T + Sync),
    batches: Receiver<Vec<Record>>,
    merger: &mut Merger<'_, T>,
) {
    let limit = 2 * pool.current_num_threads() as u64 + 2;
    let (done, outputs) = channel::<(u64, std::thread::Result<BatchOutput<T>>)>();
    let mut waiting = BTreeMap::new();
    let (mut sent, mut merged) = (0u64, 0u64);
    let mut ordinal = 0u64;
    pool.in_place_scope(|tasks| {
        let mut receive = |waiting: &mut BTreeMap<u64, BatchOutput<T>>, merged: &mut u64| {
            // Every task sends exactly once (a panic is caught and sent on, to be
            // resumed here), and `done` lives until the last receive.
            match outputs.recv() {
                Ok((seq, Ok(output))) => {
                    waiting.insert(seq, output);
                }
                Ok((_, Err(panic))) => std::panic::resume_unwind(panic),
                Err(_) => unreachable!("the sender lives until the last receive"),
            }
            while let Some(output) = waiting.remove(merged) {
                merger.merge(output);
                *merged += 1;
            }
        };
        for batch in batches {
            // Every shard numbers every record, so positions agree across shards.
            let first = ordinal;
            ordinal += batch.len() as u64;
            let (seq, done) = (sent, done.clone());
            tasks.spawn(move |_| {
                let output = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    extract_batch(config, extractor, work, batch, first)
                }));
                // The receiver outlives every task of this scope.
                let _ = done.send((seq, output));
            });
            sent += 1;
            while sent - merged >= limit {
                receive(&mut waiting, &mut merged);
            }
        }
        while merged < sent {
            receive(&mut waiting, &mut merged);
        }
    });
}

/// Parses, shard-filters and extracts one batch (on a worker).
fn extract_batch<T>(
    config: &Config,
    extractor: &Extractor,
    work: &(dyn Fn(Vec<ResumeFacts>) -> T + Sync),
    batch: Vec<Record>,
    first_ordinal: u64,
) -> BatchOutput<T> {
    let mut facts = Vec::with_capacity(batch.len());
    let mut rejects = Vec::new();
    let mut other_shards = 0;
    for (ordinal, record) in (first_ordinal..).zip(batch) {
        match record.resolve(&config.fields) {
            Some(Record::Resume(resume)) if config.shard.is_some_and(|s| !s.owns(&resume.id)) => {
                other_shards += 1;
            }
            Some(Record::Resume(resume)) => facts.push(ResumeFacts {
                ordinal,
                ..extractor.extract_owned(resume)
            }),
            Some(Record::Reject(_)) if config.shard.is_some_and(|s| !s.reports_rejects()) => {
                other_shards += 1;
            }
            Some(Record::Reject(reject)) => rejects.push(reject),
            Some(Record::JsonLine(_)) | None => {}
        }
    }
    BatchOutput {
        accepted: facts.len() as u64,
        value: work(facts),
        rejects,
        other_shards,
    }
}

/// Folds batch outputs, in input order, into the record counts and `on_batch`.
struct Merger<'a, T> {
    records: RecordCounts,
    other_shards: u64,
    progress: &'a mut Progress,
    bytes_read: &'a AtomicU64,
    on_batch: &'a mut dyn FnMut(T),
}

impl<T> Merger<'_, T> {
    fn merge(&mut self, output: BatchOutput<T>) {
        self.records.accept_many(output.accepted);
        for reject in output.rejects {
            self.progress.warn(&reject.to_string());
            self.records.reject(reject);
        }
        self.other_shards += output.other_shards;
        (self.on_batch)(output.value);
        self.progress
            .update(self.bytes_read.load(Ordering::Relaxed), self.records.read);
    }
}

/// Reads every input's records, handing them to `on_full` in batches.
fn read_all(
    inputs: &[PathBuf],
    config: &Config,
    bytes_read: &Arc<AtomicU64>,
    on_full: &mut dyn FnMut(Vec<Record>),
) -> Result<Vec<InputSummary>> {
    let mut summaries = Vec::with_capacity(inputs.len());
    let mut batch = Vec::with_capacity(BATCH_RECORDS);
    for input in inputs {
        let mut sink = |record: Record| {
            batch.push(record);
            if batch.len() >= BATCH_RECORDS {
                on_full(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(BATCH_RECORDS),
                ));
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
        on_full(batch);
    }
    Ok(summaries)
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
