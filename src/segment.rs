//! Normalised resume text → [`Section`]s (summary, skills, experience, education,
//! certifications, other), from the headings real dumps use.
//!
//! A heading is a short line (at most five words) whose words, case-folded and
//! stripped of punctuation, are a known heading ("Professional Overview", "Work
//! History:", "EDUCATION AND TRAINING"). Kaggle-style headings glued to the previous
//! text ("…Deep learning.Education Details") start a section wherever they appear.
//! Text before the first heading is the [`SectionKind::Header`].

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use foldhash::fast::FixedState;

use crate::normalize::fold_case;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    Header,
    Summary,
    Skills,
    Experience,
    Education,
    Certifications,
    Other,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Header => "header",
            SectionKind::Summary => "summary",
            SectionKind::Skills => "skills",
            SectionKind::Experience => "experience",
            SectionKind::Education => "education",
            SectionKind::Certifications => "certifications",
            SectionKind::Other => "other",
        }
    }
}

/// A section: its kind and byte range in the normalised text (heading included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub range: Range<usize>,
}

const HEADINGS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Summary,
        &[
            "summary",
            "professional summary",
            "executive summary",
            "career summary",
            "profile",
            "professional profile",
            "career profile",
            "objective",
            "career objective",
            "professional objective",
            "objectives",
            "professional overview",
            "overview",
            "career overview",
            "executive profile",
            "about me",
            "summary of qualifications",
            "qualifications summary",
            "personal profile",
            "career focus",
            "professional synopsis",
        ],
    ),
    (
        SectionKind::Skills,
        &[
            "skills",
            "skill",
            "highlights",
            "skill highlights",
            "core qualifications",
            "qualifications",
            "technical skills",
            "computer skills",
            "key skills",
            "core competencies",
            "competencies",
            "areas of expertise",
            "expertise",
            "skill details",
            "skill set",
            "skillset",
            "skills summary",
            "professional skills",
            "personal skills",
            "it skills",
            "software skills",
            "technical proficiencies",
            "key competencies",
            "strengths",
            "core strengths",
            "software",
            "tools",
            "technologies",
            "technical summary",
            "summary of skills",
            "skills and abilities",
            "relevant skills",
            "skills & expertise",
            "computer knowledge",
            "technical expertise",
        ],
    ),
    (
        SectionKind::Experience,
        &[
            "experience",
            "work experience",
            "professional experience",
            "employment history",
            "work history",
            "employment",
            "career history",
            "relevant experience",
            "company details",
            "experience details",
            "professional background",
            "employment experience",
            "professional history",
            "work experience details",
            "career experience",
            "positions held",
            "volunteer experience",
            "related experience",
            "teaching experience",
            "military experience",
        ],
    ),
    (
        SectionKind::Education,
        &[
            "education",
            "education and training",
            "education details",
            "academic qualifications",
            "academic qualification",
            "academic background",
            "educational qualifications",
            "educational qualification",
            "educational background",
            "academic profile",
            "academics",
            "training",
            "education & training",
            "qualification",
            "educational details",
            "education and certifications",
            "education & certifications",
            "academic details",
            "training and education",
            "education/training",
            "scholastics",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certification",
            "licenses",
            "license",
            "licenses and certifications",
            "certifications and licenses",
            "certificates",
            "professional certifications",
            "credentials",
            "licensure",
            "certifications & licenses",
            "licenses & certifications",
            "certifications and trainings",
            "certification and licenses",
            "licenses/certifications",
        ],
    ),
    (
        SectionKind::Other,
        &[
            "accomplishments",
            "achievements",
            "awards",
            "honors",
            "affiliations",
            "professional affiliations",
            "additional information",
            "interests",
            "activities",
            "projects",
            "publications",
            "volunteer",
            "volunteer work",
            "references",
            "personal details",
            "personal information",
            "languages",
            "hobbies",
            "presentations",
            "memberships",
            "community service",
            "extracurricular activities",
            "awards and honors",
            "personal",
            "declaration",
            "leadership",
            "military service",
            "academic projects",
            "project details",
        ],
    ),
];

/// Headings that some dumps glue to the previous text; matched as written. Each ends
/// in " Details" (`segment` relies on it).
const INLINE_HEADINGS: &[(SectionKind, &str)] = &[
    (SectionKind::Education, "Education Details"),
    (SectionKind::Skills, "Skill Details"),
    (SectionKind::Experience, "Company Details"),
];

/// Splits `text` into sections, in text order, covering all of it.
pub fn segment(text: &str) -> Vec<Section> {
    let mut starts: Vec<(usize, SectionKind)> = Vec::new();
    let mut offset = 0;
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
    for end in line_ends.chain(std::iter::once(text.len())) {
        if end > offset {
            if let Some(kind) = heading_kind(&text[offset..end]) {
                starts.push((offset, kind));
            }
        }
        offset = end;
    }
    // One pass for the glued headings: they all end in " Details".
    static DETAILS: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let details = DETAILS.get_or_init(|| memchr::memmem::Finder::new(" Details"));
    for at in details.find_iter(text.as_bytes()) {
        for (kind, heading) in INLINE_HEADINGS {
            let lead = &heading[..heading.len() - " Details".len()];
            if text[..at].ends_with(lead) {
                starts.push((at - lead.len(), *kind));
            }
        }
    }
    starts.sort_by_key(|(at, _)| *at);
    starts.dedup_by_key(|(at, _)| *at);
    if starts.first().is_none_or(|(at, _)| *at > 0) {
        starts.insert(0, (0, SectionKind::Header));
    }
    let mut sections = Vec::with_capacity(starts.len());
    for (i, (start, kind)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(next, _)| *next);
        if end > *start || sections.is_empty() {
            sections.push(Section {
                kind: *kind,
                range: *start..end,
            });
        }
    }
    sections
}

/// The section a line heads, if it is a heading.
pub fn heading_kind(line: &str) -> Option<SectionKind> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.len() > MAX_HEADING_LINE {
        return None;
    }
    if trimmed.is_ascii() {
        // Most lines are not headings: the first, second and last bytes of the key
        // (the line's first and last letter, digit, `&` or `/`, and what follows the
        // first) rule them out before it is built.
        let bytes = trimmed.as_bytes();
        let first = bytes.iter().position(|&b| is_key_byte(b))?;
        let last = bytes.iter().rposition(|&b| is_key_byte(b))?;
        let second = second_key_class(&bytes[first + 1..=last]);
        if !heading_index().may_be_key(bytes[first], second, bytes[last]) {
            return None;
        }
        // The same key as [`heading_key`], built on the stack: most lines of a
        // resume are short, and this runs for many of them.
        let mut key = [0u8; MAX_HEADING_LINE];
        let len = ascii_heading_key(trimmed.as_bytes(), &mut key);
        let key = std::str::from_utf8(&key[..len]).expect("ASCII");
        return heading_of_key(key);
    }
    heading_of_key(&heading_key(trimmed))
}

/// Lines longer than this (trimmed) are never headings.
const MAX_HEADING_LINE: usize = 48;

/// ASCII bytes a heading key keeps.
fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'&' || b == b'/'
}

/// The class of a key's second byte when it is a space ([`key_byte_class`] has the
/// others).
const KEY_SPACE: usize = 29;
/// The class of a key's second byte when the key has one byte.
const KEY_END: usize = 30;

/// The class of a key's second byte, `rest` being what follows the key's first byte
/// up to its last (in a line or in a key): none, a key byte, or a separator (a space
/// in the key).
fn second_key_class(rest: &[u8]) -> usize {
    match rest.first() {
        None => KEY_END,
        Some(&b) if is_key_byte(b) => key_byte_class(b),
        Some(_) => KEY_SPACE,
    }
}

/// Which of 32 classes a key byte (ASCII, either case) falls in: a letter, a digit,
/// `&` or `/`.
fn key_byte_class(b: u8) -> usize {
    match b.to_ascii_lowercase() {
        b @ b'a'..=b'z' => usize::from(b - b'a'),
        b'0'..=b'9' => 26,
        b'&' => 27,
        _ => 28,
    }
}

fn heading_of_key(key: &str) -> Option<SectionKind> {
    let index = heading_index();
    // Most lines are not headings: the first byte and the length rule them out
    // before the key is hashed.
    let first = usize::from(*key.as_bytes().first()?);
    if index.shapes[first] & 1u64.checked_shl(key.len() as u32).unwrap_or(0) == 0 {
        return None;
    }
    if key.bytes().filter(|&b| b == b' ').count() >= 5 {
        return None;
    }
    index.kinds.get(key).copied()
}

/// [`heading_key`] of an ASCII line into `key`; returns the key's length.
fn ascii_heading_key(line: &[u8], key: &mut [u8; MAX_HEADING_LINE]) -> usize {
    let mut len = 0;
    for &b in line {
        if is_key_byte(b) {
            key[len] = b.to_ascii_lowercase();
            len += 1;
        } else if len > 0 && key[len - 1] != b' ' {
            key[len] = b' ';
            len += 1;
        }
    }
    while len > 0 && key[len - 1] == b' ' {
        len -= 1;
    }
    len
}

/// The known headings, built once from [`HEADINGS`].
struct HeadingIndex {
    /// Heading key → section (the first list naming a key wins, as a linear search
    /// would).
    kinds: HashMap<&'static str, SectionKind, FixedState>,
    /// Per first byte of a key, bit `n` set when some heading key of `n` bytes
    /// begins with it.
    shapes: [u64; 256],
    /// Per [`key_byte_class`] of a key's first byte, the classes of the last bytes
    /// of the keys that begin so.
    ends: [u32; 32],
    /// Per [`key_byte_class`] of a key's first byte, the classes of the second
    /// bytes of the keys that begin so ([`KEY_SPACE`], [`KEY_END`] included).
    seconds: [u32; 32],
}

impl HeadingIndex {
    /// Whether some ASCII heading key begins with `first`, has a second byte of
    /// class `second` and ends with `last` (key bytes, either case).
    fn may_be_key(&self, first: u8, second: usize, last: u8) -> bool {
        let first = key_byte_class(first);
        self.ends[first] & (1 << key_byte_class(last)) != 0
            && self.seconds[first] & (1 << second) != 0
    }
}

fn heading_index() -> &'static HeadingIndex {
    static INDEX: OnceLock<HeadingIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HeadingIndex {
            kinds: HashMap::default(),
            shapes: [0; 256],
            ends: [0; 32],
            seconds: [0; 32],
        };
        for (kind, names) in HEADINGS {
            for name in *names {
                index.kinds.entry(*name).or_insert(*kind);
                assert!(name.len() < 64, "heading keys fit the shape mask");
                let bytes = name.as_bytes();
                index.shapes[usize::from(bytes[0])] |= 1 << name.len();
                let last = bytes[bytes.len() - 1];
                index.ends[key_byte_class(bytes[0])] |= 1 << key_byte_class(last);
                index.seconds[key_byte_class(bytes[0])] |= 1 << second_key_class(&bytes[1..]);
            }
        }
        index
    })
}

/// Folds a heading line to its lookup key: lower case, letters, digits, `&` and `/`
/// kept, other characters and repeated spaces collapsed.
fn heading_key(line: &str) -> String {
    let folded = fold_case(line);
    let mut key = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '&' || c == '/' {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with(' ') {
            key.push(' ');
        }
    }
    key.trim_end().to_string()
}

/// The text of every section of `kind`, joined by newlines; `None` if there is none.
pub fn text_of(text: &str, sections: &[Section], kind: SectionKind) -> Option<String> {
    let parts: Vec<&str> = sections
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| &text[s.range.clone()])
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        name: &'static str,
        text: &'static str,
        expected: &'static [(SectionKind, &'static str)],
    }

    #[test]
    fn segment_cases() {
        use SectionKind::*;
        let cases = [
            Case {
                name: "livecareer headings",
                text: "NURSE\nProfessional Overview\nCaring.\nSkills\nTriage\nExperience\nCompany Name\nEducation\nBSN\n",
                expected: &[
                    (Header, "NURSE\n"),
                    (Summary, "Professional Overview\nCaring.\n"),
                    (Skills, "Skills\nTriage\n"),
                    (Experience, "Experience\nCompany Name\n"),
                    (Education, "Education\nBSN\n"),
                ],
            },
            Case {
                name: "punctuation and case",
                text: "WORK HISTORY:\nclerk\n-- Licenses & Certifications --\nCPR\n",
                expected: &[
                    (Experience, "WORK HISTORY:\nclerk\n"),
                    (Certifications, "-- Licenses & Certifications --\nCPR\n"),
                ],
            },
            Case {
                name: "kaggle inline headings",
                text: "Skills * Python.Education Details \nBE 2014\nSkill Details \nJava- Experience - 24 monthsCompany Details \ncompany - Acme\n",
                expected: &[
                    (Header, "Skills * Python."),
                    (Education, "Education Details \nBE 2014\n"),
                    (Skills, "Skill Details \nJava- Experience - 24 months"),
                    (Experience, "Company Details \ncompany - Acme\n"),
                ],
            },
            Case {
                name: "a sentence is not a heading",
                text: "Education is my passion and I teach it.\nSkills\n",
                expected: &[(Header, "Education is my passion and I teach it.\n"), (Skills, "Skills\n")],
            },
        ];
        for case in cases {
            let got: Vec<(SectionKind, &str)> = segment(case.text)
                .iter()
                .map(|s| (s.kind, &case.text[s.range.clone()]))
                .collect();
            assert_eq!(got, case.expected, "case {}", case.name);
        }
    }

    #[test]
    fn every_heading_is_found_in_any_case_and_decoration() {
        for (kind, names) in HEADINGS {
            for name in *names {
                let expected = heading_index().kinds[name];
                for line in [
                    name.to_string(),
                    format!("-- {}: --\n", name.to_uppercase()),
                    format!("  {}\t", name.replace(' ', "  ")),
                ] {
                    assert_eq!(heading_kind(&line), Some(expected), "{line:?} ({kind:?})");
                }
            }
        }
    }

    /// Decorations and other words for [`the_filters_keep_every_heading`]'s lines.
    const OTHER_PIECES: &[&str] = &[
        " ", "  ", "\t", "-", ":", "&", "/", "*", ".", "a", "I", "x1", "Skills", "HISTORY", "of",
    ];

    proptest::proptest! {
        /// The byte filters in front of the ASCII key never turn a heading away:
        /// lines of heading names (any case), other words and decorations get the
        /// answer of the general key.
        #[test]
        fn the_filters_keep_every_heading(
            pieces in proptest::collection::vec((0usize..200, proptest::bool::ANY), 1..6),
        ) {
            let names: Vec<&str> = HEADINGS.iter().flat_map(|(_, names)| names.iter().copied()).collect();
            let line: String = pieces
                .iter()
                .map(|&(piece, upper)| {
                    let piece = match piece.checked_sub(OTHER_PIECES.len()) {
                        None => OTHER_PIECES[piece].to_string(),
                        Some(i) => names[i % names.len()].to_string(),
                    };
                    if upper { piece.to_uppercase() } else { piece }
                })
                .collect();
            let trimmed = line.trim();
            let expected = (!trimmed.is_empty() && trimmed.len() <= MAX_HEADING_LINE)
                .then(|| heading_of_key(&heading_key(trimmed)))
                .flatten();
            proptest::prop_assert_eq!(heading_kind(&line), expected, "{:?}", line);
        }
    }

    #[test]
    fn ascii_keys_equal_the_general_keys() {
        let lines = [
            "PROFESSIONAL EXPERIENCE",
            "  Work History:  ",
            "Skills & Abilities",
            "Education/Training",
            "--- Certifications ---",
            "Summary of Qualifications",
            "a b c d e f",
            "Accomplishments\t",
            "12 Languages",
        ];
        for line in lines {
            let trimmed = line.trim();
            let mut key = [0u8; MAX_HEADING_LINE];
            let len = ascii_heading_key(trimmed.as_bytes(), &mut key);
            assert_eq!(&key[..len], heading_key(trimmed).as_bytes(), "{line:?}");
        }
    }
}
