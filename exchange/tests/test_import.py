"""A university's list of offered patents, imported through the portfolio's import machinery:
all or nothing, every bad row named, GBK and XLSX, heading synonyms, a job with its page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from exchange.choices import OfferMode, OfferStatus, SourceKind
from exchange.models import Offer
from exchange.tests.test_exchange import ExchangeTestCase, num
from portfolio import actions as portfolio_actions
from portfolio.importing import runner
from portfolio.models import ImportJob
from portfolio.tests.factories import to_csv, to_xlsx


def row(number: str, **cells: str) -> dict[str, str]:
    base = {
        "申请号": number,
        "转化方式": "转让",
        "专利名称": "一种海水淡化反渗透膜",
        "申请日": "2022-04-01",
        "法律状态": "有效",
        "授权日": "2024-01-09",
        "IPC分类号": "B01D 61/02",
        "转让价格（元）": "120,000",
        "提成比例（%）": "",
        "许可年限": "",
        "开放许可公告日": "",
        "联系人及电话": "王老师 0535-6900000",
    }
    base.update(cells)
    return base


def wrong_check(number: str) -> str:
    body, check = number[:-1], number[-1]
    return body + ("1" if check != "1" else "2")


class UniversityListImportTests(ExchangeTestCase):
    def test_a_university_imports_its_list_and_every_row_is_listed_and_audited(self):
        events = AuditEvent.objects.filter(action="exchange.offer.list", actor=self.professor)
        before = events.count()
        rows = [
            row(num("202210000101")),
            row(
                num("202210000102"),
                转化方式="开放许可",
                专利名称="一种锂电池隔膜",
                **{"提成比例（%）": "3%", "许可年限": "3", "开放许可公告日": "2025/2/1", "转让价格（元）": ""},
            ),
        ]
        outcome = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.professor)
        self.assertEqual((outcome.file_errors, outcome.row_errors), ([], []))
        self.assertEqual(outcome.result.created, 2)
        transfer = Offer.objects.get(application_number=num("202210000101"))
        self.assertEqual(transfer.organisation, self.university)
        self.assertEqual(transfer.source_kind, SourceKind.UNIVERSITY)
        self.assertEqual(transfer.asking_price, Decimal("120000.00"))
        self.assertEqual(transfer.contact, "王老师 0535-6900000")
        self.assertIsNone(transfer.patent)
        licence = Offer.objects.get(application_number=num("202210000102"))
        self.assertEqual(
            (licence.mode, licence.royalty_rate, licence.licence_years, licence.published_on),
            (OfferMode.OPEN_LICENCE, Decimal("3.00"), 3, dt.date(2025, 2, 1)),
        )
        self.assertEqual(events.count() - before, 2)
        # The same file again changes nothing; a new price changes that offer's terms only.
        again = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.professor)
        self.assertEqual((again.result.created, again.result.updated, again.result.unchanged), (0, 0, 2))
        rows[0]["转让价格（元）"] = "90000"
        third = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.professor)
        self.assertEqual((third.result.updated, third.result.unchanged), (1, 1))
        transfer.refresh_from_db()
        self.assertEqual(transfer.asking_price, Decimal("90000.00"))
        self.assertTrue(AuditEvent.objects.filter(action="exchange.offer.terms").exists())

    def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(self):
        rows = [
            row(num("202210000201")),
            row(wrong_check(num("202210000202"))),
            row(num("202210000203"), 转化方式="捐赠"),
            row(num("202210000204"), 转化方式="开放许可"),  # no royalty, no term
            row(num("202210000205"), 专利名称="", 申请日=""),  # not in the portfolio: its facts are needed
            row(num("202210000201")),  # the same patent twice
            row(num("202210000206"), **{"转让价格（元）": "12万元"}),
            row(num("202210000207"), **{"IPC分类号": "ZZZZ 1/00"}),
        ]
        outcome = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.professor)
        self.assertIsNone(outcome.result)
        self.assertEqual(sorted({e.row for e in outcome.row_errors}), [3, 4, 5, 6, 7, 8, 9])
        columns: dict[int, set[str]] = {}
        for error in outcome.row_errors:
            columns.setdefault(error.row, set()).add(error.column)
        self.assertEqual(columns[3], {"申请号"})
        self.assertEqual(columns[4], {"转化方式"})
        self.assertEqual(columns[5], {"提成比例（%）", "许可年限"})
        self.assertEqual(columns[6], {"专利名称", "申请日"})
        self.assertEqual(columns[7], {"申请号"})
        self.assertEqual(columns[8], {"转让价格（元）"})
        self.assertEqual(columns[9], {"IPC分类号"})
        self.assertFalse(Offer.objects.filter(application_number=num("202210000201")).exists())
        self.assertEqual(Offer.objects.count(), 2)  # the two listed in setUpTestData

    def test_gbk_and_xlsx_with_other_headings_are_read(self):
        rows = [
            {
                "专利号": num("202210000301"),
                "交易方式": "许可",
                "发明名称": "一种海带烘干设备",
                "申请日期": "2022年4月1日",
                "当前法律状态": "有效",
                "联系方式": "李老师",
            }
        ]
        outcome = runner.import_file("exchange_offers", to_csv(rows, encoding="gbk"), "list.csv", actor=self.professor)
        self.assertEqual(outcome.row_errors, [])
        self.assertEqual(Offer.objects.get(application_number=num("202210000301")).mode, OfferMode.LICENCE)
        rows[0]["专利号"] = num("202210000302")
        outcome = runner.import_file("exchange_offers", to_xlsx(rows), "list.xlsx", actor=self.professor)
        self.assertEqual(outcome.result.created, 1)

    def test_a_patent_in_the_portfolio_is_linked_and_fills_the_empty_cells(self):
        patent = portfolio_actions.add_patent(
            actor=self.clerk,
            application_number=num("202110000401"),
            owners=[self.enterprise],
            title="一种储能电池管理系统",
            filing_date=dt.date(2021, 6, 1),
            status="granted",
            grant_date=dt.date(2023, 2, 1),
        )
        rows = [{"申请号": patent.application_number, "转化方式": "许可", "专利权人": self.enterprise.name}]
        outcome = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.clerk)
        self.assertEqual(outcome.row_errors, [])
        offer = Offer.objects.get(application_number=patent.application_number)
        self.assertEqual((offer.patent, offer.title, offer.filing_date), (patent, patent.title, patent.filing_date))
        self.assertEqual((offer.organisation, offer.source_kind), (self.enterprise.organisation, SourceKind.ENTERPRISE))

    def test_an_enterprises_manager_lists_its_own_patents_and_a_member_is_refused(self):
        rows = [row(num("202210000801"))]
        outcome = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.ent_manager)
        self.assertEqual(outcome.row_errors, [])
        offer = Offer.objects.get(application_number=num("202210000801"))
        self.assertEqual((offer.organisation, offer.source_kind), (self.enterprise.organisation, SourceKind.ENTERPRISE))
        with self.assertRaises(PermissionDenied):
            runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.ent_member)

    def test_the_office_names_the_offering_university_and_a_university_only_its_own(self):
        rows = [row(num("202210000501"), 专利权人=self.other_university.name)]
        mine = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.professor)
        self.assertEqual([e.column for e in mine.row_errors], ["专利权人"])
        office = runner.import_file("exchange_offers", to_csv(rows), "list.csv", actor=self.clerk)
        self.assertEqual(office.row_errors, [])
        self.assertEqual(Offer.objects.get(application_number=num("202210000501")).organisation, self.other_university)
        unnamed = runner.import_file(
            "exchange_offers", to_csv([row(num("202210000502"))]), "list.csv", actor=self.clerk
        )
        self.assertEqual([e.column for e in unnamed.row_errors], ["专利权人"])

    def test_the_upload_runs_as_a_job_with_its_page_and_outsiders_are_refused(self):
        self.client.force_login(self.professor)
        page = self.client.get(reverse("portfolio:import_new", args=["exchange_offers"]))
        self.assertContains(page, "转化方式")
        upload = SimpleUploadedFile("list.csv", to_csv([row(num("202210000601"))]))
        response = self.client.post(reverse("portfolio:import_new", args=["exchange_offers"]), {"file": upload})
        job = ImportJob.objects.get(kind="exchange_offers")
        self.assertRedirects(response, reverse("portfolio:import_detail", args=[job.pk]))
        runner.run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count), (ImportJob.Status.DONE, 1))
        detail = self.client.get(reverse("portfolio:import_detail", args=[job.pk]))
        self.assertContains(detail, reverse("exchange:offer_list"))
        self.assertEqual(Offer.objects.get(application_number=num("202210000601")).status, OfferStatus.LISTED)
        template = self.client.get(reverse("portfolio:import_template", args=["exchange_offers", "csv"]))
        self.assertEqual(template.status_code, 200)
        for outsider in (self.bank_officer, self.ent_member):
            self.client.force_login(outsider)
            self.assertEqual(
                self.client.get(reverse("portfolio:import_new", args=["exchange_offers"])).status_code, 403
            )
            self.assertEqual(self.client.get(reverse("portfolio:import_detail", args=[job.pk])).status_code, 404)
