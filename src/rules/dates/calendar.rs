//! Calendar arithmetic and TIMEX3 value strings.
//!
//! Everything here is total: dates come from `checked_*` chrono calls and a
//! date that cannot be built gives `None`, never a panic, whatever numbers the
//! text held.

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::lexicon::Unit;

/// Which way an under-specified date leans from the publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lean {
    /// On or before the anchor (news default: reports are about the past).
    Past,
    /// On or after the anchor.
    Future,
    /// Strictly before ("last March").
    Last,
    /// Strictly after ("next Tuesday").
    Next,
    /// In the anchor's own year or week ("this March").
    This,
}

/// `YYYY-MM-DD`.
pub(crate) fn fmt_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `YYYY-Www` (ISO week).
pub(crate) fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The value of `unit` containing `d`.
pub(crate) fn fmt_unit(unit: Unit, d: NaiveDate) -> String {
    match unit {
        Unit::Day => fmt_day(d),
        Unit::Week => fmt_week(d),
        Unit::Weekend => format!("{}-WE", fmt_week(d)),
        Unit::Month => format!("{:04}-{:02}", d.year(), d.month()),
        Unit::Quarter => format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
        Unit::Year => format!("{:04}", d.year()),
        Unit::Decade => format!("{:03}", d.year().div_euclid(10)),
        Unit::Century => format!("{:02}", d.year().div_euclid(100)),
    }
}

/// The value of `unit` when only the year (or nothing) is known.
pub(crate) fn fmt_unit_partial(unit: Unit, year: Option<i32>) -> String {
    let y = year.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
    match unit {
        Unit::Day => format!("{y}-XX-XX"),
        Unit::Week => format!("{y}-WXX"),
        Unit::Weekend => format!("{y}-WXX-WE"),
        Unit::Month => format!("{y}-XX"),
        Unit::Quarter => format!("{y}-QX"),
        Unit::Year => y,
        Unit::Decade => match year {
            Some(y) => format!("{:03}", y.div_euclid(10)),
            None => "XXX".into(),
        },
        Unit::Century => match year {
            Some(y) => format!("{:02}", y.div_euclid(100)),
            None => "XX".into(),
        },
    }
}

/// `d` moved by `n` units (negative = back).
pub(crate) fn shift(d: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
    let months = |k: i64| -> Option<NaiveDate> {
        let k32 = u32::try_from(k.unsigned_abs()).ok()?;
        if k >= 0 {
            d.checked_add_months(Months::new(k32))
        } else {
            d.checked_sub_months(Months::new(k32))
        }
    };
    match unit {
        Unit::Day => d.checked_add_signed(chrono::Duration::try_days(n)?),
        Unit::Week | Unit::Weekend => d.checked_add_signed(chrono::Duration::try_days(n * 7)?),
        Unit::Month => months(n),
        Unit::Quarter => months(n.checked_mul(3)?),
        Unit::Year => months(n.checked_mul(12)?),
        Unit::Decade => months(n.checked_mul(120)?),
        Unit::Century => months(n.checked_mul(1200)?),
    }
}

/// The year of month `m` seen from `dct`, leaning as told.
pub(crate) fn month_year(m: u32, dct: NaiveDate, lean: Lean) -> i32 {
    let (y, cm) = (dct.year(), dct.month());
    match lean {
        Lean::Past => {
            if m <= cm {
                y
            } else {
                y - 1
            }
        }
        Lean::Future => {
            if m >= cm {
                y
            } else {
                y + 1
            }
        }
        Lean::Last => {
            if m < cm {
                y
            } else {
                y - 1
            }
        }
        Lean::Next => {
            if m > cm {
                y
            } else {
                y + 1
            }
        }
        Lean::This => y,
    }
}

/// A future reading further ahead than this many months is taken back to
/// the past one: "the data for January will be released" in March means
/// the January just gone, while "elections will be held in October" looks
/// ahead.
const FUTURE_REACH_MONTHS: i32 = 8;

/// Turns a plain future lean into a past one when the future reading of
/// month `m` lies too far ahead of `dct`.
pub(crate) fn near_future(m: u32, dct: NaiveDate, lean: Lean) -> Lean {
    if lean != Lean::Future {
        return lean;
    }
    let ahead = (m as i32 - dct.month() as i32).rem_euclid(12);
    if ahead > FUTURE_REACH_MONTHS {
        Lean::Past
    } else {
        lean
    }
}

/// Month `m`, day `d` seen from `dct`: the nearest valid date in the
/// direction of `lean` (Feb. 29 looks back or forward to a leap year).
pub(crate) fn month_day(m: u32, d: u32, dct: NaiveDate, lean: Lean) -> Option<NaiveDate> {
    let y = dct.year();
    match lean {
        Lean::This => NaiveDate::from_ymd_opt(y, m, d),
        Lean::Past | Lean::Last => (0..9)
            .filter_map(|k| NaiveDate::from_ymd_opt(y + 1 - k, m, d))
            .find(|&c| {
                if lean == Lean::Past {
                    c <= dct
                } else {
                    c < dct
                }
            }),
        Lean::Future | Lean::Next => (0..9)
            .filter_map(|k| NaiveDate::from_ymd_opt(y - 1 + k, m, d))
            .find(|&c| {
                if lean == Lean::Future {
                    c >= dct
                } else {
                    c > dct
                }
            }),
    }
}

/// Weekday `wd` (1 = Monday) seen from `dct`.
pub(crate) fn weekday_date(wd: u32, dct: NaiveDate, lean: Lean) -> Option<NaiveDate> {
    let cur = dct.weekday().number_from_monday() as i64;
    let wd = wd as i64;
    let back = (cur - wd).rem_euclid(7); // days back to the one on or before
    let fwd = (wd - cur).rem_euclid(7); // days on to the one on or after
    let off = match lean {
        Lean::Past => -back,
        Lean::Last => {
            if back == 0 {
                -7
            } else {
                -back
            }
        }
        Lean::Future | Lean::This => fwd,
        Lean::Next => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
    };
    dct.checked_add_signed(chrono::Duration::try_days(off)?)
}

/// Season codes in calendar order within a season-year (winter last: the
/// winter of 2022 runs from December 2022 into 2023).
const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

fn season_index(code: &str) -> i64 {
    SEASONS.iter().position(|s| *s == code).unwrap_or(0) as i64
}

/// The season-year and season that contain `d`, as one ordinal.
fn season_ordinal(d: NaiveDate) -> i64 {
    let (y, m) = (d.year() as i64, d.month());
    match m {
        3..=5 => y * 4,
        6..=8 => y * 4 + 1,
        9..=11 => y * 4 + 2,
        12 => y * 4 + 3,
        _ => (y - 1) * 4 + 3,
    }
}

/// The year of season `code` seen from `dct`.
pub(crate) fn season_year(code: &str, dct: NaiveDate, lean: Lean) -> i32 {
    let cur = season_ordinal(dct);
    let s = season_index(code);
    let same = cur.div_euclid(4) * 4 + s;
    let ord = match lean {
        Lean::This => same,
        Lean::Past => {
            if same <= cur {
                same
            } else {
                same - 4
            }
        }
        Lean::Last => {
            if same < cur {
                same
            } else {
                same - 4
            }
        }
        Lean::Future => {
            if same >= cur {
                same
            } else {
                same + 4
            }
        }
        Lean::Next => {
            if same > cur {
                same
            } else {
                same + 4
            }
        }
    };
    ord.div_euclid(4) as i32
}

/// The year of quarter `q` seen from `dct`.
pub(crate) fn quarter_year(q: u32, dct: NaiveDate, lean: Lean) -> i32 {
    let cq = (dct.month() - 1) / 3 + 1;
    // Quarters behave like months on a coarser clock.
    let y = dct.year();
    match lean {
        Lean::This => y,
        Lean::Past => {
            if q <= cq {
                y
            } else {
                y - 1
            }
        }
        Lean::Last => {
            if q < cq {
                y
            } else {
                y - 1
            }
        }
        Lean::Future => {
            if q >= cq {
                y
            } else {
                y + 1
            }
        }
        Lean::Next => {
            if q > cq {
                y
            } else {
                y + 1
            }
        }
    }
}

/// The ISO weekday number (1 = Monday) of `d`.
pub(crate) fn weekday_of(d: NaiveDate) -> u32 {
    match d.weekday() {
        Weekday::Mon => 1,
        Weekday::Tue => 2,
        Weekday::Wed => 3,
        Weekday::Thu => 4,
        Weekday::Fri => 5,
        Weekday::Sat => 6,
        Weekday::Sun => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekdays() {
        let fri = d(2013, 3, 22);
        assert_eq!(weekday_date(4, fri, Lean::Past), Some(d(2013, 3, 21)));
        assert_eq!(weekday_date(5, fri, Lean::Past), Some(fri));
        assert_eq!(weekday_date(5, fri, Lean::Last), Some(d(2013, 3, 15)));
        assert_eq!(weekday_date(2, fri, Lean::Next), Some(d(2013, 3, 26)));
    }

    #[test]
    fn seasons() {
        assert_eq!(season_year("SU", d(2013, 3, 22), Lean::Last), 2012);
        assert_eq!(season_year("WI", d(2013, 1, 22), Lean::This), 2012);
        assert_eq!(season_year("SU", d(2013, 9, 1), Lean::Last), 2013);
    }

    #[test]
    fn leap_day() {
        assert_eq!(
            month_day(2, 29, d(2023, 3, 1), Lean::Past),
            Some(d(2020, 2, 29))
        );
        assert_eq!(
            month_day(2, 29, d(2023, 3, 1), Lean::Future),
            Some(d(2024, 2, 29))
        );
    }
}
