//! Resolution: pick among overlapping candidates and group mentions into
//! document-level entities.
//!
//! Takes the rules stage's [`Candidate`]s; gives [`Mention`]s in text order
//! and the [`Entity`] each belongs to.
//!
//! Overlap policy (tested below): candidates are taken strongest first
//! ([`Strength`]: user list > context rule > shipped list > partial match >
//! relaxed rule), then longest, then leftmost; a candidate overlapping one
//! already taken is dropped, but when it covers exactly the same span and
//! carries a gazetteer entry the taken one lacks, its entry is kept. One
//! exception: a title rule's name that a listed person's name extends to
//! the left is dropped first ("Sultan Al Jaber" is listed; "Sultan" is not
//! his title there).
//!
//! Grouping: mentions with the same gazetteer entry are one entity; a
//! one-word person mention joins the multi-word person whose first or last
//! word it is ("Putin" → "Vladimir Putin"), preferring the nearest such name
//! before it; an acronym joins the organisation whose initials it spells;
//! other mentions group by their case-folded surface. Each entity's type is
//! its strongest mention's, and every mention takes that type.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::gazetteer::Gazetteer;
use crate::model::{Entity, EntityType, Evidence, Mention, Sex, Span, SpanIndex};
use crate::rules::{Candidate, Lexicon, Strength};

/// Resolves candidates into mentions and entities (appended to the empty
/// `mentions` and `entities`).
pub fn resolve(
    text: &str,
    candidates: &[Candidate],
    gaz: &Gazetteer,
    lex: &Lexicon,
    mentions: &mut Vec<Mention>,
    entities: &mut Vec<Entity>,
) {
    mentions.clear();
    entities.clear();
    let chosen = choose(&without_titles_inside_listed_names(text, candidates, gaz));

    // Entity keys and their data while grouping.
    struct Group {
        kind: EntityType,
        strength: Strength,
        name: String,
        kb_id: Option<Arc<str>>,
        sex: Option<Sex>,
        words: Vec<String>,
        mentions: Vec<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<Key<'_>, usize> = HashMap::default();
    // One shared evidence name per list or rule, not one string per mention.
    let mut evidence: HashMap<(bool, &str), Arc<str>> = HashMap::default();

    for c in &chosen {
        let surface = c.span.slice(text);
        let entry = c.entry.map(|e| &gaz.entries()[e as usize]);
        let key = match entry {
            Some(e) => Key::Kb(&e.id),
            None => Key::Surface(type_key(&c.kind), fold(surface)),
        };
        let words: Vec<&str> = surface.split_whitespace().collect();
        let mut target = by_key.get(&key).copied();
        if target.is_none() && entry.is_none() && c.kind == EntityType::Person && words.len() == 1 {
            // "Putin" → nearest earlier "Vladimir Putin"; else any later one.
            target = groups
                .iter()
                .enumerate()
                .rev()
                .find(|(_, g)| {
                    g.kind == EntityType::Person
                        && g.words.len() >= 2
                        && (g.words.last().map(String::as_str) == Some(surface)
                            || g.words[0] == surface)
                })
                .map(|(i, _)| i);
        }
        if target.is_none() && entry.is_none() && is_acronym(surface) {
            target = groups
                .iter()
                .position(|g| g.kind == EntityType::Org && initials(&g.name) == surface);
        }
        if target.is_none() && c.kind == EntityType::Person && words.len() >= 2 {
            // A full name after its surname was seen alone: adopt the
            // earlier one-word group ("Putin ... Vladimir Putin").
            target = groups.iter().position(|g| {
                g.kind == EntityType::Person
                    && g.words.len() == 1
                    && g.kb_id.is_none()
                    && (words.last() == Some(&g.words[0].as_str()))
            });
        }
        let mi = mentions.len();
        mentions.push(Mention {
            span: c.span,
            kind: c.kind.clone(),
            entity: 0,
            source: Evidence(match entry {
                Some(e) => evidence
                    .entry((true, &e.list))
                    .or_insert_with(|| Arc::from(format!("gazetteer:{}", e.list)))
                    .clone(),
                None => evidence
                    .entry((false, c.source))
                    .or_insert_with(|| Arc::from(c.source))
                    .clone(),
            }),
        });
        let gi = match target {
            Some(gi) => gi,
            None => {
                groups.push(Group {
                    kind: c.kind.clone(),
                    strength: c.strength,
                    name: String::new(),
                    kb_id: None,
                    sex: None,
                    words: Vec::new(),
                    mentions: Vec::new(),
                });
                groups.len() - 1
            }
        };
        by_key.entry(key).or_insert(gi);
        // A listed entity is also reachable by its surface, so a repeat
        // found by partial matching joins it.
        if entry.is_some() {
            by_key
                .entry(Key::Surface(type_key(&c.kind), fold(surface)))
                .or_insert(gi);
        }
        let g = &mut groups[gi];
        g.mentions.push(mi);
        if c.strength > g.strength {
            g.strength = c.strength;
            g.kind = c.kind.clone();
        }
        if let Some(e) = entry {
            if g.kb_id.is_none() {
                g.kb_id = Some(e.id.clone());
                g.name = e.name.to_string();
                g.kind = e.kind.clone();
                g.strength = g.strength.max(c.strength);
            }
        }
        if g.kb_id.is_none() && surface.chars().count() > g.name.chars().count() {
            g.name = surface.to_string();
            g.words = words.iter().map(|w| w.to_string()).collect();
        } else if g.words.is_empty() {
            g.words = g.name.split_whitespace().map(str::to_string).collect();
        }
        if g.sex.is_none() {
            g.sex = c.sex.or_else(|| entry.and_then(|e| e.sex));
        }
    }

    // Order entities by first mention, number them, give mentions their
    // entity's type.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| {
        groups[g]
            .mentions
            .iter()
            .map(|&m| mentions[m].span.start)
            .min()
    });
    for (n, &gi) in order.iter().enumerate() {
        let g = &mut groups[gi];
        g.mentions.sort_by_key(|&m| mentions[m].span.start);
        for &m in &g.mentions {
            mentions[m].entity = n;
            mentions[m].kind = g.kind.clone();
        }
        let sex = if g.kind == EntityType::Person {
            g.sex.or_else(|| {
                g.name
                    .split_whitespace()
                    .next()
                    .and_then(|w| lex.given_name(w))
                    .flatten()
            })
        } else {
            None
        };
        entities.push(Entity {
            id: format!("e{}", n + 1),
            name: std::mem::take(&mut g.name),
            kind: g.kind.clone(),
            kb_id: g.kb_id.take(),
            sex,
            mentions: std::mem::take(&mut g.mentions),
        });
    }
    // Mentions in text order; remap the entities' mention indexes.
    let mut idx: Vec<usize> = (0..mentions.len()).collect();
    idx.sort_by_key(|&m| mentions[m].span.start);
    let mut new_pos = vec![0; mentions.len()];
    for (new, &old) in idx.iter().enumerate() {
        new_pos[old] = new;
    }
    let mut sorted: Vec<Option<Mention>> = mentions.drain(..).map(Some).collect();
    for &old in &idx {
        if let Some(m) = sorted[old].take() {
            mentions.push(m);
        }
    }
    for e in entities.iter_mut() {
        for m in &mut e.mentions {
            *m = new_pos[*m];
        }
    }
}

/// Drops a cue rule's name inside (or equal to) a listed name, and a title
/// rule's name that a listed person's canonical name extends to the left: the list says "Sultan Al Jaber" or "Sri Mulyani Indrawati"
/// is the whole name, so its first word is not a title there. (A listed
/// variant with a real title, "Crown Prince Mohammed bin Salman", is not
/// the canonical name and does not count.)
fn without_titles_inside_listed_names(
    text: &str,
    candidates: &[Candidate],
    gaz: &Gazetteer,
) -> Vec<Candidate> {
    // End of a listed canonical person name → its earliest start.
    let mut listed: HashMap<usize, usize> = HashMap::default();
    for c in candidates {
        let Some(e) = c.entry else { continue };
        let entry = &gaz.entries()[e as usize];
        if c.kind == EntityType::Person && *entry.name == *c.span.slice(text) {
            let start = listed.entry(c.span.end).or_insert(c.span.start);
            *start = (*start).min(c.span.start);
        }
    }
    // A cue rule says a name is there and what kind it is, but a list knows
    // where the name begins and ends: "Drug Administration" (org cue) inside
    // the listed "Food and Drug Administration", "Manchester City" (place
    // cue) that the sports list knows as a club.
    let listed_spans = SpanIndex::new(
        candidates
            .iter()
            .filter(|c| c.entry.is_some() && c.strength >= Strength::Listed)
            .map(|c| c.span),
    );
    candidates
        .iter()
        .filter(|c| {
            let title_inside = c.source == "rule:title"
                && c.kind == EntityType::Person
                && listed
                    .get(&c.span.end)
                    .is_some_and(|&start| start < c.span.start);
            let cue_inside = matches!(
                c.source,
                "rule:org-cue" | "rule:place-cue" | "rule:org-head"
            ) && c.entry.is_none()
                && listed_spans.contains(&c.span);
            !(title_inside || cue_inside)
        })
        .cloned()
        .collect()
}

/// Picks non-overlapping candidates by the documented policy, in text order.
pub fn choose(candidates: &[Candidate]) -> Vec<Candidate> {
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| !candidates[i].span.is_empty())
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&candidates[a], &candidates[b]);
        y.strength
            .cmp(&x.strength)
            .then(y.span.len().cmp(&x.span.len()))
            .then(x.span.start.cmp(&y.span.start))
    });
    // Taken spans never overlap, so keyed by start the only one that can
    // overlap a new span is the last one starting before its end.
    let mut taken: BTreeMap<usize, Candidate> = BTreeMap::new();
    for i in order {
        let c = &candidates[i];
        if let Some((_, t)) = taken.range_mut(..c.span.end).next_back() {
            if t.span.overlaps(&c.span) {
                if t.span == c.span && t.entry.is_none() && c.entry.is_some() && t.kind == c.kind {
                    t.entry = c.entry;
                }
                continue;
            }
        }
        taken.insert(c.span.start, c.clone());
    }
    taken.into_values().collect()
}

/// What mentions group by: a gazetteer id, or a type and folded surface.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key<'a> {
    Kb(&'a str),
    Surface(&'a str, String),
}

fn type_key(t: &EntityType) -> &str {
    t.as_str()
}

/// Case-folds a surface for grouping and strips a possessive.
fn fold(s: &str) -> String {
    // `strip_suffix` in a loop is `trim_end_matches` without the cost of
    // setting up a substring searcher for every mention.
    let mut t = s;
    while let Some(rest) = t.strip_suffix("'s") {
        t = rest;
    }
    while let Some(rest) = t.strip_suffix("’s") {
        t = rest;
    }
    t.to_lowercase()
}

fn is_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| *c != '.').collect();
    (2..=6).contains(&letters.len()) && letters.iter().all(|c| c.is_ascii_uppercase())
}

/// Initials of the capitalised words of a name ("Central Asia Due
/// Diligence" → "CADD").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Convenience for tests and tools: the span of every mention of entity `e`.
pub fn mention_spans(mentions: &[Mention], e: usize) -> Vec<Span> {
    mentions
        .iter()
        .filter(|m| m.entity == e)
        .map(|m| m.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(
        text: &str,
        surface: &str,
        nth: usize,
        kind: EntityType,
        strength: Strength,
    ) -> Candidate {
        let start = text.match_indices(surface).nth(nth).unwrap().0;
        Candidate {
            span: Span::new(start, start + surface.len()),
            kind,
            strength,
            source: "test",
            entry: None,
            sex: None,
        }
    }

    #[test]
    fn stronger_then_longer_wins_overlaps() {
        let text = "the Central Asia Due Diligence think tank";
        let c = vec![
            cand(text, "Central Asia", 0, EntityType::Place, Strength::Listed),
            cand(
                text,
                "Central Asia Due Diligence",
                0,
                EntityType::Org,
                Strength::Context,
            ),
        ];
        let chosen = choose(&c);
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].kind, EntityType::Org);
    }

    #[test]
    fn listed_name_beats_a_title_inside_it() {
        let text = "Sultan Al Jaber said. Crown Prince Mohammed bin Salman said.";
        let gaz = Gazetteer::builder().build().unwrap();
        let mut listed = Vec::new();
        gaz.find_into(text, &mut listed);
        let mut c: Vec<Candidate> = listed
            .iter()
            .filter_map(|m| {
                let (idx, entry, _) = gaz.owners(m).next()?;
                Some(Candidate {
                    span: m.span,
                    kind: entry.kind.clone(),
                    strength: Strength::Listed,
                    source: "gazetteer",
                    entry: Some(idx),
                    sex: None,
                })
            })
            .collect();
        for name in ["Al Jaber", "Mohammed bin Salman"] {
            let mut t = cand(text, name, 0, EntityType::Person, Strength::Context);
            t.source = "rule:title";
            c.push(t);
        }
        let (mut m, mut e) = (Vec::new(), Vec::new());
        resolve(text, &c, &gaz, &Lexicon::default(), &mut m, &mut e);
        let surfaces: Vec<&str> = m.iter().map(|m| m.span.slice(text)).collect();
        // The canonical listed name beats the title rule; a listed variant
        // with a real title does not.
        assert!(surfaces.contains(&"Sultan Al Jaber"), "{surfaces:?}");
        assert!(surfaces.contains(&"Mohammed bin Salman"), "{surfaces:?}");
    }

    #[test]
    fn listed_name_beats_a_cue_rule_inside_it() {
        let text = "the Food and Drug Administration said";
        let gaz = Gazetteer::builder().build().unwrap();
        let mut listed = Vec::new();
        gaz.find_into(text, &mut listed);
        let mut c: Vec<Candidate> = listed
            .iter()
            .filter_map(|m| {
                let (idx, entry, _) = gaz.owners(m).next()?;
                Some(Candidate {
                    span: m.span,
                    kind: entry.kind.clone(),
                    strength: Strength::Listed,
                    source: "gazetteer",
                    entry: Some(idx),
                    sex: None,
                })
            })
            .collect();
        let mut cue = cand(
            text,
            "Drug Administration",
            0,
            EntityType::Org,
            Strength::Context,
        );
        cue.source = "rule:org-cue";
        c.push(cue);
        let (mut m, mut e) = (Vec::new(), Vec::new());
        resolve(text, &c, &gaz, &Lexicon::default(), &mut m, &mut e);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].span.slice(text), "Food and Drug Administration");
    }

    #[test]
    fn stronger_beats_longer() {
        let text = "Ana Lima spoke in Lima.";
        let c = vec![
            cand(text, "Ana Lima", 0, EntityType::Person, Strength::Relaxed),
            cand(text, "Lima", 0, EntityType::Place, Strength::Listed),
        ];
        let chosen = choose(&c);
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].span.slice(text), "Lima");
        assert_eq!(chosen[0].kind, EntityType::Place);
    }

    #[test]
    fn equal_strength_then_longer_wins() {
        let text = "the Bank of England said";
        let c = vec![
            cand(text, "Bank", 0, EntityType::Org, Strength::Context),
            cand(
                text,
                "Bank of England",
                0,
                EntityType::Org,
                Strength::Context,
            ),
            cand(text, "England", 0, EntityType::Place, Strength::Context),
        ];
        let chosen = choose(&c);
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].span.slice(text), "Bank of England");
    }

    #[test]
    fn equal_strength_and_length_then_leftmost_wins() {
        let text = "Alpha Beta Gamma";
        let c = vec![
            cand(text, "Beta Gamma", 0, EntityType::Org, Strength::Relaxed),
            cand(text, "Alpha Beta", 0, EntityType::Person, Strength::Relaxed),
        ];
        let chosen = choose(&c);
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].span.slice(text), "Alpha Beta");
        // The order of the input does not matter.
        let mut rev = c.clone();
        rev.reverse();
        assert_eq!(choose(&rev), chosen);
    }

    #[test]
    fn non_overlapping_all_kept_in_text_order() {
        let text = "Oslo and Bergen and Tromsø";
        let c = vec![
            cand(text, "Tromsø", 0, EntityType::Place, Strength::Listed),
            cand(text, "Oslo", 0, EntityType::Place, Strength::Relaxed),
            cand(text, "Bergen", 0, EntityType::Place, Strength::Context),
        ];
        let got: Vec<&str> = choose(&c).iter().map(|c| c.span.slice(text)).collect();
        assert_eq!(got, ["Oslo", "Bergen", "Tromsø"]);
    }

    #[test]
    fn identical_listed_span_lends_its_entry_to_the_rule() {
        let text = "President Vladimir Putin spoke.";
        let rule = cand(
            text,
            "Vladimir Putin",
            0,
            EntityType::Person,
            Strength::Context,
        );
        let mut listed = cand(
            text,
            "Vladimir Putin",
            0,
            EntityType::Person,
            Strength::Listed,
        );
        listed.entry = Some(7);
        let chosen = choose(&[listed.clone(), rule.clone()]);
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].strength, Strength::Context);
        assert_eq!(chosen[0].source, "test");
        assert_eq!(chosen[0].entry, Some(7));
        // Only an identical span of the same type lends its entry.
        let mut place = listed.clone();
        place.kind = EntityType::Place;
        assert_eq!(choose(&[place, rule.clone()])[0].entry, None);
        let mut shorter = cand(text, "Putin", 0, EntityType::Person, Strength::Listed);
        shorter.entry = Some(7);
        assert_eq!(choose(&[shorter, rule])[0].entry, None);
    }

    #[test]
    fn empty_spans_are_dropped() {
        let text = "Oslo";
        let mut c = cand(text, "Oslo", 0, EntityType::Place, Strength::Listed);
        c.span = Span::new(2, 2);
        assert!(choose(&[c]).is_empty());
    }

    #[test]
    fn surname_joins_full_name() {
        let text = "Vladimir Putin spoke. Later Putin left.";
        let c = vec![
            cand(
                text,
                "Vladimir Putin",
                0,
                EntityType::Person,
                Strength::Context,
            ),
            cand(text, "Putin", 1, EntityType::Person, Strength::Partial),
        ];
        let gaz = Gazetteer::builder().shipped(false).build().unwrap();
        let (mut m, mut e) = (Vec::new(), Vec::new());
        resolve(text, &c, &gaz, &Lexicon::default(), &mut m, &mut e);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Vladimir Putin");
        assert_eq!(m.len(), 2);
        assert!(m.iter().all(|m| m.entity == 0));
    }

    #[test]
    fn acronym_joins_expansion() {
        let text = "the Central Asia Due Diligence group. CADD said";
        let c = vec![
            cand(
                text,
                "Central Asia Due Diligence",
                0,
                EntityType::Org,
                Strength::Context,
            ),
            cand(text, "CADD", 0, EntityType::Org, Strength::Relaxed),
        ];
        let gaz = Gazetteer::builder().shipped(false).build().unwrap();
        let (mut m, mut e) = (Vec::new(), Vec::new());
        resolve(text, &c, &gaz, &Lexicon::default(), &mut m, &mut e);
        assert_eq!(e.len(), 1);
    }
}
