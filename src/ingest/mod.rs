//! Readers: input paths → a stream of [`Record`]s (a [`Resume`] or a [`Reject`]).
//!
//! Formats, chosen by what the path is and its extension (after a `.gz`, which is
//! decompressed on the fly; gzip is also recognised by its magic bytes):
//! - a directory: every `.txt` file below it, recursively, in path order; occupation =
//!   the parent folder relative to the root, id = the relative path without extension.
//!   `.jsonl`/`.csv` files met in the walk are read in their own format.
//! - `.jsonl` / `.ndjson`: one JSON object a line.
//! - `.json`: a JSON Resume (one object or an array), else read as JSONL.
//! - `.csv`: RFC 4180 with a header row.
//! - `-`: JSONL from standard input.
//!
//! Records are streamed to a sink one at a time, so memory does not grow with the
//! corpus; JSONL lines are handed over unparsed, for the workers to parse. A bad record becomes a [`Reject`] naming file and line; only an unreadable
//! input or a missing column is an [`Error`].

mod delimited;
mod json_resume;
mod jsonl;
mod text_dir;

pub use jsonl::JsonLine;

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Occupation given to records that carry none.
pub const UNKNOWN_OCCUPATION: &str = "unknown";

/// Which fields of a structured record (JSONL object, CSV column) hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    pub id: String,
    pub occupation: String,
    pub text: String,
    /// Field / column with a salary (number or range, yearly or hourly), if any.
    pub salary: Option<String>,
}

impl Default for FieldNames {
    fn default() -> Self {
        FieldNames {
            id: "id".into(),
            occupation: "occupation".into(),
            text: "text".into(),
            salary: None,
        }
    }
}

/// One resume as read, before normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub id: String,
    pub occupation: String,
    pub text: String,
    /// The salary as written, when the input names a salary field.
    pub salary: Option<String>,
    /// `file:line` the record starts at.
    pub origin: String,
}

/// Why a record was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    EmptyText,
    InvalidUtf8,
    MalformedJson,
    MalformedCsv,
    MissingText,
}

impl RejectReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::EmptyText => "empty_text",
            RejectReason::InvalidUtf8 => "invalid_utf8",
            RejectReason::MalformedJson => "malformed_json",
            RejectReason::MalformedCsv => "malformed_csv",
            RejectReason::MissingText => "missing_text",
        }
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record that was skipped, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    pub file: String,
    pub line: u64,
    pub reason: RejectReason,
    pub detail: String,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.reason, self.detail
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Resume(Resume),
    Reject(Reject),
    /// A JSONL line not parsed yet: [`Record::resolve`] parses it, wherever the
    /// records are processed (in parallel), not on the reading thread.
    JsonLine(JsonLine),
}

impl Record {
    /// The record parsed: a resume or a reject; `None` for a line of white space.
    pub fn resolve(self, fields: &FieldNames) -> Option<Record> {
        match self {
            Record::JsonLine(line) => line.parse(fields),
            record => Some(record),
        }
    }

    /// A rejected record at `file:line`.
    pub fn reject(
        file: &str,
        line: u64,
        reason: RejectReason,
        detail: impl Into<String>,
    ) -> Record {
        Record::Reject(Reject {
            file: file.to_string(),
            line,
            reason,
            detail: detail.into(),
        })
    }
}

/// What the manifest says of one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSummary {
    pub path: String,
    pub format: String,
    /// Bytes read from disk (compressed size for `.gz`).
    pub bytes: u64,
    /// SHA-256 of those bytes; for a directory, over each file's relative path and
    /// bytes in walk order.
    pub sha256: String,
    pub records: u64,
}

/// Reads one input, handing every record to `sink`. `progress` is advanced by the
/// bytes read from disk. JSONL lines arrive unparsed ([`Record::JsonLine`]): the
/// reader only splits lines, and [`Record::resolve`] parses each where it is used.
pub fn read_input(
    path: &Path,
    fields: &FieldNames,
    progress: &Arc<AtomicU64>,
    sink: &mut dyn FnMut(Record),
) -> Result<InputSummary> {
    let tap = Tap::new(progress.clone());
    let mut records = 0u64;
    let mut counting_sink = |record: Record| {
        records += 1;
        sink(record);
    };
    let format = if path == Path::new("-") {
        let reader = BufReader::new(tap.wrap(io::stdin()));
        jsonl::read(reader, "-", &mut counting_sink)?;
        "jsonl"
    } else if path.is_dir() {
        text_dir::read(path, fields, &tap, &mut counting_sink)?;
        "text_dir"
    } else {
        read_file(path, path, fields, &tap, &mut counting_sink)?
    };
    Ok(InputSummary {
        path: path.display().to_string(),
        format: format.to_string(),
        bytes: tap.bytes(),
        sha256: tap.sha256(),
        records,
    })
}

/// The resume with id `id` in `path` (the first resume when `id` is `None`).
pub fn find_resume(path: &Path, fields: &FieldNames, id: Option<&str>) -> Result<Option<Resume>> {
    let progress = Arc::new(AtomicU64::new(0));
    let mut found = None;
    read_input(path, fields, &progress, &mut |record| {
        if found.is_some() {
            return;
        }
        if let Some(Record::Resume(resume)) = record.resolve(fields) {
            if id.is_none_or(|id| id == resume.id) {
                found = Some(resume);
            }
        }
    })?;
    Ok(found)
}

/// The format of a file from its name, looking through a `.gz` suffix.
fn file_format(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = Path::new(name).extension()?.to_str()?;
    match ext {
        "txt" => Some("txt"),
        "jsonl" | "ndjson" => Some("jsonl"),
        "json" => Some("json"),
        "csv" => Some("csv"),
        _ => None,
    }
}

/// Reads one file, `label` being how errors and rejects name it.
fn read_file(
    path: &Path,
    label: &Path,
    fields: &FieldNames,
    tap: &Tap,
    sink: &mut dyn FnMut(Record),
) -> Result<&'static str> {
    let format = file_format(path).ok_or_else(|| Error::Input {
        path: path.to_path_buf(),
        message: "unknown format: expected a directory, .txt, .jsonl, .csv (optionally .gz) or -"
            .into(),
    })?;
    let reader = open(path, tap)?;
    let name = label.display().to_string();
    match format {
        "jsonl" => jsonl::read(reader, &name, sink)?,
        "json" => {
            let file_name = label.file_name().map_or(PathBuf::new(), PathBuf::from);
            let stem = text_dir::strip_extension(&file_name);
            read_json(reader, &name, &stem, fields, sink)?
        }
        "csv" => delimited::read(reader, &name, fields, sink)?,
        _ => {
            let stem = text_dir::strip_extension(label);
            text_dir::read_one(reader, &name, &stem, UNKNOWN_OCCUPATION, sink)?
        }
    }
    Ok(format)
}

/// All bytes of `reader`; errors name `file`.
fn read_to_end(reader: &mut impl Read, file: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(file, e))?;
    Ok(bytes)
}

/// A `.json` file: JSON Resume (one object or an array of them), else JSONL.
fn read_json(
    mut reader: Box<dyn BufRead>,
    file: &str,
    stem: &str,
    fields: &FieldNames,
    sink: &mut dyn FnMut(Record),
) -> Result<()> {
    let bytes = read_to_end(&mut reader, file)?;
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(value) if json_resume::is_json_resume(&value) || value.is_array() => {
            json_resume::records(&value, file, stem, fields)
                .into_iter()
                .for_each(sink);
            Ok(())
        }
        _ => jsonl::read(bytes.as_slice(), file, sink),
    }
}

/// Opens a file for reading through the tap, decompressing gzip by its magic bytes.
fn open(path: &Path, tap: &Tap) -> Result<Box<dyn BufRead>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::with_capacity(1 << 16, tap.wrap(file));
    let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(Box::new(reader))
    }
}

/// Counts and hashes the raw bytes of everything read through it.
#[derive(Clone)]
struct Tap {
    state: Rc<RefCell<(Sha256, u64)>>,
    progress: Arc<AtomicU64>,
}

impl Tap {
    fn new(progress: Arc<AtomicU64>) -> Tap {
        Tap {
            state: Rc::new(RefCell::new((Sha256::new(), 0))),
            progress,
        }
    }

    fn wrap<R: Read>(&self, inner: R) -> TapReader<R> {
        TapReader {
            inner,
            tap: self.clone(),
        }
    }

    /// Feeds bytes that are not read through a reader (file names) into the hash.
    fn hash_extra(&self, bytes: &[u8]) {
        self.state.borrow_mut().0.update(bytes);
    }

    fn bytes(&self) -> u64 {
        self.state.borrow().1
    }

    fn sha256(&self) -> String {
        let digest = self.state.borrow().0.clone().finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

struct TapReader<R> {
    inner: R,
    tap: Tap,
}

impl<R: Read> Read for TapReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut state = self.tap.state.borrow_mut();
        state.0.update(&buf[..n]);
        state.1 += n as u64;
        self.tap.progress.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Builds a record from decoded fields, rejecting empty text.
fn make_record(
    file: &str,
    line: u64,
    id: String,
    occupation: Option<&str>,
    text: String,
) -> Record {
    if text.trim().is_empty() {
        return Record::reject(
            file,
            line,
            RejectReason::EmptyText,
            format!("record {id:?} has no text"),
        );
    }
    let occupation = occupation.map(str::trim).filter(|o| !o.is_empty());
    Record::Resume(Resume {
        id,
        occupation: occupation.unwrap_or(UNKNOWN_OCCUPATION).to_string(),
        text,
        salary: None,
        origin: format!("{file}:{line}"),
    })
}

/// Sets the salary of an accepted record.
fn with_salary(mut record: Record, salary: Option<&str>) -> Record {
    if let (Record::Resume(resume), Some(salary)) = (&mut record, salary) {
        let salary = salary.trim();
        if !salary.is_empty() {
            resume.salary = Some(salary.to_string());
        }
    }
    record
}

/// The total size on disk of the inputs, for the progress bar's ETA (`None` for stdin).
pub fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for path in paths {
        if path == Path::new("-") {
            return None;
        }
        total += if path.is_dir() {
            text_dir::dir_bytes(path)
        } else {
            std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
        };
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        let cases = [
            ("a/b.txt", Some("txt")),
            ("dump.jsonl.gz", Some("jsonl")),
            ("resume.json", Some("json")),
            ("X.CSV", Some("csv")),
            ("r.ndjson", Some("jsonl")),
            ("notes.md", None),
            ("noext", None),
        ];
        for (name, expected) in cases {
            assert_eq!(file_format(Path::new(name)), expected, "{name}");
        }
    }
}
