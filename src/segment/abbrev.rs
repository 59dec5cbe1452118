//! Abbreviations and sentence starters for the sentence splitter.
//!
//! Small closed lists, kept as sorted slices. They are looked at for every
//! word before a period (by the segmenter, the rules and the quote stage), so
//! each list is searched as sorted integers: a word of up to 15 bytes packed
//! with its length into a `u128`, which spares the string comparisons of a
//! binary search over `&str`.

/// Abbreviations that never end a sentence because a name or number always
/// follows them: titles ("Mr.", "Sen."), months ("Nov. 27"), "No.", "St.".
const NEVER_FINAL: &[&str] = &[
    "Adm", "Apr", "Aug", "Capt", "Cmdr", "Col", "Cpl", "Dec", "Dr", "Feb", "Fig", "Fr", "Gen",
    "Gov", "Hon", "Jan", "Jr", "Jul", "Jun", "Lt", "Maj", "Mar", "Messrs", "Mme", "Mr", "Mrs",
    "Ms", "Msgr", "Mt", "No", "Nos", "Nov", "Oct", "Ph", "Pres", "Prof", "Pvt", "Rep", "Reps",
    "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt", "Sr", "St", "Supt", "Vol", "cf", "e.g", "i.e",
    "no", "pp", "v", "vs",
];

/// Abbreviations that may end a sentence ("... of Apple Inc. The company").
const MAY_END: &[&str] = &[
    "Ave", "Blvd", "Bros", "Co", "Corp", "Dept", "Est", "Inc", "Ltd", "Plc", "Rd", "approx",
    "dept", "est", "etc", "ft", "hr", "hrs", "lbs", "min", "mins", "oz", "sec", "yr", "yrs",
];

/// Words that usually open a sentence; after an abbreviation or initialism
/// they signal a boundary ("He moved to the U.S. The move ...").
const STARTERS: &[&str] = &[
    "A",
    "According",
    "After",
    "Also",
    "Although",
    "An",
    "Analysts",
    "And",
    "As",
    "At",
    "Before",
    "But",
    "By",
    "Critics",
    "Despite",
    "During",
    "Earlier",
    "For",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "Most",
    "Now",
    "Officials",
    "On",
    "One",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Under",
    "We",
    "What",
    "When",
    "While",
    "With",
    "Yet",
    "You",
];

/// A word of 1 to 15 bytes and its length packed into one integer: equal
/// only for equal words (the length byte tells "Mr" from "Mr\0").
fn pack(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_be_bytes(buf))
}

/// The packed, sorted keys of the three lists, built on first use.
struct Keys {
    never_final: Vec<u128>,
    may_end: Vec<u128>,
    starters: Vec<u128>,
}

fn keys() -> &'static Keys {
    static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| Keys {
        never_final: packed(NEVER_FINAL),
        may_end: packed(MAY_END),
        starters: packed(STARTERS),
    })
}

/// The sorted packed keys of `list`.
fn packed(list: &[&str]) -> Vec<u128> {
    let mut v: Vec<u128> = list.iter().filter_map(|w| pack(w)).collect();
    v.sort_unstable();
    v
}

/// True when `word` is in the packed list `keys`.
#[inline]
fn contains(keys: &[u128], word: &str) -> bool {
    pack(word).is_some_and(|k| keys.binary_search(&k).is_ok())
}

/// True when `word` (without its period) is a known abbreviation.
pub fn is_abbreviation(word: &str) -> bool {
    let k = keys();
    contains(&k.never_final, word) || contains(&k.may_end, word)
}

/// True when the abbreviation is always followed by more of its sentence.
pub(crate) fn never_final(word: &str) -> bool {
    contains(&keys().never_final, word)
}

/// True when `word` usually starts a sentence.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    let w = word.trim_start_matches(['"', '“', '‘', '\'', '(']);
    contains(&keys().starters, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [NEVER_FINAL, MAY_END, STARTERS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", list);
            // Every entry fits the packed keys, and every one is found.
            assert!(list.iter().all(|w| (1..=15).contains(&w.len())));
            assert!(list.iter().all(|w| contains(&packed(list), w)));
        }
    }

    #[test]
    fn packed_lookup_matches_the_lists() {
        for w in ["Mr", "Inc", "The", "According", "e.g", "St", "no", "vs"] {
            let listed = NEVER_FINAL.contains(&w) || MAY_END.contains(&w);
            assert_eq!(is_abbreviation(w), listed, "{w}");
        }
        // Prefixes, extensions and case variants are not in the lists.
        for w in [
            "M",
            "Mrs.",
            "Mr\0",
            "mr",
            "Incorporated",
            "",
            "Th",
            "Thee",
            "ST",
            "Accordingly",
            "a-very-long-word-indeed",
        ] {
            assert!(!is_abbreviation(w), "{w}");
            assert!(!is_sentence_starter(w), "{w}");
        }
        assert!(is_sentence_starter("\u{201c}The"));
        assert!(never_final("Nov") && !never_final("Inc"));
    }
}
