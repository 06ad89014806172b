//! Titles: the headline title of a resume (livecareer's first line; Kaggle's line
//! after the education block) and the job titles of its work history.

use crate::segment::{Section, SectionKind};

/// Words that make a short line a job title.
const TITLE_WORDS: &[&str] = &[
    "manager",
    "director",
    "assistant",
    "specialist",
    "analyst",
    "engineer",
    "developer",
    "technician",
    "nurse",
    "accountant",
    "chef",
    "cook",
    "clerk",
    "representative",
    "coordinator",
    "supervisor",
    "officer",
    "consultant",
    "teacher",
    "instructor",
    "administrator",
    "associate",
    "intern",
    "agent",
    "designer",
    "lead",
    "head",
    "executive",
    "president",
    "owner",
    "trainer",
    "phlebotomist",
    "collector",
    "tester",
    "architect",
    "programmer",
    "advocate",
    "attorney",
    "lawyer",
    "paralegal",
    "mechanic",
    "pilot",
    "operator",
    "controller",
    "auditor",
    "recruiter",
    "generalist",
    "therapist",
    "aide",
    "cashier",
    "server",
    "bartender",
    "receptionist",
    "secretary",
    "scientist",
    "writer",
    "editor",
    "planner",
    "buyer",
    "advisor",
    "adviser",
    "counselor",
    "worker",
    "driver",
];

/// Acronyms kept in capitals when a title is title-cased.
const ACRONYMS: &[&str] = &[
    "HR", "IT", "QA", "QC", "RN", "LPN", "CNA", "CEO", "CFO", "VP", "SAP", "ABAP", "UI", "UX",
    "PR", "AR", "AP", "EMT", "ETL", "BPO", "II", "III", "IV", "US", "USA", "SR", "JR",
];

const SMALL_WORDS: &[&str] = &[
    "of", "and", "in", "the", "for", "to", "at", "a", "an", "on", "or",
];

/// The headline title: for a Kaggle-style resume (inline "Education Details"
/// heading), the first line after the heading that is followed by a blank line;
/// otherwise the first non-blank line, when it is short enough to be a title.
pub fn headline(text: &str, sections: &[Section]) -> Option<String> {
    // The heading must be the text's first "Education Details": the sections are
    // asked first, so the text is searched only in front of such a section.
    const KAGGLE_HEADING: &str = "Education Details";
    let education = sections
        .iter()
        .filter(|s| {
            s.kind == SectionKind::Education && text[s.range.start..].starts_with(KAGGLE_HEADING)
        })
        .min_by_key(|s| s.range.start);
    if let Some(section) = education {
        if !text[..section.range.start].contains(KAGGLE_HEADING) {
            return kaggle_title(&text[section.range.clone()]);
        }
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (is_title_like(first) && !is_person_name(first)).then(|| title_case(first))
}

/// A first line of two to four capitalised words without a job word is the
/// person's name, not a title ("Marisol Quintero-Vance").
fn is_person_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let capitalised = words.iter().all(|w| {
        w.split(['-', '\'']).filter(|p| !p.is_empty()).all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || c == '.')
        })
    });
    (2..=4).contains(&words.len()) && capitalised && !has_title_word(&line.to_lowercase())
}

fn has_title_word(lower: &str) -> bool {
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        TITLE_WORDS.contains(&w)
            || TITLE_WORDS
                .iter()
                .any(|t| w.len() == t.len() + 1 && w.starts_with(t) && w.ends_with('s'))
    })
}

fn kaggle_title(section: &str) -> Option<String> {
    let lines: Vec<&str> = section.lines().map(str::trim).collect();
    (1..lines.len())
        .find(|&i| !lines[i].is_empty() && lines.get(i + 1).is_some_and(|next| next.is_empty()))
        .map(|i| lines[i].to_string())
        .filter(|l| is_title_like(l))
}

fn is_title_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=10).contains(&words)
        && line.len() <= 90
        && !line.contains('@')
        && line.chars().any(char::is_alphabetic)
}

/// Job titles named on short lines of the experience section(s), in order, once each.
pub fn job_titles(experience: &str) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for line in experience.lines().map(str::trim) {
        // Most lines of a work history are sentences: the cheap tests first, and a
        // line is split into words only when it has one to seven.
        if line.is_empty()
            || line.ends_with('.')
            || line.contains(',')
            || line.split_whitespace().nth(7).is_some()
        {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let lower = line.to_lowercase();
        let has_title_word = has_title_word(&lower);
        let capitalised = words.iter().all(|w| {
            SMALL_WORDS.contains(&w.to_lowercase().as_str())
                || !w.chars().next().is_some_and(char::is_lowercase)
        });
        if has_title_word && capitalised && !lower.contains("company name") {
            let title = title_case(line);
            if !titles.contains(&title) {
                titles.push(title);
            }
        }
    }
    titles
}

/// "SENIOR ACCOUNTANT / HR MANAGER" → "Senior Accountant / HR Manager".
pub fn title_case(text: &str) -> String {
    let mut out = Vec::new();
    for (i, word) in text.split_whitespace().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        let upper = bare.to_uppercase();
        let lower = word.to_lowercase();
        let cased = if ACRONYMS.contains(&upper.as_str()) || bare.contains('/') && bare.len() <= 5 {
            word.to_uppercase()
        } else if i > 0 && SMALL_WORDS.contains(&lower.as_str()) {
            lower
        } else {
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        };
        out.push(cased);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    #[test]
    fn headline_cases() {
        let cases = [
            ("SENIOR ACCOUNTANT\nSummary\nNumbers.\n", Some("Senior Accountant")),
            ("DIRECTOR OF HR\nSkills\n", Some("Director of HR")),
            ("Skills * Python.Education Details \nB.E. 2014\nSite Engineer (Civil) \n\nSkill Details \nAutoCAD", Some("Site Engineer (Civil)")),
            ("Skills Java.Education Details \n\nJava Developer \n\nJava Developer - Acme\nSkill Details", Some("Java Developer")),
            ("Marisol Quintero-Vance\nPhlebotomist\n", None),
            ("Sushi Chef\nSkills\n", Some("Sushi Chef")),
            ("This first line is a whole sentence that goes on far too long to be any title at all.\n", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                headline(text, &segment(text)).as_deref(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn job_title_cases() {
        let text = "Experience\n01/2019 - Current\nStaff Accountant\nPrepared journal entries for the month-end close.\nACCOUNTS PAYABLE CLERK\nCompany Name - City , State\n";
        assert_eq!(
            job_titles(text),
            ["Staff Accountant", "Accounts Payable Clerk"]
        );
    }
}
