//! Text normalisation, applied to every resume before any matching: repairs the
//! mojibake real dumps carry (UTF-8 read as Windows-1252/Latin-1: `Â`, `â€¢`, `Ã¯`,
//! `ï¼`), turns NBSP and other odd spaces into plain spaces, CRLF/CR into LF, smart
//! quotes into ASCII ones, and drops zero-width characters.
//!
//! [`fold_case`] is the Unicode-aware lower-casing used for case-insensitive matching.
//! It never changes a byte offset, so a match found in the folded text points at the
//! same bytes of the normalised text.

use crate::swar;

/// Normalises resume text (see the module docs).
pub fn normalize(text: &str) -> String {
    if is_normal(text) {
        return text.to_string();
    }
    normalize_changed(text)
}

/// [`normalize`], reusing `text`'s buffer when there is nothing to change (most
/// ASCII text).
pub fn normalize_owned(text: String) -> String {
    if is_normal(&text) {
        return text;
    }
    normalize_changed(&text)
}

/// Whether normalising would leave `text` as it is: ASCII without CR.
fn is_normal(text: &str) -> bool {
    text.is_ascii() && memchr::memchr(b'\r', text.as_bytes()).is_none()
}

fn normalize_changed(text: &str) -> String {
    let repaired = repair_mojibake(text);
    let mut out = String::with_capacity(repaired.len());
    let mut rest = repaired.as_str();
    // Copy untouched runs whole; only CR and non-ASCII characters need a look.
    while let Some(at) = first_special(rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let c = rest.chars().next().unwrap_or_default();
        rest = &rest[c.len_utf8()..];
        match c {
            '\r' => {
                out.push('\n');
                rest = rest.strip_prefix('\n').unwrap_or(rest);
            }
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{80}'..='\u{9f}' => {}
            '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{ff0d}' => {
                out.push('-')
            }
            _ => out.push(c),
        }
    }
    out.push_str(rest);
    out
}

/// Lower-cases `text` character by character wherever the lower-case form is one
/// character of the same UTF-8 length (all of Latin, Greek, Cyrillic…); other
/// characters are kept as they are, so byte offsets never move.
pub fn fold_case(text: &str) -> String {
    let mut folded = text.to_ascii_lowercase();
    if text.is_ascii() {
        return folded;
    }
    // Only the other characters need a look; each is replaced in place.
    let mut changes = Vec::new();
    let mut at = 0;
    while let Some(offset) = first_non_ascii(&text.as_bytes()[at..]) {
        let start = at + offset;
        let c = text[start..]
            .chars()
            .next()
            .expect("start is a char boundary");
        let lower = fold_char(c);
        if lower != c {
            changes.push((start, lower));
        }
        at = start + c.len_utf8();
    }
    if changes.is_empty() {
        return folded;
    }
    let mut bytes = folded.into_bytes();
    for (start, lower) in changes {
        lower.encode_utf8(&mut bytes[start..start + lower.len_utf8()]);
    }
    folded = String::from_utf8(bytes).expect("each character replaced by one of the same length");
    folded
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// The first non-ASCII byte of `bytes`, found eight bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    swar::first_flagged(bytes, |word| word & swar::HIGH, |b| b >= 0x80)
}

/// The first CR or non-ASCII byte of `bytes`, found eight bytes at a time.
fn first_special(bytes: &[u8]) -> Option<usize> {
    swar::first_flagged(
        bytes,
        |word| swar::bytes_equal(word, b'\r') | (word & swar::HIGH),
        |b| b == b'\r' || b >= 0x80,
    )
}

/// Re-decodes runs of characters that are UTF-8 bytes shown as Windows-1252/Latin-1.
fn repair_mojibake(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find_mojibake_lead(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((decoded, used)) = decode_run(rest) {
            out.push(decoded);
            rest = &rest[used..];
            continue;
        }
        let mut chars = rest.chars();
        let first = chars.next().unwrap_or_default();
        let second = chars.next();
        let (replacement, used) = match (first, second) {
            // A double-encoded NBSP whose second byte was lost or became a space.
            ('Â', Some(c @ (' ' | '\u{a0}'))) => (" ", first.len_utf8() + c.len_utf8()),
            ('Â', None) => ("", first.len_utf8()),
            // A fullwidth hyphen (EF BC 8D) whose last byte was dropped.
            ('ï', Some('¼')) => ("-", first.len_utf8() + '¼'.len_utf8()),
            _ => (&rest[..first.len_utf8()], first.len_utf8()),
        };
        out.push_str(replacement);
        rest = &rest[used..];
    }
    out.push_str(rest);
    out
}

/// Where the first character in U+00C2..=U+00F4 (a UTF-8 lead byte shown as
/// Latin-1) is: all are encoded with the byte 0xC3 first, which memchr finds fast.
fn find_mojibake_lead(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = memchr::memchr(0xC3, &bytes[from..]) {
        let at = from + offset;
        if (0x82..=0xB4).contains(bytes.get(at + 1)?) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// If `text` starts with a UTF-8 lead byte followed by its continuation bytes, all
/// shown as Windows-1252/Latin-1 characters, returns the decoded text and how many
/// bytes of `text` it used.
fn decode_run(text: &str) -> Option<(char, usize)> {
    let mut chars = text.chars();
    let lead_char = chars.next()?;
    let lead = cp1252_byte(lead_char)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut used = lead_char.len_utf8();
    for slot in bytes.iter_mut().take(len).skip(1) {
        let c = chars.next()?;
        let b = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
        used += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some((decoded, used))
}

/// The byte a character stands for when UTF-8 was decoded as Windows-1252 (or as
/// Latin-1, which keeps C1 controls as U+0080..U+009F).
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        name: &'static str,
        text: &'static str,
        expected: &'static str,
    }

    #[test]
    fn normalize_cases() {
        let cases = [
            Case {
                name: "crlf",
                text: "a\r\nb\rc",
                expected: "a\nb\nc",
            },
            Case {
                name: "nbsp",
                text: "a\u{a0}b",
                expected: "a b",
            },
            Case {
                name: "double nbsp",
                text: "training\u{c2}\u{a0}staff",
                expected: "training staff",
            },
            Case {
                name: "lone A-circumflex",
                text: "design,Â training",
                expected: "design, training",
            },
            Case {
                name: "bullet cp1252",
                text: "â€¢ Python",
                expected: "• Python",
            },
            Case {
                name: "bullet latin1",
                text: "â\u{80}¢ Python",
                expected: "• Python",
            },
            Case {
                name: "i diaeresis",
                text: "NaÃ¯ve Bayes",
                expected: "Naïve Bayes",
            },
            Case {
                name: "fullwidth hyphen lost byte",
                text: "Company Name ï¼ City",
                expected: "Company Name - City",
            },
            Case {
                name: "fullwidth hyphen whole",
                text: "A ï¼\u{8d} B",
                expected: "A - B",
            },
            Case {
                name: "smart quotes",
                text: "Bachelor’s “BS”",
                expected: "Bachelor's \"BS\"",
            },
            Case {
                name: "real accents kept",
                text: "café résumé",
                expected: "café résumé",
            },
            Case {
                name: "zero width",
                text: "Ex\u{200b}cel",
                expected: "Excel",
            },
        ];
        for case in cases {
            assert_eq!(normalize(case.text), case.expected, "case {}", case.name);
        }
    }

    #[test]
    fn first_special_finds_the_first_cr_or_non_ascii_byte() {
        let pieces: [&[u8]; 8] = [
            b"a",
            b"\r",
            b"\x0c",
            b"\x8d",
            b"\xc3",
            b"\x0d\x0d",
            b" ",
            b"\x0e",
        ];
        // Every string of up to five pieces, at every offset into a longer text.
        let mut texts = vec![Vec::new()];
        for _ in 0..5 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| [t.as_slice(), p].concat()))
                .collect();
            texts.extend(longer);
            texts.dedup();
        }
        for text in texts {
            for pad in 0..9 {
                let padded = [vec![b'x'; pad], text.clone()].concat();
                let naive = padded.iter().position(|&b| b == b'\r' || b >= 0x80);
                assert_eq!(first_special(&padded), naive, "{padded:?}");
                let naive = padded.iter().position(|&b| b >= 0x80);
                assert_eq!(first_non_ascii(&padded), naive, "{padded:?}");
            }
        }
    }

    #[test]
    fn fold_case_is_unicode_aware_and_keeps_offsets() {
        assert_eq!(fold_case("ÉCOLE Straße ΣΟΦΙΑ"), "école straße σοφια");
        for text in ["İstanbul", "ǅ x", "ÅNGSTRÖM", "plain"] {
            assert_eq!(fold_case(text).len(), text.len(), "{text}");
        }
    }
}
