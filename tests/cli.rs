//! Runs the real `skillmine` binary in temporary directories and checks its tables
//! against numbers worked out by hand from `corpus-samples/` (see its README).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use polars::prelude::{ParquetReader, SerReader};

/// The table contract (names are part of it): written out here, not taken from the code.
const TABLES: [&str; 12] = [
    "occupations",
    "skills",
    "certifications",
    "degrees",
    "employers",
    "titles",
    "experience",
    "salaries",
    "responsibilities",
    "skill_quotes",
    "headlines",
    "comparisons",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn skillmine(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skillmine"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the skillmine binary runs")
}

/// Runs `skillmine run ARGS --out OUT --quiet`, checks it succeeded; returns OUT.
fn run_ok(args: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let mut all = vec!["run"];
    all.extend_from_slice(args);
    all.extend([
        "--out",
        out.path().to_str().expect("utf-8 temp path"),
        "--quiet",
    ]);
    let output = skillmine(&all);
    assert!(
        output.status.success(),
        "run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// Runs `skillmine run corpus-samples --out OUT` with extra args; returns OUT.
fn run_samples(extra: &[&str]) -> tempfile::TempDir {
    // The samples are tiny: publish every cell so the hand counts can be checked.
    let mut args = vec!["corpus-samples", "--min-count", "1"];
    args.extend_from_slice(extra);
    run_ok(&args)
}

/// A CSV table as rows of column → value.
fn table(dir: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join(format!("{name}.csv"))).expect("table csv");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The row of `rows` whose columns equal `key`.
fn row<'a>(
    rows: &'a [BTreeMap<String, String>],
    key: &[(&str, &str)],
) -> &'a BTreeMap<String, String> {
    let found: Vec<_> = rows
        .iter()
        .filter(|r| {
            key.iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one row for {key:?}, found {}",
        found.len()
    );
    found[0]
}

fn num(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column].parse().expect("a number")
}

#[test]
fn occupations_and_resume_counts_match_the_samples() {
    let out = run_samples(&[]);
    let rows = table(out.path(), "occupations");
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["occupation"].clone(), r["resumes"].clone()))
        .collect();
    let expected = [
        ("ACCOUNTANT", "2"),
        ("CHEF", "1"),
        ("COLLECTIONS", "3"),
        ("PHLEBOTOMIST", "4"),
        ("unknown", "1"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(o, n)| (o.to_string(), n.to_string()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn skill_shares_match_hand_counts() {
    let out = run_samples(&[]);
    let skills = table(out.path(), "skills");
    // (occupation, skill_id, resumes, pct): counted by reading the sample texts.
    let cases = [
        ("PHLEBOTOMIST", "venipuncture", 4, 100.0), // named twice in one resume: counted once
        ("PHLEBOTOMIST", "phlebotomy", 3, 75.0),
        ("PHLEBOTOMIST", "customer_service", 2, 50.0),
        ("COLLECTIONS", "debt_collection", 3, 100.0),
        ("COLLECTIONS", "accounts_receivable", 2, 200.0 / 3.0),
        ("COLLECTIONS", "skip_tracing", 1, 100.0 / 3.0),
        ("ACCOUNTANT", "microsoft_excel", 2, 100.0), // "I excel at" is not Excel
    ];
    for (occupation, id, resumes, pct) in cases {
        let r = row(&skills, &[("occupation", occupation), ("skill_id", id)]);
        assert_eq!(num(r, "resumes"), resumes as f64, "{occupation} {id}");
        assert!(
            (num(r, "pct") - pct).abs() < 1e-9,
            "{occupation} {id}: {}",
            r["pct"]
        );
    }
    let venipuncture = row(
        &skills,
        &[("occupation", "PHLEBOTOMIST"), ("skill_id", "venipuncture")],
    );
    assert_eq!(
        (venipuncture["rank"].as_str(), venipuncture["kind"].as_str()),
        ("1", "skill")
    );
    let compassion = row(
        &skills,
        &[("occupation", "PHLEBOTOMIST"), ("skill_id", "compassion")],
    );
    assert_eq!(
        (compassion["kind"].as_str(), compassion["resumes"].as_str()),
        ("soft_skill", "1")
    );
    // Ranks run 1..n within (occupation, kind), most resumes first.
    let mut groups: BTreeMap<(String, String), Vec<(u32, u64)>> = BTreeMap::new();
    for r in &skills {
        groups
            .entry((r["occupation"].clone(), r["kind"].clone()))
            .or_default()
            .push((
                r["rank"].parse().expect("rank"),
                r["resumes"].parse().expect("resumes"),
            ));
    }
    for (key, ranks) in groups {
        let expected: Vec<u32> = (1..=ranks.len() as u32).collect();
        assert_eq!(
            ranks.iter().map(|r| r.0).collect::<Vec<_>>(),
            expected,
            "{key:?}"
        );
        assert!(
            ranks.windows(2).all(|w| w[0].1 >= w[1].1),
            "{key:?} not sorted by resumes"
        );
    }
}

#[test]
fn certifications_degrees_and_employers_match_hand_counts() {
    let out = run_samples(&[]);
    let certs = table(out.path(), "certifications");
    let cpr = row(
        &certs,
        &[("occupation", "PHLEBOTOMIST"), ("certification_id", "cpr")],
    );
    assert_eq!(
        (
            cpr["resumes"].as_str(),
            num(cpr, "pct"),
            cpr["rank"].as_str()
        ),
        ("3", 75.0, "1")
    );
    let cpa = row(
        &certs,
        &[
            ("occupation", "ACCOUNTANT"),
            ("certification_id", "certified_public_accountant"),
        ],
    );
    assert_eq!(cpa["resumes"], "1");

    let degrees = table(out.path(), "degrees");
    let expected = [
        ("PHLEBOTOMIST", "none", 1),
        ("PHLEBOTOMIST", "high_school", 1),
        ("PHLEBOTOMIST", "certificate", 1),
        ("PHLEBOTOMIST", "associate", 1),
        ("PHLEBOTOMIST", "bachelor", 0),
        ("COLLECTIONS", "high_school", 1), // GED
        ("COLLECTIONS", "associate", 1),
        ("COLLECTIONS", "bachelor", 1),
        ("ACCOUNTANT", "bachelor", 1), // B.S.
        ("ACCOUNTANT", "master", 1),   // MBA outranks the BA
        ("CHEF", "associate", 1),
        ("unknown", "none", 1),
    ];
    for (occupation, level, resumes) in expected {
        let r = row(&degrees, &[("occupation", occupation), ("level", level)]);
        assert_eq!(num(r, "resumes"), resumes as f64, "{occupation} {level}");
    }
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    for r in &degrees {
        *sums.entry(r["occupation"].clone()).or_default() += num(r, "pct");
    }
    assert_eq!(sums.len(), 5);
    for (occupation, sum) in sums {
        assert!(
            (sum - 100.0).abs() < 1e-9,
            "{occupation} degree pcts sum to {sum}"
        );
    }

    let employers = table(out.path(), "employers");
    let collections: Vec<(&str, &str, &str)> = employers
        .iter()
        .filter(|r| r["occupation"] == "COLLECTIONS")
        .map(|r| {
            (
                r["employer"].as_str(),
                r["resumes"].as_str(),
                r["rank"].as_str(),
            )
        })
        .collect();
    // "Northwind Credit Union" and "Northwind Credit Union Inc." are one employer.
    assert_eq!(
        collections,
        [
            ("Northwind Credit Union", "2", "1"),
            ("Contoso Energy", "1", "2"),
            ("Fabrikam Recovery", "1", "3")
        ]
    );
    assert!(employers
        .iter()
        .all(|r| !r["employer"].contains("Company Name")));
}

#[test]
fn manifest_counts_rejects_with_file_and_line() {
    let out = run_samples(&[]);
    let text = std::fs::read_to_string(out.path().join("manifest.json")).expect("manifest");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest is JSON");
    let records = &manifest["records"];
    assert_eq!(records["read"], 13);
    assert_eq!(records["accepted"], 11);
    assert_eq!(records["rejected"], 2);
    assert_eq!(records["rejected_by_reason"]["empty_text"], 1);
    assert_eq!(records["rejected_by_reason"]["malformed_json"], 1);
    let places: Vec<String> = records["rejects"]
        .as_array()
        .expect("rejects")
        .iter()
        .map(|r| format!("{}:{}", r["file"].as_str().unwrap_or_default(), r["line"]))
        .collect();
    assert_eq!(
        places,
        [
            "corpus-samples/samples.csv:15",
            "corpus-samples/samples.jsonl:2"
        ]
    );
    assert_eq!(manifest["inputs"][0]["path"], "corpus-samples");
    assert_eq!(
        manifest["inputs"][0]["sha256"].as_str().map(str::len),
        Some(64)
    );
    assert_eq!(manifest["lexicon_sha256"].as_str().map(str::len), Some(64));
    for key in ["version", "started_at", "finished_at"] {
        assert!(manifest[key].is_string(), "manifest lacks {key}");
    }
}

#[test]
fn reruns_and_thread_counts_give_byte_identical_tables() {
    let first = run_samples(&["--threads", "1"]);
    let second = run_samples(&["--threads", "2"]);
    for name in TABLES {
        for ext in ["csv", "parquet"] {
            let file = format!("{name}.{ext}");
            let a = std::fs::read(first.path().join(&file)).expect("first table");
            let b = std::fs::read(second.path().join(&file)).expect("second table");
            assert!(a == b, "{file} differs between runs");
        }
    }
    for doc in ["phlebotomist", "collections", "accountant", "chef"] {
        let file = format!("occupations/{doc}.json");
        let a = std::fs::read(first.path().join(&file)).expect("first document");
        let b = std::fs::read(second.path().join(&file)).expect("second document");
        assert!(a == b, "{file} differs between runs");
    }
}

#[test]
fn parquet_tables_read_back_like_the_csv() {
    let out = run_samples(&[]);
    for name in TABLES {
        let file =
            std::fs::File::open(out.path().join(format!("{name}.parquet"))).expect("parquet");
        let frame = ParquetReader::new(file).finish().expect("readable parquet");
        let rows = table(out.path(), name);
        assert_eq!(frame.height(), rows.len(), "{name}");
        let columns: Vec<String> = frame
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let mut reader =
            csv::Reader::from_path(out.path().join(format!("{name}.csv"))).expect("csv");
        let mut csv_columns: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        csv_columns.sort();
        let mut sorted = columns.clone();
        sorted.sort();
        assert_eq!(sorted, csv_columns, "{name}");
    }
}

#[test]
fn stdin_jsonl_is_read() {
    let out = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillmine"))
        .args([
            "run",
            "-",
            "--out",
            out.path().to_str().expect("utf-8"),
            "--quiet",
            "--min-count",
            "1",
        ])
        .current_dir(repo())
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    let input = b"{\"id\":\"1\",\"occupation\":\"IT\",\"text\":\"Java and JavaScript\"}\n{\"id\":\"2\",\"occupation\":\"IT\",\"text\":\"JavaScript only\"}\n";
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    assert!(child.wait().expect("wait").success());
    let skills = table(out.path(), "skills");
    assert_eq!(
        row(&skills, &[("occupation", "IT"), ("skill_id", "java")])["resumes"],
        "1"
    );
    assert_eq!(
        row(&skills, &[("occupation", "IT"), ("skill_id", "javascript")])["resumes"],
        "2"
    );
}

#[test]
fn bad_inputs_fail_with_the_file_named() {
    let missing = skillmine(&["run", "no/such/dump.jsonl", "--out", "unused-out"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/dump.jsonl"));

    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("dump.csv");
    std::fs::write(&csv_path, "ID,Body\n1,Venipuncture\n").expect("write csv");
    let out = dir.path().join("out");
    let output = skillmine(&[
        "run",
        csv_path.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("dump.csv: no column \"text\""), "{stderr}");

    let lexicons = dir.path().join("lexicons");
    std::fs::create_dir(&lexicons).expect("mkdir");
    std::fs::write(
        lexicons.join("bad.tsv"),
        "id\tkind\tname\taliases\nx\tskill\tX\tfoo\ny\tskill\tY\tFoo\n",
    )
    .expect("write");
    let output = skillmine(&[
        "run",
        "corpus-samples",
        "--out",
        out.to_str().expect("utf-8"),
        "--lexicons",
        lexicons.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("bad.tsv:3: alias \"foo\" of `y` is already claimed by `x`"),
        "{stderr}"
    );
}

#[test]
fn shipped_lexicons_load_and_name_every_reference_skill() {
    let lexicon = skillmine::lexicon::Lexicon::load_dir(&repo().join("lexicons"))
        .expect("shipped lexicons load");
    assert!(lexicon.len() >= 1500, "only {} entries", lexicon.len());
    // The gold set's reference skills (../shared/gold/reference-skills.txt), by display name.
    let reference = [
        "Physical Exams",
        "Phlebotomy",
        "Customer Service",
        "Vital Signs",
        "Venipuncture",
        "Data Entry",
        "Compassion",
        "Dexterity",
        "Physical Stamina",
        "Detail Oriented",
        "Patient Care",
        "Medical Terminology",
        "Electronic Medical Records",
        "HIPAA",
        "Scheduling",
        "Microsoft Excel",
        "Microsoft Word",
        "Microsoft PowerPoint",
        "Microsoft Office",
        "QuickBooks",
        "Accounts Receivable",
        "Accounts Payable",
        "Payroll",
        "Budgeting",
        "Financial Analysis",
        "Bookkeeping",
        "Auditing",
        "Tax Preparation",
        "Marketing",
        "Social Media",
        "Public Relations",
        "Project Management",
        "Recruiting",
        "Negotiation",
        "Inventory Management",
        "Quality Control",
        "Troubleshooting",
        "Technical Support",
        "SQL",
        "Java",
        "Python",
        "JavaScript",
        "Linux",
        "AutoCAD",
        "Adobe Photoshop",
        "Graphic Design",
        "Web Design",
        "Teaching",
        "Curriculum Development",
        "Cooking",
        "Food Safety",
        "Forklift",
        "Welding",
        "Aircraft Maintenance",
        "Legal Research",
        "Litigation",
        "Communication",
        "Problem Solving",
    ];
    for name in reference {
        assert!(
            lexicon.entries().iter().any(|e| e.name == name),
            "no entry named {name:?}"
        );
    }
    for name in [
        "Certified Phlebotomy Technician",
        "CPT (NHA)",
        "PBT(ASCP)",
        "CPR",
        "BLS",
    ] {
        let found = lexicon.entries().iter().any(|e| {
            e.kind == skillmine::lexicon::Kind::Certification
                && (e.name == name || e.aliases.iter().any(|a| a.text.eq_ignore_ascii_case(name)))
        });
        assert!(found, "no certification {name}");
    }
}

#[test]
fn eval_arithmetic_matches_hand_computed_scores() {
    let output = skillmine(&[
        "eval",
        "--gold",
        "tests/fixtures/gold/gold.jsonl",
        "--data-root",
        "tests/fixtures/gold",
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("one JSON object");
    let close = |path: [&str; 2], expected: f64| {
        let got = report[path[0]][path[1]].as_f64().expect("a number");
        assert!(
            (got - expected).abs() < 1e-9,
            "{path:?}: {got} != {expected}"
        );
    };
    // Worked out by hand from tests/fixtures/gold (see gold.jsonl and the two texts):
    // a: degree right; skills gold {Phlebotomy, Customer Service, Venipuncture} vs
    //    found {Phlebotomy, Customer Service}; certs gold {CPR, BLS} vs found {CPR}.
    // b: degree wrong (master found, doctorate labelled); skills gold {Java} vs found
    //    {Java, Python}; employers gold {Contoso Limited, Fabrikam} vs found {Contoso}.
    close(["highest_degree", "accuracy"], 1.0 / 2.0);
    close(["skills", "precision"], 3.0 / 4.0);
    close(["skills", "recall"], 3.0 / 4.0);
    close(["skills", "f1"], 3.0 / 4.0);
    close(["certifications", "precision"], 1.0);
    close(["certifications", "recall"], 1.0 / 2.0);
    close(["certifications", "f1"], 2.0 / 3.0);
    close(["degrees", "f1"], 1.0);
    close(["employers", "precision"], 1.0);
    close(["employers", "recall"], 1.0 / 2.0);
    assert_eq!(report["employers"]["n"], 1, "employers: null is not scored");
    assert_eq!(report["skills"]["n"], 2);
}

#[test]
fn facts_command_and_emit_facts_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let facts_path = dir.path().join("facts.jsonl");
    let output = skillmine(&[
        "facts",
        "corpus-samples",
        "--out",
        facts_path.to_str().expect("utf-8"),
        "--quiet",
        "--as-of",
        "2025-01",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&facts_path)
        .expect("facts file")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), 11);
    let donor = records
        .iter()
        .find(|r| r["id"] == "PHLEBOTOMIST/donor-center-phlebotomist")
        .expect("the donor-center resume");
    assert_eq!(donor["title"], "Phlebotomist");
    assert_eq!(donor["highest_degree"], "certificate");
    assert_eq!(
        donor["employers"],
        serde_json::json!(["Riverside Blood Center"])
    );
    assert_eq!(
        donor["certifications"],
        serde_json::json!(["Certified Phlebotomy Technician", "CPR", "BLS"])
    );
    // 03/2019 - Current, as of 2025-01: 71 months.
    assert!((donor["years_experience"].as_f64().expect("years") - 5.92).abs() < 1e-9);
    let venipuncture = donor["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .find(|s| s["name"] == "Venipuncture")
        .expect("venipuncture found");
    assert_eq!(venipuncture["section"], "summary");

    let out = run_samples(&["--emit-facts"]);
    let facts = table(out.path(), "facts");
    assert_eq!(facts.len(), 11);
    let row = row(&facts, &[("id", "collections-1")]);
    assert_eq!(row["employers"], "Northwind Credit Union");
    assert_eq!(row["highest_degree"], "bachelor");
}

#[test]
fn explain_shows_sections_and_context() {
    let output = skillmine(&[
        "explain",
        "corpus-samples/PHLEBOTOMIST/hospital-lab-assistant.txt",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("highest degree:   associate"), "{text}");
    assert!(
        text.lines().any(|l| l.contains("Phlebotomy")
            && l.contains("summary")
            && l.contains("[phlebotomy procedures]")),
        "{text}"
    );
    // The statements it offers the responsibilities table, read by hand from the file.
    let responsibilities: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "responsibilities:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect();
    assert_eq!(
        responsibilities,
        [
            "Collected blood samples by venipuncture for inpatients and outpatients.",
            "Entered orders and results; answered phone inquiries from nurses.",
        ]
    );
    let by_id = skillmine(&[
        "explain",
        "corpus-samples/samples.jsonl",
        "--id",
        "collections-2",
    ]);
    assert!(String::from_utf8_lossy(&by_id.stdout).contains("Fabrikam Recovery"));
    let missing = skillmine(&["explain", "corpus-samples/samples.jsonl", "--id", "nope"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn occupation_is_inferred_from_the_title_for_unlabelled_records() {
    let out = run_ok(&[
        "tests/fixtures/unlabelled.jsonl",
        "--onet",
        "tests/fixtures/onet",
        "--emit-facts",
        "--min-count",
        "1",
    ]);
    let occupations = table(out.path(), "occupations");
    let got: Vec<(&str, &str)> = occupations
        .iter()
        .map(|r| (r["occupation"].as_str(), r["resumes"].as_str()))
        .collect();
    // u1 by the singular of an occupation title, u2 by an alternate title after
    // dropping "Senior", u3 by an alternate title; u4 matches nothing; l1 keeps its label.
    assert_eq!(
        got,
        [
            ("Bill and Account Collectors", "1"),
            ("CHEF", "1"),
            ("Phlebotomists", "2"),
            ("unknown", "1")
        ]
    );
    let facts = table(out.path(), "facts");
    assert_eq!(
        row(&facts, &[("id", "u2")])["occupation_code"],
        "43-3011.00"
    );
    assert_eq!(row(&facts, &[("id", "l1")])["occupation_code"], "");
}

#[test]
fn json_resume_and_json_arrays_are_read() {
    let out = run_ok(&["tests/fixtures/json", "--emit-facts", "--min-count", "1"]);
    let facts = table(out.path(), "facts");
    let donor = row(&facts, &[("id", "donor-tech")]);
    assert_eq!(donor["occupation"], "unknown");
    assert_eq!(donor["highest_degree"], "associate");
    assert_eq!(donor["employers"], "Lakeside Blood Bank");
    assert_eq!(donor["certifications"], "BLS");
    assert!(
        donor["skills"].contains("Venipuncture") && donor["skills"].contains("Customer Service")
    );
    assert_eq!(row(&facts, &[("id", "r1")])["skills"], "Skip Tracing");
    // Contact details never reach any table.
    for name in TABLES.iter().chain(["facts"].iter()) {
        let text = std::fs::read_to_string(out.path().join(format!("{name}.csv"))).expect("csv");
        assert!(
            !text.contains("example.com") && !text.contains("Invented"),
            "{name}"
        );
    }
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["records"]["rejected_by_reason"]["empty_text"], 1);
}

#[test]
fn small_cells_are_suppressed() {
    let out = run_ok(&["corpus-samples", "--min-count", "3"]);
    // Occupations with fewer than 3 resumes go whole: ACCOUNTANT (2), CHEF (1), unknown (1).
    let occupations = table(out.path(), "occupations");
    let names: Vec<&str> = occupations
        .iter()
        .map(|r| r["occupation"].as_str())
        .collect();
    assert_eq!(names, ["COLLECTIONS", "PHLEBOTOMIST"]);
    let skills = table(out.path(), "skills");
    for (occupation, id) in [
        ("PHLEBOTOMIST", "venipuncture"),
        ("PHLEBOTOMIST", "phlebotomy"),
        ("COLLECTIONS", "debt_collection"),
    ] {
        row(&skills, &[("occupation", occupation), ("skill_id", id)]);
    }
    assert!(
        skills.iter().all(|r| num(r, "resumes") >= 3.0),
        "a skill row under 3 resumes"
    );
    assert!(!skills
        .iter()
        .any(|r| r["skill_id"] == "skip_tracing" || r["skill_id"] == "customer_service"));
    let certifications = table(out.path(), "certifications");
    assert_eq!(
        certifications
            .iter()
            .map(|r| r["certification_id"].as_str())
            .collect::<Vec<_>>(),
        ["cpr"]
    );
    // Every degree level and employer in these occupations rests on at most 2 resumes;
    // only the zero levels stay (COLLECTIONS: none, certificate, master, doctorate;
    // PHLEBOTOMIST: bachelor, master, doctorate).
    let degrees = table(out.path(), "degrees");
    assert_eq!(degrees.len(), 7);
    assert!(degrees.iter().all(|r| r["resumes"] == "0"));
    assert!(table(out.path(), "employers").is_empty());
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["suppressed"]["min_count"], 3);
    assert_eq!(manifest["suppressed"]["occupations"], 3);
}

#[test]
fn titles_and_experience_match_hand_counts() {
    let out = run_samples(&["--as-of", "2025-01"]);
    let titles = table(out.path(), "titles");
    let phlebotomy: Vec<&str> = titles
        .iter()
        .filter(|r| r["occupation"] == "PHLEBOTOMIST")
        .map(|r| r["title"].as_str())
        .collect();
    // One resume each, so sorted by title.
    assert_eq!(
        phlebotomy,
        [
            "Laboratory Assistant and Phlebotomist",
            "Mobile Collections Technician",
            "Phlebotomist",
            "Trainee Technician"
        ]
    );
    let experience = table(out.path(), "experience");
    let r = row(&experience, &[("occupation", "PHLEBOTOMIST")]);
    // Dated: 03/2019 - Current (as of 2025-01: 71 months) and 06/2021 - 09/2024 (40
    // months); nearest rank of two values: p25 and median are the smaller, p75 the larger.
    assert_eq!(r["resumes_with_dates"], "2");
    assert!((num(r, "median_years") - 40.0 / 12.0).abs() < 1e-9);
    assert!((num(r, "p25") - 40.0 / 12.0).abs() < 1e-9);
    assert!((num(r, "p75") - 71.0 / 12.0).abs() < 1e-9);
}

#[test]
fn salaries_from_a_salary_field() {
    let out = run_ok(&[
        "tests/fixtures/salaries.csv",
        "--occupation-field",
        "Job Title",
        "--text-field",
        "Description",
        "--salary-field",
        "Salary Estimate",
        "--min-count",
        "1",
    ]);
    let salaries = table(out.path(), "salaries");
    assert_eq!(
        salaries.len(),
        1,
        "the -1 row states no salary; Analyst has none"
    );
    let r = row(&salaries, &[("occupation", "Data Scientist")]);
    // $100K-$120K -> 110,000; $90K-$100K -> 95,000; $50-$60 per hour -> 55 x 2080 = 114,400.
    assert_eq!(r["n"], "3");
    let close = |column: &str, expected: f64| {
        assert!(
            (num(r, column) - expected).abs() < 1e-6,
            "{column}: {}",
            r[column]
        );
    };
    close("mean", (110_000.0 + 95_000.0 + 114_400.0) / 3.0);
    close("p10", 95_000.0);
    close("median", 110_000.0);
    close("p90", 114_400.0);
    close("hourly", 110_000.0 / 2080.0);
}

#[test]
fn responsibilities_quotes_and_headlines_on_the_samples() {
    let out = run_samples(&[]);
    // PHLEBOTOMIST's work histories (read by hand): six statements led by a verb, one
    // resume each; "Laboratory Assistant at Mercy Valley Hospital" and the dates are
    // not statements.
    let mut sentences: Vec<String> = table(out.path(), "responsibilities")
        .into_iter()
        .filter(|r| r["occupation"] == "PHLEBOTOMIST")
        .map(|r| {
            assert_eq!(r["support"], "1", "{}", r["sentence"]);
            r["sentence"].clone()
        })
        .collect();
    sentences.sort();
    assert_eq!(
        sentences,
        [
            "Collected blood samples by venipuncture for inpatients and outpatients.",
            "Conducted donor physical exams and health history screening to determine eligibility.",
            "Entered orders and results; answered phone inquiries from nurses.",
            "Greeted patients and kept the waiting room tidy.",
            "Performed venipuncture on 30 or more donors per day using sterile technique.",
            "Set up blood drive sites, screened donors and drew blood.",
        ]
    );
    // Venipuncture is named in all four PHLEBOTOMIST resumes, so the share naming
    // any of the top three is 100 %.
    let headlines = table(out.path(), "headlines");
    let phlebotomist = row(&headlines, &[("occupation", "PHLEBOTOMIST")]);
    assert!(phlebotomist["top3"].starts_with("Venipuncture|"));
    assert_eq!(num(phlebotomist, "pct_any_top3"), 100.0);
    // Every quote is a complete sentence of 40–200 characters that names its skill.
    let quotes = table(out.path(), "skill_quotes");
    assert!(!quotes.is_empty());
    for q in &quotes {
        let quote = &q["quote"];
        assert!((40..=200).contains(&quote.chars().count()), "{quote}");
        assert!(quote.ends_with('.') || quote.ends_with('!'), "{quote}");
        assert!(
            quote.chars().next().is_some_and(char::is_uppercase),
            "{quote}"
        );
    }
    let venipuncture = row(
        &quotes,
        &[("occupation", "PHLEBOTOMIST"), ("skill_id", "venipuncture")],
    );
    assert!(venipuncture["quote"]
        .to_lowercase()
        .contains("venipuncture"));
}

/// Writes a JSONL dump: `n` resumes of each (occupation, skills line) given.
fn write_groups(path: &Path, groups: &[(&str, usize, &str)]) {
    let mut lines = String::new();
    let mut id = 0;
    for (occupation, n, skills) in groups {
        for _ in 0..*n {
            let text = format!(
                "Summary\nDependable worker.\nSkills\n{skills}\nEducation\nBachelor of Science, State University\n"
            );
            let record =
                serde_json::json!({"id": id.to_string(), "occupation": occupation, "text": text});
            lines.push_str(&record.to_string());
            lines.push('\n');
            id += 1;
        }
    }
    std::fs::write(path, lines).expect("write dump");
}

#[test]
fn comparisons_and_the_compare_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = dir.path().join("two.jsonl");
    // NURSE: 20 resumes, all with Phlebotomy and Customer Service; 12 of them also
    // Accounting. CLERK: 20, all with Accounting and Customer Service. TINY: 3.
    write_groups(
        &dump,
        &[
            ("NURSE", 12, "Phlebotomy, Customer Service, Accounting"),
            ("NURSE", 8, "Phlebotomy, Customer Service"),
            ("CLERK", 20, "Accounting, Customer Service"),
            ("TINY", 3, "Phlebotomy"),
        ],
    );
    let out = run_ok(&[dump.to_str().expect("utf-8")]);
    let rows = table(out.path(), "comparisons");
    // One pair (TINY is under --min-count 10), items listed by 10+ resumes on a side.
    assert!(rows
        .iter()
        .all(|r| r["occupation_a"] == "CLERK" && r["occupation_b"] == "NURSE"));
    let phlebotomy = row(&rows, &[("item_id", "phlebotomy")]);
    assert_eq!(
        (num(phlebotomy, "pct_a"), num(phlebotomy, "pct_b")),
        (0.0, 100.0)
    );
    assert_eq!(phlebotomy["significant"], "true");
    let service = row(&rows, &[("item_id", "customer_service")]);
    assert_eq!(service["significant"], "false");
    assert_eq!(num(service, "p_value"), 1.0);
    let accounting = row(&rows, &[("item_id", "accounting")]);
    // 20/20 vs 12/20: expected "no" in each row is 20·8/40 = 4 < 5, so Fisher's test.
    assert_eq!(accounting["test"], "fisher");
    let bachelor = row(&rows, &[("item_id", "bachelor")]);
    assert_eq!(bachelor["item_kind"], "degree");

    let compare = skillmine(&[
        "compare",
        out.path().to_str().expect("utf-8 path"),
        "NURSE",
        "CLERK",
    ]);
    assert!(compare.status.success());
    let printed = String::from_utf8_lossy(&compare.stdout);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines[0],
        "NURSE resumes are more likely to list Phlebotomy: 100.0% vs 0.0% (CLERK), +100.0 points"
    );
    assert!(
        !printed.contains("Customer Service"),
        "not significant: {printed}"
    );
    let reversed = skillmine(&[
        "compare",
        out.path().to_str().expect("utf-8 path"),
        "CLERK",
        "NURSE",
    ]);
    assert!(String::from_utf8_lossy(&reversed.stdout).starts_with(
        "CLERK resumes are less likely to list Phlebotomy: 0.0% vs 100.0% (NURSE), -100.0 points"
    ));
    let missing = skillmine(&[
        "compare",
        out.path().to_str().expect("utf-8 path"),
        "NURSE",
        "TINY",
    ]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no comparison of"));

    // --pairs limits the pairs (and a pair naming a small occupation is skipped).
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(&pairs, "NURSE\tTINY\n").expect("write pairs");
    let limited = run_ok(&[
        dump.to_str().expect("utf-8 path"),
        "--pairs",
        pairs.to_str().expect("utf-8 path"),
    ]);
    assert!(table(limited.path(), "comparisons").is_empty());
}

#[test]
fn occupation_documents_hold_the_published_tables() {
    let out = run_samples(&[]);
    let documents: Vec<String> = std::fs::read_dir(out.path().join("occupations"))
        .expect("documents")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    // One per labelled occupation; unlabelled records get no page.
    assert_eq!(
        documents,
        [
            "accountant.json",
            "chef.json",
            "collections.json",
            "phlebotomist.json"
        ]
    );
    let text = std::fs::read_to_string(out.path().join("occupations/phlebotomist.json"))
        .expect("document");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["occupation"], "PHLEBOTOMIST");
    assert_eq!(doc["resumes"], 4);
    let skills = table(out.path(), "skills");
    let expected: Vec<&str> = skills
        .iter()
        .filter(|r| r["occupation"] == "PHLEBOTOMIST" && r["kind"] == "skill")
        .map(|r| r["skill_id"].as_str())
        .collect();
    let got: Vec<&str> = doc["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(got, expected);
    for key in [
        "headline",
        "soft_skills",
        "certifications",
        "degrees",
        "employers",
        "titles",
        "experience",
        "salary",
        "responsibilities",
        "skill_quotes",
        "comparisons",
    ] {
        assert!(doc.get(key).is_some(), "document lacks {key}");
    }
    assert_eq!(doc["responsibilities"].as_array().map(Vec::len), Some(6));
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["documents"], 4);
}

#[test]
fn sharded_runs_merge_into_the_single_run_byte_for_byte() {
    let single = run_samples(&[]);
    for n in [1, 3, 7] {
        let parts: Vec<tempfile::TempDir> = (0..n)
            .map(|i| run_samples(&["--shard", &format!("{i}/{n}")]))
            .collect();
        for part in &parts {
            assert!(part.path().join("partial.parquet").is_file());
            assert!(
                !part.path().join("skills.csv").exists(),
                "a shard publishes nothing"
            );
        }
        let merged = tempfile::tempdir().expect("temp dir");
        let mut args = vec!["merge", "--quiet", "--min-count", "1", "--out"];
        args.push(merged.path().to_str().expect("utf-8 path"));
        // Shards given in reverse order: the order does not matter.
        let dirs: Vec<&str> = parts
            .iter()
            .rev()
            .map(|p| p.path().to_str().expect("utf-8 path"))
            .collect();
        args.extend(&dirs);
        let output = skillmine(&args);
        assert!(
            output.status.success(),
            "merge failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for name in TABLES {
            let file = format!("{name}.csv");
            let a = std::fs::read(single.path().join(&file)).expect("single table");
            let b = std::fs::read(merged.path().join(&file)).expect("merged table");
            assert!(a == b, "{file} differs with {n} shards");
        }
        for doc in ["phlebotomist", "collections", "accountant", "chef"] {
            let file = format!("occupations/{doc}.json");
            let a = std::fs::read(single.path().join(&file)).expect("single document");
            let b = std::fs::read(merged.path().join(&file)).expect("merged document");
            assert!(a == b, "{file} differs with {n} shards");
        }
        let manifest = |dir: &Path| -> serde_json::Value {
            serde_json::from_str(
                &std::fs::read_to_string(dir.join("manifest.json")).expect("manifest"),
            )
            .expect("json")
        };
        assert_eq!(
            manifest(single.path())["records"],
            manifest(merged.path())["records"],
            "records, rejects included, with {n} shards"
        );
    }
}

#[test]
fn merge_refuses_missing_or_repeated_shards() {
    let parts: Vec<tempfile::TempDir> = (0..3)
        .map(|i| run_samples(&["--shard", &format!("{i}/3")]))
        .collect();
    let out = tempfile::tempdir().expect("temp dir");
    let path = |i: usize| parts[i].path().to_str().expect("utf-8 path");
    let out_path = out.path().to_str().expect("utf-8 path");
    let missing = skillmine(&["merge", "--out", out_path, path(0), path(2)]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("missing shards: 1/3"));
    let repeated = skillmine(&["merge", "--out", out_path, path(0), path(1), path(1)]);
    assert!(!repeated.status.success());
    assert!(String::from_utf8_lossy(&repeated.stderr).contains("repeats"));
    let bad = skillmine(&["run", "corpus-samples", "--shard", "3/3", "--out", out_path]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("0 <= I < N"));
}
