//! Command-line arguments (clap derive) and their translation into a [`Config`]. The
//! only module that knows clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use skillmine::extract::dates::{parse_year_month, Month};
use skillmine::ingest::FieldNames;
use skillmine::Config;

#[derive(Debug, Parser)]
#[command(
    name = "skillmine",
    version,
    about = "Mine resume dumps into per-occupation skill, certification, degree and employer tables"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read resume dumps and write the tables (Parquet + CSV) and manifest.json.
    Run(RunArgs),
    /// Write one JSON object of facts per resume (title, degrees, certifications,
    /// employers, skills with their section, years of experience).
    Facts(FactsArgs),
    /// Score the extraction against a hand-labelled gold file.
    Eval(EvalArgs),
    /// Show one resume's facts, each match with its section and surrounding text.
    Explain(ExplainArgs),
    /// Combine the partial results of `run --shard I/N` into the tables a single run
    /// writes.
    Merge(MergeArgs),
    /// Print the significant differences between two occupations of a run's output,
    /// as the sentences a page would show.
    Compare(CompareArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output directories of `run --shard I/N`, one per shard (all N of them).
    #[arg(required = true, value_name = "PARTIAL_DIR")]
    pub partials: Vec<PathBuf>,

    /// Directory the tables and manifest.json are written to.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// Publish no row resting on fewer resumes than this (nor occupations with fewer).
    #[arg(long, default_value_t = skillmine::config::DEFAULT_MIN_COUNT, value_name = "K")]
    pub min_count: u64,

    /// Compare only these pairs of occupations (as for `run`).
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,

    /// Lexicon directory: the one the shards ran with (its hash is checked).
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,

    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl MergeArgs {
    pub fn to_config(&self) -> Config {
        let mut config = Config::new(self.partials.clone(), self.out.clone());
        if let Some(dir) = &self.lexicons {
            config.lexicon_dir = dir.clone();
        }
        config.min_count = self.min_count;
        config.pairs = self.pairs.clone();
        config.progress = false;
        config
    }
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// A `run` output directory (holding comparisons.csv).
    #[arg(value_name = "OUT_DIR")]
    pub out_dir: PathBuf,

    /// The occupation the sentences speak about.
    #[arg(value_name = "A")]
    pub a: String,

    /// The occupation it is compared with.
    #[arg(value_name = "B")]
    pub b: String,

    /// Print at most this many sentences (largest differences first; 0 = all).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub limit: usize,
}

/// Options shared by every command that reads resumes.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Lexicon directory (default: $SKILLMINE_LEXICONS, ./lexicons, or the shipped one).
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,

    /// JSONL field / CSV column holding the resume id (default: row or line number).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,

    /// JSONL field / CSV column holding the occupation (missing: `unknown`).
    #[arg(long, default_value = "occupation", value_name = "NAME")]
    pub occupation_field: String,

    /// JSONL field / CSV column holding the resume text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,

    /// The month "Current"/"Present" stand for in date ranges, as YYYY-MM (default: now).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub as_of: Option<Month>,

    /// JSONL field / CSV column holding a salary (number or range, yearly or hourly).
    #[arg(long, value_name = "NAME")]
    pub salary_field: Option<String>,

    /// O*NET text files (e.g. ../shared/data/onet_29_2): infer the occupation of
    /// records without one from their headline title (default: $SKILLMINE_ONET).
    #[arg(long, value_name = "DIR")]
    pub onet: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Inputs: a directory of .txt resumes (occupation = folder), .jsonl, .csv,
    /// any of them .gz, or `-` for JSONL on standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Directory the tables and manifest.json are written to.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// Also write the per-resume `facts` table.
    #[arg(long)]
    pub emit_facts: bool,

    /// Publish no row resting on fewer resumes than this (nor occupations with fewer).
    #[arg(long, default_value_t = skillmine::config::DEFAULT_MIN_COUNT, value_name = "K")]
    pub min_count: u64,

    /// Extract and publish only this: `skills` = skill, soft skill and certification
    /// shares (with headlines and comparisons), nothing else — much faster.
    #[arg(long, value_name = "WHAT", value_parser = ["skills"])]
    pub only: Option<String>,

    /// Process only shard I of N (0-based; records by a stable hash of their id) and
    /// write a partial result for `skillmine merge`.
    #[arg(long, value_name = "I/N", value_parser = skillmine::config::Shard::parse)]
    pub shard: Option<skillmine::config::Shard>,

    /// Compare only these pairs of occupations: one pair a line, tab-separated
    /// (default: all pairs up to 30 occupations, else each with its 5 nearest).
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,

    #[command(flatten)]
    pub extract: ExtractArgs,

    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Inputs, as for `run`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The JSONL file to write.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,

    #[command(flatten)]
    pub extract: ExtractArgs,

    #[command(flatten)]
    pub scan: ScanArgs,
}

/// How a scan over many resumes runs.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Worker threads (0 = one per core). With 1, that thread also reads the input;
    /// with more, a reader thread feeds them.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// No progress bar, no warnings, no summary; errors still go to stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl ScanArgs {
    fn apply(&self, config: &mut Config) {
        config.threads = self.threads;
        config.progress = !self.quiet;
        config.warnings = !self.quiet;
    }
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold file (JSONL, see ../shared/gold/README.md).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,

    /// Directory the gold records' `source` paths are relative to.
    #[arg(long, value_name = "DIR")]
    pub data_root: PathBuf,

    /// Reference skill list (default: reference-skills.txt beside the gold file).
    #[arg(long, value_name = "FILE")]
    pub reference: Option<PathBuf>,

    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,

    /// List, per resume, each miss and false hit with the text around it.
    #[arg(long)]
    pub explain: bool,

    /// Lexicon directory (default as for `run`).
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,

    /// The month "Current"/"Present" stand for (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub as_of: Option<Month>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A .txt resume, or a dump (with --id).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,

    /// The id of the resume to explain in a dump (default: its first resume).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    #[command(flatten)]
    pub extract: ExtractArgs,
}

fn parse_month(text: &str) -> Result<Month, String> {
    parse_year_month(text).ok_or_else(|| format!("{text:?} is not a YYYY-MM month"))
}

impl ExtractArgs {
    /// A config for `inputs` with these options applied.
    pub fn to_config(&self, inputs: Vec<PathBuf>, out_dir: PathBuf) -> Config {
        let mut config = Config::new(inputs, out_dir);
        if let Some(dir) = &self.lexicons {
            config.lexicon_dir = dir.clone();
        }
        config.fields = FieldNames {
            id: self.id_field.clone(),
            occupation: self.occupation_field.clone(),
            text: self.text_field.clone(),
            salary: self.salary_field.clone(),
        };
        config.reference_month = self.as_of;
        if let Some(dir) = &self.onet {
            config.onet_dir = Some(dir.clone());
        }
        config
    }
}

impl RunArgs {
    pub fn to_config(&self) -> Config {
        let mut config = self
            .extract
            .to_config(self.inputs.clone(), self.out.clone());
        self.scan.apply(&mut config);
        config.emit_facts = self.emit_facts;
        config.min_count = self.min_count;
        config.pairs = self.pairs.clone();
        config.shard = self.shard;
        if self.only.as_deref() == Some("skills") {
            config.scope = skillmine::config::Scope::Skills;
        }
        config
    }
}

impl FactsArgs {
    pub fn to_config(&self) -> Config {
        let out_dir = self.out.parent().map(PathBuf::from).unwrap_or_default();
        let mut config = self.extract.to_config(self.inputs.clone(), out_dir);
        self.scan.apply(&mut config);
        config
    }
}

impl EvalArgs {
    pub fn to_config(&self) -> Config {
        let mut config = Config::new(vec![self.gold.clone()], PathBuf::new());
        if let Some(dir) = &self.lexicons {
            config.lexicon_dir = dir.clone();
        }
        config.reference_month = self.as_of;
        config
    }

    pub fn reference_path(&self) -> PathBuf {
        self.reference
            .clone()
            .unwrap_or_else(|| self.gold.with_file_name("reference-skills.txt"))
    }
}
