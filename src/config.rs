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
    /// Process only this shard of the records and write a partial result.
    pub shard: Option<Shard>,
    /// What to extract and publish.
    pub scope: Scope,
}

/// What a run extracts and publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every table and the occupation documents.
    #[default]
    All,
    /// Skill, soft skill and certification shares only (with headlines and
    /// comparisons): no degrees, employers, titles, dates, quotes or documents.
    Skills,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Skills => "skills",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        [Scope::All, Scope::Skills]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// Shard `index` of `count` (0-based): the records whose id hashes to it. Every
/// shard reads all inputs (so record positions agree) and extracts only its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Parses `I/N` with 0 ≤ I < N.
    pub fn parse(text: &str) -> std::result::Result<Shard, String> {
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| format!("{text:?} is not I/N"))?;
        let index: u32 = i
            .trim()
            .parse()
            .map_err(|_| format!("{text:?}: I is not a number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("{text:?}: N is not a number"))?;
        if count == 0 || index >= count {
            return Err(format!("{text:?}: need 0 <= I < N"));
        }
        Ok(Shard { index, count })
    }

    /// Whether a record with this id belongs to the shard: FNV-1a of the id, mod N.
    /// Stable across runs, machines and releases.
    pub fn owns(&self, id: &str) -> bool {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in id.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash % u64::from(self.count) == u64::from(self.index)
    }

    /// Rejected records (which may have no id) are reported by shard 0 alone.
    pub fn reports_rejects(&self) -> bool {
        self.index == 0
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
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
            shard: None,
            scope: Scope::All,
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
        if self.shard.is_some() && self.emit_facts {
            return Err(Error::Config(
                "--emit-facts is not available with --shard (use `skillmine facts` per shard)"
                    .into(),
            ));
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
