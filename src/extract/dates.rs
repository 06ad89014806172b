//! Years of experience from the date ranges of a work history (`07/2002 - Current`,
//! `Jan 2015 to Mar 2018`, `2012-2016`). Ranges are turned into month intervals,
//! overlapping ones merged, and the months summed. "Current"/"Present" mean the
//! reference month.

use regex::Regex;

/// A month as `year * 12 + (month - 1)`.
pub type Month = i32;

#[derive(Debug)]
pub struct DateRangeExtractor {
    range: Regex,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl DateRangeExtractor {
    pub fn new() -> DateRangeExtractor {
        let month_name = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
        let date = format!(
            r"(?:(?:0?[1-9]|1[0-2])/(?:19|20)\d\d|{month_name},?\s+(?:19|20)\d\d|(?:19|20)\d\d)"
        );
        let end = format!(r"(?:{date}|current|present|now|today|till\s+date|to\s+date|date)");
        let pattern = format!(r"(?i)\b({date})\s*(?:-|–|—|to|until|through|thru)\s*({end})\b");
        DateRangeExtractor {
            range: super::ascii_regex(&pattern).expect("valid date-range regex"),
        }
    }

    /// The month intervals `[start, end)` named in `text`, `today` standing for
    /// "Current"/"Present". Ranges ending before they start, or reaching past `today`,
    /// are clipped or dropped.
    pub fn ranges(&self, text: &str, today: Month) -> Vec<(Month, Month)> {
        let mut out = Vec::new();
        for caps in self.range.captures_iter(text) {
            let Some(start) = parse_date(&caps[1], false) else {
                continue;
            };
            // Months are inclusive: "Current" runs through the reference month.
            let end = parse_date(&caps[2], true)
                .unwrap_or(today + 1)
                .min(today + 1);
            if end > start {
                out.push((start, end));
            }
        }
        out
    }

    /// Total years covered by the ranges in `text`, overlaps counted once; `None` when
    /// the text has no date range.
    pub fn years(&self, text: &str, today: Month) -> Option<f64> {
        let ranges = self.ranges(text, today);
        (!ranges.is_empty()).then(|| merged_months(ranges) as f64 / 12.0)
    }
}

impl Default for DateRangeExtractor {
    fn default() -> Self {
        DateRangeExtractor::new()
    }
}

/// Months covered by the union of the intervals.
pub fn merged_months(mut ranges: Vec<(Month, Month)>) -> i32 {
    ranges.sort_unstable();
    let mut total = 0;
    let mut current: Option<(Month, Month)> = None;
    for (start, end) in ranges {
        current = match current {
            Some((s, e)) if start <= e => Some((s, e.max(end))),
            Some((s, e)) => {
                total += e - s;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    total + current.map_or(0, |(s, e)| e - s)
}

/// Parses `07/2002`, `Jan 2015`, `2012`; a bare year is January when it starts a range
/// and December (inclusive, so January of the next year) when it ends one. `None` for
/// words like "Current".
fn parse_date(text: &str, is_end: bool) -> Option<Month> {
    let text = text.trim().to_lowercase();
    let year_of = |s: &str| {
        s.trim_matches(|c: char| !c.is_ascii_digit())
            .parse::<i32>()
            .ok()
    };
    if let Some((month, year)) = text.split_once('/') {
        let month: i32 = month.parse().ok()?;
        return Some(year_of(year)? * 12 + month - 1 + i32::from(is_end));
    }
    if let Some(index) = MONTHS.iter().position(|m| text.starts_with(m)) {
        let year = year_of(text.split_whitespace().last()?)?;
        return Some(year * 12 + index as i32 + i32::from(is_end));
    }
    let year = year_of(&text)?;
    Some(if is_end { (year + 1) * 12 } else { year * 12 })
}

/// The month of a `YYYY-MM` string.
pub fn parse_year_month(text: &str) -> Option<Month> {
    let (year, month) = text.split_once('-')?;
    let (year, month): (i32, i32) = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month).then_some(year * 12 + month - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        name: &'static str,
        text: &'static str,
        expected: Option<f64>,
    }

    #[test]
    fn years_of_experience_cases() {
        let today = parse_year_month("2020-01").expect("month");
        let cases = [
            Case {
                name: "mm/yyyy to current",
                text: "07/2018 - Current",
                expected: Some(19.0 / 12.0),
            },
            Case {
                name: "month names",
                text: "Jan 2015 to Mar 2018",
                expected: Some(39.0 / 12.0),
            },
            Case {
                name: "years only, inclusive",
                text: "2012-2016",
                expected: Some(5.0),
            },
            Case {
                name: "overlaps merged",
                text: "01/2010 - 12/2012\n06/2011 - 06/2013",
                expected: Some(42.0 / 12.0),
            },
            Case {
                name: "gaps kept apart",
                text: "01/2010 - 01/2011\n01/2015 - 01/2016",
                expected: Some(26.0 / 12.0),
            },
            Case {
                name: "present word",
                text: "September 2019 to Present",
                expected: Some(5.0 / 12.0),
            },
            Case {
                name: "no ranges",
                text: "Worked many years",
                expected: None,
            },
        ];
        let extractor = DateRangeExtractor::new();
        for case in cases {
            let got = extractor.years(case.text, today);
            match (got, case.expected) {
                (Some(g), Some(e)) => {
                    assert!((g - e).abs() < 1e-9, "case {}: {g} != {e}", case.name)
                }
                (g, e) => assert_eq!(g, e, "case {}", case.name),
            }
        }
    }
}
