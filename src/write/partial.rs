//! Partial results of sharded runs: `run --shard I/N` writes `partial.parquet` (the
//! shard's mergeable counts, one [`PartialRow`] a row) and `partial.json` (what it
//! read, with the lexicon hash and the shard); `merge` reads them back.
//!
//! `partial.parquet` columns: occupation (str), part (str), key (str), name (str,
//! null), count (u64), score (i64, null), bytes (binary, null), entries (str, null);
//! the meaning of each part is on [`PartialRow`]. The schema carries
//! [`PARTIAL_VERSION`] in `partial.json`.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::{publish, write_error, write_frame};
use crate::aggregate::PartialRow;
use crate::error::{Error, Result};
use crate::ingest::InputSummary;
use crate::write::manifest::RecordCounts;

/// Version of the partial-result format.
pub const PARTIAL_VERSION: u32 = 1;

/// `partial.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialManifest {
    pub partial_version: u32,
    pub tool: String,
    pub version: String,
    /// `I/N`.
    pub shard: String,
    pub lexicon_sha256: String,
    /// `all`, or `skills` for a `--only skills` run; merge publishes the same.
    pub scope: String,
    pub inputs: Vec<InputSummary>,
    /// This shard's records (rejects only in shard 0).
    pub records: RecordCounts,
    /// Records read that belong to other shards.
    pub other_shards: u64,
}

/// Writes `partial.parquet` and `partial.json` into `out_dir`.
pub fn write_partial(
    out_dir: &Path,
    rows: &[PartialRow],
    manifest: &PartialManifest,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let text = |get: fn(&PartialRow) -> &str| rows.iter().map(get).collect::<Vec<&str>>();
    let optional =
        |get: fn(&PartialRow) -> Option<&str>| rows.iter().map(get).collect::<Vec<Option<&str>>>();
    let mut frame = DataFrame::new(
        rows.len(),
        vec![
            Column::new("occupation".into(), text(|r| &r.occupation)),
            Column::new("part".into(), text(|r| &r.part)),
            Column::new("key".into(), text(|r| &r.key)),
            Column::new("name".into(), optional(|r| r.name.as_deref())),
            Column::new(
                "count".into(),
                rows.iter().map(|r| r.count).collect::<Vec<u64>>(),
            ),
            Column::new(
                "score".into(),
                rows.iter().map(|r| r.score).collect::<Vec<Option<i64>>>(),
            ),
            Column::new(
                "bytes".into(),
                rows.iter()
                    .map(|r| r.bytes.as_deref())
                    .collect::<Vec<Option<&[u8]>>>(),
            ),
            Column::new("entries".into(), optional(|r| r.entries.as_deref())),
        ],
    )
    .map_err(|e| write_error("partial", e))?;
    let parquet = write_frame(out_dir, "partial", "parquet", &mut frame)?;
    let json = out_dir.join("partial.json");
    publish(&json, |writer| {
        serde_json::to_writer_pretty(&mut *writer, manifest).map_err(|e| write_error("partial", e))
    })?;
    Ok(vec![parquet, json])
}

/// Reads a shard's `partial.json` and `partial.parquet` from `dir`.
pub fn read_partial(dir: &Path) -> Result<(PartialManifest, Vec<PartialRow>)> {
    let json = dir.join("partial.json");
    let file = File::open(&json).map_err(|e| Error::io(&json, e))?;
    let manifest: PartialManifest = serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|e| Error::Config(format!("{}: {e}", json.display())))?;
    if manifest.partial_version != PARTIAL_VERSION {
        return Err(Error::Config(format!(
            "{}: partial version {} (this skillmine reads {PARTIAL_VERSION})",
            json.display(),
            manifest.partial_version
        )));
    }
    let path = dir.join("partial.parquet");
    let file = File::open(&path).map_err(|e| Error::io(&path, e))?;
    let bad = |e: PolarsError| Error::Config(format!("{}: {e}", path.display()));
    let frame = ParquetReader::new(file).finish().map_err(bad)?;
    let text = |name: &str| -> Result<Vec<Option<String>>> {
        let column = frame.column(name).map_err(bad)?;
        let strings = column.str().map_err(bad)?;
        Ok((0..strings.len())
            .map(|i| strings.get(i).map(String::from))
            .collect())
    };
    let (occupation, part, key, name, entries) = (
        text("occupation")?,
        text("part")?,
        text("key")?,
        text("name")?,
        text("entries")?,
    );
    let count = frame
        .column("count")
        .map_err(bad)?
        .u64()
        .map_err(bad)?
        .clone();
    let score = frame
        .column("score")
        .map_err(bad)?
        .i64()
        .map_err(bad)?
        .clone();
    let bytes = frame
        .column("bytes")
        .map_err(bad)?
        .binary()
        .map_err(bad)?
        .clone();
    let rows = (0..frame.height())
        .map(|i| PartialRow {
            occupation: occupation[i].clone().unwrap_or_default(),
            part: part[i].clone().unwrap_or_default(),
            key: key[i].clone().unwrap_or_default(),
            name: name[i].clone(),
            count: count.get(i).unwrap_or_default(),
            score: score.get(i),
            bytes: bytes.get(i).map(<[u8]>::to_vec),
            entries: entries[i].clone(),
        })
        .collect();
    Ok((manifest, rows))
}
