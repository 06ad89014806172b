//! The library's error type: every variant carries the context a user needs to fix the
//! input (file, line, lexicon entry).

use std::path::PathBuf;

/// Errors that stop a run. Bad *records* never become an `Error`: they are counted as
/// rejects and the batch goes on (see [`crate::ingest::Reject`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Lexicon {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("lexicon directory {0} holds no .tsv file")]
    EmptyLexicon(PathBuf),
    #[error("building the phrase matcher: {0}")]
    Matcher(String),
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("writing table {table}: {message}")]
    Write { table: String, message: String },
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
