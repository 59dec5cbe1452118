use quarry::model::Document;
use quarry::pipeline::Pipeline;
use quarry::quotes::{QuoteFinder, QuoteInput, QuoteOptions};
use quarry::rules::dates::{DateFinder, DateOptions};
use quarry::rules::{EntityRules, RuleOutput};
use quarry::segment::{segment_into, Segmentation};
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let docs: Vec<Document> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Document {
                id: v["id"].as_str().unwrap().into(),
                text: v["text"].as_str().unwrap().into(),
                date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
                ..Default::default()
            }
        })
        .collect();
    let mb: f64 = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let t = Instant::now();
    let p = Pipeline::builder().build().unwrap();
    println!("build {:.3}s", t.elapsed().as_secs_f64());
    let gaz = p.gazetteer();
    let rules = EntityRules::new();
    let dates = DateFinder::new(DateOptions::default());
    let quotes = QuoteFinder::new(QuoteOptions::default());
    let mut seg = Segmentation::default();
    let mut m = Vec::new();
    let mut ro = RuleOutput::default();
    let (mut ts, mut tg, mut tr, mut td, mut tq, mut tres, mut traw) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut n = 0usize;
    for d in &docs {
        let t = Instant::now();
        n += gaz.automaton().find_iter(d.text.as_str()).count();
        traw += t.elapsed().as_secs_f64();
        let t = Instant::now();
        segment_into(&d.text, &mut seg);
        ts += t.elapsed().as_secs_f64();
        let t = Instant::now();
        m.clear();
        gaz.find_into(&d.text, &mut m);
        tg += t.elapsed().as_secs_f64();
        let t = Instant::now();
        rules.find(&d.text, &seg, gaz, &m, &mut ro);
        tr += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ds = dates.find(&d.text, d.date);
        td += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (mut ms, mut es) = (Vec::new(), Vec::new());
        quarry::resolve::resolve(
            &d.text,
            &ro.candidates,
            gaz,
            rules.lexicon(),
            &mut ms,
            &mut es,
        );
        tres += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _q = quotes.find(&QuoteInput {
            text: &d.text,
            paragraphs: &seg.paragraphs,
            sentences: &seg.sentences,
            mentions: &ms,
            entities: &es,
        });
        tq += t.elapsed().as_secs_f64();
    }
    let tall = 1.0;
    for (name, x) in [
        ("raw-ac", traw),
        ("segment", ts),
        ("gazetteer", tg),
        ("rules", tr),
        ("dates", td),
        ("resolve", tres),
        ("quotes", tq),
        ("analyze", tall),
    ] {
        println!("{name:10} {:7.3}s {:8.1} MB/s", x, mb / x);
    }
    eprintln!("{n}");
}
