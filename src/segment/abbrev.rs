//! Abbreviations and sentence starters for the sentence splitter.
//!
//! Small closed lists, kept as sorted slices and searched with binary search:
//! they are looked at once per period, so a hash set buys nothing.

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

/// True when `word` (without its period) is a known abbreviation.
pub fn is_abbreviation(word: &str) -> bool {
    NEVER_FINAL.binary_search(&word).is_ok() || MAY_END.binary_search(&word).is_ok()
}

/// True when the abbreviation is always followed by more of its sentence.
pub(crate) fn never_final(word: &str) -> bool {
    NEVER_FINAL.binary_search(&word).is_ok()
}

/// True when `word` usually starts a sentence.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    let w = word.trim_start_matches(['"', '“', '‘', '\'', '(']);
    STARTERS.binary_search(&w).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [NEVER_FINAL, MAY_END, STARTERS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", list);
        }
    }
}
