//! Dates: placeholder until the dates stage lands (same API).
use crate::model::DateMention;
use chrono::NaiveDate;

/// Options for date finding.
#[derive(Clone, Debug, Default)]
pub struct DateOptions {
    /// Read 12/07/2022 as 12 July.
    pub day_first: bool,
}

/// Finds dates.
#[derive(Clone, Debug, Default)]
pub struct DateFinder;

impl DateFinder {
    /// Builds the finder.
    pub fn new(_opts: DateOptions) -> DateFinder {
        DateFinder
    }
    /// Finds dates.
    pub fn find(&self, _text: &str, _dct: Option<NaiveDate>) -> Vec<DateMention> {
        Vec::new()
    }
}

/// Dateline.
pub fn find_dateline(_text: &str) -> Option<NaiveDate> {
    None
}
