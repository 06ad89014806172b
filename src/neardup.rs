//! Near-duplicate detection for quoted sentences: MinHash signatures over word
//! 2-shingles, banded locality-sensitive hashing to find candidate pairs, and a
//! signature check of each pair.
//!
//! Hashes are our own (FNV-1a and splitmix64), not `std`'s, so signatures are the same
//! on every platform and release: they cross shard boundaries.

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// Hash functions per signature.
pub const SIGNATURE_LEN: usize = 64;
/// LSH bands; `SIGNATURE_LEN / BANDS` rows each.
const BANDS: usize = 16;
const ROWS: usize = SIGNATURE_LEN / BANDS;
/// Estimated Jaccard similarity from which two sentences are near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.6;

pub type Signature = [u32; SIGNATURE_LEN];

/// A sentence's exact key (equal for sentences with the same words, case and
/// punctuation aside) and its MinHash signature over word 2-shingles (1-shingles for
/// a one-word sentence). Words are lower-cased and crudely stemmed so tense and number
/// do not split near-duplicates ("Conduct"/"Conducted", "exam"/"exams").
pub fn fingerprint(sentence: &str) -> (u64, Signature) {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(stem)
        .collect();
    (exact_key(&words), signature(&words))
}

fn stem(word: &str) -> &str {
    let mut w = word;
    for suffix in ["ing", "ed", "es", "s"] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) && !w.ends_with("ss") {
            w = &w[..w.len() - suffix.len()];
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w = &w[..w.len() - 1];
    }
    w
}

fn exact_key(words: &[&str]) -> u64 {
    let mut hash = FNV_OFFSET;
    for word in words {
        hash = fnv1a(hash, word.as_bytes());
        hash = fnv1a(hash, b" ");
    }
    hash
}

fn signature(words: &[&str]) -> Signature {
    let mut signature = [u32::MAX; SIGNATURE_LEN];
    let shingles: Vec<u64> = if words.len() < 2 {
        words
            .iter()
            .map(|w| fnv1a(FNV_OFFSET, w.as_bytes()))
            .collect()
    } else {
        words
            .windows(2)
            .map(|pair| {
                let hash = fnv1a(FNV_OFFSET, pair[0].as_bytes());
                fnv1a(fnv1a(hash, b" "), pair[1].as_bytes())
            })
            .collect()
    };
    for shingle in shingles {
        // One good mix per shingle, then a multiply-add per hash function: the
        // universal family h_i(x) = (a_i·x + b_i) >> 32 with odd a_i.
        let x = splitmix64(shingle);
        for ((slot, a), b) in signature.iter_mut().zip(&MULTIPLIERS).zip(&ADDENDS) {
            let h = (a.wrapping_mul(x).wrapping_add(*b) >> 32) as u32;
            *slot = (*slot).min(h);
        }
    }
    signature
}

/// The share of signature positions two signatures agree on: an estimate of the
/// Jaccard similarity of their shingle sets.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / SIGNATURE_LEN as f64
}

/// Groups of near-duplicates among `signatures`: each item's group number (the index
/// of the group's first item), so items `i` and `j` are in one group when a chain of
/// near-duplicate pairs links them. Deterministic for a given input order.
pub fn groups(signatures: &[&Signature]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..signatures.len()).collect();
    for band in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>, FixedState> = HashMap::default();
        for (i, signature) in signatures.iter().enumerate() {
            let rows = &signature[band * ROWS..(band + 1) * ROWS];
            let key = rows
                .iter()
                .fold(FNV_OFFSET, |h, r| fnv1a(h, &r.to_le_bytes()));
            buckets.entry(key).or_default().push(i);
        }
        for members in buckets.values() {
            let first = members[0];
            for &other in &members[1..] {
                if find(&mut parent, first) != find(&mut parent, other)
                    && similarity(signatures[first], signatures[other]) >= NEAR_DUPLICATE
                {
                    union(&mut parent, first, other);
                }
            }
        }
    }
    (0..signatures.len())
        .map(|i| find(&mut parent, i))
        .collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Joins two groups under the smaller root, so the result does not depend on the
/// order bands are visited in.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
    parent[high] = low;
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

const fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(GOLDEN);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// splitmix64's increment (2^64 / the golden ratio).
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash functions' `a_i` (odd) and `b_i`, from one fixed seed per function (a
/// splitmix64 stream): `a_i` = seed `i` | 1, `b_i` = seed `i + 1` (cyclically). In two
/// arrays, the loop over the 64 functions has no index arithmetic and vectorises.
const HASH_FUNCTIONS: ([u64; SIGNATURE_LEN], [u64; SIGNATURE_LEN]) = {
    let mut seeds = [0u64; SIGNATURE_LEN];
    let mut i = 0;
    while i < SIGNATURE_LEN {
        seeds[i] =
            splitmix64(0x5eed_0f5c_111a_11e5u64.wrapping_add((i as u64).wrapping_mul(GOLDEN)));
        i += 1;
    }
    let (mut multipliers, mut addends) = ([0u64; SIGNATURE_LEN], [0u64; SIGNATURE_LEN]);
    let mut i = 0;
    while i < SIGNATURE_LEN {
        multipliers[i] = seeds[i] | 1;
        addends[i] = seeds[(i + 1) % SIGNATURE_LEN];
        i += 1;
    }
    (multipliers, addends)
};
const MULTIPLIERS: [u64; SIGNATURE_LEN] = HASH_FUNCTIONS.0;
const ADDENDS: [u64; SIGNATURE_LEN] = HASH_FUNCTIONS.1;

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(s: &str) -> Signature {
        fingerprint(s).1
    }

    #[test]
    fn exact_key_ignores_case_and_punctuation_only() {
        let key = |s: &str| fingerprint(s).0;
        assert_eq!(
            key("Managed payroll for 40 staff."),
            key("managed payroll, for 40 staff")
        );
        assert_ne!(
            key("Managed payroll for 40 staff."),
            key("Managed payroll for 41 staff.")
        );
    }

    #[test]
    fn similarity_estimates_jaccard() {
        // 10 shingles each, 8 shared: Jaccard 8/12 = 0.67.
        let a = sig("a b c d e f g h i j k");
        let b = sig("a b c d e f g h i x y");
        let estimate = similarity(&a, &b);
        assert!((0.45..=0.85).contains(&estimate), "{estimate}");
        assert_eq!(similarity(&a, &a), 1.0);
        let unrelated = sig("prepared monthly financial statements for the board");
        assert!(similarity(&a, &unrelated) < 0.2);
    }

    #[test]
    fn near_duplicates_group_and_others_do_not() {
        let sentences = [
            "Conduct blood donor physical exam and health history screening in order to determine eligibility.",
            "Prepared monthly financial statements and reconciled general ledger accounts.",
            "Conducted blood donor physical exam and health history screening in order to determine donor eligibility.",
            "Prepare monthly financial statements and reconcile general ledger accounts for the board.",
            "Greeted customers and answered phones at the front desk.",
            "Conduct blood donor physical exams and health history screening to determine eligibility.",
        ];
        let signatures: Vec<Signature> = sentences.iter().map(|s| sig(s)).collect();
        let refs: Vec<&Signature> = signatures.iter().collect();
        let g = groups(&refs);
        assert_eq!(g[0], g[2], "one word changed");
        assert_eq!(g[0], g[5], "two words changed, one dropped");
        assert_eq!(g[1], g[3], "tense changed, a phrase added");
        assert_ne!(g[0], g[1]);
        assert_ne!(g[4], g[0]);
        assert_ne!(g[4], g[1]);
        assert_eq!(g[4], 4, "a group is named by its first item");
    }
}
