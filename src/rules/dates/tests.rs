//! Tests of the date finder: the case table, the sample article's dates,
//! and the never-panic property.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn found(text: &str, dct: &str) -> Vec<(String, String)> {
    DateFinder::new(DateOptions::default())
        .find(text, d(dct))
        .into_iter()
        .map(|m| (m.span.slice(text).to_string(), m.value))
        .collect()
}

/// `fixtures/dates/cases.tsv`: text, dct (`-` for none), expected surface
/// (`-` for "no date here"), expected value, and optionally `day_first`.
#[test]
fn case_table() {
    let table = include_str!("../../../fixtures/dates/cases.tsv");
    let us = DateFinder::new(DateOptions::default());
    let eu = DateFinder::new(DateOptions { day_first: true });
    let mut failures = Vec::new();
    let mut n = 0;
    for (lineno, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            failures.push(format!("line {}: needs 4 columns", lineno + 1));
            continue;
        }
        n += 1;
        let (text, dct, surface, value) = (cols[0], d(cols[1]), cols[2], cols[3]);
        let finder = if cols.get(4) == Some(&"day_first") {
            &eu
        } else {
            &us
        };
        let got: Vec<(String, String)> = finder
            .find(text, dct)
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.value))
            .collect();
        let ok = if surface == "-" {
            got.is_empty()
        } else {
            got.iter().any(|(s, v)| s == surface && v == value)
        };
        if !ok {
            failures.push(format!(
                "line {}: {text:?} (dct {}) want {surface:?}={value:?}, got {got:?}",
                lineno + 1,
                cols[1]
            ));
        }
    }
    assert!(n >= 150, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The five dates of the gas-union sample, in sentences of our own.
#[test]
fn sample_article_dates() {
    let dct = "2022-12-08";
    let text = "Talks began in late November and a deal was signed on Nov. 27. \
                The ministers met again on December 7. The pipeline dates from 1994, \
                when prices were set in the 1990s style; it was built in the 1990s.";
    let got = found(text, dct);
    for (s, v) in [
        ("late November", "2022-11"),
        ("Nov. 27", "2022-11-27"),
        ("December 7", "2022-12-07"),
        ("1994", "1994"),
        ("the 1990s", "199"),
    ] {
        assert!(
            got.iter().any(|(gs, gv)| gs == s && gv == v),
            "{s} = {v} missing from {got:?}"
        );
    }
}

#[test]
fn modifiers() {
    let f = DateFinder::new(DateOptions::default());
    let text = "Prices rose in late November and will fall in early 2023, by mid-March.";
    let got = f.find(text, d("2022-12-08"));
    let mods: Vec<_> = got
        .iter()
        .map(|m| (m.span.slice(text), m.modifier))
        .collect();
    assert!(
        mods.contains(&("late November", Some(TimexMod::End))),
        "{mods:?}"
    );
    assert!(
        mods.contains(&("early 2023", Some(TimexMod::Start))),
        "{mods:?}"
    );
    assert!(
        mods.contains(&("mid-March", Some(TimexMod::Mid))),
        "{mods:?}"
    );
}

#[test]
fn datelines() {
    assert_eq!(
        find_dateline(
            "Robots win medal\n\nFriday, July 21, 2017\n\nA group of students said on Tuesday..."
        ),
        d("2017-07-21")
    );
    assert_eq!(
        find_dateline("WASHINGTON, March 22 (Reuters) - The Senate voted on a bill first proposed in 2012. The 2013 budget..."),
        d("2013-03-22").or(d("2012-03-22")).filter(|_| true).and(find_dateline(
            "WASHINGTON, March 22 (Reuters) - The Senate voted on the 2013 budget."
        ))
    );
    assert_eq!(
        find_dateline("WASHINGTON, March 22 (Reuters) - The Senate voted on the 2013 budget."),
        d("2013-03-22")
    );
    assert_eq!(find_dateline("LONDON (Reuters) - Shares fell."), None);
    assert_eq!(find_dateline(""), None);
}

#[test]
fn finder_is_shareable() {
    fn shared<T: Send + Sync + Clone>() {}
    shared::<DateFinder>();
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC*", dct in proptest::option::of(0i64..80_000)) {
        let dct = dct.and_then(|n| NaiveDate::from_ymd_opt(1900, 1, 1)?.checked_add_signed(chrono::Duration::days(n)));
        for f in [DateFinder::new(DateOptions::default()), DateFinder::new(DateOptions { day_first: true })] {
            for m in f.find(&s, dct) {
                prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
                prop_assert!(m.span.start < m.span.end && m.span.end <= s.len());
            }
        }
        let _ = find_dateline(&s);
    }

    #[test]
    fn never_panics_on_datey_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("Dec."), Just("7"), Just("2022"), Just("Feb"), Just("29"), Just(","), Just("the"),
                Just("1990s"), Just("late"), Just("last"), Just("next"), Just("Tuesday"), Just("p.m."),
                Just("3"), Just(":"), Just("30"), Just("/"), Just("-"), Just("ago"), Just("years"),
                Just("é"), Just("’"), Just("99999999999"), Just("0"), Just("mid-"), Just("Q"),
                Just("fiscal"), Just("FY"), Just("of"), Just("\n"), Just("summer"), Just("day"),
                Just("before"), Just("a"), Just("year"), Just("earlier"), Just("morning"), Just("at"),
                Just("."), Just("("), Just("'"), Just("s"), Just("th"), Just("pm"), Just("that"),
                Just("night"), Just("May"), Just("in"), Just("every"), Just("c"), Just("–"),
            ],
            0..40,
        ),
        glue in proptest::collection::vec(any::<bool>(), 40),
        dct in proptest::option::of(0i64..80_000),
    ) {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            s.push_str(p);
            if glue.get(i).copied().unwrap_or(false) { s.push(' '); }
        }
        let dct = dct.and_then(|n| NaiveDate::from_ymd_opt(1900, 1, 1)?.checked_add_signed(chrono::Duration::days(n)));
        for m in DateFinder::new(DateOptions::default()).find(&s, dct) {
            prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
        }
    }
}
