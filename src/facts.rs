//! [`ResumeFacts`] → [`FactsRecord`]: the per-resume layer in plain, serialisable form
//! (display names instead of lexicon ids), as `skillmine facts` writes it one JSON
//! object a line and `run --emit-facts` writes it as the `facts` table.

use serde::Serialize;

use crate::extract::ResumeFacts;
use crate::lexicon::{Kind, Lexicon};

/// One skill of a resume and the section it was first found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillFact {
    pub name: String,
    pub kind: &'static str,
    pub section: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactsRecord {
    pub id: String,
    pub occupation: String,
    /// O*NET-SOC code of an occupation inferred from the title (unlabelled records).
    pub occupation_code: Option<String>,
    pub title: Option<String>,
    pub job_titles: Vec<String>,
    pub highest_degree: &'static str,
    pub degrees: Vec<&'static str>,
    pub certifications: Vec<String>,
    pub employers: Vec<String>,
    pub skills: Vec<SkillFact>,
    pub years_experience: Option<f64>,
}

impl FactsRecord {
    pub fn new(facts: &ResumeFacts, lexicon: &Lexicon) -> FactsRecord {
        let mut certifications = Vec::new();
        let mut skills: Vec<SkillFact> = Vec::new();
        for mention in &facts.mentions {
            let entry = lexicon.entry(mention.entry);
            if entry.kind == Kind::Certification {
                if !certifications.contains(&entry.name) {
                    certifications.push(entry.name.clone());
                }
            } else if !skills.iter().any(|s| s.name == entry.name) {
                skills.push(SkillFact {
                    name: entry.name.clone(),
                    kind: entry.kind.as_str(),
                    section: mention.section.as_str(),
                });
            }
        }
        FactsRecord {
            id: facts.id.clone(),
            occupation: facts.occupation.clone(),
            occupation_code: facts.inferred.as_ref().map(|o| o.code.clone()),
            title: facts.title.clone(),
            job_titles: facts.job_titles.clone(),
            highest_degree: facts.highest_degree.as_str(),
            degrees: facts.degrees.iter().map(|d| d.as_str()).collect(),
            certifications,
            employers: facts.employers.clone(),
            skills,
            years_experience: facts.years_experience.map(|y| (y * 100.0).round() / 100.0),
        }
    }
}
