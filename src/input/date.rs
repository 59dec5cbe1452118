//! Publication dates from record fields.
//!
//! Takes the string (or number) a dump stores in its date field and gives a
//! calendar date. Dumps disagree wildly (ISO 8601, RFC 2822, "Mar 22, 2013",
//! epoch seconds), so this is a small tolerant parser rather than a list of
//! `strftime` formats. The one decision to know: **the date is the local date
//! written in the string**; a time zone offset is not applied, because the
//! publication date an article means is the one on its own calendar, not the
//! UTC one. A string that cannot be read gives `None`, never an error.

use chrono::{DateTime, NaiveDate};

/// Years outside this range are taken as garbage rather than dates.
const MIN_YEAR: i32 = 1000;
const MAX_YEAR: i32 = 2999;

/// Parses a date from a JSON value: a string in any of the accepted forms,
/// an epoch timestamp (seconds or milliseconds), or a MongoDB `{"$date": ..}`.
pub(crate) fn parse_value(v: &serde_json::Value) -> Option<NaiveDate> {
    match v {
        serde_json::Value::String(s) => parse_date(s),
        serde_json::Value::Number(n) => n.as_i64().and_then(from_epoch),
        serde_json::Value::Object(m) => m.get("$date").and_then(parse_value),
        _ => None,
    }
}

/// Parses a date string. Accepted forms (case-insensitive month names):
///
/// - ISO 8601: `2013-03-22`, `2013-03-22T10:00:00Z`, `2013-03-22 10:00:00`
/// - `2013/03/22`, `2013.03.22`, `20130322`
/// - RFC 2822: `Fri, 22 Mar 2013 10:00:00 +0000`
/// - `Mar 22, 2013`, `March 22nd, 2013`, `22 March 2013`, `Friday, 22 March 2013 10:00`
/// - `22/03/2013` or `03/22/2013` when the day is over 12 (otherwise the
///   order is ambiguous and the result is `None`)
/// - epoch seconds or milliseconds as digits
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Some(d) = parse_numeric(s) {
        return Some(d);
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return check(dt.naive_local().date());
    }
    parse_words(s)
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
/// ignored), `D/M/Y` when unambiguous, `YYYYMMDD`, epoch numbers.
fn parse_numeric(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return match b.len() {
            8 => {
                let n: i64 = s.parse().ok()?;
                ymd(n / 10000, n / 100 % 100, n % 100)
            }
            10 | 13 => from_epoch(s.parse().ok()?),
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
        return ymd(parts[0], parts[1], parts[2]);
    }
    if lens[2] == 4 {
        let (a, m) = (parts[0], parts[1]);
        return match (a > 12, m > 12) {
            (true, false) => ymd(parts[2], m, a),
            (false, true) => ymd(parts[2], a, m),
            // Equal day and month read the same either way.
            _ if a == m => ymd(parts[2], a, m),
            _ => None,
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
}
