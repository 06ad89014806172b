#!/usr/bin/env python3
"""Generates the taxonomy-derived lexicon files from the O*NET and ESCO data.

Usage (from the repository root):
    python3 scripts/lexicon_import.py all  [--data ../shared/data] [--lexicons lexicons]
    python3 scripts/lexicon_import.py onet [...]   # lexicons/onet-technology.tsv
    python3 scripts/lexicon_import.py esco [...]   # lexicons/esco-skills.tsv
    python3 scripts/lexicon_import.py big --out DIR  # DIR/big.tsv: the whole taxonomies

`big` is the benchmark lexicon (and a lexicon for users who want all of ESCO and
O*NET): every skill of the ESCO subset and ICT collection with all its labels, and
every O*NET Technology Skills example, case-insensitive, no curation (about 13,000
entries and 38,000 phrases). Use it alone: `skillmine run --lexicons DIR`.

The hand-written files come first: a generated entry is skipped when one of its
spellings is already claimed, and when it contains a claimed phrase as whole words
(a longer generated phrase would otherwise hide the curated entry under
leftmost-longest matching). `esco` also respects what `onet` generated, so run them
in that order (`all` does). One-word names and aliases match only as written (exact
case), so a product called "Ada" never matches the acronym ADA.

Sources:
- O*NET 29.2 Database, U.S. Department of Labor, Employment and Training
  Administration (USDOL/ETA), CC BY 4.0: "Technology Skills.txt".
- ESCO classification v1.0 (European Commission), reused with attribution under
  Commission Decision 2011/833/EU: skills_en_subset_realigned.csv.
"""
import argparse
import csv
import os
import re
import sys
from collections import defaultdict

ONET_OUTPUT = "onet-technology.tsv"
ESCO_OUTPUT = "esco-skills.tsv"
GENERATED = {ONET_OUTPUT, ESCO_OUTPUT}
ONET_MIN_OCCUPATIONS = 2
ESCO_MAX_WORDS = 5
# Single words that must not become aliases: ordinary English words.
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
    return tuple(re.findall(r"[a-z0-9+#.&/'-]+", fold(text)))


def slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def distinctive(word):
    """A product-like word: a capital after the first letter, a digit, or all capitals."""
    return any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word) or (
        len(word) >= 2 and word.isupper())


class Claims:
    """Spellings taken so far (folded) and their word tuples, for containment checks."""

    def __init__(self, lexicon_dir, skip):
        self.spellings, self.phrases = set(), set()
        for name in sorted(os.listdir(lexicon_dir)):
            if name.endswith(".tsv") and name not in skip:
                for cols in read_rows(os.path.join(lexicon_dir, name)):
                    self.add([cols[2]] + (cols[3].split("|") if len(cols) > 3 and cols[3] else []),
                             phrases=True)

    def add(self, spellings, phrases=False):
        for s in spellings:
            s = s[1:] if s.startswith("=") else s
            self.spellings.add(fold(s))
            if phrases:
                self.phrases.add(words(s))

    def taken(self, spelling):
        if fold(spelling) in self.spellings:
            return True
        toks = words(spelling)
        return any(tuple(toks[i:i + n]) in self.phrases
                   for n in range(1, len(toks) + 1) for i in range(len(toks) - n + 1))


def read_rows(path):
    header = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        if not header:
            header = True
            continue
        yield line.rstrip("\n").split("\t")


def exact_if_one_word(spelling):
    return "=" + spelling if " " not in spelling else spelling


def write_lexicon(path, header_lines, rows):
    with open(path, "w", encoding="utf-8") as out:
        for line in header_lines:
            out.write(f"# {line}\n")
        out.write("id\tkind\tname\taliases\n")
        out.write("\n".join(sorted(rows)) + "\n")
    print(f"wrote {len(rows)} entries to {path}", file=sys.stderr)


def onet_aliases(name):
    out = []
    base = re.sub(r"\s+software$", "", name)
    if base != name:
        out.append(base)
    for vendor in VENDORS:
        if base.startswith(vendor + " "):
            out.append(base[len(vendor) + 1:])
    toks = base.split()
    # "Structured query language SQL" -> "SQL" when the last word is the acronym.
    if len(toks) >= 3 and toks[-1].isupper() and len(toks[-1]) == len(toks) - 1:
        out += [toks[-1], " ".join(toks[:-1])]
    keep = []
    for alias in out:
        if len(alias) < 3 or fold(alias) in COMMON or (" " not in alias and not distinctive(alias)):
            continue
        if alias not in keep and alias != name:
            keep.append(alias)
    return keep


def import_onet(data_dir, lexicon_dir):
    occupations, hot = defaultdict(set), set()
    path = os.path.join(data_dir, "onet_29_2", "Technology Skills.txt")
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            example = " ".join(row["Example"].split())
            occupations[example].add(row["O*NET-SOC Code"])
            if row["Hot Technology"] == "Y":
                hot.add(example)
    claims = Claims(lexicon_dir, skip=GENERATED)
    rows, ids = [], set()
    for name in sorted(occupations, key=lambda n: (-len(occupations[n]), n)):
        base = re.sub(r"\s+software$", "", name)
        generic = base != name and not any(distinctive(w) for w in base.split())
        if (len(occupations[name]) < ONET_MIN_OCCUPATIONS and name not in hot) or generic:
            continue
        if fold(name) in COMMON or not re.search(r"[A-Za-z]", name) or "|" in name:
            continue
        spellings = [name] + onet_aliases(name)
        if any(claims.taken(s) for s in spellings) or "onet_" + slug(name) in ids:
            continue
        ids.add("onet_" + slug(name))
        claims.add(spellings)
        aliases = [exact_if_one_word(a) for a in spellings[1:]]
        if " " not in name:
            aliases.insert(0, "=" + name)
        rows.append(f"onet_{slug(name)}\tskill\t{name}\t{'|'.join(aliases)}")
    write_lexicon(os.path.join(lexicon_dir, ONET_OUTPUT), [
        "skillmine lexicon: software and technology names from O*NET Technology Skills.",
        "Source: O*NET 29.2 Database, U.S. Department of Labor, Employment and Training",
        "Administration (USDOL/ETA), CC BY 4.0; file \"Technology Skills.txt\".",
        f"Generated by scripts/lexicon_import.py onet (names listed for >= {ONET_MIN_OCCUPATIONS} occupations",
        "or flagged Hot Technology, minus spellings the hand-written files claim). Do not edit by hand.",
    ], rows)


def import_esco(data_dir, lexicon_dir):
    path = os.path.join(data_dir, "esco", "skills_en_subset_realigned.csv")
    claims = Claims(lexicon_dir, skip={ESCO_OUTPUT})
    rows, ids = [], set()
    with open(path, encoding="utf-8", newline="") as f:
        concepts = sorted(csv.DictReader(f), key=lambda r: r["preferredLabel"])
    for concept in concepts:
        label = " ".join(concept["preferredLabel"].split())
        n = len(label.split())
        if not 2 <= n <= ESCO_MAX_WORDS or claims.taken(label) or "|" in label:
            continue
        alts = []
        for alt in concept["altLabels"].split("\n"):
            alt = " ".join(alt.split())
            if (2 <= len(alt.split()) <= ESCO_MAX_WORDS and "|" not in alt
                    and fold(alt) != fold(label) and fold(alt) not in map(fold, alts)
                    and not claims.taken(alt)):
                alts.append(alt)
        ident = "esco_" + slug(label)
        if ident in ids:
            continue
        ids.add(ident)
        claims.add([label] + alts)
        kind = "soft_skill" if concept["reuseLevel"] == "transversal" else "skill"
        rows.append(f"{ident}\t{kind}\t{label[0].upper() + label[1:]}\t{'|'.join(alts)}")
    write_lexicon(os.path.join(lexicon_dir, ESCO_OUTPUT), [
        "skillmine lexicon: skills from the ESCO classification (European Commission),",
        "v1.0, reused with attribution (Commission Decision 2011/833/EU); file",
        "skills_en_subset_realigned.csv (cross-sector and transversal skills; transversal",
        f"ones are soft skills). Labels of 2 to {ESCO_MAX_WORDS} words. Generated by",
        "scripts/lexicon_import.py esco, minus spellings the other files claim. Do not edit by hand.",
    ], rows)


def import_big(data_dir, out_dir):
    """Every ESCO subset + ICT skill (all labels) and every O*NET technology example."""
    claimed = set()
    idents = set()
    rows = []

    def clean(label):
        return re.sub(r"\s+", " ", label.replace("\t", " ")).strip()

    def add(ident, kind, name, labels):
        if ident in idents:
            return
        idents.add(ident)
        spellings = []
        for label in [name] + labels:
            label = clean(label)
            key = fold(label)
            if len(key) < 2 or key in claimed:
                continue
            claimed.add(key)
            spellings.append(label)
        if spellings:
            rows.append(f"{ident}\t{kind}\t{spellings[0]}\t{'|'.join(s.lower() for s in spellings[1:])}")

    esco = os.path.join(data_dir, "esco")
    for file in ["skills_en_subset_realigned.csv", "ictSkillsCollection_en.csv"]:
        with open(os.path.join(esco, file), newline="", encoding="utf-8") as f:
            for concept in csv.DictReader(f):
                uri = concept["conceptUri"].rsplit("/", 1)[-1]
                alts = [a for a in (concept.get("altLabels") or "").split("\n") if a.strip()]
                kind = "soft_skill" if concept.get("reuseLevel") == "transversal" else "skill"
                add(f"esco_{uri}", kind, concept["preferredLabel"], alts)
    seen = set()
    with open(os.path.join(data_dir, "onet_29_2", "Technology Skills.txt"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            example = clean(row["Example"])
            slug = re.sub(r"[^a-z0-9]+", "_", fold(example)).strip("_")
            if not slug or slug in seen:
                continue
            seen.add(slug)
            add(f"onet_{slug}", "skill", example, [])
    os.makedirs(out_dir, exist_ok=True)
    write_lexicon(os.path.join(out_dir, "big.tsv"), [
        "skillmine big lexicon: all skills of the ESCO classification subset and ICT",
        "collection (European Commission, v1.0, reused with attribution under Commission",
        "Decision 2011/833/EU) with all their labels, and every O*NET 29.2 Technology",
        "Skills example (USDOL/ETA, CC BY 4.0). Generated by scripts/lexicon_import.py big.",
    ], rows)
    phrases = sum(1 + (r.split("\t")[3].count("|") + 1 if r.split("\t")[3] else 0) for r in rows)
    print(f"{out_dir}/big.tsv: {len(rows)} entries, {phrases} phrases", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", choices=["all", "onet", "esco", "big"])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--lexicons", default="lexicons")
    parser.add_argument("--out", default="target/big-lexicon", help="directory of big.tsv")
    args = parser.parse_args()
    if args.source == "big":
        import_big(args.data, args.out)
        return
    if args.source in ("all", "onet"):
        import_onet(args.data, args.lexicons)
    if args.source in ("all", "esco"):
        import_esco(args.data, args.lexicons)


if __name__ == "__main__":
    main()
