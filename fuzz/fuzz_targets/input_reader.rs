//! Feeds arbitrary bytes through every input reader.
//!
//! The first byte picks the file name (so the format: JSON Lines, JSON,
//! CSV, TSV, text, sniffed, or a tar archive) and the options (size limit, truncation, a
//! records path); the rest is the file. Whatever the bytes, reading must
//! end without a panic, and every document must respect the size limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quarry::input::{read_from_reader, InputOptions};

const NAMES: [&str; 8] = [
    "f.jsonl", "f.json", "f.csv", "f.tsv", "f.txt", "<stdin>", "f.jsonl.gz", "f.tar",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(selector & 7)];
    let limit = (selector & 8 != 0).then_some(64);
    let opts = InputOptions {
        max_doc_bytes: limit,
        truncate_long: selector & 16 != 0,
        records_path: (selector & 32 != 0).then(|| "/results/1".to_string()),
        title_field: (selector & 64 != 0).then(|| "t.x".to_string()),
        ..InputOptions::default()
    };
    let records = read_from_reader(Box::new(std::io::Cursor::new(body.to_vec())), name, &opts);
    for item in records {
        if let (Ok(doc), Some(max)) = (item, limit) {
            assert!(doc.text.len() <= max, "document over the limit");
        }
    }
});
