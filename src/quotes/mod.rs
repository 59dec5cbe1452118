//! Stage: quotes. Finds direct quotes and who said them.
//!
//! Takes the text with its paragraphs and the entity stage's mentions and
//! entities ([`QuoteInput`]); gives every direct quote with its span, kind,
//! speaker, speech verb, addressee and the rule that attributed it
//! ([`QuoteResult`]), plus a warning for every quotation mark it could not
//! pair. Nothing in the text stops the stage: an odd mark is reported and
//! the rest of the document is still read.
//!
//! Three steps, each linear in the text:
//!
//! 1. **Pairing** (`scan`): quotation marks are found with `memchr` and
//!    paired per paragraph from what stands on their two sides, so straight
//!    quotes, curly quotes typed the wrong way round, British single quotes
//!    and apostrophes ("don't", "the ’90s") are told apart by one rule. A
//!    quote still open at the end of a paragraph runs on when the next
//!    paragraph opens with a quotation mark (the news convention for a quote
//!    over several paragraphs) or closes it; it becomes one
//!    [`crate::model::QuoteKind::MultiParagraph`] quote.
//! 2. **Speech or not** (`classify`): terms, titles and scare quotes ("a
//!    “natural gas union”", "the so-called “union”", “Eurasian Union of
//!    Nations”) are told from reported words by ranked evidence: naming
//!    words before the mark, length, title case, the same words quoted
//!    elsewhere, then a speech verb or an attribution next to the quote.
//! 3. **Attribution** (`attrib`): a sieve of rules, most precise first, so
//!    a quote takes its speaker from the closest unambiguous evidence before
//!    a wider rule can guess:
//!    1. `after`: `"…," SPEAKER said`, `"…," said SPEAKER`, `"…," SPEAKER,
//!       apposition, said`, `"…," according to SPEAKER`. A speaker directly
//!       after the closing mark is the news convention and almost never
//!       wrong, so it runs first.
//!    2. `before` and `split`: a speech verb earlier in the quote's clause
//!       (`SPEAKER said: "…"`, `SPEAKER told X that … "…"`, the second half
//!       of `"…," SPEAKER said, "…"`, `according to SPEAKER, "…"`), with the
//!       verb's subject; a headline `SPEAKER: "…"` with no verb at all.
//!    3. `after-clause`: `"…" for joining the union, he said`: an
//!       attribution later in the sentence.
//!    4. `byline`: `"…" - SPEAKER`.
//!    5. `carry`: a quote that opens its sentence with no attribution of its
//!       own takes the speaker of the previous sentence's quote or reported
//!       speech (`Rice said in a statement. "…"`, a paragraph that is only a
//!       quote). This is the widest rule, so it runs last.
//!
//!    The speaker phrase is then resolved: a mention gives its entity; "he",
//!    "she", "it" and "they" look back a few sentences for the latest
//!    speaker or subject that agrees (sex from the entity or a title, never
//!    a person the quote itself names); "the minister" or "the oil giant"
//!    finds the entity introduced with that word; a capitalised name the
//!    entity stage missed ("said Ilkhamov") is kept as written and linked
//!    to a person by surname. When nothing resolves, the speaker stays
//!    `None`: the stage never guesses.

mod attrib;
mod classify;
mod lex;
mod phrase;
mod scan;
mod text;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use crate::model::{Entity, Mention, Paragraph, Quote, Sentence, Span};

/// Options for the quote stage.
#[derive(Clone, Debug, Default)]
pub struct QuoteOptions {
    /// Also emit quoted spans that are not speech (terms, titles, scare
    /// quotes), with kind [`crate::model::QuoteKind::NotSpeech`].
    pub all_quotes: bool,
}

/// Finds quotes and speakers. Built once, shared by all threads.
#[derive(Debug)]
pub struct QuoteFinder {
    opts: QuoteOptions,
    lexicon: lex::Lexicon,
}

/// What the quote stage reads for one document.
#[derive(Clone, Copy, Debug)]
pub struct QuoteInput<'a> {
    /// The document text.
    pub text: &'a str,
    /// Paragraphs, in text order.
    pub paragraphs: &'a [Paragraph],
    /// Sentences, in text order (the stage cuts its own, with every quote
    /// kept whole, and uses these only as a fallback for paragraphs).
    pub sentences: &'a [Sentence],
    /// PERSON, PLACE and ORG mentions in text order, each with its entity.
    pub mentions: &'a [Mention],
    /// The entities the mentions point to.
    pub entities: &'a [Entity],
}

/// What the quote stage found in one document.
#[derive(Clone, Debug, Default)]
pub struct QuoteResult {
    /// Quotes in text order.
    pub quotes: Vec<Quote>,
    /// Unpaired quotation marks and similar problems, each with its byte
    /// offset.
    pub warnings: Vec<String>,
}

impl QuoteFinder {
    /// Builds a finder; the speech-verb lexicon is loaded once here.
    pub fn new(opts: QuoteOptions) -> QuoteFinder {
        QuoteFinder {
            opts,
            lexicon: lex::Lexicon::shipped(),
        }
    }

    /// Finds the quotes of one document.
    pub fn find(&self, input: &QuoteInput<'_>) -> QuoteResult {
        let text = input.text;
        if !scan::has_quote_marks(text) {
            return QuoteResult::default();
        }
        let paragraphs: Cow<'_, [Paragraph]> = if input.paragraphs.is_empty() {
            Cow::Owned(fallback_paragraphs(text, input.sentences))
        } else {
            Cow::Borrowed(input.paragraphs)
        };
        let sc = scan::scan(text, &paragraphs);
        let toks = text::build(text, &paragraphs, &sc.pairs, input.mentions, &self.lexicon);
        let top: Vec<&scan::Pair> = sc.pairs.iter().filter(|p| p.depth == 0).collect();
        let mut engine =
            attrib::Engine::new(&toks, &self.lexicon, input.mentions, input.entities, top);
        let quotes = engine.run(self.opts.all_quotes);
        QuoteResult {
            quotes,
            warnings: sc.warnings,
        }
    }
}

/// Paragraphs when the caller gave none: one per sentence run of a line.
fn fallback_paragraphs(text: &str, sentences: &[Sentence]) -> Vec<Paragraph> {
    if let (Some(first), Some(last)) = (sentences.first(), sentences.last()) {
        if first.paragraph == last.paragraph {
            return vec![Paragraph {
                span: Span::new(first.span.start, last.span.end),
            }];
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
        let line = &text[start..nl];
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let s = start + (line.len() - line.trim_start().len());
            out.push(Paragraph {
                span: Span::new(s, s + trimmed.len()),
            });
        }
        start = nl + 1;
    }
    out
}
