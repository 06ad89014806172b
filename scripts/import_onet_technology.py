#!/usr/bin/env python3
"""Builds lexicons/onet-technology.tsv from O*NET's "Technology Skills.txt".

Usage: python3 scripts/import_onet_technology.py [ONET_DIR] [LEXICON_DIR]
       (defaults: ../shared/data/onet_29_2 and lexicons)

Keeps the software and technology names O*NET lists for at least MIN_OCCUPATIONS
occupations or flags as a "Hot Technology", and skips any whose spelling is already
claimed by the hand-written lexicon files or that contains a hand-written phrase as
whole words (a longer generated phrase would otherwise hide the curated entry under
leftmost-longest matching). One-word names and aliases match only as written
(exact case), so a product called "Ada" never matches the acronym ADA. Aliases: the name without its vendor ("Adobe Acrobat" ->
"Acrobat" when that is not a common word) and without a trailing " software".

O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training
Administration (USDOL/ETA), used under the CC BY 4.0 license.
"""
import csv
import os
import re
import sys
from collections import defaultdict

MIN_OCCUPATIONS = 2
OUTPUT = "onet-technology.tsv"
# Single words that must not become case-insensitive aliases: ordinary English words.
COMMON = set("""
access act alert bash box chrome designer discover edge excel explorer express go
groups jet lens mail maps meet money news notes office one outlook paint pages
picture planner portal project publisher reader schedule search server sites slack
stream studio suite teams time word works writer visual basic records cloud data
analysis analyzer manager center point sharp edge net power flow dynamics vision
chef blender blink bowtie compilers cufflinks debuggers forth google loom mendel pascal
ruby samba scheme seesaw squeegee swift tadpoles travis vigilant ferret eiffel ethereal
honeypot ada canu director
""".split())
VENDORS = ["Microsoft", "Adobe", "Autodesk", "IBM", "Oracle", "SAP", "Google", "Apple",
           "Intuit", "The MathWorks", "Corel", "Apache", "Amazon", "Cisco", "Atlassian",
           "Bentley", "Dassault Systemes", "Esri", "ESRI", "Epic Systems", "Cerner",
           "Sage", "Salesforce", "Symantec", "McAfee", "Novell", "Red Hat", "Trimble",
           "Siemens", "Hewlett Packard", "HP", "SAS", "Wolfram Research", "Minitab",
           "Blackbaud", "Infor", "Deltek", "Kronos", "Workday", "ADP", "Meta", "VMware"]


def fold(text):
    return text.lower().strip()


def words(text):
    return re.findall(r"[a-z0-9+#.&/'-]+", fold(text))


def load_claims(lexicon_dir):
    """Folded spellings claimed by the hand-written files, and their word tuples."""
    claims, phrases = set(), set()
    for name in sorted(os.listdir(lexicon_dir)):
        if not name.endswith(".tsv") or name == OUTPUT:
            continue
        header = False
        for line in open(os.path.join(lexicon_dir, name), encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            if not header:
                header = True
                continue
            cols = line.rstrip("\n").split("\t")
            spellings = [cols[2]] + (cols[3].split("|") if len(cols) > 3 and cols[3] else [])
            for s in spellings:
                s = s[1:] if s.startswith("=") else s
                claims.add(fold(s))
                phrases.add(tuple(words(s)))
    return claims, phrases


def contains_phrase(spelling, phrases):
    toks = words(spelling)
    for n in range(1, len(toks) + 1):
        for i in range(len(toks) - n + 1):
            if tuple(toks[i:i + n]) in phrases:
                return True
    return False


def slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def distinctive(word):
    """A product-like word: a capital after the first letter, a digit, or all capitals."""
    return any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word) or (
        len(word) >= 2 and word.isupper())


def generic_category(name):
    """O*NET examples such as "Medical software": a category, not a product."""
    base = re.sub(r"\s+software$", "", name)
    return base != name and not any(distinctive(w) for w in base.split())


def aliases_for(name):
    out = []
    base = re.sub(r"\s+software$", "", name)
    if base != name:
        out.append(base)
    for vendor in VENDORS:
        if base.startswith(vendor + " "):
            out.append(base[len(vendor) + 1:])
    keep = []
    for alias in out:
        one_word = " " not in alias
        if len(alias) < 3 or fold(alias) in COMMON or (one_word and not distinctive(alias)):
            continue
        keep.append(alias)
    return keep


def main():
    onet_dir = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/onet_29_2"
    lexicon_dir = sys.argv[2] if len(sys.argv) > 2 else "lexicons"
    occupations, hot = defaultdict(set), set()
    with open(os.path.join(onet_dir, "Technology Skills.txt"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            example = " ".join(row["Example"].split())
            occupations[example].add(row["O*NET-SOC Code"])
            if row["Hot Technology"] == "Y":
                hot.add(example)
    claims, phrases = load_claims(lexicon_dir)
    rows, ids = [], set()
    for name in sorted(occupations, key=lambda n: (-len(occupations[n]), n)):
        if len(occupations[name]) < MIN_OCCUPATIONS and name not in hot:
            continue
        if generic_category(name) or fold(name) in COMMON or not re.search(r"[A-Za-z]", name) or "\t" in name or "|" in name:
            continue
        spellings = [name] + aliases_for(name)
        if any(fold(s) in claims or contains_phrase(s, phrases) for s in spellings):
            continue
        ident = "onet_" + slug(name)
        if ident in ids:
            continue
        ids.add(ident)
        claims.update(fold(s) for s in spellings)
        # One-word names and aliases match only as written: "Ada" is not "ADA".
        aliases = [("=" + a if " " not in a else a) for a in spellings[1:]]
        if " " not in name:
            aliases.insert(0, "=" + name)
        rows.append(f"{ident}\tskill\t{name}\t{'|'.join(aliases)}")
    rows.sort()
    with open(os.path.join(lexicon_dir, OUTPUT), "w", encoding="utf-8") as out:
        out.write("# skillmine lexicon: software and technology names from O*NET Technology Skills.\n")
        out.write("# Source: O*NET 29.2 Database, U.S. Department of Labor, Employment and Training\n")
        out.write("# Administration (USDOL/ETA), CC BY 4.0; file \"Technology Skills.txt\". Generated by\n")
        out.write(f"# scripts/import_onet_technology.py (names listed for >= {MIN_OCCUPATIONS} occupations or\n")
        out.write("# flagged Hot Technology, minus spellings the hand-written files claim). Do not edit by hand.\n")
        out.write("id\tkind\tname\taliases\n")
        out.write("\n".join(rows) + "\n")
    print(f"wrote {len(rows)} entries to {os.path.join(lexicon_dir, OUTPUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
