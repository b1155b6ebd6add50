"""WIPO's technology fields are shown in the user's language, with WIPO's English name kept."""

from __future__ import annotations

from django.test import SimpleTestCase, override_settings
from django.utils import translation

from refdata import sources, techfields
from refdata.loading import default_source


class FieldNamesTests(SimpleTestCase):
    def test_the_english_names_are_the_concordances_word_for_word(self) -> None:
        shipped = {
            row.field_number: (row.sector_en, row.field_en) for row in sources.read_tech_patterns(default_source())
        }
        self.assertEqual(sorted(shipped), list(range(1, 36)))
        for number, (sector, name) in shipped.items():
            self.assertEqual(techfields.FIELDS[number][0], name)
            self.assertIn(sector, techfields.SECTORS)

    @override_settings(LANGUAGE_CODE="zh-hans")
    def test_every_field_and_sector_reads_in_chinese(self) -> None:
        with translation.override("zh-hans"):
            for number, (english, _label) in techfields.FIELDS.items():
                chinese = techfields.field_label(number, english)
                self.assertNotEqual(chinese, english, number)
                self.assertRegex(chinese, r"[\u4e00-\u9fff]")
            self.assertEqual(techfields.field_label(6), "计算机技术")
            for english in techfields.SECTORS:
                self.assertRegex(techfields.sector_label(english), r"[\u4e00-\u9fff]")

    def test_a_reports_rows_keep_the_english_name_and_the_count(self) -> None:
        rows = [{"field": 13, "sector": "Instruments", "name": "Medical technology", "count": 7}]
        with translation.override("zh-hans"):
            (row,) = techfields.localise_rows(rows)
        self.assertEqual(
            row, {"field": 13, "sector": "仪器", "name": "医疗技术", "name_en": "Medical technology", "count": 7}
        )
        with translation.override("en"):
            (row,) = techfields.localise_rows(rows)
        self.assertEqual(row["name"], "Medical technology")

    def test_an_unknown_field_keeps_what_the_report_said(self) -> None:
        (row,) = techfields.localise_rows([{"field": None, "sector": "", "name": "", "count": 1}])
        self.assertEqual((row["name"], row["sector"]), ("", ""))
