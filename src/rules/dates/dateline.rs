//! Publication dates from the top of an article.
//!
//! Two shapes are read: a line near the top that holds nothing but a date
//! ("Friday, July 21, 2017", "22 March 2013", "Published: 2013-03-22"), and a
//! wire dateline ("WASHINGTON, March 22 (Reuters) -"). A wire dateline has
//! no year, so the year is taken from the years the article itself names
//! (the most frequent one, the later on a tie); with no year in the text
//! there is no date, never a guess from the clock.

use chrono::NaiveDate;

use super::{DateFinder, DateOptions};

/// How far into the text a dateline may start, in bytes.
const HEAD: usize = 600;

/// A publication date from a dateline at the top of the article
/// ("WASHINGTON, March 22 (Reuters) -", "Friday, July 21, 2017" on its own
/// line near the top).
pub fn find_dateline(text: &str) -> Option<NaiveDate> {
    let mut end = text.len().min(HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let finder = DateFinder::new(DateOptions::default());
    let mut offset = 0;
    for (n, line) in head.split('\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        if n > 8 {
            break;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let found = finder.find(line, None);
        // A line that is only a date (with its weekday and a label).
        let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
        let covered: usize = found.iter().map(|m| letters(m.span.slice(line))).sum();
        let label = ["published", "updated", "posted", "date", "on"];
        let extra = letters(trimmed) - covered.min(letters(trimmed));
        let label_len = label
            .iter()
            .filter(|l| trimmed.to_ascii_lowercase().starts_with(*l))
            .map(|l| l.len())
            .max()
            .unwrap_or(0);
        if extra <= label_len + 3 {
            if let Some(d) = found.iter().find_map(|m| parse_day(&m.value)) {
                return Some(d);
            }
        }
        // A wire dateline: "CITY, Month Day (Agency) -".
        if let Some(m) = found.first() {
            let before = &line[..m.span.start];
            let after = &line[m.span.end..];
            let city = before.trim_end().ends_with(',')
                && before.chars().next().is_some_and(char::is_uppercase);
            let agency = after.trim_start().starts_with('(')
                || after.trim_start().starts_with(['-', '—', '–']);
            if city && agency && m.span.start < 80 {
                if let Some(d) = parse_day(&m.value) {
                    return Some(d);
                }
                if let Some((mo, d)) = parse_month_day(&m.value) {
                    let y = likely_year(&text[(line_start + m.span.end).min(text.len())..])?;
                    return NaiveDate::from_ymd_opt(y, mo, d);
                }
            }
        }
    }
    None
}

/// `YYYY-MM-DD` (or a longer value starting with it).
fn parse_day(v: &str) -> Option<NaiveDate> {
    let y: i32 = v.get(0..4)?.parse().ok()?;
    let m: u32 = v.get(5..7)?.parse().ok()?;
    let d: u32 = v.get(8..10)?.parse().ok()?;
    if v.get(4..5)? != "-" || v.get(7..8)? != "-" {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `XXXX-MM-DD`.
fn parse_month_day(v: &str) -> Option<(u32, u32)> {
    if !v.starts_with("XXXX-") || v.len() != 10 {
        return None;
    }
    Some((v.get(5..7)?.parse().ok()?, v.get(8..10)?.parse().ok()?))
}

/// The year the article talks about most (the later on a tie).
fn likely_year(text: &str) -> Option<i32> {
    let finder = DateFinder::new(DateOptions::default());
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for m in finder.find(text, None) {
        let Some(y) = m.value.get(0..4).and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        match counts.iter_mut().find(|(yy, _)| *yy == y) {
            Some(c) => c.1 += 1,
            None => counts.push((y, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, c)| (c, y))
        .map(|(y, _)| y)
}
