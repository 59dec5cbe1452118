//! Gazetteers: name lists compiled into one Aho-Corasick automaton.
//!
//! Takes lists in quarry's TSV format (`gazetteers/README.md`): the shipped
//! ones, embedded in the binary at build time, and the user's own. Gives a
//! [`Gazetteer`] that finds every listed surface in a text in one pass.
//!
//! The design decision a reader must know: **all lists go into a single
//! automaton** (leftmost-longest), built once and shared by every thread, and
//! every distinct surface is one pattern that points at the entries that own
//! it. Matching is case-sensitive, with an ALL-CAPS variant of each surface
//! added as its own pattern so headlines in capitals still match, and a match
//! counts only on word boundaries.
//!
//! Up to [`DOUBLE_ARRAY_MAX_PATTERNS`] patterns (the shipped lists and any
//! user list short of half a million names) the automaton is daachorse's
//! double-array Aho-Corasick: it builds faster than aho-corasick's NFA and
//! stays linear on names that are prefixes of one another, where the NFA's
//! build goes quadratic, but its builder needs about twice the NFA's
//! memory. Past that size the automaton is split, built in parallel and
//! searched as one (the matches are exactly those of one automaton over
//! every pattern): the shipped lists in a double array of their own, the
//! user's patterns in contiguous NFAs of at most [`NFA_PART_PATTERNS`].
//! Patterns are sorted before the build, which makes the tries two to three
//! times faster to build. A million user names build in 2.5 s on two cores
//! and scan at 0.6 times the speed of the shipped lists alone.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder};
use rayon::slice::ParallelSliceMut;

use crate::model::{EntityType, Sex, Span};

pub mod check;
pub mod formats;

pub use formats::{ListEntry, ListFormat, ListProblem, ParsedList};

/// The shipped lists, embedded at build time (see `build.rs`).
const SHIPPED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped_gazetteers.rs"));

/// An error while loading or building gazetteers, with the file and line.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{list}:{line}: {message}")]
    Parse {
        /// The list name or path.
        list: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The automaton could not be built (too large).
    #[error("building the gazetteer automaton: {0}")]
    Build(String),
}

/// How a surface relates to its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The surface names the entry.
    Name,
    /// The surface is a demonym or adjective of the entry ("Uzbek").
    Demonym,
}

/// One listed thing: a person, place or organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Stable id: a Wikidata QID, `geonames:N` or `slug:name`.
    pub id: Arc<str>,
    /// Its type.
    pub kind: EntityType,
    /// Canonical name.
    pub name: Arc<str>,
    /// Subtype (`country`, `city`, `news`, `head-of-state`, ...).
    pub subtype: Option<Arc<str>>,
    /// Population for places (0 when unknown).
    pub population: u64,
    /// The surface is also a common word or name: accept it only with
    /// supporting context.
    pub ambiguous: bool,
    /// Sex hint for people.
    pub sex: Option<Sex>,
    /// The list it came from (`places/countries`, a user file path, ...).
    pub list: Arc<str>,
    /// Priority: user lists beat shipped ones; higher wins a tie.
    pub priority: i32,
    /// For a user entry with RegexNER overwritable types: the shipped types
    /// it may outrank on the same surface (`None`: any).
    pub overwrite: Option<Arc<[EntityType]>>,
}

/// One surface in the automaton and the entries that own it.
#[derive(Clone, Debug)]
struct Pattern {
    owners: Vec<(u32, Role)>,
}

/// A gazetteer match in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GazMatch {
    /// Where it is (byte offsets).
    pub span: Span,
    /// Pattern index, for [`Gazetteer::owners`].
    pub pattern: u32,
}

/// Up to this many patterns the automaton is one double array; above it the
/// user's patterns go into aho-corasick NFAs (the double array's builder
/// would pass 1 GB of memory near a million names) and only the shipped
/// lists keep a double array.
pub const DOUBLE_ARRAY_MAX_PATTERNS: usize = 500_000;

/// Above [`DOUBLE_ARRAY_MAX_PATTERNS`] the user's patterns go into NFAs of
/// at most this many, built in parallel with the shipped lists' double
/// array and searched together (see the module overview).
pub const NFA_PART_PATTERNS: usize = 1_500_000;

/// One compiled automaton over a contiguous range of the pattern ids.
#[derive(Clone)]
enum Part {
    DoubleArray(DoubleArrayAhoCorasick<u32>),
    Nfa(AhoCorasick),
}

impl Part {
    fn build(patterns: &[&str], double_array: bool) -> Result<Part, String> {
        if double_array {
            DoubleArrayAhoCorasickBuilder::new()
                .match_kind(daachorse::MatchKind::LeftmostLongest)
                .build(patterns)
                .map(Part::DoubleArray)
                .map_err(|e| e.to_string())
        } else {
            AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(patterns)
                .map(Part::Nfa)
                .map_err(|e| e.to_string())
        }
    }

    /// Calls `f(start, end, pattern)` for every match, left to right.
    #[inline]
    fn for_each(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        match self {
            Part::DoubleArray(a) => {
                for m in a.leftmost_find_iter(text) {
                    f(m.start(), m.end(), m.value() as usize);
                }
            }
            Part::Nfa(a) => {
                for m in a.find_iter(text) {
                    f(m.start(), m.end(), m.pattern().as_usize());
                }
            }
        }
    }

    /// The leftmost-longest match that starts at or after byte `at`.
    fn find_from(&self, text: &str, at: usize) -> Option<(usize, usize, usize)> {
        match self {
            Part::DoubleArray(a) => a
                .leftmost_find_iter(&text.as_bytes()[at..])
                .next()
                .map(|m| (at + m.start(), at + m.end(), m.value() as usize)),
            Part::Nfa(a) => a
                .find(aho_corasick::Input::new(text).range(at..))
                .map(|m| (m.start(), m.end(), m.pattern().as_usize())),
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Part::DoubleArray(a) => a.heap_bytes(),
            Part::Nfa(a) => a.memory_usage(),
        }
    }
}

/// `range` cut into the fewest parts of at most `per_part` ids, of equal
/// size but the last.
fn even_chunks(
    range: std::ops::Range<usize>,
    per_part: usize,
) -> impl Iterator<Item = std::ops::Range<usize>> {
    let count = range.len().div_ceil(per_part.max(1)).max(1);
    let size = range.len().div_ceil(count).max(1);
    let end = range.end;
    range.step_by(size).map(move |s| s..(s + size).min(end))
}

/// The compiled surfaces, leftmost-longest over all of them: one double
/// array, or for the largest lists a double array of the shipped lists'
/// patterns and NFAs of the user's (see the module overview).
#[derive(Clone)]
struct Automaton {
    /// Each part with the id of its first pattern.
    parts: Vec<(Part, usize)>,
}

impl Automaton {
    /// The automaton over `patterns`, whose first `shipped` are the
    /// shipped lists': one double array up to
    /// [`DOUBLE_ARRAY_MAX_PATTERNS`]; past it, the shipped patterns in a
    /// double array of their own (fast to build and to scan; most matches
    /// are theirs) and the user's in NFAs of at most [`NFA_PART_PATTERNS`].
    fn build(patterns: &[&str], shipped: usize) -> Result<Automaton, String> {
        let n = patterns.len();
        if n <= DOUBLE_ARRAY_MAX_PATTERNS {
            return Automaton::build_parts(patterns, vec![(0..n, true)]);
        }
        let mut plan = Vec::new();
        let head = if (1..=DOUBLE_ARRAY_MAX_PATTERNS).contains(&shipped) {
            plan.push((0..shipped, true));
            shipped
        } else {
            0
        };
        plan.extend(even_chunks(head..n, NFA_PART_PATTERNS).map(|r| (r, false)));
        Automaton::build_parts(patterns, plan)
    }

    /// Parts of at most `per_part` patterns (of equal size), all of one
    /// kind.
    #[cfg(test)]
    fn build_as(
        patterns: &[&str],
        double_array: bool,
        per_part: usize,
    ) -> Result<Automaton, String> {
        let plan = even_chunks(0..patterns.len(), per_part)
            .map(|r| (r, double_array))
            .collect();
        Automaton::build_parts(patterns, plan)
    }

    /// Builds the planned parts (a range of pattern ids and whether it is a
    /// double array), in parallel.
    fn build_parts(
        patterns: &[&str],
        plan: Vec<(std::ops::Range<usize>, bool)>,
    ) -> Result<Automaton, String> {
        use rayon::prelude::*;
        if plan.is_empty() || patterns.is_empty() {
            // No patterns: one empty automaton, which matches nothing.
            return Ok(Automaton {
                parts: vec![(Part::build(&[], true)?, 0)],
            });
        }
        let parts = plan
            .into_par_iter()
            .map(|(range, double)| {
                Part::build(&patterns[range.clone()], double).map(|p| (p, range.start))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Automaton { parts })
    }

    /// Calls `f(start, end, pattern)` for every match, left to right:
    /// leftmost-longest over the patterns of all parts together.
    ///
    /// With several parts, each part's next match from the current position
    /// is kept; the one that starts first (the longer on a tie: no surface
    /// is in two parts, so two matches with the same start differ in
    /// length) is reported and the position moves to its end; parts whose
    /// kept match starts before the new position search again from it. A
    /// kept match that starts at or after the position stays valid, since
    /// a search from the position could find no match that starts earlier.
    /// That is what a single automaton over every pattern reports.
    #[inline]
    fn for_each(&self, text: &str, f: impl FnMut(usize, usize, usize)) {
        if let [(part, 0)] = self.parts.as_slice() {
            part.for_each(text, f);
        } else {
            self.for_each_merged(text, f);
        }
    }

    /// [`Automaton::for_each`] over several parts; kept out of line so the
    /// one-part scan stays a tight loop.
    #[inline(never)]
    fn for_each_merged(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        let mut next: Vec<Option<(usize, usize, usize)>> = self
            .parts
            .iter()
            .map(|(p, _)| p.find_from(text, 0))
            .collect();
        loop {
            let mut best: Option<usize> = None;
            for (i, m) in next.iter().enumerate() {
                let Some((s, e, _)) = *m else { continue };
                let better = match best.and_then(|b| next[b]) {
                    None => true,
                    Some((bs, be, _)) => s < bs || (s == bs && e > be),
                };
                if better {
                    best = Some(i);
                }
            }
            let Some(b) = best else { return };
            let (s, e, p) = next[b].expect("best is a kept match");
            f(s, e, self.parts[b].1 + p);
            for (i, m) in next.iter_mut().enumerate() {
                if m.is_some_and(|(ms, _, _)| ms < e) {
                    *m = self.parts[i].0.find_from(text, e);
                }
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        self.parts.iter().map(|(p, _)| p.heap_bytes()).sum()
    }

    fn kind(&self) -> &'static str {
        let double = |p: &&(Part, usize)| matches!(p.0, Part::DoubleArray(_));
        let doubles = self.parts.iter().filter(double).count();
        match (self.parts.len(), doubles) {
            (1, 1) => "double-array",
            (1, _) => "contiguous NFA",
            (_, 0) => "contiguous NFAs",
            (n, d) if n == d => "double-arrays",
            _ => "double-array + contiguous NFAs",
        }
    }

    fn part_count(&self) -> usize {
        self.parts.len()
    }
}

/// Compiled gazetteers: one automaton over every surface of every list.
#[derive(Clone)]
pub struct Gazetteer {
    automaton: Automaton,
    /// Indexed by automaton pattern id; ALL-CAPS variants point at the same
    /// pattern record through `pattern_of`.
    pattern_of: Vec<u32>,
    patterns: Vec<Pattern>,
    entries: Vec<Entry>,
    warnings: Vec<String>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("patterns", &self.pattern_of.len())
            .field("surfaces", &self.patterns.len())
            .field("entries", &self.entries.len())
            .field("automaton", &self.automaton.kind())
            .field("automaton_bytes", &self.automaton.heap_bytes())
            .finish()
    }
}

impl Gazetteer {
    /// A builder with the shipped lists on.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// All entries, indexed by the ids in [`Gazetteer::owners`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Lines of user lists that were skipped (unsupported patterns), as
    /// `list:line: message`.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Number of distinct surfaces.
    pub fn surface_count(&self) -> usize {
        self.patterns.len()
    }

    /// The entries owning a matched pattern (index into
    /// [`Gazetteer::entries`], entry, the surface's role), highest priority
    /// first.
    pub fn owners(&self, m: &GazMatch) -> impl Iterator<Item = (u32, &Entry, Role)> + '_ {
        self.patterns[m.pattern as usize]
            .owners
            .iter()
            .map(|&(e, r)| (e, &self.entries[e as usize], r))
    }

    /// The number of raw automaton matches in `text`, before the
    /// word-boundary test (for benchmarks of the raw scan).
    pub fn raw_match_count(&self, text: &str) -> usize {
        let mut n = 0;
        self.automaton.for_each(text, |_, _, _| n += 1);
        n
    }

    /// Which automaton holds the patterns: `double-array`; for the largest
    /// lists, split into parts (see [`Gazetteer::automaton_parts`]),
    /// `double-array + contiguous NFAs`, or `contiguous NFAs` without the
    /// shipped lists.
    pub fn automaton_kind(&self) -> &'static str {
        self.automaton.kind()
    }

    /// How many automata the patterns are split into: 1 up to
    /// [`DOUBLE_ARRAY_MAX_PATTERNS`]; past it, one for the shipped lists
    /// and one per [`NFA_PART_PATTERNS`] of the user's.
    pub fn automaton_parts(&self) -> usize {
        self.automaton.part_count()
    }

    /// Heap bytes of the automaton.
    pub fn automaton_bytes(&self) -> usize {
        self.automaton.heap_bytes()
    }

    /// Number of automaton patterns: the surfaces and their ALL-CAPS
    /// variants.
    pub fn pattern_count(&self) -> usize {
        self.pattern_of.len()
    }

    /// Appends the matches in `text` to `out`: leftmost-longest, on word
    /// boundaries.
    pub fn find_into(&self, text: &str, out: &mut Vec<GazMatch>) {
        let bytes = text.as_bytes();
        self.automaton.for_each(text, |s, e, p| {
            if is_boundary_before(bytes, text, s) && is_boundary_after(bytes, text, e) {
                out.push(GazMatch {
                    span: Span::new(s, e),
                    pattern: self.pattern_of[p],
                });
            }
        });
    }

    /// The matches in `text`.
    pub fn find(&self, text: &str) -> Vec<GazMatch> {
        let mut out = Vec::new();
        self.find_into(text, &mut out);
        out
    }
}

/// How wide a kind of place is, for choosing among same-named entries.
fn subtype_rank(e: &Entry) -> u8 {
    match e.subtype.as_deref() {
        Some("country") => 6,
        Some("territory") => 5,
        // News means the capital or the metropolis by "Washington" and
        // "New York", not the state.
        Some("capital") => 4,
        Some("city") if e.population >= 1_000_000 => 4,
        Some("continent" | "region" | "admin1") => 3,
        Some("city") => 1,
        _ => 0,
    }
}

/// True when a word cannot continue across byte `i` from the left.
fn is_boundary_before(bytes: &[u8], text: &str, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let b = bytes[i - 1];
    if b.is_ascii() {
        return !(b.is_ascii_alphanumeric() || b == b'_');
    }
    !text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// True when a word cannot continue across byte `i` to the right.
fn is_boundary_after(bytes: &[u8], text: &str, i: usize) -> bool {
    if i >= bytes.len() {
        return true;
    }
    let b = bytes[i];
    if b.is_ascii() {
        return !(b.is_ascii_alphanumeric() || b == b'_');
    }
    !text[i..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Where a list comes from.
#[derive(Clone, Debug)]
enum ListSource {
    File(PathBuf, Option<ListFormat>),
    Text {
        name: String,
        text: String,
        format: ListFormat,
    },
}

/// Builds a [`Gazetteer`] from the shipped lists and the user's.
///
/// User lists outrank shipped ones (priority +10 on top of any priority the
/// file gives); their format is detected from the extension and content
/// unless given.
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    shipped: bool,
    user: Vec<ListSource>,
    type_map: Vec<(String, String)>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        GazetteerBuilder {
            shipped: true,
            user: Vec::new(),
            type_map: Vec::new(),
        }
    }
}

/// The longest surface a list may hold: a name, not a paragraph.
pub const MAX_SURFACE_BYTES: usize = 1024;

/// The most surfaces all lists together may hold, so a runaway list fails
/// with a message instead of exhausting memory (a million names need
/// about 0.8 GB while building).
pub const MAX_SURFACES: usize = 5_000_000;

/// Above this many distinct surfaces no ALL-CAPS variants are added.
pub const CAPS_VARIANT_LIMIT: usize = 250_000;

/// Priority added to every entry of a user list, so it beats shipped lists.
const USER_PRIORITY: i32 = 10;

impl GazetteerBuilder {
    /// Whether the shipped lists are included (default true).
    pub fn shipped(&mut self, yes: bool) -> &mut Self {
        self.shipped = yes;
        self
    }

    /// Adds a user list file; its format is detected.
    pub fn add_file<P: AsRef<Path>>(&mut self, path: P) -> &mut Self {
        self.user
            .push(ListSource::File(path.as_ref().to_path_buf(), None));
        self
    }

    /// Adds a user list file in a given format.
    pub fn add_file_as<P: AsRef<Path>>(&mut self, path: P, format: ListFormat) -> &mut Self {
        self.user
            .push(ListSource::File(path.as_ref().to_path_buf(), Some(format)));
        self
    }

    /// Adds a user list given as text (quarry TSV), named `name` in errors.
    pub fn add_text(&mut self, name: &str, text: &str) -> &mut Self {
        self.user.push(ListSource::Text {
            name: name.to_string(),
            text: text.to_string(),
            format: ListFormat::Quarry,
        });
        self
    }

    /// Maps other tools' labels to quarry's types (`GPE` → `PLACE`);
    /// unmapped labels outside PERSON/PLACE/ORG stay custom types.
    pub fn type_map(&mut self, map: Vec<(String, String)>) -> &mut Self {
        self.type_map = map;
        self
    }

    /// Parses every list and compiles the automaton.
    pub fn build(&self) -> Result<Gazetteer, GazetteerError> {
        let mut acc = Accumulator::default();
        if self.shipped {
            for (name, text) in SHIPPED {
                acc.add_list(name, formats::parse_quarry(text, &[]), 0)?;
            }
        }
        for src in &self.user {
            match src {
                ListSource::File(path, format) => {
                    let text = read_list(path)?;
                    let format = format.unwrap_or_else(|| formats::detect(path, &text));
                    let parsed = formats::parse(format, &text, &self.type_map);
                    acc.add_list(&path.display().to_string(), parsed, USER_PRIORITY)?;
                }
                ListSource::Text { name, text, format } => {
                    let parsed = formats::parse(*format, text, &self.type_map);
                    acc.add_list(name, parsed, USER_PRIORITY)?;
                }
            }
        }
        acc.build()
    }
}

/// Reads a list file, naming it in the error.
pub(crate) fn read_list(path: &Path) -> Result<String, GazetteerError> {
    std::fs::read_to_string(path).map_err(|source| GazetteerError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Collects entries and surfaces before compilation.
#[derive(Default)]
struct Accumulator {
    entries: Vec<Entry>,
    surfaces: HashMap<Arc<str>, u32>,
    patterns: Vec<Pattern>,
    surface_list: Vec<Arc<str>>,
    warnings: Vec<String>,
    interned: HashMap<String, Arc<str>>,
}

impl Accumulator {
    /// Adds a parsed list. Malformed lines are an error naming the list
    /// and line; unsupported ones become warnings.
    fn add_list(
        &mut self,
        list: &str,
        parsed: ParsedList,
        priority: i32,
    ) -> Result<(), GazetteerError> {
        if let Some(p) = parsed.problems.iter().find(|p| p.malformed) {
            return Err(GazetteerError::Parse {
                list: list.to_string(),
                line: p.line,
                message: p.message.clone(),
            });
        }
        for p in &parsed.problems {
            self.warnings
                .push(format!("{list}:{}: {} (skipped)", p.line, p.message));
        }
        let list_name: Arc<str> = Arc::from(list);
        for e in &parsed.entries {
            if let Some((surface, _)) = e.surfaces().find(|(s, _)| s.len() > MAX_SURFACE_BYTES) {
                return Err(GazetteerError::Parse {
                    list: list.to_string(),
                    line: e.line,
                    message: format!(
                        "a surface of {} bytes is over the limit of {MAX_SURFACE_BYTES} (starts {:?})",
                        surface.len(),
                        surface.chars().take(40).collect::<String>()
                    ),
                });
            }
        }
        let adding: usize = parsed
            .entries
            .iter()
            .map(|e| 1 + e.aliases.len() + e.demonyms.len())
            .sum();
        if self.surface_list.len() + adding > MAX_SURFACES {
            return Err(GazetteerError::Build(format!(
                "{list}: more than {MAX_SURFACES} surfaces in all lists; split the list or raise the limit in the library"
            )));
        }
        for e in parsed.entries {
            let idx = self.entries.len() as u32;
            for (surface, demonym) in e.surfaces() {
                self.add_surface(
                    surface,
                    idx,
                    if demonym { Role::Demonym } else { Role::Name },
                );
            }
            let subtype = e.subtype.as_deref().map(|t| self.intern(t));
            self.entries.push(Entry {
                id: Arc::from(e.id),
                kind: e.kind,
                name: Arc::from(e.name),
                subtype,
                population: e.population,
                ambiguous: e.ambiguous,
                sex: e.sex,
                list: list_name.clone(),
                priority: priority + e.priority,
                overwrite: e.overwrite.map(Arc::from),
            });
        }
        Ok(())
    }

    /// One shared `Arc` per distinct subtype ("city" 30,000 times).
    fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.interned.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.interned.insert(s.to_string(), a.clone());
        a
    }

    fn add_surface(&mut self, surface: &str, entry: u32, role: Role) {
        let p = match self.surfaces.get(surface) {
            Some(&p) => p,
            None => {
                let p = self.patterns.len() as u32;
                // One allocation shared by the map and the list.
                let shared: Arc<str> = Arc::from(surface);
                self.surfaces.insert(shared.clone(), p);
                self.surface_list.push(shared);
                self.patterns.push(Pattern { owners: Vec::new() });
                p
            }
        };
        let owners = &mut self.patterns[p as usize].owners;
        if !owners.iter().any(|&(e, r)| e == entry && r == role) {
            owners.push((entry, role));
        }
    }

    fn build(mut self) -> Result<Gazetteer, GazetteerError> {
        // Two sections, each surfaces then their ALL-CAPS variants: the
        // surfaces only shipped entries own, then the rest (the user's).
        // The largest lists split the automaton between the two.
        let mut sections: [Vec<(&str, u32)>; 2] = [Vec::new(), Vec::new()];
        let mut caps: [Vec<(String, u32)>; 2] = [Vec::new(), Vec::new()];
        for (i, s) in self.surface_list.iter().enumerate() {
            let shipped_only = self.patterns[i]
                .owners
                .iter()
                .all(|&(e, _)| self.entries[e as usize].priority < USER_PRIORITY);
            let section = usize::from(!shipped_only);
            sections[section].push((s, i as u32));
            // An ALL-CAPS variant for headlines, unless the surface is
            // already in capitals or is listed in its own right. Past
            // CAPS_VARIANT_LIMIT surfaces the variants are left out: they
            // double the automaton's build time and memory for huge user
            // lists, where build time matters more than headlines.
            // Past the limit only shipped entries keep their variants: a
            // huge user list must not cost headline matches of the shipped
            // countries and capitals.
            if self.surface_list.len() > CAPS_VARIANT_LIMIT && !shipped_only {
                continue;
            }
            // Headlines in capitals name countries, capitals, big cities,
            // organisations and people; the variants of 40,000 small towns
            // would double the shipped automaton's build time for nothing.
            let major = self.patterns[i].owners.iter().any(|&(e, _)| {
                let e = &self.entries[e as usize];
                !(e.subtype.as_deref() == Some("city") && e.population < 500_000)
            });
            if !major {
                continue;
            }
            let upper = s.to_uppercase();
            if *upper != **s
                && upper.chars().filter(|c| c.is_alphabetic()).count() > 3
                && !self.surfaces.contains_key(upper.as_str())
            {
                caps[section].push((upper, i as u32));
            }
        }
        // Two surfaces can share a capital form ("McAllen" and "Mcallen"):
        // the automaton takes each pattern once, and the first keeps it.
        // Each section is sorted in byte order: the automata build their
        // tries two to three times faster from sorted patterns (a million
        // names: the NFA in 1.3 s instead of 3.8 s), and a pattern's id is
        // only an index.
        let mut seen_caps = std::collections::HashSet::new();
        let mut pairs: Vec<(&str, u32)> = Vec::with_capacity(self.surface_list.len() * 2);
        let mut shipped = 0;
        for (k, (section, caps)) in sections.iter().zip(&caps).enumerate() {
            let from = pairs.len();
            pairs.extend_from_slice(section);
            for (s, p) in caps {
                if seen_caps.insert(s.as_str()) {
                    pairs.push((s, *p));
                }
            }
            pairs[from..].par_sort_unstable_by(|a, b| a.0.cmp(b.0));
            if k == 0 {
                shipped = pairs.len();
            }
        }
        drop(sections);
        let (all, pattern_of): (Vec<&str>, Vec<u32>) = pairs.into_iter().unzip();
        // The surface map is done with: free it before the automaton's
        // build, the peak of memory (a million names: about 60 MB).
        drop(std::mem::take(&mut self.surfaces));
        let automaton = Automaton::build(&all, shipped).map_err(GazetteerError::Build)?;
        // Within a pattern: user lists first, then the wider kind of place
        // (a country before a state before a city: "Georgia"), then the
        // more populous.
        let mut patterns = self.patterns;
        for p in &mut patterns {
            p.owners.sort_by_key(|&(e, _)| {
                let e = &self.entries[e as usize];
                std::cmp::Reverse((e.priority, subtype_rank(e), e.population))
            });
            // RegexNER's overwritable types: a user entry that may not
            // overwrite the type of a shipped entry on the same surface
            // goes after the shipped entries (stable, so order is kept).
            let entries = &self.entries;
            let shipped_kinds: Vec<&EntityType> = p
                .owners
                .iter()
                .map(|&(s, _)| &entries[s as usize])
                .filter(|s| s.priority < USER_PRIORITY)
                .map(|s| &s.kind)
                .collect();
            let blocked = |e: u32| {
                entries[e as usize]
                    .overwrite
                    .as_ref()
                    .is_some_and(|types| shipped_kinds.iter().any(|k| !types.contains(k)))
            };
            if p.owners.iter().any(|&(e, _)| blocked(e)) {
                p.owners.sort_by_key(|&(e, _)| blocked(e));
            }
        }
        Ok(Gazetteer {
            automaton,
            pattern_of,
            patterns,
            entries: self.entries,
            warnings: self.warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches of `patterns` in `text` with the automaton built as
    /// given.
    fn raw_matches(
        patterns: &[&str],
        text: &str,
        double: bool,
        per_part: usize,
    ) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        Automaton::build_as(patterns, double, per_part)
            .unwrap()
            .for_each(text, |s, e, p| v.push((s, e, p)));
        v
    }

    #[test]
    fn both_automata_and_split_ones_find_the_same_matches() {
        let patterns = [
            "Route 1",
            "Route 12",
            "Route 123",
            "New York",
            "New York City",
            "York",
            "Ab",
            "Abc",
            "bcd",
            "c",
            "Kun.uz",
            "Zürich",
            "City Hall",
            "York City",
        ];
        let text =
            "Route 123 and Route 12 to New York City Hall, York, Abcd, Zürich, Kun.uz, Route 1";
        let double = raw_matches(&patterns, text, true, patterns.len());
        for per_part in 1..=patterns.len() {
            assert_eq!(double, raw_matches(&patterns, text, false, per_part));
            assert_eq!(double, raw_matches(&patterns, text, true, per_part));
        }
        let surfaces: Vec<&str> = double.iter().map(|&(s, e, _)| &text[s..e]).collect();
        assert_eq!(
            surfaces,
            [
                "Route 123",
                "Route 12",
                "New York City",
                "York",
                "Abc",
                "Zürich",
                "Kun.uz",
                "Route 1"
            ]
        );
    }

    proptest::proptest! {
        /// Split automata report what one automaton over every pattern
        /// reports, on dense overlapping patterns over a small alphabet.
        #[test]
        fn split_automata_match_one_automaton(
            patterns in proptest::collection::hash_set("[abc]{1,4}", 1..12),
            text in "[abc ]{0,40}",
            per_part in 1usize..6,
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            let one = raw_matches(&patterns, &text, false, patterns.len());
            proptest::prop_assert_eq!(&one, &raw_matches(&patterns, &text, true, patterns.len()));
            proptest::prop_assert_eq!(&one, &raw_matches(&patterns, &text, false, per_part));
            proptest::prop_assert_eq!(&one, &raw_matches(&patterns, &text, true, per_part));
            // A double array for the first ids, NFAs for the rest, as the
            // largest lists are built.
            let split = per_part.min(patterns.len());
            let mut plan = vec![(0..split, true)];
            plan.extend(even_chunks(split..patterns.len(), per_part).map(|r| (r, false)));
            let mut mixed = Vec::new();
            Automaton::build_parts(&patterns, plan)
                .unwrap()
                .for_each(&text, |s, e, p| mixed.push((s, e, p)));
            proptest::prop_assert_eq!(&one, &mixed);
        }
    }

    fn gaz(text: &str) -> Gazetteer {
        Gazetteer::builder()
            .shipped(false)
            .add_text("test", text)
            .build()
            .unwrap()
    }

    const LIST: &str = "# test list\n\
Q265\tPLACE\tUzbekistan\t\tkind=country;demonyms=Uzbek|Uzbeks\n\
Q159\tPLACE\tRussia\tRussian Federation\tkind=country;demonyms=Russian\n\
Q7747\tPERSON\tVladimir Putin\t\tsex=m\n\
slug:nice\tPLACE\tNice\t\tambiguous=1\n";

    #[test]
    fn finds_names_and_demonyms_on_word_boundaries() {
        let g = gaz(LIST);
        let text = "Uzbek officials met Vladimir Putin in Russia, not Russiaville. UZBEKISTAN";
        let found: Vec<(&str, Role)> = g
            .find(text)
            .iter()
            .map(|m| (m.span.slice(text), g.owners(m).next().unwrap().2))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Uzbek", Role::Demonym),
                ("Vladimir Putin", Role::Name),
                ("Russia", Role::Name),
                ("UZBEKISTAN", Role::Name)
            ]
        );
    }

    #[test]
    fn leftmost_longest_prefers_full_name() {
        let g = gaz(LIST);
        let text = "the Russian Federation said";
        let m = g.find(text);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].span.slice(text), "Russian Federation");
    }

    #[test]
    fn user_list_beats_shipped_in_owner_order() {
        let mut acc = Accumulator::default();
        acc.add_list(
            "shipped",
            formats::parse_quarry("x1\tPLACE\tJordan\n", &[]),
            0,
        )
        .unwrap();
        acc.add_list(
            "user",
            formats::parse_quarry("x2\tPERSON\tJordan\n", &[]),
            10,
        )
        .unwrap();
        let g = acc.build().unwrap();
        let m = g.find("Jordan");
        assert_eq!(g.owners(&m[0]).next().unwrap().1.kind, EntityType::Person);
    }

    #[test]
    fn regexner_overwritable_types_limit_what_a_user_entry_outranks() {
        let top = |user: &str| {
            let mut acc = Accumulator::default();
            acc.add_list(
                "shipped",
                formats::parse_quarry("x1\tPLACE\tJordan\t\tkind=country\n", &[]),
                0,
            )
            .unwrap();
            acc.add_list("user", formats::parse_regexner(user, &[]), USER_PRIORITY)
                .unwrap();
            let g = acc.build().unwrap();
            let m = g.find("Jordan");
            let kind = g.owners(&m[0]).next().unwrap().1.kind.clone();
            kind
        };
        // The shipped entry is a PLACE: LOCATION may be overwritten.
        assert_eq!(top("Jordan\tPERSON\tLOCATION,MISC\n"), EntityType::Person);
        // Only organisations may be: the shipped place stands.
        assert_eq!(top("Jordan\tPERSON\tORGANIZATION\n"), EntityType::Place);
        // No column, or an empty one: a user list beats a shipped one.
        assert_eq!(top("Jordan\tPERSON\n"), EntityType::Person);
        assert_eq!(top("Jordan\tPERSON\t\t2\n"), EntityType::Person);
    }

    #[test]
    fn priority_column_orders_user_entries() {
        let g = Gazetteer::builder()
            .shipped(false)
            .add_text(
                "a",
                "x1\tPLACE\tMercury\t\tpriority=1\nx2\tPERSON\tMercury\t\tpriority=5\n",
            )
            .build()
            .unwrap();
        let m = g.find("Mercury rose");
        assert_eq!(g.owners(&m[0]).next().unwrap().1.kind, EntityType::Person);
    }

    #[test]
    fn spacy_and_regexner_user_lists_load_with_type_map() {
        let dir = std::env::temp_dir().join(format!("quarry-gaz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spacy = dir.join("p.jsonl");
        std::fs::write(
            &spacy,
            "{\"label\": \"GPE\", \"pattern\": [{\"LOWER\": \"gotham\"}], \"id\": \"gth\"}\n",
        )
        .unwrap();
        let rner = dir.join("r.tsv");
        std::fs::write(&rner, "Wayne Enterprises\tORGANIZATION\n").unwrap();
        let g = Gazetteer::builder()
            .shipped(false)
            .type_map(vec![("GPE".into(), "PLACE".into())])
            .add_file(&spacy)
            .add_file(&rner)
            .build()
            .unwrap();
        let text = "Wayne Enterprises left Gotham.";
        let found: Vec<(&str, EntityType, &str)> = g
            .find(text)
            .iter()
            .map(|m| {
                let e = g.owners(m).next().unwrap().1;
                (m.span.slice(text), e.kind.clone(), &*e.id)
            })
            .collect();
        assert_eq!(found[0].1, EntityType::Org);
        assert_eq!(found[1], ("Gotham", EntityType::Place, "gth"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn oversized_surfaces_are_refused_with_their_line() {
        let long = "x".repeat(MAX_SURFACE_BYTES + 1);
        let err = Gazetteer::builder()
            .shipped(false)
            .add_text("big.tsv", &format!("a\tORG\tAcme\nb\tORG\t{long}\n"))
            .build()
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("big.tsv:2: a surface of 1025 bytes"),
            "{err}"
        );
    }

    #[test]
    fn parse_errors_name_the_line() {
        let err = Gazetteer::builder()
            .shipped(false)
            .add_text("mine.tsv", "# c\nonly-one-column\n")
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "mine.tsv:2: expected at least 3 tab-separated columns (id, type, name), found 1"
        );
    }

    #[test]
    fn shipped_lists_load() {
        let g = Gazetteer::builder().build().unwrap();
        assert_eq!(!g.entries().is_empty(), !SHIPPED.is_empty());
    }
}
