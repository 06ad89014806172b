//! One JSON document per published occupation, for the website/API:
//! `occupations/<slug>.json`, everything the tables say about the occupation (after
//! suppression) in one place. The schema is in the README and carries
//! [`SCHEMA_VERSION`]; a change that breaks readers bumps it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::publish;
use crate::aggregate::{ComparisonRow, EntryRow, Tables};
use crate::error::{Error, Result};
use crate::ingest::UNKNOWN_OCCUPATION;
use crate::lexicon::Kind;

/// Version of the document schema.
pub const SCHEMA_VERSION: u32 = 1;
/// Significant differences a document lists per other occupation.
pub const COMPARISONS_PER_PAIR: usize = 10;
/// Directory of the documents under the output directory.
pub const DIR: &str = "occupations";

#[derive(Debug, Serialize)]
pub struct Document<'t> {
    pub schema_version: u32,
    pub occupation: &'t str,
    pub slug: String,
    pub resumes: u64,
    pub min_count: u64,
    pub headline: Option<Headline<'t>>,
    pub skills: Vec<Share<'t>>,
    pub soft_skills: Vec<Share<'t>>,
    pub certifications: Vec<Share<'t>>,
    pub degrees: Vec<Degree>,
    pub employers: Vec<Name<'t>>,
    pub titles: Vec<Name<'t>>,
    pub experience: Option<Experience>,
    pub salary: Option<Salary>,
    pub responsibilities: Vec<Responsibility<'t>>,
    pub skill_quotes: Vec<SkillQuote<'t>>,
    /// Significant differences with other occupations, largest first, at most
    /// [`COMPARISONS_PER_PAIR`] per other occupation.
    pub comparisons: Vec<Comparison<'t>>,
}

#[derive(Debug, Serialize)]
pub struct Headline<'t> {
    pub top3: &'t [String],
    pub pct_any_top3: f64,
    pub sentence: &'t str,
}

#[derive(Debug, Serialize)]
pub struct Share<'t> {
    pub id: &'t str,
    pub name: &'t str,
    pub resumes: u64,
    pub pct: f64,
    pub rank: u32,
}

#[derive(Debug, Serialize)]
pub struct Degree {
    pub level: &'static str,
    pub resumes: u64,
    pub pct: f64,
}

#[derive(Debug, Serialize)]
pub struct Name<'t> {
    pub name: &'t str,
    pub resumes: u64,
    pub rank: u32,
}

#[derive(Debug, Serialize)]
pub struct Experience {
    pub resumes_with_dates: u64,
    pub median_years: f64,
    pub p25: f64,
    pub p75: f64,
}

#[derive(Debug, Serialize)]
pub struct Salary {
    pub n: u64,
    pub mean: f64,
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
    pub hourly: f64,
}

#[derive(Debug, Serialize)]
pub struct Responsibility<'t> {
    pub rank: u32,
    pub sentence: &'t str,
    pub support: u64,
    pub skills: &'t [String],
}

#[derive(Debug, Serialize)]
pub struct SkillQuote<'t> {
    pub skill_id: &'t str,
    pub skill: &'t str,
    pub kind: &'static str,
    pub quote: &'t str,
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
            let of = |row_occupation: &str| row_occupation == name;
            let shares = |rows, kind| shares(rows, name, kind);
            Document {
                schema_version: SCHEMA_VERSION,
                occupation: name,
                slug,
                resumes: o.resumes,
                min_count,
                headline: tables
                    .headlines
                    .iter()
                    .find(|h| of(&h.occupation))
                    .map(|h| Headline {
                        top3: &h.top3,
                        pct_any_top3: h.pct_any_top3,
                        sentence: &h.sentence,
                    }),
                skills: shares(&tables.skills, Some(Kind::Skill)),
                soft_skills: shares(&tables.skills, Some(Kind::SoftSkill)),
                certifications: shares(&tables.certifications, None),
                degrees: tables
                    .degrees
                    .iter()
                    .filter(|r| of(&r.occupation))
                    .map(|r| Degree {
                        level: r.level.as_str(),
                        resumes: r.resumes,
                        pct: r.pct,
                    })
                    .collect(),
                employers: names(&tables.employers, name),
                titles: names(&tables.titles, name),
                experience: tables
                    .experience
                    .iter()
                    .find(|r| of(&r.occupation))
                    .map(|r| Experience {
                        resumes_with_dates: r.resumes_with_dates,
                        median_years: r.median_years,
                        p25: r.p25,
                        p75: r.p75,
                    }),
                salary: tables
                    .salaries
                    .iter()
                    .find(|r| of(&r.occupation))
                    .map(|r| Salary {
                        n: r.n,
                        mean: r.mean,
                        p10: r.p10,
                        median: r.median,
                        p90: r.p90,
                        hourly: r.hourly,
                    }),
                responsibilities: tables
                    .responsibilities
                    .iter()
                    .filter(|r| of(&r.occupation))
                    .map(|r| Responsibility {
                        rank: r.rank,
                        sentence: &r.sentence,
                        support: r.support,
                        skills: &r.skills,
                    })
                    .collect(),
                skill_quotes: tables
                    .skill_quotes
                    .iter()
                    .filter(|r| of(&r.occupation))
                    .map(|r| SkillQuote {
                        skill_id: &r.skill_id,
                        skill: &r.skill,
                        kind: r.kind.as_str(),
                        quote: &r.quote,
                    })
                    .collect(),
                comparisons: comparisons(&tables.comparisons, name),
            }
        })
        .collect()
}

fn shares<'t>(rows: &'t [EntryRow], occupation: &str, kind: Option<Kind>) -> Vec<Share<'t>> {
    rows.iter()
        .filter(|r| r.occupation == occupation && kind.is_none_or(|k| r.kind == k))
        .map(|r| Share {
            id: &r.id,
            name: &r.name,
            resumes: r.resumes,
            pct: r.pct,
            rank: r.rank,
        })
        .collect()
}

fn names<'t>(rows: &'t [crate::aggregate::NameRow], occupation: &str) -> Vec<Name<'t>> {
    rows.iter()
        .filter(|r| r.occupation == occupation)
        .map(|r| Name {
            name: &r.name,
            resumes: r.resumes,
            rank: r.rank,
        })
        .collect()
}

/// The occupation's significant differences, from its side, largest first, at most
/// [`COMPARISONS_PER_PAIR`] per other occupation (the `comparisons` table has them
/// all).
fn comparisons<'t>(rows: &'t [ComparisonRow], occupation: &str) -> Vec<Comparison<'t>> {
    let mut out: Vec<Comparison<'t>> = rows
        .iter()
        .filter(|r| r.significant)
        .filter_map(|r| {
            let (other, pct, pct_other) = if r.occupation_a == occupation {
                (&r.occupation_b, r.pct_a, r.pct_b)
            } else if r.occupation_b == occupation {
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
