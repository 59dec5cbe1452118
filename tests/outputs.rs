//! Every output mode of `quarry extract` against golden files, plus the
//! manners around them: UTF-16 offsets, spreadsheet safety, a closed pipe,
//! completions and the man page.
//!
//! The input is `fixtures/golden/input.jsonl`: three short articles (one
//! with emoji, one with a quote over two paragraphs, ids that look like a
//! formula and a number) and one broken line. Outputs are compared as
//! parsed structures, except for `--excel`, where the bytes (byte order
//! mark, CRLF) are the point.
//!
//! When the pipeline finds something different on purpose, regenerate the
//! golden files and review the diff:
//! `QUARRY_BLESS=1 cargo test --test integration outputs`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::util::{fixture, json_lines, quarry};

fn input() -> String {
    fixture("golden/input.jsonl").display().to_string()
}

fn golden(name: &str) -> PathBuf {
    fixture("golden").join(name)
}

fn blessing() -> bool {
    std::env::var_os("QUARRY_BLESS").is_some_and(|v| v == "1")
}

/// Runs `quarry extract -q --error-records --keep-field section ARGS
/// input.jsonl` and returns standard output.
fn extract(args: &[&str]) -> Vec<u8> {
    let input = input();
    let mut all = vec![
        "extract",
        "-q",
        "--error-records",
        "--keep-field",
        "section",
    ];
    all.extend_from_slice(args);
    all.push(&input);
    let out = quarry(&all, None);
    assert!(
        out.status.success(),
        "quarry {all:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Replaces the checkout's absolute fixture path in record locations, so
/// golden files hold `fixtures/golden/input.jsonl:2` wherever the tests run.
fn portable(bytes: &[u8]) -> Vec<u8> {
    let dir = fixture("golden").display().to_string();
    String::from_utf8_lossy(bytes)
        .replace(&dir, "fixtures/golden")
        .into_bytes()
}

/// Compares `actual` with the golden file `name` through `parse`, or
/// rewrites the golden file when blessing.
fn check_golden<T: PartialEq + std::fmt::Debug>(name: &str, actual: &[u8], parse: fn(&[u8]) -> T) {
    let path = golden(name);
    let actual = &portable(actual)[..];
    if blessing() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (QUARRY_BLESS=1 creates it)", path.display()));
    assert_eq!(
        parse(actual),
        parse(&expected),
        "output differs from {} (QUARRY_BLESS=1 rewrites it; review the diff)",
        path.display()
    );
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn raw(bytes: &[u8]) -> Vec<u8> {
    bytes.to_vec()
}

fn json_array(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("one JSON document")
}

/// The column `name` of a CSV table, as parsed rows after the header.
fn column<'r>(rows: &'r [Vec<String>], name: &str) -> Vec<&'r str> {
    let i = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].as_str()).collect()
}

#[test]
fn jsonl_golden() {
    let out = extract(&[]);
    check_golden("out.jsonl", &out, json_lines);
    let recs = json_lines(&out);
    assert_eq!(recs.len(), 4, "three documents and one error record");
    assert!(recs[2]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(
        recs[2]["location"].as_str().unwrap(),
        format!("{}:3", input())
    );
    for r in recs.iter().filter(|r| r.get("error").is_none()) {
        for (count, list) in [
            ("entities", "entities"),
            ("mentions", "mentions"),
            ("dates", "dates"),
            ("quotes", "quotes"),
        ] {
            assert_eq!(
                r["counts"][count].as_u64().unwrap() as usize,
                r[list].as_array().unwrap().len(),
                "{count} of {}",
                r["id"]
            );
        }
        assert!(r["meta"]["section"].is_string());
    }
}

#[test]
fn json_array_golden_is_the_jsonl_records_streamed() {
    let out = extract(&["--format", "json"]);
    check_golden("out.json", &out, json_array);
    let text = String::from_utf8(out.clone()).unwrap();
    // Streamed: `[`, one record a line, `]`.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first(), Some(&"["));
    assert_eq!(lines.last(), Some(&"]"));
    assert_eq!(lines.len(), 4 + 2);
    assert_eq!(
        json_array(&out),
        Value::Array(json_lines(&extract(&["--format", "jsonl"])))
    );
    // No records at all is still a valid document.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": \n").unwrap();
    let empty = quarry(
        &["extract", "-q", "--format", "json", bad.to_str().unwrap()],
        None,
    );
    assert_eq!(json_array(&empty.stdout), Value::Array(vec![]));
}

#[test]
fn csv_directory_golden() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    extract(&["--output-dir", d]);
    for table in ["documents", "entities", "mentions", "quotes"] {
        let bytes = std::fs::read(dir.path().join(format!("{table}.csv"))).unwrap();
        check_golden(&format!("csv/{table}.csv"), &bytes, csv_rows);
    }
    let docs = csv_rows(&std::fs::read(dir.path().join("documents.csv")).unwrap());
    assert_eq!(
        column(&docs, "doc_id"),
        ["g-001", "=HYPERLINK(\"http://x\",\"y\")", "", "-12.5"]
    );
    assert!(column(&docs, "error")[2].contains("JSON"));
    assert_eq!(
        column(&docs, "section"),
        ["economy", "=1+2", "", "world"],
        "kept fields are extra columns"
    );
    let quotes = csv_rows(&std::fs::read(dir.path().join("quotes.csv")).unwrap());
    // The quote over two paragraphs keeps its line breaks inside the cell.
    assert!(column(&quotes, "text")
        .iter()
        .any(|t| t.contains("harbour.\n\n“It will")));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 4);
}

#[test]
fn single_table_is_the_directory_table() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("all");
    extract(&["--output-dir", d.to_str().unwrap()]);
    for table in ["documents", "entities", "mentions", "quotes"] {
        let one = extract(&["--format", "csv", "--records", table]);
        let from_dir = std::fs::read(d.join(format!("{table}.csv"))).unwrap();
        assert!(
            one == from_dir,
            "--records {table} differs from {table}.csv"
        );
    }
    check_golden("quotes.csv", &extract(&["--records", "quotes"]), csv_rows);
    // -o writes the same bytes to a file, and nothing else is left.
    let file = dir.path().join("quotes.csv");
    let stdout = extract(&["--records", "quotes", "-o", file.to_str().unwrap()]);
    assert!(stdout.is_empty());
    assert!(std::fs::read(&file).unwrap() == std::fs::read(d.join("quotes.csv")).unwrap());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn excel_golden_bom_crlf_and_formulas() {
    let out = extract(&["--records", "documents", "--excel"]);
    check_golden("documents-excel.csv", &out, raw);
    assert!(out.starts_with("\u{feff}doc_id,".as_bytes()));
    let text = std::str::from_utf8(&out).unwrap();
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let rows = csv_rows(&out);
    let ids = column(&rows, "doc_id");
    assert_eq!(ids[1], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(ids[3], "-12.5", "numbers are data, not formulas");
    assert_eq!(column(&rows, "section")[1], "'=1+2");

    // Line breaks inside a quote stay inside the quoted cell, or become
    // one space with --csv-newlines space.
    let quotes = extract(&["--records", "quotes", "--excel"]);
    let text = String::from_utf8(quotes.clone()).unwrap();
    assert!(text.contains("harbour.\n\n“It will"));
    assert_eq!(
        csv_rows(&quotes).len(),
        4,
        "header and three quotes, whatever the line breaks"
    );
    let spaced = extract(&["--records", "quotes", "--excel", "--csv-newlines", "space"]);
    let spaced = String::from_utf8(spaced).unwrap();
    assert!(spaced.contains("harbour. “It will"));
    assert_eq!(spaced.matches('\n').count(), 4);
}

/// The UTF-16 code units of `text` between `s` and `e`, decoded.
fn utf16_slice(units: &[u16], s: &Value, e: &Value) -> String {
    let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
    String::from_utf16(&units[s..e]).expect("a UTF-16 span ends on a code point")
}

#[test]
fn utf16_offsets_slice_a_utf16_encoding() {
    let texts: Vec<String> = std::fs::read_to_string(fixture("golden/input.jsonl"))
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| v["text"].as_str().unwrap().to_string())
        .collect();
    let recs: Vec<Value> = json_lines(&extract(&["--offsets", "utf16"]))
        .into_iter()
        .filter(|r| r.get("error").is_none())
        .collect();
    assert_eq!(recs.len(), texts.len());
    let mut shifted = 0;
    for (r, text) in recs.iter().zip(&texts) {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut spans: Vec<&Value> = Vec::new();
        for list in ["mentions", "dates", "quotes"] {
            spans.extend(r[list].as_array().unwrap());
        }
        for q in r["quotes"].as_array().unwrap() {
            spans.extend([&q["inner"], &q["speaker_mention"], &q["cue"]]);
        }
        for s in spans.into_iter().filter(|s| !s.is_null()) {
            assert_eq!(
                utf16_slice(&units, &s["utf16_start"], &s["utf16_end"]),
                s["text"].as_str().unwrap(),
                "{s}"
            );
            if s["utf16_start"] != s["start"] {
                shifted += 1;
            }
        }
    }
    assert!(shifted > 0, "the emoji shift some UTF-16 offsets");
    // Without the flag, JSON has no UTF-16 fields.
    assert!(!String::from_utf8(extract(&[]))
        .unwrap()
        .contains("utf16_start"));

    // In CSV, start/end follow --offsets.
    let csv = csv_rows(&extract(&["--records", "mentions", "--offsets", "utf16"]));
    let (ids, starts, ends, surfaces) = (
        column(&csv, "doc_id"),
        column(&csv, "start"),
        column(&csv, "end"),
        column(&csv, "text"),
    );
    let emoji_doc: Vec<u16> = texts[1].encode_utf16().collect();
    let mut checked = 0;
    for i in 0..ids.len() {
        if ids[i].starts_with("=HYPERLINK") {
            let (s, e) = (starts[i].parse().unwrap(), ends[i].parse().unwrap());
            assert_eq!(String::from_utf16(&emoji_doc[s..e]).unwrap(), surfaces[i]);
            checked += 1;
        }
    }
    assert!(checked >= 2);
    let bytes = csv_rows(&extract(&["--records", "mentions", "--offsets", "byte"]));
    assert_eq!(column(&bytes, "start"), column(&bytes, "byte_start"));
}

/// Input large enough that the output overflows any pipe buffer.
fn big_input(dir: &Path) -> PathBuf {
    let base = std::fs::read_to_string(fixture("articles/gas-pipeline.jsonl")).unwrap();
    let path = dir.join("big.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for _ in 0..1500 {
        f.write_all(base.as_bytes()).unwrap();
    }
    f.flush().unwrap();
    path
}

#[test]
fn closed_pipe_exits_0_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = big_input(dir.path());
    for args in [
        &["--format", "jsonl"][..],
        &["--format", "json"],
        &["--records", "mentions"],
        &["--records", "quotes", "--excel"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quarry"))
            .arg("extract")
            .args(args)
            .arg(&big)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The read end is closed here, as `head -1` does.
        assert!(!first.is_empty());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.to_lowercase().contains("pipe") && !stderr.contains("rror"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = quarry(&["completions", shell], None);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("quarry"), "{shell}");
        assert!(script.contains("--output-dir"), "{shell}");
    }
    let out = quarry(&["man"], None);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH quarry 1"), "{page}");
    assert!(page.contains("extract"));
    // The flags of each subcommand are in the page, not only its name.
    assert!(page.contains(".SH \"EXTRACT OPTIONS\""));
    assert!(page.contains("\\-\\-excel"));
    let out = quarry(&["completions", "tcsh"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_flags_that_do_not_fit_are_usage_errors() {
    for (args, says) in [
        (&["--excel"][..], "--excel"),
        (&["--format", "jsonl", "--records", "quotes"], "--records"),
        (&["--format", "json", "--output-dir", "x"], "--output-dir"),
        (&["--csv-newlines", "space"], "--csv-newlines"),
        (&["--records", "quotes", "--output-dir", "x"], "--records"),
        (&["--output-dir", "x", "-o", "y"], "--output-dir"),
        (&["--records", "tables"], "tables"),
        (&["--offsets", "utf8"], "utf8"),
    ] {
        let mut all = vec!["extract"];
        all.extend_from_slice(args);
        all.push("-");
        let out = quarry(&all, Some(b""));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // --records alone means CSV.
    let doc = br#"{"id": "d1", "text": "Mayor Elena Popescu visited Lisbon."}"#;
    let out = quarry(&["extract", "-q", "--records", "entities", "-"], Some(doc));
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"doc_id,entity_id,"));
}

#[test]
fn demonyms_are_mention_rows_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("d.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"d1\", \"text\": \"The Uzbek government met French diplomats.\"}\n",
    )
    .unwrap();
    let out = quarry(
        &[
            "extract",
            "-q",
            "--records",
            "mentions",
            input.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success());
    let rows = csv_rows(&out.stdout);
    let types = column(&rows, "type");
    let values = column(&rows, "value");
    let texts = column(&rows, "text");
    let uzbek = texts.iter().position(|t| *t == "Uzbek").expect("Uzbek row");
    assert_eq!(types[uzbek], "DEMONYM");
    assert_eq!(values[uzbek], "Uzbekistan");
    assert!(texts.contains(&"French"));
}
