//! Sentences of a section, as byte ranges of the normalised text, for the quoted
//! content (responsibilities, skill quotes).
//!
//! Resume text comes out of PDF extraction: sentences wrap across lines ("…in
//! accordance\nwith school board policies.") and run into each other without a space
//! ("…within six months.Worked with…"), and bullets start lines. A line joins the one
//! before it when that one has not ended a sentence and the line starts in lower case;
//! a sentence ends at `.`, `!` or `?` followed by a space and a capital, or glued to
//! a capital after a lower-case word (not after an abbreviation such as "Inc." or
//! "Dr.").

use std::ops::Range;

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "corp", "co", "dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "etc", "approx",
    "dept", "no", "e.g", "i.e", "u.s", "a.m", "p.m", "ph.d", "b.s", "m.s", "b.a", "m.a", "llc",
    "assoc", "univ", "ave", "blvd", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
];

/// Characters that start a bullet.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '·'
            | '▪'
            | '◦'
            | '●'
            | '■'
            | '□'
            | '○'
            | '➢'
            | '➤'
            | '►'
            | '✓'
            | '✔'
            | '-'
            | '*'
            | '–'
            | '—'
            | '>'
            | '§'
    ) || c == '\u{f0b7}'
        || c == '\u{f0a7}'
}

/// Sentences of `text[range]`, trimmed of bullets and space, in text order. A range
/// may span lines (wrapped sentences); [`display`] joins them.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut units: Vec<Range<usize>> = Vec::new();
    let mut offset = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end();
        let lead = content.len()
            - content
                .trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c))
                .len();
        let start = line_start + lead;
        let end = line_start + content.len();
        if start >= end {
            continue;
        }
        let body = &text[start..end];
        let continues = units.last().is_some_and(|previous| {
            let before = text[previous.clone()].trim_end();
            !before.ends_with(['.', '!', '?', ':', ';'])
                && lead == content.len() - content.trim_start().len()
                && body.chars().next().is_some_and(char::is_lowercase)
        });
        match units.last_mut() {
            Some(previous) if continues => previous.end = end,
            _ => units.push(start..end),
        }
    }
    units
        .into_iter()
        .flat_map(|u| split_unit(text, u))
        .collect()
}

/// Splits one joined unit at sentence ends.
fn split_unit(text: &str, unit: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = unit.start;
    let stops = memchr::memchr3_iter(b'.', b'!', b'?', &text.as_bytes()[unit.clone()]);
    for i in stops.map(|at| unit.start + at) {
        if ends_sentence(text, start, i, unit.end) {
            push_trimmed(text, &mut out, start..i + 1);
            start = i + 1;
        }
    }
    push_trimmed(text, &mut out, start..unit.end);
    out
}

/// Whether the stop at `stop` ends the sentence that began at `start`.
fn ends_sentence(text: &str, start: usize, stop: usize, end: usize) -> bool {
    let after = &text[stop + 1..end];
    let next = after.trim_start();
    let spaced = next.len() < after.len();
    let Some(first) = next.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || (spaced && (first == '(' || first == '"'))) {
        return false;
    }
    let word = text[start..stop]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_ascii_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) || word.chars().count() == 1 {
        return false;
    }
    if !spaced {
        // Glued: "months.Worked" ends a sentence, "U.S.Army" or "Node.Js" does not:
        // a lower-case word before, a capitalised word of four letters or more after.
        let mut chars = word.chars().rev();
        let last_two_lower = chars.next().is_some_and(char::is_lowercase)
            && chars.next().is_some_and(char::is_lowercase);
        let next_word = next
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        return last_two_lower
            && word.len() >= 3
            && next_word.chars().count() >= 4
            && next_word.chars().skip(1).all(char::is_lowercase);
    }
    true
}

fn push_trimmed(text: &str, out: &mut Vec<Range<usize>>, range: Range<usize>) {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    if start < end {
        out.push(start..end);
    }
}

/// The sentence as published: line breaks and runs of space collapsed.
pub fn display(text: &str, range: Range<usize>) -> String {
    let mut out = String::with_capacity(range.len());
    for word in text[range].split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The index of the sentence holding `offset`, if any.
pub fn holding(sentences: &[Range<usize>], offset: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= offset);
    (i < sentences.len() && sentences[i].contains(&offset)).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        sentences(text, 0..text.len())
            .into_iter()
            .map(|r| display(text, r))
            .collect()
    }

    #[test]
    fn sentence_cases() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Maintained payroll records.\nPrepared audits.",
                &["Maintained payroll records.", "Prepared audits."],
            ),
            (
                "Work closely with the supervisor to ensure processes are executed in accordance\nwith school board policies.\n",
                &["Work closely with the supervisor to ensure processes are executed in accordance with school board policies."],
            ),
            (
                "Moved payroll online within six months.Worked with human resources to track leave.",
                &["Moved payroll online within six months.", "Worked with human resources to track leave."],
            ),
            (
                "• Trained staff at Acme Inc. Managed 12 clinics.",
                &["Trained staff at Acme Inc. Managed 12 clinics."],
            ),
            (
                "- Coordinated care with Dr. Lee. Ordered supplies.",
                &["Coordinated care with Dr. Lee.", "Ordered supplies."],
            ),
            ("Built APIs in Node.Js and .NET for the U.S. Army.", &["Built APIs in Node.Js and .NET for the U.S. Army."]),
            (
                "Skills\n• Customer service\n• Scheduling\n",
                &["Skills", "Customer service", "Scheduling"],
            ),
            (
                "Staff Accountant 08/2014 to Current\nCompany Name City , State\nReview forms.",
                &["Staff Accountant 08/2014 to Current", "Company Name City , State", "Review forms."],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn holding_finds_the_sentence_of_an_offset() {
        let text = "One two three. Four five six.";
        let s = sentences(text, 0..text.len());
        assert_eq!(holding(&s, 0), Some(0));
        assert_eq!(holding(&s, text.find("Four").expect("Four")), Some(1));
        assert_eq!(holding(&s, text.find(" Four").expect("space")), None);
    }
}
