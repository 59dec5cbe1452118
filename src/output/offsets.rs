//! Offsets as consumers count them: code points (Python), UTF-8 bytes
//! (Rust, Go, byte-level tools) or UTF-16 code units (JavaScript, Java, C#).
//!
//! Takes a document's text and spans that carry byte and code point
//! offsets (see [`crate::model::Span`]); gives the offsets in the unit the
//! user asked for.
//!
//! The design decision: **UTF-16 offsets are derived, not stored.** A
//! UTF-16 offset is the code point offset plus the number of supplementary
//! characters (U+10000 and up, two code units each) before it, so one pass
//! over the text records where those characters are; most news text has
//! none and the look-up is then free. The stages never see UTF-16.

use crate::model::Span;

/// The unit of `start`/`end` in CSV output (JSON always has code points and
/// bytes, and adds UTF-16 with [`OffsetMode::Utf16`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OffsetMode {
    /// Unicode code points: Python `str` indices (the default).
    #[default]
    Char,
    /// UTF-8 bytes.
    Byte,
    /// UTF-16 code units: JavaScript and Java string indices.
    Utf16,
}

/// Maps a position to its UTF-16 offset after one pass over the text.
#[derive(Clone, Debug, Default)]
pub struct Utf16Index {
    /// Byte positions of the characters that take two UTF-16 code units,
    /// in increasing order.
    astral: Vec<usize>,
}

impl Utf16Index {
    /// Records where `text` has characters outside the Basic Multilingual
    /// Plane.
    pub fn new(text: &str) -> Utf16Index {
        // A 4-byte UTF-8 sequence is exactly a supplementary character, and
        // its lead byte is the only byte >= 0xF0 in valid UTF-8.
        let astral = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b >= 0xF0)
            .map(|(i, _)| i)
            .collect();
        Utf16Index { astral }
    }

    /// The UTF-16 offset of the position at byte `byte`, which is code
    /// point `chars`.
    pub fn offset(&self, byte: usize, chars: usize) -> usize {
        chars + self.astral.partition_point(|&p| p < byte)
    }
}

/// The offsets of one document's spans, in the unit chosen.
#[derive(Clone, Debug)]
pub(crate) struct Offsets {
    mode: OffsetMode,
    utf16: Option<Utf16Index>,
}

impl Offsets {
    /// Offsets for `text`; the UTF-16 index is built only when needed.
    pub(crate) fn new(text: &str, mode: OffsetMode) -> Offsets {
        Offsets {
            mode,
            utf16: (mode == OffsetMode::Utf16).then(|| Utf16Index::new(text)),
        }
    }

    /// `(start, end)` of `span` in the chosen unit.
    pub(crate) fn start_end(&self, span: Span) -> (usize, usize) {
        match self.mode {
            OffsetMode::Char => (span.char_start, span.char_end),
            OffsetMode::Byte => (span.start, span.end),
            OffsetMode::Utf16 => self.utf16(span).unwrap_or((span.char_start, span.char_end)),
        }
    }

    /// `(start, end)` of `span` in UTF-16 code units, when asked for.
    pub(crate) fn utf16(&self, span: Span) -> Option<(usize, usize)> {
        self.utf16.as_ref().map(|u| {
            (
                u.offset(span.start, span.char_start),
                u.offset(span.end, span.char_end),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CharIndex;

    #[test]
    fn utf16_offsets_match_encode_utf16() {
        let text = "Zürich 😀 – “Ilkhamov” said 𝔘 in Kun.uz 🇺🇿 ".repeat(5);
        let chars = CharIndex::new(&text);
        let u = Utf16Index::new(&text);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let expected = text[..b].encode_utf16().count();
            assert_eq!(u.offset(b, chars.char_offset(b)), expected, "at byte {b}");
        }
    }

    #[test]
    fn modes_pick_their_unit() {
        let text = "😀 Anna";
        let start = text.find("Anna").unwrap();
        let mut span = Span::new(start, start + 4);
        span.char_start = 2;
        span.char_end = 6;
        assert_eq!(Offsets::new(text, OffsetMode::Char).start_end(span), (2, 6));
        assert_eq!(Offsets::new(text, OffsetMode::Byte).start_end(span), (5, 9));
        assert_eq!(
            Offsets::new(text, OffsetMode::Utf16).start_end(span),
            (3, 7)
        );
        assert_eq!(Offsets::new(text, OffsetMode::Char).utf16(span), None);
    }
}
