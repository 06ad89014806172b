//! One resume → a human-readable account of its facts: every mention with its section
//! and the text around it, and the responsibility statements and quotes it offers.
//! What an analyst runs when a number or a quote looks wrong.

use std::fmt::Write;

use crate::extract::{Extractor, ResumeFacts};
use crate::facts::FactsRecord;
use crate::ingest::Resume;
use crate::lexicon::Kind;
use crate::normalize::{fold_case, normalize};

/// Characters of context shown on each side of a mention.
const CONTEXT: usize = 50;

/// Renders the facts of `resume` with each match's section and context.
pub fn render(resume: &Resume, extractor: &Extractor) -> String {
    let text = normalize(&resume.text);
    let facts = extractor.extract_normalized(resume, &text);
    let record = FactsRecord::new(&facts, extractor.lexicon());
    let mut out = String::new();
    let _ = writeln!(out, "id:               {}", record.id);
    let code = record
        .occupation_code
        .as_deref()
        .map_or(String::new(), |c| {
            format!(" (O*NET {c}, inferred from the title)")
        });
    let _ = writeln!(out, "occupation:       {}{code}", record.occupation);
    let _ = writeln!(
        out,
        "title:            {}",
        record.title.as_deref().unwrap_or("-")
    );
    let _ = writeln!(out, "job titles:       {}", record.job_titles.join("; "));
    let _ = writeln!(
        out,
        "highest degree:   {} (levels: {})",
        record.highest_degree,
        record.degrees.join(", ")
    );
    let _ = writeln!(out, "employers:        {}", record.employers.join("; "));
    let years = record
        .years_experience
        .map_or("-".to_string(), |y| format!("{y:.1}"));
    let _ = writeln!(out, "years experience: {years}");
    let _ = writeln!(out, "mentions:");
    for line in mention_lines(&facts, &text, extractor) {
        let _ = writeln!(out, "  {line}");
    }
    // What this resume offers the quoted tables (already scrubbed).
    let _ = writeln!(out, "responsibilities:");
    for r in &facts.responsibilities {
        let _ = writeln!(out, "  {}", r.text);
    }
    let _ = writeln!(out, "quotes:");
    for q in &facts.quotes {
        let name = &extractor.lexicon().entry(q.entry).name;
        let _ = writeln!(out, "  {name:<30} ({:>3}) {}", q.score, q.text);
    }
    out
}

fn mention_lines(facts: &ResumeFacts, text: &str, extractor: &Extractor) -> Vec<String> {
    facts
        .mentions
        .iter()
        .map(|m| {
            let entry = extractor.lexicon().entry(m.entry);
            let kind = match entry.kind {
                Kind::Certification => "cert",
                Kind::SoftSkill => "soft",
                Kind::Skill => "skill",
            };
            format!(
                "[{kind:<5}] {:<30} {:<14} …{}…",
                entry.name,
                m.section.as_str(),
                context(text, m.start, m.end)
            )
        })
        .collect()
}

/// The text around `start..end` on one line, the match in `[brackets]`.
pub fn context(text: &str, start: usize, end: usize) -> String {
    let from = floor_boundary(text, start.saturating_sub(CONTEXT));
    let to = floor_boundary(text, (end + CONTEXT).min(text.len()));
    format!(
        "{}[{}]{}",
        &text[from..start],
        &text[start..end],
        &text[end..to]
    )
    .replace('\n', " ⏎ ")
}

/// The context of the first case-insensitive occurrence of `name`, if any.
pub fn find_context(text: &str, name: &str) -> Option<String> {
    let folded = fold_case(text);
    let at = folded.find(&fold_case(name))?;
    Some(context(text, at, at + name.len()))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
