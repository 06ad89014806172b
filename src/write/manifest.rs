//! `manifest.json`: what a run read, with which lexicon and tool version, what it
//! rejected and why, and when it ran.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::publish;
use crate::aggregate::Suppressed;
use crate::error::{Error, Result};
use crate::ingest::{InputSummary, Reject};

/// How many rejects the manifest lists one by one (all are counted).
pub const MAX_LISTED_REJECTS: usize = 100;

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub lexicon_dir: String,
    pub lexicon_sha256: String,
    pub lexicon_entries: usize,
    /// Seconds to load the lexicon and compile the matcher and extractors.
    pub lexicon_seconds: f64,
    /// Seconds to read, extract and count the records (after the lexicon; the rest of
    /// `elapsed_seconds` is aggregating, comparing and writing).
    pub scan_seconds: f64,
    /// `all`, or `skills` for a `--only skills` run.
    pub scope: &'static str,
    pub threads: usize,
    pub inputs: Vec<InputSummary>,
    pub records: RecordCounts,
    /// Rows withheld as small cells, per table.
    pub suppressed: Suppressed,
    pub tables: Vec<String>,
    /// Occupation documents written under `occupations/`.
    pub documents: usize,
    pub started_at: String,
    pub finished_at: String,
    pub elapsed_seconds: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCounts {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// Rejects per reason.
    pub rejected_by_reason: BTreeMap<String, u64>,
    /// The first rejects, with file, line and detail.
    pub rejects: Vec<Reject>,
}

impl RecordCounts {
    /// Adds another shard's counts (rejects listed up to the usual limit, in order).
    pub fn merge(&mut self, other: RecordCounts) {
        self.read += other.read;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        for (reason, n) in other.rejected_by_reason {
            *self.rejected_by_reason.entry(reason).or_default() += n;
        }
        self.rejects.extend(other.rejects);
        self.rejects.truncate(MAX_LISTED_REJECTS);
    }

    pub fn accept_many(&mut self, n: u64) {
        self.read += n;
        self.accepted += n;
    }

    pub fn reject(&mut self, reject: Reject) {
        self.read += 1;
        self.rejected += 1;
        *self
            .rejected_by_reason
            .entry(reject.reason.to_string())
            .or_default() += 1;
        if self.rejects.len() < MAX_LISTED_REJECTS {
            self.rejects.push(reject);
        }
    }
}

/// Writes `manifest.json` into `out_dir`.
pub fn write_manifest(out_dir: &Path, manifest: &Manifest) -> Result<()> {
    let path = out_dir.join("manifest.json");
    publish(&path, |writer| {
        serde_json::to_writer_pretty(&mut *writer, manifest).map_err(|e| Error::Write {
            table: "manifest".into(),
            message: e.to_string(),
        })?;
        std::io::Write::write_all(writer, b"\n").map_err(|e| Error::io(&path, e))
    })
}
