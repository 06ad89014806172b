//! [`Tables`] → files: each table as `NAME.parquet` and `NAME.csv` (built and written
//! with polars), plus `manifest.json`. Every file is written beside its final name and
//! renamed into place, so a reader never sees half a table.

pub mod documents;
pub mod manifest;
pub mod partial;

use rayon::prelude::*;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::aggregate::{
    ComparisonRow, DegreeRow, EntryRow, ExperienceRow, HeadlineRow, NameRow, OccupationRow,
    ResponsibilityRow, SalaryRow, SkillQuoteRow, Tables,
};
use crate::error::{Error, Result};
use crate::facts::FactsRecord;

pub use manifest::Manifest;

/// The table of differences between occupations: the biggest, written last.
pub const COMPARISONS: &str = "comparisons";

/// Builds one table's frame from the aggregated tables.
type FrameOf = fn(&Tables) -> PolarsResult<DataFrame>;

/// Every table, by name, in the order they are written.
const TABLES: [(&str, FrameOf); 12] = [
    ("occupations", |t| occupations_frame(&t.occupations)),
    ("skills", |t| entries_frame(&t.skills, "skill")),
    ("certifications", |t| {
        entries_frame(&t.certifications, "certification")
    }),
    ("degrees", |t| degrees_frame(&t.degrees)),
    ("employers", |t| names_frame(&t.employers, "employer")),
    ("titles", |t| names_frame(&t.titles, "title")),
    ("experience", |t| experience_frame(&t.experience)),
    ("salaries", |t| salaries_frame(&t.salaries)),
    ("responsibilities", |t| {
        responsibilities_frame(&t.responsibilities)
    }),
    ("skill_quotes", |t| skill_quotes_frame(&t.skill_quotes)),
    ("headlines", |t| headlines_frame(&t.headlines)),
    (COMPARISONS, |t| comparisons_frame(&t.comparisons)),
];

/// Names of the tables, in the order they are written.
pub const TABLE_NAMES: [&str; TABLES.len()] = {
    let mut names = [""; TABLES.len()];
    let mut i = 0;
    while i < TABLES.len() {
        names[i] = TABLES[i].0;
        i += 1;
    }
    names
};

/// The tables of a `--only skills` run: what the skill counts alone support.
pub const SKILLS_TABLE_NAMES: [&str; 5] = [
    "occupations",
    "skills",
    "certifications",
    "headlines",
    COMPARISONS,
];

/// Writes the tables named in `names` into `out_dir` (created if missing); returns
/// the files written.
pub fn write_tables(out_dir: &Path, tables: &Tables, names: &[&str]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    // Each named table built and written on its own worker of the caller's rayon
    // pool; paths in table order.
    let named: Vec<(&str, FrameOf)> = TABLES
        .into_iter()
        .filter(|(name, _)| names.contains(name))
        .collect();
    let written: Vec<[PathBuf; 2]> = named
        .into_par_iter()
        .map(|(name, frame_of)| {
            let mut frame = frame_of(tables).map_err(|e| write_error(name, e))?;
            // Both files side by side (the frame's columns are shared, not copied).
            let mut copy = frame.clone();
            let (parquet, csv) = rayon::join(
                || write_frame(out_dir, name, "parquet", &mut frame),
                || write_frame(out_dir, name, "csv", &mut copy),
            );
            Ok([parquet?, csv?])
        })
        .collect::<Result<_>>()?;
    Ok(written.into_iter().flatten().collect())
}

fn write_error(table: &str, error: impl std::fmt::Display) -> Error {
    Error::Write {
        table: table.to_string(),
        message: error.to_string(),
    }
}

fn write_frame(out_dir: &Path, name: &str, ext: &str, frame: &mut DataFrame) -> Result<PathBuf> {
    let path = out_dir.join(format!("{name}.{ext}"));
    publish(&path, |writer| {
        let result = match ext {
            "parquet" => ParquetWriter::new(writer).finish(frame).map(|_| ()),
            _ => CsvWriter::new(writer).include_header(true).finish(frame),
        };
        result.map_err(|e| write_error(name, e))
    })?;
    Ok(path)
}

/// Writes through `fill` into a temporary file beside `path`, then renames it over
/// `path`.
pub fn publish(path: &Path, fill: impl FnOnce(&mut BufWriter<File>) -> Result<()>) -> Result<()> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.tmp"));
    let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let mut writer = BufWriter::new(file);
    fill(&mut writer)?;
    writer.flush().map_err(|e| Error::io(&tmp, e))?;
    drop(writer);
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

fn occupations_frame(rows: &[OccupationRow]) -> PolarsResult<DataFrame> {
    DataFrame::new_infer_height(vec![
        text_column("occupation", rows, |r| &r.occupation),
        Column::new(
            "resumes".into(),
            rows.iter().map(|r| r.resumes).collect::<Vec<u64>>(),
        ),
    ])
}

/// `skills` (label "skill") or `certifications` (label "certification").
fn entries_frame(rows: &[EntryRow], label: &str) -> PolarsResult<DataFrame> {
    let mut columns = vec![
        text_column("occupation", rows, |r| &r.occupation),
        text_column(&format!("{label}_id"), rows, |r| &r.id),
        text_column(label, rows, |r| &r.name),
    ];
    if label == "skill" {
        let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
        columns.push(Column::new("kind".into(), kinds));
    }
    columns.extend([
        Column::new(
            "resumes".into(),
            rows.iter().map(|r| r.resumes).collect::<Vec<u64>>(),
        ),
        Column::new(
            "pct".into(),
            rows.iter().map(|r| r.pct).collect::<Vec<f64>>(),
        ),
        Column::new(
            "rank".into(),
            rows.iter().map(|r| r.rank).collect::<Vec<u32>>(),
        ),
    ]);
    DataFrame::new(rows.len(), columns)
}

fn degrees_frame(rows: &[DegreeRow]) -> PolarsResult<DataFrame> {
    let levels: Vec<&str> = rows.iter().map(|r| r.level.as_str()).collect();
    DataFrame::new(
        rows.len(),
        vec![
            text_column("occupation", rows, |r| &r.occupation),
            Column::new("level".into(), levels),
            Column::new(
                "resumes".into(),
                rows.iter().map(|r| r.resumes).collect::<Vec<u64>>(),
            ),
            Column::new(
                "pct".into(),
                rows.iter().map(|r| r.pct).collect::<Vec<f64>>(),
            ),
        ],
    )
}

/// `employers` (label "employer") or `titles` (label "title").
fn names_frame(rows: &[NameRow], label: &str) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            text_column("occupation", rows, |r| &r.occupation),
            text_column(label, rows, |r| &r.name),
            Column::new(
                "resumes".into(),
                rows.iter().map(|r| r.resumes).collect::<Vec<u64>>(),
            ),
            Column::new(
                "rank".into(),
                rows.iter().map(|r| r.rank).collect::<Vec<u32>>(),
            ),
        ],
    )
}

fn experience_frame(rows: &[ExperienceRow]) -> PolarsResult<DataFrame> {
    let float = |get: fn(&ExperienceRow) -> f64| rows.iter().map(get).collect::<Vec<f64>>();
    DataFrame::new(
        rows.len(),
        vec![
            text_column("occupation", rows, |r| &r.occupation),
            Column::new(
                "resumes_with_dates".into(),
                rows.iter()
                    .map(|r| r.resumes_with_dates)
                    .collect::<Vec<u64>>(),
            ),
            Column::new("median_years".into(), float(|r| r.median_years)),
            Column::new("p25".into(), float(|r| r.p25)),
            Column::new("p75".into(), float(|r| r.p75)),
        ],
    )
}

fn salaries_frame(rows: &[SalaryRow]) -> PolarsResult<DataFrame> {
    let float = |get: fn(&SalaryRow) -> f64| rows.iter().map(get).collect::<Vec<f64>>();
    DataFrame::new(
        rows.len(),
        vec![
            text_column("occupation", rows, |r| &r.occupation),
            Column::new("n".into(), rows.iter().map(|r| r.n).collect::<Vec<u64>>()),
            Column::new("mean".into(), float(|r| r.mean)),
            Column::new("p10".into(), float(|r| r.p10)),
            Column::new("median".into(), float(|r| r.median)),
            Column::new("p90".into(), float(|r| r.p90)),
            Column::new("hourly".into(), float(|r| r.hourly)),
        ],
    )
}

/// `responsibilities`; `skills` holds the lexicon ids the sentence names, joined with
/// `|`.
fn responsibilities_frame(rows: &[ResponsibilityRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            text_column("occupation", rows, |r| &r.occupation),
            Column::new(
                "rank".into(),
                rows.iter().map(|r| r.rank).collect::<Vec<u32>>(),
            ),
            text_column("sentence", rows, |r| &r.sentence),
            Column::new(
                "support".into(),
                rows.iter().map(|r| r.support).collect::<Vec<u64>>(),
            ),
            Column::new(
                "skills".into(),
                rows.iter()
                    .map(|r| r.skills.join("|"))
                    .collect::<Vec<String>>(),
            ),
        ],
    )
}

fn skill_quotes_frame(rows: &[SkillQuoteRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            text_column("occupation", rows, |r| &r.occupation),
            text_column("skill_id", rows, |r| &r.skill_id),
            text_column("skill", rows, |r| &r.skill),
            Column::new(
                "kind".into(),
                rows.iter().map(|r| r.kind.as_str()).collect::<Vec<&str>>(),
            ),
            text_column("quote", rows, |r| &r.quote),
        ],
    )
}

/// `headlines`; `top3` holds the skill names joined with `|`.
fn headlines_frame(rows: &[HeadlineRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            text_column("occupation", rows, |r| &r.occupation),
            Column::new(
                "resumes".into(),
                rows.iter().map(|r| r.resumes).collect::<Vec<u64>>(),
            ),
            Column::new(
                "top3".into(),
                rows.iter()
                    .map(|r| r.top3.join("|"))
                    .collect::<Vec<String>>(),
            ),
            Column::new(
                "pct_any_top3".into(),
                rows.iter().map(|r| r.pct_any_top3).collect::<Vec<f64>>(),
            ),
            text_column("sentence", rows, |r| &r.sentence),
        ],
    )
}

fn comparisons_frame(rows: &[ComparisonRow]) -> PolarsResult<DataFrame> {
    let float = |name: &str, get: fn(&ComparisonRow) -> f64| {
        Column::new(name.into(), rows.iter().map(get).collect::<Vec<f64>>())
    };
    let count = |name: &str, get: fn(&ComparisonRow) -> u64| {
        Column::new(name.into(), rows.iter().map(get).collect::<Vec<u64>>())
    };
    // The biggest table: its columns built side by side.
    type Build<'r> = Box<dyn Fn() -> Column + Send + Sync + 'r>;
    let columns: Vec<Build<'_>> = vec![
        Box::new(|| text_column("occupation_a", rows, |r| &r.occupation_a)),
        Box::new(|| text_column("occupation_b", rows, |r| &r.occupation_b)),
        Box::new(|| text_column("item_kind", rows, |r| &r.item_kind)),
        Box::new(|| text_column("item_id", rows, |r| &r.item_id)),
        Box::new(|| text_column("item", rows, |r| &r.item)),
        Box::new(|| count("resumes_a", |r| r.resumes_a)),
        Box::new(|| count("resumes_b", |r| r.resumes_b)),
        Box::new(|| float("pct_a", |r| r.pct_a)),
        Box::new(|| float("pct_b", |r| r.pct_b)),
        Box::new(|| float("diff_pp", |r| r.diff_pp)),
        Box::new(|| float("p_value", |r| r.p_value)),
        Box::new(|| float("q_value", |r| r.q_value)),
        Box::new(|| text_column("test", rows, |r| &r.test)),
        Box::new(|| {
            Column::new(
                "significant".into(),
                rows.iter().map(|r| r.significant).collect::<Vec<bool>>(),
            )
        }),
    ];
    DataFrame::new(
        rows.len(),
        columns.into_par_iter().map(|build| build()).collect(),
    )
}

fn text_column<R>(name: &str, rows: &[R], get: impl Fn(&R) -> &str) -> Column {
    let values: Vec<&str> = rows.iter().map(get).collect();
    Column::new(name.into(), values)
}

/// Writes the per-resume `facts` table (lists joined with `|`), sorted by occupation
/// and id.
pub fn write_facts_table(out_dir: &Path, mut rows: Vec<FactsRecord>) -> Result<Vec<PathBuf>> {
    rows.sort_by(|a, b| {
        a.occupation
            .cmp(&b.occupation)
            .then_with(|| a.id.cmp(&b.id))
    });
    let join = |items: Vec<&str>| items.join("|");
    let title: Vec<Option<&str>> = rows.iter().map(|r| r.title.as_deref()).collect();
    let lists: [(&str, Vec<String>); 5] = [
        (
            "degrees",
            rows.iter().map(|r| join(r.degrees.clone())).collect(),
        ),
        (
            "certifications",
            rows.iter()
                .map(|r| join(r.certifications.iter().map(String::as_str).collect()))
                .collect(),
        ),
        (
            "employers",
            rows.iter()
                .map(|r| join(r.employers.iter().map(String::as_str).collect()))
                .collect(),
        ),
        (
            "skills",
            rows.iter()
                .map(|r| join(r.skills.iter().map(|s| s.name.as_str()).collect()))
                .collect(),
        ),
        (
            "job_titles",
            rows.iter()
                .map(|r| join(r.job_titles.iter().map(String::as_str).collect()))
                .collect(),
        ),
    ];
    let mut columns = vec![
        text_column("id", &rows, |r| &r.id),
        text_column("occupation", &rows, |r| &r.occupation),
        Column::new(
            "occupation_code".into(),
            rows.iter()
                .map(|r| r.occupation_code.as_deref())
                .collect::<Vec<Option<&str>>>(),
        ),
        Column::new("title".into(), title),
        Column::new(
            "highest_degree".into(),
            rows.iter().map(|r| r.highest_degree).collect::<Vec<&str>>(),
        ),
    ];
    for (name, values) in lists {
        columns.push(Column::new(name.into(), values));
    }
    columns.push(Column::new(
        "years_experience".into(),
        rows.iter()
            .map(|r| r.years_experience)
            .collect::<Vec<Option<f64>>>(),
    ));
    let mut frame = DataFrame::new(rows.len(), columns).map_err(|e| write_error("facts", e))?;
    Ok(vec![
        write_frame(out_dir, "facts", "parquet", &mut frame)?,
        write_frame(out_dir, "facts", "csv", &mut frame)?,
    ])
}
