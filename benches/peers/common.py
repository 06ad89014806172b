"""Shared by the peer benchmarks: the lexicon and corpus readers and the report, so
both peers do exactly the job `skillmine run` does for skills: find lexicon phrases
per resume (case-insensitive, whole words) and count distinct resumes per
(occupation, entry)."""
import json
import sys
import time
from collections import defaultdict


def read_lexicon(path):
    """(phrase lower-cased, entry id) for every name and alias of a skillmine TSV."""
    phrases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t") or not line.strip():
                continue
            ident, _kind, name, *rest = line.rstrip("\n").split("\t")
            aliases = rest[0].split("|") if rest and rest[0] else []
            for phrase in [name] + aliases:
                phrase = phrase.lstrip("=").strip().lower()
                if phrase:
                    phrases.append((phrase, ident))
    return phrases


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            yield record.get("occupation") or "unknown", record.get("text") or ""


def run(name, build, find):
    """build(phrases) -> matcher; find(matcher, text) -> iterable of entry ids."""
    lexicon, corpus = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    matcher = build(read_lexicon(lexicon))
    built = time.perf_counter()
    counts = defaultdict(lambda: defaultdict(int))
    size = 0
    resumes = 0
    for occupation, text in records(corpus):
        size += len(text.encode("utf-8"))
        resumes += 1
        for entry in set(find(matcher, text)):
            counts[occupation][entry] += 1
    done = time.perf_counter()
    pairs = sum(len(v) for v in counts.values())
    wall = done - start
    print(json.dumps({"tool": name, "wall_seconds": round(wall, 3),
                      "build_seconds": round(built - start, 3), "resumes": resumes,
                      "text_bytes": size, "occupation_entry_pairs": pairs}))
