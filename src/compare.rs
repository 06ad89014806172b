//! Comparisons between occupations: for each pair, every skill, soft skill,
//! certification and degree level that at least one side lists in `min_count` resumes
//! or more, its share in both, and whether the difference is significant — a pooled
//! two-proportion z-test (Fisher's exact test when an expected count is under 5), with
//! Benjamini–Hochberg control of the false discovery rate across the pair's items.
//!
//! Pairs: all pairs of the occupations with `min_count` resumes or more when there
//! are at most [`ALL_PAIRS_UP_TO`] of them; beyond that each occupation with its
//! [`NEAREST`] nearest by skill profile (cosine of the skill shares); or the pairs of
//! a `--pairs` file.
//!
//! Also reads a written `comparisons.csv` back for `skillmine compare`.

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::aggregate::{ComparisonRow, Counts, OccupationCounts};
use crate::error::{Error, Result};
use crate::extract::DegreeLevel;
use crate::ingest::UNKNOWN_OCCUPATION;
use crate::lexicon::{EntryId, Kind, Lexicon};
use crate::stats;

/// Up to this many occupations, every pair is compared.
pub const ALL_PAIRS_UP_TO: usize = 30;
/// Beyond that, each occupation is compared with this many nearest.
pub const NEAREST: usize = 5;
/// False discovery rate of the significant flags.
pub const FDR: f64 = 0.05;

/// An unordered pair of occupations, smaller name first.
pub type Pair = (String, String);

/// Reads a pairs file: one pair a line, the two occupations separated by a tab; blank
/// lines and `#` comments skipped.
pub fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line
            .split('\t')
            .map(str::trim)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [a, b] if !a.is_empty() && !b.is_empty() && a != b => pairs.push(ordered(a, b)),
            _ => {
                return Err(Error::Config(format!(
                    "{}:{}: expected two different occupations separated by a tab, got {line:?}",
                    path.display(),
                    i + 1
                )))
            }
        }
    }
    Ok(pairs)
}

fn ordered(a: &str, b: &str) -> Pair {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// The comparison rows of the chosen pairs, sorted by pair, item kind and item.
/// Occupations under `min_count` resumes (and the unlabelled "unknown") are never
/// compared; a given pair naming one is skipped.
pub fn comparisons(
    counts: &Counts,
    lexicon: &Lexicon,
    min_count: u64,
    given: Option<&[Pair]>,
) -> Vec<ComparisonRow> {
    let eligible: BTreeMap<&str, &OccupationCounts> = counts
        .occupations
        .iter()
        .filter(|(name, c)| c.resumes >= min_count && name.as_str() != UNKNOWN_OCCUPATION)
        .map(|(name, c)| (name.as_str(), c))
        .collect();
    let pairs: BTreeSet<Pair> = match given {
        Some(given) => given
            .iter()
            .filter(|(a, b)| eligible.contains_key(a.as_str()) && eligible.contains_key(b.as_str()))
            .cloned()
            .collect(),
        None => choose_pairs(&eligible, lexicon),
    };
    let mut sizes: Vec<u64> = eligible.values().map(|c| c.resumes).collect();
    sizes.sort_unstable_by(|x, y| y.cmp(x));
    let context = Context {
        lexicon,
        min_count,
        ln_factorials: stats::LnFactorials::up_to(sizes.iter().take(2).sum()),
        entry_ranks: entry_ranks(lexicon),
        names: lexicon
            .entries()
            .iter()
            .map(|entry| (Arc::from(entry.id.as_str()), Arc::from(entry.name.as_str())))
            .collect(),
    };
    // Each occupation's entry counts in id order, for a merge per pair.
    let sorted: BTreeMap<&str, Vec<(EntryId, u64)>> = eligible
        .iter()
        .map(|(name, c)| {
            let mut entries: Vec<(EntryId, u64)> =
                c.entries.iter().map(|(&id, &n)| (id, n)).collect();
            entries.sort_unstable();
            (*name, entries)
        })
        .collect();
    let side = |name: &str| (eligible[name], sorted[name].as_slice());
    // In parallel (on the caller's rayon pool), kept in pair order.
    let pairs: Vec<&Pair> = pairs.iter().collect();
    let per_pair: Vec<Vec<ComparisonRow>> = pairs
        .par_iter()
        .map(|(a, b)| compare_pair(a, side(a), b, side(b), &context))
        .collect();
    // One allocation of the final size: a growing vector would copy the rows (tens
    // of MB for every pair of a big corpus) at each doubling.
    let mut rows = Vec::with_capacity(per_pair.iter().map(Vec::len).sum());
    for pair in per_pair {
        rows.extend(pair);
    }
    rows
}

fn choose_pairs(eligible: &BTreeMap<&str, &OccupationCounts>, lexicon: &Lexicon) -> BTreeSet<Pair> {
    let names: Vec<&str> = eligible.keys().copied().collect();
    let mut pairs = BTreeSet::new();
    if names.len() <= ALL_PAIRS_UP_TO {
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                pairs.insert(ordered(a, b));
            }
        }
        return pairs;
    }
    let profiles: Vec<BTreeMap<EntryId, f64>> = names
        .iter()
        .map(|name| skill_profile(eligible[name], lexicon))
        .collect();
    for (i, a) in names.iter().enumerate() {
        let mut nearest: Vec<(f64, usize)> = (0..names.len())
            .filter(|&j| j != i)
            .map(|j| (cosine(&profiles[i], &profiles[j]), j))
            .collect();
        nearest.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for (_, j) in nearest.into_iter().take(NEAREST) {
            pairs.insert(ordered(a, names[j]));
        }
    }
    pairs
}

/// Shares of resumes naming each skill.
fn skill_profile(counts: &OccupationCounts, lexicon: &Lexicon) -> BTreeMap<EntryId, f64> {
    counts
        .entries
        .iter()
        .filter(|(id, _)| lexicon.entry(**id).kind == Kind::Skill)
        .map(|(id, n)| (*id, *n as f64 / counts.resumes as f64))
        .collect()
}

fn cosine(a: &BTreeMap<EntryId, f64>, b: &BTreeMap<EntryId, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum();
    let norm = |v: &BTreeMap<EntryId, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

/// What every pair's comparison reads, made once.
struct Context<'l> {
    lexicon: &'l Lexicon,
    min_count: u64,
    /// Up to the two largest occupations' resumes together (Fisher's test).
    ln_factorials: stats::LnFactorials,
    /// [`entry_ranks`].
    entry_ranks: Vec<u32>,
    /// Each entry's id and name, by [`EntryId`], shared by the rows.
    names: Vec<(Arc<str>, Arc<str>)>,
}

/// Each entry's place in the rows' order (kind, then id), by [`EntryId`].
fn entry_ranks(lexicon: &Lexicon) -> Vec<u32> {
    let entries = lexicon.entries();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&x, &y| {
        let key = |i: usize| (kind_order(entries[i].kind.as_str()), &entries[i].id);
        key(x).cmp(&key(y))
    });
    let mut ranks = vec![0; entries.len()];
    for (rank, i) in order.into_iter().enumerate() {
        ranks[i] = u32::try_from(rank).expect("fewer than 2^32 entries");
    }
    ranks
}

/// An item to compare: kind, id, display name, resumes in a, resumes in b, and its
/// place in the rows' order (kind, then id).
type Item = (&'static str, Arc<str>, Arc<str>, u64, u64, (u8, u32));

/// One side of a pair: its counts, and its entry counts in id order.
type Side<'c> = (&'c OccupationCounts, &'c [(EntryId, u64)]);

fn compare_pair(
    a: &str,
    (ca, sa): Side,
    b: &str,
    (cb, sb): Side,
    context: &Context,
) -> Vec<ComparisonRow> {
    let (lexicon, min_count) = (context.lexicon, context.min_count);
    let (a_name, b_name): (Arc<str>, Arc<str>) = (Arc::from(a), Arc::from(b));
    let mut items: Vec<Item> = Vec::new();
    // The entries listed by at least `min_count` resumes on one side, in id order
    // (both sides merged).
    let (mut i, mut j) = (0, 0);
    while i < sa.len() || j < sb.len() {
        let (id, xa, xb) = match (sa.get(i), sb.get(j)) {
            (Some(&(ia, na)), Some(&(ib, nb))) if ia == ib => {
                (i, j) = (i + 1, j + 1);
                (ia, na, nb)
            }
            (Some(&(ia, na)), Some(&(ib, _))) if ia < ib => {
                i += 1;
                (ia, na, 0)
            }
            (Some(&(ia, na)), None) => {
                i += 1;
                (ia, na, 0)
            }
            (_, Some(&(ib, nb))) => {
                j += 1;
                (ib, 0, nb)
            }
            (None, None) => unreachable!("the loop runs while one side has entries"),
        };
        if xa.max(xb) >= min_count {
            let entry = lexicon.entry(id);
            let kind = entry.kind.as_str();
            items.push((
                kind,
                context.names[id as usize].0.clone(),
                context.names[id as usize].1.clone(),
                xa,
                xb,
                (kind_order(kind), context.entry_ranks[id as usize]),
            ));
        }
    }
    for level in DegreeLevel::ALL {
        let (xa, xb) = (ca.degrees[level.index()], cb.degrees[level.index()]);
        if level != DegreeLevel::None && xa.max(xb) >= min_count {
            // Degrees follow the entries, in the order of their ids.
            let rank = DegreeLevel::ALL
                .iter()
                .filter(|other| other.as_str() < level.as_str())
                .count();
            items.push((
                "degree",
                Arc::from(level.as_str()),
                Arc::from(degree_label(level)),
                xa,
                xb,
                (kind_order("degree"), rank as u32),
            ));
        }
    }
    let (na, nb) = (ca.resumes, cb.resumes);
    let tests: Vec<(f64, &'static str)> = items
        .iter()
        .map(|&(_, _, _, xa, xb, _)| {
            if stats::needs_exact_test(xa, na, xb, nb) {
                let p = context.ln_factorials.fisher_exact(xa, na - xa, xb, nb - xb);
                (p, "fisher")
            } else {
                (stats::two_proportion_z_test(xa, na, xb, nb), "z")
            }
        })
        .collect();
    let p_values: Vec<f64> = tests.iter().map(|t| t.0).collect();
    let q_values = stats::benjamini_hochberg(&p_values);
    let mut rows: Vec<((u8, u32), ComparisonRow)> = items
        .into_iter()
        .zip(tests)
        .zip(q_values)
        .map(|(((kind, id, name, xa, xb, order), (p, test)), q)| {
            let (pct_a, pct_b) = (100.0 * xa as f64 / na as f64, 100.0 * xb as f64 / nb as f64);
            let row = ComparisonRow {
                occupation_a: a_name.clone(),
                occupation_b: b_name.clone(),
                item_kind: Cow::Borrowed(kind),
                item_id: id,
                item: name,
                resumes_a: na,
                resumes_b: nb,
                pct_a,
                pct_b,
                diff_pp: pct_a - pct_b,
                p_value: p,
                q_value: q,
                test: Cow::Borrowed(test),
                significant: q < FDR,
            };
            (order, row)
        })
        .collect();
    rows.sort_unstable_by_key(|(order, _)| *order);
    rows.into_iter().map(|(_, row)| row).collect()
}

fn kind_order(kind: &str) -> u8 {
    match kind {
        "skill" => 0,
        "soft_skill" => 1,
        "certification" => 2,
        _ => 3,
    }
}

/// How a degree level reads in a sentence.
pub fn degree_label(level: DegreeLevel) -> &'static str {
    match level {
        DegreeLevel::None => "no degree",
        DegreeLevel::HighSchool => "High School Diploma",
        DegreeLevel::Certificate => "Certificate",
        DegreeLevel::Associate => "Associate's Degree",
        DegreeLevel::Bachelor => "Bachelor's Degree",
        DegreeLevel::Master => "Master's Degree",
        DegreeLevel::Doctorate => "Doctorate",
    }
}

/// The sentences a page would show for `a` against `b`, from `out_dir/comparisons.csv`:
/// the significant differences, largest first, from `a`'s side.
pub fn sentences(out_dir: &Path, a: &str, b: &str) -> Result<Vec<String>> {
    let path = out_dir.join("comparisons.csv");
    let mut reader = csv::Reader::from_path(&path)
        .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
    let mut rows = Vec::new();
    let mut found_pair = false;
    for (i, record) in reader.deserialize::<ComparisonRow>().enumerate() {
        let mut row =
            record.map_err(|e| Error::Config(format!("{}:{}: {e}", path.display(), i + 2)))?;
        if *row.occupation_a == *b && *row.occupation_b == *a {
            std::mem::swap(&mut row.occupation_a, &mut row.occupation_b);
            std::mem::swap(&mut row.pct_a, &mut row.pct_b);
            std::mem::swap(&mut row.resumes_a, &mut row.resumes_b);
            row.diff_pp = -row.diff_pp;
        } else if !(*row.occupation_a == *a && *row.occupation_b == *b) {
            continue;
        }
        found_pair = true;
        if row.significant && row.diff_pp != 0.0 {
            rows.push(row);
        }
    }
    if !found_pair {
        return Err(Error::Config(format!(
            "{}: no comparison of {a:?} and {b:?} (both need --min-count resumes; with more than {ALL_PAIRS_UP_TO} occupations only near pairs are compared unless given with --pairs)",
            path.display()
        )));
    }
    rows.sort_by(|x, y| {
        y.diff_pp
            .abs()
            .total_cmp(&x.diff_pp.abs())
            .then_with(|| x.item.cmp(&y.item))
    });
    Ok(rows.iter().map(sentence).collect())
}

/// "HEALTHCARE resumes are more likely to list Patient Care: 61.7% vs 2.5%".
pub fn sentence(row: &ComparisonRow) -> String {
    let direction = if row.diff_pp > 0.0 { "more" } else { "less" };
    let what = match &*row.item_kind {
        "degree" => format!("hold a {} as their highest degree", row.item),
        "certification" => format!("hold {}", row.item),
        _ => format!("list {}", row.item),
    };
    format!(
        "{} resumes are {direction} likely to {what}: {:.1}% vs {:.1}% ({}), {:+.1} points",
        row.occupation_a, row.pct_a, row.pct_b, row.occupation_b, row.diff_pp
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ResumeFacts;

    fn facts(
        ordinal: u64,
        occupation: &str,
        entries: &[EntryId],
        degree: DegreeLevel,
    ) -> ResumeFacts {
        ResumeFacts {
            ordinal,
            entries: entries.to_vec(),
            degrees: vec![degree],
            highest_degree: degree,
            ..ResumeFacts::empty(&ordinal.to_string(), occupation)
        }
    }

    fn lexicon() -> Lexicon {
        Lexicon::from_str(
            Path::new("t.tsv"),
            "id\tkind\tname\taliases\npc\tskill\tPatient Care\t\nacc\tskill\tAccounting\t\nrare\tskill\tRare\t\n",
        )
        .expect("lexicon")
    }

    #[test]
    fn a_pair_compares_items_with_enough_resumes_and_flags_by_fdr() {
        let mut counts = Counts::default();
        let mut ordinal = 0;
        let mut add = |occupation: &str, n: usize, entries: &[EntryId], degree| {
            for _ in 0..n {
                counts.add(&facts(ordinal, occupation, entries, degree));
                ordinal += 1;
            }
        };
        // H: 40 resumes, 30 with Patient Care, 2 with Rare; 20 bachelor, 20 master.
        add("H", 28, &[0], DegreeLevel::Bachelor);
        add("H", 2, &[0, 2], DegreeLevel::Master);
        add("H", 10, &[], DegreeLevel::Master);
        add("H", 0, &[], DegreeLevel::Master);
        // A: 50 resumes, 1 with Patient Care, 45 with Accounting; 40 bachelor, 10 master.
        add("A", 1, &[0, 1], DegreeLevel::Bachelor);
        add("A", 39, &[1], DegreeLevel::Bachelor);
        add("A", 5, &[1], DegreeLevel::Master);
        add("A", 5, &[], DegreeLevel::Master);
        // Occupation S has 5 resumes: under min_count, never compared.
        add("S", 5, &[0], DegreeLevel::Bachelor);
        let rows = comparisons(&counts, &lexicon(), 10, None);
        let got: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    &*r.occupation_a,
                    &*r.occupation_b,
                    &*r.item_kind,
                    &*r.item_id,
                )
            })
            .collect();
        // Rare (2 and 0) is under 10 on both sides: not compared. Degrees: bachelor
        // (40, 20) and master (10, 20); none is left out.
        assert_eq!(
            got,
            [
                ("A", "H", "skill", "acc"),
                ("A", "H", "skill", "pc"),
                ("A", "H", "degree", "bachelor"),
                ("A", "H", "degree", "master"),
            ]
        );
        let pc = &rows[1];
        assert_eq!((pc.resumes_a, pc.resumes_b), (50, 40));
        assert!((pc.pct_a - 2.0).abs() < 1e-9 && (pc.pct_b - 75.0).abs() < 1e-9);
        assert!((pc.diff_pp + 73.0).abs() < 1e-9);
        // Expected count of "no Patient Care" in H is 40·19/90 = 8.4, of yes 13.8:
        // every expected count ≥ 5, so the z-test.
        assert_eq!(pc.test, "z");
        assert!(pc.significant);
        // Accounting: 45 of 50 vs 0 of 40, expected "yes" in H = 40·45/90 = 20 ≥ 5.
        let acc = &rows[0];
        assert_eq!(acc.test, "z");
        // Every q is at least its p, and BH keeps the order of the p-values.
        for r in &rows {
            assert!(r.q_value >= r.p_value - 1e-15);
        }
    }

    #[test]
    fn fisher_is_used_when_an_expected_count_is_small() {
        let mut counts = Counts::default();
        for i in 0..12 {
            let entries: &[EntryId] = if i < 10 { &[2] } else { &[] };
            counts.add(&facts(i, "X", entries, DegreeLevel::None));
        }
        for i in 12..42 {
            counts.add(&facts(i, "Y", &[], DegreeLevel::None));
        }
        let rows = comparisons(&counts, &lexicon(), 10, None);
        assert_eq!(rows.len(), 1);
        // 10/12 vs 0/30: expected "yes" in X = 12·10/42 = 2.9 < 5, so Fisher's test.
        // Of the tables with these margins only the observed one is as unlikely
        // (the other extreme, 0 of 12 vs 10 of 30, has p = 0.020), so the two-sided
        // p-value is C(12,10)·C(30,0)/C(42,10) = 66/1,471,442,973.
        assert_eq!(rows[0].test, "fisher");
        let observed = 66.0 / 1_471_442_973.0;
        assert!(
            (rows[0].p_value - observed).abs() < observed * 1e-9,
            "{}",
            rows[0].p_value
        );
        assert!(rows[0].significant);
    }

    #[test]
    fn pairs_file_errors_name_the_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pairs.tsv");
        std::fs::write(&path, "# pairs\nB\tA\n\nC only\n").expect("write");
        let error = read_pairs(&path).expect_err("line 4 is bad").to_string();
        assert!(error.contains("pairs.tsv:4"), "{error}");
        std::fs::write(&path, "B\tA\nC\tA\n").expect("write");
        assert_eq!(
            read_pairs(&path).expect("pairs"),
            [
                ("A".to_string(), "B".to_string()),
                ("A".to_string(), "C".to_string())
            ]
        );
    }

    #[test]
    fn beyond_thirty_occupations_each_gets_its_nearest() {
        let lexicon = Lexicon::from_str(
            Path::new("t.tsv"),
            &(0..40).fold("id\tkind\tname\taliases\n".to_string(), |s, i| {
                s + &format!("s{i}\tskill\tS{i}\t\n")
            }),
        )
        .expect("lexicon");
        let mut counts = Counts::default();
        let mut ordinal = 0;
        // 40 occupations; occupation i names skills i and i+1 (mod 40) in every resume,
        // so its nearest are i−1 and i+1 (cosine 0.5), the rest 0.
        for i in 0..40u32 {
            for _ in 0..10 {
                counts.add(&facts(
                    ordinal,
                    &format!("O{i:02}"),
                    &[i, (i + 1) % 40],
                    DegreeLevel::None,
                ));
                ordinal += 1;
            }
        }
        let names: BTreeMap<&str, &OccupationCounts> = counts
            .occupations
            .iter()
            .map(|(n, c)| (n.as_str(), c))
            .collect();
        let pairs = choose_pairs(&names, &lexicon);
        assert!(pairs.contains(&("O00".to_string(), "O01".to_string())));
        assert!(pairs.contains(&("O00".to_string(), "O39".to_string())));
        // Each occupation adds at most 5 pairs: far fewer than all 780.
        assert!(
            pairs.len() <= 40 * NEAREST && pairs.len() >= 40,
            "{}",
            pairs.len()
        );
    }
}
