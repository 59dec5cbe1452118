//! Evaluation: run the pipeline on gold documents, write predictions in the
//! scorers' format, and score them the way `shared/eval/score_*.py` do.
//!
//! Takes gold JSON Lines (`id`, `text`, `dct`, and `entities` or `quotes`);
//! gives prediction lines (code point offsets) and P/R/F1 figures.
//!
//! The design decision: the scoring here is a line-by-line port of the
//! reference scorers (exact and one-to-one greedy overlap matching for
//! entities; half-coverage matching for quotes), so `quarry eval` and the
//! Python scorers print the same numbers and users can score their own
//! annotated data without Python.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;
use serde_json::{json, Value};

use crate::model::{Analysis, DateSource, Document, EntityType, QuoteKind};

/// What to evaluate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Task {
    /// PERSON, PLACE, ORG (and DATE when the gold has it).
    Entities,
    /// DATE spans and values.
    Dates,
    /// Direct quotes and speakers.
    Quotes,
}

/// A gold document as read from the file.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// The whole gold line.
    pub value: Value,
}

/// Parses gold JSON Lines. Errors name the line.
pub fn load_gold(text: &str) -> Result<Vec<GoldDoc>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: invalid JSON: {e}", i + 1))?;
        let id = match value.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => return Err(format!("line {}: no \"id\"", i + 1)),
        };
        out.push(GoldDoc { id, value });
    }
    Ok(out)
}

/// The document quarry analyses for a gold line: its text, and its `dct`
/// (or `date`) as the publication date.
pub fn gold_document(g: &GoldDoc) -> Document {
    let text = g
        .value
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let date = ["dct", "date"]
        .iter()
        .filter_map(|k| g.value.get(*k).and_then(Value::as_str))
        .find_map(|s| chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok());
    Document {
        id: g.id.clone(),
        text,
        date,
        date_source: if date.is_some() {
            DateSource::Field
        } else {
            DateSource::None
        },
        ..Document::default()
    }
}

/// The prediction line for one analysed document.
pub fn prediction(id: &str, a: &Analysis, task: Task) -> Value {
    match task {
        Task::Entities | Task::Dates => {
            let mut ents: Vec<Value> = Vec::new();
            if task == Task::Entities {
                for m in &a.mentions {
                    if matches!(
                        m.kind,
                        EntityType::Person | EntityType::Place | EntityType::Org
                    ) {
                        ents.push(json!({"start": m.span.char_start, "end": m.span.char_end, "type": m.kind.as_str()}));
                    }
                }
            }
            for d in &a.dates {
                ents.push(json!({"start": d.span.char_start, "end": d.span.char_end, "type": "DATE", "value": d.value}));
            }
            json!({"id": id, "entities": ents})
        }
        Task::Quotes => {
            let quotes: Vec<Value> = a
                .quotes
                .iter()
                .filter(|q| q.kind != QuoteKind::NotSpeech)
                .map(|q| {
                    let sp = q.speaker.as_ref();
                    json!({
                        "start": q.span.char_start, "end": q.span.char_end,
                        "speaker": sp.map(|s| s.name.clone()),
                        "speaker_start": sp.map(|s| s.mention.char_start),
                        "speaker_end": sp.map(|s| s.mention.char_end),
                        "cue": q.cue.map(|c| c.char_start),
                        "partial": q.kind == QuoteKind::Partial,
                    })
                })
                .collect();
            json!({"id": id, "quotes": quotes})
        }
    }
}

/// Precision, recall, F1 and counts.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
    /// True positives.
    pub tp: usize,
}

fn prf(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
    let p = if n_pred > 0 {
        tp as f64 / n_pred as f64
    } else if n_gold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if n_gold > 0 {
        tp as f64 / n_gold as f64
    } else if n_pred == 0 {
        1.0
    } else {
        0.0
    };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf { p, r, f1, tp }
}

/// Scores of one entity type (or overall).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct TypeScores {
    /// Gold count.
    pub gold: usize,
    /// Predicted count.
    pub pred: usize,
    /// Exact span and type.
    pub exact: Prf,
    /// Overlapping span and type, one-to-one.
    pub overlap: Prf,
    /// DATE value accuracy over overlap matches with a gold value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_acc_overlap: Option<f64>,
    /// TempEval-3-style value F1: overlap F1 × value accuracy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_f1: Option<f64>,
}

/// Entity scores per type and overall.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct EntityScores {
    /// Per type.
    pub types: BTreeMap<String, TypeScores>,
    /// Micro-averaged.
    pub overall: TypeScores,
}

#[derive(Clone, Debug)]
struct Ent {
    start: i64,
    end: i64,
    kind: String,
    value: Option<String>,
}

fn ents(v: &Value) -> Vec<Ent> {
    v.get("entities")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|e| {
                    Some(Ent {
                        start: e.get("start")?.as_i64()?,
                        end: e.get("end")?.as_i64()?,
                        kind: e.get("type")?.as_str()?.to_string(),
                        value: e
                            .get("value")
                            .and_then(Value::as_str)
                            .map(|s| s.trim().to_uppercase()),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Greedy one-to-one matching by overlap length, largest first.
fn overlap_pairs(g: &[&Ent], p: &[&Ent]) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (gi, a) in g.iter().enumerate() {
        for (pi, b) in p.iter().enumerate() {
            let ov = a.end.min(b.end) - a.start.max(b.start);
            if ov > 0 {
                cands.push((-ov, gi, pi));
            }
        }
    }
    cands.sort();
    let (mut ug, mut up, mut out) = (HashSet::new(), HashSet::new(), Vec::new());
    for (_, gi, pi) in cands {
        if ug.contains(&gi) || up.contains(&pi) {
            continue;
        }
        ug.insert(gi);
        up.insert(pi);
        out.push((gi, pi));
    }
    out
}

#[derive(Default, Clone)]
struct Counts {
    gold: usize,
    pred: usize,
    tp_exact: usize,
    tp_overlap: usize,
    val_n: usize,
    val_ok: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.tp_exact += o.tp_exact;
        self.tp_overlap += o.tp_overlap;
        self.val_n += o.val_n;
        self.val_ok += o.val_ok;
    }

    fn summarize(&self) -> TypeScores {
        let overlap = prf(self.tp_overlap, self.pred, self.gold);
        let acc = (self.val_n > 0).then(|| self.val_ok as f64 / self.val_n as f64);
        TypeScores {
            gold: self.gold,
            pred: self.pred,
            exact: prf(self.tp_exact, self.pred, self.gold),
            overlap,
            value_acc_overlap: acc,
            value_f1: acc.map(|a| a * overlap.f1),
        }
    }
}

/// Scores predicted entities against gold, over the types present in gold.
pub fn score_entities(gold: &[GoldDoc], pred: &BTreeMap<String, Value>) -> EntityScores {
    let types: BTreeSet<String> = gold
        .iter()
        .flat_map(|g| ents(&g.value))
        .map(|e| e.kind)
        .collect();
    let mut counts: BTreeMap<String, Counts> = types
        .iter()
        .map(|t| (t.clone(), Counts::default()))
        .collect();
    for g in gold {
        let ge = ents(&g.value);
        let pe = pred.get(&g.id).map(ents).unwrap_or_default();
        for t in &types {
            let gs: Vec<&Ent> = ge.iter().filter(|e| &e.kind == t).collect();
            let ps: Vec<&Ent> = pe.iter().filter(|e| &e.kind == t).collect();
            let c = counts.get_mut(t).expect("type present");
            c.gold += gs.len();
            c.pred += ps.len();
            let gk: HashSet<(i64, i64)> = gs.iter().map(|e| (e.start, e.end)).collect();
            let pk: HashSet<(i64, i64)> = ps.iter().map(|e| (e.start, e.end)).collect();
            c.tp_exact += gk.intersection(&pk).count();
            for (gi, pi) in overlap_pairs(&gs, &ps) {
                c.tp_overlap += 1;
                if let Some(v) = &gs[gi].value {
                    c.val_n += 1;
                    c.val_ok += usize::from(Some(v) == ps[pi].value.as_ref());
                }
            }
        }
    }
    let mut total = Counts::default();
    let mut out = EntityScores::default();
    for (t, c) in &counts {
        total.add(c);
        out.types.insert(t.clone(), c.summarize());
    }
    out.overall = total.summarize();
    out
}

/// Quote scores, as `score_quotes.py` reports them.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct QuoteScores {
    /// Gold quotes.
    pub gold: usize,
    /// Predicted quotes (less those inside `ignore` spans).
    pub pred: usize,
    /// Matched.
    pub matched: usize,
    /// Quote precision/recall/F1.
    pub quote: Prf,
    /// Speaker right (name, surname, or overlapping mention) over matched.
    pub speaker_acc: f64,
    /// Speaker name right over matched.
    pub speaker_name_acc: f64,
    /// Quote and speaker both right.
    pub e2e: Prf,
}

fn norm_name(s: &str) -> String {
    let lowered: String = s
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    let joined = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .strip_prefix("the ")
        .map(str::to_string)
        .unwrap_or(joined)
}

fn same_name(p: &Value, g: &Value) -> bool {
    let a = norm_name(p.get("speaker").and_then(Value::as_str).unwrap_or(""));
    let b = norm_name(g.get("speaker").and_then(Value::as_str).unwrap_or(""));
    !a.is_empty()
        && !b.is_empty()
        && (a == b || a.split(' ').next_back() == b.split(' ').next_back())
}

fn same_speaker(p: &Value, g: &Value) -> bool {
    if same_name(p, g) {
        return true;
    }
    let f = |v: &Value, k: &str| v.get(k).and_then(Value::as_i64);
    match (
        f(p, "speaker_start"),
        f(p, "speaker_end"),
        f(g, "speaker_start"),
        f(g, "speaker_end"),
    ) {
        (Some(ps), Some(pe), Some(gs), Some(ge)) => pe.min(ge) > ps.max(gs),
        _ => false,
    }
}

/// Scores predicted quotes against gold.
pub fn score_quotes(gold: &[GoldDoc], pred: &BTreeMap<String, Value>) -> QuoteScores {
    let (mut n_gold, mut n_pred, mut matched, mut spk_total, mut spk_ok, mut name_ok, mut e2e) =
        (0, 0, 0, 0, 0, 0, 0);
    let empty = Vec::new();
    let span = |v: &Value| -> Option<(i64, i64)> {
        Some((v.get("start")?.as_i64()?, v.get("end")?.as_i64()?))
    };
    for g in gold {
        let gq = g
            .value
            .get("quotes")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        let pq: Vec<&Value> = pred
            .get(&g.id)
            .and_then(|p| p.get("quotes"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter(|q| span(q).is_some()).collect())
            .unwrap_or_default();
        let ign: Vec<(i64, i64)> = g
            .value
            .get("ignore")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(span).collect())
            .unwrap_or_default();
        n_gold += gq.len();
        let mut cands = Vec::new();
        for (gi, a) in gq.iter().enumerate() {
            let Some((gs, ge)) = span(a) else { continue };
            for (pi, b) in pq.iter().enumerate() {
                let (ps, pe) = span(b).unwrap_or((0, 0));
                let ov = ge.min(pe) - gs.max(ps);
                if (ov as f64) >= 0.5 * (ge - gs) as f64 {
                    cands.push((-ov, gi, pi));
                }
            }
        }
        cands.sort();
        let (mut ug, mut up) = (HashSet::new(), HashSet::new());
        for (_, gi, pi) in cands {
            if ug.contains(&gi) || up.contains(&pi) {
                continue;
            }
            ug.insert(gi);
            up.insert(pi);
            matched += 1;
            let (a, b) = (&gq[gi], pq[pi]);
            if a.get("speaker")
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty())
            {
                spk_total += 1;
                name_ok += usize::from(same_name(b, a));
                if same_speaker(b, a) {
                    spk_ok += 1;
                    e2e += 1;
                }
            } else {
                e2e += usize::from(b.get("speaker").is_none_or(Value::is_null));
            }
        }
        let mut n_doc = pq.len();
        for (pi, b) in pq.iter().enumerate() {
            let (ps, pe) = span(b).unwrap_or((0, 0));
            if !up.contains(&pi) && ign.iter().any(|&(s, e)| pe.min(e) > ps.max(s)) {
                n_doc -= 1;
            }
        }
        n_pred += n_doc;
    }
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    // The quote scorer gives 0 (not 1) for empty sets, unlike the entity
    // scorer's `prf`.
    let prf0 = |tp: usize| {
        let (p, r) = (ratio(tp, n_pred), ratio(tp, n_gold));
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1, tp }
    };
    let quote = prf0(matched);
    let e2e_prf = prf0(e2e);
    QuoteScores {
        gold: n_gold,
        pred: n_pred,
        matched,
        quote,
        speaker_acc: ratio(spk_ok, spk_total),
        speaker_name_acc: ratio(name_ok, spk_total),
        e2e: e2e_prf,
    }
}

/// A table of entity scores, like `score_entities.py` prints.
pub fn format_entity_scores(s: &EntityScores) -> String {
    let mut out = format!(
        "{:8} {:>6} {:>6} | {:>6} {:>6} {:>6} (exact) | {:>6} {:>6} {:>6} (overlap) | value\n",
        "type", "gold", "pred", "P", "R", "F1", "P", "R", "F1"
    );
    let rows = s
        .types
        .iter()
        .map(|(t, v)| (t.as_str(), v))
        .chain(std::iter::once(("OVERALL", &s.overall)));
    for (t, v) in rows {
        let value = match (v.value_acc_overlap, v.value_f1) {
            (Some(a), Some(f)) => format!("acc_ovl={a:.3} valueF1={f:.3}"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{:8} {:6} {:6} | {:6.3} {:6.3} {:6.3}         | {:6.3} {:6.3} {:6.3}           | {}\n",
            t,
            v.gold,
            v.pred,
            v.exact.p,
            v.exact.r,
            v.exact.f1,
            v.overlap.p,
            v.overlap.r,
            v.overlap.f1,
            value
        ));
    }
    out
}

/// Quote scores in the words of `score_quotes.py`.
pub fn format_quote_scores(m: &QuoteScores) -> String {
    format!(
        "quotes: gold {} pred {} matched {}\nquote      P {:.3}  R {:.3}  F1 {:.3}\nspeaker    accuracy on matched {:.3}  (resolved name right: {:.3})\nend-to-end P {:.3}  R {:.3}  F1 {:.3}\n",
        m.gold, m.pred, m.matched, m.quote.p, m.quote.r, m.quote.f1, m.speaker_acc, m.speaker_name_acc, m.e2e.p, m.e2e.r, m.e2e.f1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_scores_exact_and_overlap() {
        let gold = load_gold(r#"{"id":"a","entities":[{"start":0,"end":5,"type":"PERSON"},{"start":10,"end":14,"type":"DATE","value":"2022"}]}"#).unwrap();
        let mut pred = BTreeMap::new();
        pred.insert(
            "a".to_string(),
            json!({"id":"a","entities":[{"start":0,"end":4,"type":"PERSON"},{"start":10,"end":14,"type":"DATE","value":"2022"}]}),
        );
        let s = score_entities(&gold, &pred);
        assert_eq!(s.types["PERSON"].exact.tp, 0);
        assert_eq!(s.types["PERSON"].overlap.tp, 1);
        assert_eq!(s.types["DATE"].value_acc_overlap, Some(1.0));
    }

    #[test]
    fn quote_half_coverage_and_surname() {
        let gold =
            load_gold(r#"{"id":"a","quotes":[{"start":0,"end":10,"speaker":"Alisher Ilkhamov"}]}"#)
                .unwrap();
        let mut pred = BTreeMap::new();
        pred.insert(
            "a".to_string(),
            json!({"id":"a","quotes":[{"start":0,"end":5,"speaker":"Ilkhamov"}]}),
        );
        let s = score_quotes(&gold, &pred);
        assert_eq!(s.matched, 1);
        assert_eq!(s.speaker_name_acc, 1.0);
    }
}
