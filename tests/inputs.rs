//! What the readers take and what they say: directory walks that report
//! every file they leave out, tar archives, titles and where the body
//! starts, date fields, truncation, long ids, and the messages for common
//! mistakes. Each runs the real binary without the shipped gazetteers
//! (nothing here is about entities), so each run is quick.

use std::io::Write;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{json_lines, quarry};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut all = vec!["extract", "--no-default-gazetteers"];
    all.extend_from_slice(args);
    quarry(&all, stdin)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, bytes).unwrap();
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, *data).unwrap();
    }
    b.into_inner().unwrap()
}

fn ids(out: &Output) -> Vec<String> {
    json_lines(&out.stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("<null>").to_string())
        .collect()
}

#[test]
fn a_folder_of_nothing_readable_exits_1_and_names_every_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.md", b"# Notes\n");
    write(dir.path(), "photo.png", b"\x89PNG\r\n\x1a\n\0\0\0");
    write(dir.path(), "blob", b"\0\x01\x02binary");
    write(dir.path(), ".hidden.jsonl", b"{\"text\": \"x\"}\n");
    let out = run(&[dir.path().to_str().unwrap()], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (name, why) in [
        (
            "notes.md",
            "`.md` is not an input format and the file does not hold JSON",
        ),
        (
            "photo.png",
            "`.png` is not an input format (binary content)",
        ),
        ("blob", "binary content"),
    ] {
        assert!(
            err.contains(&format!("{name}: skipped: {why}")),
            "{name}: {err}"
        );
    }
    // Hidden files are counted, not listed.
    assert!(!err.contains(".hidden"), "{err}");
    assert!(err.contains("0 documents"), "{err}");
    assert!(err.contains(", 4 files skipped"), "{err}");
    // An empty folder is nothing read, too.
    let empty = tempfile::tempdir().unwrap();
    let out = run(&[empty.path().to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no files in the directory"));
}

#[test]
fn a_mixed_folder_reads_by_name_or_content_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"A plain article.");
    write(
        dir.path(),
        "b.jsonl",
        b"{\"id\": \"b1\", \"text\": \"x\"}\n",
    );
    write(
        dir.path(),
        "data.gz",
        &gzip(b"{\"id\": \"gz1\", \"text\": \"x\"}\n"),
    );
    write(dir.path(), "noext", b"Another article, no extension.");
    write(dir.path(), "sub/notes.md", b"# not an article");
    let out = run(&["-j", "1", dir.path().to_str().unwrap()], None);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let a = dir.path().join("a.txt").display().to_string();
    let n = dir.path().join("noext").display().to_string();
    assert_eq!(ids(&out), [a.as_str(), "b1", "gz1", n.as_str()]);
    assert!(err.contains("notes.md: skipped: `.md`"), "{err}");
    assert!(err.contains(", 1 file skipped"), "{err}");
    // Named, the same file is read.
    let md = dir.path().join("sub/notes.md");
    let out = run(&[md.to_str().unwrap()], None);
    assert!(out.status.success());
    assert_eq!(json_lines(&out.stdout).len(), 1);
}

#[test]
fn tar_archives_are_read_entry_by_entry() {
    let dir = tempfile::tempdir().unwrap();
    let archive = tar(&[
        ("arts/one.txt", b"First article."),
        (
            "arts/two.jsonl",
            b"{\"id\": \"t2\", \"text\": \"x\"}\n{\"id\": \"t3\", \"text\": \"y\"}\nnot json\n",
        ),
        (
            "arts/three.json.gz",
            &gzip(b"{\"id\": \"t4\", \"text\": \"z\"}"),
        ),
        ("arts/notes.md", b"skip me"),
        ("arts/._two.jsonl", b"\0\0mac resource fork"),
    ]);
    write(dir.path(), "a.tar", &archive);
    write(dir.path(), "b.tar.gz", &gzip(&archive));
    // Renamed: the header tells, not the name.
    write(dir.path(), "c.dat.gz", &gzip(&archive));
    for name in ["a.tar", "b.tar.gz"] {
        let p = dir.path().join(name);
        let out = run(&[p.to_str().unwrap()], None);
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        let one = format!("{}:arts/one.txt", p.display());
        assert_eq!(ids(&out), [one.as_str(), "t2", "t3", "t4"], "{name}");
        assert!(
            err.contains(&format!("{}:arts/two.jsonl:3: invalid JSON", p.display())),
            "{err}"
        );
        assert!(err.contains(&format!("{}:arts/notes.md: skipped", p.display())));
        assert!(err.contains("2 files skipped"), "{err}");
    }
    let p = dir.path().join("c.dat.gz");
    let out = run(&[p.to_str().unwrap()], None);
    assert_eq!(ids(&out).len(), 4, "{}", stderr(&out));
    // A cut archive: the entries before the cut, then an error naming it.
    let gz = gzip(&archive);
    write(dir.path(), "cut.tar.gz", &gz[..gz.len() / 2]);
    let p = dir.path().join("cut.tar.gz");
    let out = run(&[p.to_str().unwrap()], None);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("cut.tar.gz"), "{err}");
}

#[test]
fn offsets_index_the_text_field_unless_a_title_is_asked_for() {
    let input =
        "{\"id\": \"t\", \"title\": \"Mérida talks\", \"text\": \"Anna Weber flew to Mérida.\"}\n";
    let out = run(&["-q", "--gazetteer", "/dev/null"], Some(input.as_bytes()));
    let r = &json_lines(&out.stdout)[0];
    assert_eq!(
        (r["body_start"].as_u64(), r["body_byte_start"].as_u64()),
        (Some(0), Some(0))
    );
    // With --title-field the title comes first and body_start says where
    // the text field starts, in code points and in bytes.
    let out = run(&["-q", "--title-field", "title"], Some(input.as_bytes()));
    let r = &json_lines(&out.stdout)[0];
    assert_eq!(r["body_start"], 14);
    assert_eq!(r["body_byte_start"], 15);
    let out = run(
        &["-q", "--title-field", "title", "--segments"],
        Some(input.as_bytes()),
    );
    let r = &json_lines(&out.stdout)[0];
    let paragraphs = r["segments"]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs[0]["text"], "Mérida talks");
    assert_eq!(paragraphs[1]["start"], r["body_start"]);
    assert_eq!(paragraphs[1]["text"], "Anna Weber flew to Mérida.");
}

#[test]
fn date_fields_day_first_and_warnings() {
    let input = b"{\"id\": \"a\", \"date\": \"07/12/2022\", \"text\": \"x\"}\n{\"id\": \"b\", \"date\": \"soonish\", \"text\": \"x\"}\n";
    let out = run(&["--day-first"], Some(input));
    let recs = json_lines(&out.stdout);
    assert_eq!(recs[0]["date"], "2022-12-07");
    assert_eq!(recs[0]["date_source"], "field");
    assert_eq!(recs[1]["date"], Value::Null);
    let w = recs[1]["warnings"][0].as_str().unwrap();
    assert!(w.contains("cannot read \"soonish\""), "{w}");
    let err = stderr(&out);
    assert!(
        err.contains("<stdin>:2: warning: date field `date`: cannot read"),
        "{err}"
    );
    assert!(err.contains(", 1 warning"), "{err}");
    // Without --day-first the ambiguous date is left out, with a hint.
    let out = run(&[], Some(input));
    let recs = json_lines(&out.stdout);
    assert_eq!(recs[0]["date"], Value::Null);
    assert!(recs[0]["warnings"][0]
        .as_str()
        .unwrap()
        .contains("--day-first"));
}

#[test]
fn truncation_is_reported_in_the_record_and_the_summary() {
    let input = format!(
        "{{\"id\": \"long\", \"text\": \"{}\"}}\n{{\"id\": \"short\", \"text\": \"ok\"}}\n",
        "word ".repeat(400)
    );
    let out = run(
        &["--max-doc-bytes", "1000", "--truncate-long"],
        Some(input.as_bytes()),
    );
    let recs = json_lines(&out.stdout);
    assert_eq!(
        recs[0]["warnings"][0],
        "text truncated from 2000 to 1000 bytes (--max-doc-bytes 1000, --truncate-long)"
    );
    assert!(recs[1].get("warnings").is_none());
    let err = stderr(&out);
    assert!(err.contains("<stdin>:1: warning: text truncated"), "{err}");
    assert!(err.contains(", 1 truncated, 1 warning"), "{err}");
}

#[test]
fn long_numeric_ids_are_echoed_as_written() {
    let input = b"{\"id\": 12345678901234567890123, \"text\": \"x\"}\n{\"id\": 1.50, \"text\": \"y\"}\n{\"id\": -7, \"text\": \"z\"}\n";
    let out = run(&["-q"], Some(input));
    assert_eq!(ids(&out), ["12345678901234567890123", "1.50", "-7"]);
    let out = run(&["-q", "--pipe"], Some(input));
    assert_eq!(ids(&out), ["12345678901234567890123", "1.50", "-7"]);
}

#[test]
fn messages_for_common_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.csv", b"id,body\n1,Some text\n");
    let p = dir.path().join("a.csv");
    let out = run(&["--text-field", "nope", p.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("a.csv:1: no column `nope` in the header (--text-field; it has: id, body)"),
        "{}",
        stderr(&out)
    );
    write(
        dir.path(),
        "env.json",
        b"{\"status\": \"ok\", \"results\": [{\"text\": \"x\"}]}",
    );
    let p = dir.path().join("env.json");
    let out = run(&[p.to_str().unwrap()], None);
    assert!(
        stderr(&out).contains("--records-path /results"),
        "{}",
        stderr(&out)
    );
    let out = run(&[], Some(b"{\"id\": \"n\", \"text\": null}\n"));
    assert!(
        stderr(&out).contains("<stdin>:1: text field `text` is null"),
        "{}",
        stderr(&out)
    );
}
