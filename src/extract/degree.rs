//! Degrees: education text → the levels earned, on the ladder
//! `high_school < certificate < associate < bachelor < master < doctorate`.
//!
//! Names and abbreviations are matched line by line. Bare two-letter abbreviations
//! that are also words or products (`BS`, `MA`, `BE`, `MS` — think "MS Office") count
//! only inside an education section and only when followed by a field, `in`/`of`, a
//! comma or the line's end. A line that says the degree is pursued, expected or in
//! progress does not count.

use std::fmt;

use regex::{Regex, RegexSet};
use serde::Serialize;

/// A rung of the degree ladder; `None` when no education is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    None,
    HighSchool,
    Certificate,
    Associate,
    Bachelor,
    Master,
    Doctorate,
}

impl DegreeLevel {
    /// Every level, lowest first.
    pub const ALL: [DegreeLevel; 7] = [
        DegreeLevel::None,
        DegreeLevel::HighSchool,
        DegreeLevel::Certificate,
        DegreeLevel::Associate,
        DegreeLevel::Bachelor,
        DegreeLevel::Master,
        DegreeLevel::Doctorate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DegreeLevel::None => "none",
            DegreeLevel::HighSchool => "high_school",
            DegreeLevel::Certificate => "certificate",
            DegreeLevel::Associate => "associate",
            DegreeLevel::Bachelor => "bachelor",
            DegreeLevel::Master => "master",
            DegreeLevel::Doctorate => "doctorate",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for DegreeLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Patterns per level: (level, case-insensitive words, exact-case abbreviations).
const LEVEL_PATTERNS: &[(DegreeLevel, &str)] = &[
    (
        DegreeLevel::Doctorate,
        r"(?i:\bph\.?\s?d\b|\bdoctor\s+of\b|\bdoctorate\b|\bdoctoral\s+degree|\bd\.phil\b|\bpsy\.?\s?d\b|\bpharm\.?\s?d\b|\bjuris\s+doctor|\bdoctor\s+of\s+medicine)|\b(?:Ed\.D\.?|EdD|J\.D\.?|M\.D\.|D\.V\.M\.?|DVM|DNP|D\.N\.P\.|DPT|D\.D\.S\.?|DDS|DMD|D\.M\.D\.?)(?:[^\w]|$)",
    ),
    (
        DegreeLevel::Master,
        r"(?i:\bmaster'?s?\b|\bmasters\b|\bm\.?b\.?a\b|\bm\.\s?sc?\b|\bmsc\b|\bm\.?\s?tech\b|\bm\.com\b|\bmcom\b|\bm\.?p\.?h\b|\bm\.?s\.?w\b|\bm\.?s\.?n\b|\bm\.?f\.?a\b|\bm\.?p\.?a\b|\bm\.?c\.?a\b|\bll\.?m\b|\bm\.?eng\b|\bm\.?arch\b|\bm\.?phil\b|\bpost\s?graduate\s+degree\b|\bmaster\s+of\b)|\b(?:M\.Ed\.?|MEd|M\.S\.?|M\.A\.?|M\.E\.?|MBA)(?:[^\w.]|$)",
    ),
    (
        DegreeLevel::Bachelor,
        r"(?i:\bbachelor'?s?\b|\bbachelors\b|\bbaccalaureate\b|\bb\.\s?sc?\b|\bbsc\b|\bb\.?\s?tech\b|\bb\.com\b|\bbcom\b|\bb\.?b\.?a\b|\bb\.?s\.?n\b|\bb\.?f\.?a\b|\bb\.?c\.?a\b|\bb\.?eng\b|\bll\.?b\b|\bb\.?arch\b|\bb\.?pharm\b|\bundergraduate\s+degree\b)|\b(?:B\.Ed\.?|BEd|B\.S\.?|B\.A\.?|B\.E\.?|BSc|BBA|BSN)(?:[^\w.]|$)",
    ),
    (
        DegreeLevel::Associate,
        r"(?i:\bassociate'?s?\s+(?:of|in|degree)\b|\bassociates?\s+degree\b|\bassociates?\s*:|\bassociate\s+(?:applied|arts|science)\b|\ba\.a\.s\b|\ba\.a\.?(?:[^\w]|$)|\ba\.s\.(?:[^\w]|$))|\b(?:AAS|AA|AS)\s+(?:in|of)\b",
    ),
    (
        DegreeLevel::Certificate,
        r"(?i:\bcertificate\b|\bdiploma\b|\bpgdm\b|\bpgdba\b|\bpg\s+diploma\b|\bpolytechnic\b|\bvocational\s+(?:training|certificate|program)\b)",
    ),
    (
        DegreeLevel::HighSchool,
        r"(?i:\bhigh\s+school\b|\bged\b|\bg\.e\.d\.?|\bhsc\b|\bssc\b|\bh\.s\.c\b|\bs\.s\.c\b|\bsecondary\s+school\b|\bhigher\s+secondary\b|\bsenior\s+secondary\b|\b12th\b|\b10th\b|\bmatriculation\b|\bsslc\b|\bhsslc\b|\bgeneral\s+education(?:al)?\s+development\b)",
    ),
];

/// Bare abbreviations, accepted only in an education section and before a field name.
const BARE_ABBREVIATIONS: &str = r"\b(BS|BA|BE|MS|MA|ME|AA|AS|MD|JD|PhD)\b[ .]*(.{0,20})";

/// The next word after a bare abbreviation that shows it is not a degree.
const NOT_A_FIELD: &[&str] = &[
    "office",
    "excel",
    "word",
    "access",
    "powerpoint",
    "outlook",
    "project",
    "visio",
    "windows",
    "dynamics",
    "teams",
    "sql",
    "paint",
    "exchange",
    "dos",
    "publisher",
    "sharepoint",
    "degree?",
];

/// An education line naming a school and an occupation but no degree: a vocational
/// certificate programme ("Sanford Institute Medical Assistant").
const VOCATIONAL_SCHOOL: &str = r"(?i)\b(?:institute|college|school|academy|center|centre)\b";
const VOCATIONAL_PROGRAM: &str = r"(?i)\b(?:medical\s+assistant|nursing\s+assistant|nurse\s+aide|pharmacy\s+technician|phlebotom\w*|technician|technologist|cosmetolog\w*|barber\w*|massage\s+therap\w*|welding|hvac|electrician|plumbing|dental\s+assistant|medical\s+billing|medical\s+coding|emt|paramedic|truck\s+driving|cdl)\b";

const PURSUING: &str = r"(?i)\b(?:pursuing|expected|anticipated|in\s+progress|currently\s+enrolled|currently\s+attending|candidate|will\s+graduate|to\s+be\s+completed|ongoing|incomplete|working\s+toward)";

/// Compiled degree patterns, built once and shared by all threads.
#[derive(Debug)]
pub struct DegreeExtractor {
    levels: RegexSet,
    level_of: Vec<DegreeLevel>,
    bare: Regex,
    pursuing: Regex,
    high_school_diploma: Regex,
    vocational_school: Regex,
    vocational_program: Regex,
    diploma: Regex,
}

impl DegreeExtractor {
    pub fn new() -> DegreeExtractor {
        let levels = super::ascii_regex_set(LEVEL_PATTERNS.iter().map(|(_, p)| *p))
            .expect("degree patterns are valid regexes");
        DegreeExtractor {
            levels,
            level_of: LEVEL_PATTERNS.iter().map(|(l, _)| *l).collect(),
            bare: super::ascii_regex(BARE_ABBREVIATIONS).expect("valid regex"),
            pursuing: super::ascii_regex(PURSUING).expect("valid regex"),
            high_school_diploma: super::ascii_regex(
                r"(?i)\b(?:high\s+school|secondary|hsc|ssc|ged)\b[^\n]{0,30}\bdiploma\b|\bdiploma\b[^\n]{0,12}\b(?:high\s+school|hsc|ssc)\b",
            )
            .expect("valid regex"),
            vocational_school: super::ascii_regex(VOCATIONAL_SCHOOL).expect("valid regex"),
            vocational_program: super::ascii_regex(VOCATIONAL_PROGRAM).expect("valid regex"),
            diploma: super::ascii_regex(r"(?i)\bdiploma\s+(?:in|of)\b|\bpost\s?graduate\s+diploma\b|\bpgdm\b").expect("valid regex"),
        }
    }

    /// Levels stated in a certifications section: only a diploma programme counts
    /// there ("Diploma in Business Programming"), not the certifications themselves.
    pub fn certification_section_levels(&self, text: &str) -> Vec<DegreeLevel> {
        let found = text.lines().any(|line| {
            self.diploma.is_match(line)
                && !self.pursuing.is_match(line)
                && !self.high_school_diploma.is_match(line)
        });
        if found {
            vec![DegreeLevel::Certificate]
        } else {
            Vec::new()
        }
    }

    /// Whether `line` names a degree (any level but a bare certificate).
    pub fn names_degree(&self, line: &str) -> bool {
        self.levels
            .matches(line)
            .iter()
            .any(|i| self.level_of[i] != DegreeLevel::Certificate)
            || self
                .bare
                .captures_iter(line)
                .any(|c| bare_level(&c[1], &c[2]).is_some())
    }

    /// The distinct levels earned, lowest first. `in_education` says whether `text`
    /// is an education section (bare abbreviations count only there).
    pub fn levels(&self, text: &str, in_education: bool) -> Vec<DegreeLevel> {
        let mut found = Vec::new();
        for line in text.lines() {
            if self.pursuing.is_match(line) {
                continue;
            }
            self.line_levels(line, in_education, &mut found);
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    fn line_levels(&self, line: &str, in_education: bool, found: &mut Vec<DegreeLevel>) {
        let only_hs_diploma = self.high_school_diploma.is_match(line);
        let before = found.len();
        for index in self.levels.matches(line).iter() {
            let level = self.level_of[index];
            if level == DegreeLevel::Certificate
                && only_hs_diploma
                && !self.has_certificate_word(line)
            {
                continue;
            }
            found.push(level);
        }
        if in_education {
            found.extend(
                self.bare
                    .captures_iter(line)
                    .filter_map(|c| bare_level(&c[1], &c[2])),
            );
            let no_level = found.len() == before;
            if no_level
                && self.vocational_school.is_match(line)
                && self.vocational_program.is_match(line)
            {
                found.push(DegreeLevel::Certificate);
            }
        }
    }

    fn has_certificate_word(&self, line: &str) -> bool {
        line.to_lowercase().contains("certificate")
    }
}

impl Default for DegreeExtractor {
    fn default() -> Self {
        DegreeExtractor::new()
    }
}

fn bare_level(abbreviation: &str, after: &str) -> Option<DegreeLevel> {
    let next = after
        .split_whitespace()
        .next()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    if NOT_A_FIELD.contains(&next.trim_matches(|c: char| !c.is_alphanumeric())) {
        return None;
    }
    let level = match abbreviation {
        "BS" | "BA" | "BE" => DegreeLevel::Bachelor,
        "MS" | "MA" | "ME" => DegreeLevel::Master,
        "AA" | "AS" => DegreeLevel::Associate,
        _ => DegreeLevel::Doctorate,
    };
    Some(level)
}

/// The highest level of a list, `None` for an empty one.
pub fn highest(levels: &[DegreeLevel]) -> DegreeLevel {
    levels.iter().copied().max().unwrap_or(DegreeLevel::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DegreeLevel::*;

    struct Case {
        name: &'static str,
        text: &'static str,
        in_education: bool,
        expected: &'static [DegreeLevel],
    }

    #[test]
    fn degree_ladder_cases() {
        let cases = [
            Case {
                name: "bs dotted",
                text: "B.S. in Nursing, State University",
                in_education: false,
                expected: &[Bachelor],
            },
            Case {
                name: "bsn",
                text: "BSN, 2012",
                in_education: false,
                expected: &[Bachelor],
            },
            Case {
                name: "mba and bba",
                text: "MBA 2015\nBBA 2010",
                in_education: false,
                expected: &[Bachelor, Master],
            },
            Case {
                name: "aas",
                text: "A.A.S. Medical Laboratory",
                in_education: false,
                expected: &[Associate],
            },
            Case {
                name: "associate of science",
                text: "Associate of Science : Nursing",
                in_education: false,
                expected: &[Associate],
            },
            Case {
                name: "job title associate is not a degree",
                text: "Sales Associate at a bank",
                in_education: false,
                expected: &[],
            },
            Case {
                name: "m.ed",
                text: "M.Ed. Curriculum and Instruction",
                in_education: false,
                expected: &[Master],
            },
            Case {
                name: "phd",
                text: "Ph.D. Chemistry",
                in_education: false,
                expected: &[Doctorate],
            },
            Case {
                name: "jd",
                text: "J.D., Law School",
                in_education: false,
                expected: &[Doctorate],
            },
            Case {
                name: "ged",
                text: "GED 1999",
                in_education: false,
                expected: &[HighSchool],
            },
            Case {
                name: "high school diploma is not a certificate",
                text: "High School Diploma",
                in_education: false,
                expected: &[HighSchool],
            },
            Case {
                name: "certificate program",
                text: "Certificate : Phlebotomy, Community College",
                in_education: false,
                expected: &[Certificate],
            },
            Case {
                name: "pgdm",
                text: "PGDM in Marketing",
                in_education: false,
                expected: &[Certificate],
            },
            Case {
                name: "hsc ssc",
                text: "HSC 2008\nSSC 2006",
                in_education: false,
                expected: &[HighSchool],
            },
            Case {
                name: "pursuing does not count",
                text: "Pursuing Master of Science\nBachelor of Arts",
                in_education: false,
                expected: &[Bachelor],
            },
            Case {
                name: "expected does not count",
                text: "MBA expected May 2027",
                in_education: false,
                expected: &[],
            },
            Case {
                name: "bare BE in education",
                text: "January 2014 BE Civil Engineering",
                in_education: true,
                expected: &[Bachelor],
            },
            Case {
                name: "bare BE outside education",
                text: "January 2014 BE Civil Engineering",
                in_education: false,
                expected: &[],
            },
            Case {
                name: "MS Office is no degree",
                text: "MS Office, MS Excel",
                in_education: true,
                expected: &[],
            },
            Case {
                name: "MS in education",
                text: "MS in Computer Science",
                in_education: true,
                expected: &[Master],
            },
            Case {
                name: "no degree",
                text: "Worked as a cook for ten years",
                in_education: false,
                expected: &[],
            },
        ];
        let extractor = DegreeExtractor::new();
        for case in cases {
            assert_eq!(
                extractor.levels(case.text, case.in_education),
                case.expected,
                "case {}",
                case.name
            );
        }
    }

    #[test]
    fn highest_on_the_ladder() {
        assert_eq!(highest(&[]), None);
        assert_eq!(highest(&[HighSchool, Master, Bachelor]), Master);
        assert!(Certificate > HighSchool && Associate > Certificate && Doctorate > Master);
    }
}
