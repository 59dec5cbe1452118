//! Publication dates from record fields.
//!
//! Takes the string (or number) a dump stores in its date field and gives a
//! calendar date. Dumps disagree wildly (ISO 8601, RFC 2822, "Mar 22, 2013",
//! epoch seconds), so this is a small tolerant parser rather than a list of
//! `strftime` formats. The one decision to know: **the date is the local date
//! written in the string**; a time zone offset is not applied, because the
//! publication date an article means is the one on its own calendar, not the
//! UTC one. A string that cannot be read gives `None` (the reader then
//! warns: [`read_value`] says whether it was unreadable or ambiguous).

use chrono::{DateTime, NaiveDate};

/// Years outside this range are taken as garbage rather than dates.
const MIN_YEAR: i32 = 1000;
const MAX_YEAR: i32 = 2999;

/// Parses a date from a JSON value: a string in any of the accepted forms,
/// an epoch timestamp (seconds or milliseconds), or a MongoDB `{"$date": ..}`.
#[cfg(test)]
pub(crate) fn parse_value(v: &serde_json::Value) -> Option<NaiveDate> {
    read_value(v, false).ok()
}

/// Why a date field gave no date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NoDate {
    /// Not a date in any accepted form.
    Unreadable,
    /// `03/04/2013`: day and month could be either way round, and
    /// `--day-first` was not given.
    Ambiguous,
}

/// [`parse_value`] saying why there is no date; `day_first` reads
/// `07/12/2022` as 7 December (as `--day-first` does for dates in the text).
pub(crate) fn read_value(v: &serde_json::Value, day_first: bool) -> Result<NaiveDate, NoDate> {
    match v {
        serde_json::Value::String(s) => read_date(s, day_first),
        serde_json::Value::Number(n) => n.as_i64().and_then(from_epoch).ok_or(NoDate::Unreadable),
        serde_json::Value::Object(m) => m
            .get("$date")
            .map_or(Err(NoDate::Unreadable), |v| read_value(v, day_first)),
        _ => Err(NoDate::Unreadable),
    }
}

/// Parses a date string. Accepted forms (case-insensitive month names):
///
/// - ISO 8601: `2013-03-22`, `2013-03-22T10:00:00Z`, `2013-03-22 10:00:00`
/// - `2013/03/22`, `2013.03.22`, `20130322`
/// - RFC 2822: `Fri, 22 Mar 2013 10:00:00 +0000`
/// - `Mar 22, 2013`, `March 22nd, 2013`, `22 March 2013`, `Friday, 22 March 2013 10:00`
/// - `22/03/2013` or `03/22/2013` when the day is over 12 (otherwise the
///   order is ambiguous and the result is `None`), `22.03.2013` and
///   `07.12.2022` (dots: day first, as in the text)
/// - epoch seconds or milliseconds as digits
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    read_date(s, false).ok()
}

/// [`parse_date`] saying why there is no date; with `day_first` an
/// ambiguous `07/12/2022` is 7 December.
pub(crate) fn read_date(s: &str, day_first: bool) -> Result<NaiveDate, NoDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return Err(NoDate::Unreadable);
    }
    match parse_numeric(s, day_first) {
        Ok(d) => return Ok(d),
        Err(NoDate::Ambiguous) => return Err(NoDate::Ambiguous),
        Err(NoDate::Unreadable) => {}
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return check(dt.naive_local().date()).ok_or(NoDate::Unreadable);
    }
    parse_words(s).ok_or(NoDate::Unreadable)
}

fn check(d: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    (MIN_YEAR..=MAX_YEAR).contains(&d.year()).then_some(d)
}

fn from_epoch(n: i64) -> Option<NaiveDate> {
    // 10 digits are seconds (2001..2286), 13 digits milliseconds.
    let secs = match n {
        1_000_000_000..=9_999_999_999 => n,
        1_000_000_000_000..=9_999_999_999_999 => n / 1000,
        _ => return None,
    };
    DateTime::from_timestamp(secs, 0).and_then(|d| check(d.date_naive()))
}

fn ymd(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    let (y, m, d) = (
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    );
    NaiveDate::from_ymd_opt(y, m, d).and_then(check)
}

/// Leading run of ASCII digits as a number and its length.
fn leading_number(s: &[u8]) -> (i64, usize) {
    let mut n: i64 = 0;
    let mut len = 0;
    for &b in s.iter().take(9) {
        if !b.is_ascii_digit() {
            break;
        }
        n = n * 10 + i64::from(b - b'0');
        len += 1;
    }
    (n, len)
}

/// All-digit forms: `Y-M-D` (any of `-/.` as separator, time after it
/// ignored), `D/M/Y` when unambiguous (or `day_first`), `YYYYMMDD`, epoch
/// numbers.
fn parse_numeric(s: &str, day_first: bool) -> Result<NaiveDate, NoDate> {
    parse_numeric_inner(s, day_first).unwrap_or(Err(NoDate::Unreadable))
}

fn parse_numeric_inner(s: &str, day_first: bool) -> Option<Result<NaiveDate, NoDate>> {
    let some = |d: Option<NaiveDate>| Some(d.ok_or(NoDate::Unreadable));
    let b = s.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return match b.len() {
            8 => {
                let n: i64 = s.parse().ok()?;
                some(ymd(n / 10000, n / 100 % 100, n % 100))
            }
            10 | 13 => some(from_epoch(s.parse().ok()?)),
            _ => None,
        };
    }
    let mut parts = [0i64; 3];
    let mut lens = [0usize; 3];
    let mut pos = 0;
    let mut sep = 0u8;
    for i in 0..3 {
        let (n, len) = leading_number(b.get(pos..)?);
        if len == 0 {
            return None;
        }
        parts[i] = n;
        lens[i] = len;
        pos += len;
        if i < 2 {
            let c = *b.get(pos)?;
            if !matches!(c, b'-' | b'/' | b'.') || (sep != 0 && c != sep) {
                return None;
            }
            sep = c;
            pos += 1;
        }
    }
    // Whatever follows must be a time or zone, not more digits of a date.
    if let Some(&c) = b.get(pos) {
        if !matches!(c, b'T' | b't' | b' ' | b'Z' | b'z' | b'+' | b',') {
            return None;
        }
    }
    if lens[0] == 4 {
        return some(ymd(parts[0], parts[1], parts[2]));
    }
    if lens[2] == 4 {
        let (a, m) = (parts[0], parts[1]);
        return match (a > 12, m > 12) {
            (true, false) => some(ymd(parts[2], m, a)),
            (false, true) => some(ymd(parts[2], a, m)),
            // Equal day and month read the same either way.
            _ if a == m => some(ymd(parts[2], a, m)),
            (true, true) => None,
            // Dots are European (as in the text rules); `--day-first`.
            _ if day_first || sep == b'.' => some(ymd(parts[2], m, a)),
            _ => Some(Err(NoDate::Ambiguous)),
        };
    }
    None
}

const MONTHS: [&str; 12] = [
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
];

fn month_number(word: &str) -> Option<i64> {
    if word.len() < 3 || word.len() > 9 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let lower = lower.strip_suffix('.').unwrap_or(&lower);
    MONTHS
        .iter()
        .position(|m| {
            m.starts_with(lower) && (lower.len() == 3 || lower.len() == m.len() || lower == "sept")
        })
        .map(|i| i as i64 + 1)
}

/// Month-name forms: one month name, a day of one or two digits (with an
/// optional `st`/`nd`/`rd`/`th`) and a four-digit year, in either order.
/// Times (`10:00`) and zones (`+0000`) are skipped.
fn parse_words(s: &str) -> Option<NaiveDate> {
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for tok in s.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '-') {
        if tok.is_empty() || tok.contains(':') || tok.starts_with('+') {
            continue;
        }
        if tok.as_bytes()[0].is_ascii_digit() {
            let digits = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
            let suffix = &tok[digits.len()..];
            let n: i64 = match digits.parse() {
                Ok(n) => n,
                Err(_) => continue,
            };
            if digits.len() == 4 && suffix.is_empty() && year.is_none() {
                year = Some(n);
            } else if digits.len() <= 2
                && day.is_none()
                && matches!(
                    suffix.to_ascii_lowercase().as_str(),
                    "" | "." | "st" | "nd" | "rd" | "th"
                )
            {
                day = Some(n);
            }
        } else if let Some(m) = month_number(tok) {
            month.get_or_insert(m);
        }
    }
    ymd(year?, month?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn accepted_forms() {
        let want = d(2013, 3, 22);
        for s in [
            "2013-03-22",
            "2013-03-22T10:00:00Z",
            "2013-03-22T23:30:00-05:00",
            "2013-03-22 10:00:00",
            "2013/03/22",
            "2013.03.22",
            "2013-3-22",
            "20130322",
            "Fri, 22 Mar 2013 10:00:00 +0000",
            "Fri, 22 Mar 2013 10:00:00 GMT",
            "Mar 22, 2013",
            "March 22, 2013",
            "March 22nd, 2013 10:04 AM",
            "22 March 2013",
            "22 Mar. 2013",
            "Friday, 22 March 2013 10:00",
            "22/03/2013",
            "03/22/2013",
            "  2013-03-22  ",
        ] {
            assert_eq!(parse_date(s), want, "{s}");
        }
    }

    #[test]
    fn rejected_forms() {
        for s in [
            "",
            "yesterday",
            "03/04/2013",
            "2013",
            "March 2013",
            "2013-13-01",
            "2013-02-30",
            "0000-01-01",
            "99999999999999999999",
            "2013-03-22-12",
            "12345",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn epochs_and_values() {
        use serde_json::json;
        assert_eq!(parse_value(&json!(1363946400)), d(2013, 3, 22));
        assert_eq!(parse_value(&json!(1363946400000i64)), d(2013, 3, 22));
        assert_eq!(parse_value(&json!("1363946400")), d(2013, 3, 22));
        assert_eq!(
            parse_value(&json!({"$date": "2013-03-22T10:00:00Z"})),
            d(2013, 3, 22)
        );
        assert_eq!(parse_value(&json!(12)), None);
        assert_eq!(parse_value(&json!(null)), None);
    }

    #[test]
    fn day_first_settles_ambiguous_dates() {
        assert_eq!(read_date("07/12/2022", false), Err(NoDate::Ambiguous));
        assert_eq!(read_date("07/12/2022", true).ok(), d(2022, 12, 7));
        assert_eq!(read_date("07.12.2022", false).ok(), d(2022, 12, 7));
        // Unambiguous forms are read the same either way.
        assert_eq!(read_date("03/22/2013", true).ok(), d(2013, 3, 22));
        assert_eq!(read_date("2013-03-04", true).ok(), d(2013, 3, 4));
        assert_eq!(read_date("soon", true), Err(NoDate::Unreadable));
        assert_eq!(read_date("13/13/2013", true), Err(NoDate::Unreadable));
    }
}
