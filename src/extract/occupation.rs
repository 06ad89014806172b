//! Occupation inference for resumes without a label: the headline title is looked up
//! in a title lexicon built from O*NET (Alternate Titles, Sample of Reported Titles and
//! the occupation titles themselves: ~60k titles → O*NET-SOC occupation).
//!
//! Lookup folds case and punctuation, drops seniority words ("Senior", "Sr.", "II"),
//! and, when the whole title is not known, tries ever shorter endings of it ("Senior
//! Investment Banking Sales Analyst" → "Sales Analyst"), since the last words of a
//! job title name the job.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};

/// An inferred occupation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferredOccupation {
    /// O*NET-SOC code, e.g. `31-9097.00`.
    pub code: String,
    /// O*NET occupation title, e.g. `Phlebotomists`.
    pub title: String,
    /// The title lexicon entry that matched.
    pub matched: String,
}

const SENIORITY: &[&str] = &[
    "senior", "sr", "junior", "jr", "i", "ii", "iii", "iv", "trainee", "intern", "entry", "level",
];

/// Abbreviations job titles use, expanded before lookup.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("hr", "human resources"),
    ("it", "information technology"),
    ("mgr", "manager"),
    ("asst", "assistant"),
    ("admin", "administrative"),
    ("exec", "executive"),
    ("vp", "vice president"),
    ("rn", "registered nurse"),
    ("lpn", "licensed practical nurse"),
    ("cna", "certified nursing assistant"),
    ("qa", "quality assurance"),
    ("acct", "accountant"),
    ("coord", "coordinator"),
    ("tech", "technician"),
    ("rep", "representative"),
];

/// A title listed for more occupations than this says nothing ("Owner", "Teacher").
const MAX_CODES_PER_TITLE: usize = 3;

#[derive(Debug, Default)]
pub struct TitleIndex {
    /// Folded title → the codes it is listed for (ascending) and the title as written.
    titles: HashMap<String, (Vec<String>, String)>,
    /// Code → occupation title.
    occupations: HashMap<String, String>,
}

impl TitleIndex {
    /// Loads the O*NET text files of `dir` (`Occupation Data.txt` and `Alternate
    /// Titles.txt` required, `Sample of Reported Titles.txt` used when present).
    pub fn load(dir: &Path) -> Result<TitleIndex> {
        let mut index = TitleIndex::default();
        for (code, title) in read_columns(&dir.join("Occupation Data.txt"), "Title")? {
            index.add_occupation(&code, &title);
        }
        for (code, title) in read_columns(&dir.join("Alternate Titles.txt"), "Alternate Title")? {
            index.add(&code, &title);
        }
        let reported = dir.join("Sample of Reported Titles.txt");
        if reported.exists() {
            for (code, title) in read_columns(&reported, "Reported Job Title")? {
                index.add(&code, &title);
            }
        }
        Ok(index)
    }

    /// Adds a title for an occupation code.
    pub fn add(&mut self, code: &str, title: &str) {
        let key = title_key(title);
        if key.is_empty() {
            return;
        }
        let (codes, _) = self
            .titles
            .entry(key)
            .or_insert_with(|| (Vec::new(), title.to_string()));
        if let Err(at) = codes.binary_search_by(|c| c.as_str().cmp(code)) {
            codes.insert(at, code.to_string());
        }
    }

    /// Adds an occupation and its title, also in the singular ("Phlebotomists" →
    /// "Phlebotomist").
    pub fn add_occupation(&mut self, code: &str, title: &str) {
        self.occupations.insert(code.to_string(), title.to_string());
        self.add(code, title);
        self.add(code, &singular(title));
    }

    pub fn len(&self) -> usize {
        self.titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    /// The occupation a headline title names, if any of its endings is a known title.
    ///
    /// A title listed for several occupations goes to the one whose own title shares
    /// most words with the headline; one listed for more than three is too vague.
    pub fn infer(&self, headline: &str) -> Option<InferredOccupation> {
        let key = expand(&title_key(&without_parentheses(headline)));
        let words: Vec<&str> = key.split(' ').filter(|w| !SENIORITY.contains(w)).collect();
        // An ending shorter than two words is too vague ("Representative"), unless
        // it is the whole title ("Phlebotomist").
        let last_start = if words.len() > 1 { words.len() - 1 } else { 1 };
        (0..last_start).find_map(|skip| {
            let candidate = words[skip..].join(" ");
            let (codes, matched) = self.titles.get(&candidate)?;
            if codes.len() > MAX_CODES_PER_TITLE {
                return None;
            }
            let code = self.best_code(codes, &words)?;
            let title = self
                .occupations
                .get(code)
                .cloned()
                .unwrap_or_else(|| matched.clone());
            Some(InferredOccupation {
                code: code.clone(),
                title,
                matched: matched.clone(),
            })
        })
    }

    /// The code whose occupation title shares most words with `words` (ties: lowest).
    fn best_code<'c>(&self, codes: &'c [String], words: &[&str]) -> Option<&'c String> {
        codes.iter().max_by_key(|code| {
            let title = self
                .occupations
                .get(*code)
                .map(|t| title_key(t))
                .unwrap_or_default();
            let shared = title
                .split(' ')
                .filter(|w| words.iter().any(|h| w.starts_with(h) || h.starts_with(w)))
                .count();
            (shared, std::cmp::Reverse((*code).clone()))
        })
    }
}

/// "Certified Phlebotomy Technician (CPT)" → "Certified Phlebotomy Technician ".
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// The title with its last word in the singular ("Secretaries" → "Secretary").
fn singular(title: &str) -> String {
    let trimmed = title.trim_end();
    if let Some(stem) = trimmed.strip_suffix("ies") {
        format!("{stem}y")
    } else if trimmed.ends_with("ss") || !trimmed.ends_with('s') {
        trimmed.to_string()
    } else {
        trimmed[..trimmed.len() - 1].to_string()
    }
}

/// Expands the abbreviations of [`ABBREVIATIONS`] word by word.
fn expand(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or(w, |(_, full)| full)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case, letters and digits only, single spaces.
fn title_key(title: &str) -> String {
    let lower = title.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// (code, column) pairs of a tab-separated O*NET file with a header row.
fn read_columns(path: &Path, column: &str) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r')
        .split('\t')
        .collect();
    let index = header
        .iter()
        .position(|h| *h == column)
        .ok_or_else(|| Error::Input {
            path: path.to_path_buf(),
            message: format!("no column {column:?} in the header"),
        })?;
    Ok(lines
        .filter_map(|line| {
            let cols: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
            Some((cols.first()?.to_string(), cols.get(index)?.to_string()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> TitleIndex {
        let mut index = TitleIndex::default();
        index.add_occupation("31-9097.00", "Phlebotomists");
        index.add("31-9097.00", "Certified Phlebotomy Technician");
        index.add_occupation("43-3011.00", "Bill and Account Collectors");
        index.add("43-3011.00", "Debt Collector");
        index.add("43-3011.00", "Collector");
        index.add_occupation(
            "41-3031.00",
            "Securities, Commodities, and Financial Services Sales Agents",
        );
        index.add("41-3031.00", "Sales Analyst");
        index
    }

    #[test]
    fn inference_cases() {
        let cases = [
            ("PHLEBOTOMIST", Some(("31-9097.00", "Phlebotomists"))),
            (
                "Senior Debt Collector II",
                Some(("43-3011.00", "Bill and Account Collectors")),
            ),
            (
                "Senior Investment Banking Sales Analyst",
                Some((
                    "41-3031.00",
                    "Securities, Commodities, and Financial Services Sales Agents",
                )),
            ),
            (
                "Certified Phlebotomy Technician (CPT)",
                Some(("31-9097.00", "Phlebotomists")),
            ),
            ("Dreamer", None),
            (
                "Customer Care Sales Analyst",
                Some((
                    "41-3031.00",
                    "Securities, Commodities, and Financial Services Sales Agents",
                )),
            ),
            ("Customer Care Collector", None),
            (
                "Sr. Debt Collector",
                Some(("43-3011.00", "Bill and Account Collectors")),
            ),
        ];
        let index = index();
        for (headline, expected) in cases {
            let got = index.infer(headline);
            assert_eq!(
                got.as_ref().map(|o| (o.code.as_str(), o.title.as_str())),
                expected,
                "{headline}"
            );
        }
    }
}
