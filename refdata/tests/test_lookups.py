"""The loaded reference tables and the look-ups over them, on the real reference data shipped in refdata/data.

The data is loaded once per test database by the project's conftest, or else once per test
class (about 3 s on SQLite), so the read-only checks are grouped in mixins that one class
runs. `RefdataTestCase` forgets the per-process look-up cache afterwards so no other test
sees rows that were rolled back."""

from __future__ import annotations

import csv
from io import StringIO
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import TestCase
from django.utils import translation

from refdata import loading, lookups, sources
from refdata.models import GoodsGroup, GoodsGroupRelation, GoodsItem, IpcEntry, NiceClass, TechField

SOURCE = loading.default_source()


class RefdataTestCase(TestCase):
    counts: dict[str, int]

    @classmethod
    def setUpTestData(cls) -> None:
        # The project's conftest loads the data once per test database; without it (another
        # runner, or the settings_for_tests module alone) this loads it for the class.
        loading.ensure_loaded(SOURCE)
        cls.counts = loading.counts()

    @classmethod
    def tearDownClass(cls) -> None:
        lookups.clear_cache()
        super().tearDownClass()

    def assertRaisesNaming(self, text: str, func, *args) -> ValidationError:
        with self.assertRaises(ValidationError) as caught:
            func(*args)
        self.assertIn(text, " ".join(caught.exception.messages))
        return caught.exception


# The check mixins run only through LoadedRefdataTests; type checkers see their TestCase base.
if TYPE_CHECKING:
    _Checks = RefdataTestCase
else:
    _Checks = object


class CountChecks(_Checks):
    def test_ipc_levels_match_the_file(self):
        levels = dict(IpcEntry.objects.values_list("level").annotate(n=Count("code")))
        self.assertEqual(levels, {"section": 8, "class": 132, "subclass": 652, "main_group": 7469, "subgroup": 68981})
        with sources.open_text(SOURCE / sources.IPC_FILE) as fh:
            self.assertEqual(self.counts["IpcEntry"], sum(1 for _ in csv.DictReader(fh)))

    def test_nice_groups_items_and_fields_match_the_files(self):
        self.assertEqual(self.counts["NiceClass"], 45)
        self.assertEqual(self.counts["GoodsGroup"], 491)
        self.assertEqual(self.counts["GoodsItem"], 12266)
        self.assertEqual(self.counts["TechField"], 35)
        with open(SOURCE / sources.TECH_FILE, encoding="utf-8-sig") as fh:
            self.assertEqual(self.counts["TechFieldPattern"], sum(1 for _ in csv.DictReader(fh)))

    def test_every_class_has_its_chinese_name_and_both_headings(self):
        first = NiceClass.objects.get(number=1)
        self.assertEqual(first.name_zh, "第一类")
        self.assertTrue(first.heading_en.startswith("Chemicals for use in industry"))
        self.assertFalse(NiceClass.objects.filter(heading_en="").exists())
        self.assertEqual(NiceClass.objects.get(number=45).name_zh, "第四十五类")

    def test_tech_fields_have_no_invented_chinese_names(self):
        self.assertFalse(TechField.objects.exclude(name_zh="").exists())


class IpcChecks(_Checks):
    def test_common_ways_of_writing_a_symbol_normalise_to_the_tables_form(self):
        for written in (
            "A61K 31/00",
            "a61k31/00",
            "Ａ６１Ｋ　３１／００",
            " A61K  31/00 (2006.01)",
            "A61K0031000000",
            "A61K 31",
        ):
            self.assertEqual(lookups.normalise_ipc(written), "A61K31/00", written)
        self.assertEqual(lookups.normalise_ipc("A61K0031545000"), "A61K31/545")
        self.assertEqual(lookups.normalise_ipc("h04l"), "H04L")

    def test_a61k31_00_has_its_chinese_title_and_path(self):
        self.assertEqual(lookups.ipc_title("A61K 31/00"), "含有机有效成分的医药配制品〔2〕")
        path = lookups.ipc_path("A61K31/00")
        self.assertEqual([node.code for node in path], ["A", "A61", "A61K", "A61K31/00"])
        self.assertEqual([node.level for node in path], ["section", "class", "subclass", "main_group"])
        self.assertEqual(path[0].title_zh, "人类生活必需")

    def test_a_subgroups_path_runs_through_its_main_group(self):
        path = lookups.ipc_path("A61K31/545")
        self.assertEqual([node.code for node in path], ["A", "A61", "A61K", "A61K31/00", "A61K31/545"])
        self.assertIn("\ue010", path[-1].title_zh)  # private-use glyphs are kept as the source has them

    def test_the_levels_of_a_symbol(self):
        self.assertEqual(lookups.ipc_section("A61K31/545"), "A")
        self.assertEqual(lookups.ipc_class("A61K31/545"), "A61")
        self.assertEqual(lookups.ipc_subclass("a61k 31/545"), "A61K")
        self.assertRaisesNaming("A61", lookups.ipc_subclass, "A61")

    def test_every_level_validates(self):
        for code in ("H", "H04", "H04L", "H04L9/00", "H04L9/40"):
            self.assertEqual(lookups.validate_ipc(code), code)

    def test_an_unknown_or_malformed_symbol_is_refused_naming_it(self):
        error = self.assertRaisesNaming("A61K99/99", lookups.validate_ipc, "A61K 99/99")
        self.assertEqual(error.code, "ipc_unknown")
        error = self.assertRaisesNaming("X61K31/00", lookups.validate_ipc, "X61K31/00")
        self.assertEqual(error.code, "ipc_format")
        self.assertRaisesNaming("A61K31/00/1", lookups.normalise_ipc, "A61K31/00/1")

    def test_a_valid_symbol_is_looked_up_once_per_process(self):
        lookups.validate_ipc("A61K31/00")
        with self.assertNumQueries(0):
            lookups.ipc_title("A61K31/00")


class NiceAndGoodsChecks(_Checks):
    def test_group_0101_is_in_class_1(self):
        self.assertEqual(lookups.group_class("0101"), 1)
        self.assertEqual(lookups.validate_group_in_class("0101", 1), "0101")
        self.assertEqual(lookups.validate_group(101), "0101")

    def test_a_group_of_another_class_is_refused_with_both_classes(self):
        with translation.override("en"):
            error = self.assertRaisesNaming("0101", lookups.validate_group_in_class, "0101", 2)
        self.assertIn("class 1", error.messages[0])
        self.assertEqual(error.code, "group_class")

    def test_unknown_classes_and_groups_are_refused_naming_them(self):
        self.assertRaisesNaming("46", lookups.validate_nice_class, 46)
        self.assertRaisesNaming("0", lookups.validate_nice_class, "0")
        self.assertRaisesNaming("9999", lookups.validate_group, "9999")

    def test_class_names_and_headings(self):
        self.assertEqual(lookups.validate_nice_class("０５"), 5)
        self.assertEqual(lookups.validate_nice_class("第五类"), 5)
        self.assertEqual(lookups.nice_class_name(1), "第一类")
        with translation.override("en"):
            self.assertTrue(lookups.nice_class_heading(1).startswith("Chemicals"))
        with translation.override("zh-hans"):
            self.assertTrue(lookups.nice_class_heading(1).startswith("用于工业、科学"))
        self.assertEqual(len(lookups.nice_class_choices()), 45)

    def test_the_titanium_dioxide_note_relates_0102_and_0202(self):
        self.assertIn("0202", lookups.related_groups("0102"))
        self.assertIn("0102", lookups.related_groups("0202"))
        relation = GoodsGroupRelation.objects.get(group="0102", related_group="0202")
        self.assertIn("工业用二氧化钛与0202二氧化钛(颜料)类似", relation.note)

    def test_cross_search_notes_make_no_relation(self):
        # 4506's only note: 本类似群与第八版及以前版本4207交叉检索
        self.assertEqual(lookups.related_groups("4506"), set())
        self.assertIn("4207", GoodsGroup.objects.get(code="4506").notes)

    def test_items_are_checked_alone_and_against_a_group(self):
        self.assertEqual(lookups.validate_item("010061"), "010061")
        self.assertEqual(lookups.validate_item("c010001", group="0101"), "C010001")
        error = self.assertRaisesNaming("0101", lookups.validate_item, "010061", "0102")
        self.assertEqual(error.code, "item_group")
        self.assertRaisesNaming("999999", lookups.validate_item, "999999")
        self.assertRaisesNaming("01006", lookups.validate_item, "01006")


class TechFieldChecks(_Checks):
    def field(self, code: str) -> list[str]:
        return [TechField.objects.get(number=n).field_en for n in lookups.tech_fields_for_ipc(code)]

    def test_a61k_is_pharmaceuticals_and_h04l_digital_communication(self):
        self.assertEqual(lookups.tech_fields_for_ipc("A61K31/00"), [16])
        self.assertEqual(self.field("A61K 31/545"), ["Pharmaceuticals"])
        self.assertEqual(self.field("H04L9/40"), ["Digital communication"])
        self.assertEqual(self.field("H04L"), ["Digital communication"])

    def test_a_main_group_carved_out_of_a_subclass_goes_to_its_own_field(self):
        self.assertEqual(self.field("A61K8/02"), ["Organic fine chemistry"])
        self.assertEqual(self.field("H04N1/00"), ["Telecommunications"])
        self.assertEqual(self.field("H04N5/232"), ["Audio-visual technology"])
        self.assertEqual(lookups.tech_fields_for_ipc("A61K"), [14, 16])

    def test_main_group_numbers_are_compared_as_numbers(self):
        self.assertEqual(lookups.tech_fields_for_ipc("A61K101/00"), [16])
        self.assertEqual(lookups.tech_fields_for_ipc("A61K1/00"), [])  # not "A61K 1/%" nor a prefix of 101

    def test_a_class_gets_every_field_under_it(self):
        self.assertEqual(lookups.tech_fields_for_ipc("H04"), [2, 3, 4])


class LoadedRefdataTests(CountChecks, IpcChecks, NiceAndGoodsChecks, TechFieldChecks, RefdataTestCase):
    """All the read-only checks share one load; they are grouped in the mixins above."""


class LoadingTests(RefdataTestCase):
    def test_loading_twice_gives_the_same_rows(self):
        before = list(IpcEntry.objects.order_by("code").values_list("code", "parent_id")[:50])
        self.assertEqual(loading.load_all(SOURCE), self.counts)
        self.assertEqual(loading.counts(), self.counts)
        self.assertEqual(list(IpcEntry.objects.order_by("code").values_list("code", "parent_id")[:50]), before)

    def test_ensure_loaded_does_not_reload_what_is_there(self):
        with self.assertNumQueries(1):
            self.assertEqual(loading.ensure_loaded(SOURCE), {})

    def test_ensure_loaded_loads_into_empty_tables(self):
        IpcEntry.objects.all().delete()
        self.assertEqual(loading.ensure_loaded(SOURCE)["IpcEntry"], 77242)

    def test_a_missing_source_says_where_it_looked_and_what_to_do(self):
        with self.assertRaises(loading.ReferenceDataNotFound) as caught:
            loading.load_all("/nonexistent/data")
        self.assertIn("reference data not found at /nonexistent/data", str(caught.exception))
        self.assertIn("REFDATA_SOURCE", str(caught.exception))
        with self.assertRaises(CommandError):
            call_command("load_refdata", "--source", "/nonexistent/data")

    def test_the_command_with_if_empty_does_nothing_when_loaded(self):
        out = StringIO()
        call_command("load_refdata", "--if-empty", stdout=out)
        self.assertIn("already loaded", out.getvalue())


class EmptyTablesTests(TestCase):
    def setUp(self) -> None:
        for model in (GoodsGroupRelation, GoodsItem, GoodsGroup, NiceClass, IpcEntry):
            model.objects.all().delete()
        lookups.clear_cache()

    def tearDown(self) -> None:
        lookups.clear_cache()

    def test_lookups_on_empty_tables_say_to_load_the_data(self):
        with self.assertRaises(lookups.RefdataNotLoaded):
            lookups.validate_ipc("A61K31/00")
        with self.assertRaises(lookups.RefdataNotLoaded):
            lookups.validate_group("0101")
        self.assertEqual(lookups._tables, {})  # nothing cached while empty
