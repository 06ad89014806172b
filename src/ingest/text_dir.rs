//! A directory of `.txt` resumes (optionally `.txt.gz`), walked recursively in path
//! order. Structured files met in the walk (`.jsonl`, `.csv`, …) are read in their own
//! format, so one directory can hold a mixed dump.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{file_format, make_record, read_file, FieldNames, Record, RejectReason, Tap};
use crate::error::{Error, Result};
use crate::ingest::UNKNOWN_OCCUPATION;

pub(super) fn read(
    root: &Path,
    fields: &FieldNames,
    tap: &Tap,
    sink: &mut dyn FnMut(Record),
) -> Result<()> {
    for file in walk(root)? {
        let relative = file.strip_prefix(root).unwrap_or(&file);
        let relative_name = slash_path(relative);
        tap.hash_extra(relative_name.as_bytes());
        tap.hash_extra(&[0]);
        if file_format(&file) == Some("txt") {
            let reader = super::open(&file, tap)?;
            let occupation = relative
                .parent()
                .map(slash_path)
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| UNKNOWN_OCCUPATION.to_string());
            let label = file.display().to_string();
            read_one(
                reader,
                &label,
                &strip_extension(relative),
                &occupation,
                sink,
            )?;
        } else {
            read_file(&file, &file, fields, tap, sink)?;
        }
    }
    Ok(())
}

/// Reads one plain-text resume.
pub(super) fn read_one(
    mut reader: impl Read,
    file: &str,
    id: &str,
    occupation: &str,
    sink: &mut dyn FnMut(Record),
) -> Result<()> {
    let bytes = super::read_to_end(&mut reader, file)?;
    let record = match String::from_utf8(bytes) {
        Ok(text) => make_record(file, 1, id.to_string(), Some(occupation), text),
        Err(e) => Record::reject(
            file,
            1,
            RejectReason::InvalidUtf8,
            e.utf8_error().to_string(),
        ),
    };
    sink(record);
    Ok(())
}

/// The files below `root` that have a known format, sorted by path.
fn walk(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&dir, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if file_format(&path).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Total bytes of the readable files below `dir`.
pub(super) fn dir_bytes(dir: &Path) -> u64 {
    walk(dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// `a/b/123.txt.gz` → `a/b/123`, with `/` separators on every platform.
pub(super) fn strip_extension(path: &Path) -> String {
    let mut name = slash_path(path);
    for suffix in [".gz", ".txt", ".json"] {
        if name.to_lowercase().ends_with(suffix) {
            name.truncate(name.len() - suffix.len());
        }
    }
    name
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_txt_and_gz() {
        assert_eq!(strip_extension(Path::new("A/b/12.txt")), "A/b/12");
        assert_eq!(strip_extension(Path::new("A/12.TXT.gz")), "A/12");
    }
}
