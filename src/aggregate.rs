//! [`ResumeFacts`] → mergeable [`Counts`] → sorted table rows ([`Tables`]).
//!
//! `Counts::merge` is associative and commutative, so per-thread (and, later,
//! per-shard) counts combine in any order and grouping to the same result. Rows are
//! sorted before they leave this module, so output is identical run to run.

use std::collections::{BTreeMap, HashMap};

use crate::extract::{DegreeLevel, ResumeFacts};
use crate::lexicon::{EntryId, Kind, Lexicon};
use crate::normalize::fold_case;

/// Distinct-resume counts per occupation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub occupations: BTreeMap<String, OccupationCounts>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OccupationCounts {
    pub resumes: u64,
    /// Resumes naming each lexicon entry.
    pub entries: HashMap<EntryId, u64>,
    /// Resumes per highest degree, indexed by [`DegreeLevel::index`].
    pub degrees: [u64; DegreeLevel::ALL.len()],
    /// Resumes per employer, keyed by the case-folded name.
    pub employers: HashMap<String, EmployerCount>,
    /// Resumes per headline title, keyed by the case-folded title.
    pub titles: HashMap<String, EmployerCount>,
    /// Resumes per total months of experience (those with dated work history).
    pub experience_months: BTreeMap<u32, u64>,
    /// Records per yearly salary, rounded to the nearest $100 (in hundreds).
    pub salary_hundreds: BTreeMap<u32, u64>,
}

/// A name's count (employer or title) and the spelling shown for it (the smallest
/// spelling seen, which keeps merging order-independent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerCount {
    pub name: String,
    pub resumes: u64,
}

impl Counts {
    /// Counts one resume.
    pub fn add(&mut self, facts: &ResumeFacts) {
        let occupation = self
            .occupations
            .entry(facts.occupation.clone())
            .or_default();
        occupation.resumes += 1;
        for entry in &facts.entries {
            *occupation.entries.entry(*entry).or_default() += 1;
        }
        occupation.degrees[facts.highest_degree.index()] += 1;
        for name in &facts.employers {
            let count = EmployerCount {
                name: name.clone(),
                resumes: 1,
            };
            merge_employer(&mut occupation.employers, fold_case(name), count);
        }
        if let Some(title) = &facts.title {
            let count = EmployerCount {
                name: title.clone(),
                resumes: 1,
            };
            merge_employer(&mut occupation.titles, fold_case(title), count);
        }
        if let Some(years) = facts.years_experience {
            let months = (years * 12.0).round() as u32;
            *occupation.experience_months.entry(months).or_default() += 1;
        }
        if let Some(yearly) = facts.salary_yearly {
            let hundreds = (yearly / 100.0).round() as u32;
            *occupation.salary_hundreds.entry(hundreds).or_default() += 1;
        }
    }

    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: Counts) {
        for (name, theirs) in other.occupations {
            let ours = self.occupations.entry(name).or_default();
            ours.resumes += theirs.resumes;
            for (entry, n) in theirs.entries {
                *ours.entries.entry(entry).or_default() += n;
            }
            for (ours, theirs) in ours.degrees.iter_mut().zip(theirs.degrees) {
                *ours += theirs;
            }
            for (key, count) in theirs.employers {
                merge_employer(&mut ours.employers, key, count);
            }
            for (key, count) in theirs.titles {
                merge_employer(&mut ours.titles, key, count);
            }
            for (months, n) in theirs.experience_months {
                *ours.experience_months.entry(months).or_default() += n;
            }
            for (hundreds, n) in theirs.salary_hundreds {
                *ours.salary_hundreds.entry(hundreds).or_default() += n;
            }
        }
    }

    /// `self` merged with `other`, for folds and reductions.
    pub fn merged(mut self, other: Counts) -> Counts {
        self.merge(other);
        self
    }

    pub fn resumes(&self) -> u64 {
        self.occupations.values().map(|o| o.resumes).sum()
    }
}

fn merge_employer(map: &mut HashMap<String, EmployerCount>, key: String, count: EmployerCount) {
    match map.get_mut(&key) {
        Some(existing) => {
            existing.resumes += count.resumes;
            if count.name < existing.name {
                existing.name = count.name;
            }
        }
        None => {
            map.insert(key, count);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OccupationRow {
    pub occupation: String,
    pub resumes: u64,
}

/// A row of `skills` (kind skill or soft_skill) or of `certifications`.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRow {
    pub occupation: String,
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub resumes: u64,
    pub pct: f64,
    pub rank: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DegreeRow {
    pub occupation: String,
    pub level: DegreeLevel,
    pub resumes: u64,
    pub pct: f64,
}

/// A row of `employers` or `titles`: a name (employer or headline title), the
/// resumes of the occupation carrying it, and its rank.
#[derive(Debug, Clone, PartialEq)]
pub struct NameRow {
    pub occupation: String,
    pub name: String,
    pub resumes: u64,
    pub rank: u32,
}

/// A row of `experience`: years of dated work history per occupation.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperienceRow {
    pub occupation: String,
    pub resumes_with_dates: u64,
    pub median_years: f64,
    pub p25: f64,
    pub p75: f64,
}

/// A row of `salaries`: yearly figures (to the nearest $100) per occupation.
#[derive(Debug, Clone, PartialEq)]
pub struct SalaryRow {
    pub occupation: String,
    pub n: u64,
    pub mean: f64,
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
    /// The median as an hourly rate (yearly / 2080).
    pub hourly: f64,
}

/// Every published table, rows in their final order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    pub occupations: Vec<OccupationRow>,
    pub skills: Vec<EntryRow>,
    pub certifications: Vec<EntryRow>,
    pub degrees: Vec<DegreeRow>,
    pub employers: Vec<NameRow>,
    pub titles: Vec<NameRow>,
    pub experience: Vec<ExperienceRow>,
    pub salaries: Vec<SalaryRow>,
}

/// Builds the sorted tables. Ranks run from 1 within (occupation, kind): most resumes
/// first, ties broken by name. Every degree level is listed, zeros included, so an
/// occupation's degree pcts sum to 100.
pub fn tables(counts: &Counts, lexicon: &Lexicon) -> Tables {
    let scrubber = crate::scrub::Scrubber::new();
    let mut tables = Tables::default();
    for (occupation, c) in &counts.occupations {
        tables.occupations.push(OccupationRow {
            occupation: occupation.clone(),
            resumes: c.resumes,
        });
        let pct = |n: u64| 100.0 * n as f64 / c.resumes as f64;
        for kind in [Kind::Skill, Kind::SoftSkill, Kind::Certification] {
            let rows = entry_rows(occupation, c, lexicon, kind, &pct);
            match kind {
                Kind::Certification => tables.certifications.extend(rows),
                _ => tables.skills.extend(rows),
            }
        }
        for level in DegreeLevel::ALL {
            let resumes = c.degrees[level.index()];
            tables.degrees.push(DegreeRow {
                occupation: occupation.clone(),
                level,
                resumes,
                pct: pct(resumes),
            });
        }
        tables
            .employers
            .extend(name_rows(occupation, &c.employers, |_| true));
        // Titles come from resume text: one the scrubber flags is never counted.
        let clean_title = |title: &str| scrubber.is_clean(title, &[]);
        tables
            .titles
            .extend(name_rows(occupation, &c.titles, clean_title));
        tables.experience.extend(experience_row(occupation, c));
        tables.salaries.extend(salary_row(occupation, c));
    }
    tables
}

/// The names of a count map that `keep` accepts, most resumes first, ties by name,
/// ranked 1..n.
fn name_rows(
    occupation: &str,
    names: &HashMap<String, EmployerCount>,
    keep: impl Fn(&str) -> bool,
) -> Vec<NameRow> {
    let mut rows: Vec<NameRow> = names
        .values()
        .filter(|n| keep(&n.name))
        .map(|n| NameRow {
            occupation: occupation.to_string(),
            name: n.name.clone(),
            resumes: n.resumes,
            rank: 0,
        })
        .collect();
    rows.sort_by(|a, b| b.resumes.cmp(&a.resumes).then_with(|| a.name.cmp(&b.name)));
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = rank(i);
    }
    rows
}

/// Nearest-rank quartiles of years of experience (months / 12).
fn experience_row(occupation: &str, counts: &OccupationCounts) -> Option<ExperienceRow> {
    let n: u64 = counts.experience_months.values().sum();
    if n == 0 {
        return None;
    }
    let quantile = |p| f64::from(nearest_rank(&counts.experience_months, n, p)) / 12.0;
    Some(ExperienceRow {
        occupation: occupation.to_string(),
        resumes_with_dates: n,
        median_years: quantile(0.5),
        p25: quantile(0.25),
        p75: quantile(0.75),
    })
}

/// Rows withheld because they rest on fewer than `min_count` resumes, per table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Suppressed {
    pub min_count: u64,
    pub occupations: u64,
    pub skills: u64,
    pub certifications: u64,
    pub degrees: u64,
    pub employers: u64,
    pub titles: u64,
    pub experience: u64,
    pub salaries: u64,
}

/// Drops every row that rests on fewer than `min_count` resumes, and every row of an
/// occupation with fewer than `min_count` resumes. Ranks stay as they were: rows are
/// sorted by resumes, so only each group's tail goes.
pub fn suppress(tables: &mut Tables, min_count: u64) -> Suppressed {
    let small: std::collections::BTreeSet<String> = tables
        .occupations
        .iter()
        .filter(|r| r.resumes < min_count)
        .map(|r| r.occupation.clone())
        .collect();
    let keep = |occupation: &str, resumes: u64| resumes >= min_count && !small.contains(occupation);
    Suppressed {
        min_count,
        occupations: retain(&mut tables.occupations, |r| keep(&r.occupation, r.resumes)),
        skills: retain(&mut tables.skills, |r| keep(&r.occupation, r.resumes)),
        certifications: retain(&mut tables.certifications, |r| {
            keep(&r.occupation, r.resumes)
        }),
        // A zero says nothing about anyone; it stays so the ladder is complete.
        degrees: retain(&mut tables.degrees, |r| {
            keep(&r.occupation, r.resumes) || (r.resumes == 0 && !small.contains(&r.occupation))
        }),
        employers: retain(&mut tables.employers, |r| keep(&r.occupation, r.resumes)),
        titles: retain(&mut tables.titles, |r| keep(&r.occupation, r.resumes)),
        experience: retain(&mut tables.experience, |r| {
            keep(&r.occupation, r.resumes_with_dates)
        }),
        salaries: retain(&mut tables.salaries, |r| keep(&r.occupation, r.n)),
    }
}

/// Keeps the rows `keep` accepts; returns how many went.
fn retain<R>(rows: &mut Vec<R>, keep: impl Fn(&R) -> bool) -> u64 {
    let before = rows.len();
    rows.retain(|r| keep(r));
    (before - rows.len()) as u64
}

/// Mean and nearest-rank percentiles of the stated yearly salaries.
fn salary_row(occupation: &str, counts: &OccupationCounts) -> Option<SalaryRow> {
    let n: u64 = counts.salary_hundreds.values().sum();
    if n == 0 {
        return None;
    }
    let total: f64 = counts
        .salary_hundreds
        .iter()
        .map(|(&h, &count)| f64::from(h) * 100.0 * count as f64)
        .sum();
    let quantile = |p| f64::from(nearest_rank(&counts.salary_hundreds, n, p)) * 100.0;
    let median = quantile(0.5);
    Some(SalaryRow {
        occupation: occupation.to_string(),
        n,
        mean: total / n as f64,
        p10: quantile(0.1),
        median,
        p90: quantile(0.9),
        hourly: median / crate::extract::salary::HOURS_PER_YEAR,
    })
}

/// The value at rank ceil(p·n) (at least 1) of a histogram holding `n` values.
fn nearest_rank(histogram: &BTreeMap<u32, u64>, n: u64, p: f64) -> u32 {
    let target = ((p * n as f64).ceil() as u64).max(1);
    let mut seen = 0;
    for (&value, &count) in histogram {
        seen += count;
        if seen >= target {
            return value;
        }
    }
    0
}

fn entry_rows(
    occupation: &str,
    counts: &OccupationCounts,
    lexicon: &Lexicon,
    kind: Kind,
    pct: &dyn Fn(u64) -> f64,
) -> Vec<EntryRow> {
    let mut rows: Vec<EntryRow> = counts
        .entries
        .iter()
        .map(|(&id, &resumes)| (lexicon.entry(id), resumes))
        .filter(|(entry, _)| entry.kind == kind)
        .map(|(entry, resumes)| EntryRow {
            occupation: occupation.to_string(),
            id: entry.id.clone(),
            name: entry.name.clone(),
            kind,
            resumes,
            pct: pct(resumes),
            rank: 0,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.resumes
            .cmp(&a.resumes)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = rank(i);
    }
    rows
}

fn rank(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn facts(
        occupation: &str,
        entries: &[EntryId],
        degree: DegreeLevel,
        employers: &[&str],
    ) -> ResumeFacts {
        ResumeFacts {
            id: String::new(),
            occupation: occupation.into(),
            inferred: None,
            title: None,
            job_titles: Vec::new(),
            years_experience: None,
            salary_yearly: None,
            entries: entries.to_vec(),
            mentions: Vec::new(),
            degrees: vec![degree],
            highest_degree: degree,
            employers: employers.iter().map(|e| e.to_string()).collect(),
        }
    }

    fn arb_facts() -> impl Strategy<Value = ResumeFacts> {
        let occupation = prop::sample::select(vec!["A", "B", "C"]);
        let entries = prop::collection::btree_set(0u32..6, 0..4);
        let degree = prop::sample::select(DegreeLevel::ALL.to_vec());
        let employers = prop::collection::vec(
            prop::sample::select(vec!["Acme", "ACME", "Zeta", "beta"]),
            0..3,
        );
        (occupation, entries, degree, employers).prop_map(|(o, e, d, emp)| {
            let e: Vec<EntryId> = e.into_iter().collect();
            let emp: Vec<&str> = emp;
            facts(o, &e, d, &emp)
        })
    }

    fn counts_of(facts: &[ResumeFacts]) -> Counts {
        let mut counts = Counts::default();
        for f in facts {
            counts.add(f);
        }
        counts
    }

    proptest! {
        #[test]
        fn merge_in_any_order_and_grouping_is_the_same(
            all in prop::collection::vec(arb_facts(), 0..40),
            cuts in prop::collection::vec(0usize..40, 0..6),
            order in any::<prop::sample::Index>(),
        ) {
            let single = counts_of(&all);
            let mut bounds: Vec<usize> = cuts.into_iter().map(|c| c.min(all.len())).collect();
            bounds.extend([0, all.len()]);
            bounds.sort_unstable();
            let mut parts: Vec<Counts> = bounds.windows(2).map(|w| counts_of(&all[w[0]..w[1]])).collect();
            // Merge the parts in a rotated order, pairwise from the right.
            let rotate = order.index(parts.len().max(1)).min(parts.len());
            parts.rotate_left(rotate);
            let right_fold = parts.clone().into_iter().rev().fold(Counts::default(), |acc, p| p.merged(acc));
            let left_fold = parts.into_iter().fold(Counts::default(), Counts::merged);
            prop_assert_eq!(&right_fold, &single);
            prop_assert_eq!(&left_fold, &single);
        }
    }

    #[test]
    fn suppression_drops_small_cells_and_small_occupations() {
        let mut all = Vec::new();
        for i in 0..5 {
            let entries: &[EntryId] = if i < 3 { &[0, 1] } else { &[0] };
            all.push(facts("BIG", entries, DegreeLevel::Bachelor, &["Acme"]));
        }
        all.push(facts("SMALL", &[0], DegreeLevel::Master, &[]));
        let lexicon = Lexicon::from_str(
            std::path::Path::new("t.tsv"),
            "id\tkind\tname\taliases\na\tskill\tA\t\nb\tskill\tB\t\n",
        )
        .expect("lexicon");
        let mut t = tables(&counts_of(&all), &lexicon);
        let suppressed = suppress(&mut t, 4);
        // BIG: 5 resumes; A in 5, B in 3 (< 4); bachelor 5, other levels 0; Acme 5.
        // SMALL: 1 resume, so all of its rows go.
        assert_eq!(
            t.occupations
                .iter()
                .map(|r| r.occupation.as_str())
                .collect::<Vec<_>>(),
            ["BIG"]
        );
        assert_eq!(
            t.skills
                .iter()
                .map(|r| (r.id.as_str(), r.rank))
                .collect::<Vec<_>>(),
            [("a", 1)]
        );
        assert_eq!(
            t.degrees.len(),
            7,
            "BIG keeps its bachelor row and its six zeros"
        );
        assert_eq!(t.employers.len(), 1);
        let expected = Suppressed {
            min_count: 4,
            occupations: 1,
            skills: 2,
            certifications: 0,
            degrees: 7,
            employers: 0,
            titles: 0,
            experience: 0,
            salaries: 0,
        };
        assert_eq!(suppressed, expected);
    }

    #[test]
    fn experience_quartiles_by_nearest_rank() {
        let mut all = Vec::new();
        // Years 1, 2, 3, 4, 10: p25 = 2nd value, median = 3rd, p75 = 4th.
        for years in [4.0, 1.0, 10.0, 2.0, 3.0] {
            let mut f = facts("X", &[], DegreeLevel::None, &[]);
            f.years_experience = Some(years);
            all.push(f);
        }
        all.push(facts("X", &[], DegreeLevel::None, &[]));
        let row = experience_row("X", &counts_of(&all).occupations["X"]).expect("dated resumes");
        assert_eq!(
            (row.resumes_with_dates, row.p25, row.median_years, row.p75),
            (5, 2.0, 3.0, 4.0)
        );
    }

    #[test]
    fn employer_spelling_is_order_independent() {
        let a = counts_of(&[facts("X", &[], DegreeLevel::None, &["acme"])]);
        let b = counts_of(&[facts("X", &[], DegreeLevel::None, &["Acme"])]);
        let ab = a.clone().merged(b.clone());
        let ba = b.merged(a);
        assert_eq!(ab, ba);
        let employer = &ab.occupations["X"].employers["acme"];
        assert_eq!((employer.name.as_str(), employer.resumes), ("Acme", 2));
    }
}
