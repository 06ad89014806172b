#!/usr/bin/env python3
"""Writes a JSONL corpus of about MB megabytes by cycling the livecareer dump.

Usage: python3 benches/make-corpus.py MB OUT.jsonl [DUMP.csv]
Each cycle gives the ids a suffix (-0, -1, ...) so every record stays distinct.
"""
import csv
import json
import sys

csv.field_size_limit(1 << 30)


def main():
    target = float(sys.argv[1]) * 1e6
    out_path = sys.argv[2]
    dump = sys.argv[3] if len(sys.argv) > 3 else "../shared/data/livecareer_resumes/resumes.csv"
    with open(dump, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    written, cycle = 0, 0
    with open(out_path, "w", encoding="utf-8") as out:
        while written < target:
            for row in rows:
                line = json.dumps({"id": f"{row['ID']}-{cycle}", "occupation": row["Category"],
                                   "text": row["Resume_str"]}) + "\n"
                out.write(line)
                written += len(line.encode())
                if written >= target:
                    break
            cycle += 1
    print(f"wrote {written} bytes to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
