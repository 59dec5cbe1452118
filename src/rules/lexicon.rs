//! Word lists the context rules consult: titles, organisation cues, given
//! names, speech verbs and capitalised words that are not names.
//!
//! They live as data under `gazetteers/lexicon/` and are embedded at build
//! time; this module parses them once into hash sets keyed by lower-case
//! text, so a rule asks "is this a title?" in O(1).

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

/// The parsed lexicons.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Full titles, lower case, words joined by one space ("energy minister").
    titles: HashMap<String, Option<Sex>>,
    /// Last words of multi-word titles ("minister", "president").
    title_heads: HashSet<String>,
    /// Longest title in words.
    max_title_words: usize,
    /// Lower-case role and occupation nouns from WordNet ("nurse",
    /// "ranger"): weaker than titles, they need a full name after them.
    roles: HashSet<String>,
    org: Cues,
    place: Cues,
    given: HashMap<String, Option<Sex>>,
    /// Given names that are also ordinary English words ("Will", "Rose"):
    /// weak evidence of a person on their own.
    given_words: HashSet<String>,
    not_names: HashSet<String>,
    speech_verbs: HashSet<String>,
    common_words: HashSet<String>,
    /// Last words of every entry of the phrase lists (titles, cues), so a
    /// caller can skip building a multi-word key that cannot match.
    phrase_ends: HashSet<String>,
    /// First words of the same phrases.
    phrase_starts: HashSet<String>,
    calendar: HashSet<&'static str>,
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
    Cow::Owned(word.to_lowercase().replace('’', "'"))
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
                lex.title_heads.insert(last.to_string());
            }
            lex.titles.insert(words.join(" "), sex);
        }
        lex.roles = data_lines(ROLES)
            .map(|l| key(l.trim()).into_owned())
            .filter(|r| !lex.titles.contains_key(r))
            .collect();
        lex.org = Cues::parse(ORG_CUES);
        lex.place = Cues::parse(PLACE_CUES);
        for line in data_lines(GIVEN_NAMES) {
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("").trim();
            if !name.is_empty() {
                let k = key(name).into_owned();
                if cols.clone().nth(1).is_some_and(|f| f.trim() == "w") {
                    lex.given_words.insert(k.clone());
                }
                lex.given.insert(k, cols.next().and_then(parse_sex));
            }
        }
        lex.not_names = data_lines(NOT_NAMES)
            .map(|l| key(l.trim()).into_owned())
            .collect();
        lex.speech_verbs = data_lines(SPEECH_VERBS)
            .map(|l| key(l.trim()).into_owned())
            .collect();
        lex.common_words = data_lines(COMMON_WORDS)
            .map(|l| l.trim().to_string())
            .collect();
        lex.calendar = CALENDAR.iter().copied().collect();
        let phrases = lex
            .titles
            .keys()
            .chain(lex.roles.iter())
            .chain(lex.org.prefixes.iter())
            .chain(lex.org.heads.iter())
            .chain(lex.place.prefixes.iter())
            .chain(lex.place.heads.iter());
        lex.phrase_ends = phrases
            .clone()
            .filter_map(|p| p.rsplit(' ').next())
            .map(str::to_string)
            .collect();
        // First words, with and without a final period ("sen." is written
        // "Sen" and "." in the token stream).
        lex.phrase_starts = phrases
            .filter_map(|p| p.split(' ').next())
            .flat_map(|w| [w.to_string(), w.trim_end_matches('.').to_string()])
            .collect();
        lex
    }

    /// The title named by `words` (lower-cased, joined), with its sex hint.
    pub fn title(&self, words: &str) -> Option<Option<Sex>> {
        self.titles.get(words).copied()
    }

    /// True when `words` (lower-cased, joined) is a role or occupation noun
    /// that is no title ("nurse", "harbour pilot").
    pub fn is_role(&self, words: &str) -> bool {
        self.roles.contains(words)
    }

    /// True when `word` ends multi-word titles ("minister").
    pub fn is_title_head(&self, word: &str) -> bool {
        self.title_heads.contains(word) || self.titles.contains_key(word)
    }

    /// The longest title, in words.
    pub fn max_title_words(&self) -> usize {
        self.max_title_words.max(1)
    }

    /// True when `word` (lower case) ends organisation names ("bank").
    pub fn is_org_suffix(&self, word: &str) -> bool {
        self.org.suffixes.contains(word)
    }

    /// Like [`Lexicon::is_org_suffix`] for a word in any case, without
    /// allocating.
    pub fn org_suffix_word(&self, word: &str) -> bool {
        with_key(word, |k| self.org.suffixes.contains(k))
    }

    /// True when `word` (any case) ends place names ("Station", "Hotel").
    pub fn place_suffix_word(&self, word: &str) -> bool {
        with_key(word, |k| self.place.suffixes.contains(k))
    }

    /// True when `word` (any case) opens place names ("Lake", "River").
    pub fn place_prefix_word(&self, word: &str) -> bool {
        with_key(word, |k| self.place.prefixes.contains(k))
    }

    /// Like [`Lexicon::is_role`] for one word in any case.
    pub fn role_word(&self, word: &str) -> bool {
        with_key(word, |k| self.roles.contains(k))
    }

    /// Like [`Lexicon::is_org_head`] for one word in any case.
    pub fn org_head_word(&self, word: &str) -> bool {
        with_key(word, |k| self.org.heads.contains(k))
    }

    /// Like [`Lexicon::is_title_head`] for a word in any case.
    pub fn title_head_word(&self, word: &str) -> bool {
        with_key(word, |k| self.is_title_head(k))
    }

    /// True when `words` (lower case) open organisation names ("ministry of").
    pub fn is_org_prefix(&self, words: &str) -> bool {
        self.org.prefixes.contains(words)
    }

    /// True when `words` (lower case) is a noun naming an organisation kind
    /// next to its name ("think tank", "newspaper").
    pub fn is_org_head(&self, words: &str) -> bool {
        self.org.heads.contains(words)
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
        with_key(word, |k| match self.given.get(k) {
            Some(sex) => Some(*sex),
            // "Pierre-Simon", "Jean-Luc": two given names, neither an
            // ordinary word ("Franco-German" is no name); the first decides.
            None => {
                let (x, y) = k.split_once('-')?;
                let name = |p: &str| self.given.contains_key(p) && !self.given_words.contains(p);
                (name(x) && name(y)).then(|| self.given[x])
            }
        })
    }

    /// True for a given name that is no ordinary word or date ("Ana",
    /// "Sofia", not "Will", "Bill" or "May"): good evidence that a
    /// capitalised word after it is a surname.
    pub fn reliable_given_name(&self, word: &str) -> bool {
        self.given_name(word).is_some()
            && !with_key(word, |k| self.given_words.contains(k))
            && !self.is_calendar(word)
            && !self.is_not_name(word)
    }

    /// True for capitalised words that are not names ("However").
    pub fn is_not_name(&self, word: &str) -> bool {
        with_key(word, |k| self.not_names.contains(k))
    }

    /// True for speech verbs in any listed form.
    pub fn is_speech_verb(&self, word: &str) -> bool {
        with_key(word, |k| self.speech_verbs.contains(k))
    }

    /// True when `word` (any case) ends some title or cue phrase; when it
    /// does not, no phrase ending with it needs to be looked up.
    pub fn ends_phrase(&self, word: &str) -> bool {
        with_key(word, |k| self.phrase_ends.contains(k))
    }

    /// True when `word` (any case) opens some title or cue phrase.
    pub fn starts_phrase(&self, word: &str) -> bool {
        with_key(word, |k| self.phrase_starts.contains(k))
    }

    /// True for frequent English words ("cup", "code"): a capitalised run
    /// made of them is a title or a term more often than a person.
    pub fn is_common_word(&self, word: &str) -> bool {
        with_key(word, |k| self.common_words.contains(k))
    }

    /// True for month and weekday names and their abbreviations.
    pub fn is_calendar(&self, word: &str) -> bool {
        with_key(word, |k| self.calendar.contains(k.trim_end_matches('.')))
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
    }
}
