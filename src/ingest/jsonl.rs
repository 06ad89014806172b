//! JSONL: one JSON object a line, fields named by [`FieldNames`].

use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::{make_record, with_salary, FieldNames, Record, RejectReason};
use crate::error::{Error, Result};

/// Splits a JSONL stream into lines; each non-blank one goes to `sink` unparsed, as a
/// [`Record::JsonLine`], so that parsing happens where the records are extracted
/// (in parallel) rather than on the reading thread.
pub(super) fn read(
    mut reader: impl BufRead,
    file: &str,
    sink: &mut dyn FnMut(Record),
) -> Result<()> {
    let file: Arc<str> = Arc::from(file);
    let mut line = 0u64;
    loop {
        let mut bytes = Vec::new();
        let n = reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| Error::io(&*file, e))?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        if !bytes.trim_ascii().is_empty() {
            sink(Record::JsonLine(JsonLine {
                file: file.clone(),
                line,
                bytes,
            }));
        }
    }
}

/// One line of a JSONL input, not parsed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLine {
    pub file: Arc<str>,
    pub line: u64,
    pub bytes: Vec<u8>,
}

impl JsonLine {
    /// The record on this line; `None` for a line of white space only.
    pub fn parse(self, fields: &FieldNames) -> Option<Record> {
        let (file, line_no) = (&*self.file, self.line);
        let reject = |reason, detail: String| Record::reject(file, line_no, reason, detail);
        let line = match std::str::from_utf8(&self.bytes) {
            Ok(line) => line.trim(),
            Err(e) => return Some(reject(RejectReason::InvalidUtf8, e.to_string())),
        };
        if line.is_empty() {
            return None;
        }
        let mut deserializer = serde_json::Deserializer::from_str(line);
        let picked = Wanted { fields }
            .deserialize(&mut deserializer)
            .and_then(|picked| deserializer.end().map(|()| picked));
        Some(match picked {
            Ok(picked) => picked.into_record(file, line_no, fields),
            Err(e) if e.is_data() => {
                reject(RejectReason::MalformedJson, "not a JSON object".into())
            }
            Err(e) => reject(RejectReason::MalformedJson, e.to_string()),
        })
    }
}

/// The record of an object already parsed (an array item of a `.json` file).
pub(super) fn parse_object(
    object: &serde_json::Map<String, Value>,
    file: &str,
    line: u64,
    fields: &FieldNames,
) -> Record {
    let field = |name: &str| object.get(name).cloned();
    let picked = Picked {
        id: field(&fields.id),
        occupation: field(&fields.occupation),
        text: field(&fields.text),
        salary: fields.salary.as_deref().and_then(field),
    };
    picked.into_record(file, line, fields)
}

/// The fields of a JSONL object a record needs, each as its JSON value; every other
/// field is skipped without being built.
#[derive(Default)]
struct Picked {
    id: Option<Value>,
    occupation: Option<Value>,
    text: Option<Value>,
    salary: Option<Value>,
}

impl Picked {
    fn into_record(self, file: &str, line: u64, fields: &FieldNames) -> Record {
        let text = match self.text {
            Some(Value::String(text)) => text,
            _ => {
                return Record::reject(
                    file,
                    line,
                    RejectReason::MissingText,
                    format!("no string field {:?}", fields.text),
                )
            }
        };
        let id = match self.id {
            Some(Value::String(id)) => id,
            Some(Value::Number(id)) => id.to_string(),
            _ => line.to_string(),
        };
        let occupation = self.occupation.as_ref().and_then(Value::as_str);
        let salary = match self.salary {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        with_salary(
            make_record(file, line, id, occupation, text),
            salary.as_deref(),
        )
    }
}

/// Deserialises a JSON object into [`Picked`], by the field names.
struct Wanted<'f> {
    fields: &'f FieldNames,
}

impl<'de> DeserializeSeed<'de> for Wanted<'_> {
    type Value = Picked;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Picked, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Wanted<'_> {
    type Value = Picked;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Picked, A::Error> {
        let mut picked = Picked::default();
        while let Some(field) = map.next_key_seed(FieldOf {
            fields: self.fields,
        })? {
            if field == 0 {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let mut value = Some(map.next_value::<Value>()?);
            let slots = [
                (ID, &mut picked.id),
                (OCCUPATION, &mut picked.occupation),
                (TEXT, &mut picked.text),
                (SALARY, &mut picked.salary),
            ];
            // Moved into the last slot that wants it, copied into any before.
            for (bit, slot) in slots {
                if field & bit != 0 {
                    let later = field & !(bit | (bit - 1));
                    *slot = if later == 0 {
                        value.take()
                    } else {
                        value.clone()
                    };
                }
            }
        }
        Ok(picked)
    }
}

/// Which wanted fields a key names (a key may serve several).
const ID: u8 = 1;
const OCCUPATION: u8 = 2;
const TEXT: u8 = 4;
const SALARY: u8 = 8;

/// Reads an object key into its wanted-field bits without keeping it.
struct FieldOf<'f> {
    fields: &'f FieldNames,
}

impl<'de> DeserializeSeed<'de> for FieldOf<'_> {
    type Value = u8;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<u8, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FieldOf<'_> {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> std::result::Result<u8, E> {
        let fields = self.fields;
        let named = [
            (ID, key == fields.id),
            (OCCUPATION, key == fields.occupation),
            (TEXT, key == fields.text),
            (SALARY, fields.salary.as_deref() == Some(key)),
        ];
        Ok(named
            .iter()
            .filter(|(_, hit)| *hit)
            .fold(0, |bits, (bit, _)| bits | bit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8]) -> Vec<Record> {
        let mut out = Vec::new();
        read(text, "d.jsonl", &mut |r| out.push(r)).expect("read");
        out.into_iter()
            .filter_map(|r| r.resolve(&FieldNames::default()))
            .collect()
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
                Record::JsonLine(_) => unreachable!("resolved"),
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

    #[test]
    fn wanted_fields_are_picked_and_the_rest_skipped() {
        let fields = FieldNames {
            id: "key".into(),
            occupation: "job".into(),
            text: "body".into(),
            salary: Some("pay".into()),
        };
        let input = br#"{"meta":{"text":"not this","list":[1,{"body":"nor this"}]},"body":"Kept \"text\"","key":12,"job":"NURSE","pay":52000}
{"body":"x","key":"k","job":"NURSE"} trailing
{"key":"same","job":"key","body":"y"}
"#;
        let mut out = Vec::new();
        read(&input[..], "f.jsonl", &mut |r| out.push(r)).expect("read");
        let records: Vec<Record> = out.into_iter().filter_map(|r| r.resolve(&fields)).collect();
        match &records[0] {
            Record::Resume(r) => {
                assert_eq!(
                    (r.id.as_str(), r.occupation.as_str(), r.text.as_str()),
                    ("12", "NURSE", "Kept \"text\"")
                );
                assert_eq!(r.salary.as_deref(), Some("52000"));
            }
            other => panic!("expected a resume, got {other:?}"),
        }
        assert!(
            matches!(&records[1], Record::Reject(r) if r.reason == RejectReason::MalformedJson && r.line == 2)
        );
        assert!(
            matches!(&records[2], Record::Resume(r) if r.id == "same" && r.occupation == "key")
        );
    }

    #[test]
    fn one_key_can_serve_two_fields() {
        let fields = FieldNames {
            id: "text".into(),
            ..FieldNames::default()
        };
        let line = JsonLine {
            file: Arc::from("f.jsonl"),
            line: 1,
            bytes: br#"{"text":"Same value"}"#.to_vec(),
        };
        match line.parse(&fields) {
            Some(Record::Resume(r)) => assert_eq!(
                (r.id.as_str(), r.text.as_str()),
                ("Same value", "Same value")
            ),
            other => panic!("expected a resume, got {other:?}"),
        }
    }
}
