//! Quotable sentences of a resume: responsibility statements (experience sentences
//! led by an action verb) and, per skill named, the clearest sentence naming it.
//! Every candidate passes the [`Scrubber`] (with the resume owner's names) here, where
//! the whole resume is at hand; one that trips a detector is dropped, never redacted.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use foldhash::fast::FixedState;

use super::sentences::{display, holding, sentences};
use super::EntryMention;
use crate::lexicon::{EntryId, Kind, Lexicon};
use crate::neardup::{self, Signature};
use crate::scrub::Scrubber;
use crate::segment::{Section, SectionKind};

/// Published length of a responsibility, in characters.
const RESPONSIBILITY_CHARS: Range<usize> = 30..221;
/// Published length of a skill quote, in characters.
const QUOTE_CHARS: Range<usize> = 40..201;

/// A responsibility statement of one resume.
#[derive(Debug, Clone, PartialEq)]
pub struct Responsibility {
    /// As published: whitespace collapsed, first letter capitalised, a final stop.
    pub text: String,
    /// Equal for statements with the same (stemmed) words.
    pub key: u64,
    pub signature: Box<Signature>,
    /// Lexicon entries the statement names, ascending.
    pub entries: Vec<EntryId>,
}

/// A sentence quoting a skill or soft skill, with its clarity score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub entry: EntryId,
    pub text: String,
    pub score: i32,
}

impl Quote {
    /// Whether `self` is preferred to `other`: higher score, then the smaller text (a
    /// total order, so the choice does not depend on the order candidates arrive in).
    pub fn beats(&self, other: &Quote) -> bool {
        prefers((self.score, &self.text), other)
    }
}

/// Whether a quote of `score` and `text` is preferred to `other` ([`Quote::beats`]).
fn prefers((score, text): (i32, &str), other: &Quote) -> bool {
    (score, std::cmp::Reverse(text)) > (other.score, std::cmp::Reverse(other.text.as_str()))
}

/// Finds responsibilities and quotes; built once, shared by all threads.
#[derive(Debug)]
pub struct QuoteExtractor {
    /// Every form of every action verb, lower case.
    verbs: HashSet<String, FixedState>,
}

impl Default for QuoteExtractor {
    fn default() -> Self {
        QuoteExtractor::new()
    }
}

impl QuoteExtractor {
    pub fn new() -> QuoteExtractor {
        QuoteExtractor {
            verbs: ACTION_VERBS.iter().flat_map(|v| verb_forms(v)).collect(),
        }
    }

    /// Whether `word` is an action verb in any common form ("Manage", "managed",
    /// "manages", "Managing", "Led").
    pub fn is_action_verb(&self, word: &str) -> bool {
        let w = word.trim_matches(|c: char| !c.is_alphabetic());
        if w.len() < 2 {
            return false;
        }
        // An ASCII word (nearly all) is lower-cased on the stack.
        let mut buffer = [0u8; 24];
        match buffer.get_mut(..w.len()).filter(|_| w.is_ascii()) {
            Some(lower) => {
                lower.copy_from_slice(w.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).is_ok_and(|lower| self.verbs.contains(lower))
            }
            None => self.verbs.contains(w.to_lowercase().as_str()),
        }
    }

    /// Responsibility statements of the experience sections (the whole text when the
    /// resume has none), each once: a near-duplicate of one already taken is not.
    pub fn responsibilities(
        &self,
        text: &str,
        sections: &[Section],
        sentences_of: &[(SectionKind, Range<usize>)],
        mentions: &[EntryMention],
        scrubber: &Scrubber,
        names: &[String],
    ) -> Vec<Responsibility> {
        let candidates: Vec<Range<usize>> =
            if sections.iter().any(|s| s.kind == SectionKind::Experience) {
                sentences_of
                    .iter()
                    .filter(|(kind, _)| *kind == SectionKind::Experience)
                    .map(|(_, range)| range.clone())
                    .collect()
            } else {
                sentences(text, 0..text.len())
            };
        let mut seen = HashSet::with_hasher(FixedState::default());
        let mut out = Vec::new();
        for sentence in candidates {
            let Some(first) = text[sentence.clone()].split_whitespace().next() else {
                continue;
            };
            if !self.is_action_verb(first) {
                continue;
            }
            let Some(published) = responsibility_text(&display(text, sentence.clone())) else {
                continue;
            };
            if !scrubber.is_clean(&published, names) {
                continue;
            }
            let (key, signature) = neardup::fingerprint(&published);
            // Once per resume, near-duplicates included ("Managed payroll" in two
            // jobs), so a group's support counts each resume once.
            let near = out.iter().any(|r: &Responsibility| {
                neardup::similarity(&r.signature, &signature) >= neardup::NEAR_DUPLICATE
            });
            if !seen.insert(key) || near {
                continue;
            }
            let mut entries: Vec<EntryId> = mentions
                .iter()
                .filter(|m| sentence.contains(&m.start))
                .map(|m| m.entry)
                .collect();
            entries.sort_unstable();
            entries.dedup();
            out.push(Responsibility {
                text: published,
                key,
                signature: Box::new(signature),
                entries,
            });
        }
        out
    }

    /// The best quote of each skill and soft skill named outside the header (in
    /// `sentences_of`, from [`section_sentences`]), at most one per entry, ascending by
    /// entry.
    pub fn quotes(
        &self,
        text: &str,
        sentences_of: &[(SectionKind, Range<usize>)],
        mentions: &[EntryMention],
        lexicon: &Lexicon,
        scrubber: &Scrubber,
        names: &[String],
    ) -> Vec<Quote> {
        let all: Vec<Range<usize>> = sentences_of.iter().map(|(_, r)| r.clone()).collect();
        // Each sentence is judged (and scrubbed) once.
        let mut judged: HashMap<usize, Option<(String, i32)>, FixedState> = HashMap::default();
        let mut best: HashMap<EntryId, Quote, FixedState> = HashMap::default();
        for mention in mentions {
            if lexicon.entry(mention.entry).kind == Kind::Certification {
                continue;
            }
            let Some(i) = holding(&all, mention.start) else {
                continue;
            };
            let judgement = judged.entry(i).or_insert_with(|| {
                // Cheap checks on the raw text first; most sentences fail them.
                let raw = &text[all[i].clone()];
                if raw.len() < QUOTE_CHARS.start
                    || raw.len() > 2 * QUOTE_CHARS.end
                    || !raw.ends_with(['.', '!'])
                    || !raw.starts_with(char::is_uppercase)
                {
                    return None;
                }
                let sentence = display(text, all[i].clone());
                let score = self.clarity(&sentence, mention.section)?;
                scrubber
                    .is_clean(&sentence, names)
                    .then_some((sentence, score))
            });
            let Some((sentence, score)) = judgement else {
                continue;
            };
            // The sentence is copied only into a quote that is kept.
            if best
                .get(&mention.entry)
                .is_none_or(|current| prefers((*score, sentence), current))
            {
                let quote = Quote {
                    entry: mention.entry,
                    text: sentence.clone(),
                    score: *score,
                };
                best.insert(mention.entry, quote);
            }
        }
        let mut quotes: Vec<Quote> = best.into_values().collect();
        quotes.sort_by_key(|q| q.entry);
        quotes
    }

    /// A quote's clarity score, or `None` when the sentence is not quotable: a
    /// complete sentence (capital first, full stop last) of 40–200 characters and six
    /// words or more, mostly letters, not a run of labelled fields ("company - X
    /// description - Y"). Higher for a length near 110 characters, a
    /// sentence led by an action verb or in a summary or experience section; lower
    /// for list-like sentences (many commas, a colon).
    fn clarity(&self, sentence: &str, section: SectionKind) -> Option<i32> {
        let chars = sentence.chars().count();
        let first = sentence.chars().next()?;
        if !QUOTE_CHARS.contains(&chars)
            || !first.is_uppercase()
            || !sentence.ends_with(['.', '!'])
            || sentence.split_whitespace().count() < 6
            || letter_share(sentence) < 0.7
            || is_title_case(sentence)
            || sentence.matches(" - ").count() >= 2
        {
            return None;
        }
        let commas = sentence.matches(',').count() as i32;
        let mut score = 100 - (chars as i32 - 110).abs() / 4 - 4 * (commas - 2).max(0);
        if sentence.contains(':') || sentence.contains(';') {
            score -= 10;
        }
        if sentence
            .split_whitespace()
            .next()
            .is_some_and(|w| self.is_action_verb(w))
        {
            score += 10;
        }
        if matches!(section, SectionKind::Experience | SectionKind::Summary) {
            score += 5;
        }
        Some(score)
    }
}

/// The sentences of every section but the header, with their section, in text
/// order: split once per resume, read by both [`QuoteExtractor::responsibilities`]
/// and [`QuoteExtractor::quotes`].
pub fn section_sentences(text: &str, sections: &[Section]) -> Vec<(SectionKind, Range<usize>)> {
    sections
        .iter()
        .filter(|s| s.kind != SectionKind::Header)
        .flat_map(|s| {
            sentences(text, s.range.clone())
                .into_iter()
                .map(move |r| (s.kind, r))
        })
        .collect()
}

/// A base form and its inflections: manage → manages, managed, managing; apply →
/// applies, applied; plan → planned, planning (a doubled consonant is also tried
/// where it is wrong, "auditted": harmless, no text says it).
fn verb_forms(base: &str) -> Vec<String> {
    let mut forms = vec![
        base.to_string(),
        format!("{base}s"),
        format!("{base}es"),
        format!("{base}ed"),
        format!("{base}ing"),
    ];
    if let Some(stem) = base.strip_suffix('e') {
        forms.extend([format!("{base}d"), format!("{stem}ing")]);
    }
    if let Some(stem) = base.strip_suffix('y') {
        forms.extend([format!("{stem}ies"), format!("{stem}ied")]);
    }
    if let Some(last) = base.chars().last().filter(|c| !"aeiouwxy".contains(*c)) {
        forms.extend([format!("{base}{last}ed"), format!("{base}{last}ing")]);
    }
    forms
}

/// The published form of a responsibility sentence, or `None` when it is not one:
/// 30–220 characters, 5–40 words, mostly letters, not ending in a colon.
fn responsibility_text(sentence: &str) -> Option<String> {
    // The byte tests first: they turn most sentences away.
    if sentence.ends_with([':', ',', ';'])
        || sentence.contains('|')
        || !RESPONSIBILITY_CHARS.contains(&sentence.chars().count())
        || !(5..=40).contains(&sentence.split_whitespace().count())
        || letter_share(sentence) < 0.7
        || is_title_case(sentence)
    {
        return None;
    }
    let mut out = String::with_capacity(sentence.len() + 1);
    let mut chars = sentence.chars();
    out.extend(chars.next().map(|c| c.to_uppercase().next().unwrap_or(c)));
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    Some(out)
}

/// Whether most words are capitalised: a heading, job title or company line ("Staff
/// Accountant Company Name - City , State"), not a sentence.
fn is_title_case(text: &str) -> bool {
    let (mut words, mut capitalised) = (0usize, 0usize);
    if text.is_ascii() {
        // Words' first bytes: those after a space (or at the start) that are not one.
        let mut after_space = true;
        for &b in text.as_bytes() {
            let space = is_ascii_space(b);
            if after_space && b.is_ascii_alphabetic() {
                words += 1;
                capitalised += usize::from(b.is_ascii_uppercase());
            }
            after_space = space;
        }
    } else {
        for first in text.split_whitespace().filter_map(|w| w.chars().next()) {
            if first.is_alphabetic() {
                words += 1;
                capitalised += usize::from(first.is_uppercase());
            }
        }
    }
    capitalised * 5 > words * 3
}

/// An ASCII byte `char::is_whitespace` calls a space: tab to carriage return, and
/// space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Letters' share of the non-space characters.
fn letter_share(text: &str) -> f64 {
    let (mut letters, mut all) = (0usize, 0usize);
    if text.is_ascii() {
        // The same counts byte by byte, each in a loop of its own that vectorises
        // (no letter is a space).
        let bytes = text.as_bytes();
        all = bytes.iter().filter(|&&b| !is_ascii_space(b)).count();
        letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    } else {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            all += 1;
            letters += usize::from(c.is_alphabetic());
        }
    }
    if all == 0 {
        0.0
    } else {
        letters as f64 / all as f64
    }
}

/// Action verbs (base forms; other forms are derived) and irregular past tenses that
/// lead responsibility statements, plus "responsible" ("Responsible for …").
const ACTION_VERBS: &[&str] = &[
    "achieve",
    "act",
    "adapt",
    "add",
    "address",
    "adjust",
    "administer",
    "advise",
    "advocate",
    "aid",
    "align",
    "allocate",
    "analyse",
    "analyze",
    "answer",
    "apply",
    "appraise",
    "approve",
    "arrange",
    "assemble",
    "assess",
    "assign",
    "assist",
    "attend",
    "audit",
    "author",
    "automate",
    "balance",
    "bill",
    "book",
    "brief",
    "budget",
    "build",
    "calculate",
    "care",
    "catalog",
    "catalogue",
    "chair",
    "champion",
    "check",
    "clean",
    "coach",
    "code",
    "collaborate",
    "collect",
    "communicate",
    "compile",
    "complete",
    "comply",
    "compose",
    "compute",
    "conceive",
    "conduct",
    "configure",
    "consolidate",
    "consult",
    "contribute",
    "control",
    "convert",
    "cook",
    "coordinate",
    "counsel",
    "create",
    "cultivate",
    "customize",
    "cut",
    "debug",
    "decrease",
    "define",
    "delegate",
    "deliver",
    "demonstrate",
    "deploy",
    "design",
    "determine",
    "develop",
    "devise",
    "diagnose",
    "direct",
    "discover",
    "dispatch",
    "dispense",
    "distribute",
    "document",
    "draft",
    "draw",
    "drive",
    "edit",
    "educate",
    "eliminate",
    "employ",
    "enforce",
    "engage",
    "engineer",
    "enhance",
    "ensure",
    "enter",
    "establish",
    "estimate",
    "evaluate",
    "examine",
    "execute",
    "expand",
    "expedite",
    "facilitate",
    "file",
    "finalize",
    "fix",
    "forecast",
    "formulate",
    "foster",
    "gather",
    "generate",
    "greet",
    "grow",
    "guide",
    "handle",
    "help",
    "hire",
    "identify",
    "implement",
    "improve",
    "increase",
    "influence",
    "inform",
    "initiate",
    "input",
    "inspect",
    "install",
    "instruct",
    "integrate",
    "interact",
    "interpret",
    "interview",
    "introduce",
    "inventory",
    "investigate",
    "issue",
    "launch",
    "lead",
    "lecture",
    "liaise",
    "load",
    "log",
    "maintain",
    "manage",
    "market",
    "measure",
    "mentor",
    "merge",
    "migrate",
    "model",
    "monitor",
    "motivate",
    "negotiate",
    "obtain",
    "onboard",
    "open",
    "operate",
    "optimize",
    "orchestrate",
    "order",
    "organize",
    "orient",
    "outline",
    "oversee",
    "participate",
    "partner",
    "perform",
    "pioneer",
    "place",
    "plan",
    "prepare",
    "present",
    "prioritize",
    "process",
    "procure",
    "produce",
    "program",
    "promote",
    "propose",
    "protect",
    "provide",
    "publish",
    "purchase",
    "qualify",
    "raise",
    "receive",
    "recommend",
    "reconcile",
    "record",
    "recruit",
    "redesign",
    "reduce",
    "refine",
    "register",
    "renovate",
    "repair",
    "replace",
    "report",
    "represent",
    "research",
    "resolve",
    "respond",
    "restructure",
    "review",
    "revise",
    "run",
    "schedule",
    "screen",
    "secure",
    "select",
    "sell",
    "serve",
    "service",
    "set",
    "setup",
    "share",
    "ship",
    "simplify",
    "solve",
    "sort",
    "source",
    "spearhead",
    "specify",
    "staff",
    "standardize",
    "stock",
    "streamline",
    "strengthen",
    "structure",
    "submit",
    "supervise",
    "supply",
    "support",
    "survey",
    "sustain",
    "take",
    "teach",
    "test",
    "track",
    "train",
    "transcribe",
    "transform",
    "translate",
    "transport",
    "treat",
    "troubleshoot",
    "tutor",
    "update",
    "upgrade",
    "use",
    "utilize",
    "validate",
    "verify",
    "volunteer",
    "welcome",
    "work",
    "write",
    // Irregular past tenses.
    "led",
    "built",
    "wrote",
    "ran",
    "oversaw",
    "drove",
    "sold",
    "taught",
    "made",
    "kept",
    "took",
    "gave",
    "grew",
    "met",
    "won",
    "spoke",
    "brought",
    "sought",
    "held",
    "began",
    "chose",
    "drew",
    "fed",
    "found",
    "paid",
    "sent",
    "spent",
    "understood",
    "undertook",
    "responsible",
];

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::segment::segment;

    const TEXT_PIECES: &[&str] = &[
        "Managed", " ", "payroll", "For", "\t", "\n", "\u{b}", "\u{c}", "\r", "42", ",", "-",
        "the", "IBM", "x", "Ötzi", "école", "\u{a0}", "日本", "(",
    ];

    proptest::proptest! {
        /// The byte-wise counts of ASCII text agree with the definitions over
        /// characters (Unicode whitespace, letters and capitals).
        #[test]
        fn sentence_shape_tests_agree_with_their_definitions(
            pieces in proptest::collection::vec(0usize..TEXT_PIECES.len(), 0..25)
        ) {
            let text: String = pieces.iter().map(|&i| TEXT_PIECES[i]).collect();
            let non_space: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
            let letters = non_space.iter().filter(|c| c.is_alphabetic()).count();
            let share = if non_space.is_empty() { 0.0 } else { letters as f64 / non_space.len() as f64 };
            proptest::prop_assert_eq!(letter_share(&text), share, "{:?}", text);
            let firsts: Vec<char> = text
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_alphabetic())
                .collect();
            let capitalised = firsts.iter().filter(|c| c.is_uppercase()).count();
            proptest::prop_assert_eq!(is_title_case(&text), capitalised * 5 > firsts.len() * 3, "{:?}", text);
        }
    }

    #[test]
    fn action_verbs_in_every_form() {
        let q = QuoteExtractor::new();
        for word in [
            "Managed",
            "manage",
            "Manages",
            "Managing",
            "Planned",
            "Led",
            "Supervised",
            "Conduct",
            "Analyzed",
            "Applied",
            "Applies",
            "Responsible",
            "Review,",
        ] {
            assert!(q.is_action_verb(word), "{word}");
        }
        for word in [
            "Certified",
            "Skilled",
            "Company",
            "Experienced",
            "The",
            "Summary",
            "I",
        ] {
            assert!(!q.is_action_verb(word), "{word}");
        }
    }

    const LEXICON: &str = "id\tkind\tname\taliases
payroll\tskill\tPayroll\tpayroll processing
kronos\tskill\tKronos\t
teamwork\tsoft_skill\tTeamwork\t
cpr\tcertification\tCPR\t
";

    fn run(text: &str, names: &[String]) -> (Vec<Responsibility>, Vec<Quote>, Lexicon) {
        let lexicon = Lexicon::from_str(Path::new("t.tsv"), LEXICON).expect("lexicon");
        let matcher = crate::matcher::SkillMatcher::new(&lexicon).expect("matcher");
        let sections = segment(text);
        let mentions: Vec<EntryMention> = matcher
            .find(text)
            .into_iter()
            .map(|m| EntryMention {
                entry: m.entry,
                section: sections
                    .iter()
                    .find(|s| s.range.contains(&m.start))
                    .map_or(SectionKind::Header, |s| s.kind),
                start: m.start,
                end: m.end,
            })
            .collect();
        let q = QuoteExtractor::new();
        let scrubber = Scrubber::new();
        let sentences_of = section_sentences(text, &sections);
        let r = q.responsibilities(text, &sections, &sentences_of, &mentions, &scrubber, names);
        let quotes = q.quotes(text, &sentences_of, &mentions, &lexicon, &scrubber, names);
        (r, quotes, lexicon)
    }

    const RESUME: &str = "Summary
Payroll specialist who values teamwork and accuracy in every pay cycle.
Skills
Payroll, Kronos, CPR
Experience
Payroll Administrator 07/2009 to 01/2014
Company Name City , State
Process time sheets with the use of the Kronos timekeeping system for all employees of the schools assigned.
• Updated payroll records, including changes in tax exemptions and direct deposit
for all staff.
Maintained payroll guidelines by writing policies. Call me at 555-123-4567 about it.
Trained Oriana on payroll processing.
Staff Accountant Company Name - City , State
Processed time sheets with the use of the Kronos timekeeping system for all employees of the school assigned.
Process time sheets with the use of the Kronos timekeeping system for all employees of the schools assigned.
";

    #[test]
    fn responsibilities_are_verb_led_experience_sentences_scrubbed_and_once() {
        let names = vec!["Oriana Feldspar".to_string()];
        let (r, _, lexicon) = run(RESUME, &names);
        let texts: Vec<&str> = r.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Process time sheets with the use of the Kronos timekeeping system for all employees of the schools assigned.",
                "Updated payroll records, including changes in tax exemptions and direct deposit for all staff.",
                "Maintained payroll guidelines by writing policies.",
            ]
        );
        let ids: Vec<&str> = r[0]
            .entries
            .iter()
            .map(|e| lexicon.entry(*e).id.as_str())
            .collect();
        assert_eq!(ids, ["kronos"]);
    }

    #[test]
    fn quotes_are_complete_sentences_one_per_skill_never_certifications() {
        let (_, quotes, lexicon) = run(RESUME, &[]);
        let got: Vec<(&str, &str)> = quotes
            .iter()
            .map(|q| (lexicon.entry(q.entry).id.as_str(), q.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "payroll",
                    "Updated payroll records, including changes in tax exemptions and direct deposit for all staff."
                ),
                (
                    "kronos",
                    "Process time sheets with the use of the Kronos timekeeping system for all employees of the schools assigned."
                ),
                (
                    "teamwork",
                    "Payroll specialist who values teamwork and accuracy in every pay cycle."
                ),
            ]
        );
    }
}
