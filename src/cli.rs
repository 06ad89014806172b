//! Command-line arguments (clap derive) and their translation into a [`Config`]. The
//! only module that knows clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
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

    /// Worker threads (0 = one per core).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// No progress bar, no warnings, no summary; errors still go to stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl RunArgs {
    pub fn to_config(&self) -> Config {
        let mut config = Config::new(self.inputs.clone(), self.out.clone());
        if let Some(dir) = &self.lexicons {
            config.lexicon_dir = dir.clone();
        }
        config.fields = FieldNames {
            id: self.id_field.clone(),
            occupation: self.occupation_field.clone(),
            text: self.text_field.clone(),
        };
        config.threads = self.threads;
        config.progress = !self.quiet;
        config.warnings = !self.quiet;
        config
    }
}
