//! [`ResumeFacts`] → mergeable [`Counts`] → sorted table rows ([`Tables`]).
//!
//! `Counts::merge` is associative and commutative, so per-thread (and, later,
//! per-shard) counts combine in any order and grouping to the same result. Rows are
//! sorted before they leave this module, so output is identical run to run.

use std::borrow::Cow;
use std::cell::LazyCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use foldhash::fast::FixedState;

use crate::extract::{DegreeLevel, Quote, Responsibility, ResumeFacts};
use crate::lexicon::{EntryId, Kind, Lexicon};
use crate::neardup::{self, Signature};
use crate::normalize::fold_case;
use crate::scrub::Scrubber;

/// Distinct responsibility statements kept per occupation: the ones with the smallest
/// keys (a hash), a sample that is the same however the corpus is split and merged.
pub const RESPONSIBILITY_CANDIDATES: usize = 20_000;
/// Responsibilities published per occupation.
pub const RESPONSIBILITIES_PER_OCCUPATION: usize = 10;
/// Top skills that get a quote (every soft skill gets one too).
pub const QUOTED_TOP_SKILLS: usize = 10;

/// A map keyed by lexicon entry id, looked up twice per hit of every resume. Ids
/// come from our lexicon, not from the input, so the default hasher's defence
/// against chosen keys buys nothing here and costs a SipHash per lookup.
pub type EntryMap<V> = HashMap<EntryId, V, FixedState>;

/// Distinct-resume counts per occupation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub occupations: BTreeMap<String, OccupationCounts>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OccupationCounts {
    pub resumes: u64,
    /// Resumes naming each lexicon entry.
    pub entries: EntryMap<u64>,
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
    /// The resumes (by ordinal) naming each entry, for shares of "any of" a set.
    pub postings: EntryMap<Postings>,
    /// Responsibility statements by exact key, with the resumes stating them.
    pub responsibilities: HashMap<u64, ResponsibilityCount>,
    /// The best quote seen for each skill and soft skill.
    pub quotes: EntryMap<Quote>,
}

/// A responsibility statement and the resumes stating it (same words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsibilityCount {
    /// The smallest spelling seen.
    pub text: String,
    pub resumes: u64,
    pub signature: Box<Signature>,
    pub entries: Vec<EntryId>,
}

/// A sorted set of resume ordinals, delta- and varint-encoded (about a byte per
/// resume for a common skill).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    bytes: Vec<u8>,
    last: u64,
    len: u64,
}

impl Postings {
    /// Adds `ordinal`; in order this appends, out of order it merges.
    pub fn insert(&mut self, ordinal: u64) {
        if self.len == 0 || ordinal > self.last {
            let delta = if self.len == 0 {
                ordinal
            } else {
                ordinal - self.last
            };
            push_varint(&mut self.bytes, delta);
            self.last = ordinal;
            self.len += 1;
        } else {
            let mut single = Postings::default();
            single.insert(ordinal);
            self.merge(&single);
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        let mut at = 0;
        let mut value = 0u64;
        let mut first = true;
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            let delta = read_varint(&self.bytes, &mut at);
            value = if first { delta } else { value + delta };
            first = false;
            Some(value)
        })
    }

    /// The encoded set (varint deltas), as stored in a partial result.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A set from [`Postings::as_bytes`].
    pub fn from_bytes(bytes: Vec<u8>) -> Postings {
        let mut postings = Postings {
            bytes,
            last: 0,
            len: 0,
        };
        let (last, len) = postings
            .iter()
            .fold((0, 0), |(_, n), ordinal| (ordinal, n + 1));
        postings.last = last;
        postings.len = len;
        postings
    }

    /// The union of `self` and `other`.
    pub fn merge(&mut self, other: &Postings) {
        if other.len == 0 {
            return;
        }
        if self.len == 0 {
            *self = other.clone();
            return;
        }
        let first_other = other.iter().next().unwrap_or(0);
        if first_other > self.last {
            // Disjoint and after: re-base other's first delta and append.
            let mut at = 0;
            read_varint(&other.bytes, &mut at);
            push_varint(&mut self.bytes, first_other - self.last);
            self.bytes.extend_from_slice(&other.bytes[at..]);
            self.last = other.last;
            self.len += other.len;
            return;
        }
        let mut merged = Postings::default();
        {
            let (mut a, mut b) = (self.iter().peekable(), other.iter().peekable());
            loop {
                let next = match (a.peek(), b.peek()) {
                    (Some(&x), Some(&y)) if x < y => a.next(),
                    (Some(&x), Some(&y)) if y < x => b.next(),
                    (Some(_), Some(_)) => {
                        b.next();
                        a.next()
                    }
                    (Some(_), None) => a.next(),
                    (None, Some(_)) => b.next(),
                    (None, None) => break,
                };
                if let Some(value) = next {
                    merged.insert(value);
                }
            }
        }
        *self = merged;
    }
}

fn push_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    value
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
            occupation
                .postings
                .entry(*entry)
                .or_default()
                .insert(facts.ordinal);
        }
        for r in &facts.responsibilities {
            merge_responsibility(
                &mut occupation.responsibilities,
                r.key,
                responsibility_count(r),
            );
        }
        prune_responsibilities(
            &mut occupation.responsibilities,
            2 * RESPONSIBILITY_CANDIDATES,
        );
        for quote in &facts.quotes {
            merge_quote(&mut occupation.quotes, quote.clone());
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
            for (entry, postings) in theirs.postings {
                ours.postings.entry(entry).or_default().merge(&postings);
            }
            for (key, count) in theirs.responsibilities {
                merge_responsibility(&mut ours.responsibilities, key, count);
            }
            prune_responsibilities(&mut ours.responsibilities, 2 * RESPONSIBILITY_CANDIDATES);
            for (_, quote) in theirs.quotes {
                merge_quote(&mut ours.quotes, quote);
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

/// One row of a partial result (`run --shard`): a piece of one occupation's counts.
/// `part` says which: `resumes`, `entry` (count, postings bytes), `degree`,
/// `employer` / `title` (key folded, name as shown), `experience` (key = months),
/// `salary` (key = hundreds of dollars), `responsibility` (key = hex key, name =
/// text, bytes = signature, entries = ids `|`-joined), `quote` (key = entry id, name
/// = text, score).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartialRow {
    pub occupation: String,
    pub part: String,
    pub key: String,
    pub name: Option<String>,
    pub count: u64,
    pub score: Option<i64>,
    pub bytes: Option<Vec<u8>>,
    pub entries: Option<String>,
}

impl Counts {
    /// The counts as partial rows, sorted by occupation, part and key.
    pub fn to_partial_rows(&self, lexicon: &Lexicon) -> Vec<PartialRow> {
        let mut rows = Vec::new();
        for (occupation, c) in &self.occupations {
            let row = |part: &str, key: String, count: u64| PartialRow {
                occupation: occupation.clone(),
                part: part.to_string(),
                key,
                count,
                ..PartialRow::default()
            };
            rows.push(row("resumes", String::new(), c.resumes));
            for (&entry, &n) in &c.entries {
                let mut r = row("entry", lexicon.entry(entry).id.clone(), n);
                r.bytes = c.postings.get(&entry).map(|p| p.as_bytes().to_vec());
                rows.push(r);
            }
            for level in DegreeLevel::ALL {
                let n = c.degrees[level.index()];
                if n > 0 {
                    rows.push(row("degree", level.as_str().to_string(), n));
                }
            }
            for (part, names) in [("employer", &c.employers), ("title", &c.titles)] {
                for (key, name) in names {
                    let mut r = row(part, key.clone(), name.resumes);
                    r.name = Some(name.name.clone());
                    rows.push(r);
                }
            }
            for (months, &n) in &c.experience_months {
                rows.push(row("experience", months.to_string(), n));
            }
            for (hundreds, &n) in &c.salary_hundreds {
                rows.push(row("salary", hundreds.to_string(), n));
            }
            for (key, r) in &c.responsibilities {
                let mut out = row("responsibility", format!("{key:016x}"), r.resumes);
                out.name = Some(r.text.clone());
                out.bytes = Some(r.signature.iter().flat_map(|h| h.to_le_bytes()).collect());
                out.entries = Some(
                    r.entries
                        .iter()
                        .map(|e| lexicon.entry(*e).id.as_str())
                        .collect::<Vec<_>>()
                        .join("|"),
                );
                rows.push(out);
            }
            for (entry, quote) in &c.quotes {
                let mut r = row("quote", lexicon.entry(*entry).id.clone(), 0);
                r.name = Some(quote.text.clone());
                r.score = Some(i64::from(quote.score));
                rows.push(r);
            }
        }
        rows.sort_by(|a, b| {
            (&a.occupation, &a.part, &a.key).cmp(&(&b.occupation, &b.part, &b.key))
        });
        rows
    }

    /// Counts from partial rows; an error names what does not fit (an entry id the
    /// lexicon lacks, a malformed key).
    pub fn from_partial_rows(rows: Vec<PartialRow>, lexicon: &Lexicon) -> Result<Counts, String> {
        let mut counts = Counts::default();
        for row in rows {
            let c = counts
                .occupations
                .entry(row.occupation.clone())
                .or_default();
            let entry = |id: &str| {
                lexicon.find(id).ok_or_else(|| {
                    format!("entry {id:?} is not in the lexicon (a different lexicon?)")
                })
            };
            let number = |key: &str| {
                key.parse::<u32>()
                    .map_err(|_| format!("{} key {key:?} is not a number", row.part))
            };
            match row.part.as_str() {
                "resumes" => c.resumes += row.count,
                "entry" => {
                    let id = entry(&row.key)?;
                    *c.entries.entry(id).or_default() += row.count;
                    if let Some(bytes) = row.bytes {
                        c.postings
                            .entry(id)
                            .or_default()
                            .merge(&Postings::from_bytes(bytes));
                    }
                }
                "degree" => {
                    let level = DegreeLevel::ALL
                        .into_iter()
                        .find(|l| l.as_str() == row.key)
                        .ok_or_else(|| format!("unknown degree level {:?}", row.key))?;
                    c.degrees[level.index()] += row.count;
                }
                "employer" | "title" => {
                    let map = if row.part == "employer" {
                        &mut c.employers
                    } else {
                        &mut c.titles
                    };
                    let count = EmployerCount {
                        name: row.name.unwrap_or_default(),
                        resumes: row.count,
                    };
                    merge_employer(map, row.key, count);
                }
                "experience" => {
                    *c.experience_months.entry(number(&row.key)?).or_default() += row.count
                }
                "salary" => *c.salary_hundreds.entry(number(&row.key)?).or_default() += row.count,
                "responsibility" => {
                    let key = u64::from_str_radix(&row.key, 16)
                        .map_err(|_| format!("responsibility key {:?} is not hex", row.key))?;
                    let bytes = row.bytes.unwrap_or_default();
                    if bytes.len() != 4 * neardup::SIGNATURE_LEN {
                        return Err(format!(
                            "responsibility {:?}: signature of {} bytes",
                            row.key,
                            bytes.len()
                        ));
                    }
                    let mut signature = [0u32; neardup::SIGNATURE_LEN];
                    for (slot, chunk) in signature.iter_mut().zip(bytes.chunks_exact(4)) {
                        *slot = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                    }
                    let mut entries = Vec::new();
                    for id in row
                        .entries
                        .unwrap_or_default()
                        .split('|')
                        .filter(|s| !s.is_empty())
                    {
                        entries.push(entry(id)?);
                    }
                    let count = ResponsibilityCount {
                        text: row.name.unwrap_or_default(),
                        resumes: row.count,
                        signature: Box::new(signature),
                        entries,
                    };
                    merge_responsibility(&mut c.responsibilities, key, count);
                }
                "quote" => {
                    let quote = Quote {
                        entry: entry(&row.key)?,
                        text: row.name.unwrap_or_default(),
                        score: i32::try_from(row.score.unwrap_or_default())
                            .map_err(|_| format!("quote score out of range for {:?}", row.key))?,
                    };
                    merge_quote(&mut c.quotes, quote);
                }
                other => return Err(format!("unknown part {other:?}")),
            }
        }
        for c in counts.occupations.values_mut() {
            prune_responsibilities(&mut c.responsibilities, 2 * RESPONSIBILITY_CANDIDATES);
        }
        Ok(counts)
    }
}

fn responsibility_count(r: &Responsibility) -> ResponsibilityCount {
    ResponsibilityCount {
        text: r.text.clone(),
        resumes: 1,
        signature: r.signature.clone(),
        entries: r.entries.clone(),
    }
}

fn merge_responsibility(
    map: &mut HashMap<u64, ResponsibilityCount>,
    key: u64,
    count: ResponsibilityCount,
) {
    match map.get_mut(&key) {
        Some(existing) => {
            existing.resumes += count.resumes;
            if count.text < existing.text {
                existing.text = count.text;
            }
            existing.entries.extend(count.entries);
            existing.entries.sort_unstable();
            existing.entries.dedup();
        }
        None => {
            map.insert(key, count);
        }
    }
}

/// Keeps the `RESPONSIBILITY_CANDIDATES` smallest keys once there are more than
/// `limit`. A key among the smallest of the whole corpus is among the smallest of any
/// part, so it is never dropped and its count is exact.
fn prune_responsibilities(map: &mut HashMap<u64, ResponsibilityCount>, limit: usize) {
    if map.len() <= limit {
        return;
    }
    let mut keys: Vec<u64> = map.keys().copied().collect();
    keys.sort_unstable();
    for key in &keys[RESPONSIBILITY_CANDIDATES..] {
        map.remove(key);
    }
}

fn merge_quote(map: &mut EntryMap<Quote>, quote: Quote) {
    match map.get(&quote.entry) {
        Some(existing) if !quote.beats(existing) => {}
        _ => {
            map.insert(quote.entry, quote);
        }
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EntryRow {
    #[serde(skip)]
    pub occupation: String,
    #[serde(skip)]
    pub entry: EntryId,
    pub id: String,
    pub name: String,
    #[serde(skip)]
    pub kind: Kind,
    pub resumes: u64,
    pub pct: f64,
    pub rank: u32,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DegreeRow {
    #[serde(skip)]
    pub occupation: String,
    pub level: DegreeLevel,
    pub resumes: u64,
    pub pct: f64,
}

/// A row of `employers` or `titles`: a name (employer or headline title), the
/// resumes of the occupation carrying it, and its rank.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NameRow {
    #[serde(skip)]
    pub occupation: String,
    pub name: String,
    pub resumes: u64,
    pub rank: u32,
}

/// A row of `experience`: years of dated work history per occupation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExperienceRow {
    #[serde(skip)]
    pub occupation: String,
    pub resumes_with_dates: u64,
    pub median_years: f64,
    pub p25: f64,
    pub p75: f64,
}

/// A row of `salaries`: yearly figures (to the nearest $100) per occupation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SalaryRow {
    #[serde(skip)]
    pub occupation: String,
    pub n: u64,
    pub mean: f64,
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
    /// The median as an hourly rate (yearly / 2080).
    pub hourly: f64,
}

/// A row of `responsibilities`: a statement standing for a group of
/// near-duplicates, and the resumes stating one of them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ResponsibilityRow {
    #[serde(skip)]
    pub occupation: String,
    pub rank: u32,
    pub sentence: String,
    pub support: u64,
    /// Ids of the lexicon entries the sentence names.
    pub skills: Vec<String>,
}

/// A row of `skill_quotes`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SkillQuoteRow {
    #[serde(skip)]
    pub occupation: String,
    pub skill_id: String,
    pub skill: String,
    pub kind: Kind,
    pub quote: String,
}

/// A row of `headlines`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HeadlineRow {
    #[serde(skip)]
    pub occupation: String,
    #[serde(skip)]
    pub resumes: u64,
    /// Names of the three most listed skills (fewer when the occupation has fewer).
    pub top3: Vec<String>,
    /// Ids of the same skills (for suppression).
    #[serde(skip)]
    pub top3_ids: Vec<String>,
    /// Share of the occupation's resumes naming at least one of them.
    pub pct_any_top3: f64,
    pub sentence: String,
}

/// A row of `comparisons`: one item's share in two occupations and the test of the
/// difference. Also read back from `comparisons.csv` by `skillmine compare`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ComparisonRow {
    /// The names are shared by the rows that repeat them (every item of a pair,
    /// every pair of an item): a big corpus has hundreds of thousands of rows.
    pub occupation_a: Arc<str>,
    pub occupation_b: Arc<str>,
    /// skill, soft_skill, certification or degree.
    pub item_kind: Cow<'static, str>,
    pub item_id: Arc<str>,
    pub item: Arc<str>,
    pub resumes_a: u64,
    pub resumes_b: u64,
    pub pct_a: f64,
    pub pct_b: f64,
    /// pct_a − pct_b, in percentage points.
    pub diff_pp: f64,
    pub p_value: f64,
    /// Benjamini–Hochberg adjusted p-value across the pair's items.
    pub q_value: f64,
    /// "z" (pooled two-proportion z-test) or "fisher" (an expected count under 5).
    pub test: Cow<'static, str>,
    pub significant: bool,
}

/// Every published table, rows in their final order. Rows serialise (serde) as the
/// occupation documents show them: without the occupation, which the document is about.
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
    pub responsibilities: Vec<ResponsibilityRow>,
    pub skill_quotes: Vec<SkillQuoteRow>,
    pub headlines: Vec<HeadlineRow>,
    /// Filled by [`crate::compare`], after suppression.
    pub comparisons: Vec<ComparisonRow>,
}

/// Builds the sorted tables. Ranks run from 1 within (occupation, kind): most resumes
/// first, ties broken by name. Every degree level is listed, zeros included, so an
/// occupation's degree pcts sum to 100.
pub fn tables(counts: &Counts, lexicon: &Lexicon) -> Tables {
    // Compiled only if some occupation has responsibility candidates (never in a
    // skills-only run).
    let scrubber: LazyCell<Scrubber> = LazyCell::new(Scrubber::new);
    let mut tables = Tables::default();
    for (occupation, c) in &counts.occupations {
        tables.occupations.push(OccupationRow {
            occupation: occupation.clone(),
            resumes: c.resumes,
        });
        let pct = |n: u64| 100.0 * n as f64 / c.resumes as f64;
        let skills = entry_rows(occupation, c, lexicon, Kind::Skill, &pct);
        let soft_skills = entry_rows(occupation, c, lexicon, Kind::SoftSkill, &pct);
        let top_skills: Vec<EntryId> = skills
            .iter()
            .take(QUOTED_TOP_SKILLS)
            .map(|r| r.entry)
            .collect();
        tables
            .headlines
            .extend(headline_row(occupation, c, &skills[..skills.len().min(3)]));
        tables.responsibilities.extend(responsibility_rows(
            occupation,
            c,
            &top_skills,
            lexicon,
            &scrubber,
        ));
        for row in skills.iter().take(QUOTED_TOP_SKILLS).chain(&soft_skills) {
            let quote = c
                .quotes
                .get(&row.entry)
                .filter(|q| scrubber.is_clean(&q.text, &[]));
            if let Some(quote) = quote {
                tables.skill_quotes.push(SkillQuoteRow {
                    occupation: occupation.clone(),
                    skill_id: row.id.clone(),
                    skill: row.name.clone(),
                    kind: row.kind,
                    quote: quote.text.clone(),
                });
            }
        }
        tables.skills.extend(skills);
        tables.skills.extend(soft_skills);
        tables.certifications.extend(entry_rows(
            occupation,
            c,
            lexicon,
            Kind::Certification,
            &pct,
        ));
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

/// The headline of an occupation: its top three skills and the share of its resumes
/// naming at least one of them.
fn headline_row(
    occupation: &str,
    counts: &OccupationCounts,
    top3: &[EntryRow],
) -> Option<HeadlineRow> {
    if top3.is_empty() || counts.resumes == 0 {
        return None;
    }
    let mut any = Postings::default();
    for row in top3 {
        if let Some(postings) = counts.postings.get(&row.entry) {
            any.merge(postings);
        }
    }
    let pct_any_top3 = 100.0 * any.len() as f64 / counts.resumes as f64;
    let names: Vec<String> = top3.iter().map(|r| r.name.clone()).collect();
    let sentence = format!(
        "{}% of {} resumes list {}",
        pct_any_top3.round(),
        occupation,
        match names.as_slice() {
            [one] => one.clone(),
            [a, b] => format!("{a} or {b}"),
            [rest @ .., last] => format!("at least one of {}, or {last}", rest.join(", ")),
            [] => String::new(),
        }
    );
    Some(HeadlineRow {
        occupation: occupation.to_string(),
        resumes: counts.resumes,
        top3: names,
        top3_ids: top3.iter().map(|r| r.id.clone()).collect(),
        pct_any_top3,
        sentence,
    })
}

/// Up to [`RESPONSIBILITIES_PER_OCCUPATION`] statements: near-duplicates grouped (their
/// support summed), groups ranked by support, then by how many of the occupation's
/// top skills they name, then by a length near 110 characters; no two near-duplicates
/// chosen.
fn responsibility_rows(
    occupation: &str,
    counts: &OccupationCounts,
    top_skills: &[EntryId],
    lexicon: &Lexicon,
    scrubber: &LazyCell<Scrubber>,
) -> Vec<ResponsibilityRow> {
    let mut candidates: Vec<(&u64, &ResponsibilityCount)> =
        counts.responsibilities.iter().collect();
    candidates.sort_unstable_by_key(|(key, _)| **key);
    candidates.truncate(RESPONSIBILITY_CANDIDATES);
    let signatures: Vec<&Signature> = candidates.iter().map(|(_, c)| &*c.signature).collect();
    let group_of = neardup::groups(&signatures);
    // Per group: support, and the member stated most (then the smaller text).
    let mut groups: BTreeMap<usize, (u64, &ResponsibilityCount)> = BTreeMap::new();
    for (i, (_, candidate)) in candidates.iter().enumerate() {
        let group = groups.entry(group_of[i]).or_insert((0, candidate));
        group.0 += candidate.resumes;
        let best = group.1;
        if (candidate.resumes, std::cmp::Reverse(&candidate.text))
            > (best.resumes, std::cmp::Reverse(&best.text))
        {
            group.1 = candidate;
        }
    }
    let named =
        |c: &ResponsibilityCount| c.entries.iter().filter(|e| top_skills.contains(e)).count();
    let mut ranked: Vec<(u64, &ResponsibilityCount)> = groups.into_values().collect();
    ranked.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa)
            .then_with(|| named(b).cmp(&named(a)))
            .then_with(|| length_gap(&a.text).cmp(&length_gap(&b.text)))
            .then_with(|| a.text.cmp(&b.text))
    });
    let mut chosen: Vec<(u64, &ResponsibilityCount)> = Vec::new();
    for (support, candidate) in ranked {
        if chosen.len() == RESPONSIBILITIES_PER_OCCUPATION {
            break;
        }
        let near = chosen.iter().any(|(_, c)| {
            neardup::similarity(&c.signature, &candidate.signature) >= neardup::NEAR_DUPLICATE
        });
        if !near && scrubber.is_clean(&candidate.text, &[]) {
            chosen.push((support, candidate));
        }
    }
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, (support, c))| ResponsibilityRow {
            occupation: occupation.to_string(),
            rank: rank(i),
            sentence: c.text.clone(),
            support,
            skills: c
                .entries
                .iter()
                .map(|e| lexicon.entry(*e).id.clone())
                .collect(),
        })
        .collect()
}

fn length_gap(text: &str) -> usize {
    text.chars().count().abs_diff(110)
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
    /// Degree cells under `min_count`, and (counted here too) cells withheld with them
    /// so that none can be worked out from the occupation's total.
    pub degrees: u64,
    /// Of `degrees`, the cells of `min_count` or more withheld as complements.
    pub degrees_complementary: u64,
    pub employers: u64,
    pub titles: u64,
    pub experience: u64,
    pub salaries: u64,
    pub responsibilities: u64,
    pub skill_quotes: u64,
    pub headlines: u64,
}

/// Drops every row that rests on fewer than `min_count` resumes, and every row of an
/// occupation with fewer than `min_count` resumes. Ranks stay as they were: rows are
/// sorted by resumes, so only each group's tail goes. Responsibilities are quotes, not
/// counts: their support may be small; they go only with their occupation. A quote or
/// headline goes with the skill rows it is about.
///
/// Degree levels partition an occupation's resumes, so one withheld cell could be
/// worked out from the total and the others: when the withheld cells of an occupation
/// are a single cell or sum to less than `min_count`, the smallest published non-zero
/// cells are withheld with them until neither holds.
pub fn suppress(tables: &mut Tables, min_count: u64) -> Suppressed {
    let small: BTreeSet<String> = tables
        .occupations
        .iter()
        .filter(|r| r.resumes < min_count)
        .map(|r| r.occupation.clone())
        .collect();
    let keep = |occupation: &str, resumes: u64| resumes >= min_count && !small.contains(occupation);
    let complements = complement_degrees(&tables.degrees, min_count);
    let mut suppressed = Suppressed {
        min_count,
        occupations: retain(&mut tables.occupations, |r| keep(&r.occupation, r.resumes)),
        skills: retain(&mut tables.skills, |r| keep(&r.occupation, r.resumes)),
        certifications: retain(&mut tables.certifications, |r| {
            keep(&r.occupation, r.resumes)
        }),
        // A zero says nothing about anyone; it stays so the ladder is complete.
        degrees: retain(&mut tables.degrees, |r| {
            !complements.contains(&(r.occupation.clone(), r.level))
                && (keep(&r.occupation, r.resumes)
                    || (r.resumes == 0 && !small.contains(&r.occupation)))
        }),
        degrees_complementary: complements.len() as u64,
        employers: retain(&mut tables.employers, |r| keep(&r.occupation, r.resumes)),
        titles: retain(&mut tables.titles, |r| keep(&r.occupation, r.resumes)),
        experience: retain(&mut tables.experience, |r| {
            keep(&r.occupation, r.resumes_with_dates)
        }),
        salaries: retain(&mut tables.salaries, |r| keep(&r.occupation, r.n)),
        responsibilities: retain(&mut tables.responsibilities, |r| {
            !small.contains(&r.occupation)
        }),
        ..Suppressed::default()
    };
    let published: BTreeSet<(&str, &str)> = tables
        .skills
        .iter()
        .map(|r| (r.occupation.as_str(), r.id.as_str()))
        .collect();
    let quotes_before = tables.skill_quotes.len();
    tables
        .skill_quotes
        .retain(|q| published.contains(&(q.occupation.as_str(), q.skill_id.as_str())));
    suppressed.skill_quotes = (quotes_before - tables.skill_quotes.len()) as u64;
    let headlines_before = tables.headlines.len();
    tables.headlines.retain(|h| {
        !small.contains(&h.occupation)
            && h.top3_ids
                .iter()
                .all(|id| published.contains(&(h.occupation.as_str(), id.as_str())))
    });
    suppressed.headlines = (headlines_before - tables.headlines.len()) as u64;
    suppressed
}

/// The degree cells to withhold as complements of the small cells, per occupation.
fn complement_degrees(rows: &[DegreeRow], min_count: u64) -> BTreeSet<(String, DegreeLevel)> {
    let mut complements = BTreeSet::new();
    for ladder in rows.chunk_by(|a, b| a.occupation == b.occupation) {
        let mut withheld: Vec<&DegreeRow> = ladder
            .iter()
            .filter(|r| r.resumes > 0 && r.resumes < min_count)
            .collect();
        let mut published: Vec<&DegreeRow> =
            ladder.iter().filter(|r| r.resumes >= min_count).collect();
        published.sort_by_key(|r| (std::cmp::Reverse(r.resumes), std::cmp::Reverse(r.level)));
        while !withheld.is_empty()
            && (withheld.len() < 2 || withheld.iter().map(|r| r.resumes).sum::<u64>() < min_count)
        {
            let Some(next) = published.pop() else { break };
            complements.insert((next.occupation.clone(), next.level));
            withheld.push(next);
        }
    }
    complements
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
        .map(|(&id, &resumes)| (id, lexicon.entry(id), resumes))
        .filter(|(_, entry, _)| entry.kind == kind)
        .map(|(entry_id, entry, resumes)| EntryRow {
            occupation: occupation.to_string(),
            entry: entry_id,
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
            entries: entries.to_vec(),
            degrees: vec![degree],
            highest_degree: degree,
            employers: employers.iter().map(|e| e.to_string()).collect(),
            ..ResumeFacts::empty("", occupation)
        }
    }

    /// Numbers the resumes 0.. as the pipeline does.
    fn numbered(mut all: Vec<ResumeFacts>) -> Vec<ResumeFacts> {
        for (i, f) in all.iter_mut().enumerate() {
            f.ordinal = i as u64;
        }
        all
    }

    fn responsibility(text: &str, entries: &[EntryId]) -> Responsibility {
        let (key, signature) = neardup::fingerprint(text);
        Responsibility {
            text: text.to_string(),
            key,
            signature: Box::new(signature),
            entries: entries.to_vec(),
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
        let statements = prop::collection::vec(
            prop::sample::select(vec![
                "Managed payroll for all staff.",
                "Managed the payroll for all staff.",
                "Trained new hires on safety.",
            ]),
            0..3,
        );
        let quoted = prop::collection::vec((0u32..6, 0i32..3), 0..3);
        (occupation, entries, degree, employers, statements, quoted).prop_map(
            |(o, e, d, emp, statements, quoted)| {
                let e: Vec<EntryId> = e.into_iter().collect();
                let emp: Vec<&str> = emp;
                let mut f = facts(o, &e, d, &emp);
                f.responsibilities = statements.iter().map(|t| responsibility(t, &[])).collect();
                f.quotes = quoted
                    .into_iter()
                    .map(|(entry, score)| Quote {
                        entry,
                        text: format!("Quote {score} of {entry}."),
                        score,
                    })
                    .collect();
                f
            },
        )
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
            all in prop::collection::vec(arb_facts(), 0..40).prop_map(numbered),
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
            // Through partial rows and back (what a shard writes and merge reads).
            let lexicon = lexicon_of(&["a", "b", "c", "d", "e", "f"]);
            let back = Counts::from_partial_rows(single.to_partial_rows(&lexicon), &lexicon);
            prop_assert_eq!(back.as_ref(), Ok(&single));
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
            // BIG's headline names B, which is withheld; SMALL goes whole.
            headlines: 2,
            ..Suppressed::default()
        };
        assert_eq!(suppressed, expected);
    }

    #[test]
    fn postings_are_a_sorted_set_in_any_insertion_order() {
        let mut a = Postings::default();
        for ordinal in [3, 7, 200, 1, 7, 100_000, 0] {
            a.insert(ordinal);
        }
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 1, 3, 7, 200, 100_000]);
        assert_eq!(a.len(), 6);
        let mut b = Postings::default();
        for ordinal in [2, 3, 300_000] {
            b.insert(ordinal);
        }
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(
            ab.iter().collect::<Vec<_>>(),
            [0, 1, 2, 3, 7, 200, 100_000, 300_000]
        );
        // Appending a disjoint later set takes the fast path and gives the same set.
        let mut later = Postings::default();
        later.insert(400_000);
        later.insert(400_001);
        ab.merge(&later);
        assert_eq!(ab.iter().last(), Some(400_001));
        assert_eq!(ab.len(), 10);
    }

    fn lexicon_of(ids: &[&str]) -> Lexicon {
        let mut text = "id\tkind\tname\taliases\n".to_string();
        for id in ids {
            text.push_str(&format!("{id}\tskill\t{}\t\n", id.to_uppercase()));
        }
        Lexicon::from_str(std::path::Path::new("t.tsv"), &text).expect("lexicon")
    }

    #[test]
    fn headline_share_counts_resumes_naming_any_of_the_top_three() {
        // 10 resumes. A in 0–5 (6), B in 4–8 (5), C in 0–2 (3), D in 9 (1):
        // top three A, B, C; together they cover resumes 0–8, 9 of 10.
        let lexicon = lexicon_of(&["a", "b", "c", "d"]);
        let mut all = Vec::new();
        for i in 0..10 {
            let mut entries = Vec::new();
            if i <= 5 {
                entries.push(0);
            }
            if (4..=8).contains(&i) {
                entries.push(1);
            }
            if i <= 2 {
                entries.push(2);
            }
            if i == 9 {
                entries.push(3);
            }
            all.push(facts("X", &entries, DegreeLevel::None, &[]));
        }
        let t = tables(&counts_of(&numbered(all)), &lexicon);
        let headline = &t.headlines[0];
        assert_eq!(headline.top3, ["A", "B", "C"]);
        assert!((headline.pct_any_top3 - 90.0).abs() < 1e-9);
        assert_eq!(
            headline.sentence,
            "90% of X resumes list at least one of A, B, or C"
        );
    }

    #[test]
    fn responsibilities_group_near_duplicates_and_rank_by_support_then_top_skills() {
        let lexicon = lexicon_of(&["phlebotomy", "other"]);
        let donor = [
            "Conduct blood donor physical exam and health history screening in order to determine eligibility.",
            "Conducted blood donor physical exam and health history screening in order to determine donor eligibility.",
            "Conduct blood donor physical exams and health history screening to determine eligibility.",
        ];
        let mut all = Vec::new();
        for text in donor {
            let mut f = facts("X", &[0], DegreeLevel::None, &[]);
            f.responsibilities = vec![responsibility(text, &[0])];
            all.push(f);
        }
        for _ in 0..2 {
            let mut f = facts("X", &[], DegreeLevel::None, &[]);
            f.responsibilities = vec![responsibility(
                "Greeted every donor at the front desk and answered phones.",
                &[],
            )];
            all.push(f);
        }
        let topics = [
            "payroll",
            "inventory",
            "audits",
            "invoices",
            "vendors",
            "budgets",
            "shipping",
            "recruiting",
            "training",
            "marketing",
            "reporting",
            "filing",
        ];
        for (i, topic) in topics.iter().enumerate() {
            let mut f = facts("X", &[0], DegreeLevel::None, &[]);
            // Every other one names the occupation's top skill.
            let entries: &[EntryId] = if i % 2 == 0 { &[0] } else { &[1] };
            let text =
                format!("Handled all {topic} work for the {i} regional offices of the company.");
            f.responsibilities = vec![responsibility(&text, entries)];
            all.push(f);
        }
        let t = tables(&counts_of(&numbered(all)), &lexicon);
        let rows = &t.responsibilities;
        assert_eq!(rows.len(), RESPONSIBILITIES_PER_OCCUPATION);
        assert_eq!(
            rows[0].support, 3,
            "the three donor statements are one group"
        );
        assert!(rows[0].sentence.contains("blood donor"));
        assert_eq!(rows[1].support, 2);
        // Then the support-1 statements naming the top skill (phlebotomy) first.
        for row in &rows[2..8] {
            assert_eq!(row.skills, ["phlebotomy"], "{}", row.sentence);
        }
        assert_eq!(rows[8].skills, ["other"]);
        let ranks: Vec<u32> = rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, (1..=10).collect::<Vec<u32>>());
        let donors = rows
            .iter()
            .filter(|r| r.sentence.contains("blood donor"))
            .count();
        assert_eq!(donors, 1, "no two near-duplicates published");
    }

    #[test]
    fn a_lone_small_degree_cell_takes_the_next_smallest_with_it() {
        let lexicon = lexicon_of(&["a"]);
        let mut all = Vec::new();
        for (level, n) in [
            (DegreeLevel::Bachelor, 20),
            (DegreeLevel::Master, 12),
            (DegreeLevel::Associate, 3),
        ] {
            for _ in 0..n {
                all.push(facts("X", &[], level, &[]));
            }
        }
        let mut t = tables(&counts_of(&all), &lexicon);
        let suppressed = suppress(&mut t, 10);
        // Associate (3) alone could be worked out as 35 − 20 − 12: Master goes too.
        let published: Vec<(DegreeLevel, u64)> = t
            .degrees
            .iter()
            .filter(|r| r.resumes > 0)
            .map(|r| (r.level, r.resumes))
            .collect();
        assert_eq!(published, [(DegreeLevel::Bachelor, 20)]);
        assert_eq!(
            (suppressed.degrees, suppressed.degrees_complementary),
            (2, 1)
        );
        assert_eq!(t.degrees.len(), 5, "Bachelor and the four zero levels");
    }

    #[test]
    fn quotes_go_with_their_skill_rows() {
        let lexicon = lexicon_of(&["a", "b"]);
        let mut all = Vec::new();
        for i in 0..12 {
            let entries: &[EntryId] = if i < 2 { &[0, 1] } else { &[0] };
            let mut f = facts("X", entries, DegreeLevel::None, &[]);
            f.quotes = entries
                .iter()
                .map(|&entry| Quote {
                    entry,
                    text: format!("Used skill {entry} every single day at work ({i})."),
                    score: i,
                })
                .collect();
            all.push(f);
        }
        let mut t = tables(&counts_of(&numbered(all)), &lexicon);
        assert_eq!(t.skill_quotes.len(), 2);
        // The highest score wins: resume 11 for A, resume 1 for B.
        assert_eq!(
            t.skill_quotes[0].quote,
            "Used skill 0 every single day at work (11)."
        );
        assert_eq!(
            t.skill_quotes[1].quote,
            "Used skill 1 every single day at work (1)."
        );
        let suppressed = suppress(&mut t, 10);
        assert_eq!(t.skill_quotes.len(), 1, "B rests on 2 resumes");
        assert_eq!(suppressed.skill_quotes, 1);
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
