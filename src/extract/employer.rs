//! Employers: work-history text → organisation names.
//!
//! Three line shapes are read: Kaggle's `company - Ernst & Young LLP` (also
//! `Employer:`/`Organization:`), `Company, City, ST` / `Company - City, State` lines,
//! and `Title at Company`. Placeholders (`Company Name`, `Confidential`) are dropped and
//! legal suffixes folded (`Inc.`, `LLC`, `Ltd.`, `Pvt. Ltd.`…), so "Acme Inc." and
//! "Acme" count as one employer.

use regex::Regex;

/// Compiled employer patterns, built once and shared by all threads.
#[derive(Debug)]
pub struct EmployerExtractor {
    labelled: Regex,
    /// What every match of `labelled` holds (the label, unanchored).
    label: Regex,
    located: Regex,
    title_at: Regex,
    legal_suffix: Regex,
    inline_organisation: Regex,
    /// What every match of `inline_organisation` holds.
    organisation_label: Regex,
    after_suffix: Regex,
    trailing_places: Regex,
}

/// An organisation name: up to six capitalised words (joined by `&`, `of`, `and`, `the`,
/// `de`, `-`), optionally with a legal suffix.
const NAME: &str = r"(?:[A-Z0-9][\w.&'-]*)(?:\s+(?:[A-Z0-9&][\w.&'-]*|of|and|the|de|for|-)){0,5}(?:,?\s+(?:Inc|LLC|Ltd|LLP|Co|Corp)\.?)?";

/// A line's label for the employer's name ("Company:", "Employer -", "Company Name:").
const LABEL: &str = r"(?:company|employer|organi[sz]ation)\s*(?:-|:|–)|company\s+name\s*:";

/// "Organisation:" inside a line.
const ORGANISATION_LABEL: &str = r"(?i:organi[sz]ation)\s*:";

const PLACEHOLDERS: &[&str] = &[
    "fresher",
    "current project",
    "career timeline",
    "not applicable",
    "nil",
    "company name",
    "company",
    "confidential",
    "n/a",
    "na",
    "none",
    "various",
    "name",
    "employer",
    "organization",
    "organisation",
    "company name city",
    "self",
    "city",
];

impl EmployerExtractor {
    pub fn new() -> EmployerExtractor {
        let compile = |p: &str| super::ascii_regex(p).expect("employer patterns are valid regexes");
        EmployerExtractor {
            labelled: compile(&format!(r"(?i)^\s*(?:{LABEL})\s*(.+?)\s*$")),
            label: compile(&format!("(?i){LABEL}")),
            organisation_label: compile(ORGANISATION_LABEL),
            located: compile(&format!(
                r"^\s*({NAME})\s*(?:,|\s-\s)\s*(?:City|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*,\s*(?:State|[A-Z]{{2}})\b.{{0,60}}$"
            )),
            title_at: compile(&format!(
                r"^\s*[A-Z][A-Za-z/&,. -]{{2,50}}?\s+at\s+({NAME})\s*$"
            )),
            inline_organisation: compile(&format!(
                r"\b{ORGANISATION_LABEL}\s*([A-Z][\w&.' -]{{1,60}}?)\s*\.?\s*$"
            )),
            after_suffix: compile(
                r"(?i)^(.+?\b(?:pvt\.?\s*ltd|private\s+limited|ltd|llc|llp|inc|limited|corp|corporation|plc|gmbh))\.?(?:[\s,]+[A-Za-z.]+){1,3}$",
            ),
            trailing_places: compile(r"^(.+?)\.(?:\s+[A-Z][a-z]+\.?){1,3}$"),
            legal_suffix: compile(
                r"(?i)[\s,]+(?:inc|incorporated|llc|l\.l\.c|llp|ltd|limited|pvt\.?\s*ltd|private\s+limited|pvt|corp|corporation|co|plc|gmbh|pte\.?\s*ltd)\.?$",
            ),
        }
    }

    /// Employers named in `text`, in order of first appearance, without repeats.
    pub fn employers(&self, text: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for line in text.lines() {
            let Some(raw) = self.candidate(line) else {
                continue;
            };
            if let Some(name) = self.clean(raw) {
                if !found.iter().any(|f| f.eq_ignore_ascii_case(&name)) {
                    found.push(name);
                }
            }
        }
        found
    }

    fn candidate<'t>(&self, line: &'t str) -> Option<&'t str> {
        if line.len() > 160 {
            return None;
        }
        // Cheap tests first: each pattern needs a word or a separator that most lines
        // of a work history lack, and running the regexes on every line is costly.
        let lower = line.to_ascii_lowercase();
        let named =
            lower.contains("company") || lower.contains("employer") || lower.contains("organi");
        // The two label patterns end in `$`, which sends the regex engine searching
        // backwards from the line's end, where its DFA gives up and a slow engine
        // reads the whole line: they run only on lines holding the label they need
        // ("Company Name City , State" heads every livecareer job and has none).
        let labelled = named && self.label.is_match(line);
        let organisation_label = named && self.organisation_label.is_match(line);
        let located = line.contains(',') || line.contains(" - ");
        let title_at = lower.contains(" at ");
        [
            (labelled, &self.labelled),
            (located, &self.located),
            (title_at, &self.title_at),
            (organisation_label, &self.inline_organisation),
        ]
        .iter()
        .filter(|(plausible, _)| *plausible)
        .find_map(|(_, re)| re.captures(line).and_then(|c| c.get(1)))
        .map(|m| m.as_str())
    }

    /// Folds legal suffixes and spacing; `None` for a placeholder.
    pub fn clean(&self, raw: &str) -> Option<String> {
        let mut name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        name = name
            .trim_matches(|c: char| c == ',' || c == '-' || c == ':' || c.is_whitespace())
            .to_string();
        // "Almighty Tech Pvt Ltd Nagpur", "High View Builders. Kerala. India": drop the
        // place after the name.
        for re in [&self.after_suffix, &self.trailing_places] {
            if let Some(kept) = re.captures(&name).and_then(|c| c.get(1)) {
                name = kept.as_str().to_string();
            }
        }
        loop {
            let folded = self.legal_suffix.replace(&name, "").into_owned();
            if folded == name || folded.is_empty() {
                break;
            }
            name = folded;
        }
        let name = name.trim_end_matches([',', '.', ' ']).to_string();
        let lower = name.to_lowercase();
        let placeholder = PLACEHOLDERS.contains(&lower.as_str())
            || lower.replace(' ', "").contains("companyname");
        (!placeholder && name.chars().any(char::is_alphabetic)).then_some(name)
    }
}

impl Default for EmployerExtractor {
    fn default() -> Self {
        EmployerExtractor::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        name: &'static str,
        text: &'static str,
        expected: &'static [&'static str],
    }

    #[test]
    fn employer_cases() {
        let cases = [
            Case {
                name: "kaggle company line",
                text: "company - Ernst & Young LLP\ndescription - audits",
                expected: &["Ernst & Young"],
            },
            Case {
                name: "pvt ltd folded",
                text: "company - Almighty Tech Pvt. Ltd.",
                expected: &["Almighty Tech"],
            },
            Case {
                name: "placeholder dropped",
                text: "Company Name - City , State Nurse\nCompany Name ï¼ City , State",
                expected: &[],
            },
            Case {
                name: "company, city, state",
                text: "Riverside Blood Center, Springfield, IL\nPhlebotomist",
                expected: &["Riverside Blood Center"],
            },
            Case {
                name: "title at company",
                text: "Collections Specialist at Northwind Credit Union",
                expected: &["Northwind Credit Union"],
            },
            Case {
                name: "inc and llc",
                text: "Employer: Contoso Inc.\ncompany - Fabrikam, LLC",
                expected: &["Contoso", "Fabrikam"],
            },
            Case {
                name: "place after the legal suffix",
                text: "company - Almighty tech pvt ltd nagpur",
                expected: &["Almighty tech"],
            },
            Case {
                name: "places after full stops",
                text: "company - High View Builders. Kerala. India",
                expected: &["High View Builders"],
            },
            Case {
                name: "organisation label with an en dash, mid-text",
                text: "Summary\n  Organisation – Tata Steel\nManaged rolling mills",
                expected: &["Tata Steel"],
            },
            Case {
                name: "company name with a colon",
                text: "Company name: Gulf Asia Contracting Co LLC Dubai, UAE",
                expected: &["Gulf Asia Contracting"],
            },
            Case {
                name: "organisation inside a description",
                text: "description - 1. Organization: SpringerNature.",
                expected: &["SpringerNature"],
            },
            Case {
                name: "repeats once",
                text: "company - Acme\ncompany - ACME Inc",
                expected: &["Acme"],
            },
            Case {
                name: "prose is not an employer",
                text: "I worked hard at making customers happy every single day of the week.",
                expected: &[],
            },
        ];
        let extractor = EmployerExtractor::new();
        for case in cases {
            assert_eq!(
                extractor.employers(case.text),
                case.expected,
                "case {}",
                case.name
            );
        }
    }
}
