//! [`Lexicon`] → [`SkillMatcher`]: finds lexicon phrases in normalised resume text.
//!
//! Built once and shared by all threads. Two pattern sets: one matched against the
//! case-folded text for ordinary aliases, one against the text as written for
//! exact-case aliases (`=IT`). Every hit must be a whole word: where a phrase begins
//! (ends) with a letter or digit, the character before (after) it must not be one, so
//! `Java` is never found inside `JavaScript` while `C++`, `C#`, `.NET` and `A+` still
//! match. Overlapping hits are resolved leftmost-longest *after* the word check, so a
//! longer phrase that is not a whole word never hides a shorter one that is.
//!
//! The text is read once as a sequence of *runs* (maximal runs of letters, digits and
//! `_`; eight ASCII bytes classified at a time), each hashed (`runs.rs`). A whole-word
//! hit of a phrase covers whole runs: each run of the phrase equals one run of the
//! text. So:
//! - a phrase that is a single run (`phlebotomy`) is found by looking its run up in a
//!   hash table — it never enters the automaton;
//! - every other phrase (`customer service`, `C++`, `.NET`) is in an Aho-Corasick
//!   automaton, walked anchored (leftmost-longest, no failure transitions) only from a
//!   run that begins such a phrase *and* is followed by a run that can come second (a
//!   64-bit mask in the run's key, then the pair with the symbols between them, then
//!   the first three runs of longer phrases, looked up), or that begins a one-run
//!   phrase with symbols (`c` of `C++`), or from just before a run that a phrase with
//!   leading symbols (`.NET`) continues with. Shorter hits at the same position (for
//!   the word check and for nested phrases) come from repeating the walk with a
//!   shorter span.
//!
//! The first matcher (one walk from every word start) is kept in `reference.rs`; the
//! tests check that both find the same hits.
//!
//! Most words of a resume begin *some* phrase of a big lexicon ("to", "state",
//! "management"), but few begin one together with the word that follows them, so the
//! automaton is walked at a small fraction of the words.
//!
//! The automaton is built in [`AUTOMATON_PARTS`] parts, side by side on the rayon
//! pool, each phrase in the part of its first run ([`PatternSet::parts`]). The same
//! pass over the runs also reports where given *marker* words stand
//! ([`SkillMatcher::with_markers`]: the negation check's cue words).

#[cfg(test)]
mod reference;
mod runs;

use std::collections::{HashMap, HashSet};

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use crate::error::{Error, Result};
use crate::lexicon::{EntryId, Lexicon};
use crate::normalize::fold_case;
use rayon::prelude::*;
use runs::{chain_key, for_each_run, PassThrough};

/// One phrase found in a text: the entry and the byte range in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub entry: EntryId,
    pub start: usize,
    pub end: usize,
}

/// The pattern set matched against the folded text, and the exact-case one.
const FOLDED: usize = 0;
const EXACT: usize = 1;

/// The compiled matcher. `Send + Sync`: share it by reference across threads.
#[derive(Debug)]
pub struct SkillMatcher {
    sets: [PatternSet; 2],
    /// Folded run hash → its [`RunKey`].
    run_index: HashMap<u64, RunKey, PassThrough>,
    runs: Vec<RunInfo>,
    /// [`chain_key`] of the first two runs (and the symbols between them) of every
    /// phrase with two runs or more → [`ENDS_AFTER_TWO`] | [`GOES_ON`].
    pairs: HashMap<u64, u8, PassThrough>,
    /// [`chain_key`] of the first three runs of every phrase with three or more.
    triples: HashSet<u64, PassThrough>,
}

/// Where a run's [`RunInfo`] is, and per pattern set which of its roles are filled
/// (the `HAS_*` bits), so that most runs are decided without reading the info.
#[derive(Debug, Clone, Copy)]
struct RunKey {
    /// [`NO_INFO`] for a run that is only a marker word.
    info: u32,
    roles: [u8; 2],
    /// The run is one of the marker words ([`SkillMatcher::with_markers`]).
    marker: bool,
    /// Bit [`second_bit`] of each run that comes second after this one in a
    /// phrase: most runs that begin phrases are followed by a run that no phrase
    /// puts there, and this rules them out without looking the pair up.
    seconds: u64,
}

/// [`RunKey::info`] of a run no pattern has (a marker word only).
const NO_INFO: u32 = u32::MAX;

impl RunKey {
    /// The key of a run whose info is at `info`, no role or marker yet.
    fn new(info: u32) -> RunKey {
        RunKey {
            info,
            roles: [0; 2],
            marker: false,
            seconds: 0,
        }
    }
}

fn second_bit(hash: u64) -> u64 {
    1 << (hash >> 58)
}

/// Some patterns are exactly this run.
const HAS_SINGLES: u8 = 1;
/// Begins a phrase of one run with symbols after it (`c` of `c++`).
const BEGINS_SYMBOL_PHRASE: u8 = 2;
/// Begins a phrase of two runs or more (`customer` of `customer service`).
const BEGINS_PHRASE: u8 = 4;
/// Follows the leading symbols of some phrase (`net` of `.net`).
const HAS_SYMBOL_LEADS: u8 = 8;

/// In [`SkillMatcher::pairs`]: some phrase is these two runs.
const ENDS_AFTER_TWO: u8 = 1;
/// In [`SkillMatcher::pairs`]: some phrase goes on after these two runs.
const GOES_ON: u8 = 2;

/// What one run (folded) means to each pattern set.
#[derive(Debug, Default)]
struct RunInfo {
    sets: [RunRole; 2],
}

#[derive(Debug, Default)]
struct RunRole {
    /// Patterns that are exactly this run, lowest index first.
    singles: Vec<u32>,
    /// Lengths of the symbols (`.` of `.net`) before this run in phrases that begin
    /// with them, longest first.
    symbol_leads: Vec<usize>,
}

/// The automaton of one pattern set's phrases that are not a single run, and per
/// pattern its entry and which edges need a word boundary.
#[derive(Debug)]
struct PatternSet {
    /// The phrases' automata (leftmost-longest, anchored searches only), in parts:
    /// see [`PatternSet::parts`].
    parts: Vec<Part>,
    phrase_entries: Vec<EntryId>,
    edges: Vec<(bool, bool)>,
    /// Every pattern of the set (singles are checked against their bytes).
    patterns: Vec<(String, EntryId)>,
}

/// A thread's buffers for the runs of one text, kept from text to text (a resume's
/// runs take tens of kilobytes, which were allocated and freed for every resume).
#[derive(Default)]
struct Scratch {
    runs: Vec<Run>,
    marked: [Vec<usize>; 2],
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Some of a pattern set's phrases, in their own automaton.
#[derive(Debug)]
struct Part {
    /// `None` when the part has no phrase.
    automaton: Option<AhoCorasick>,
    /// The automaton's patterns → the set's phrase indices.
    phrases: Vec<u32>,
}

/// The part of the phrases beginning with symbols (`.NET`).
const SYMBOL_PART: usize = 0;

/// Parts of the folded phrases' automaton. Sixteen small tries build faster than one
/// big one (each fits in the cache while its sparse transitions are chased: the
/// 38,000 phrases of the big lexicon build in 0.08 s instead of 0.12 on one
/// thread), and the pool shares them out evenly; walks cost the same.
const AUTOMATON_PARTS: usize = 16;

/// The folded text and its known runs, as one scan of the matcher sees them.
#[derive(Clone, Copy)]
struct Scan<'t> {
    folded: &'t str,
    runs: &'t [Run],
    /// Per pattern set, the indices of the runs where a hit may begin.
    marked: &'t [Vec<usize>; 2],
}

/// One run of word characters in the text that some pattern has.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    hash: u64,
    /// [`RunKey::info`] and [`RunKey::roles`] of the run.
    info: u32,
    roles: [u8; 2],
    /// The next run of the list is one that some phrase begun by this run has
    /// second (its [`RunKey::seconds`] bit is set).
    pairs_next: bool,
}

/// Per pattern set, whether a hit may begin at `run` (its `pairs_next` known): it
/// is a pattern, begins a one-run phrase with symbols, follows some phrase's leading
/// symbols, or begins a longer phrase *and* is followed by a run that some such
/// phrase has second. Half the runs of a resume begin some phrase; few of them pass
/// the second test, so the scan for hits skips most.
fn push_if_marked(marked: &mut [Vec<usize>; 2], run: &Run, index: usize) {
    let begins = if run.pairs_next { BEGINS_PHRASE } else { 0 };
    let wanted = HAS_SINGLES | BEGINS_SYMBOL_PHRASE | HAS_SYMBOL_LEADS | begins;
    for (set, marked) in marked.iter_mut().enumerate() {
        if run.roles[set] & wanted != 0 {
            marked.push(index);
        }
    }
}

/// What [`SkillMatcher::find_all`] finds in a text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Leftmost-longest whole-word hits, in text order.
    pub kept: Vec<Mention>,
    /// Whole-word hits of other entries inside a kept hit, with the kept hit's index.
    pub nested: Vec<(usize, Mention)>,
    /// Where the marker words are (run starts, ascending).
    pub markers: Vec<usize>,
}

impl SkillMatcher {
    pub fn new(lexicon: &Lexicon) -> Result<SkillMatcher> {
        SkillMatcher::with_markers(lexicon, &[])
    }

    /// A matcher that also reports where `markers` stand in a text — words (one run
    /// each, matched case-folded) found in the same pass as the lexicon's runs, for
    /// the checks that look around a hit ("no experience with …").
    pub fn with_markers(lexicon: &Lexicon, markers: &[&str]) -> Result<SkillMatcher> {
        SkillMatcher::build(lexicon, markers, AUTOMATON_PARTS)
    }

    /// [`SkillMatcher::with_markers`], the folded phrases' automaton in `parts` parts
    /// (what a search finds does not depend on it).
    fn build(lexicon: &Lexicon, markers: &[&str], parts: usize) -> Result<SkillMatcher> {
        let mut patterns: [Vec<(String, EntryId)>; 2] = Default::default();
        for (index, entry) in lexicon.entries().iter().enumerate() {
            let id = EntryId::try_from(index)
                .map_err(|_| Error::Matcher("more than 2^32 lexicon entries".into()))?;
            for alias in &entry.aliases {
                let set = if alias.exact_case { EXACT } else { FOLDED };
                patterns[set].push((alias.text.clone(), id));
            }
        }
        // Each pattern folded and read into its runs once.
        let folded = [FOLDED, EXACT].map(|set| {
            patterns[set]
                .iter()
                .map(|(text, _)| FoldedPattern::new(text))
                .collect::<Vec<FoldedPattern>>()
        });
        // One-run patterns are looked up, the others go in the automata.
        let single = [FOLDED, EXACT].map(|set| {
            folded[set]
                .iter()
                .map(FoldedPattern::is_single_run)
                .collect::<Vec<bool>>()
        });
        let phrases = [FOLDED, EXACT].map(|set| {
            (0..patterns[set].len())
                .filter(|&p| !single[set][p])
                .collect::<Vec<usize>>()
        });
        // The big automaton in parts, built side by side (each phrase in the part of
        // its first run: see `PatternSet::parts`).
        let part_counts = [parts, 1];
        let (folded_parts, (exact_parts, table)) = rayon::join(
            || PatternSet::parts(FOLDED, &patterns, &folded, &phrases, part_counts[FOLDED]),
            || {
                (
                    PatternSet::parts(EXACT, &patterns, &folded, &phrases, part_counts[EXACT]),
                    RunTable::build(&patterns, &folded, &single, markers),
                )
            },
        );
        let table = table?;
        let [folded, exact] = patterns;
        let [folded_phrases, exact_phrases] = phrases;
        Ok(SkillMatcher {
            sets: [
                PatternSet::new(folded, &folded_phrases, folded_parts?),
                PatternSet::new(exact, &exact_phrases, exact_parts?),
            ],
            run_index: table.index,
            runs: table.runs,
            pairs: table.pairs,
            triples: table.triples,
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
        let found = self.find_all(text, &fold_case(text));
        (found.kept, found.nested)
    }

    /// [`SkillMatcher::find_with_nested`] and the marker words, with `folded` =
    /// [`fold_case`]`(text)` already made.
    pub fn find_all(&self, text: &str, folded: &str) -> Found {
        debug_assert_eq!(folded.len(), text.len());
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch { runs, marked } = scratch;
            runs.clear();
            marked.iter_mut().for_each(Vec::clear);
            let mut markers = Vec::new();
            self.runs_of(folded, &mut markers, runs, marked);
            let mut candidates = Vec::new();
            let mut inner = Vec::new();
            let scan = Scan {
                folded,
                runs,
                marked,
            };
            self.collect(FOLDED, folded, scan, &mut candidates, &mut inner);
            self.collect(EXACT, text, scan, &mut candidates, &mut inner);
            let (kept, nested) = resolve(candidates, inner);
            Found {
                kept,
                nested,
                markers,
            }
        })
    }

    /// The runs of the folded text that some pattern has, each with its key; the
    /// indices of those where a hit may begin onto `marked` ([`push_if_marked`]);
    /// the starts of the marker words onto `markers`. A run whose hash is a
    /// marker's is a marker (hashes of distinct words that collide would only make a
    /// caller look closer).
    fn runs_of(
        &self,
        folded: &str,
        markers: &mut Vec<usize>,
        runs: &mut Vec<Run>,
        marked: &mut [Vec<usize>; 2],
    ) {
        runs.reserve(folded.len() / 6);
        let mut seconds = 0;
        for_each_run(folded, |start, end, hash| {
            if let Some(&key) = self.run_index.get(&hash) {
                if key.marker {
                    markers.push(start);
                }
                if key.info != NO_INFO {
                    let count = runs.len();
                    if let Some(last) = runs.last_mut() {
                        last.pairs_next = seconds & second_bit(hash) != 0;
                        push_if_marked(marked, last, count - 1);
                    }
                    seconds = key.seconds;
                    runs.push(Run {
                        start,
                        end,
                        hash,
                        info: key.info,
                        roles: key.roles,
                        pairs_next: false,
                    });
                }
            }
        });
        if let Some(last) = runs.last() {
            push_if_marked(marked, last, runs.len() - 1);
        }
    }

    fn role(&self, run: &Run, set: usize) -> &RunRole {
        &self.runs[run.info as usize].sets[set]
    }

    /// Pushes the longest whole-word hit of pattern set `set` at each leftmost start
    /// onto `kept`, and the whole-word hits lying inside each of those onto `inner`.
    fn collect(
        &self,
        set: usize,
        haystack: &str,
        scan: Scan,
        kept: &mut Vec<Mention>,
        inner: &mut Vec<Mention>,
    ) {
        let patterns = &self.sets[set];
        let runs = scan.runs;
        let mut pos = 0;
        for &i in &scan.marked[set] {
            let run = &runs[i];
            let roles = run.roles[set];
            if roles & HAS_SYMBOL_LEADS != 0 {
                for &lead in &self.role(run, set).symbol_leads {
                    let Some(start) = run.start.checked_sub(lead).filter(|&s| s >= pos) else {
                        continue;
                    };
                    let at = patterns.at(haystack, start, haystack.len(), SYMBOL_PART);
                    if let Some(hit) = at.into_iter().flatten().next() {
                        self.inner_hits(set, haystack, scan, i, hit, inner);
                        kept.push(hit);
                        pos = hit.end;
                    }
                }
            }
            if roles == 0 || run.start < pos {
                continue;
            }
            let phrase = self
                .walks_from(set, scan, i)
                .then(|| {
                    let part = patterns.part_of(run.hash);
                    patterns
                        .at(haystack, run.start, haystack.len(), part)?
                        .next()
                })
                .flatten();
            if let Some(hit) = phrase {
                self.inner_hits(set, haystack, scan, i, hit, inner);
                kept.push(hit);
                pos = hit.end;
            } else if let Some(hit) = self.single(set, haystack, run) {
                kept.push(hit);
                pos = hit.end;
            }
        }
    }

    /// Whether a phrase of the automaton can begin at `runs[i]`: it begins a one-run
    /// phrase with symbols, or it and the runs after it, with the symbols between
    /// them, begin a longer phrase (the first two of a two-run phrase, the first three
    /// of a longer one). `runs` holds only the runs some pattern has: when the text's
    /// next run is not among them, what lies between holds a word character, which no
    /// phrase has between two runs.
    fn walks_from(&self, set: usize, scan: Scan, i: usize) -> bool {
        let (folded, runs) = (scan.folded, scan.runs);
        let roles = runs[i].roles[set];
        if roles & BEGINS_SYMBOL_PHRASE != 0 {
            return true;
        }
        if roles & BEGINS_PHRASE == 0 {
            return false;
        }
        let Some(second) = runs.get(i + 1).filter(|_| runs[i].pairs_next) else {
            return false;
        };
        let pair = chain_key(
            runs[i].hash,
            &folded[runs[i].end..second.start],
            second.hash,
        );
        match self.pairs.get(&pair) {
            Some(&more) if more & ENDS_AFTER_TWO != 0 => true,
            Some(_) => runs.get(i + 2).is_some_and(|third| {
                let triple = chain_key(pair, &folded[second.end..third.start], third.hash);
                self.triples.contains(&triple)
            }),
            None => false,
        }
    }

    /// The single-run pattern of `set` equal to `run` in `haystack`, if any.
    fn single(&self, set: usize, haystack: &str, run: &Run) -> Option<Mention> {
        if run.roles[set] & HAS_SINGLES == 0 {
            return None;
        }
        self.sets[set].single(self.role(run, set), haystack, run)
    }

    /// Pushes every whole-word hit of `set` lying inside `hit` (a phrase of the
    /// automaton, so it spans several runs or symbols) onto `inner`; `scan.runs[first]`
    /// is the first run at or after the hit's start.
    fn inner_hits(
        &self,
        set: usize,
        haystack: &str,
        scan: Scan,
        first: usize,
        hit: Mention,
        inner: &mut Vec<Mention>,
    ) {
        let patterns = &self.sets[set];
        let other = |m: &Mention| (m.start, m.end) != (hit.start, hit.end);
        for (j, run) in scan.runs.iter().enumerate().skip(first) {
            if run.start >= hit.end {
                break;
            }
            if run.roles[set] & HAS_SYMBOL_LEADS != 0 {
                for &lead in &self.role(run, set).symbol_leads {
                    if let Some(start) = run.start.checked_sub(lead).filter(|&s| s >= hit.start) {
                        let at = patterns.at(haystack, start, hit.end, SYMBOL_PART);
                        inner.extend(at.into_iter().flatten().filter(other));
                    }
                }
            }
            if self.walks_from(set, scan, j) {
                // From the hit's own start, the longest phrase is the hit itself:
                // search only for shorter ones.
                let limit = hit.end - usize::from(run.start == hit.start);
                let at = patterns.at(haystack, run.start, limit, patterns.part_of(run.hash));
                inner.extend(at.into_iter().flatten().filter(other));
            }
            if run.end <= hit.end {
                inner.extend(self.single(set, haystack, run).filter(other));
            }
        }
    }
}

/// Builds the run table: what each run (folded) of each pattern means.
#[derive(Default)]
struct RunTable {
    index: HashMap<u64, RunKey, PassThrough>,
    runs: Vec<RunInfo>,
    pairs: HashMap<u64, u8, PassThrough>,
    triples: HashSet<u64, PassThrough>,
}

impl RunTable {
    /// The table of every pattern of both sets (`folded[set][p]` is pattern `p`
    /// folded; `single[set][p]` says whether it is one run).
    fn build(
        patterns: &[Vec<(String, EntryId)>; 2],
        folded: &[Vec<FoldedPattern>; 2],
        single: &[Vec<bool>; 2],
        markers: &[&str],
    ) -> Result<RunTable> {
        let mut table = RunTable::default();
        for set in [FOLDED, EXACT] {
            for (index, (text, _)) in patterns[set].iter().enumerate() {
                table.add(set, index, text, &folded[set][index], single[set][index])?;
            }
        }
        for marker in markers {
            let folded = FoldedPattern::new(marker);
            if !folded.is_single_run() {
                return Err(Error::Matcher(format!(
                    "the marker {marker:?} is not one word"
                )));
            }
            let hash = folded.runs[0].2;
            table
                .index
                .entry(hash)
                .or_insert(RunKey::new(NO_INFO))
                .marker = true;
        }
        Ok(table)
    }

    /// Records pattern `index` of `set` (`text`, `folded`).
    fn add(
        &mut self,
        set: usize,
        index: usize,
        text: &str,
        folded: &FoldedPattern,
        single: bool,
    ) -> Result<()> {
        let (runs, folded) = (&folded.runs, folded.text.as_str());
        let Some(&(start, _, hash)) = runs.first() else {
            return Err(Error::Matcher(format!(
                "the phrase {text:?} has no letter or digit"
            )));
        };
        let pattern = u32::try_from(index)
            .map_err(|_| Error::Matcher("more than 2^32 lexicon phrases".into()))?;
        let bit = if single {
            HAS_SINGLES
        } else if start > 0 {
            HAS_SYMBOL_LEADS
        } else if runs.len() == 1 {
            BEGINS_SYMBOL_PHRASE
        } else {
            let pair = chain_key(hash, &folded[runs[0].1..runs[1].0], runs[1].2);
            let more = match runs.get(2) {
                Some(third) => {
                    let triple = chain_key(pair, &folded[runs[1].1..third.0], third.2);
                    self.triples.insert(triple);
                    GOES_ON
                }
                None => ENDS_AFTER_TWO,
            };
            *self.pairs.entry(pair).or_default() |= more;
            self.role(hash, set, 0);
            self.key(hash).seconds |= second_bit(runs[1].2);
            BEGINS_PHRASE
        };
        // Every run of a phrase is known, so that the text's runs can be filtered to
        // the known ones without losing the second run of a pair.
        for &(_, _, later) in &runs[1..] {
            self.role(later, set, 0);
        }
        let role = self.role(hash, set, bit);
        if single {
            role.singles.push(pattern);
        } else if start > 0 && !role.symbol_leads.contains(&start) {
            role.symbol_leads.push(start);
            role.symbol_leads.sort_unstable_by(|a, b| b.cmp(a));
        }
        Ok(())
    }

    /// The key of the run with `hash` (which [`RunTable::role`] has added).
    fn key(&mut self, hash: u64) -> &mut RunKey {
        self.index.get_mut(&hash).expect("added by role")
    }

    /// The role of the run with `hash` in `set`, marked as having `bit`.
    fn role(&mut self, hash: u64, set: usize, bit: u8) -> &mut RunRole {
        let next = u32::try_from(self.runs.len()).expect("fewer runs than patterns");
        let key = self.index.entry(hash).or_insert(RunKey::new(next));
        key.roles[set] |= bit;
        let index = key.info;
        if index == next {
            self.runs.push(RunInfo::default());
        }
        &mut self.runs[index as usize].sets[set]
    }
}

impl PatternSet {
    /// The leftmost-longest, anchored automata of the `phrases` among `patterns`, in
    /// `count` parts built side by side: a phrase beginning with a run goes into the
    /// part [`PatternSet::part_of`] its run's hash, one beginning with symbols into
    /// [`SYMBOL_PART`]. A walk from a run's start searches the part of that run: a
    /// whole-word hit there begins with exactly that run (every phrase of an
    /// automaton has a symbol after its first run), so the phrases of the other parts
    /// cannot match there, and the longest hit is the same as in one automaton of
    /// all. Likewise only phrases beginning with symbols can match at a symbol.
    fn parts(
        set: usize,
        patterns: &[Vec<(String, EntryId)>; 2],
        folded: &[Vec<FoldedPattern>; 2],
        phrases: &[Vec<usize>; 2],
        count: usize,
    ) -> Result<Vec<Part>> {
        let (patterns, phrases) = (&patterns[set], &phrases[set]);
        let mut members = vec![Vec::new(); count];
        for (index, &p) in phrases.iter().enumerate() {
            let part = match folded[set][p].runs.first() {
                Some(&(0, _, hash)) => part_of(hash, count),
                _ => SYMBOL_PART,
            };
            members[part].push(u32::try_from(index).expect("fewer than 2^32 phrases"));
        }
        members
            .into_par_iter()
            .map(|phrases_of_part| {
                let automaton = if phrases_of_part.is_empty() {
                    None
                } else {
                    let texts = phrases_of_part
                        .iter()
                        .map(|&i| &patterns[phrases[i as usize]].0);
                    let built = AhoCorasickBuilder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .start_kind(StartKind::Anchored)
                        .kind(Some(AhoCorasickKind::ContiguousNFA))
                        .build(texts)
                        .map_err(|e| Error::Matcher(e.to_string()))?;
                    Some(built)
                };
                Ok(Part {
                    automaton,
                    phrases: phrases_of_part,
                })
            })
            .collect()
    }

    /// The part holding the phrases that begin with the run of `hash`.
    fn part_of(&self, hash: u64) -> usize {
        part_of(hash, self.parts.len())
    }

    fn new(patterns: Vec<(String, EntryId)>, phrases: &[usize], parts: Vec<Part>) -> PatternSet {
        let edges = phrases
            .iter()
            .map(|&p| {
                let text = &patterns[p].0;
                let first = text.chars().next().is_some_and(is_word_char);
                let last = text.chars().next_back().is_some_and(is_word_char);
                (first, last)
            })
            .collect();
        PatternSet {
            parts,
            phrase_entries: phrases.iter().map(|&p| patterns[p].1).collect(),
            edges,
            patterns,
        }
    }

    /// The single-run pattern equal to `run` in `haystack`, if any.
    fn single(&self, role: &RunRole, haystack: &str, run: &Run) -> Option<Mention> {
        let bytes = &haystack.as_bytes()[run.start..run.end];
        role.singles.iter().find_map(|&p| {
            let (text, entry) = &self.patterns[p as usize];
            (text.as_bytes() == bytes).then_some(Mention {
                entry: *entry,
                start: run.start,
                end: run.end,
            })
        })
    }

    /// The whole-word phrase hits of part `part` beginning at `start` and ending by
    /// `limit`, longest first; `None` when the part has no phrase.
    fn at<'h>(
        &'h self,
        haystack: &'h str,
        start: usize,
        limit: usize,
        part: usize,
    ) -> Option<impl Iterator<Item = Mention> + 'h> {
        let part = self.parts.get(part)?;
        let automaton = part.automaton.as_ref()?;
        let mut end = limit;
        Some(std::iter::from_fn(move || loop {
            if end <= start {
                return None;
            }
            let input = Input::new(haystack)
                .span(start..end)
                .anchored(Anchored::Yes);
            let m = automaton.find(input)?;
            end = m.end() - 1;
            let phrase = part.phrases[m.pattern().as_usize()] as usize;
            if let Some(hit) = self.mention(haystack, phrase, m.start(), m.end()) {
                return Some(hit);
            }
        }))
    }

    /// The hit of phrase `phrase` at `start..end` if it is a whole word there.
    fn mention(&self, haystack: &str, phrase: usize, start: usize, end: usize) -> Option<Mention> {
        let (check_start, check_end) = self.edges[phrase];
        if check_start && ends_in_word_char(&haystack[..start]) {
            return None;
        }
        if check_end && starts_with_word_char(&haystack[end..]) {
            return None;
        }
        Some(Mention {
            entry: self.phrase_entries[phrase],
            start,
            end,
        })
    }
}

/// The part of `count` a phrase beginning with the run of `hash` is in.
fn part_of(hash: u64, count: usize) -> usize {
    (hash % count.max(1) as u64) as usize
}

/// A pattern case-folded, and its runs (start, end, hash) in the folded text: what
/// the run table and the automaton parts read of it.
struct FoldedPattern {
    text: String,
    runs: Vec<(usize, usize, u64)>,
}

impl FoldedPattern {
    fn new(pattern: &str) -> FoldedPattern {
        let text = fold_case(pattern);
        let mut runs = Vec::new();
        for_each_run(&text, |start, end, hash| runs.push((start, end, hash)));
        FoldedPattern { text, runs }
    }

    /// Whether the pattern is one run of word characters.
    fn is_single_run(&self) -> bool {
        matches!(self.runs[..], [(0, end, _)] if end == self.text.len())
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

/// The kept hits (leftmost-longest over both pattern sets' candidates) and the hits
/// of other entries nested in each, from the candidates' own overlaps and from the
/// `inner` hits found inside them.
fn resolve(candidates: Vec<Mention>, inner: Vec<Mention>) -> (Vec<Mention>, Vec<(usize, Mention)>) {
    let (kept, mut nested) = resolve_leftmost_longest(candidates);
    for hit in inner {
        let holder = kept
            .partition_point(|k| k.start <= hit.start)
            .checked_sub(1);
        if let Some(h) = holder.filter(|&h| hit.end <= kept[h].end && kept[h].entry != hit.entry) {
            nested.push((h, hit));
        }
    }
    nested.sort_by_key(|(_, m)| (m.start, m.end, m.entry));
    nested.dedup();
    (kept, nested)
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

    proptest::proptest! {
        /// Texts made of the test lexicon's words and symbols, in any order and case,
        /// with any separators: the run-table matcher finds what the reference finds.
        #[test]
        fn agrees_with_the_reference(pieces in proptest::collection::vec(0usize..PIECES.len(), 0..40)) {
            let lexicon = Lexicon::from_str(Path::new("t.tsv"), LEXICON).expect("test lexicon");
            let reference = reference::Reference::new(&lexicon);
            let text: String = pieces.iter().map(|&p| PIECES[p]).collect();
            // Whatever the number of automaton parts.
            for parts in [1, 2, 5, AUTOMATON_PARTS] {
                let matcher = SkillMatcher::build(&lexicon, &[], parts).expect("matcher");
                proptest::prop_assert_eq!(matcher.find_with_nested(&text), reference.find_with_nested(&text));
            }
        }
    }

    proptest::proptest! {
        /// Runs are the maximal runs of word characters, whatever blocks of eight or
        /// sixty-four they fall in, and a run's hash depends on its bytes only. Texts
        /// of up to 300 characters, non-ASCII ones kept only every `sparse`-th
        /// character (1: all kept), so that long ASCII stretches meet non-ASCII bytes
        /// anywhere.
        #[test]
        fn runs_and_their_hashes(
            chars in proptest::collection::vec(0usize..RUN_CHARS.len(), 0..300),
            sparse in 1usize..400,
        ) {
            let text: String = chars
                .iter()
                .map(|&c| RUN_CHARS[c])
                .enumerate()
                .filter(|&(i, c)| c.is_ascii() || i % sparse == 0)
                .map(|(_, c)| c)
                .collect();
            let mut expected = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (is_word_char(c) && i < text.len(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        expected.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            let mut found = Vec::new();
            for_each_run(&text, |s, e, hash| found.push((s, e, hash)));
            proptest::prop_assert_eq!(
                found.iter().map(|&(s, e, _)| (s, e)).collect::<Vec<_>>(),
                expected
            );
            for (s, e, hash) in found {
                let mut alone = Vec::new();
                for_each_run(&text[s..e], |_, _, h| alone.push(h));
                proptest::prop_assert_eq!(alone, vec![hash]);
            }
        }
    }

    const RUN_CHARS: &[char] = &[
        'a', 'b', 'Z', '0', '9', '_', ' ', '.', '-', '\n', 'é', '•', 'ß', '\u{a0}',
    ];

    const PIECES: &[&str] = &[
        " ",
        "  ",
        "\n",
        ".",
        ",",
        "+",
        "++",
        "#",
        "(",
        ")",
        "/",
        "-",
        "é",
        "_",
        "c",
        "C",
        "java",
        "Java",
        "script",
        "JavaScript",
        "net",
        "NET",
        "asp",
        "node",
        "js",
        "comptia",
        "A",
        "a",
        "it",
        "IT",
        "go",
        "Go",
        "GO",
        "r",
        "R",
        "data",
        "entry",
        "clerk",
        "clerks",
        "work",
        "customer",
        "services",
        "service",
        "pbt",
        "ascp",
        "crème",
        "brûlée",
        "ms",
        "word",
        "Word",
        "excel",
        "EXCEL",
        "microsoft",
        "cpr",
        "bls",
        "basic",
        "life",
        "support",
    ];

    /// The big lexicon on the livecareer texts, when both are there (run by hand:
    /// `cargo test --release --lib big_lexicon_agrees -- --ignored`).
    #[test]
    #[ignore]
    fn big_lexicon_agrees_with_the_reference() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let lexicon = Lexicon::load_dir(&root.join("target/big-lexicon")).expect("big lexicon");
        let matcher = SkillMatcher::new(&lexicon).expect("matcher");
        let reference = reference::Reference::new(&lexicon);
        let dir = root.join("../shared/data/livecareer_resumes/txt");
        let mut checked = 0;
        for occupation in std::fs::read_dir(&dir).expect("livecareer txt") {
            for file in std::fs::read_dir(occupation.expect("dir").path()).expect("dir") {
                let text =
                    normalize(&std::fs::read_to_string(file.expect("file").path()).expect("text"));
                let (ours, theirs) = (
                    matcher.find_with_nested(&text),
                    reference.find_with_nested(&text),
                );
                let shown = |m: &Mention| format!("{}@{}", &text[m.start..m.end], m.start);
                assert_eq!(
                    ours.0.iter().map(shown).collect::<Vec<_>>(),
                    theirs.0.iter().map(shown).collect::<Vec<_>>()
                );
                assert_eq!(ours, theirs);
                checked += 1;
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn matcher_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SkillMatcher>();
    }
}
