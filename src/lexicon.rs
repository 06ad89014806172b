//! Lexicon files (`lexicons/*.tsv`) → [`Lexicon`]: canonical entries with their kind
//! and aliases.
//!
//! # Format
//! One UTF-8, tab-separated file per topic. Lines starting with `#` are comments (the
//! header comment records where the entries come from); blank lines are skipped. The
//! first other line is the column header `id<TAB>kind<TAB>name<TAB>aliases`; every line after it
//! is one entry:
//!
//! ```text
//! (columns separated by one TAB each)
//! id  kind  name  aliases
//! phlebotomy  skill  Phlebotomy  phlebotomy procedures|blood draws
//! microsoft_excel  skill  Microsoft Excel  MS Excel|=Excel|=EXCEL
//! cpr  certification  CPR  cardiopulmonary resuscitation|CPR certified
//! ```
//!
//! - `id`: lower-case ASCII letters, digits, `_` and `-`; unique across all files.
//! - `kind`: `skill`, `soft_skill` or `certification`.
//! - `name`: the display name published in the tables; it is also matched.
//! - `aliases`: other spellings, separated by `|`. Matching ignores case, except for
//!   an alias written with a leading `=`, which matches only as written (acronyms that
//!   are also words: `=IT`, `=GO`). When the entry's own name is listed that way
//!   (`=Go`), the name too is matched only as written.
//!
//! The loader rejects, naming file and line: a row without three or four columns, a
//! bad id or kind, a duplicate id, an alias with no letter or digit, and an alias
//! claimed by two entries.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use foldhash::fast::FixedState;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::normalize::{fold_case, normalize};

/// What an entry is; decides which table it is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Skill,
    SoftSkill,
    Certification,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Skill => "skill",
            Kind::SoftSkill => "soft_skill",
            Kind::Certification => "certification",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        match text {
            "skill" => Some(Kind::Skill),
            "soft_skill" => Some(Kind::SoftSkill),
            "certification" => Some(Kind::Certification),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of an entry in its [`Lexicon`].
pub type EntryId = u32;

/// One spelling the matcher looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The phrase, normalised; folded to lower case unless `exact_case`.
    pub text: String,
    pub exact_case: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub aliases: Vec<Alias>,
}

/// A map keyed by text: lexicon files are ours to trust, so a fast fixed-seed hash
/// instead of SipHash (the load hashes every alias and id several times).
type StrMap<V> = HashMap<String, V, FixedState>;

/// All entries of a lexicon directory, in file order, with a hash of the files.
#[derive(Debug, Clone)]
pub struct Lexicon {
    entries: Vec<Entry>,
    sha256: String,
    /// Certification spelling (folded name or alias) → entry, for
    /// [`Lexicon::certification_twin`].
    twins: StrMap<EntryId>,
    /// Entry id string → entry.
    by_id: StrMap<EntryId>,
}

impl Lexicon {
    /// The entry with this id string.
    pub fn find(&self, id: &str) -> Option<EntryId> {
        self.by_id.get(id).copied()
    }

    /// Loads every `*.tsv` file of `dir`, in file-name order.
    pub fn load_dir(dir: &Path) -> Result<Lexicon> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "tsv"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::EmptyLexicon(dir.to_path_buf()));
        }
        let mut builder = LexiconBuilder::default();
        for file in &files {
            let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
            builder.add_file(file, &text)?;
        }
        Ok(builder.build())
    }

    /// Parses one lexicon file's text (`path` is only used in errors).
    pub fn from_str(path: &Path, text: &str) -> Result<Lexicon> {
        let mut builder = LexiconBuilder::default();
        builder.add_file(path, text)?;
        Ok(builder.build())
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id as usize]
    }

    /// Hex SHA-256 over the files' names and bytes, recorded in the manifest.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The certification entry that is a skill's twin: named "<skill> Certified",
    /// "<skill> Certification" or "<skill> Certificate".
    pub fn certification_twin(&self, skill: EntryId) -> Option<EntryId> {
        let name = fold_case(&self.entry(skill).name);
        ["certified", "certification", "certificate"]
            .iter()
            .find_map(|suffix| self.twins.get(&format!("{name} {suffix}")).copied())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Accumulates files into a [`Lexicon`], checking ids and aliases across files.
#[derive(Default)]
pub struct LexiconBuilder {
    entries: Vec<Entry>,
    /// The files added, in order (errors name them by index below).
    files: Vec<PathBuf>,
    /// Id → (file, line) of its entry.
    ids: StrMap<(usize, usize)>,
    /// Folded alias → (entry index, file, line) of the entry that claimed it.
    claimed: StrMap<(usize, usize, usize)>,
    hasher: Sha256,
}

impl LexiconBuilder {
    pub fn add_file(&mut self, path: &Path, text: &str) -> Result<()> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        self.hasher.update(name.unwrap_or_default().as_bytes());
        self.hasher.update([0]);
        self.hasher.update(text.as_bytes());
        let err = |line: usize, message: String| Error::Lexicon {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut header_seen = false;
        let mut rows = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
                if columns != ["id", "kind", "name", "aliases"] {
                    return Err(err(
                        line_no,
                        format!(
                            "expected the header `id<TAB>kind<TAB>name<TAB>aliases`, found {line:?}"
                        ),
                    ));
                }
                header_seen = true;
                continue;
            }
            rows.push((line_no, line));
        }
        // Rows parsed and their aliases folded on the current rayon pool; checked and
        // added in file order (the first bad row is the one reported).
        let parsed: Vec<_> = rows
            .par_iter()
            .map(|&(line_no, line)| {
                let entry = parse_row(line).map_err(|message| err(line_no, message))?;
                let keys: Vec<String> = entry.aliases.iter().map(|a| fold_case(&a.text)).collect();
                Ok((line_no, entry, keys))
            })
            .collect();
        let file = self.files.len();
        self.files.push(path.to_path_buf());
        for row in parsed {
            let (line_no, entry, keys) = row?;
            self.add_entry(entry, keys, file, line_no)?;
        }
        Ok(())
    }

    /// Adds `entry` (its aliases folded into `keys`) from `line` of file `file`.
    fn add_entry(
        &mut self,
        entry: Entry,
        keys: Vec<String>,
        file: usize,
        line: usize,
    ) -> Result<()> {
        let err = |message: String| Error::Lexicon {
            path: self.files[file].clone(),
            line,
            message,
        };
        if let Some(&(first_file, first)) = self.ids.get(&entry.id) {
            return Err(err(format!(
                "duplicate id `{}` (first defined at {}:{first})",
                entry.id,
                self.files[first_file].display()
            )));
        }
        let index = self.entries.len();
        for (alias, key) in entry.aliases.iter().zip(keys) {
            match self.claimed.get(&key) {
                Some(&(owner, first_file, first)) if owner != index => {
                    return Err(err(format!(
                        "alias {:?} of `{}` is already claimed by `{}` ({}:{first})",
                        alias.text,
                        entry.id,
                        self.entries[owner].id,
                        self.files[first_file].display()
                    )));
                }
                Some(_) => {}
                None => {
                    self.claimed.insert(key, (index, file, line));
                }
            }
        }
        self.ids.insert(entry.id.clone(), (file, line));
        self.entries.push(entry);
        Ok(())
    }

    pub fn build(self) -> Lexicon {
        let digest = self.hasher.finalize();
        let mut twins = StrMap::default();
        for (i, entry) in self.entries.iter().enumerate() {
            let Ok(id) = EntryId::try_from(i) else {
                continue;
            };
            if entry.kind == Kind::Certification {
                twins.insert(fold_case(&entry.name), id);
                for alias in entry.aliases.iter().filter(|a| !a.exact_case) {
                    twins.entry(alias.text.clone()).or_insert(id);
                }
            }
        }
        let by_id = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.id.clone(), EntryId::try_from(i).ok()?)))
            .collect();
        Lexicon {
            entries: self.entries,
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            twins,
            by_id,
        }
    }
}

fn parse_row(line: &str) -> std::result::Result<Entry, String> {
    let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
    if !(3..=4).contains(&columns.len()) {
        return Err(format!(
            "expected 3 or 4 tab-separated columns (id, kind, name, aliases), found {}",
            columns.len()
        ));
    }
    let id = columns[0];
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        return Err(format!(
            "bad id {id:?}: use lower-case ASCII letters, digits, `_` and `-`"
        ));
    }
    let kind = Kind::parse(columns[1]).ok_or_else(|| {
        format!(
            "bad kind {:?}: expected skill, soft_skill or certification",
            columns[1]
        )
    })?;
    let name = columns[2];
    let raw_aliases: Vec<&str> = match columns.get(3) {
        Some(cell) if !cell.is_empty() => cell.split('|').map(str::trim).collect(),
        _ => Vec::new(),
    };
    let aliases = collect_aliases(name, &raw_aliases)?;
    Ok(Entry {
        id: id.to_string(),
        kind,
        name: name.to_string(),
        aliases,
    })
}

/// The name (unless listed with `=`) and every alias, normalised and de-duplicated.
fn collect_aliases(name: &str, raw: &[&str]) -> std::result::Result<Vec<Alias>, String> {
    let name_exact = raw
        .iter()
        .any(|a| a.strip_prefix('=').is_some_and(|a| a == name));
    let mut aliases: Vec<Alias> = Vec::new();
    let name_alias = (!name_exact).then_some(name);
    for spelling in name_alias.into_iter().chain(raw.iter().copied()) {
        let (text, exact_case) = match spelling.strip_prefix('=') {
            Some(rest) => (rest.trim(), true),
            None => (spelling, false),
        };
        if !text.chars().any(char::is_alphanumeric) {
            return Err(format!("alias {spelling:?} has no letter or digit"));
        }
        let normalized = normalize(text);
        let text = if exact_case {
            normalized
        } else {
            fold_case(&normalized)
        };
        let alias = Alias { text, exact_case };
        if !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    Ok(aliases)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "# test lexicon\nid\tkind\tname\taliases\n";

    fn load(body: &str) -> Result<Lexicon> {
        Lexicon::from_str(Path::new("t.tsv"), &format!("{HEADER}{body}"))
    }

    fn error_text(body: &str) -> String {
        match load(body) {
            Ok(_) => panic!("expected an error for {body:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn parses_entries_with_exact_case_aliases() {
        let lex =
            load("go\tskill\tGo\t=Go|=GO|golang\nexcel\tskill\tMicrosoft Excel\tMS Excel|=Excel\n")
                .expect("valid lexicon");
        assert_eq!(lex.len(), 2);
        let go = &lex.entries()[0];
        assert_eq!(go.kind, Kind::Skill);
        let texts: Vec<(&str, bool)> = go
            .aliases
            .iter()
            .map(|a| (a.text.as_str(), a.exact_case))
            .collect();
        assert_eq!(texts, [("Go", true), ("GO", true), ("golang", false)]);
        let excel = &lex.entries()[1];
        assert_eq!(excel.aliases[0].text, "microsoft excel");
        assert!(!excel.aliases[0].exact_case);
    }

    #[test]
    fn rejects_malformed_rows_naming_file_and_line() {
        let cases = [
            ("a\tskill\n", "t.tsv:3: expected 3 or 4"),
            ("A b\tskill\tX\t\n", "t.tsv:3: bad id"),
            ("a\tskil\tX\t\n", "t.tsv:3: bad kind"),
            (
                "a\tskill\tX\t\nb\tskill\tY\t\na\tskill\tZ\t\n",
                "t.tsv:5: duplicate id `a`",
            ),
            (
                "a\tskill\tX\tfoo\nb\tskill\tY\tFOO\n",
                "t.tsv:4: alias \"foo\" of `b` is already claimed by `a`",
            ),
            (
                "a\tskill\tX\t--\n",
                "t.tsv:3: alias \"--\" has no letter or digit",
            ),
        ];
        for (body, expected) in cases {
            let text = error_text(body);
            assert!(text.starts_with(expected), "{body:?}: got {text}");
        }
    }

    #[test]
    fn rejects_missing_header() {
        let err = Lexicon::from_str(Path::new("x.tsv"), "a\tskill\tX\t\n").expect_err("no header");
        assert!(err.to_string().starts_with("x.tsv:1: expected the header"));
    }

    #[test]
    fn same_alias_twice_in_one_entry_is_fine() {
        let lex = load("a\tskill\tPayroll\tpayroll|PAYROLL\n").expect("valid");
        assert_eq!(lex.entries()[0].aliases.len(), 1);
    }
}
