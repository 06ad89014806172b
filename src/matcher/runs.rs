//! Runs of word characters: finding them eight ASCII bytes at a time, hashing them,
//! and the hashes the matcher's tables are keyed by.

use std::hash::{BuildHasherDefault, Hasher};

use super::is_word_char;
use crate::swar::{load, HIGH, LOW};

/// ASCII letters, digits and `_`.
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Calls `f(start, end, hash)` for each maximal run of word characters in `text`,
/// `hash` being [`hash_run`] of its bytes. Sixty-four ASCII bytes are classified at a
/// time (eight words of eight, one 64-bit mask of word bytes) and the places where
/// the mask changes are walked ([`walk_changes`]). A stretch with a non-ASCII byte
/// goes eight bytes at a time, and character by character around that byte; the
/// last bytes likewise.
pub(super) fn for_each_run(text: &str, mut f: impl FnMut(usize, usize, u64)) {
    let bytes = text.as_bytes();
    let mut emit = |start: usize, end: usize| f(start, end, hash_run(bytes, start, end));
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let stretch_end = (i + 64).min(bytes.len());
        if let Some(words) = bytes.get(i..i + 64).and_then(ascii_word_mask_64) {
            walk_changes(words, u64::MAX, i, &mut start, &mut emit);
            i += 64;
            continue;
        }
        while i < stretch_end {
            if let Some(block) = bytes.get(i..i + 8) {
                let block = load(block);
                if block & HIGH == 0 {
                    let words = u64::from(ascii_word_mask(block));
                    walk_changes(words, 0xff, i, &mut start, &mut emit);
                    i += 8;
                    continue;
                }
            }
            let (word, width) = match bytes[i] {
                b if b < 0x80 => (ASCII_WORD[usize::from(b)], 1),
                _ => {
                    let width = word_char_width(text, i);
                    (width > 0, width.unsigned_abs())
                }
            };
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    emit(s, i);
                    start = None;
                }
                _ => {}
            }
            i += width;
        }
    }
    if let Some(s) = start {
        emit(s, bytes.len());
    }
}

/// Walks the bytes of a block at `at` whose word bytes are the bits of `words`
/// (`width`: the mask of the block's bits) where a run starts or ends: the bits
/// that differ from the bit below (below bit 0, whether a run is open). They
/// alternate, so the only branch that depends on the text is the end of the walk.
fn walk_changes(
    words: u64,
    width: u64,
    at: usize,
    start: &mut Option<usize>,
    emit: &mut impl FnMut(usize, usize),
) {
    let mut changes = (words ^ (words << 1 | u64::from(start.is_some()))) & width;
    while changes != 0 {
        let change = at + changes.trailing_zeros() as usize;
        changes &= changes - 1;
        match start.take() {
            None => *start = Some(change),
            Some(s) => emit(s, change),
        }
    }
}

/// Bit `k` set when byte `k` of the 64 bytes of `chunk` is a word character; `None`
/// when one of them is not ASCII.
fn ascii_word_mask_64(chunk: &[u8]) -> Option<u64> {
    let mut words = 0;
    let mut high = 0;
    for (k, block) in chunk.chunks_exact(8).enumerate() {
        let block = load(block);
        high |= block;
        words |= u64::from(ascii_word_mask(block)) << (8 * k);
    }
    (high & HIGH == 0).then_some(words)
}

/// Per byte of `block` (all ASCII), the high bit set when `low < byte < high`
/// (exact: no carry or borrow crosses bytes for `low` >= 0 and `high` <= 128).
fn bytes_between(block: u64, low: u8, high: u8) -> u64 {
    let seven = block & (LOW * 0x7f);
    ((LOW * (127 + u64::from(high))).wrapping_sub(seven)
        & !block
        & seven.wrapping_add(LOW * (127 - u64::from(low))))
        & HIGH
}

/// Bit `k` set when byte `k` (little-endian) of the all-ASCII `block` is a word
/// character: a letter, a digit or `_`.
fn ascii_word_mask(block: u64) -> u32 {
    let high = bytes_between(block, b'0' - 1, b'9' + 1)
        | bytes_between(block, b'a' - 1, b'z' + 1)
        | bytes_between(block, b'A' - 1, b'Z' + 1)
        | bytes_between(block, b'_' - 1, b'_' + 1);
    // Gather the eight high bits into the top byte.
    (((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32
}

/// The hash of the run `bytes[start..end]`: of its bytes only, read eight at a time
/// (bytes around the run may be loaded, never hashed).
fn hash_run(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    if len <= 8 {
        let word = match (bytes.get(start..start + 8), end.checked_sub(8)) {
            (Some(ahead), _) => load(ahead) & low_bytes(len),
            (None, Some(behind)) => load(&bytes[behind..end]) >> (8 * (8 - len)),
            (None, None) => bytes[start..end]
                .iter()
                .rev()
                .fold(0, |word, &b| (word << 8) | u64::from(b)),
        };
        return fold_multiply(word ^ HASH_SEED, HASH_MULTIPLIER ^ len as u64);
    }
    let mut hash = HASH_SEED ^ len as u64;
    let mut at = start;
    while at + 8 < end {
        hash = (hash ^ load(&bytes[at..at + 8]))
            .wrapping_mul(HASH_MULTIPLIER)
            .rotate_left(29);
        at += 8;
    }
    // The last eight bytes (overlapping the previous ones when the length is not a
    // multiple of eight).
    fold_multiply(hash ^ load(&bytes[end - 8..end]), HASH_MULTIPLIER)
}

/// A mask of the low `len` bytes (`len` <= 8).
fn low_bytes(len: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0)
}

const HASH_MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

/// The width of the non-ASCII character at `i`: positive for a word character,
/// negative for any other.
fn word_char_width(text: &str, i: usize) -> isize {
    let c = text[i..].chars().next().expect("i is a char boundary");
    let width = c.len_utf8() as isize;
    if is_word_char(c) {
        width
    } else {
        -width
    }
}

/// One byte into a chain key: a rotate and an xor (one cycle; the key's [`mix`]
/// spreads the bits afterwards). Collisions only cost time: every hit is checked
/// against a pattern's bytes or walked in the automaton.
fn hash_byte(hash: u64, b: u8) -> u64 {
    hash.rotate_left(7) ^ u64::from(b)
}

const HASH_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// The two halves of the 128-bit product, xored: one multiplication that lets every
/// input bit reach the high and the low bits of the hash (the table index and the
/// tag come from those).
fn fold_multiply(x: u64, y: u64) -> u64 {
    let product = u128::from(x) * u128::from(y);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The murmur3 finaliser: every bit of the input moves every bit of the output.
pub(super) fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash of a run sequence extended by the symbols `between` and the next run.
pub(super) fn chain_key(key: u64, between: &str, next: u64) -> u64 {
    let mut hash = key;
    for &b in between.as_bytes() {
        hash = hash_byte(hash, b);
    }
    mix(hash ^ next.rotate_left(32))
}

/// Hashes the run tables are keyed by are already mixed: use them as they are.
#[derive(Default)]
pub(super) struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(super) type PassThrough = BuildHasherDefault<PassThroughHasher>;
