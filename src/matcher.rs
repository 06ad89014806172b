//! [`Lexicon`] → [`SkillMatcher`]: finds lexicon phrases in normalised resume text.
//!
//! Built once and shared by all threads. Two Aho-Corasick automata run over the text:
//! one over the case-folded text for ordinary aliases, one over the text as written
//! for exact-case aliases (`=IT`). Every hit must be a whole word: where a phrase
//! begins (ends) with a letter or digit, the character before (after) it must not be
//! one, so `Java` is never found inside `JavaScript` while `C++`, `C#`, `.NET` and
//! `A+` still match. Overlapping hits are resolved leftmost-longest *after* the word
//! check, so a longer phrase that is not a whole word never hides a shorter one that is.
//!
//! The scan is anchored at word starts: a phrase can only begin where a word begins
//! (or, for phrases led by a non-word character such as `.NET`, at that character),
//! so one anchored leftmost-longest walk of the automaton from each such position
//! finds the longest phrase there; shorter ones at the same position (for the word
//! check and for nested phrases) come from repeating the walk with a shorter span.
//! No failure transitions are followed and nothing inside a word is ever looked at.

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use crate::error::{Error, Result};
use crate::lexicon::{EntryId, Lexicon};
use crate::normalize::fold_case;

/// One phrase found in a text: the entry and the byte range in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub entry: EntryId,
    pub start: usize,
    pub end: usize,
}

/// The automaton of one pattern set and, per pattern, its entry and which edges need
/// a word boundary.
#[derive(Debug)]
struct PatternSet {
    /// Leftmost-longest, anchored searches only.
    longest: AhoCorasick,
    entries: Vec<EntryId>,
    edges: Vec<(bool, bool)>,
    /// Bytes that begin a pattern whose first character is not a word character
    /// (`.` of `.NET`): positions holding one are tried even inside words.
    odd_starts: [bool; 256],
}

/// The compiled matcher. `Send + Sync`: share it by reference across threads.
#[derive(Debug)]
pub struct SkillMatcher {
    folded: PatternSet,
    exact: PatternSet,
}

impl SkillMatcher {
    pub fn new(lexicon: &Lexicon) -> Result<SkillMatcher> {
        let mut folded = Vec::new();
        let mut exact = Vec::new();
        for (index, entry) in lexicon.entries().iter().enumerate() {
            let id = EntryId::try_from(index)
                .map_err(|_| Error::Matcher("more than 2^32 lexicon entries".into()))?;
            for alias in &entry.aliases {
                let target = if alias.exact_case {
                    &mut exact
                } else {
                    &mut folded
                };
                target.push((alias.text.clone(), id));
            }
        }
        Ok(SkillMatcher {
            folded: PatternSet::new(folded)?,
            exact: PatternSet::new(exact)?,
        })
    }

    /// Every whole-word mention in `text` (normalised), leftmost-longest, in text order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        self.find_with_nested(text).0
    }

    /// [`SkillMatcher::find`], plus the whole-word hits of *other* entries nested
    /// inside a kept hit ("marketing" inside "email marketing"), each paired with the
    /// index of the kept hit that holds it.
    pub fn find_with_nested(&self, text: &str) -> (Vec<Mention>, Vec<(usize, Mention)>) {
        let folded = fold_case(text);
        let mut candidates = Vec::new();
        let mut inner = Vec::new();
        self.folded.collect(&folded, &mut candidates, &mut inner);
        self.exact.collect(text, &mut candidates, &mut inner);
        let (kept, mut nested) = resolve_leftmost_longest(candidates);
        for hit in inner {
            let holder = kept
                .partition_point(|k| k.start <= hit.start)
                .checked_sub(1);
            if let Some(h) =
                holder.filter(|&h| hit.end <= kept[h].end && kept[h].entry != hit.entry)
            {
                nested.push((h, hit));
            }
        }
        nested.sort_by_key(|(_, m)| (m.start, m.end, m.entry));
        nested.dedup();
        (kept, nested)
    }
}

impl PatternSet {
    fn new(patterns: Vec<(String, EntryId)>) -> Result<PatternSet> {
        let longest = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(patterns.iter().map(|(text, _)| text))
            .map_err(|e| Error::Matcher(e.to_string()))?;
        let edges = patterns
            .iter()
            .map(|(text, _)| {
                let first = text.chars().next().is_some_and(is_word_char);
                let last = text.chars().next_back().is_some_and(is_word_char);
                (first, last)
            })
            .collect();
        let mut odd_starts = [false; 256];
        for (text, _) in &patterns {
            if let Some(&b) = text.as_bytes().first() {
                if !text.chars().next().is_some_and(is_word_char) {
                    odd_starts[usize::from(b)] = true;
                }
            }
        }
        let entries = patterns.into_iter().map(|(_, id)| id).collect();
        Ok(PatternSet {
            longest,
            entries,
            edges,
            odd_starts,
        })
    }

    /// Pushes the longest whole-word hit at each leftmost start onto `kept`, and the
    /// whole-word hits lying inside each of those onto `inner`.
    fn collect(&self, haystack: &str, kept: &mut Vec<Mention>, inner: &mut Vec<Mention>) {
        if self.entries.is_empty() {
            return;
        }
        let mut pos = 0;
        for start in self.starts(haystack) {
            if start < pos {
                continue;
            }
            let Some(hit) = self.at(haystack, start, haystack.len()).next() else {
                continue;
            };
            // Nested phrases: every whole-word hit starting inside the kept one. (Its
            // own start counts as a word start: the kept hit began there.) A one-word
            // hit has no word boundary inside, so nothing can be nested in it.
            let one_word = haystack[hit.start..hit.end].chars().all(is_word_char);
            for offset in self
                .starts(&haystack[hit.start..hit.end])
                .filter(|_| !one_word)
            {
                inner.extend(
                    self.at(haystack, hit.start + offset, hit.end)
                        .filter(|m| (m.start, m.end) != (hit.start, hit.end)),
                );
            }
            kept.push(hit);
            pos = hit.end;
        }
    }

    /// Where a pattern may begin: word starts, and the odd start bytes.
    fn starts<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = usize> + 'h {
        let mut previous_word = false;
        haystack.char_indices().filter_map(move |(i, c)| {
            let word = is_word_char(c);
            let start =
                (word && !previous_word) || (c.is_ascii() && self.odd_starts[usize::from(c as u8)]);
            previous_word = word;
            start.then_some(i)
        })
    }

    /// The whole-word hits beginning at `start` and ending by `limit`, longest first.
    fn at<'h>(
        &'h self,
        haystack: &'h str,
        start: usize,
        limit: usize,
    ) -> impl Iterator<Item = Mention> + 'h {
        let mut end = limit;
        std::iter::from_fn(move || loop {
            if end <= start {
                return None;
            }
            let input = Input::new(haystack)
                .span(start..end)
                .anchored(Anchored::Yes);
            let m = self.longest.find(input)?;
            end = m.end() - 1;
            if let Some(hit) = self.mention(haystack, m.pattern().as_usize(), m.start(), m.end()) {
                return Some(hit);
            }
        })
    }

    /// The hit of `pattern` at `start..end` if it is a whole word there.
    fn mention(&self, haystack: &str, pattern: usize, start: usize, end: usize) -> Option<Mention> {
        let (check_start, check_end) = self.edges[pattern];
        if check_start && ends_in_word_char(&haystack[..start]) {
            return None;
        }
        if check_end && starts_with_word_char(&haystack[end..]) {
            return None;
        }
        Some(Mention {
            entry: self.entries[pattern],
            start,
            end,
        })
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ends_in_word_char(text: &str) -> bool {
    text.chars().next_back().is_some_and(is_word_char)
}

fn starts_with_word_char(text: &str) -> bool {
    text.chars().next().is_some_and(is_word_char)
}

/// Keeps, scanning left to right, the longest hit at each start that does not overlap
/// a hit already kept; returns the kept hits and the hits of other entries lying
/// wholly inside a kept one.
fn resolve_leftmost_longest(mut hits: Vec<Mention>) -> (Vec<Mention>, Vec<(usize, Mention)>) {
    hits.sort_unstable_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.entry.cmp(&b.entry))
    });
    let mut kept: Vec<Mention> = Vec::with_capacity(hits.len());
    let mut nested = Vec::new();
    for hit in hits {
        match kept.last() {
            Some(last) if hit.start < last.end => {
                if hit.end <= last.end && hit.entry != last.entry {
                    nested.push((kept.len() - 1, hit));
                }
            }
            _ => kept.push(hit),
        }
    }
    (kept, nested)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::normalize::normalize;

    const LEXICON: &str = "id\tkind\tname\taliases
cpp\tskill\tC++\t
csharp\tskill\tC#\t
dotnet\tskill\t.NET\t
nodejs\tskill\tNode.js\tnodejs
java\tskill\tJava\t
javascript\tskill\tJavaScript\tjs
comptia_a_plus\tcertification\tCompTIA A+\t=A+
cpr\tcertification\tCPR\tcardiopulmonary resuscitation
bls\tcertification\tBLS\tbasic life support
microsoft_word\tskill\tMicrosoft Word\tMS Word|=Word
microsoft_excel\tskill\tMicrosoft Excel\tMS Excel|=Excel|=EXCEL
information_technology\tskill\tInformation Technology\t=IT
go\tskill\tGo\t=Go|=GO|golang
r_lang\tskill\tR\t=R
data_entry\tskill\tData Entry\t
data_entry_clerk\tskill\tData Entry Clerk Work\tdata entry clerk
customer_service\tskill\tCustomer Service\tcustomer services
pbt\tcertification\tPBT(ASCP)\tPBT (ASCP)
creme\tskill\tCrème Brûlée\t
phlebotomy\tskill\tPhlebotomy\tphlebotomy procedures
";

    struct Case {
        name: &'static str,
        text: &'static str,
        expected: &'static [&'static str],
    }

    fn ids(matcher: &SkillMatcher, lexicon: &Lexicon, text: &str) -> Vec<String> {
        let text = normalize(text);
        matcher
            .find(&text)
            .iter()
            .map(|m| lexicon.entry(m.entry).id.clone())
            .collect()
    }

    #[test]
    fn matcher_cases() {
        let lexicon = Lexicon::from_str(Path::new("t.tsv"), LEXICON).expect("test lexicon");
        let matcher = SkillMatcher::new(&lexicon).expect("matcher");
        let cases = [
            Case {
                name: "case-insensitive",
                text: "JAVA and javascript",
                expected: &["java", "javascript"],
            },
            Case {
                name: "java never inside javascript",
                text: "JavaScript, JavaScripting",
                expected: &["javascript"],
            },
            Case {
                name: "c++ and c#",
                text: "Languages: C++, C# and C.",
                expected: &["cpp", "csharp"],
            },
            Case {
                name: ".net",
                text: "Built on .NET and ASP.NET",
                expected: &["dotnet", "dotnet"],
            },
            Case {
                name: "node.js",
                text: "Node.js/NodeJS services",
                expected: &["nodejs", "nodejs"],
            },
            Case {
                name: "a+ exact",
                text: "CompTIA A+ certified; A+ rating; a+ b",
                expected: &["comptia_a_plus", "comptia_a_plus"],
            },
            Case {
                name: "cpr/bls",
                text: "CPR/BLS certified",
                expected: &["cpr", "bls"],
            },
            Case {
                name: "ms word yes, noun word no",
                text: "MS Word, Microsoft Word; in a word; Word documents",
                expected: &["microsoft_word", "microsoft_word", "microsoft_word"],
            },
            Case {
                name: "excel verb no",
                text: "I excel at service. MS Excel, Excel and EXCEL",
                expected: &["microsoft_excel", "microsoft_excel", "microsoft_excel"],
            },
            Case {
                name: "IT only as acronym",
                text: "it was fine; IT support; It works",
                expected: &["information_technology"],
            },
            Case {
                name: "GO only as written",
                text: "go to market; GO and Go; golang",
                expected: &["go", "go", "go"],
            },
            Case {
                name: "R only as written",
                text: "r value; R and RStudio",
                expected: &["r_lang"],
            },
            Case {
                name: "longer phrase wins",
                text: "data entry clerk",
                expected: &["data_entry_clerk"],
            },
            Case {
                name: "longer phrase not a whole word falls back",
                text: "data entry clerks",
                expected: &["data_entry"],
            },
            Case {
                name: "plural alias",
                text: "customer services",
                expected: &["customer_service"],
            },
            Case {
                name: "symbols in name",
                text: "PBT(ASCP) and PBT (ASCP)",
                expected: &["pbt", "pbt"],
            },
            Case {
                name: "non-ascii letters",
                text: "CRÈME BRÛLÉE; crème brûlées",
                expected: &["creme"],
            },
            Case {
                name: "mojibake repaired first",
                text: "PhlebotomyÂ procedures",
                expected: &["phlebotomy"],
            },
            Case {
                name: "unicode boundary",
                text: "Javaé Java",
                expected: &["java"],
            },
        ];
        for case in cases {
            assert_eq!(
                ids(&matcher, &lexicon, case.text),
                case.expected,
                "case {}",
                case.name
            );
        }
    }

    #[test]
    fn nested_hits_are_reported_with_their_holder() {
        let lexicon = Lexicon::from_str(Path::new("t.tsv"), LEXICON).expect("test lexicon");
        let matcher = SkillMatcher::new(&lexicon).expect("matcher");
        let (kept, nested) = matcher.find_with_nested("data entry clerk; Java");
        let id = |m: &Mention| lexicon.entry(m.entry).id.clone();
        assert_eq!(
            kept.iter().map(id).collect::<Vec<_>>(),
            ["data_entry_clerk", "java"]
        );
        assert_eq!(
            nested.iter().map(|(i, m)| (*i, id(m))).collect::<Vec<_>>(),
            [(0, "data_entry".to_string())]
        );
    }

    #[test]
    fn matcher_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SkillMatcher>();
    }
}
