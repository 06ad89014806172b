//! Eight bytes at a time: the byte tests the scanners share (normalisation, JSONL
//! strings, the matcher's runs), on little-endian `u64` words.
//!
//! Each test sets the high bit of the bytes it flags. The "equal" and "below" tests
//! borrow across bytes, so they may also flag a byte *above* a flagged one, never
//! below: the lowest flag of a word is always right, which is all
//! [`first_flagged`] reads.

/// 0x01 in every byte.
pub(crate) const LOW: u64 = 0x0101_0101_0101_0101;
/// 0x80 in every byte: the flag bits, and the bytes that are not ASCII.
pub(crate) const HIGH: u64 = LOW * 0x80;

/// Eight bytes as a little-endian word.
pub(crate) fn load(eight: &[u8]) -> u64 {
    u64::from_le_bytes(eight.try_into().expect("eight bytes"))
}

/// Flags the bytes of `word` equal to `byte`.
pub(crate) fn bytes_equal(word: u64, byte: u8) -> u64 {
    let zeroed = word ^ (LOW * u64::from(byte));
    zeroed.wrapping_sub(LOW) & !zeroed & HIGH
}

/// Flags the bytes of `word` below `limit` (`limit` <= 0x80).
pub(crate) fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(LOW * u64::from(limit)) & !word & HIGH
}

/// The first byte of `bytes` that `flags` marks (eight bytes at a time; the last
/// ones, fewer than eight, one by one through `is_wanted`, the same test per byte).
pub(crate) fn first_flagged(
    bytes: &[u8],
    flags: impl Fn(u64) -> u64,
    is_wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let flagged = flags(load(chunk));
        if flagged != 0 {
            return Some(at + flagged.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| is_wanted(b))
        .map(|i| at + i)
}
