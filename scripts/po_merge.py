"""After merging branches: fill the Chinese catalogue's empty or fuzzy entries from another copy of
it (the other branch's), by msgid. Run `make makemessages` first, then

    .venv/bin/python scripts/po_merge.py OTHER.po [OTHER.po ...]

and `scripts/po_fill.py` for the English catalogue. Lists what is still untranslated."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def main(others: list[str]) -> int:
    po = polib.pofile(str(CATALOGUE))
    known: dict[tuple[str, str], polib.POEntry] = {}
    for other in others:
        for entry in polib.pofile(other):
            if translated(entry):
                known.setdefault((entry.msgctxt or "", entry.msgid), entry)
    filled = 0
    for entry in po:
        if translated(entry):
            continue
        source = known.get((entry.msgctxt or "", entry.msgid))
        if source is None:
            continue
        entry.msgstr, entry.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
        filled += 1
    po.save(str(CATALOGUE))
    missing = [e.msgid for e in po if not translated(e)]
    print(f"filled {filled}; still untranslated: {len(missing)}")
    for msgid in missing:
        print("  ", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
