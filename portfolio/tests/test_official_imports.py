"""Official data: the patent databases' exports (owners by name, every heading variant),
owner matching and its queue, legal-status change lists and the status history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from audit.models import AuditEvent
from core.tests.people import PeopleTestCase, new_uscc
from portfolio import matching
from portfolio.importing.columns import map_headers, normalise_header
from portfolio.importing.exports import COLUMNS as EXPORT_COLUMNS
from portfolio.importing.legal_status import event_kind
from portfolio.importing.owners import OwnerIndex, normalise_name, resolve
from portfolio.importing.runner import import_file
from portfolio.models import (
    OwnerDecision,
    OwnerName,
    Patent,
    PatentOwnerName,
    PatentStatusEvent,
    StatusEventKind,
)
from portfolio.tests.factories import EXPORT_HEADINGS, export_rows, granted_invention, numbered, to_csv, to_xlsx
from registry import actions as registry_actions


class HeadingTests(TestCase):
    def test_brackets_and_spaces_are_folded(self):
        self.assertEqual(normalise_header("申请 （专利权） 人"), normalise_header("申请(专利权)人"))
        self.assertEqual(normalise_header("ＩＰＣ主分类号"), "ipc主分类号")

    def test_every_heading_variant_maps_to_its_column(self):
        for key, names in EXPORT_HEADINGS.items():
            for name in names:
                with self.subTest(name):
                    mapping, _missing = map_headers([name], EXPORT_COLUMNS)
                    self.assertEqual(mapping, {key: 0})


class NameTests(TestCase):
    def test_normalised_names(self):
        self.assertEqual(normalise_name("烟台（芝罘）示例有限责任公司"), normalise_name("烟台(芝罘)示例 有限公司"))
        self.assertEqual(normalise_name("ACME Co., Ltd."), normalise_name("acme co., ltd"))

    def test_exact_normalised_alias_and_waiting(self):
        index = OwnerIndex([(1, "烟台甲科技有限公司"), (2, "烟台乙食品有限公司")])
        decisions = {
            normalise_name("烟台丙旧名有限公司"): ("matched", 2),
            normalise_name("外地公司"): ("outside", None),
        }
        names = ["烟台甲科技有限责任公司", "烟台丙旧名有限公司", "外地公司", "烟台甲科枝有限公司"]
        found = resolve(names, index, decisions)
        self.assertEqual(found.matched, {"烟台甲科技有限责任公司": 1, "烟台丙旧名有限公司": 2})
        self.assertEqual(found.outside, {"外地公司"})
        self.assertEqual(found.waiting, {"烟台甲科枝有限公司"})
        self.assertEqual(index.suggest("烟台甲科枝有限公司")[0][:2], [1, "烟台甲科技有限公司"])

    def test_two_enterprises_with_one_name_are_not_matched_automatically(self):
        index = OwnerIndex([(1, "同名有限公司"), (2, "同名有限责任公司")])
        self.assertIsNone(index.match("同名有限公司"))


class ExportImportTests(PeopleTestCase):
    yantai: Any

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.yantai = registry_actions.register_enterprise(actor=None, uscc=new_uscc(11), name="烟台示例科技有限公司")

    def test_every_heading_variant_csv_xlsx_and_gbk(self):
        owners = ["烟台示例科技有限责任公司", "Bob Ltd"]  # a normalised match and an exact one
        for variant in range(5):
            rows = export_rows(6, owners, variant=variant, seed=variant)
            for name, data in [("e.csv", to_csv(rows)), ("e.xlsx", to_xlsx(rows)), ("g.csv", to_csv(rows, "gbk"))]:
                with self.subTest(variant=variant, file=name):
                    outcome = import_file("patent_export", data, name, actor=self.clerk, source=("CNIPA", None))
                    self.assertTrue(outcome.ok, (outcome.file_errors, outcome.row_errors[:3]))
                    self.assertEqual(outcome.total, 6)
                    self.assertEqual(outcome.owners_waiting, 0)
                    self.assertIn("申请人地址", outcome.columns_ignored)
                    self.assertIn("IPC主分类号", [column for _heading, column in outcome.columns_used])
        self.assertEqual(Patent.objects.filter(owners=self.yantai).count(), 15)
        self.assertEqual(Patent.objects.filter(owners=self.enterprise).count(), 15)
        patent = Patent.objects.filter(owners=self.yantai).first()
        self.assertEqual(patent.source, "CNIPA")
        self.assertEqual(patent.ipc_codes[0], "A61K31/00")  # the main classification first
        self.assertEqual(Patent.objects.filter(has_foreign_family=True).count(), 10)

    def test_bad_rows_are_listed_by_number_under_the_files_headings_and_nothing_is_written(self):
        rows = export_rows(10, ["Bob Ltd"], variant=1)
        rows[3]["专利申请号"] = rows[3]["专利申请号"][:-1] + ("0" if rows[3]["专利申请号"][-1] != "0" else "1")
        rows[6]["申请日期"] = "20190230"
        rows[8]["当前法律状态"] = "不知道"
        outcome = import_file("patent_export", to_csv(rows), "bad.csv", actor=self.clerk)
        self.assertFalse(outcome.ok)
        reported = {(e.row, e.column) for e in outcome.row_errors}
        self.assertEqual(reported, {(5, "申请号"), (8, "申请日"), (10, "法律状态")})
        self.assertEqual(Patent.objects.count(), 0)
        self.assertEqual(OwnerName.objects.count(), 0)

    def test_an_unknown_owner_waits_the_decision_links_and_is_remembered(self):
        rows = export_rows(4, ["烟台示例科枝有限公司"])  # a typo of a registered name
        outcome = import_file("patent_export", to_csv(rows), "e.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(outcome.owners_waiting, 1)
        waiting = OwnerName.objects.get()
        self.assertEqual(waiting.decision, OwnerDecision.PENDING)
        self.assertEqual(waiting.suggestions[0][0], self.yantai.pk)
        self.assertEqual(PatentOwnerName.objects.filter(owner_name=waiting).count(), 4)
        self.assertEqual(Patent.objects.filter(owners=self.yantai).count(), 0)

        linked = matching.match_owner(actor=self.clerk, owner_name=waiting, enterprise=self.yantai)
        self.assertEqual(linked, 4)
        self.assertEqual(Patent.objects.filter(owners=self.yantai).count(), 4)
        self.assertTrue(AuditEvent.objects.filter(action="owner_name.matched").exists())
        self.assertEqual(waiting.changes.get().to_status, OwnerDecision.MATCHED)

        # The next export naming the same owner (another spelling) matches it at once.
        more = export_rows(3, ["烟台示例科枝 有限责任公司"], seed=99)
        again = import_file("patent_export", to_csv(more), "e2.csv", actor=self.clerk)
        self.assertTrue(again.ok)
        self.assertEqual(again.owners_waiting, 0)
        self.assertEqual(Patent.objects.filter(owners=self.yantai).count(), 7)
        # Re-importing the first file changes nothing.
        same = import_file("patent_export", to_csv(rows), "e.csv", actor=self.clerk)
        self.assertEqual((same.result.created, same.result.updated, same.result.unchanged), (0, 0, 4))

    def test_outside_and_new_owner_decisions(self):
        rows = export_rows(2, ["北京外地有限公司"]) + export_rows(2, ["烟台新设有限公司"], seed=3)
        import_file("patent_export", to_csv(rows), "e.csv", actor=self.clerk)
        outside, new = OwnerName.objects.get(name="北京外地有限公司"), OwnerName.objects.get(name="烟台新设有限公司")
        self.assertEqual(matching.mark_outside(actor=self.clerk, owner_name=outside), 0)
        enterprise, linked = matching.register_owner(actor=self.clerk, owner_name=new, uscc=new_uscc(12))
        self.assertEqual((enterprise.name, linked), ("烟台新设有限公司", 2))
        later_file = to_csv(export_rows(1, ["北京外地有限公司"], seed=5))
        later = import_file("patent_export", later_file, "x.csv", actor=self.clerk)
        self.assertEqual(later.owners_waiting, 0)

    def test_enterprise_managers_cannot_import_exports(self):
        outcome = import_file("patent_export", to_csv(export_rows(1, ["Bob Ltd"])), "e.csv", actor=None)
        self.assertTrue(outcome.ok)
        with self.assertRaises(PermissionDenied):
            import_file("patent_export", to_csv(export_rows(1, ["Bob Ltd"])), "e.csv", actor=self.ent_manager)


class QueueAccessTests(PeopleTestCase):
    waiting: Any

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        import_file("patent_export", to_csv(export_rows(2, ["烟台未知有限公司"])), "e.csv", actor=None)
        cls.waiting = OwnerName.objects.get()

    def test_the_clerk_sees_the_queue_and_decides(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("portfolio:owner_queue"))
        self.assertContains(page, "烟台未知有限公司")
        url = reverse("portfolio:owner_decide", args=[self.waiting.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        bad = self.client.post(url, {"decision": "match"})
        self.assertEqual(bad.status_code, 200)  # no enterprise chosen: said, not a 500
        done = self.client.post(url, {"decision": "match", "enterprise": self.enterprise.pk})
        self.assertRedirects(done, reverse("portfolio:owner_queue"))
        self.assertEqual(Patent.objects.filter(owners=self.enterprise).count(), 2)

    def test_a_bad_credit_code_for_a_new_owner_is_said(self):
        self.client.force_login(self.clerk)
        url = reverse("portfolio:owner_decide", args=[self.waiting.pk])
        page = self.client.post(url, {"decision": "new", "uscc": "123"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(OwnerName.objects.get().decision, OwnerDecision.PENDING)

    def test_enterprise_users_and_others_get_404(self):
        for user in (self.ent_manager, self.ent_member, self.bank_officer, self.mediator):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("portfolio:owner_queue")).status_code, 404)
                url = reverse("portfolio:owner_decide", args=[self.waiting.pk])
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url, {"decision": "outside"}).status_code, 404)
        self.assertEqual(OwnerName.objects.get().decision, OwnerDecision.PENDING)

    def test_enterprise_manager_cannot_open_the_official_upload(self):
        self.client.force_login(self.ent_manager)
        response = self.client.get(reverse("portfolio:import_new", args=["patent_export"]))
        self.assertIn(response.status_code, (403, 404))


class LegalStatusTests(PeopleTestCase):
    def setUp(self) -> None:
        self.patent = granted_invention(1, self.enterprise, "一种恢复测试")

    def changes(self, rows, headings=("申请号", "法律状态公告日", "法律状态", "详细信息")):
        return to_csv([dict(zip(headings, row, strict=True)) for row in rows])

    def test_event_kinds(self):
        cases = {
            "授权": StatusEventKind.GRANT,
            "专利权的终止(未缴年费专利权终止)": StatusEventKind.LAPSE,
            "专利权的恢复": StatusEventKind.RESTORATION,
            "专利申请权、专利权的转移": StatusEventKind.TRANSFER,
            "专利实施许可合同备案的生效": StatusEventKind.LICENCE,
            "专利权质押合同登记的生效": StatusEventKind.PLEDGE,
            "专利权质押合同登记的注销": StatusEventKind.PLEDGE_RELEASE,
            "专利权全部无效": StatusEventKind.INVALIDATION,
            "专利权部分无效": StatusEventKind.PARTIAL_INVALIDATION,
            "实质审查的生效": StatusEventKind.OTHER,
        }
        for text, kind in cases.items():
            with self.subTest(text):
                self.assertEqual(event_kind(text), kind)

    def test_lapse_and_restoration_make_the_history_and_the_past_year_dashboard(self):
        from dashboard.figures import valid_invention_patents

        data = self.changes(
            [
                (self.patent.application_number, "2022-03-01", "授权", ""),
                (self.patent.application_number, "2023-06-20", "专利权的终止(未缴年费专利权终止)", ""),
                (self.patent.application_number, "2024-02-05", "专利权的恢复", ""),
                (self.patent.application_number, "2024-08-01", "专利权质押合同登记的生效", "质权人：某银行"),
            ]
        )
        outcome = import_file("legal_status", data, "ls.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(PatentStatusEvent.objects.count(), 4)
        self.patent.refresh_from_db()
        self.assertEqual(self.patent.status, "granted")
        self.assertEqual(valid_invention_patents(dt.date(2022, 12, 31)).count(), 1)
        self.assertEqual(valid_invention_patents(dt.date(2023, 12, 31)).count(), 0)  # lapsed that day
        self.assertEqual(valid_invention_patents(dt.date(2024, 12, 31)).count(), 1)
        again = import_file("legal_status", data, "ls.csv", actor=self.clerk)
        self.assertEqual((again.result.created, again.result.unchanged), (0, 4))
        self.assertEqual(PatentStatusEvent.objects.count(), 4)

    def test_a_lapse_changes_the_current_status_and_is_audited(self):
        data = self.changes([(self.patent.application_number, "2025-01-10", "未缴年费专利权终止", "")])
        outcome = import_file("legal_status", data, "ls.csv", actor=self.clerk)
        self.assertEqual(outcome.result.updated, 1)
        self.patent.refresh_from_db()
        self.assertEqual(self.patent.status, "lapsed")
        event = AuditEvent.objects.get(action="patent.status_import")
        self.assertEqual((event.before["status"], event.after["status"]), ("granted", "lapsed"))

    def test_unknown_patent_and_bad_date_are_listed_and_nothing_is_written(self):
        data = self.changes(
            [
                (self.patent.application_number, "2023-06-20", "未缴年费专利权终止", ""),
                (numbered(2), "2023-06-20", "专利权的恢复", ""),
                (self.patent.application_number, "2023-13-01", "专利权的恢复", ""),
            ],
            headings=("专利申请号", "法律状态日", "法律状态信息", "详情"),
        )
        outcome = import_file("legal_status", data, "ls.csv", actor=self.clerk)
        self.assertFalse(outcome.ok)
        self.assertEqual({e.row for e in outcome.row_errors}, {3, 4})
        self.assertEqual(PatentStatusEvent.objects.count(), 0)


class TrademarkListTests(PeopleTestCase):
    def test_a_list_with_status_and_publication_dates_under_other_headings(self):
        from portfolio.models import Trademark
        from refdata.loading import ensure_loaded

        ensure_loaded()
        rows = [
            {
                "申请/注册号": "50000001",
                "商标名称": "芝罘湾",
                "权利人统一社会信用代码": self.enterprise.uscc,
                "国际分类号": "33",
                "类似群": "3301",
                "申请日期": "20150302",
                "初审公告日": "2016-02-06",
                "注册公告日期": "2016-05-07",
                "注册日期": "2016-05-07",
                "当前状态": "已注册",
                "代理机构": "某代理",
            }
        ]
        outcome = import_file("trademarks", to_csv(rows, "gbk"), "marks.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(outcome.columns_ignored, ["代理机构"])
        mark = Trademark.objects.get(number="50000001")
        self.assertEqual(mark.preliminary_publication_date, dt.date(2016, 2, 6))
        self.assertEqual(mark.registration_publication_date, dt.date(2016, 5, 7))
        rows[0]["初审公告日"] = "2014-01-01"
        bad = import_file("trademarks", to_csv(rows), "marks.csv", actor=self.clerk)
        self.assertEqual([(e.row, e.column) for e in bad.row_errors], [(2, "初审公告日期")])
