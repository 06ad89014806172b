//! Salaries: "$53K-$91K (Glassdoor est.)", "Employer Provided Salary:$150K-$160K",
//! "$17-$24 Per Hour", "53000" → one yearly figure (the midpoint of a range; an hourly
//! figure × 2080 hours).

use regex::Regex;

/// Hours in a working year, for hourly ↔ yearly.
pub const HOURS_PER_YEAR: f64 = 2080.0;

#[derive(Debug)]
pub struct SalaryParser {
    amount: Regex,
    hourly: Regex,
}

impl SalaryParser {
    pub fn new() -> SalaryParser {
        SalaryParser {
            amount: super::ascii_regex(r"(?i)\$?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k)?\b")
                .expect("valid salary regex"),
            hourly: super::ascii_regex(r"(?i)per\s+hour|hourly|/\s*h(?:ou)?r\b|an\s+hour")
                .expect("valid regex"),
        }
    }

    /// The yearly salary `text` states, if any: the midpoint of a range, hourly
    /// figures (said so, or under 200) times 2080. "-1" and other non-positive values
    /// mean missing.
    pub fn yearly(&self, text: &str) -> Option<f64> {
        let amounts: Vec<f64> = self
            .amount
            .captures_iter(text)
            .filter_map(|c| {
                let number: f64 = c[1].replace(',', "").parse().ok()?;
                Some(if c.get(2).is_some() {
                    number * 1000.0
                } else {
                    number
                })
            })
            .filter(|n| *n > 0.0)
            .take(2)
            .collect();
        if amounts.is_empty() || text.trim().starts_with('-') {
            return None;
        }
        let value = amounts.iter().sum::<f64>() / amounts.len() as f64;
        let hourly = self.hourly.is_match(text) || value < 200.0;
        Some(if hourly {
            value * HOURS_PER_YEAR
        } else {
            value
        })
    }
}

impl Default for SalaryParser {
    fn default() -> Self {
        SalaryParser::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salary_cases() {
        let cases = [
            ("$53K-$91K (Glassdoor est.)", Some(72_000.0)),
            ("Employer Provided Salary:$150K-$160K", Some(155_000.0)),
            ("$17-$24 Per Hour(Glassdoor est.)", Some(20.5 * 2080.0)),
            ("$53,000 - $91,000", Some(72_000.0)),
            ("48000", Some(48_000.0)),
            ("22.50", Some(22.5 * 2080.0)),
            ("-1", None),
            ("negotiable", None),
        ];
        let parser = SalaryParser::new();
        for (text, expected) in cases {
            assert_eq!(parser.yearly(text), expected, "{text}");
        }
    }
}
