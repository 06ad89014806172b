//! The matcher as first written, kept as the reference the run-table matcher must
//! agree with: one anchored walk of an automaton holding *every* pattern from
//! every word start (and every byte that begins a pattern with symbols).

use super::*;

/// Automaton, entry and word-edge checks per pattern, bytes that start a
/// pattern with symbols.
type ReferenceSet = (AhoCorasick, Vec<EntryId>, Vec<(bool, bool)>, [bool; 256]);

pub struct Reference {
    sets: Vec<ReferenceSet>,
}

impl Reference {
    pub fn new(lexicon: &Lexicon) -> Reference {
        let mut patterns: [Vec<(String, EntryId)>; 2] = Default::default();
        for (index, entry) in lexicon.entries().iter().enumerate() {
            for alias in &entry.aliases {
                let set = if alias.exact_case { EXACT } else { FOLDED };
                patterns[set].push((alias.text.clone(), index as EntryId));
            }
        }
        let sets = patterns
            .iter()
            .map(|patterns| {
                let automaton = AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(patterns.iter().map(|(t, _)| t))
                    .expect("automaton");
                let edges = patterns
                    .iter()
                    .map(|(t, _)| {
                        let first = t.chars().next().is_some_and(is_word_char);
                        let last = t.chars().next_back().is_some_and(is_word_char);
                        (first, last)
                    })
                    .collect();
                let mut odd = [false; 256];
                for (t, _) in patterns {
                    if !t.chars().next().is_some_and(is_word_char) {
                        odd[usize::from(t.as_bytes()[0])] = true;
                    }
                }
                let entries = patterns.iter().map(|(_, e)| *e).collect();
                (automaton, entries, edges, odd)
            })
            .collect();
        Reference { sets }
    }

    pub fn find_with_nested(&self, text: &str) -> (Vec<Mention>, Vec<(usize, Mention)>) {
        let folded = fold_case(text);
        let mut candidates = Vec::new();
        let mut inner = Vec::new();
        self.collect(FOLDED, &folded, &mut candidates, &mut inner);
        self.collect(EXACT, text, &mut candidates, &mut inner);
        resolve(candidates, inner)
    }

    fn collect(&self, set: usize, hay: &str, kept: &mut Vec<Mention>, inner: &mut Vec<Mention>) {
        let mut pos = 0;
        for start in self.starts(set, hay) {
            if start < pos {
                continue;
            }
            let Some(hit) = self.at(set, hay, start, hay.len()).next() else {
                continue;
            };
            let one_word = hay[hit.start..hit.end].chars().all(is_word_char);
            for offset in self
                .starts(set, &hay[hit.start..hit.end])
                .filter(|_| !one_word)
            {
                inner.extend(
                    self.at(set, hay, hit.start + offset, hit.end)
                        .filter(|m| (m.start, m.end) != (hit.start, hit.end)),
                );
            }
            kept.push(hit);
            pos = hit.end;
        }
    }

    fn starts<'h>(&'h self, set: usize, hay: &'h str) -> impl Iterator<Item = usize> + 'h {
        let odd = &self.sets[set].3;
        let mut previous_word = false;
        hay.char_indices().filter_map(move |(i, c)| {
            let word = is_word_char(c);
            let start = (word && !previous_word) || (c.is_ascii() && odd[usize::from(c as u8)]);
            previous_word = word;
            start.then_some(i)
        })
    }

    fn at<'h>(
        &'h self,
        set: usize,
        hay: &'h str,
        start: usize,
        limit: usize,
    ) -> impl Iterator<Item = Mention> + 'h {
        let (automaton, entries, edges, _) = &self.sets[set];
        let mut end = limit;
        std::iter::from_fn(move || loop {
            if end <= start {
                return None;
            }
            let input = Input::new(hay).span(start..end).anchored(Anchored::Yes);
            let m = automaton.find(input)?;
            end = m.end() - 1;
            let (check_start, check_end) = edges[m.pattern().as_usize()];
            if check_start && ends_in_word_char(&hay[..m.start()]) {
                continue;
            }
            if check_end && starts_with_word_char(&hay[m.end()..]) {
                continue;
            }
            return Some(Mention {
                entry: entries[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            });
        })
    }
}
