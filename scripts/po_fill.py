"""Fill the .po catalogues after `make makemessages`.

- English: msgstr = msgid (the source strings are English).
- Simplified Chinese: merges translations from a Python file given on the command line
  (a dict ZH of msgid -> msgstr and PLURAL of msgid -> [forms]); prints what is still missing.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def _header(po: polib.POFile, language: str, team: str) -> None:
    po.metadata.update(
        {
            "Project-Id-Version": "ipcounty",
            "Language": language,
            "Language-Team": team,
            "Last-Translator": "ipcounty developers",
            "PO-Revision-Date": po.metadata.get("POT-Creation-Date", ""),
        }
    )


def fill_english() -> None:
    po = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    _header(po, "en", "English")
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


def fill_chinese(source: str | None) -> int:
    po = polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))
    _header(po, "zh_Hans", "Simplified Chinese")
    table = runpy.run_path(source) if source else {}
    zh, plural = table.get("ZH", {}), table.get("PLURAL", {})
    missing = 0
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
        if entry.msgid_plural:
            if entry.msgid in plural:
                entry.msgstr_plural = dict(enumerate(plural[entry.msgid]))
            if not entry.msgstr_plural or not entry.msgstr_plural.get(0):
                missing += 1
                print("missing:", repr(entry.msgid))
        else:
            if entry.msgid in zh:
                entry.msgstr = zh[entry.msgid]
            if not entry.msgstr:
                missing += 1
                print("missing:", repr(entry.msgid))
    po.save()
    return missing


if __name__ == "__main__":
    fill_english()
    sys.exit(1 if fill_chinese(sys.argv[1] if len(sys.argv) > 1 else None) else 0)
