"""The shortcuts the importers take for speed give what the plain way gives: stripping a
column, transposing rows, array parameters, the export's IPC cell, dates in the audit
document."""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.test import SimpleTestCase, TestCase

from audit.models import canonical_json
from portfolio.importing.columns import pg_array, stripped, transpose
from portfolio.importing.exports import _ipc_cell, convert
from portfolio.importing.patents import _date_json, _iso_text

# Spaces of several kinds (full-width, no-break, the separators str.isspace counts), a NUL,
# letters and a Chinese character.
PIECES = ["a", "B", " ", "\u3000", "\t", "\x1c", "\xa0", "中", "\n", "\x00", "\u2028", "\x85", ";", "；"]


def _random_text(rng: random.Random, most: int = 4) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def _ipc_cell_plainly(main: str, others: str) -> str:
    """The rule written out: the main classification first, then the others without it."""
    main = main.strip()
    if not main:
        return others
    rest = [c for c in others.replace("；", ";").split(";") if c.strip() and c.strip() != main]
    return ";".join([main, *rest])


class ColumnShortcutTests(SimpleTestCase):
    def test_stripped_equals_stripping_every_cell(self):
        rng = random.Random(5)
        for _attempt in range(5000):
            cells = [_random_text(rng) for _ in range(rng.randint(0, 5))]
            self.assertEqual(stripped(cells), [c.strip() for c in cells], cells)

    def test_a_column_without_surrounding_spaces_is_taken_as_it_is(self):
        self.assertEqual(stripped(("一种装置", "A61K 31/00")), ["一种装置", "A61K 31/00"])
        self.assertEqual(stripped(["x\u3000", "\u3000y"]), ["x", "y"])

    def test_transpose_gives_the_columns_and_reads_a_short_row_as_empty_cells(self):
        self.assertEqual(transpose([["1", "2", "3"], ["4", "5", "6"]]), [("1", "4"), ("2", "5"), ("3", "6")])
        self.assertEqual(transpose([["1", "2"], ["3"]]), [("1", "3"), ("2", "")])
        self.assertEqual(transpose([]), [])

    def test_the_exports_ipc_cell_shortcut_gives_what_the_rule_gives(self):
        rng = random.Random(9)
        codes = ["A61K 31/00", "A61K", "B01D 53/02", "C12N"]
        for _attempt in range(5000):
            main = rng.choice([*codes, "", " A61K"])
            pieces = [rng.choice([*codes, "", " ", main]) for _ in range(rng.randint(0, 3))]
            if rng.random() < 0.5:
                pieces.insert(0, main.strip())
            others = rng.choice([";", "；", "; ", " ;"]).join(pieces) + rng.choice(["", ";", " ", "\t"])
            self.assertEqual(_ipc_cell(main, others), _ipc_cell_plainly(main, others), (main, others))
        self.assertEqual(_ipc_cell("A61K 31/00", "A61K 31/00;B01D 53/02"), "A61K 31/00;B01D 53/02")

    def test_cn_prefixes_are_cut_as_the_rule_says(self):
        values = ["CN201710601862.3", " CN201710601862.3", "cn2017106018623", "  CN2017", "201710601862.3", "C", ""]
        converted, mapping = convert(
            [(row, [value]) for row, value in enumerate(values, start=2)], {"application_number": 0}
        )
        expected = [v.strip()[2:] if v[:3].strip().upper().startswith("CN") else v for v in values]
        self.assertEqual([cells[mapping["application_number"]] for _row, cells in converted], expected)
        self.assertEqual([row for row, _cells in converted], list(range(2, 2 + len(values))))

    def test_dates_are_spelled_as_the_audit_documents_spell_them(self):
        for day in (dt.date(2017, 7, 21), dt.date(1, 1, 1), None):
            self.assertEqual(_date_json(day), canonical_json(day))
            self.assertEqual(_iso_text(day), None if day is None else day.isoformat())


class ArrayParameterTests(TestCase):
    def test_an_array_text_reads_back_as_the_values(self):
        values = ["201710601862.3", "", "NULL", "x,y", "{z}", 'q"uote', "back\\slash", " lead", "中文", 'a\\"b']
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                self.assertEqual(pg_array(["1", "2"]), '{"1","2"}')
                return
            cursor.execute("SELECT %s::text[]", [pg_array(values)])
            self.assertEqual(cursor.fetchone()[0], values)
            cursor.execute("SELECT %s::bigint[], %s::text[]", [pg_array([1, 20, 300]), pg_array([])])
            self.assertEqual(cursor.fetchone(), ([1, 20, 300], []))
