"""Put translations into the Chinese catalogue from a small JSON file: {"msgid": "msgstr", ...}.

    .venv/bin/python scripts/po_translate.py translations.json

Clears the fuzzy flag of each entry it fills; names every msgid it could not find."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main(path: str) -> int:
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    po = polib.pofile(str(CATALOGUE))
    found = set()
    for entry in po:
        if entry.msgid in wanted:
            if entry.msgid_plural:
                # Chinese has one plural form.
                entry.msgstr_plural = {0: wanted[entry.msgid]}
            else:
                entry.msgstr = wanted[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            found.add(entry.msgid)
    po.save(str(CATALOGUE))
    for missing in sorted(set(wanted) - found):
        print("not in the catalogue:", missing)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
