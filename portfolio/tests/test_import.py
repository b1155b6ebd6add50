from django.core.management import CommandError, call_command

from audit.models import AuditBlockRecord, AuditEvent
from core.tests.people import PeopleTestCase
from portfolio.importing.runner import import_file
from portfolio.models import Patent, Trademark
from portfolio.tests.factories import patent_rows, to_csv, to_xlsx


class PatentImportTests(PeopleTestCase):
    def rows(self, n=20):
        return patent_rows(n, self.enterprise.uscc)

    def test_a_clean_file_imports_every_row_with_its_owner_and_audit(self):
        outcome = import_file("patents", to_csv(self.rows()), "p.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(outcome.result.created, 20)
        self.assertEqual(Patent.objects.filter(owners=self.enterprise).count(), 20)
        patent = Patent.objects.first()
        self.assertTrue(patent.main_ipc)
        self.assertEqual(patent.expiry_date.isoformat(), "2034-12-31")
        # One audit event for the block of 20 (audit/blocks.py), and an index row per patent.
        (block,) = AuditEvent.objects.filter(action="patent.import.block")
        self.assertEqual(len(block.after["ids"]), 20)
        self.assertEqual(AuditBlockRecord.objects.filter(seq=block.seq).count(), 20)

    def test_utf8_bom_gbk_and_xlsx_all_read_the_same(self):
        rows = self.rows(5)
        for name, data in [
            ("utf8.csv", to_csv(rows)),
            ("bom.csv", b"\xef\xbb\xbf" + to_csv(rows)),
            ("gbk.csv", to_csv(rows, "gbk")),
            ("book.xlsx", to_xlsx(rows)),
        ]:
            with self.subTest(name):
                outcome = import_file("patents", data, name, actor=self.clerk)
                self.assertTrue(outcome.ok, (outcome.file_errors, outcome.row_errors))
                self.assertEqual(outcome.total, 5)
        self.assertEqual(Patent.objects.count(), 5)

    def test_importing_the_same_file_again_changes_nothing(self):
        data = to_csv(self.rows())
        import_file("patents", data, "p.csv", actor=self.clerk)
        events = AuditEvent.objects.count()
        again = import_file("patents", data, "p.csv", actor=self.clerk)
        self.assertEqual((again.result.created, again.result.updated, again.result.unchanged), (0, 0, 20))
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_changed_row_is_updated_and_audited_with_before_and_after(self):
        rows = self.rows(3)
        import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        rows[1]["法律状态"] = "失效"
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertEqual((outcome.result.updated, outcome.result.unchanged), (1, 2))
        event = AuditEvent.objects.get(action="patent.import_update")
        self.assertEqual((event.before["status"], event.after["status"]), ("granted", "lapsed"))

    def test_1000_rows_with_50_bad_import_nothing_and_report_all_50(self):
        rows = self.rows(1000)
        bad_rows = set()
        for i in range(0, 150, 10):  # 15 wrong check characters
            number = rows[i]["申请号"]
            rows[i]["申请号"] = number[:-1] + ("0" if number[-1] != "0" else "1")
            bad_rows.add(i)
        for i in range(155, 305, 10):  # 15 codes outside the IPC scheme
            rows[i]["IPC分类号"] = "Z99Z 1/00"
            bad_rows.add(i)
        for i in range(306, 406, 10):  # 10 impossible dates
            rows[i]["申请日"] = "2019-02-30"
            bad_rows.add(i)
        for i in range(407, 507, 10):  # 10 duplicates of an earlier row's number
            rows[i]["申请号"] = rows[i - 400]["申请号"]
            bad_rows.add(i)
        self.assertEqual(len(bad_rows), 50)
        outcome = import_file("patents", to_csv(rows), "big.csv", actor=self.clerk)
        self.assertFalse(outcome.ok)
        self.assertEqual(Patent.objects.count(), 0)
        reported = {e.row for e in outcome.row_errors}
        self.assertEqual(reported, {i + 2 for i in bad_rows})  # header is row 1
        self.assertTrue(all(e.message for e in outcome.row_errors))

    def test_a_missing_column_is_named(self):
        rows = [{k: v for k, v in row.items() if k != "申请日"} for row in self.rows(2)]
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertFalse(outcome.ok)
        self.assertIn("申请日", outcome.file_errors[0])

    def test_an_unknown_owner_and_someone_elses_enterprise_are_bad_rows(self):
        rows = self.rows(2)
        rows[0]["权利人统一社会信用代码"] = self.other_enterprise.uscc
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.ent_manager)
        self.assertEqual([e.row for e in outcome.row_errors], [2])
        rows[0]["权利人统一社会信用代码"] = "91370602MA3C4F5X7Q"
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertEqual([e.row for e in outcome.row_errors], [2])

    def test_the_command_reports_bad_rows_and_fails(self):
        import tempfile
        from io import StringIO

        rows = self.rows(3)
        rows[2]["申请日"] = "yesterday"
        with tempfile.NamedTemporaryFile(suffix=".csv") as fh:
            fh.write(to_csv(rows))
            fh.flush()
            err = StringIO()
            with self.assertRaises(CommandError):
                call_command("import_patents", fh.name, stderr=err)
            self.assertIn("row 4", err.getvalue())


class TrademarkImportTests(PeopleTestCase):
    def rows(self):
        return [
            {
                "注册号/申请号": "30000001",
                "商标": "芝罘湾",
                "权利人统一社会信用代码": self.enterprise.uscc,
                "类似群": "3301;3201",
                "指定商品/服务": "葡萄酒;白兰地",
                "申请日": "2015-03-02",
                "注册日": "2016-05-07",
                "商标状态": "已注册",
            },
            {
                "注册号/申请号": "30000002",
                "商标": "ZHIFU",
                "权利人统一社会信用代码": self.enterprise.uscc,
                "类似群": "3501",
                "申请日": "2023-03-02",
                "商标状态": "申请中",
            },
        ]

    def test_marks_import_with_their_groups_and_expiry(self):
        outcome = import_file("trademarks", to_csv(self.rows()), "m.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        mark = Trademark.objects.get(number="30000001")
        self.assertEqual(mark.nice_classes, [32, 33])
        self.assertEqual(mark.expiry_date.isoformat(), "2026-05-06")
        self.assertEqual([g.group_code for g in mark.goods.all()], ["3201", "3301"])

    def test_unknown_groups_and_a_registered_mark_without_a_date_are_bad(self):
        rows = self.rows()
        rows[0]["类似群"] = "3399"
        rows[1]["商标状态"] = "已注册"
        outcome = import_file("trademarks", to_csv(rows), "m.csv", actor=self.clerk)
        self.assertEqual(sorted({e.row for e in outcome.row_errors}), [2, 3])
        self.assertEqual(Trademark.objects.count(), 0)


class PatentImportChainTests(PeopleTestCase):
    def test_imported_and_updated_patents_keep_the_audit_chain_intact(self):
        from audit.trail import verify_chain

        rows = patent_rows(5, self.enterprise.uscc)
        import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        rows[0]["名称"] = 'A "quoted"\ttitle'
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertEqual((outcome.result.updated, outcome.result.unchanged), (1, 4))
        self.assertEqual(verify_chain(), [])

    def test_a_new_patent_never_takes_a_deleted_patents_id_or_history(self):
        from audit.trail import history

        rows = patent_rows(4, self.enterprise.uscc)
        import_file("patents", to_csv(rows[:3]), "p.csv", actor=self.clerk)
        last = Patent.objects.order_by("-pk").first()
        Patent.objects.filter(pk=last.pk).delete()
        import_file("patents", to_csv(rows[3:]), "p.csv", actor=self.clerk)
        new = Patent.objects.get(application_number=rows[3]["申请号"])
        self.assertGreater(new.pk, last.pk)
        self.assertEqual([e.action for e in history(new)], ["patent.import"])

    def test_each_imported_patent_has_its_own_event_with_its_values(self):
        from audit.trail import history

        rows = patent_rows(3, self.enterprise.uscc)
        import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        for row in rows:
            patent = Patent.objects.get(application_number=row["申请号"])
            (event,) = history(patent)
            self.assertEqual(event.after["title"], patent.title)
            self.assertEqual(event.after["owners"], [self.enterprise.pk])
            self.assertEqual(event.after["filing_date"], patent.filing_date.isoformat())
