//! Gold file → accuracy report: runs exactly the extraction `run` uses on each
//! hand-labelled resume and scores it per field (format: `../shared/gold/README.md`).
//!
//! - `highest_degree`: accuracy.
//! - `skills` (only names of the reference list), `certifications`, `degrees`,
//!   `employers`: precision / recall / F1, micro-averaged over resumes; a field that is
//!   `null` in the gold file is not scored for that resume.
//!
//! Names compare case-insensitively after folding punctuation; employers also after
//! folding legal suffixes; a gold certification compares through the lexicon (gold
//! "CPR" is the entry whose name or alias is CPR).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::explain;
use crate::extract::{EmployerExtractor, Extractor, ResumeFacts};
use crate::facts::FactsRecord;
use crate::ingest::Resume;
use crate::lexicon::{EntryId, Kind};
use crate::normalize::{fold_case, normalize};

/// One line of a gold file.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    pub id: String,
    pub source: String,
    pub highest_degree: Option<String>,
    pub degrees: Option<Vec<String>>,
    pub certifications: Option<Vec<String>>,
    pub employers: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
}

/// Precision / recall counts for one list field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListScore {
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    /// Resumes scored.
    pub resumes: u64,
}

impl ListScore {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, gold: &BTreeSet<String>, predicted: &BTreeSet<String>) {
        self.resumes += 1;
        self.true_positives += gold.intersection(predicted).count() as u64;
        self.false_positives += predicted.difference(gold).count() as u64;
        self.false_negatives += gold.difference(predicted).count() as u64;
    }
}

/// 1.0 when nothing was to be found or claimed (no error possible).
fn ratio(hits: u64, total: u64) -> f64 {
    if total == 0 {
        1.0
    } else {
        hits as f64 / total as f64
    }
}

/// What a resume got wrong in one field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldErrors {
    pub field: &'static str,
    pub missed: Vec<String>,
    pub false_hits: Vec<String>,
    /// The text around each miss and false hit, where it can be found.
    pub contexts: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResumeErrors {
    pub id: String,
    pub errors: Vec<FieldErrors>,
}

#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub degree_correct: u64,
    pub degree_scored: u64,
    pub skills: ListScore,
    pub certifications: ListScore,
    pub degrees: ListScore,
    pub employers: ListScore,
    pub resumes: Vec<ResumeErrors>,
}

impl EvalReport {
    pub fn degree_accuracy(&self) -> f64 {
        ratio(self.degree_correct, self.degree_scored)
    }

    /// The `--json` object.
    pub fn to_json(&self) -> serde_json::Value {
        let list = |s: &ListScore| serde_json::json!({"precision": s.precision(), "recall": s.recall(), "f1": s.f1(), "n": s.resumes});
        serde_json::json!({
            "highest_degree": {"accuracy": self.degree_accuracy(), "n": self.degree_scored},
            "skills": list(&self.skills),
            "certifications": list(&self.certifications),
            "degrees": list(&self.degrees),
            "employers": list(&self.employers),
        })
    }

    /// Per resume, each miss and false hit with the text around it.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for resume in &self.resumes {
            out += &format!("{}\n", resume.id);
            for field in &resume.errors {
                for (label, names) in [("missed", &field.missed), ("false hit", &field.false_hits)]
                {
                    for name in names {
                        let context = field
                            .contexts
                            .iter()
                            .find(|(n, _)| n == name)
                            .map_or("(not in the text)", |(_, c)| c.as_str());
                        out +=
                            &format!("  {:<15} {label:<9} {name:<28} …{context}…\n", field.field);
                    }
                }
            }
        }
        out
    }

    /// The human-readable summary.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{:<15} accuracy {:.3}  (n={})\n",
            "highest_degree",
            self.degree_accuracy(),
            self.degree_scored
        );
        for (name, s) in [
            ("skills", &self.skills),
            ("certifications", &self.certifications),
            ("degrees", &self.degrees),
            ("employers", &self.employers),
        ] {
            out += &format!(
                "{name:<15} precision {:.3}  recall {:.3}  F1 {:.3}  (n={}, tp={}, fp={}, fn={})\n",
                s.precision(),
                s.recall(),
                s.f1(),
                s.resumes,
                s.true_positives,
                s.false_positives,
                s.false_negatives
            );
        }
        out
    }
}

/// Scores `extractor` on every record of `gold`, loading sources under `data_root`.
/// `reference_skills` are the skill names the gold lists (others are not scored).
pub fn evaluate(
    gold: &[GoldRecord],
    data_root: &Path,
    extractor: &Extractor,
    reference_skills: &[String],
) -> Result<EvalReport> {
    let scorer = Scorer::new(extractor, reference_skills);
    let mut sources = SourceCache::default();
    let mut report = EvalReport::default();
    for record in gold {
        let resume = sources.load(data_root, record)?;
        let text = normalize(&resume.text);
        let resume_facts = extractor.extract_normalized(&resume, &text);
        let facts = FactsRecord::new(&resume_facts, extractor.lexicon());
        let mut errors = scorer.score(record, &facts, &mut report);
        for field in &mut errors {
            let names = field.missed.iter().chain(&field.false_hits);
            field.contexts = names
                .filter_map(|name| {
                    mention_context(name, &text, &resume_facts, extractor)
                        .map(|c| (name.clone(), c))
                })
                .collect();
        }
        if !errors.is_empty() {
            report.resumes.push(ResumeErrors {
                id: record.id.clone(),
                errors,
            });
        }
    }
    Ok(report)
}

/// The text around a mention of `name` (a folded display name): the matched mention
/// if there is one, else the first occurrence of the name itself.
fn mention_context(
    name: &str,
    text: &str,
    facts: &ResumeFacts,
    extractor: &Extractor,
) -> Option<String> {
    facts
        .mentions
        .iter()
        .find(|m| fold_name(&extractor.lexicon().entry(m.entry).name) == name)
        .map(|m| explain::context(text, m.start, m.end))
        .or_else(|| explain::find_context(text, name))
}

/// Reads a gold JSONL file.
pub fn read_gold(path: &Path) -> Result<Vec<GoldRecord>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| Error::Input {
                path: path.to_path_buf(),
                message: format!("line {}: {e}", i + 1),
            })
        })
        .collect()
}

/// Reads a reference skill list: one name a line, `#` comments.
pub fn read_reference(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}

/// Comparison keys for each field.
struct Scorer<'a> {
    reference: BTreeSet<String>,
    certifications: HashMap<String, EntryId>,
    extractor: &'a Extractor,
    employers: EmployerExtractor,
}

impl<'a> Scorer<'a> {
    fn new(extractor: &'a Extractor, reference_skills: &[String]) -> Scorer<'a> {
        let mut certifications = HashMap::new();
        for (index, entry) in extractor.lexicon().entries().iter().enumerate() {
            if entry.kind != Kind::Certification {
                continue;
            }
            let id = EntryId::try_from(index).unwrap_or(EntryId::MAX);
            certifications.insert(fold_name(&entry.name), id);
            for alias in &entry.aliases {
                certifications.entry(fold_name(&alias.text)).or_insert(id);
            }
        }
        Scorer {
            reference: reference_skills.iter().map(|s| fold_name(s)).collect(),
            certifications,
            extractor,
            employers: EmployerExtractor::new(),
        }
    }

    fn score(
        &self,
        gold: &GoldRecord,
        facts: &FactsRecord,
        report: &mut EvalReport,
    ) -> Vec<FieldErrors> {
        let mut errors = Vec::new();
        if let Some(level) = &gold.highest_degree {
            report.degree_scored += 1;
            if level == facts.highest_degree {
                report.degree_correct += 1;
            } else {
                errors.push(FieldErrors {
                    field: "highest_degree",
                    missed: vec![level.clone()],
                    false_hits: vec![facts.highest_degree.to_string()],
                    contexts: Vec::new(),
                });
            }
        }
        if let Some(names) = &gold.skills {
            let gold_set: BTreeSet<String> = names.iter().map(|s| fold_name(s)).collect();
            let predicted: BTreeSet<String> = facts
                .skills
                .iter()
                .map(|s| fold_name(&s.name))
                .filter(|s| self.reference.contains(s))
                .collect();
            compare(
                "skills",
                &gold_set,
                &predicted,
                &mut report.skills,
                &mut errors,
            );
        }
        if let Some(names) = &gold.certifications {
            let gold_set: BTreeSet<String> =
                names.iter().map(|n| self.certification_key(n)).collect();
            let predicted: BTreeSet<String> = facts
                .certifications
                .iter()
                .map(|n| self.certification_key(n))
                .collect();
            compare(
                "certifications",
                &gold_set,
                &predicted,
                &mut report.certifications,
                &mut errors,
            );
        }
        if let Some(levels) = &gold.degrees {
            let gold_set: BTreeSet<String> = levels.iter().cloned().collect();
            let predicted: BTreeSet<String> = facts.degrees.iter().map(|d| d.to_string()).collect();
            compare(
                "degrees",
                &gold_set,
                &predicted,
                &mut report.degrees,
                &mut errors,
            );
        }
        if let Some(names) = &gold.employers {
            let gold_set: BTreeSet<String> = names.iter().map(|n| self.employer_key(n)).collect();
            let predicted: BTreeSet<String> = facts
                .employers
                .iter()
                .map(|n| self.employer_key(n))
                .collect();
            compare(
                "employers",
                &gold_set,
                &predicted,
                &mut report.employers,
                &mut errors,
            );
        }
        errors
    }

    fn certification_key(&self, name: &str) -> String {
        let folded = fold_name(name);
        match self.certifications.get(&folded) {
            Some(&id) => self.extractor.lexicon().entry(id).name.clone(),
            None => folded,
        }
    }

    fn employer_key(&self, name: &str) -> String {
        fold_name(
            &self
                .employers
                .clean(name)
                .unwrap_or_else(|| name.to_string()),
        )
    }
}

fn compare(
    field: &'static str,
    gold: &BTreeSet<String>,
    predicted: &BTreeSet<String>,
    score: &mut ListScore,
    errors: &mut Vec<FieldErrors>,
) {
    score.add(gold, predicted);
    let missed: Vec<String> = gold.difference(predicted).cloned().collect();
    let false_hits: Vec<String> = predicted.difference(gold).cloned().collect();
    if !missed.is_empty() || !false_hits.is_empty() {
        errors.push(FieldErrors {
            field,
            missed,
            false_hits,
            contexts: Vec::new(),
        });
    }
}

/// Case-folded, punctuation folded to spaces, spaces collapsed.
pub fn fold_name(name: &str) -> String {
    let folded = fold_case(&normalize(name));
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '+' || c == '#' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Loads gold sources: `.txt` paths, or `file.csv#row=N` (0-based data row), reading
/// each CSV once.
#[derive(Default)]
struct SourceCache {
    csv: HashMap<PathBuf, Vec<(String, String)>>,
}

impl SourceCache {
    fn load(&mut self, root: &Path, record: &GoldRecord) -> Result<Resume> {
        let (path, row) = match record.source.split_once("#row=") {
            Some((path, row)) => (root.join(path), Some(row)),
            None => (root.join(&record.source), None),
        };
        let (occupation, text) = match row {
            None => {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                let occupation = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned());
                (occupation.unwrap_or_default(), text)
            }
            Some(row) => {
                let index: usize = row.parse().map_err(|_| bad_source(&path, record))?;
                let rows = self.csv_rows(&path)?;
                rows.get(index)
                    .cloned()
                    .ok_or_else(|| bad_source(&path, record))?
            }
        };
        Ok(Resume {
            id: record.id.clone(),
            occupation,
            text,
            salary: None,
            origin: record.source.clone(),
        })
    }

    /// (occupation, text) per data row: text = the longest field, occupation = the
    /// `Category`/`occupation` column when there is one.
    fn csv_rows(&mut self, path: &Path) -> Result<&Vec<(String, String)>> {
        if !self.csv.contains_key(path) {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_path(path)
                .map_err(|e| Error::Input {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })?;
            let headers = reader
                .headers()
                .map_err(|e| Error::Input {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })?
                .clone();
            let occupation_col = headers
                .iter()
                .position(|h| h == "Category" || h == "occupation");
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| Error::Input {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })?;
                let text = record
                    .iter()
                    .max_by_key(|f| f.len())
                    .unwrap_or_default()
                    .to_string();
                let occupation = occupation_col
                    .and_then(|c| record.get(c))
                    .unwrap_or_default()
                    .to_string();
                rows.push((occupation, text));
            }
            self.csv.insert(path.to_path_buf(), rows);
        }
        Ok(&self.csv[path])
    }
}

fn bad_source(path: &Path, record: &GoldRecord) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message: format!(
            "gold record {}: no such source row {:?}",
            record.id, record.source
        ),
    }
}
