//! CSV with a header row (RFC 4180: quoted multi-line fields, CRLF). Columns are named
//! by [`FieldNames`]; without an id column the id is the 0-based data row number.

use std::io::BufRead;

use super::{make_record, FieldNames, Record, RejectReason};
use crate::error::{Error, Result};

pub(super) fn read(
    mut reader: impl BufRead,
    file: &str,
    fields: &FieldNames,
    sink: &mut dyn FnMut(Record),
) -> Result<()> {
    // csv stops a record at the `\r` of a CRLF and counts the `\n` with the next
    // record, so its line numbers run one behind in CRLF files.
    let lag = u64::from(first_line_ends_in_crlf(&mut reader));
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let input_error = |message: String| Error::Input {
        path: file.into(),
        message,
    };
    let header = csv
        .byte_headers()
        .map_err(|e| input_error(format!("reading the header: {e}")))?
        .clone();
    let column = |name: &str| {
        header.iter().position(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .trim()
                == name
        })
    };
    let text_col = column(&fields.text).ok_or_else(|| {
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        input_error(format!(
            "no column {:?} (choose one with --text-field); columns: {}",
            fields.text,
            names.join(", ")
        ))
    })?;
    let id_col = column(&fields.id);
    let occupation_col = column(&fields.occupation);
    let salary_col = fields.salary.as_deref().and_then(column);
    let mut row = csv::ByteRecord::new();
    let mut data_row = 0u64;
    loop {
        let line = csv.position().line() + lag;
        match csv.read_byte_record(&mut row) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = row.position().map_or(line, |p| p.line() + lag);
                let record =
                    decode_row(&row, file, line, data_row, text_col, id_col, occupation_col);
                let salary = salary_col
                    .and_then(|c| row.get(c))
                    .and_then(|s| std::str::from_utf8(s).ok());
                sink(super::with_salary(record, salary));
            }
            Err(e) if e.is_io_error() => return Err(input_error(e.to_string())),
            Err(e) => sink(Record::reject(
                file,
                line,
                RejectReason::MalformedCsv,
                e.to_string(),
            )),
        }
        data_row += 1;
    }
}

fn first_line_ends_in_crlf(reader: &mut impl BufRead) -> bool {
    let head = reader.fill_buf().unwrap_or_default();
    head.iter()
        .position(|&b| b == b'\n')
        .is_some_and(|at| at > 0 && head[at - 1] == b'\r')
}

fn decode_row(
    row: &csv::ByteRecord,
    file: &str,
    line: u64,
    data_row: u64,
    text_col: usize,
    id_col: Option<usize>,
    occupation_col: Option<usize>,
) -> Record {
    let reject = |reason, detail: String| Record::reject(file, line, reason, detail);
    let field = |col: usize| row.get(col).map(std::str::from_utf8);
    let text = match field(text_col) {
        Some(Ok(text)) => text.to_string(),
        Some(Err(e)) => return reject(RejectReason::InvalidUtf8, e.to_string()),
        None => {
            return reject(
                RejectReason::MalformedCsv,
                format!(
                    "row has {} fields, the text is column {}",
                    row.len(),
                    text_col + 1
                ),
            )
        }
    };
    let id = match id_col.and_then(field) {
        Some(Ok(id)) if !id.trim().is_empty() => id.trim().to_string(),
        _ => data_row.to_string(),
    };
    let occupation = occupation_col.and_then(field).and_then(|o| o.ok());
    make_record(file, line, id, occupation, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_right_for_lf_and_crlf() {
        for newline in ["\n", "\r\n"] {
            let input = ["id,text", "a,\"two", "lines\"", "b,", "c,ok"].join(newline);
            let records = read_all(input.as_bytes(), &FieldNames::default()).expect("read");
            let lines: Vec<String> = records
                .iter()
                .map(|r| match r {
                    Record::Resume(r) => r.origin.clone(),
                    Record::Reject(r) => format!("{}:{}", r.file, r.line),
                    Record::JsonLine(_) => unreachable!("CSV records are parsed as read"),
                })
                .collect();
            assert_eq!(
                lines,
                ["d.csv:2", "d.csv:4", "d.csv:5"],
                "newline {newline:?}"
            );
        }
    }

    fn read_all(text: &[u8], fields: &FieldNames) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        read(text, "d.csv", fields, &mut |r| out.push(r))?;
        Ok(out)
    }

    fn fields(id: &str, occupation: &str, text: &str) -> FieldNames {
        FieldNames {
            id: id.into(),
            occupation: occupation.into(),
            text: text.into(),
            salary: None,
        }
    }

    #[test]
    fn quoted_multiline_crlf_rows() {
        let input = b"ID,Category,Resume_str\r\n1,HR,\"line one\r\nline \"\"two\"\"\"\r\n2,CHEF,\r\n3,CHEF,\"bad \xff\"\r\n4,HR\r\n5,HR,ok\r\n";
        let records = read_all(input, &fields("ID", "Category", "Resume_str")).expect("read");
        let summary: Vec<String> = records
            .iter()
            .map(|r| match r {
                Record::Resume(r) => {
                    format!("ok {} {} {:?} {}", r.id, r.occupation, r.text, r.origin)
                }
                Record::Reject(r) => format!("reject {} {}", r.line, r.reason),
                Record::JsonLine(_) => unreachable!("CSV records are parsed as read"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "ok 1 HR \"line one\\r\\nline \\\"two\\\"\" d.csv:2",
                "reject 4 empty_text",
                "reject 5 invalid_utf8",
                "reject 6 malformed_csv",
                "ok 5 HR \"ok\" d.csv:7",
            ]
        );
    }

    #[test]
    fn row_number_is_the_id_without_an_id_column() {
        let input = b"Category,Resume\nA,first\nB,second\n";
        let records = read_all(input, &fields("id", "Category", "Resume")).expect("read");
        let ids: Vec<&str> = records
            .iter()
            .filter_map(|r| match r {
                Record::Resume(r) => Some(r.id.as_str()),
                Record::Reject(_) | Record::JsonLine(_) => None,
            })
            .collect();
        assert_eq!(ids, ["0", "1"]);
    }

    #[test]
    fn missing_text_column_is_an_error_naming_the_file() {
        let err = read_all(b"a,b\n1,2\n", &FieldNames::default()).expect_err("no text column");
        let text = err.to_string();
        assert!(text.starts_with("d.csv: no column \"text\""), "{text}");
    }
}
