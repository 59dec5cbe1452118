//! The `quarry` command end to end: inputs, outputs, order, errors, exit
//! codes. Output is parsed, never compared as strings (except where
//! byte-identical output is the point).

use serde_json::Value;

use crate::util::{fixture, json_lines, quarry};

fn names(rec: &Value, kind: &str) -> Vec<String> {
    rec["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == kind)
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn plain_text_file_gives_one_record_with_entities() {
    let path = fixture("articles/energy-talks.txt");
    let out = quarry(&["extract", "-q", path.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 1);
    let people = names(&recs[0], "PERSON");
    for who in ["Dilnoza Karimova", "Yerlan Dzhaksybekov", "Vladimir Putin"] {
        assert!(people.contains(&who.to_string()), "{who} not in {people:?}");
    }
    assert!(names(&recs[0], "PLACE").contains(&"Tashkent".to_string()));
    // Every mention slices to its text in code points.
    let text = std::fs::read_to_string(&path).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for m in recs[0]["mentions"].as_array().unwrap() {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let surface: String = chars[s..e].iter().collect();
        assert_eq!(surface, m["text"].as_str().unwrap());
    }
}

#[test]
fn stdin_dash_and_named_fields() {
    let input = br#"{"doc": "a1", "published": "2022-12-08", "story": "Foreign Minister Anna Weber flew to Tashkent."}
{"doc": "a2", "published": "2022-12-09", "story": "Nothing to see."}
"#;
    let args = [
        "extract",
        "-q",
        "--text-field",
        "story",
        "--id-field",
        "doc",
        "--date-field",
        "published",
        "-",
    ];
    let out = quarry(&args, Some(input));
    assert!(out.status.success());
    let recs = json_lines(&out.stdout);
    assert_eq!(
        recs.iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["a1", "a2"]
    );
    assert_eq!(recs[0]["date"], "2022-12-08");
    assert_eq!(recs[0]["date_source"], "field");
    assert!(names(&recs[0], "PERSON").contains(&"Anna Weber".to_string()));
    // No path at all reads standard input too.
    let out2 = quarry(&args[..args.len() - 1], Some(input));
    assert_eq!(out.stdout, out2.stdout);
}

#[test]
fn date_option_fills_missing_dates() {
    let path = fixture("articles/energy-talks.txt");
    let out = quarry(
        &[
            "extract",
            "-q",
            "--date",
            "2022-12-08",
            path.to_str().unwrap(),
        ],
        None,
    );
    let recs = json_lines(&out.stdout);
    assert_eq!(recs[0]["date"], "2022-12-08");
    assert_eq!(recs[0]["date_source"], "option");
}

#[test]
fn bad_json_line_is_reported_counted_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.jsonl");
    std::fs::write(&path, "{\"id\": \"ok1\", \"text\": \"Putin spoke.\"}\n{\"id\": broken\n{\"id\": \"ok2\", \"text\": \"Moscow.\"}\n").unwrap();
    let out = quarry(&["extract", path.to_str().unwrap()], None);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dump.jsonl:2"), "stderr: {stderr}");
    assert!(stderr.contains("1 errors"), "stderr: {stderr}");
    let recs = json_lines(&out.stdout);
    assert_eq!(
        recs.iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["ok1", "ok2"]
    );
    // Reading standard input (pipe mode), the bad line becomes an error
    // record so lines in = lines out.
    let data = std::fs::read(&path).unwrap();
    let out = quarry(&["extract", "-q", "-"], Some(&data));
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 3);
    assert!(recs[1]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(recs[1]["location"], "<stdin>:2");
}

#[test]
fn csv_directory_has_four_tables_with_doc_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("articles/gas-pipeline.jsonl");
    let out = quarry(
        &[
            "extract",
            "-q",
            "--format",
            "csv",
            "--output-dir",
            dir.path().to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (file, col) in [
        ("documents.csv", "date"),
        ("entities.csv", "name"),
        ("mentions.csv", "text"),
        ("quotes.csv", "speaker"),
    ] {
        let mut rdr = csv::Reader::from_path(dir.path().join(file)).unwrap();
        let headers = rdr.headers().unwrap().clone();
        assert_eq!(&headers[0], "doc_id", "{file}");
        assert!(headers.iter().any(|h| h == col), "{file} lacks {col}");
        for rec in rdr.records() {
            rec.unwrap();
        }
    }
    let mut docs = csv::Reader::from_path(dir.path().join("documents.csv")).unwrap();
    let ids: Vec<String> = docs.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(ids, ["wire-001", "wire-002", "wire-003"]);
    let mut ments = csv::Reader::from_path(dir.path().join("mentions.csv")).unwrap();
    let texts: Vec<String> = ments.records().map(|r| r.unwrap()[3].to_string()).collect();
    assert!(
        texts.contains(&"Nordic Pipe Holdings Inc.".to_string()),
        "{texts:?}"
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let base = std::fs::read_to_string(fixture("articles/gas-pipeline.jsonl")).unwrap();
    let mut input = String::new();
    for i in 0..400 {
        for line in base.lines() {
            input.push_str(&line.replacen("\"id\": \"", &format!("\"id\": \"{i}-"), 1));
            input.push('\n');
        }
    }
    let one = quarry(&["extract", "-q", "-j", "1", "-"], Some(input.as_bytes()));
    let two = quarry(&["extract", "-q", "-j", "2", "-"], Some(input.as_bytes()));
    assert!(one.status.success() && two.status.success());
    assert_eq!(json_lines(&one.stdout).len(), 1200);
    assert!(one.stdout == two.stdout, "-j1 and -j2 differ");
}

#[test]
fn skip_leaves_stages_out_and_keeps_the_rest() {
    let path = fixture("articles/energy-talks.txt");
    let path = path.to_str().unwrap();
    let run = |skip: &[&str]| {
        let mut args = vec!["extract", "-q", "--date", "2022-12-08"];
        args.extend_from_slice(skip);
        args.push(path);
        let out = quarry(&args, None);
        assert!(out.status.success(), "{skip:?}");
        json_lines(&out.stdout).remove(0)
    };
    let full = run(&[]);
    assert!(!full["quotes"].as_array().unwrap().is_empty());
    assert!(!full["dates"].as_array().unwrap().is_empty());
    // Without quotes: no quotes, and the same entities, mentions and dates.
    let no_quotes = run(&["--skip", "quotes"]);
    assert_eq!(no_quotes["quotes"].as_array().unwrap().len(), 0);
    for key in ["entities", "mentions", "dates", "demonyms"] {
        assert_eq!(no_quotes[key], full[key], "{key}");
    }
    // Without dates: no dates; the quotes are still found.
    let no_dates = run(&["--skip", "dates"]);
    assert_eq!(no_dates["dates"].as_array().unwrap().len(), 0);
    assert_eq!(no_dates["quotes"], full["quotes"]);
    // Gazetteers only (comma-separated or repeated): every mention comes
    // from a list, and the listed names are still there.
    let listed = run(&["--skip", "quotes,dates", "--skip", "rules"]);
    let mentions = listed["mentions"].as_array().unwrap();
    assert!(mentions
        .iter()
        .all(|m| m["source"].as_str().unwrap().starts_with("gazetteer:")));
    assert!(names(&listed, "PERSON").contains(&"Vladimir Putin".to_string()));
    assert!(names(&listed, "PLACE").contains(&"Tashkent".to_string()));
    assert!(!names(&full, "PERSON")
        .iter()
        .all(|n| names(&listed, "PERSON").contains(n)));
    // Asking for every quote and for none is a usage error.
    let out = quarry(&["extract", "--all-quotes", "--skip", "quotes", path], None);
    assert_eq!(out.status.code(), Some(2));
    let out = quarry(&["extract", "--skip", "entities", path], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    let out = quarry(&["extract", "--format", "csv", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output-dir"));
    let out = quarry(&["extract", "--threads", "0", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    let out = quarry(&["extract", "--no-such-flag"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn nothing_readable_exits_1_and_names_the_file() {
    let out = quarry(&["extract", "/no/such/file.jsonl"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.jsonl"));
}

#[test]
fn eval_prints_scores_for_gold_files() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        r#"{"id": "g1", "dct": "2022-12-08", "text": "Energy Minister Dilnoza Karimova visited Tashkent.", "entities": [{"start": 16, "end": 32, "type": "PERSON"}, {"start": 41, "end": 49, "type": "PLACE"}]}
"#,
    )
    .unwrap();
    let out = quarry(&["eval", "--json", "--gold", gold.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scores: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores["overall"]["exact"]["f1"], 1.0);
}

#[test]
fn user_gazetteers_in_other_tools_formats() {
    let spacy = fixture("gazetteers/newsroom.jsonl");
    let rner = fixture("gazetteers/regexner.tsv");
    let text = br#"{"id": "u1", "text": "Officials of the Steppe Power Cooperative met Nurlan Abenov in Aral City."}"#;
    let out = quarry(
        &[
            "extract",
            "-q",
            "--type-map",
            "GPE=PLACE,LOCATION=PLACE",
            "--gazetteer",
            spacy.to_str().unwrap(),
            "--gazetteer",
            rner.to_str().unwrap(),
            "-",
        ],
        Some(text),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = json_lines(&out.stdout);
    let ents = recs[0]["entities"].as_array().unwrap();
    let get = |name: &str| {
        ents.iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {ents:?}"))
    };
    assert_eq!(get("Steppe Power Cooperative")["kb_id"], "spc");
    assert_eq!(get("Aral City")["type"], "PLACE");
    assert_eq!(get("Nurlan Abenov")["type"], "PERSON");
}

#[test]
fn gazetteer_check_reports_lines_and_exit_code() {
    let broken = fixture("gazetteers/broken.tsv");
    let out = quarry(&["gazetteer", "check", broken.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("broken.tsv:3: error"), "{stdout}");
    assert!(
        stdout.contains("broken.tsv:4: warning: id \"x1\" already used on line 2"),
        "{stdout}"
    );
    let ok = fixture("gazetteers/regexner.tsv");
    let out = quarry(&["gazetteer", "check", ok.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("regular expression"));
    // A malformed user list stops `extract` with the file and line.
    let out = quarry(
        &["extract", "--gazetteer", broken.to_str().unwrap(), "-"],
        Some(b"{}"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.tsv:3"));
}

#[test]
fn pipe_mode_answers_every_line_in_order() {
    let mut input = String::new();
    for i in 0..300 {
        match i % 7 {
            3 => input.push('\n'),
            5 => input.push_str("{\"id\": broken\n"),
            6 => input.push_str("[\"not\", \"an object\"]\n"),
            _ => input.push_str(&format!("{{\"id\": \"n{i}\", \"text\": \"Energy Minister Dilnoza Karimova visited Tashkent on day {i}.\"}}\n")),
        }
    }
    let out = quarry(
        &["extract", "--pipe", "-q", "-j", "2"],
        Some(input.as_bytes()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 300, "one line out per line in");
    for (i, r) in recs.iter().enumerate() {
        match i % 7 {
            3 | 5 | 6 => {
                assert!(r["error"].is_string(), "line {}: {r}", i + 1);
                assert_eq!(r["location"], format!("<stdin>:{}", i + 1));
            }
            _ => assert_eq!(r["id"], format!("n{i}")),
        }
    }
    // Every line bad is still a completed task.
    let out = quarry(&["extract", "--pipe", "-q"], Some(b"nope\n\n"));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_lines(&out.stdout).len(), 2);
    // Files are not pipe input.
    let out = quarry(&["extract", "--pipe", "some.jsonl"], None);
    assert_eq!(out.status.code(), Some(2));
}
