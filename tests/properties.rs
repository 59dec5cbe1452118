//! Property tests over the whole pipeline: it never panics, and every span
//! it emits slices to its surface text in bytes and in code points.

use proptest::prelude::*;
use quarry::model::{Document, Span};

use crate::util::pipeline;

fn check(text: &str, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "not on char boundaries: {span:?}"
    );
    prop_assert!(span.start <= span.end && span.end <= text.len());
    let by_bytes = &text[span.start..span.end];
    let by_chars: String = text
        .chars()
        .skip(span.char_start)
        .take(span.char_end - span.char_start)
        .collect();
    prop_assert_eq!(by_bytes, by_chars.as_str());
    Ok(())
}

/// Text built from news-like pieces and awkward characters, so the rules
/// actually fire on it.
fn newsish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Vladimir Putin",
        "Putin’s",
        " said ",
        "“",
        "”",
        "\"",
        "‘",
        "’",
        ",",
        ".",
        " ",
        "\n",
        "\n\n",
        "Energy Minister",
        "Zürich",
        "Kazakhstan",
        "Nov. 27",
        "the U.S.",
        "Kun.uz",
        "😀",
        "İstanbul",
        "think tank",
        "he said",
        "Ministry of",
        "Inc.",
        "«",
        "»",
        "ǅ",
        "\u{200d}",
        "Ω",
        "e\u{301}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_text_every_span_slices(text in "\\PC{0,200}") {
        spans_ok(&text)?;
    }

    #[test]
    fn newsish_text_every_span_slices(text in newsish()) {
        spans_ok(&text)?;
    }
}

fn spans_ok(text: &str) -> Result<(), TestCaseError> {
    let doc = Document {
        id: "p".into(),
        text: text.to_string(),
        date: chrono::NaiveDate::from_ymd_opt(2022, 12, 8),
        ..Document::default()
    };
    let a = pipeline().analyze(&doc);
    for m in &a.mentions {
        check(text, m.span)?;
    }
    for d in &a.dates {
        check(text, d.span)?;
    }
    for d in &a.demonyms {
        check(text, d.span)?;
    }
    for q in &a.quotes {
        check(text, q.span)?;
        check(text, q.inner)?;
        if let Some(s) = &q.speaker {
            check(text, s.mention)?;
        }
        if let Some(c) = q.cue {
            check(text, c)?;
        }
        if let Some(c) = q.addressee {
            check(text, c)?;
        }
    }
    for e in &a.entities {
        prop_assert!(!e.mentions.is_empty());
    }
    Ok(())
}

/// Documents that are one endless capitalised run, one endless sentence of
/// names and quotes, or a wall of abbreviations: every stage must stay
/// linear (a quadratic step turned a 7 MB document into minutes). No timing
/// is asserted; a regression shows up as a test that does not finish.
#[test]
fn pathological_documents_finish() {
    for piece in [
        "THE MINISTER OF ENERGY IN TASHKENT SAID ",
        "Karimova Minister Tashkent said \"we will\" and ",
        "Mr. Dr. Nov. U.S. J.K. St. Inc. ",
        "“a ‘b” c’ «d» \"e ",
    ] {
        let text = piece.repeat(20_000);
        let doc = Document {
            id: "p".into(),
            text: text.clone(),
            ..Document::default()
        };
        let a = pipeline().analyze(&doc);
        for m in &a.mentions {
            assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
    }
}
