#!/usr/bin/env python3
"""Run quarry over a JSON Lines dump on Spark with RDD.pipe.

  python3 scripts/spark-pipe.py INPUT.jsonl OUTPUT_DIR [--quarry PATH] [--partitions N]

Each partition's lines go through `quarry extract --pipe`, a strict filter:
one JSON line out per line in, bad lines turned into error records, exit 0,
so Spark's task never fails on a bad article and the output can be joined
back to the input by id. Needs a local pyspark (`pip install pyspark` and a
Java runtime); on a cluster, ship the quarry binary to the executors (for
example with `--files` on spark-submit) and pass its name with --quarry.

The script checks the pipe contract on the way out: as many output lines as
input lines, and the input's ids in the output.
"""
import argparse
import json
import os
import shutil
import sys


def record_id(line):
    """The id of a JSON line, or None when the line is not a JSON object."""
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value.get("id") if isinstance(value, dict) else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--quarry", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "quarry"))
    ap.add_argument("--partitions", type=int, default=4)
    a = ap.parse_args()
    try:
        from pyspark import SparkContext
    except ImportError:
        print("spark-pipe: pyspark is not installed (pip install pyspark); skipping", file=sys.stderr)
        return 0
    quarry = os.path.abspath(a.quarry)
    sc = SparkContext("local[2]", "quarry-pipe")
    sc.setLogLevel("ERROR")
    lines = sc.textFile(a.input, a.partitions)
    out = lines.pipe(f"{quarry} extract --pipe -q -j 1")
    if os.path.exists(a.output):
        shutil.rmtree(a.output)
    out.saveAsTextFile(a.output)
    n_in, n_out = lines.count(), out.count()
    ids_in = set(lines.map(record_id).filter(bool).collect())
    ids_out = set(out.map(record_id).filter(bool).collect())
    errors = out.filter(lambda l: '"error"' in l[:200]).count()
    sc.stop()
    print(f"spark-pipe: {n_in} lines in, {n_out} lines out, {errors} error records")
    if n_in != n_out or not ids_in <= ids_out:
        print("spark-pipe: the pipe contract is broken", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
