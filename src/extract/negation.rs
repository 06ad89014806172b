//! Negated and aspirational mentions: "no experience with X", "not familiar with X",
//! "seeking to learn X" do not say the person has X; a certification "in progress" or
//! "expected" is not held yet.

use regex::Regex;

/// How far back (bytes) within the same clause a negation may stand.
const WINDOW: usize = 80;

#[derive(Debug)]
pub struct NegationFilter {
    negation: Regex,
    unfinished: Regex,
    taught: Regex,
    certified_after: Regex,
    credential: Regex,
}

impl NegationFilter {
    pub fn new() -> NegationFilter {
        NegationFilter {
            negation: super::ascii_regex(
                r"(?i)\b(?:no|little|limited|without|lack(?:ing)?(?:\s+of)?)\s+(?:prior\s+|previous\s+|professional\s+|formal\s+|hands-on\s+)?(?:experience|knowledge|exposure|background|training)\s+(?:with|in|of|using|on)\b|\bnot\s+(?:yet\s+)?(?:familiar|experienced|proficient|trained|certified|skilled)\s+(?:with|in|on)?\b|\b(?:seeking|hoping|hope|want|wanting|wish|eager|looking|plan(?:ning)?|aspire|aspiring|would\s+like)\s+to\s+(?:learn|gain|develop|acquire|explore|study)\b|\binterested\s+in\s+learning\b|\bnever\s+(?:used|worked\s+with)\b",
            )
            .expect("valid negation regex"),
            unfinished: super::ascii_regex(
                r"(?i)\b(?:in\s+progress|in\s+process|pursuing|expected|anticipated|enrolled|candidate|working\s+towards?|studying\s+for|preparing\s+for|pending|currently\s+(?:taking|completing|studying))\b",
            )
            .expect("valid unfinished regex"),
            taught: super::ascii_regex(r"(?i)^\s*(?:certification\s+|certificate\s+)?classes\b")
                .expect("valid regex"),
            credential: super::ascii_regex(r"(?i)certif|licen[cs]|registered|credential|\bpassed\b")
                .expect("valid regex"),
            certified_after: super::ascii_regex(
                r"(?i)^(?:\s*(?:,|and|&|/)?\s*[\w.+#-]+){0,3}?\s*(?:-\s*)?(?:certified|certification|certificate)\b",
            )
            .expect("valid regex"),
        }
    }

    /// Whether a negation or aspiration governs the mention starting at `start`: it
    /// stands before it in the same clause (no `.`, `;`, `!`, `?` or line break
    /// between). `cues`: where the [`NEGATION_CUES`] words stand in `text`
    /// (ascending; the matcher's markers).
    pub fn is_negated(&self, text: &str, start: usize, cues: &[usize]) -> bool {
        may_hold_negation(text, window_start(text, start), start, cues)
            && self.negation.is_match(clause_before(text, start))
    }

    /// Whether a certification ending at `end` is only the subject of classes
    /// ("facilitated Food Handler certification classes").
    pub fn is_only_taught(&self, text: &str, end: usize) -> bool {
        self.taught.is_match(&text[end..])
    }

    /// Whether the words right after `end` (at most three, same line) say
    /// "certified"/"certification": "QuickBooks certified", "AdWords and Analytics
    /// certified". `certif` is [`certif_positions`] of `text`.
    pub fn is_followed_by_certified(&self, text: &str, end: usize, certif: &[usize]) -> bool {
        // The word must be there, on this line: most mentions stop here.
        let Some(&next) = certif.get(certif.partition_point(|&at| at < end)) else {
            return false;
        };
        if memchr::memchr(b'\n', &text.as_bytes()[end..next]).is_some() {
            return false;
        }
        let rest = &text[end..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        self.certified_after.is_match(line)
    }

    /// Whether the line holding `start..end` says something was earned: certified,
    /// licensed, registered, credential, passed.
    pub fn line_has_credential_word(&self, text: &str, start: usize, end: usize) -> bool {
        self.credential.is_match(line_around(text, start, end))
    }

    /// Whether the line holding `start..end` says the item is not finished yet.
    pub fn is_unfinished(&self, text: &str, start: usize, end: usize) -> bool {
        self.unfinished.is_match(line_around(text, start, end))
    }
}

impl Default for NegationFilter {
    fn default() -> Self {
        NegationFilter::new()
    }
}

/// Where "certif" begins in `folded` (a text case-folded by [`fold_case`], so
/// offsets are the text's): every word [`NegationFilter::is_followed_by_certified`]
/// looks for holds it, in some case.
///
/// [`fold_case`]: crate::normalize::fold_case
pub fn certif_positions(folded: &str) -> Vec<usize> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new("certif"));
    finder.find_iter(folded.as_bytes()).collect()
}

/// The words every match of the negation regex begins with (at a word start, white
/// space after).
pub const NEGATION_CUES: &[&str] = &[
    "no",
    "little",
    "limited",
    "without",
    "lack",
    "lacking",
    "not",
    "seeking",
    "hoping",
    "hope",
    "want",
    "wanting",
    "wish",
    "eager",
    "looking",
    "plan",
    "planning",
    "aspire",
    "aspiring",
    "would",
    "interested",
    "never",
];

/// Whether the negation regex may match the clause before `end` (the hit), whose
/// window of [`WINDOW`] bytes begins at `from`. Every match begins with a
/// [`NEGATION_CUES`] word (white space after it) at a word start of the clause: in
/// ASCII text that is a word of the text, in `cues`, or the part of a word the
/// window begins in the middle of. Windows with other text always go to the regex.
/// Rules out most hits with a lookup in `cues`, before the clause is even cut.
fn may_hold_negation(text: &str, from: usize, end: usize, cues: &[usize]) -> bool {
    let first = cues.partition_point(|&at| at < from);
    if cues.get(first).is_some_and(|&at| at < end) {
        return true;
    }
    let window = &text.as_bytes()[from..end];
    if !window.is_ascii() {
        return true;
    }
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // The window may begin inside a word of the text (ASCII or not) where the regex
    // still sees a word start.
    let cut_word = window.first().is_some_and(|&b| is_word(b))
        && from.checked_sub(1).is_some_and(|before| {
            is_word(text.as_bytes()[before]) || !text.as_bytes()[before].is_ascii()
        });
    if !cut_word {
        return false;
    }
    let len = window
        .iter()
        .position(|&b| !is_word(b))
        .unwrap_or(window.len());
    NEGATION_CUES
        .iter()
        .any(|cue| cue.as_bytes().eq_ignore_ascii_case(&window[..len]))
}

/// The line holding `start..end`.
pub(super) fn line_around(text: &str, start: usize, end: usize) -> &str {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    &text[line_start..line_end]
}

/// The text of the clause before `start`, at most [`WINDOW`] bytes.
fn clause_before(text: &str, start: usize) -> &str {
    let window = &text[window_start(text, start)..start];
    // The delimiters are ASCII, so a byte search finds them (UTF-8 never reuses
    // an ASCII byte inside another character).
    let cut = window
        .bytes()
        .rposition(|b| matches!(b, b'.' | b';' | b'!' | b'?' | b'\n'));
    match cut {
        Some(cut) => &window[cut + 1..],
        None => window,
    }
}

/// Where the window of [`WINDOW`] bytes before `start` begins (a char boundary).
fn window_start(text: &str, start: usize) -> usize {
    let mut from = start.saturating_sub(WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// Where the [`NEGATION_CUES`] words stand in `text`, found word by word (what the
/// matcher's markers must equal).
#[cfg(test)]
pub(crate) fn cue_positions(text: &str) -> Vec<usize> {
    let folded = crate::normalize::fold_case(text);
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut cues = Vec::new();
    let mut start = None;
    for (at, c) in folded.char_indices().chain([(folded.len(), ' ')]) {
        match (is_word(c), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                if NEGATION_CUES.contains(&&folded[s..at]) {
                    cues.push(s);
                }
                start = None;
            }
            _ => {}
        }
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        name: &'static str,
        text: &'static str,
        target: &'static str,
        expected: bool,
    }

    #[test]
    fn negation_cases() {
        let cases = [
            Case {
                name: "no experience with",
                text: "I have no experience with Python yet.",
                target: "Python",
                expected: true,
            },
            Case {
                name: "list after negation",
                text: "No prior experience in SQL, Java or Linux",
                target: "Linux",
                expected: true,
            },
            Case {
                name: "not familiar",
                text: "Not familiar with QuickBooks.",
                target: "QuickBooks",
                expected: true,
            },
            Case {
                name: "seeking to learn",
                text: "Seeking to learn phlebotomy in a clinic.",
                target: "phlebotomy",
                expected: true,
            },
            Case {
                name: "plain statement",
                text: "Five years of experience with Python.",
                target: "Python",
                expected: false,
            },
            Case {
                name: "negation in an earlier sentence",
                text: "No experience with sales. Expert in Python.",
                target: "Python",
                expected: false,
            },
            Case {
                name: "negation on the previous line",
                text: "No knowledge of C\nPython",
                target: "Python",
                expected: false,
            },
            Case {
                name: "no-nonsense is not negation",
                text: "No-nonsense manager skilled in budgeting",
                target: "budgeting",
                expected: false,
            },
        ];
        let filter = NegationFilter::new();
        for case in cases {
            let start = case.text.find(case.target).expect("target in text");
            assert_eq!(
                filter.is_negated(case.text, start, &cue_positions(case.text)),
                case.expected,
                "case {}",
                case.name
            );
        }
    }

    #[test]
    fn certified_after_and_taught() {
        let filter = NegationFilter::new();
        let text = "Google AdWords and Analytics certified\nQuickBooks\nFacilitated Food Handler certification classes";
        let end_of = |s: &str| text.find(s).expect("in text") + s.len();
        let certif = certif_positions(&crate::normalize::fold_case(text));
        assert!(filter.is_followed_by_certified(text, end_of("Google AdWords"), &certif));
        assert!(!filter.is_followed_by_certified(text, end_of("QuickBooks"), &certif));
        assert!(filter.is_only_taught(text, end_of("Food Handler certification")));
        assert!(!filter.is_only_taught(text, end_of("Google AdWords")));
    }

    #[test]
    fn unfinished_certifications() {
        let filter = NegationFilter::new();
        let text = "CPA (in progress)\nCPR certified\nPMP candidate, exam in May";
        let at = |s: &str| {
            let start = text.find(s).expect("in text");
            (start, start + s.len())
        };
        let (s, e) = at("CPA");
        assert!(filter.is_unfinished(text, s, e));
        let (s, e) = at("CPR");
        assert!(!filter.is_unfinished(text, s, e));
        let (s, e) = at("PMP");
        assert!(filter.is_unfinished(text, s, e));
    }
}

#[cfg(test)]
mod prefilter_tests {
    use super::*;

    /// Words and separators clauses are made of, besides the cue words
    /// ([`NEGATION_CUES`]): cues in other cases, words that begin like them, what
    /// follows them in the regex, and odd characters.
    const EXTRA_PIECES: &[&str] = &[
        "No",
        "NOT",
        "nothing",
        "notable",
        "Lacking",
        "of",
        "prior",
        "experience",
        "knowledge",
        "with",
        "in",
        "on",
        "familiar",
        "yet",
        "planet",
        "like",
        "to",
        "learn",
        "gain",
        "learning",
        "used",
        "worked",
        "Python",
        "casino",
        "x",
        "_",
        " ",
        "  ",
        "\t",
        "\u{b}",
        "-",
        ",",
        "é",
        "\u{a0}",
        "2",
        "certified",
        "Certification",
        "CERTIFICATE",
        "certif",
        "and",
        "&",
        "/",
        "\n",
        "no experience with ",
        "Not familiar with",
        "seeking to learn",
        "would like to gain ",
        "lack of knowledge in ",
        "LIMITED\texposure on ",
        "interested in learning",
        "never worked with",
        "no\u{b}training in ",
    ];

    proptest::proptest! {
        /// The prefilters only ever say "maybe": whenever the regex matches, they let
        /// it run.
        #[test]
        fn prefilters_never_hide_a_match(pieces in proptest::collection::vec(0usize..NEGATION_CUES.len() + EXTRA_PIECES.len(), 0..24)) {
            let filter = NegationFilter::new();
            let words: Vec<&str> = NEGATION_CUES.iter().chain(EXTRA_PIECES).copied().collect();
            let text: String = pieces.iter().map(|&p| words[p]).collect();
            let cues = cue_positions(&text);
            for start in (0..=text.len()).filter(|&s| text.is_char_boundary(s)) {
                let clause = clause_before(&text, start);
                if filter.negation.is_match(clause) {
                    proptest::prop_assert!(
                        may_hold_negation(&text, window_start(&text, start), start, &cues),
                        "{:?} before {}", text, start
                    );
                }
            }
            let certif = certif_positions(&crate::normalize::fold_case(&text));
            for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                let rest = &text[end..];
                let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                proptest::prop_assert_eq!(
                    filter.is_followed_by_certified(&text, end, &certif),
                    filter.certified_after.is_match(line),
                    "{:?} at {}", text, end
                );
            }
        }
    }
}
