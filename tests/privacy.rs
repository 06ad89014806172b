//! Nothing published identifies a person. A dump with planted personal data (unique
//! invented names, emails, phones, addresses, URLs, SSNs, birth dates — in the header
//! and inside sentences that would otherwise be quoted) is run with `--min-count 1`,
//! the setting that publishes the most; then every output file is read back — Parquet
//! through polars, CSV through a CSV reader, JSON parsed — and every value is searched
//! for the planted data. None may appear. Clean sentences of the same resumes must
//! still be published, so the scan is known to see quoted content.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use polars::prelude::*;

/// Invented people: (given name, surname, a colleague's surname, a doctor's surname).
const PEOPLE: [(&str, &str, &str, &str); 12] = [
    ("Zebulon", "Quixtaff", "Vorrelin", "Halvard"),
    ("Ysolde", "Brindlemoor", "Tashkerry", "Penhallow"),
    ("Oriana", "Vantorsk", "Mellifont", "Grusewick"),
    ("Tiberon", "Pellowyn", "Ashvarden", "Quillane"),
    ("Marisol", "Feldspane", "Orrowick", "Dunmarrow"),
    ("Casimir", "Threlkeld", "Yarbrindle", "Wystan"),
    ("Elowen", "Kestrevane", "Pomfrett", "Galloway-Brisk"),
    ("Anselm", "Druvenko", "Lisquith", "Marchbank"),
    ("Perpetua", "Oakenholt", "Vintrell", "Soderquist"),
    ("Lysander", "Maplethorn", "Crewsdale", "Ironsmere"),
    ("Henrike", "Vasquez-Orlo", "Blennerby", "Tregothnan"),
    ("Ottoline", "Marchetti-Fay", "Wolvercote", "Pendragast"),
];

struct Planted {
    /// Words and strings that may not appear in any value (compared lower-cased).
    texts: Vec<String>,
    /// Digit strings (phones, SSNs) that may not appear in any value's digits.
    digits: Vec<String>,
}

fn resume(i: usize) -> (String, Planted) {
    let (first, last, colleague, doctor) = PEOPLE[i];
    let email = format!(
        "{}.{}@examplemail.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let work_email = format!(
        "{}{}@clinicmail.org",
        &first[..1].to_lowercase(),
        last.to_lowercase()
    );
    let phone = format!("(555) 01{i:02}-7788");
    let work_phone = format!("555-01{i:02}-4455");
    let street = format!("{}21 Wobbleberry Lane", 40 + i);
    let ssn = format!("123-45-67{i:02}");
    let url = format!("www.{}-clinic.com", last.to_lowercase());
    let linkedin = format!(
        "linkedin.com/in/{}-{}",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let text = format!(
        "{first} {last}
Phlebotomist
Name: {first} {last}
Email: {email} | Phone: {phone} | {street}, Springfield, IL 62704
LinkedIn: {linkedin} | DOB: 03/14/1990 | SSN: {ssn}
Summary
Certified phlebotomist with strong customer service skills and close attention to detail in every draw.
Skills
Phlebotomy, Customer Service, Venipuncture, Medical Terminology
Experience
Phlebotomist 01/2018 to Current
{last} Family Clinic - Springfield, IL
Performed venipuncture on 30 or more donors per day using sterile technique.
Conducted blood donor physical exams and health history screenings to determine eligibility.
{first} trained twelve new phlebotomists on donor screening and customer service.
Answered the clinic line {work_phone} and scheduled donor appointments with great customer service.
Managed the shared phlebotomy inbox {work_email} for patient scheduling requests.
Reported daily phlebotomy totals to Dr. {doctor} and the charge nurse every shift.
Coordinated donor phlebotomy schedules with Jennifer {colleague} and the mobile team.
Opened a new donor center at {street} with the customer service staff.
Maintained the phlebotomy clinic website {url} with weekly updates.
Verified donor identity using SSN {ssn} during phlebotomy registration.
Education
Certificate : Phlebotomy, Springfield Community College
"
    );
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let planted = Planted {
        texts: [first, last, colleague, doctor]
            .iter()
            .map(|s| s.to_lowercase())
            .chain([
                email,
                work_email,
                url,
                linkedin,
                "wobbleberry".into(),
                "62704".into(),
            ])
            .chain(["examplemail", "clinicmail", "-clinic.com", "03/14/1990"].map(String::from))
            .collect(),
        digits: vec![digits(&phone), digits(&work_phone), digits(&ssn)],
    };
    (text, planted)
}

fn write_dump(dir: &Path) -> Vec<Planted> {
    let mut lines = String::new();
    let mut planted = Vec::new();
    for i in 0..PEOPLE.len() {
        let (text, p) = resume(i);
        let record = serde_json::json!({
            "id": format!("r{i}"),
            "occupation": "PHLEBOTOMIST",
            "text": text,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
        planted.push(p);
    }
    std::fs::write(dir.join("planted.jsonl"), lines).expect("write dump");
    planted
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every value of a file, as text: Parquet cells (cast to strings), CSV cells, JSON
/// strings and numbers.
fn values(path: &Path) -> Vec<String> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("parquet") => {
            let frame = ParquetReader::new(File::open(path).expect("open parquet"))
                .finish()
                .expect("read parquet");
            let mut out: Vec<String> = frame
                .get_column_names()
                .iter()
                .map(|s| s.to_string())
                .collect();
            for column in frame.columns() {
                let strings = column.cast(&DataType::String).expect("cast to string");
                let chunked = strings.str().expect("string column");
                out.extend(
                    (0..chunked.len())
                        .filter_map(|i| chunked.get(i))
                        .map(String::from),
                );
            }
            out
        }
        Some("csv") => {
            let mut reader = csv::Reader::from_path(path).expect("open csv");
            let mut out: Vec<String> = reader
                .headers()
                .expect("header")
                .iter()
                .map(String::from)
                .collect();
            for record in reader.records() {
                out.extend(record.expect("csv row").iter().map(String::from));
            }
            out
        }
        Some("json") => {
            let value: serde_json::Value =
                serde_json::from_reader(File::open(path).expect("open json")).expect("parse json");
            let mut out = Vec::new();
            collect_json(&value, &mut out);
            out
        }
        other => panic!("unexpected output file {} ({other:?})", path.display()),
    }
}

fn collect_json(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_json(v, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                collect_json(v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn no_planted_personal_data_in_any_output() {
    let input = tempfile::tempdir().expect("temp dir");
    let out = tempfile::tempdir().expect("temp dir");
    let planted = write_dump(input.path());
    let status = Command::new(env!("CARGO_BIN_EXE_skillmine"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--min-count", "1", "--out"])
        .arg(out.path())
        .arg(input.path().join("planted.jsonl"))
        .status()
        .expect("skillmine runs");
    assert!(status.success());

    let outputs = files(out.path());
    let kinds: BTreeSet<&str> = outputs
        .iter()
        .filter_map(|p| p.extension().and_then(|e| e.to_str()))
        .collect();
    assert_eq!(kinds, BTreeSet::from(["csv", "json", "parquet"]));
    assert!(outputs
        .iter()
        .any(|p| p.ends_with("occupations/phlebotomist.json")));

    let mut leaks = Vec::new();
    let mut published = Vec::new();
    for path in &outputs {
        if path.ends_with("manifest.json") {
            // The manifest names the input files and counts; it holds no resume text,
            // but it is scanned all the same.
        }
        for value in values(path) {
            let lower = value.to_lowercase();
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            for p in &planted {
                for text in &p.texts {
                    if lower.contains(text.as_str()) {
                        leaks.push(format!("{}: {text:?} in {value:?}", path.display()));
                    }
                }
                for d in &p.digits {
                    if digits.contains(d.as_str()) {
                        leaks.push(format!("{}: digits {d} in {value:?}", path.display()));
                    }
                }
            }
            published.push(value);
        }
    }
    assert!(
        leaks.is_empty(),
        "personal data published:\n{}",
        leaks.join("\n")
    );

    // The scan saw quoted content: the clean sentences of the same resumes are there,
    // in the Parquet, CSV and JSON outputs alike.
    let clean = "Performed venipuncture on 30 or more donors per day using sterile technique.";
    let places: BTreeSet<String> = outputs
        .iter()
        .filter(|p| values(p).iter().any(|v| v == clean))
        .map(|p| {
            p.file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for expected in [
        "responsibilities.parquet",
        "responsibilities.csv",
        "phlebotomist.json",
    ] {
        assert!(
            places.contains(expected),
            "{clean:?} not in {expected}: {places:?}"
        );
    }
    assert!(
        published
            .iter()
            .any(|v| v.contains("customer service") && v.len() > 40),
        "a customer service quote is published"
    );
}
