//! JSON Resume (jsonresume.org schema): a `.json` file holding one resume object, or
//! an array of them, is turned into plain resume text with the headings the segmenter
//! knows (Summary, Experience, Education, Skills, Certifications). Contact details
//! (name, email, phone, URL, location, profiles) are left out of the text entirely.
//! A `.json` file that is not JSON Resume is read as JSONL.

use serde_json::Value;

use super::{jsonl, make_record, FieldNames, Record, RejectReason};

/// Whether `value` looks like a JSON Resume object.
pub(super) fn is_json_resume(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        ["basics", "work", "education", "skills"]
            .iter()
            .any(|k| o.contains_key(*k))
    })
}

/// The records of a parsed `.json` file: one JSON Resume object, or an array whose
/// items are JSON Resume objects or plain records (`id`/`occupation`/`text` fields).
pub(super) fn records(value: &Value, file: &str, stem: &str, fields: &FieldNames) -> Vec<Record> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let many = items.len() > 1;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = if many {
                format!("{stem}#{i}")
            } else {
                stem.to_string()
            };
            match item {
                item if is_json_resume(item) => {
                    let occupation = item.get(&fields.occupation).and_then(Value::as_str);
                    make_record(file, 1, id, occupation, to_text(item))
                }
                Value::Object(object) => jsonl::parse_object(object, file, i as u64 + 1, fields),
                _ => Record::reject(
                    file,
                    1,
                    RejectReason::MalformedJson,
                    format!("item {i} is not an object"),
                ),
            }
        })
        .collect()
}

/// Plain text with section headings, from the resume's non-contact fields.
pub(super) fn to_text(resume: &Value) -> String {
    let mut out = Vec::new();
    let field = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let items = |key: &str| {
        resume
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let basics = resume.get("basics").cloned().unwrap_or(Value::Null);
    push(&mut out, field(&basics, "label"));
    let summary = field(&basics, "summary");
    if !summary.is_empty() {
        out.extend(["Summary".to_string(), summary]);
    }
    let work = items("work");
    if !work.is_empty() {
        out.push("Experience".into());
        for job in &work {
            push(&mut out, field(job, "position"));
            push(&mut out, labelled("company - ", field(job, "name")));
            let (start, end) = (field(job, "startDate"), field(job, "endDate"));
            if !start.is_empty() {
                out.push(format!(
                    "{start} - {}",
                    if end.is_empty() {
                        "Current".to_string()
                    } else {
                        end
                    }
                ));
            }
            push(&mut out, field(job, "summary"));
            out.extend(strings(job, "highlights"));
        }
    }
    let education = items("education");
    if !education.is_empty() {
        out.push("Education".into());
        for school in &education {
            let degree = [field(school, "studyType"), field(school, "area")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" in ");
            push(
                &mut out,
                [degree, field(school, "institution")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
    }
    let skills = items("skills");
    if !skills.is_empty() {
        out.push("Skills".into());
        for skill in &skills {
            push(&mut out, field(skill, "name"));
            out.extend(strings(skill, "keywords"));
        }
    }
    let certificates = items("certificates");
    if !certificates.is_empty() {
        out.push("Certifications".into());
        out.extend(
            certificates
                .iter()
                .map(|c| field(c, "name"))
                .filter(|n| !n.is_empty()),
        );
    }
    out.join("\n") + "\n"
}

fn push(out: &mut Vec<String>, line: String) {
    if !line.trim().is_empty() {
        out.push(line);
    }
}

fn labelled(label: &str, value: String) -> String {
    if value.is_empty() {
        value
    } else {
        format!("{label}{value}")
    }
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_resume_becomes_sectioned_text_without_contact_details() {
        let resume: Value = serde_json::from_str(
            r#"{"basics": {"name": "Invented Person", "label": "Phlebotomist", "email": "someone@example.com",
                "phone": "(555) 000-1111", "summary": "Calm with nervous donors."},
               "work": [{"name": "Lakeside Blood Bank", "position": "Phlebotomist", "startDate": "2019-04",
                "highlights": ["Performed venipuncture on 40 donors a day"]}],
               "education": [{"institution": "Harbor College", "studyType": "Associate", "area": "Science"}],
               "skills": [{"name": "Phlebotomy", "keywords": ["Venipuncture", "Vital signs"]}],
               "certificates": [{"name": "CPR"}]}"#,
        )
        .expect("valid JSON");
        assert!(is_json_resume(&resume));
        let text = to_text(&resume);
        assert_eq!(
            text,
            "Phlebotomist\nSummary\nCalm with nervous donors.\nExperience\nPhlebotomist\ncompany - Lakeside Blood Bank\n2019-04 - Current\nPerformed venipuncture on 40 donors a day\nEducation\nAssociate in Science, Harbor College\nSkills\nPhlebotomy\nVenipuncture\nVital signs\nCertifications\nCPR\n"
        );
        assert!(
            !text.contains("Invented") && !text.contains("example.com") && !text.contains("555")
        );
    }
}
