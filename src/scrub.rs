//! Personal-data detection for anything published from resume text (groundwork for
//! quotes, responsibilities, titles and employers): emails, phone numbers (US and
//! international), URLs and social handles, SSNs and other long ID numbers, dates of
//! birth, street addresses, and person names (the resume's own name line, `Name:`
//! fields, and those names wherever they recur).
//!
//! The rule for publishing is to drop, not to redact: [`Scrubber::is_clean`] says
//! whether a candidate string may be written at all.

use std::ops::Range;

use regex::{Regex, RegexSet};

/// What kind of personal data a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    Email,
    Phone,
    Url,
    Handle,
    Ssn,
    IdNumber,
    DateOfBirth,
    Address,
    Name,
}

/// Compiled detectors, built once and shared by all threads.
#[derive(Debug)]
pub struct Scrubber {
    detectors: Vec<(PiiKind, Regex)>,
    given: std::collections::HashSet<&'static str, foldhash::fast::FixedState>,
    /// All detectors in one automaton, for the yes/no question of [`Scrubber::is_clean`].
    any: RegexSet,
    name_field: Regex,
}

impl Scrubber {
    pub fn new() -> Scrubber {
        // ASCII word boundaries keep the fast lazy DFA on text with any non-ASCII
        // character (a Unicode `\b` sends it to the slow PikeVM).
        let compile = |p: &str| {
            Regex::new(&p.replace(r"\b", r"(?-u:\b)")).expect("PII patterns are valid regexes")
        };
        let detectors = vec![
            (
                PiiKind::Email,
                compile(
                    r"(?i)\b[a-z0-9._%+-]+\s?(?:@|\(at\)|\[at\])\s?[a-z0-9.-]+\s?(?:\.|\(dot\)|\[dot\])\s?[a-z]{2,}\b",
                ),
            ),
            (
                PiiKind::Url,
                compile(
                    // Bare domains only in lower case: "ASP.NET" is a skill.
                    r"(?i:\b(?:https?://|www\.)\S+|\blinkedin\.com\S*)|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|in|co|me|info|biz|edu|gov|us|uk|ca|au|de|fr|nl|es|it|ch|se|no|dk|ie|nz|sg|jp|cn|br|mx|za|ng|ke|ae|dev|app|ai|tech|site|online|xyz|page|blog|tv|ly|name|pro)(?:/\S*)?\b",
                ),
            ),
            (
                PiiKind::Handle,
                compile(
                    r"(?:^|[\s(])@[A-Za-z0-9_]{2,30}\b|(?i)\b(?:linkedin|twitter|github|instagram|facebook|skype)\s*(?:id|handle|profile)?\s*[:\-]\s*\S+",
                ),
            ),
            (
                PiiKind::Ssn,
                compile(
                    r"\b\d{3}[- ]\d{2}[- ]\d{4}\b|(?i)\b(?:ssn|social\s+security(?:\s+(?:no|number))?)\.?\s*[:#]?\s*\d{9}\b",
                ),
            ),
            (
                PiiKind::Phone,
                compile(
                    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b|\+\d{1,3}[\s.-]?\d{4,5}[\s.-]?\d{5,6}\b|\+\d{1,3}(?:[\s.-]\d{1,5}){2,6}\b|\b\d{10}\b",
                ),
            ),
            (
                PiiKind::IdNumber,
                compile(
                    r"(?i)\b(?:passport|license|licence|aadhaar|aadhar|pan|driver'?s?\s+license|employee\s+id|id)\s*(?:no|number|#)?\.?\s*[:#]?\s*[A-Z0-9]{6,}\b|\b[A-Z]{5}\d{4}[A-Z]\b",
                ),
            ),
            (
                PiiKind::DateOfBirth,
                compile(
                    r"(?i)\b(?:d\.?o\.?b|date\s+of\s+birth|born(?:\s+on)?|birth\s*date)\b\s*[:\-]?\s*\S+",
                ),
            ),
            (
                PiiKind::Address,
                compile(
                    // Street names capitalised ("12 Oak Street", not "3 sites along the way").
                    r"\b\d{1,6}\s+(?:(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))\s+){1,3}(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|circle|cir|way|place|pl|terrace|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|loop|pike|row|alley|close)\b\.?|(?i:\b(?:p\.?\s?o\.?\s+box|apt\.?|suite)\s*#?\s*\d+)|\b[A-Z][a-z]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",
                ),
            ),
        ];
        let mut detectors = detectors;
        // Names of others with a title or a cue; names after a common given name are
        // found by `given_names` (a word lookup, far cheaper than a 250-way regex).
        detectors.push((
            PiiKind::Name,
            compile(
                r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+[A-Z][a-z]+|(?i:\b(?:contact|references?|supervisor|manager|attn|attention|c/o|referee)\s*[:(\-]\s*)[A-Z][a-z]+\s+[A-Z][a-z]+",
            ),
        ));
        let any = RegexSet::new(detectors.iter().map(|(_, re)| re.as_str()))
            .expect("PII patterns are valid regexes");
        Scrubber {
            detectors,
            any,
            given: FIRST_NAMES.iter().copied().collect(),
            name_field: compile(
                r"(?im)^\s*(?:name|full\s+name|candidate\s+name)\s*[:\-]\s*([A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3})",
            ),
        }
    }

    /// Spans of a common given name followed by a capitalised word, optionally after
    /// an initial ("Jennifer Okafor", "Rahul K. Mehta", "Maria Vasquez-Orlo").
    fn given_names<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let mut words = word_spans(text).peekable();
        std::iter::from_fn(move || {
            while let Some(given) = words.next() {
                let word = &text[given.clone()];
                // Only capitalised words are looked up: most words are not.
                if !word.starts_with(|c: char| c.is_ascii_uppercase()) || !self.given.contains(word)
                {
                    continue;
                }
                let mut next = words.peek()?.clone();
                if !text[given.end..next.start].trim().is_empty() {
                    continue;
                }
                let after = &text[next.clone()];
                if after.len() == 1 && text[next.end..].starts_with(". ") {
                    // An initial: "Rahul K. Mehta".
                    let mut lookahead = words.clone();
                    lookahead.next();
                    next = lookahead.peek()?.clone();
                }
                let surname = &text[next.clone()];
                let mut chars = surname.chars();
                let capitalised = surname.len() >= 2
                    && chars.next().is_some_and(char::is_uppercase)
                    && chars.all(|c| c.is_lowercase() || c == '-' || c == '\'');
                if capitalised {
                    return Some(given.start..next.end);
                }
            }
            None
        })
    }

    /// Every detected span, in text order.
    pub fn find(&self, text: &str) -> Vec<(PiiKind, Range<usize>)> {
        let mut found: Vec<(PiiKind, Range<usize>)> = self
            .detectors
            .iter()
            .flat_map(|(kind, re)| re.find_iter(text).map(move |m| (*kind, m.range())))
            .chain(self.given_names(text).map(|r| (PiiKind::Name, r)))
            .collect();
        found.sort_by_key(|(kind, r)| (r.start, *kind));
        found
    }

    /// The person names a resume states about its owner: the `Name:` field, and the
    /// first line when it looks like a name (two to four capitalised words, nothing
    /// else).
    pub fn own_names(&self, resume_text: &str) -> Vec<String> {
        // `name_field` cannot skip ahead (it begins with a line start and spaces): the
        // text is searched only when it has what every such field has.
        let mut names: Vec<String> = if has_name_field_cue(resume_text) {
            self.name_field
                .captures_iter(resume_text)
                .map(|c| c[1].to_string())
                .collect()
        } else {
            Vec::new()
        };
        if let Some(first) = resume_text.lines().map(str::trim).find(|l| !l.is_empty()) {
            if looks_like_name(first) {
                names.push(first.to_string());
            }
        }
        names
    }

    /// Whether `candidate` may be published: no detector fires and no word of the
    /// resume owner's names (`names`, from [`Scrubber::own_names`]) appears in it.
    pub fn is_clean(&self, candidate: &str, names: &[String]) -> bool {
        if self.any.is_match(candidate) || self.given_names(candidate).next().is_some() {
            return false;
        }
        if names.is_empty() {
            return true;
        }
        let parts: Vec<String> = names
            .iter()
            .flat_map(|n| n.split(|c: char| c.is_whitespace() || c == '-'))
            .map(|part| {
                part.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|part| part.len() >= 2)
            .collect();
        !candidate
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .any(|word| {
                parts
                    .iter()
                    .any(|part| word.chars().flat_map(char::to_lowercase).eq(part.chars()))
            })
    }
}

/// Whether `text` holds "name" (in any case), spaces or none, then `:` or `-`: what
/// every match of [`Scrubber::own_names`]' field pattern holds. Found from the `m`s,
/// the rarest of its letters (no other character folds to n, a, m or e).
fn has_name_field_cue(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'm', b'M', bytes).any(|at| {
        at >= 2
            && bytes[at - 2..at].eq_ignore_ascii_case(b"na")
            && bytes
                .get(at + 1)
                .is_some_and(|b| b.eq_ignore_ascii_case(&b'e'))
            && text[at + 2..].trim_start().starts_with([':', '-'])
    })
}

/// Byte ranges of the words of `text`: runs of letters, digits, `-` and `'`.
fn word_spans(text: &str) -> impl Iterator<Item = Range<usize>> + Clone + '_ {
    let bytes = text.as_bytes();
    // Whether the character at byte `i` is a word character, and its width: an ASCII
    // byte is classed as it is, without decoding.
    let class = move |i: usize| match bytes[i] {
        b if b.is_ascii() => (b.is_ascii_alphanumeric() || b == b'-' || b == b'\'', 1),
        _ => {
            let c = text[i..].chars().next().expect("i is a char boundary");
            (c.is_alphanumeric(), c.len_utf8())
        }
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut i = at;
        let start = loop {
            if i >= bytes.len() {
                return None;
            }
            let (word, width) = class(i);
            if word {
                break i;
            }
            i += width;
        };
        while i < bytes.len() {
            let (word, width) = class(i);
            if !word {
                break;
            }
            i += width;
        }
        at = i;
        Some(start..i)
    })
}

impl Default for Scrubber {
    fn default() -> Self {
        Scrubber::new()
    }
}

/// Common given names (United States and India, the dumps' main sources), for names
/// of people other than the owner: a given name followed by a capitalised word
/// ("Jennifer Okafor", "Rahul K. Mehta"). Given names that are also everyday words or
/// places ("Will", "May", "Mark", "Chase", "Jordan", "Austin") are left out: they
/// start sentences and employers.
const FIRST_NAMES: &[&str] = &[
    "James",
    "John",
    "Robert",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Timothy",
    "Ronald",
    "Edward",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Alexander",
    "Patrick",
    "Raymond",
    "Jack",
    "Dennis",
    "Jerry",
    "Tyler",
    "Aaron",
    "Jose",
    "Adam",
    "Nathan",
    "Henry",
    "Douglas",
    "Zachary",
    "Peter",
    "Kyle",
    "Noah",
    "Ethan",
    "Jeremy",
    "Walter",
    "Christian",
    "Keith",
    "Roger",
    "Terry",
    "Sean",
    "Gerald",
    "Carl",
    "Harold",
    "Dylan",
    "Arthur",
    "Lawrence",
    "Bryan",
    "Joe",
    "Albert",
    "Jesse",
    "Willie",
    "Billy",
    "Bruce",
    "Ralph",
    "Roy",
    "Eugene",
    "Louis",
    "Philip",
    "Bobby",
    "Johnny",
    "Logan",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Sandra",
    "Margaret",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Sharon",
    "Laura",
    "Cynthia",
    "Dorothy",
    "Amy",
    "Kathleen",
    "Angela",
    "Shirley",
    "Emma",
    "Brenda",
    "Pamela",
    "Nicole",
    "Anna",
    "Samantha",
    "Katherine",
    "Christine",
    "Debra",
    "Rachel",
    "Carolyn",
    "Janet",
    "Maria",
    "Olivia",
    "Heather",
    "Helen",
    "Catherine",
    "Diane",
    "Julie",
    "Victoria",
    "Kelly",
    "Christina",
    "Lauren",
    "Joan",
    "Evelyn",
    "Judith",
    "Andrea",
    "Hannah",
    "Megan",
    "Cheryl",
    "Jacqueline",
    "Martha",
    "Madison",
    "Teresa",
    "Gloria",
    "Sara",
    "Janice",
    "Ann",
    "Kathryn",
    "Abigail",
    "Sophia",
    "Frances",
    "Jean",
    "Alice",
    "Judy",
    "Isabella",
    "Julia",
    "Beverly",
    "Denise",
    "Marilyn",
    "Amber",
    "Danielle",
    "Rose",
    "Brittany",
    "Diana",
    "Natalie",
    "Lori",
    "Tiffany",
    "Kayla",
    "Alexis",
    "Lauren",
    "Rahul",
    "Amit",
    "Priya",
    "Pooja",
    "Anjali",
    "Rajesh",
    "Suresh",
    "Ramesh",
    "Sunil",
    "Anil",
    "Vijay",
    "Sanjay",
    "Deepak",
    "Manoj",
    "Ravi",
    "Arjun",
    "Rohit",
    "Vikram",
    "Neha",
    "Sneha",
    "Kavya",
    "Divya",
    "Lakshmi",
    "Sunita",
    "Aarav",
    "Ananya",
    "Mohammed",
    "Muhammad",
    "Ahmed",
    "Ali",
    "Fatima",
    "Aisha",
    "Omar",
    "Wei",
    "Li",
    "Mei",
    "Hiroshi",
    "Yuki",
    "Carlos",
    "Juan",
    "Luis",
    "Miguel",
    "Sofia",
    "Lucia",
    "Ana",
    "Pedro",
    "Javier",
    "Elena",
    "Ivan",
    "Olga",
    "Anna",
    "Pierre",
    "Marie",
    "Hans",
    "Klaus",
    "Giuseppe",
    "Francesca",
    "Kwame",
    "Kofi",
    "Amara",
    "Chinedu",
    "Ngozi",
    "Tunde",
];

fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || c == '.' || c == '\'' || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Personal data written for this test (every value invented), per kind; each
    /// line is planted in a sentence and must be detected.
    const PLANTED: &[(PiiKind, &[&str])] = &[
        (
            PiiKind::Email,
            &[
                "jane.doe42@example.com",
                "q_smith+jobs@mail.example.org",
                "kofi.mensah (at) example (dot) net",
                "A.B.Carter@Example.CO.UK",
                "r2d2@droid.io",
            ],
        ),
        (
            PiiKind::Phone,
            &[
                "(555) 123-4567",
                "555-123-4567",
                "555.123.4567",
                "+1 555 123 4567",
                "+91 98765 43210",
                "+44 20 7946 0958",
                "9876543210",
                "+49 30 901820",
                "020 7946 0958",
                "+33 1 23 45 67 89",
            ],
        ),
        (
            PiiKind::Url,
            &[
                "https://example.com/jane",
                "www.janedoe-portfolio.com",
                "linkedin.com/in/janedoe",
                "http://blog.example.org/posts/1",
                "github.com/jdoe",
            ],
        ),
        (
            PiiKind::Ssn,
            &[
                "123-45-6789",
                "123 45 6789",
                "SSN: 123456789",
                "Social Security Number 987654321",
            ],
        ),
        (
            PiiKind::Handle,
            &[
                "@janedoe_42",
                "Twitter: @jdoe",
                "Skype ID: jane.doe.77",
                "LinkedIn - jane-doe-1234",
            ],
        ),
    ];

    #[test]
    fn recall_on_planted_personal_data_is_complete() {
        let scrubber = Scrubber::new();
        let templates = [
            "Contact me at {} for references.",
            "{}",
            "Reach the candidate ({}) any time.",
        ];
        let mut total = 0;
        let mut found = 0;
        for (kind, values) in PLANTED {
            for value in *values {
                for template in templates {
                    let text = template.replace("{}", value);
                    total += 1;
                    if !scrubber.is_clean(&text, &[]) {
                        found += 1;
                    } else {
                        eprintln!("missed {kind:?}: {text}");
                    }
                }
            }
        }
        assert_eq!(found, total, "recall {found}/{total}");
    }

    #[test]
    fn ordinary_resume_sentences_stay_clean() {
        let scrubber = Scrubber::new();
        let clean = [
            "Conduct blood donor physical exam and health history screening in order to determine eligibility.",
            "Managed 150 past due accounts a day and negotiated payment plans.",
            "Increased revenue by 25% in 2019 through targeted campaigns.",
            "Performed venipuncture on 30 or more donors per day using sterile technique.",
            "Reconciled general ledger accounts for 12 entities each month.",
        ];
        for sentence in clean {
            assert!(scrubber.is_clean(sentence, &[]), "{sentence}");
        }
    }

    #[test]
    fn own_names_are_found_and_block_sentences_naming_them() {
        let scrubber = Scrubber::new();
        let resume = "Marisol Quintero-Vance\nPhlebotomist\nName: Marisol Quintero-Vance\n";
        let names = scrubber.own_names(resume);
        assert!(names.iter().any(|n| n == "Marisol Quintero-Vance"));
        assert!(!scrubber.is_clean("Marisol trained new staff on donor screening.", &names));
        assert!(scrubber.is_clean("Trained new staff on donor screening.", &names));
        assert!(!scrubber.is_clean("Quintero-Vance Family Dental", &names));
        assert!(!scrubber.is_clean("Worked for Dr. Vance and Partners", &names));
    }

    #[test]
    fn name_fields_are_found_in_their_spellings() {
        let scrubber = Scrubber::new();
        let cases = [
            (
                "Phlebotomist\nFull Name - Marisol Quintero-Vance\n",
                "Marisol Quintero-Vance",
            ),
            ("Summary\n  candidate name:Tomasz Wi\n", "Tomasz Wi"),
            ("Summary\nNAME :\n Ana Ruiz\n", "Ana Ruiz"),
        ];
        for (resume, name) in cases {
            assert_eq!(scrubber.own_names(resume), [name], "{resume:?}");
        }
        for resume in [
            "Summary\nCompany Name City , State\n",
            "Summary\nRenamed: files\n",
        ] {
            assert!(scrubber.own_names(resume).is_empty(), "{resume:?}");
        }
    }

    #[test]
    fn addresses_and_birth_dates_are_detected() {
        let scrubber = Scrubber::new();
        for text in [
            "Lives at 1234 Maple Grove Street",
            "PO Box 881",
            "Springfield, IL 62704",
            "DOB: 04/12/1988",
            "Date of Birth - 12 March 1990",
        ] {
            assert!(!scrubber.is_clean(text, &[]), "{text}");
        }
    }

    proptest::proptest! {
        /// The byte-wise word finder agrees with the definition (maximal runs of
        /// alphanumeric characters, `-` and `'`) on text mixing ASCII and not.
        #[test]
        fn word_spans_are_the_runs_of_word_characters(
            pieces in proptest::collection::vec(0usize..WORD_PIECES.len(), 0..30)
        ) {
            let text: String = pieces.iter().map(|&i| WORD_PIECES[i]).collect();
            let mut expected = Vec::new();
            let mut open: Option<usize> = None;
            for (i, c) in text.char_indices() {
                match (c.is_alphanumeric() || c == '-' || c == '\'', open) {
                    (true, None) => open = Some(i),
                    (false, Some(start)) => {
                        expected.push(start..i);
                        open = None;
                    }
                    _ => {}
                }
            }
            expected.extend(open.map(|start| start..text.len()));
            proptest::prop_assert_eq!(word_spans(&text).collect::<Vec<_>>(), expected);
        }

        /// The name-field cue agrees with its definition as a regex.
        #[test]
        fn name_field_cue_is_name_then_a_colon_or_dash(
            pieces in proptest::collection::vec(0usize..CUE_PIECES.len(), 0..12)
        ) {
            let text: String = pieces.iter().map(|&i| CUE_PIECES[i]).collect();
            let definition = Regex::new(r"(?i)name\s*[:\-]").expect("valid regex");
            proptest::prop_assert_eq!(has_name_field_cue(&text), definition.is_match(&text), "{:?}", text);
        }
    }

    const CUE_PIECES: &[&str] = &[
        "name", "NaMe", "na", "N", "m", "Me", "e", " ", "\u{a0}", "\n", ":", "-", "é", "x",
    ];

    const WORD_PIECES: &[&str] = &[
        "Jennifer", " ", "O'Brien", "-", "Vasquez", ".", ",", "42", "\n", "José", "Ørsted", "日本",
        "—", "\u{a0}", "é", "🙂", "x", "_", "\t", "Ⅳ",
    ];
}
