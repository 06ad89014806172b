//! skillmine mines resume dumps into per-occupation tables: the share of resumes
//! naming each skill, soft skill and certification, the degree distribution and the
//! top employers.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! ingest     paths → Record (Resume | Reject), streamed
//! normalize  text → repaired, normalised text
//! segment    text → Sections (summary, skills, experience, education, …)
//! lexicon    lexicons/*.tsv → Lexicon
//! matcher    Lexicon → SkillMatcher (Aho-Corasick, whole words, built once)
//! extract    Resume → ResumeFacts (entries with sections, degrees, employers,
//!            titles, years of experience, inferred occupation)
//! facts      ResumeFacts → FactsRecord (the per-resume layer, serialisable)
//! aggregate  ResumeFacts → Counts (mergeable) → Tables (sorted rows)
//! write      Tables → NAME.parquet + NAME.csv, manifest.json
//! pipeline   wires the stages with rayon
//! eval       gold file → per-field accuracy of the same extraction
//! explain    one resume → its facts with sections and context
//! ```
//!
//! ```no_run
//! use std::path::PathBuf;
//! let config = skillmine::Config::new(vec![PathBuf::from("corpus-samples")], PathBuf::from("out"));
//! let summary = skillmine::run(&config)?;
//! println!("{} resumes", summary.manifest.records.accepted);
//! # Ok::<(), skillmine::Error>(())
//! ```

pub mod aggregate;
pub mod compare;
pub mod config;
pub mod error;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod facts;
pub mod ingest;
pub mod lexicon;
pub mod matcher;
pub mod neardup;
pub mod normalize;
pub mod pipeline;
pub mod progress;
pub mod scrub;
pub mod segment;
pub mod stats;
mod swar;
pub mod write;

pub use config::Config;
pub use error::{Error, Result};
pub use pipeline::{run, RunSummary};
