//! Word lists the context rules consult: titles, organisation cues, given
//! names, speech verbs and capitalised words that are not names.
//!
//! They live as data under `gazetteers/lexicon/` and are embedded at build
//! time; this module parses them once into **one** hash map keyed by
//! lower-case text, whose value (`WordInfo`) has a bit per list and the
//! sex hints: one look-up answers every question about a word, so the
//! rules look each token up once and test bits (and a rule asking "is this
//! a title?" through the methods below is still O(1)).

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::Sex;

const TITLES: &str = include_str!("../../gazetteers/lexicon/titles.txt");
const ROLES: &str = include_str!("../../gazetteers/lexicon/roles.txt");
const ORG_CUES: &str = include_str!("../../gazetteers/lexicon/org_cues.txt");
const PLACE_CUES: &str = include_str!("../../gazetteers/lexicon/place_cues.txt");
const GIVEN_NAMES: &str = include_str!("../../gazetteers/lexicon/given_names.tsv");
const NOT_NAMES: &str = include_str!("../../gazetteers/lexicon/not_names.txt");
const SPEECH_VERBS: &str = include_str!("../../gazetteers/lexicon/speech_verbs.txt");
const COMMON_WORDS: &str = include_str!("../../gazetteers/lexicon/common_words.txt");

/// Month and weekday names: capitalised, never names of people or places
/// in the rules' eyes (the dates stage owns them).
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Cue words of one kind of name, by position (lower case, words joined by
/// one space).
#[derive(Clone, Debug, Default)]
pub struct Cues {
    /// Last words of a name ("station", "inc.").
    pub suffixes: HashSet<String>,
    /// First words of a name ("lake", "ministry of").
    pub prefixes: HashSet<String>,
    /// Nouns naming the kind next to the name ("think tank", "town of").
    pub heads: HashSet<String>,
}

impl Cues {
    fn parse(text: &str) -> Cues {
        let mut cues = Cues::default();
        for line in data_lines(text) {
            let (pos, cue) = line.split_once('\t').unwrap_or(("suffix", line));
            let cue = key(cue.trim()).into_owned();
            match pos.trim() {
                "prefix" => cues.prefixes.insert(cue),
                "head" => cues.heads.insert(cue),
                _ => cues.suffixes.insert(cue),
            };
        }
        cues
    }
}

/// Bits of [`WordInfo`]: which lists hold a key.
mod bit {
    pub const TITLE: u32 = 1 << 0;
    pub const TITLE_HEAD: u32 = 1 << 1;
    pub const ROLE: u32 = 1 << 2;
    pub const ORG_SUFFIX: u32 = 1 << 3;
    pub const ORG_PREFIX: u32 = 1 << 4;
    pub const ORG_HEAD: u32 = 1 << 5;
    pub const PLACE_SUFFIX: u32 = 1 << 6;
    pub const PLACE_PREFIX: u32 = 1 << 7;
    pub const PLACE_HEAD: u32 = 1 << 8;
    pub const GIVEN: u32 = 1 << 9;
    pub const GIVEN_WORD: u32 = 1 << 10;
    pub const NOT_NAME: u32 = 1 << 11;
    pub const SPEECH_VERB: u32 = 1 << 12;
    pub const COMMON: u32 = 1 << 13;
    pub const PHRASE_END: u32 = 1 << 14;
    pub const PHRASE_START: u32 = 1 << 15;
    pub const CALENDAR: u32 = 1 << 16;
}

/// Everything the lexicon knows about one look-up key: which lists hold it
/// and the sex hints of its title and given-name entries. One hash look-up
/// answers every list, so the rules look a word up once and test bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    bits: u32,
    title_sex: Option<Sex>,
    given_sex: Option<Sex>,
}

impl WordInfo {
    fn has(self, bits: u32) -> bool {
        self.bits & bits != 0
    }

    /// The title's sex hint, `None` when the key is no title.
    pub(crate) fn title(self) -> Option<Option<Sex>> {
        self.has(bit::TITLE).then_some(self.title_sex)
    }

    /// See [`Lexicon::is_role`].
    pub(crate) fn is_role(self) -> bool {
        self.has(bit::ROLE)
    }

    /// See [`Lexicon::is_title_head`] (a title is a title head too).
    pub(crate) fn is_title_head(self) -> bool {
        self.has(bit::TITLE_HEAD | bit::TITLE)
    }

    /// See [`Lexicon::is_org_suffix`].
    pub(crate) fn is_org_suffix(self) -> bool {
        self.has(bit::ORG_SUFFIX)
    }

    /// See [`Lexicon::is_org_prefix`].
    pub(crate) fn is_org_prefix(self) -> bool {
        self.has(bit::ORG_PREFIX)
    }

    /// See [`Lexicon::is_org_head`].
    pub(crate) fn is_org_head(self) -> bool {
        self.has(bit::ORG_HEAD)
    }

    /// In [`Cues::suffixes`] of the place cues.
    pub(crate) fn is_place_suffix(self) -> bool {
        self.has(bit::PLACE_SUFFIX)
    }

    /// In [`Cues::prefixes`] of the place cues.
    pub(crate) fn is_place_prefix(self) -> bool {
        self.has(bit::PLACE_PREFIX)
    }

    /// In [`Cues::heads`] of the place cues.
    pub(crate) fn is_place_head(self) -> bool {
        self.has(bit::PLACE_HEAD)
    }

    /// The given name's sex hint, `None` when the key is no given name
    /// (from [`Lexicon::word_info`]: compounds such as "jean-luc" count).
    pub(crate) fn given(self) -> Option<Option<Sex>> {
        self.has(bit::GIVEN).then_some(self.given_sex)
    }

    /// See [`Lexicon::reliable_given_name`] (from [`Lexicon::word_info`]).
    pub(crate) fn is_reliable_given(self) -> bool {
        self.bits & (bit::GIVEN | bit::GIVEN_WORD | bit::CALENDAR | bit::NOT_NAME) == bit::GIVEN
    }

    /// See [`Lexicon::is_not_name`].
    pub(crate) fn is_not_name(self) -> bool {
        self.has(bit::NOT_NAME)
    }

    /// See [`Lexicon::is_speech_verb`].
    pub(crate) fn is_speech_verb(self) -> bool {
        self.has(bit::SPEECH_VERB)
    }

    /// See [`Lexicon::is_common_word`].
    pub(crate) fn is_common_word(self) -> bool {
        self.has(bit::COMMON)
    }

    /// See [`Lexicon::ends_phrase`].
    pub(crate) fn ends_phrase(self) -> bool {
        self.has(bit::PHRASE_END)
    }

    /// See [`Lexicon::starts_phrase`].
    pub(crate) fn starts_phrase(self) -> bool {
        self.has(bit::PHRASE_START)
    }

    /// See [`Lexicon::is_calendar`] (from [`Lexicon::word_info`]: final
    /// periods do not count).
    pub(crate) fn is_calendar(self) -> bool {
        self.has(bit::CALENDAR)
    }
}

/// The parsed lexicons.
///
/// Every list lives in one map from look-up key to `WordInfo`, so one
/// look-up answers all of them; the cue lists are also kept as sets for
/// [`Lexicon::org_cues`] and [`Lexicon::place_cues`].
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Every key of every list: full titles (lower case, words joined by
    /// one space: "energy minister"), last words of multi-word titles
    /// ("minister"), role and occupation nouns from WordNet ("nurse",
    /// "ranger": weaker than titles, they need a full name after them),
    /// cues, given names (with those that are also ordinary English words,
    /// "Will", "Rose": weak evidence of a person on their own), non-names,
    /// speech verbs, common words, month and weekday names, and the first
    /// and last words of every title and cue phrase (so a caller can skip
    /// building a multi-word key that cannot match).
    words: HashMap<Box<str>, WordInfo>,
    /// Longest title in words.
    max_title_words: usize,
    org: Cues,
    place: Cues,
}
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn parse_sex(s: &str) -> Option<Sex> {
    match s.trim().trim_start_matches("sex=") {
        "m" | "M" => Some(Sex::Male),
        "f" | "F" => Some(Sex::Female),
        _ => None,
    }
}

/// Lower-cases and folds a word for look-ups ("Sen." → "sen.").
pub fn key(word: &str) -> Cow<'_, str> {
    // Most words are lower-case ASCII already: no allocation for them.
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(word.to_ascii_lowercase());
        }
        return Cow::Borrowed(word);
    }
    let lower = word.to_lowercase();
    if lower.contains('’') {
        return Cow::Owned(lower.replace('’', "'"));
    }
    Cow::Owned(lower)
}

/// Calls `f` with the look-up key of `word` (see [`key`]) without
/// allocating for ASCII words of up to 64 bytes, which are nearly all of
/// them: the rules ask several lists about every capitalised word.
fn with_key<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.is_ascii() && word.len() <= 64 {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(word);
        }
        let mut buf = [0u8; 64];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII in, ASCII out: always valid UTF-8.
        return f(std::str::from_utf8(lower).unwrap_or_default());
    }
    f(&key(word))
}

impl Lexicon {
    /// The shipped lexicons.
    pub fn shipped() -> Lexicon {
        let mut lex = Lexicon::default();
        // About one entry a line: reserved, the map is not rehashed as it grows.
        let lists = [
            TITLES,
            ROLES,
            ORG_CUES,
            PLACE_CUES,
            GIVEN_NAMES,
            NOT_NAMES,
            SPEECH_VERBS,
            COMMON_WORDS,
        ];
        let lines: usize = lists.iter().map(|t| t.lines().count()).sum();
        lex.words.reserve(lines + CALENDAR.len());
        // Titles, roles and the cues' prefixes and heads: their first and
        // last words are marked at the end.
        let mut phrases: Vec<String> = Vec::new();
        for line in data_lines(TITLES) {
            let mut cols = line.split('\t');
            let title = cols.next().unwrap_or("").trim();
            let sex = cols.next().and_then(parse_sex);
            let k = key(title);
            let words: Vec<&str> = k.split_whitespace().collect();
            if words.is_empty() {
                continue;
            }
            lex.max_title_words = lex.max_title_words.max(words.len());
            // "Emir of" ends in a function word: that is no head of a title.
            let last = words[words.len() - 1];
            if words.len() > 1 && !matches!(last, "of" | "the" | "for" | "to" | "and" | "in" | "on")
            {
                lex.mark(last, bit::TITLE_HEAD);
            }
            let joined = words.join(" ");
            lex.mark(&joined, bit::TITLE).title_sex = sex;
            phrases.push(joined);
        }
        for line in data_lines(ROLES) {
            let role = key(line.trim());
            if lex.info(&role).title().is_none() {
                lex.mark(&role, bit::ROLE);
                phrases.push(role.into_owned());
            }
        }
        let org = Cues::parse(ORG_CUES);
        let place = Cues::parse(PLACE_CUES);
        let kinds = [
            (&org, [bit::ORG_SUFFIX, bit::ORG_PREFIX, bit::ORG_HEAD]),
            (
                &place,
                [bit::PLACE_SUFFIX, bit::PLACE_PREFIX, bit::PLACE_HEAD],
            ),
        ];
        for (cues, [suffix, prefix, head]) in kinds {
            for (set, b) in [
                (&cues.suffixes, suffix),
                (&cues.prefixes, prefix),
                (&cues.heads, head),
            ] {
                for k in set {
                    lex.mark(k, b);
                }
            }
            phrases.extend(cues.prefixes.iter().chain(&cues.heads).cloned());
        }
        lex.org = org;
        lex.place = place;
        for line in data_lines(GIVEN_NAMES) {
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("").trim();
            if !name.is_empty() {
                let k = key(name);
                if cols.clone().nth(1).is_some_and(|f| f.trim() == "w") {
                    lex.mark(&k, bit::GIVEN_WORD);
                }
                lex.mark(&k, bit::GIVEN).given_sex = cols.next().and_then(parse_sex);
            }
        }
        for line in data_lines(NOT_NAMES) {
            lex.mark(&key(line.trim()), bit::NOT_NAME);
        }
        for line in data_lines(SPEECH_VERBS) {
            lex.mark(&key(line.trim()), bit::SPEECH_VERB);
        }
        // The list is lower case already (and matched as written).
        for line in data_lines(COMMON_WORDS) {
            lex.mark(line.trim(), bit::COMMON);
        }
        for w in CALENDAR {
            lex.mark(w, bit::CALENDAR);
        }
        for p in &phrases {
            if let Some(last) = p.rsplit(' ').next() {
                lex.mark(last, bit::PHRASE_END);
            }
            // First words, with and without a final period ("sen." is
            // written "Sen" and "." in the token stream).
            if let Some(first) = p.split(' ').next() {
                lex.mark(first, bit::PHRASE_START);
                lex.mark(first.trim_end_matches('.'), bit::PHRASE_START);
            }
        }
        lex
    }

    /// Sets `bits` on `key`'s entry, adding it if new.
    fn mark(&mut self, key: &str, bits: u32) -> &mut WordInfo {
        let info = self.words.entry(key.into()).or_default();
        info.bits |= bits;
        info
    }

    /// What the lists hold under `key` exactly (a look-up key: lower case,
    /// words joined by one space).
    pub(crate) fn info(&self, key: &str) -> WordInfo {
        self.words.get(key).copied().unwrap_or_default()
    }

    /// What the lists say about the one word whose look-up key is `key`:
    /// like [`Lexicon::info`], except that a month or weekday may end in
    /// periods ("nov.") and two hyphened given names are one ("jean-luc").
    pub(crate) fn word_info(&self, key: &str) -> WordInfo {
        let mut info = self.info(key);
        if key.ends_with('.') {
            info.bits &= !bit::CALENDAR;
            info.bits |= self.info(key.trim_end_matches('.')).bits & bit::CALENDAR;
        }
        if !info.has(bit::GIVEN) {
            // "Pierre-Simon", "Jean-Luc": two given names, neither an
            // ordinary word ("Franco-German" is no name); the first decides.
            // (A byte loop: words are short, and most have no hyphen.)
            if let Some(i) = key.bytes().position(|b| b == b'-') {
                let (x, y) = (self.info(&key[..i]), self.info(&key[i + 1..]));
                let name = |p: WordInfo| p.bits & (bit::GIVEN | bit::GIVEN_WORD) == bit::GIVEN;
                if name(x) && name(y) {
                    info.bits |= bit::GIVEN;
                    info.given_sex = x.given_sex;
                }
            }
        }
        info
    }

    /// Like [`Lexicon::word_info`] for a word in any case.
    pub(crate) fn word(&self, word: &str) -> WordInfo {
        with_key(word, |k| self.word_info(k))
    }

    /// The title named by `words` (lower-cased, joined), with its sex hint.
    pub fn title(&self, words: &str) -> Option<Option<Sex>> {
        self.info(words).title()
    }

    /// True when `words` (lower-cased, joined) is a role or occupation noun
    /// that is no title ("nurse", "harbour pilot").
    pub fn is_role(&self, words: &str) -> bool {
        self.info(words).is_role()
    }

    /// True when `word` ends multi-word titles ("minister").
    pub fn is_title_head(&self, word: &str) -> bool {
        self.info(word).is_title_head()
    }

    /// The longest title, in words.
    pub fn max_title_words(&self) -> usize {
        self.max_title_words.max(1)
    }

    /// True when `word` (lower case) ends organisation names ("bank").
    pub fn is_org_suffix(&self, word: &str) -> bool {
        self.info(word).is_org_suffix()
    }

    /// Like [`Lexicon::is_org_suffix`] for a word in any case, without
    /// allocating.
    pub fn org_suffix_word(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_org_suffix())
    }

    /// True when `word` (any case) ends place names ("Station", "Hotel").
    pub fn place_suffix_word(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_place_suffix())
    }

    /// True when `word` (any case) opens place names ("Lake", "River").
    pub fn place_prefix_word(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_place_prefix())
    }

    /// Like [`Lexicon::is_role`] for one word in any case.
    pub fn role_word(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_role())
    }

    /// Like [`Lexicon::is_org_head`] for one word in any case.
    pub fn org_head_word(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_org_head())
    }

    /// Like [`Lexicon::is_title_head`] for a word in any case.
    pub fn title_head_word(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_title_head())
    }

    /// True when `words` (lower case) open organisation names ("ministry of").
    pub fn is_org_prefix(&self, words: &str) -> bool {
        self.info(words).is_org_prefix()
    }

    /// True when `words` (lower case) is a noun naming an organisation kind
    /// next to its name ("think tank", "newspaper").
    pub fn is_org_head(&self, words: &str) -> bool {
        self.info(words).is_org_head()
    }

    /// The cue words for places ("... Station", "Lake ...", "the town of").
    pub fn place_cues(&self) -> &Cues {
        &self.place
    }

    /// The cue words for organisations.
    pub fn org_cues(&self) -> &Cues {
        &self.org
    }

    /// The sex hint of a given name, `None` when the name is not listed.
    pub fn given_name(&self, word: &str) -> Option<Option<Sex>> {
        self.word(word).given()
    }

    /// True for a given name that is no ordinary word or date ("Ana",
    /// "Sofia", not "Will", "Bill" or "May"): good evidence that a
    /// capitalised word after it is a surname.
    pub fn reliable_given_name(&self, word: &str) -> bool {
        self.word(word).is_reliable_given()
    }

    /// True for capitalised words that are not names ("However").
    pub fn is_not_name(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_not_name())
    }

    /// True for speech verbs in any listed form.
    pub fn is_speech_verb(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_speech_verb())
    }

    /// True when `word` (any case) ends some title or cue phrase; when it
    /// does not, no phrase ending with it needs to be looked up.
    pub fn ends_phrase(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).ends_phrase())
    }

    /// True when `word` (any case) opens some title or cue phrase.
    pub fn starts_phrase(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).starts_phrase())
    }

    /// True for frequent English words ("cup", "code"): a capitalised run
    /// made of them is a title or a term more often than a person.
    pub fn is_common_word(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k).is_common_word())
    }

    /// True for month and weekday names and their abbreviations.
    pub fn is_calendar(&self, word: &str) -> bool {
        with_key(word, |k| self.info(k.trim_end_matches('.')).is_calendar())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicons_parse() {
        let lex = Lexicon::shipped();
        assert!(lex.title("energy minister").is_some());
        assert!(lex.is_title_head("minister"));
        assert!(lex.is_org_head("think tank"));
        assert!(lex.is_speech_verb("Said"));
        assert!(lex.is_calendar("Nov."));
        assert!(!lex.is_calendar("Putin"));
        assert!(lex.given_name("Jean-Luc").is_some());
        assert!(lex.given_name("Franco-German").is_none());
        assert!(lex.reliable_given_name("Ana"));
        assert!(!lex.reliable_given_name("Will"));
    }

    /// The rules take "no key to look up" as the empty key's entry.
    #[test]
    fn no_list_holds_the_empty_key() {
        assert_eq!(Lexicon::shipped().info(""), WordInfo::default());
    }
}
