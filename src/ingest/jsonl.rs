//! JSONL: one JSON object a line, fields named by [`FieldNames`].

use std::io::BufRead;

use serde_json::Value;

use super::{make_record, with_salary, FieldNames, Record, RejectReason};
use crate::error::{Error, Result};

pub(super) fn read(
    mut reader: impl BufRead,
    file: &str,
    fields: &FieldNames,
    sink: &mut dyn FnMut(Record),
) -> Result<()> {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(file, e))?;
        if n == 0 {
            return Ok(());
        }
        line_no += 1;
        let reject = |reason, detail: String| Record::reject(file, line_no, reason, detail);
        let line = match std::str::from_utf8(&buf) {
            Ok(line) => line.trim(),
            Err(e) => {
                sink(reject(RejectReason::InvalidUtf8, e.to_string()));
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        let record = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => parse_object(&object, file, line_no, fields),
            Ok(_) => reject(RejectReason::MalformedJson, "not a JSON object".into()),
            Err(e) => reject(RejectReason::MalformedJson, e.to_string()),
        };
        sink(record);
    }
}

pub(super) fn parse_object(
    object: &serde_json::Map<String, Value>,
    file: &str,
    line: u64,
    fields: &FieldNames,
) -> Record {
    let text = match object.get(&fields.text) {
        Some(Value::String(text)) => text.clone(),
        _ => {
            return Record::reject(
                file,
                line,
                RejectReason::MissingText,
                format!("no string field {:?}", fields.text),
            )
        }
    };
    let id = match object.get(&fields.id) {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        _ => line.to_string(),
    };
    let occupation = object.get(&fields.occupation).and_then(Value::as_str);
    let salary = fields.salary.as_ref().and_then(|f| match object.get(f) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    });
    with_salary(
        make_record(file, line, id, occupation, text),
        salary.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8]) -> Vec<Record> {
        let mut out = Vec::new();
        read(text, "d.jsonl", &FieldNames::default(), &mut |r| {
            out.push(r)
        })
        .expect("read");
        out
    }

    #[test]
    fn good_and_bad_lines() {
        let input = b"{\"id\":\"a\",\"occupation\":\"CHEF\",\"text\":\"Cooking\"}\n\
            {broken\n\
            \n\
            {\"id\":7,\"text\":\"Payroll\"}\n\
            {\"id\":\"e\",\"text\":\"  \"}\n\
            [1,2]\n\
            {\"id\":\"x\",\"occupation\":\"HR\"}\n\
            {\"text\":\"bad \xff byte\"}\n";
        let records = read_all(input);
        let summary: Vec<String> = records
            .iter()
            .map(|r| match r {
                Record::Resume(r) => format!("ok {} {} {}", r.id, r.occupation, r.origin),
                Record::Reject(r) => format!("reject {} {}", r.line, r.reason),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "ok a CHEF d.jsonl:1",
                "reject 2 malformed_json",
                "ok 7 unknown d.jsonl:4",
                "reject 5 empty_text",
                "reject 6 malformed_json",
                "reject 7 missing_text",
                "reject 8 invalid_utf8",
            ]
        );
    }
}
