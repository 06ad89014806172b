//! The plain [`Config`] the CLI builds and the pipeline reads; nothing here knows
//! about argument parsing.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::extract::dates::Month;
use crate::ingest::FieldNames;

/// The default smallest group published: no row rests on fewer resumes.
pub const DEFAULT_MIN_COUNT: u64 = 10;

/// Everything a `run` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Directories, files, or `-` for JSONL on standard input.
    pub inputs: Vec<PathBuf>,
    pub out_dir: PathBuf,
    pub lexicon_dir: PathBuf,
    pub fields: FieldNames,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Print warnings about rejected records to stderr.
    pub warnings: bool,
    /// Also write the per-resume `facts` table.
    pub emit_facts: bool,
    /// The month "Current"/"Present" stand for in date ranges (default: this month).
    pub reference_month: Option<Month>,
    /// Rows resting on fewer resumes than this are not published (nor occupations
    /// with fewer resumes).
    pub min_count: u64,
    /// O*NET text-file directory for inferring unlabelled records' occupations.
    pub onet_dir: Option<PathBuf>,
    /// A file of occupation pairs to compare (default: chosen by the run).
    pub pairs: Option<PathBuf>,
}

impl Config {
    /// A config with defaults for everything but the inputs and output directory.
    pub fn new(inputs: Vec<PathBuf>, out_dir: PathBuf) -> Config {
        Config {
            inputs,
            out_dir,
            lexicon_dir: default_lexicon_dir(),
            fields: FieldNames::default(),
            threads: 0,
            progress: true,
            warnings: true,
            emit_facts: false,
            reference_month: None,
            min_count: DEFAULT_MIN_COUNT,
            onet_dir: std::env::var_os("SKILLMINE_ONET").map(PathBuf::from),
            pairs: None,
        }
    }

    /// Checks what can be checked before reading anything.
    pub fn validate(&self) -> Result<()> {
        if self.inputs.is_empty() {
            return Err(Error::Config("no input given".into()));
        }
        for input in &self.inputs {
            if input != Path::new("-") && !input.exists() {
                return Err(Error::Config(format!(
                    "input {} does not exist",
                    input.display()
                )));
            }
        }
        if self.inputs.iter().filter(|i| *i == Path::new("-")).count() > 1 {
            return Err(Error::Config(
                "`-` (standard input) given more than once".into(),
            ));
        }
        if !self.lexicon_dir.is_dir() {
            return Err(Error::Config(format!(
                "lexicon directory {} not found (set it with --lexicons)",
                self.lexicon_dir.display()
            )));
        }
        Ok(())
    }

    /// The number of worker threads to start.
    pub fn worker_threads(&self) -> usize {
        if self.threads > 0 {
            return self.threads;
        }
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// The lexicon directory used without `--lexicons`: `$SKILLMINE_LEXICONS`, else
/// `./lexicons` when it exists, else the `lexicons/` shipped beside the sources.
pub fn default_lexicon_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SKILLMINE_LEXICONS") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("lexicons");
    if local.is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons")
}
