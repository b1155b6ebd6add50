"""County leadership's XLSX exports mask ID and mobile numbers in every cell, at the source
(issue 14: only text responses were masked; an XLSX's cells are compressed)."""

import io

from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from core.exporting import csv_text, xlsx_bytes
from core.masking import exports_masked_for
from core.tests.people import PeopleTestCase
from protection import actions as protection_actions

SUMMARY = "举报人赵芳，身份证 370602199001011378，电话 13812345678，商标注册号 30000001"


def cells(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [value for row in sheet.iter_rows(values_only=True) for value in row]


class ExportMaskingTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        protection_actions.enter_lead(actor=None, source="inspection", summary=SUMMARY, right_kind="trademark")

    def export(self, user) -> str:
        self.client.force_login(user)
        response = self.client.get(reverse("protection:case_list"), {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        return " ".join(str(v) for v in cells(response.content))

    def test_leaderships_xlsx_export_masks_id_and_mobile_numbers_in_free_text(self):
        text = self.export(self.leadership)
        self.assertIn("370602********1378", text)
        self.assertIn("138****5678", text)
        self.assertNotIn("370602199001011378", text)
        self.assertNotIn("13812345678", text)
        self.assertIn("30000001", text)  # other codes are left alone

    def test_office_staff_still_export_full_numbers(self):
        text = self.export(self.clerk)
        self.assertIn("370602199001011378", text)
        self.assertIn("13812345678", text)

    def test_masking_ends_with_the_request_and_covers_numbers_kept_as_numbers(self):
        rows = [[13812345678, "370602199001011378", 42]]
        with exports_masked_for(self.leadership):
            self.assertEqual(cells(xlsx_bytes(["a", "b", "c"], rows))[3:], ["138****5678", "370602********1378", 42])
            self.assertIn("138****5678", csv_text(["a", "b", "c"], rows))
        self.assertEqual(cells(xlsx_bytes(["a", "b", "c"], rows))[3:], [13812345678, "370602199001011378", 42])

    @override_settings(DEBUG=False)
    def test_a_clerks_request_after_a_leaders_sees_full_numbers(self):
        self.export(self.leadership)
        self.assertIn("13812345678", self.export(self.clerk))


class SheetTitleTests(PeopleTestCase):
    def test_an_exported_workbooks_sheet_is_named_in_chinese(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("portfolio:patent_list"), {"export": "xlsx"})
        self.assertEqual(load_workbook(io.BytesIO(response.content), read_only=True).sheetnames, ["专利"])
