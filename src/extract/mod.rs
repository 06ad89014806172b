//! Extraction: a [`Resume`] → its [`ResumeFacts`] (lexicon entries named, degrees,
//! employers). Section-aware: degrees are read from education sections, employers from
//! experience sections, each falling back to the whole text when the resume has no
//! such heading.

pub mod degree;
pub mod employer;

use std::sync::Arc;

use crate::ingest::Resume;
use crate::lexicon::{EntryId, Lexicon};
use crate::matcher::SkillMatcher;
use crate::normalize::normalize;
use crate::segment::{segment, text_of, SectionKind};

pub use degree::{DegreeExtractor, DegreeLevel};
pub use employer::EmployerExtractor;

/// What one resume contributes to the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeFacts {
    pub id: String,
    pub occupation: String,
    /// Lexicon entries named, each once, ascending.
    pub entries: Vec<EntryId>,
    /// Distinct degree levels earned, lowest first.
    pub degrees: Vec<DegreeLevel>,
    pub highest_degree: DegreeLevel,
    /// Employers, legal suffixes folded, in order of appearance.
    pub employers: Vec<String>,
}

/// Everything extraction needs, compiled once and shared by all threads.
#[derive(Debug)]
pub struct Extractor {
    lexicon: Arc<Lexicon>,
    matcher: SkillMatcher,
    degrees: DegreeExtractor,
    employers: EmployerExtractor,
}

impl Extractor {
    pub fn new(lexicon: Arc<Lexicon>) -> crate::Result<Extractor> {
        let matcher = SkillMatcher::new(&lexicon)?;
        Ok(Extractor {
            lexicon,
            matcher,
            degrees: DegreeExtractor::new(),
            employers: EmployerExtractor::new(),
        })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn extract(&self, resume: &Resume) -> ResumeFacts {
        let text = normalize(&resume.text);
        let sections = segment(&text);
        let mut entries: Vec<EntryId> = self.matcher.find(&text).iter().map(|m| m.entry).collect();
        entries.sort_unstable();
        entries.dedup();
        let degrees = match text_of(&text, &sections, SectionKind::Education) {
            Some(education) => self.degrees.levels(&education, true),
            None => self.degrees.levels(&text, false),
        };
        let experience = text_of(&text, &sections, SectionKind::Experience);
        let employers = self
            .employers
            .employers(experience.as_deref().unwrap_or(&text));
        ResumeFacts {
            id: resume.id.clone(),
            occupation: resume.occupation.clone(),
            entries,
            highest_degree: degree::highest(&degrees),
            degrees,
            employers,
        }
    }
}
