//! One JSON document per published occupation, for the website/API:
//! `occupations/<slug>.json`, everything the tables say about the occupation (after
//! suppression) in one place. The schema is in the README and carries
//! [`SCHEMA_VERSION`]; a change that breaks readers bumps it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::publish;
use crate::aggregate::{
    ComparisonRow, DegreeRow, EntryRow, ExperienceRow, HeadlineRow, NameRow, ResponsibilityRow,
    SalaryRow, SkillQuoteRow, Tables,
};
use crate::error::{Error, Result};
use crate::ingest::UNKNOWN_OCCUPATION;
use crate::lexicon::Kind;

/// Version of the document schema.
pub const SCHEMA_VERSION: u32 = 1;
/// Significant differences a document lists per other occupation.
pub const COMPARISONS_PER_PAIR: usize = 10;
/// Directory of the documents under the output directory.
pub const DIR: &str = "occupations";

/// An occupation's document. The rows are the tables' own (after suppression),
/// serialised without their occupation column.
#[derive(Debug, Serialize)]
pub struct Document<'t> {
    pub schema_version: u32,
    pub occupation: &'t str,
    pub slug: String,
    pub resumes: u64,
    pub min_count: u64,
    pub headline: Option<&'t HeadlineRow>,
    pub skills: Vec<&'t EntryRow>,
    pub soft_skills: Vec<&'t EntryRow>,
    pub certifications: Vec<&'t EntryRow>,
    pub degrees: Vec<&'t DegreeRow>,
    pub employers: Vec<&'t NameRow>,
    pub titles: Vec<&'t NameRow>,
    pub experience: Option<&'t ExperienceRow>,
    pub salary: Option<&'t SalaryRow>,
    pub responsibilities: Vec<&'t ResponsibilityRow>,
    pub skill_quotes: Vec<&'t SkillQuoteRow>,
    /// Significant differences with other occupations, largest first, at most
    /// [`COMPARISONS_PER_PAIR`] per other occupation.
    pub comparisons: Vec<Comparison<'t>>,
}

#[derive(Debug, Serialize)]
pub struct Comparison<'t> {
    pub other: &'t str,
    pub item_kind: &'t str,
    pub item_id: &'t str,
    pub item: &'t str,
    pub pct: f64,
    pub pct_other: f64,
    pub diff_pp: f64,
    pub q_value: f64,
}

/// A file-name- and URL-safe slug: lower-case ASCII letters and digits, runs of
/// anything else as one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("occupation");
    }
    out
}

/// Builds every published occupation's document (slugs made unique with `-2`, `-3`
/// in name order). Unlabelled records ("unknown") get none: no page is about them.
pub fn documents(tables: &Tables, min_count: u64) -> Vec<Document<'_>> {
    let mut used: BTreeMap<String, u32> = BTreeMap::new();
    tables
        .occupations
        .iter()
        .filter(|o| o.occupation != UNKNOWN_OCCUPATION)
        .map(|o| {
            let name = o.occupation.as_str();
            let base = slug(name);
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let slug = if *n == 1 { base } else { format!("{base}-{n}") };
            let skills = |kind: Kind| {
                of(&tables.skills, name, |r| &r.occupation)
                    .filter(|r| r.kind == kind)
                    .collect()
            };
            Document {
                schema_version: SCHEMA_VERSION,
                occupation: name,
                slug,
                resumes: o.resumes,
                min_count,
                headline: of(&tables.headlines, name, |r| &r.occupation).next(),
                skills: skills(Kind::Skill),
                soft_skills: skills(Kind::SoftSkill),
                certifications: of(&tables.certifications, name, |r| &r.occupation).collect(),
                degrees: of(&tables.degrees, name, |r| &r.occupation).collect(),
                employers: of(&tables.employers, name, |r| &r.occupation).collect(),
                titles: of(&tables.titles, name, |r| &r.occupation).collect(),
                experience: of(&tables.experience, name, |r| &r.occupation).next(),
                salary: of(&tables.salaries, name, |r| &r.occupation).next(),
                responsibilities: of(&tables.responsibilities, name, |r| &r.occupation).collect(),
                skill_quotes: of(&tables.skill_quotes, name, |r| &r.occupation).collect(),
                comparisons: comparisons(&tables.comparisons, name),
            }
        })
        .collect()
}

/// The rows of `occupation`, in table order.
fn of<'t, R>(
    rows: &'t [R],
    occupation: &'t str,
    occupation_of: fn(&R) -> &String,
) -> impl Iterator<Item = &'t R> + 't {
    rows.iter().filter(move |r| occupation_of(r) == occupation)
}

/// The occupation's significant differences, from its side, largest first, at most
/// [`COMPARISONS_PER_PAIR`] per other occupation (the `comparisons` table has them
/// all).
fn comparisons<'t>(rows: &'t [ComparisonRow], occupation: &str) -> Vec<Comparison<'t>> {
    let mut out: Vec<Comparison<'t>> = rows
        .iter()
        .filter(|r| r.significant)
        .filter_map(|r| {
            let (other, pct, pct_other) = if *r.occupation_a == *occupation {
                (&r.occupation_b, r.pct_a, r.pct_b)
            } else if *r.occupation_b == *occupation {
                (&r.occupation_a, r.pct_b, r.pct_a)
            } else {
                return None;
            };
            Some(Comparison {
                other,
                item_kind: &r.item_kind,
                item_id: &r.item_id,
                item: &r.item,
                pct,
                pct_other,
                diff_pp: pct - pct_other,
                q_value: r.q_value,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.diff_pp
            .abs()
            .total_cmp(&a.diff_pp.abs())
            .then_with(|| a.other.cmp(b.other))
            .then_with(|| a.item_id.cmp(b.item_id))
    });
    let mut per_other: BTreeMap<&str, usize> = BTreeMap::new();
    out.retain(|c| {
        let n = per_other.entry(c.other).or_default();
        *n += 1;
        *n <= COMPARISONS_PER_PAIR
    });
    out
}

/// Writes the documents into `out_dir/occupations/`, replacing the `.json` files a
/// previous run left there; returns the files written.
pub fn write_documents(out_dir: &Path, tables: &Tables, min_count: u64) -> Result<Vec<PathBuf>> {
    let dir = out_dir.join(DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
        let path = entry.map_err(|e| Error::io(&dir, e))?.path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    let mut written = Vec::new();
    for document in documents(tables, min_count) {
        let path = dir.join(format!("{}.json", document.slug));
        publish(&path, |writer| {
            serde_json::to_writer_pretty(&mut *writer, &document).map_err(|e| Error::Write {
                table: path.display().to_string(),
                message: e.to_string(),
            })
        })?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for (name, expected) in [
            ("HEALTHCARE", "healthcare"),
            ("Data Science", "data-science"),
            ("BPO / Call-Center", "bpo-call-center"),
            ("  --  ", "occupation"),
            ("Médico (general)", "m-dico-general"),
        ] {
            assert_eq!(slug(name), expected);
        }
    }
}
