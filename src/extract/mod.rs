//! Extraction: a [`Resume`] → its [`ResumeFacts`] (lexicon entries named, with the
//! section each was found in; degrees; employers). Section-aware: degrees are read
//! from education sections, employers from experience sections, each falling back to
//! the whole text when the resume has no such heading. Mentions in a negated or
//! aspirational clause ("no experience with X", "seeking to learn X") and
//! certifications still in progress do not count.

pub mod dates;
pub mod degree;
pub mod employer;
mod negation;
pub mod occupation;
pub mod quote;
pub mod salary;
pub mod sentences;
pub mod title;

use std::sync::Arc;

use crate::ingest::{Resume, UNKNOWN_OCCUPATION};
use crate::lexicon::{EntryId, Kind, Lexicon};
use crate::matcher::SkillMatcher;
use crate::normalize::{fold_case, normalize, normalize_owned};
use crate::segment::{segment, text_of, Section, SectionKind};

use dates::{DateRangeExtractor, Month};
pub use degree::{DegreeExtractor, DegreeLevel};
pub use employer::EmployerExtractor;
pub use negation::NegationFilter;
pub use occupation::{InferredOccupation, TitleIndex};
pub use quote::{Quote, QuoteExtractor, Responsibility};

use crate::scrub::Scrubber;

/// A lexicon entry found in a resume, where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryMention {
    pub entry: EntryId,
    pub section: SectionKind,
    /// Byte range in the normalised text.
    pub start: usize,
    pub end: usize,
}

/// What one resume contributes to the tables.
#[derive(Debug, Clone, PartialEq)]
pub struct ResumeFacts {
    pub id: String,
    /// The record's position in the input (0-based, counting rejects), set by the
    /// pipeline: the same in a sharded run as in a single one.
    pub ordinal: u64,
    /// The record's occupation label, or the one inferred from its title.
    pub occupation: String,
    /// The occupation inferred from the headline title (records without a label).
    pub inferred: Option<InferredOccupation>,
    /// The headline title, title-cased.
    pub title: Option<String>,
    /// Job titles of the work history.
    pub job_titles: Vec<String>,
    /// Years covered by the work history's date ranges, overlaps merged.
    pub years_experience: Option<f64>,
    /// The yearly salary the record states (input salary field), if any.
    pub salary_yearly: Option<f64>,
    /// Lexicon entries named, each once, ascending.
    pub entries: Vec<EntryId>,
    /// Every counted mention, in text order.
    pub mentions: Vec<EntryMention>,
    /// Distinct degree levels earned, lowest first.
    pub degrees: Vec<DegreeLevel>,
    pub highest_degree: DegreeLevel,
    /// Employers, legal suffixes folded, in order of appearance; scrubbed.
    pub employers: Vec<String>,
    /// Responsibility statements of the work history; scrubbed.
    pub responsibilities: Vec<Responsibility>,
    /// The clearest sentence naming each skill and soft skill; scrubbed.
    pub quotes: Vec<Quote>,
}

impl ResumeFacts {
    /// A resume with nothing found in it (the ordinal set by the pipeline).
    pub fn empty(id: &str, occupation: &str) -> ResumeFacts {
        ResumeFacts {
            id: id.to_string(),
            ordinal: 0,
            occupation: occupation.to_string(),
            inferred: None,
            title: None,
            job_titles: Vec::new(),
            years_experience: None,
            salary_yearly: None,
            entries: Vec::new(),
            mentions: Vec::new(),
            degrees: Vec::new(),
            highest_degree: DegreeLevel::None,
            employers: Vec::new(),
            responsibilities: Vec::new(),
            quotes: Vec::new(),
        }
    }
}

/// Everything extraction needs, compiled once and shared by all threads.
#[derive(Debug)]
pub struct Extractor {
    lexicon: Arc<Lexicon>,
    matcher: SkillMatcher,
    degrees: DegreeExtractor,
    negation: NegationFilter,
    /// `None` for an extractor of the lexicon entries only.
    full: Option<FullExtractors>,
    reference_month: Month,
    titles: Option<Arc<TitleIndex>>,
}

/// What the tables beyond the entry shares need.
#[derive(Debug)]
struct FullExtractors {
    employers: EmployerExtractor,
    dates: DateRangeExtractor,
    salaries: salary::SalaryParser,
    quotes: QuoteExtractor,
    scrubber: Scrubber,
}

impl Extractor {
    /// Compiles everything; the matcher and the other extractors' patterns are built
    /// side by side on the current rayon pool.
    pub fn new(lexicon: Arc<Lexicon>) -> crate::Result<Extractor> {
        Extractor::build(lexicon, true)
    }

    /// An extractor of the lexicon entries named only (skill, soft skill and
    /// certification shares): degrees, employers, titles, dates, salaries and quotes
    /// stay empty, and their patterns are never compiled.
    pub fn skills_only(lexicon: Arc<Lexicon>) -> crate::Result<Extractor> {
        Extractor::build(lexicon, false)
    }

    fn build(lexicon: Arc<Lexicon>, full: bool) -> crate::Result<Extractor> {
        let (matcher, (degrees, negation, full)) = rayon::join(
            || SkillMatcher::with_markers(&lexicon, negation::NEGATION_CUES),
            || {
                let full = full.then(|| FullExtractors {
                    employers: EmployerExtractor::new(),
                    dates: DateRangeExtractor::new(),
                    salaries: salary::SalaryParser::new(),
                    quotes: QuoteExtractor::new(),
                    scrubber: Scrubber::new(),
                });
                (DegreeExtractor::new(), NegationFilter::new(), full)
            },
        );
        Ok(Extractor {
            lexicon,
            matcher: matcher?,
            degrees,
            negation,
            full,
            reference_month: current_month(),
            titles: None,
        })
    }

    /// Infers the occupation of unlabelled resumes from their headline title.
    pub fn with_titles(mut self, titles: Arc<TitleIndex>) -> Extractor {
        self.titles = Some(titles);
        self
    }

    /// Sets the month "Current"/"Present" stand for (default: this month).
    pub fn with_reference_month(mut self, month: Month) -> Extractor {
        self.reference_month = month;
        self
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn extract(&self, resume: &Resume) -> ResumeFacts {
        let text = normalize(&resume.text);
        self.extract_normalized(resume, &text)
    }

    /// [`Extractor::extract`] of a resume that is no longer needed: its text is
    /// normalised in its own buffer when nothing changes (most ASCII text).
    pub fn extract_owned(&self, mut resume: Resume) -> ResumeFacts {
        let text = normalize_owned(std::mem::take(&mut resume.text));
        self.extract_normalized(&resume, &text)
    }

    /// Extraction over text already normalised with [`normalize`].
    pub fn extract_normalized(&self, resume: &Resume, text: &str) -> ResumeFacts {
        let sections = segment(text);
        let mentions = self.mentions(text, &sections);
        let mut entries: Vec<EntryId> = mentions.iter().map(|m| m.entry).collect();
        entries.sort_unstable();
        entries.dedup();
        let Some(full) = &self.full else {
            return ResumeFacts {
                entries,
                mentions,
                ..ResumeFacts::empty(&resume.id, &resume.occupation)
            };
        };
        let mut degrees = match text_of(text, &sections, SectionKind::Education) {
            Some(education) => self.degrees.levels(&education, true),
            None => self.degrees.levels(text, false),
        };
        if let Some(certifications) = text_of(text, &sections, SectionKind::Certifications) {
            degrees.extend(self.degrees.certification_section_levels(&certifications));
            degrees.sort_unstable();
            degrees.dedup();
        }
        let experience = text_of(text, &sections, SectionKind::Experience);
        let work = experience.as_deref().unwrap_or(text);
        // Everything published from the text passes the scrubber, with the owner's names.
        let names = full.scrubber.own_names(text);
        let mut employers = full.employers.employers(work);
        employers.retain(|e| full.scrubber.is_clean(e, &names));
        let title = title::headline(text, &sections).filter(|t| full.scrubber.is_clean(t, &names));
        let sentences_of = quote::section_sentences(text, &sections);
        let responsibilities = full.quotes.responsibilities(
            text,
            &sections,
            &sentences_of,
            &mentions,
            &full.scrubber,
            &names,
        );
        let quotes = full.quotes.quotes(
            text,
            &sentences_of,
            &mentions,
            &self.lexicon,
            &full.scrubber,
            &names,
        );
        let inferred = match (&self.titles, &title) {
            (Some(index), Some(title)) if resume.occupation == UNKNOWN_OCCUPATION => {
                index.infer(title)
            }
            _ => None,
        };
        ResumeFacts {
            id: resume.id.clone(),
            ordinal: 0,
            occupation: inferred
                .as_ref()
                .map_or_else(|| resume.occupation.clone(), |o| o.title.clone()),
            inferred,
            title,
            job_titles: experience
                .as_deref()
                .map(title::job_titles)
                .unwrap_or_default(),
            years_experience: full.dates.years(work, self.reference_month),
            salary_yearly: resume
                .salary
                .as_deref()
                .and_then(|s| full.salaries.yearly(s)),
            entries,
            mentions,
            highest_degree: degree::highest(&degrees),
            degrees,
            employers,
            responsibilities,
            quotes,
        }
    }

    /// Matcher hits that count: not negated, not a certification in progress, only
    /// taught in classes, or named in an education section without a word saying it
    /// was earned (there it is a course: "Breeds, Restraint and First Aid"). A skill listed in a certifications section, or
    /// followed by "certified" ("Google AdWords and Analytics certified"), counts as its
    /// certification twin ("QuickBooks" → "QuickBooks Certified") when the lexicon
    /// has one.
    fn mentions(&self, text: &str, sections: &[Section]) -> Vec<EntryMention> {
        let folded = fold_case(text);
        let found = self.matcher.find_all(text, &folded);
        let (kept, nested) = (found.kept, found.nested);
        let mut hits = kept.clone();
        // A skill named inside a longer skill phrase counts too ("Marketing" in "email
        // marketing"); nothing nested in a certification counts.
        hits.extend(nested.into_iter().filter_map(|(holder, m)| {
            let holder_kind = self.lexicon.entry(kept[holder].entry).kind;
            let kind = self.lexicon.entry(m.entry).kind;
            (holder_kind != Kind::Certification && kind != Kind::Certification).then_some(m)
        }));
        hits.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let certif = negation::certif_positions(&folded);
        // Hits come in text order, often several on one line of an education
        // section: whether that line names a degree is asked once per line.
        let mut last_line: Option<(&str, bool)> = None;
        let mut line_names_degree = |start: usize, end: usize| {
            let line = negation::line_around(text, start, end);
            match last_line {
                Some((known, names)) if std::ptr::eq(known, line) => names,
                _ => {
                    let names = self.degrees.names_degree(line);
                    last_line = Some((line, names));
                    names
                }
            }
        };
        let mut mentions = Vec::new();
        for m in hits {
            if self.negation.is_negated(text, m.start, &found.markers) {
                continue;
            }
            let section = section_at(sections, m.start);
            let is_certification = self.lexicon.entry(m.entry).kind == Kind::Certification;
            if !is_certification
                && section == SectionKind::Education
                && line_names_degree(m.start, m.end)
            {
                // The field of a degree ("B.S. in Nursing") is not a skill.
                continue;
            }
            let entry = if is_certification {
                let course_only = section == SectionKind::Education
                    && !self.negation.line_has_credential_word(text, m.start, m.end);
                if course_only
                    || self.negation.is_unfinished(text, m.start, m.end)
                    || self.negation.is_only_taught(text, m.end)
                {
                    continue;
                }
                m.entry
            } else if section == SectionKind::Certifications
                || self.negation.is_followed_by_certified(text, m.end, &certif)
            {
                self.lexicon.certification_twin(m.entry).unwrap_or(m.entry)
            } else {
                m.entry
            };
            mentions.push(EntryMention {
                entry,
                section,
                start: m.start,
                end: m.end,
            });
        }
        mentions
    }
}

fn section_at(sections: &[Section], offset: usize) -> SectionKind {
    sections
        .iter()
        .find(|s| s.range.contains(&offset))
        .map_or(SectionKind::Header, |s| s.kind)
}

/// Compiles `pattern` with ASCII word boundaries: `\b` is Unicode-aware by default,
/// which keeps the regex engine off its fast lazy DFA on any non-ASCII text. The
/// patterns here are about English words, so ASCII boundaries lose nothing.
pub(crate) fn ascii_regex(pattern: &str) -> std::result::Result<regex::Regex, regex::Error> {
    regex::Regex::new(&pattern.replace(r"\b", r"(?-u:\b)"))
}

/// [`ascii_regex`] for a set of patterns.
pub(crate) fn ascii_regex_set<'p>(
    patterns: impl IntoIterator<Item = &'p str>,
) -> std::result::Result<regex::RegexSet, regex::Error> {
    regex::RegexSet::new(patterns.into_iter().map(|p| p.replace(r"\b", r"(?-u:\b)")))
}

/// This month, as a [`Month`].
fn current_month() -> Month {
    let now = time::OffsetDateTime::now_utc();
    now.year() * 12 + i32::from(u8::from(now.month())) - 1
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const LEXICON: &str = "id\tkind\tname\taliases
phlebotomy\tskill\tPhlebotomy\tphlebotomy procedures
nursing\tskill\tNursing\t
python\tskill\tPython\t
quickbooks\tskill\tQuickBooks\t
quickbooks_certified\tcertification\tQuickBooks Certified\tQuickBooks certification
cpr\tcertification\tCPR\t
cpt\tcertification\tCertified Phlebotomy Technician\tCPT certified
";

    fn extract(text: &str) -> (Vec<String>, Vec<DegreeLevel>) {
        let lexicon = Arc::new(Lexicon::from_str(Path::new("t.tsv"), LEXICON).expect("lexicon"));
        let extractor = Extractor::new(lexicon.clone()).expect("extractor");
        let resume = Resume {
            id: "r".into(),
            occupation: "X".into(),
            text: text.into(),
            salary: None,
            origin: String::new(),
        };
        let facts = extractor.extract(&resume);
        let ids = facts
            .entries
            .iter()
            .map(|e| lexicon.entry(*e).id.clone())
            .collect();
        (ids, facts.degrees)
    }

    /// Words for texts around the negation cues: cues in several cases, words that
    /// hold them, lexicon words (a cue may also be a lexicon run), separators.
    const CUE_PIECES: &[&str] = &[
        "no",
        "No",
        "NOT",
        "never",
        "Lacking",
        "would",
        "nothing",
        "casino",
        "knot",
        "python",
        "Nursing",
        "no_",
        "é",
        "Émile",
        "ßno",
        " ",
        "  ",
        "\t",
        "\n",
        ".",
        "-",
        "no-nonsense",
        "2",
        "K",
        "\u{212a}",
        "planning",
        "Strategic",
        "PLANNING",
    ];

    proptest::proptest! {
        /// The matcher's markers are exactly the cue words, found word by word.
        #[test]
        fn markers_are_the_cue_words(pieces in proptest::collection::vec(0usize..CUE_PIECES.len(), 0..30)) {
            // A cue that is also a lexicon word is both.
            let tsv = format!("{LEXICON}planning\tskill\tPlanning\tstrategic planning\n");
            let lexicon = Lexicon::from_str(Path::new("t.tsv"), &tsv).expect("lexicon");
            let matcher = SkillMatcher::with_markers(&lexicon, negation::NEGATION_CUES).expect("matcher");
            let text: String = pieces.iter().map(|&p| CUE_PIECES[p]).collect();
            let found = matcher.find_all(&text, &fold_case(&text));
            proptest::prop_assert_eq!(found.markers, negation::cue_positions(&text), "{:?}", text);
        }
    }

    #[test]
    fn certifications_degrees_and_skills_are_kept_apart() {
        let (ids, degrees) = extract(
            "Summary\nSkilled in phlebotomy.\nCertifications\nCertified Phlebotomy Technician\nCPR\nEducation\nB.S. in Nursing, State University\n",
        );
        assert_eq!(ids, ["phlebotomy", "cpr", "cpt"]);
        assert_eq!(degrees, [DegreeLevel::Bachelor]);
    }

    #[test]
    fn negated_and_unfinished_mentions_do_not_count() {
        let (ids, _) = extract("Summary\nNo experience with Python; strong phlebotomy skills.\nCertifications\nCPR (in progress)\n");
        assert_eq!(ids, ["phlebotomy"]);
    }

    #[test]
    fn skills_under_certifications_become_their_twin() {
        let (ids, _) = extract("Skills\nQuickBooks\nCertifications\nQuickBooks\n");
        assert_eq!(ids, ["quickbooks", "quickbooks_certified"]);
    }
}
