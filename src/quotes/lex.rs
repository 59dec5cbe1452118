//! Closed word lists for the quote stage.
//!
//! The speech verbs ship as data (`gazetteers/lexicon/speech_verbs.txt`, one
//! form per line, every tense listed); the other lists are small closed
//! classes of English (determiners, titles, role nouns) kept here as
//! `matches!` patterns, which the compiler turns into a length-then-bytes
//! decision tree instead of a linear scan. Every lookup is on a lower-cased
//! word, so callers fold case once.

use rustc_hash::{FxHashMap, FxHashSet};

/// The shipped speech-verb list.
const SPEECH_VERBS: &str = include_str!("../../gazetteers/lexicon/speech_verbs.txt");

/// The shipped role and occupation nouns (WordNet), shared with the rules.
const ROLES: &str = include_str!("../../gazetteers/lexicon/roles.txt");

/// The shipped titles ("Chief Executive", "Foreign Minister"), shared with
/// the rules; their last words are role nouns too.
const TITLES: &str = include_str!("../../gazetteers/lexicon/titles.txt");

/// The bit of `w` in [`Lexicon`]'s start-word filter: its first two bytes,
/// last byte and length, mixed.
#[inline]
fn start_bit(w: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        return 0;
    };
    let second = w.get(1).copied().unwrap_or(0);
    let k =
        u32::from(first) | u32::from(second) << 8 | u32::from(last) << 16 | (w.len() as u32) << 24;
    (k.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

/// Speech verbs: single words and multi-word cues ("paid tribute").
#[derive(Debug)]
pub(crate) struct Lexicon {
    single: FxHashSet<String>,
    /// Multi-word cues by first word, each split into its words.
    multi: FxHashMap<String, Vec<Vec<String>>>,
    /// Every word that may start a cue: the single verbs, the first words
    /// of multi-word cues and the naming verbs.
    starts: FxHashSet<String>,
    /// A 4,096-bit filter in front of `starts`: the bit of every start word
    /// (by its first two bytes, last byte and length) is set, so a clear bit
    /// turns a word away without hashing it; about nine in ten lower-case
    /// words of news text are turned away here.
    start_bits: Box<[u64; 64]>,
    /// One-word role nouns from `roles.txt` ("strategist") and the last
    /// words of `titles.txt` ("executive" of "chief executive").
    roles: FxHashSet<String>,
}

impl Lexicon {
    /// True when `w` (lower case) is a shipped role noun: a person's
    /// occupation or position, singular.
    pub(crate) fn is_role_noun(&self, w: &str) -> bool {
        self.roles.contains(w)
    }

    /// Loads the shipped list.
    pub fn shipped() -> Lexicon {
        let mut single = FxHashSet::default();
        let mut multi: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
        for line in SPEECH_VERBS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<String> = line.split_whitespace().map(str::to_lowercase).collect();
            if words.len() == 1 {
                single.insert(words[0].clone());
            } else {
                multi.entry(words[0].clone()).or_default().push(words);
            }
        }
        let starts: FxHashSet<String> = single
            .iter()
            .chain(multi.keys())
            .cloned()
            .chain(NAMING_VERBS.iter().map(|w| w.to_string()))
            .collect();
        let mut start_bits = Box::new([0u64; 64]);
        for w in &starts {
            let b = start_bit(w.as_bytes());
            start_bits[b / 64] |= 1 << (b % 64);
        }
        let data = |l: &&str| !l.is_empty() && !l.starts_with('#');
        let title_heads = TITLES
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").trim())
            .filter(data)
            .filter_map(|l| l.split_whitespace().next_back())
            .filter(|w| w.chars().all(char::is_alphabetic))
            .map(str::to_lowercase);
        let roles = ROLES
            .lines()
            .map(str::trim)
            .filter(data)
            .filter(|l| !l.contains(' '))
            .map(str::to_string)
            .chain(title_heads)
            .collect();
        Lexicon {
            single,
            multi,
            starts,
            start_bits,
            roles,
        }
    }

    /// True when the lower-cased `word` may start a speech or naming cue;
    /// when it is false, [`Lexicon::is_verb`], [`Lexicon::multi_starting`]
    /// and [`is_naming_verb`] are all false for it.
    pub fn may_start_cue(&self, word: &str) -> bool {
        let b = start_bit(word.as_bytes());
        self.start_bits[b / 64] & (1 << (b % 64)) != 0 && self.starts.contains(word)
    }

    /// True when the lower-cased `word` is a one-word speech verb.
    pub fn is_verb(&self, word: &str) -> bool {
        self.single.contains(word)
    }

    /// The multi-word cues that start with the lower-cased `word`.
    pub fn multi_starting(&self, word: &str) -> &[Vec<String>] {
        self.multi.get(word).map_or(&[], Vec::as_slice)
    }
}

/// Verbs whose object is the addressee, never the speaker ("told CNN").
pub(crate) fn is_addressee_verb(w: &str) -> bool {
    matches!(
        w,
        "assure"
            | "assured"
            | "assures"
            | "briefed"
            | "inform"
            | "informed"
            | "informs"
            | "remind"
            | "reminded"
            | "reminds"
            | "tell"
            | "telling"
            | "tells"
            | "told"
    )
}

/// Verbs that name rather than report ("a group called ...").
const NAMING_VERBS: &[&str] = &[
    "branded",
    "called",
    "christened",
    "coined",
    "dubbed",
    "entitled",
    "labeled",
    "labelled",
    "named",
    "nicknamed",
    "renamed",
    "so-called",
    "termed",
    "titled",
];

/// Verbs that name rather than report ("a group called ...").
pub(crate) fn is_naming_verb(w: &str) -> bool {
    NAMING_VERBS.contains(&w)
}

/// Nouns that announce a term or a title ("the slogan", "the film").
pub(crate) fn is_term_noun(w: &str) -> bool {
    matches!(
        w,
        "album"
            | "app"
            | "article"
            | "book"
            | "brand"
            | "campaign"
            | "codename"
            | "column"
            | "documentary"
            | "editorial"
            | "essay"
            | "exhibition"
            | "expression"
            | "film"
            | "hashtag"
            | "headline"
            | "label"
            | "magazine"
            | "motto"
            | "movie"
            | "nickname"
            | "novel"
            | "operation"
            | "painting"
            | "phrase"
            | "play"
            | "poem"
            | "program"
            | "programme"
            | "project"
            | "report"
            | "series"
            | "show"
            | "slogan"
            | "song"
            | "term"
            | "title"
            | "word"
            | "words"
    )
}

/// Adverbs and auxiliaries that may stand between a speaker and the verb.
pub(crate) fn is_adverb_aux(w: &str) -> bool {
    matches!(
        w,
        "again"
            | "also"
            | "always"
            | "angrily"
            | "bluntly"
            | "candidly"
            | "could"
            | "did"
            | "directly"
            | "does"
            | "earlier"
            | "emphatically"
            | "explicitly"
            | "first"
            | "flatly"
            | "frankly"
            | "further"
            | "had"
            | "has"
            | "have"
            | "herself"
            | "himself"
            | "however"
            | "immediately"
            | "itself"
            | "just"
            | "later"
            | "may"
            | "might"
            | "must"
            | "never"
            | "not"
            | "now"
            | "often"
            | "once"
            | "only"
            | "openly"
            | "previously"
            | "privately"
            | "proudly"
            | "publicly"
            | "quickly"
            | "quietly"
            | "recently"
            | "repeatedly"
            | "reportedly"
            | "separately"
            | "should"
            | "simply"
            | "softly"
            | "specifically"
            | "still"
            | "subsequently"
            | "themselves"
            | "then"
            | "today"
            | "tonight"
            | "was"
            | "were"
            | "will"
            | "would"
            | "yesterday"
    )
}

/// Prepositions: a name right after one is not a subject.
pub(crate) fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "about"
            | "across"
            | "after"
            | "against"
            | "among"
            | "at"
            | "before"
            | "behind"
            | "between"
            | "beyond"
            | "by"
            | "despite"
            | "during"
            | "for"
            | "from"
            | "in"
            | "including"
            | "into"
            | "like"
            | "near"
            | "of"
            | "on"
            | "onto"
            | "over"
            | "per"
            | "than"
            | "through"
            | "to"
            | "toward"
            | "towards"
            | "under"
            | "via"
            | "with"
            | "within"
            | "without"
    )
}

/// Determiners that open a descriptive speaker phrase ("the ministry").
pub(crate) fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "a" | "all"
            | "an"
            | "another"
            | "both"
            | "each"
            | "eight"
            | "five"
            | "four"
            | "her"
            | "his"
            | "its"
            | "many"
            | "most"
            | "my"
            | "nine"
            | "one"
            | "other"
            | "our"
            | "several"
            | "seven"
            | "six"
            | "some"
            | "ten"
            | "that"
            | "the"
            | "their"
            | "these"
            | "this"
            | "those"
            | "three"
            | "two"
            | "your"
    )
}

/// Subject pronouns that can attribute a quote.
pub(crate) fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "i" | "it" | "she" | "they" | "we")
}

/// [`is_title`] for a word in any case, without allocating: titles are
/// short ASCII words, so anything else is not one.
pub(crate) fn is_title_any_case(w: &str) -> bool {
    let mut buf = [0u8; 32];
    if w.len() > buf.len() || !w.is_ascii() {
        return false;
    }
    for (d, s) in buf.iter_mut().zip(w.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..w.len()]).is_ok_and(is_title)
}

/// Titles and honorifics before a name (lower-cased, period dropped).
pub(crate) fn is_title(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    matches!(
        w,
        "admiral"
            | "agent"
            | "ambassador"
            | "archbishop"
            | "assemblyman"
            | "bishop"
            | "capt"
            | "captain"
            | "chairman"
            | "chairwoman"
            | "chancellor"
            | "chief"
            | "coach"
            | "col"
            | "colonel"
            | "commissioner"
            | "congressman"
            | "congresswoman"
            | "constable"
            | "councillor"
            | "councilman"
            | "councilwoman"
            | "dame"
            | "dean"
            | "deputy"
            | "detective"
            | "director"
            | "dr"
            | "father"
            | "gen"
            | "general"
            | "gov"
            | "governor"
            | "imam"
            | "inspector"
            | "judge"
            | "justice"
            | "king"
            | "lady"
            | "lord"
            | "lt"
            | "major"
            | "marshal"
            | "mayor"
            | "minister"
            | "miss"
            | "mr"
            | "mrs"
            | "ms"
            | "officer"
            | "pope"
            | "premier"
            | "president"
            | "prime"
            | "prince"
            | "princess"
            | "prof"
            | "professor"
            | "queen"
            | "rabbi"
            | "rep"
            | "representative"
            | "rev"
            | "reverend"
            | "secretary"
            | "sen"
            | "senator"
            | "sergeant"
            | "sgt"
            | "sheikh"
            | "sheriff"
            | "sir"
            | "speaker"
            | "superintendent"
    )
}

/// The sex a title implies, for "he"/"she" agreement.
pub(crate) fn title_sex(w: &str) -> Option<crate::model::Sex> {
    use crate::model::Sex;
    match w.trim_end_matches('.') {
        "mr" | "sir" | "lord" | "king" | "prince" | "father" | "congressman" | "chairman"
        | "councilman" | "assemblyman" => Some(Sex::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "congresswoman"
        | "chairwoman" | "councilwoman" => Some(Sex::Female),
        _ => None,
    }
}

/// Nouns that head a description of a person ("the spokesman").
pub(crate) fn is_person_role(w: &str) -> bool {
    noun_sex(w).is_some()
        || is_person_role_stem(singular(w))
        || matches!(w, "police" | "people" | "authorities" | "experts")
}

/// The singular of a regular noun: "officials" → "official",
/// "witnesses" → "witness"; "boss" and "witness" stay as they are.
pub(crate) fn singular(w: &str) -> &str {
    w.strip_suffix("sses")
        .map(|_| &w[..w.len() - 2])
        .or_else(|| w.strip_suffix('s').filter(|s| !s.ends_with('s')))
        .unwrap_or(w)
}

/// Person nouns, singular.
fn is_person_role_stem(w: &str) -> bool {
    matches!(
        w,
        "colleague"
            | "driver"
            | "farmer"
            | "friend"
            | "neighbor"
            | "neighbour"
            | "nurse"
            | "partner"
            | "relative"
            | "resident"
            | "student"
            | "survivor"
            | "teacher"
            | "victim"
            | "worker"
            | "ambassador"
            | "analyst"
            | "attorney"
            | "author"
            | "blogger"
            | "boss"
            | "ceo"
            | "chairman"
            | "chairwoman"
            | "chancellor"
            | "chief"
            | "coach"
            | "commander"
            | "commissioner"
            | "coauthor"
            | "director"
            | "doctor"
            | "economist"
            | "envoy"
            | "expert"
            | "founder"
            | "governor"
            | "head"
            | "historian"
            | "judge"
            | "lawmaker"
            | "lawyer"
            | "leader"
            | "manager"
            | "mayor"
            | "member"
            | "minister"
            | "official"
            | "officer"
            | "owner"
            | "poster"
            | "premier"
            | "president"
            | "professor"
            | "prosecutor"
            | "researcher"
            | "scientist"
            | "secretary"
            | "senator"
            | "source"
            | "spokesman"
            | "spokesperson"
            | "spokeswoman"
            | "witness"
            | "writer"
    )
}

/// The sex a kinship noun implies ("her husband" → he).
pub(crate) fn noun_sex(w: &str) -> Option<crate::model::Sex> {
    use crate::model::Sex;
    match w {
        "husband" | "father" | "son" | "brother" | "uncle" | "grandfather" | "boyfriend"
        | "nephew" | "widower" => Some(Sex::Male),
        "wife" | "mother" | "daughter" | "sister" | "aunt" | "grandmother" | "girlfriend"
        | "niece" | "widow" => Some(Sex::Female),
        _ => None,
    }
}

/// Nouns that head a description of an organisation ("the oil giant").
pub(crate) fn is_org_noun(w: &str) -> bool {
    matches!(
        w,
        "administration"
            | "agency"
            | "airline"
            | "army"
            | "authority"
            | "bank"
            | "board"
            | "broadcaster"
            | "bureau"
            | "carrier"
            | "club"
            | "commission"
            | "committee"
            | "company"
            | "conglomerate"
            | "council"
            | "court"
            | "department"
            | "embassy"
            | "federation"
            | "firm"
            | "giant"
            | "government"
            | "group"
            | "institute"
            | "insurer"
            | "league"
            | "maker"
            | "manufacturer"
            | "military"
            | "ministry"
            | "network"
            | "newspaper"
            | "office"
            | "organisation"
            | "organization"
            | "party"
            | "regulator"
            | "retailer"
            | "service"
            | "startup"
            | "team"
            | "union"
            | "university"
    )
}

/// Documents that "say" things ("the report says").
pub(crate) fn is_document_noun(w: &str) -> bool {
    matches!(
        w,
        "blog"
            | "document"
            | "letter"
            | "memo"
            | "message"
            | "paper"
            | "post"
            | "report"
            | "site"
            | "statement"
            | "study"
            | "survey"
            | "website"
    )
}

/// Plural speaker nouns that need no determiner ("officials said").
pub(crate) fn is_bare_plural_speaker(w: &str) -> bool {
    matches!(
        w,
        "analysts"
            | "authorities"
            | "critics"
            | "doctors"
            | "economists"
            | "experts"
            | "investigators"
            | "officials"
            | "police"
            | "prosecutors"
            | "researchers"
            | "residents"
            | "scientists"
            | "sources"
            | "witnesses"
    )
}

/// Words that mark a clause (a verb or a pronoun subject) inside a quote.
pub(crate) fn is_clause_word(w: &str) -> bool {
    let w: std::borrow::Cow<'_, str> = if w.contains('’') {
        w.replace('’', "'").into()
    } else {
        w.into()
    };
    matches!(
        w.as_ref(),
        "am" | "are"
            | "aren't"
            | "be"
            | "been"
            | "being"
            | "can"
            | "can't"
            | "cannot"
            | "could"
            | "couldn't"
            | "did"
            | "didn't"
            | "do"
            | "does"
            | "doesn't"
            | "don't"
            | "had"
            | "has"
            | "have"
            | "he"
            | "i"
            | "i'm"
            | "is"
            | "isn't"
            | "it's"
            | "let"
            | "may"
            | "might"
            | "must"
            | "shall"
            | "she"
            | "should"
            | "they"
            | "was"
            | "wasn't"
            | "we"
            | "we're"
            | "were"
            | "will"
            | "won't"
            | "would"
            | "wouldn't"
            | "you"
            | "'"
    )
}

/// Small words that stay lower case inside a title.
pub(crate) fn is_title_small_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "and"
            | "as"
            | "at"
            | "by"
            | "de"
            | "du"
            | "for"
            | "from"
            | "in"
            | "la"
            | "nor"
            | "of"
            | "on"
            | "or"
            | "the"
            | "to"
            | "van"
            | "von"
            | "vs"
            | "vs."
            | "with"
    )
}

/// Function words: a quote made only of other words is a noun phrase.
pub(crate) fn is_function_word(w: &str) -> bool {
    is_clause_word(w)
        || is_preposition(w)
        || matches!(
            w,
            "all"
                | "and"
                | "because"
                | "but"
                | "down"
                | "if"
                | "no"
                | "not"
                | "off"
                | "or"
                | "out"
                | "so"
                | "that"
                | "there"
                | "up"
                | "what"
                | "when"
                | "which"
                | "who"
                | "why"
        )
}

/// Capitalised words that are not names at the start of a phrase.
pub(crate) fn is_non_name_cap(w: &str) -> bool {
    matches!(
        w,
        "a" | "according"
            | "after"
            | "all"
            | "also"
            | "an"
            | "and"
            | "another"
            | "april"
            | "both"
            | "each"
            | "many"
            | "most"
            | "one"
            | "other"
            | "several"
            | "some"
            | "three"
            | "two"
            | "as"
            | "at"
            | "august"
            | "before"
            | "but"
            | "december"
            | "despite"
            | "during"
            | "february"
            | "friday"
            | "he"
            | "her"
            | "here"
            | "his"
            | "however"
            | "i"
            | "if"
            | "in"
            | "it"
            | "its"
            | "january"
            | "july"
            | "june"
            | "march"
            | "may"
            | "meanwhile"
            | "monday"
            | "now"
            | "november"
            | "october"
            | "on"
            | "our"
            | "saturday"
            | "september"
            | "she"
            | "so"
            | "still"
            | "sunday"
            | "that"
            | "the"
            | "their"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "thursday"
            | "tuesday"
            | "we"
            | "wednesday"
            | "when"
            | "while"
            | "yet"
    )
}

/// Name particles that may stand lower case inside a name ("al-Amr", "bin").
pub(crate) fn is_name_particle(w: &str) -> bool {
    matches!(
        w,
        "al" | "bin"
            | "da"
            | "de"
            | "del"
            | "der"
            | "di"
            | "dos"
            | "du"
            | "el"
            | "la"
            | "le"
            | "van"
            | "von"
    ) || w.starts_with("al-")
        || w.starts_with("el-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_keeps_words_ending_in_s() {
        for (w, s) in [
            ("officials", "official"),
            ("witnesses", "witness"),
            ("witness", "witness"),
            ("boss", "boss"),
            ("bosses", "boss"),
            ("spokesman", "spokesman"),
        ] {
            assert_eq!(singular(w), s);
        }
        assert!(is_person_role("boss") && is_person_role("witnesses"));
    }

    #[test]
    fn lexicon_loads_forms() {
        let lex = Lexicon::shipped();
        for w in ["said", "says", "told", "tweeted", "acknowledged", "saying"] {
            assert!(lex.is_verb(w), "{w}");
        }
        assert!(lex
            .multi_starting("paid")
            .iter()
            .any(|m| m == &["paid", "tribute"]));
    }

    #[test]
    fn closed_lists_answer() {
        assert!(is_title("mr") && is_title("Dr.".to_lowercase().as_str()));
        assert!(is_preposition("with") && is_determiner("the") && is_adverb_aux("later"));
        assert!(is_org_noun("giant") && is_person_role("spokesman") && is_person_role("officials"));
        assert!(is_non_name_cap("monday") && is_clause_word("don't") && is_naming_verb("dubbed"));
        assert!(
            is_term_noun("slogan")
                && is_bare_plural_speaker("officials")
                && is_addressee_verb("told")
        );
    }
}
