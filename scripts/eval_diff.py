#!/usr/bin/env python3
"""Show false positives and false negatives per type (overlap matching).

  python3 scripts/eval_diff.py GOLD.jsonl PRED.jsonl [TYPE]

A development aid for reading errors by category, not for tuning on
single sentences.
"""
import json
import sys
from collections import Counter

gold = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[1]) if l.strip()}
pred = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[2]) if l.strip()}
want = sys.argv[3] if len(sys.argv) > 3 else None
fp, fn, wrong = Counter(), Counter(), Counter()
for did, g in gold.items():
    text = g["text"]
    ge = [e for e in g["entities"] if not want or e["type"] == want]
    pe = [e for e in pred.get(did, {}).get("entities", []) if not want or e["type"] == want]
    for p in pe:
        hit = [x for x in g["entities"] if min(x["end"], p["end"]) > max(x["start"], p["start"])]
        if not any(x["type"] == p["type"] for x in hit):
            if hit:
                wrong[(text[p["start"]:p["end"]], p["type"], hit[0]["type"])] += 1
            else:
                fp[(text[p["start"]:p["end"]], p["type"])] += 1
    for x in ge:
        if not any(min(x["end"], p["end"]) > max(x["start"], p["start"]) and p["type"] == x["type"] for p in pred.get(did, {}).get("entities", [])):
            fn[(x["text"], x["type"])] += 1
print("FALSE POSITIVES (no gold overlap):")
for k, v in fp.most_common(60):
    print(f"  {v:3d} {k}")
print("WRONG TYPE (pred, gold):")
for k, v in wrong.most_common(40):
    print(f"  {v:3d} {k}")
print("MISSED:")
for k, v in fn.most_common(80):
    print(f"  {v:3d} {k}")
