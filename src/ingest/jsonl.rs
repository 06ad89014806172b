//! JSONL: one JSON object a line, fields named by [`FieldNames`].

use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::{make_record, with_salary, FieldNames, Record, RejectReason};
use crate::error::{Error, Result};
use crate::swar;

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
    // Sized like the line before, so that a line is rarely copied as it grows.
    let mut last_len = 0;
    loop {
        let mut bytes = Vec::with_capacity(last_len + last_len / 4 + 64);
        let n = reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| Error::io(&*file, e))?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        last_len = n;
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
        if let Some(picked) = pick_flat_strings(line, fields) {
            return Some(picked.into_record(file, line_no, fields));
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
#[derive(Debug, Default, PartialEq)]
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

impl Picked {
    /// Puts `value` in the slots `field` (bits of [`field_bits`]) names.
    fn set(&mut self, field: u8, value: Value) {
        let slots = [
            (ID, &mut self.id),
            (OCCUPATION, &mut self.occupation),
            (TEXT, &mut self.text),
            (SALARY, &mut self.salary),
        ];
        let mut value = Some(value);
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
}

/// The wanted fields of `line` when it is a flat object whose values are all
/// strings — what JSONL dumps mostly are — read in one pass without serde's
/// intermediate buffers. `None` for anything else (a number, a nested value, a
/// surrogate escape, a syntax error): serde reads those lines, so this path only has
/// to be right where it answers (a proptest compares the two).
fn pick_flat_strings(line: &str, fields: &FieldNames) -> Option<Picked> {
    let bytes = line.as_bytes();
    let mut picked = Picked::default();
    let mut at = skip_json_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_json_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        return (skip_json_space(bytes, at + 1) == bytes.len()).then_some(picked);
    }
    loop {
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let (key, after_key) = json_string(line, at + 1)?;
        at = skip_json_space(bytes, after_key);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_json_space(bytes, at + 1);
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let (value, after_value) = json_string(line, at + 1)?;
        let field = field_bits(&key, fields);
        if field != 0 {
            picked.set(field, Value::String(value.into_owned()));
        }
        at = skip_json_space(bytes, after_value);
        match bytes.get(at) {
            Some(b',') => at = skip_json_space(bytes, at + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    (skip_json_space(bytes, at + 1) == bytes.len()).then_some(picked)
}

fn skip_json_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The JSON string whose body begins at `start` in `line` (after its opening quote),
/// decoded, and the offset after its closing quote. `None` for a control character,
/// an unknown escape, a surrogate escape or a missing quote.
fn json_string(line: &str, start: usize) -> Option<(std::borrow::Cow<'_, str>, usize)> {
    let bytes = line.as_bytes();
    let mut decoded: Option<String> = None;
    let mut from = start;
    loop {
        let at = from + string_stop(&bytes[from..])?;
        match bytes[at] {
            b'"' => {
                let value = match decoded {
                    None => std::borrow::Cow::Borrowed(&line[start..at]),
                    Some(mut text) => {
                        text.push_str(&line[from..at]);
                        std::borrow::Cow::Owned(text)
                    }
                };
                return Some((value, at + 1));
            }
            b'\\' => {
                let text = decoded.get_or_insert_with(|| String::with_capacity(line.len() - start));
                text.push_str(&line[from..at]);
                let (c, used) = match bytes.get(at + 1)? {
                    b'"' => ('"', 2),
                    b'\\' => ('\\', 2),
                    b'/' => ('/', 2),
                    b'b' => ('\u{8}', 2),
                    b'f' => ('\u{c}', 2),
                    b'n' => ('\n', 2),
                    b'r' => ('\r', 2),
                    b't' => ('\t', 2),
                    b'u' => {
                        let hex = line.get(at + 2..at + 6)?;
                        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                            return None;
                        }
                        // Surrogates (pairs or lone) are left to serde.
                        let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                        (c, 6)
                    }
                    _ => return None,
                };
                text.push(c);
                from = at + used;
            }
            _ => return None,
        }
    }
}

/// Where the first `"`, `\` or control character of `bytes` is, eight bytes at a
/// time.
fn string_stop(bytes: &[u8]) -> Option<usize> {
    swar::first_flagged(
        bytes,
        |word| {
            swar::bytes_equal(word, b'"')
                | swar::bytes_equal(word, b'\\')
                | swar::bytes_below(word, 0x20)
        },
        |b| b == b'"' || b == b'\\' || b < 0x20,
    )
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
            picked.set(field, map.next_value::<Value>()?);
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
        Ok(field_bits(key, self.fields))
    }
}

/// Which wanted fields `key` names, as [`ID`] | [`OCCUPATION`] | … bits.
fn field_bits(key: &str, fields: &FieldNames) -> u8 {
    let named = [
        (ID, key == fields.id),
        (OCCUPATION, key == fields.occupation),
        (TEXT, key == fields.text),
        (SALARY, fields.salary.as_deref() == Some(key)),
    ];
    named
        .iter()
        .filter(|(_, hit)| *hit)
        .fold(0, |bits, (bit, _)| bits | bit)
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

    /// What serde makes of a line (the path every other line takes).
    fn serde_pick(line: &str, fields: &FieldNames) -> Option<Picked> {
        let mut deserializer = serde_json::Deserializer::from_str(line);
        let picked = Wanted { fields }.deserialize(&mut deserializer).ok()?;
        deserializer.end().ok().map(|()| picked)
    }

    /// Pieces of JSON lines: structure, keys (wanted, unwanted, escaped), string
    /// bodies with every escape and some that are not, non-string values.
    const JSON_PIECES: &[&str] = &[
        "{",
        "}",
        "\"",
        ":",
        ",",
        " ",
        "\t",
        "\n",
        "id",
        "text",
        "occupation",
        "other",
        "te\\u0078t",
        "plain words",
        "\\n",
        "\\\"",
        "\\\\",
        "\\/",
        "\\b",
        "\\f",
        "\\r",
        "\\t",
        "\\u00e9",
        "\\u00E9",
        "\\ud83d\\ude00",
        "\\ud83d",
        "\\ude00",
        "\\u12",
        "\\x",
        "\u{1}",
        "\u{7f}",
        "é",
        "12",
        "-3.5e2",
        "true",
        "null",
        "[1,2]",
        "{\"a\":\"b\"}",
    ];

    proptest::proptest! {
        /// Wherever the one-pass reader answers, serde reads the same fields.
        #[test]
        fn flat_strings_agree_with_serde(pieces in proptest::collection::vec(0usize..JSON_PIECES.len(), 0..30)) {
            let fields = FieldNames::default();
            let body: String = pieces.iter().map(|&p| JSON_PIECES[p]).collect();
            // Also as a well-formed object, so that the fast path answers often.
            let object = format!("{{\"id\": \"{body}\", \"text\":\"{body}\"}}");
            for line in [body.as_str(), object.as_str()] {
                if let Some(picked) = pick_flat_strings(line, &fields) {
                    proptest::prop_assert_eq!(Some(picked), serde_pick(line, &fields), "{:?}", line);
                }
            }
        }
    }

    #[test]
    fn flat_strings_read_escapes_and_leave_the_rest_to_serde() {
        let fields = FieldNames::default();
        let line = r#"{"id": "a\u00e9\n\"q\"", "occupation":"X", "te\u0078t":"t\/x", "n":"y"}"#;
        let picked = pick_flat_strings(line, &fields).expect("flat strings");
        assert_eq!(picked, serde_pick(line, &fields).expect("serde"));
        assert_eq!(picked.text, Some(Value::String("t/x".into())));
        for other in [
            r#"{"id": 7, "text": "x"}"#,
            r#"{"text": "\ud83d\ude00"}"#,
            r#"{"text": "x"} trailing"#,
            r#"{"text": "x",}"#,
        ] {
            assert_eq!(pick_flat_strings(other, &fields), None, "{other}");
        }
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
