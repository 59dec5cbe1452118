//! Quotes: placeholder until the quotes stage lands (same API).
use crate::model::{Entity, Mention, Paragraph, Quote, Sentence};

/// Options.
#[derive(Clone, Debug, Default)]
pub struct QuoteOptions {
    /// Emit non-speech quotes too.
    pub all_quotes: bool,
}
/// Finder.
#[derive(Clone, Debug, Default)]
pub struct QuoteFinder;
/// Input.
pub struct QuoteInput<'a> {
    /// Text.
    pub text: &'a str,
    /// Paragraphs.
    pub paragraphs: &'a [Paragraph],
    /// Sentences.
    pub sentences: &'a [Sentence],
    /// Mentions.
    pub mentions: &'a [Mention],
    /// Entities.
    pub entities: &'a [Entity],
}
/// Result.
#[derive(Clone, Debug, Default)]
pub struct QuoteResult {
    /// Quotes.
    pub quotes: Vec<Quote>,
    /// Warnings.
    pub warnings: Vec<String>,
}
impl QuoteFinder {
    /// New.
    pub fn new(_o: QuoteOptions) -> Self {
        QuoteFinder
    }
    /// Find.
    pub fn find(&self, _i: &QuoteInput<'_>) -> QuoteResult {
        QuoteResult::default()
    }
}
