"""The patent importer's column-wise, block-by-block path: the audit block documents it spells,
files larger than one block, and bad rows found after writing began."""

import json
from contextlib import contextmanager
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation

from audit.models import AuditBlockRecord, AuditEvent, AuditHead, canonical_json
from audit.trail import history, verify_chain
from core.tests.people import PeopleTestCase
from portfolio.importing import patents, runner
from portfolio.importing.runner import import_file
from portfolio.models import ImportJob, Patent
from portfolio.tests.factories import patent_rows, to_csv


def stored_block_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT after FROM audit_auditevent WHERE action = 'patent.import.block' ORDER BY seq")
        return [text for (text,) in cursor.fetchall()]


class ImportedEventTests(PeopleTestCase):
    def test_each_event_is_the_canonical_spelling_of_its_patent_whatever_the_text(self):
        rows = patent_rows(6, self.enterprise.uscc)
        awkward = ['一种"引号"装置', "back\\slash", "tab\there", "100% 纯", "emoji 😀", "line\nbreak"]
        for row, text in zip(rows, awkward, strict=True):
            row.update(
                {
                    "名称": text,
                    "摘要": text * 2,
                    "发明人": "张三;李四",
                    "公开号": "CN112345678A",
                    "公开日": "2016-02-03",
                    "PCT申请": "是",
                    "海外同族": "",
                }
            )
        rows[0]["权利人统一社会信用代码"] = f"{self.enterprise.uscc};{self.other_enterprise.uscc}"
        rows[1]["授权日"] = ""
        rows[1]["法律状态"] = "审中"
        rows[1]["权利要求数"] = ""
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        # The block's stored text is exactly canonical_json of its document, which holds each
        # patent's values as stored (the hash covers the text).
        (text,) = stored_block_texts()
        document = json.loads(text)
        self.assertEqual(text, canonical_json(document))
        self.assertEqual(document["fields"], sorted([*patents.FIELDS, "owners"]))
        self.assertEqual(document["rows"], [2, 3, 4, 5, 6, 7])
        for patent in Patent.objects.all():
            owners = sorted(patent.owners.values_list("pk", flat=True))
            expected = {key: getattr(patent, key) for key in patents.FIELDS} | {"owners": owners}
            values = document["values"][document["ids"].index(str(patent.pk))]
            self.assertEqual(
                canonical_json(dict(zip(document["fields"], values, strict=True))), canonical_json(expected)
            )
            (entry,) = history(patent)
            self.assertEqual(entry.after, json.loads(canonical_json(expected)))
        by_title = {p.title: p for p in Patent.objects.all()}
        self.assertEqual(by_title['一种"引号"装置'].owners.count(), 2)
        self.assertIsNone(by_title["back\\slash"].claims_count)
        self.assertEqual(verify_chain(), [])


@mock.patch.object(patents, "BLOCK_ROWS", 4)
class BlockTests(PeopleTestCase):
    def rows(self, n):
        return patent_rows(n, self.enterprise.uscc, seed=7)

    def test_a_file_of_several_blocks_imports_in_row_order_with_one_event_per_block(self):
        rows = self.rows(11)
        with mock.patch.object(patents, "AUDIT_BLOCK_ROWS", 3):
            outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertEqual(outcome.result.created, 11)
        # Checked 4 rows at a time, audited 3 at a time within those: 3+1, 3+1, 3.
        events = list(AuditEvent.objects.filter(action="patent.import.block").order_by("seq"))
        self.assertEqual([len(e.after["ids"]) for e in events], [3, 1, 3, 1, 3])
        numbers = [
            values[e.after["fields"].index("application_number")] for e in events for values in e.after["values"]
        ]
        self.assertEqual(numbers, [r["申请号"] for r in rows])
        self.assertEqual([row for e in events for row in e.after["rows"]], list(range(2, 13)))
        for event in events:
            for position, object_id in enumerate(event.after["ids"]):
                patent = Patent.objects.get(pk=int(object_id))
                (entry,) = history(patent)
                self.assertEqual((entry.pk, entry.seq, entry.action), (event.pk, event.seq, "patent.import"))
                self.assertEqual(entry.block_row, event.after["rows"][position])
                self.assertEqual(entry.after["application_number"], patent.application_number)
                self.assertEqual(list(patent.owners.all()), [self.enterprise])
        self.assertEqual(AuditBlockRecord.objects.count(), 11)
        self.assertEqual(AuditHead.objects.get().last_seq, events[-1].seq)
        self.assertEqual(verify_chain(), [])

    def test_bad_rows_in_later_blocks_roll_back_the_blocks_already_written(self):
        rows = self.rows(12)
        rows[9]["申请号"] = rows[1]["申请号"]  # row 11 repeats row 3, two blocks earlier
        rows[10]["IPC分类号"] = "Z99Z 1/00"
        rows[11]["申请日"] = "2019-02-30"
        head = AuditHead.objects.get_or_create(pk=1)[0]
        events, records = AuditEvent.objects.count(), AuditBlockRecord.objects.count()
        with translation.override("en"):
            outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertFalse(outcome.ok)
        self.assertEqual(
            [(e.row, e.column) for e in outcome.row_errors], [(11, "申请号"), (12, "IPC分类号"), (13, "申请日")]
        )
        self.assertIn("row 3", outcome.row_errors[0].message)
        self.assertEqual(Patent.objects.count(), 0)
        self.assertEqual((AuditEvent.objects.count(), AuditBlockRecord.objects.count()), (events, records))
        self.assertEqual(AuditHead.objects.get().last_seq, head.last_seq)

    def test_reimport_across_blocks_creates_updates_and_skips(self):
        rows = self.rows(10)
        import_file("patents", to_csv(rows[:6]), "p.csv", actor=self.clerk)
        rows[1]["法律状态"] = "失效"
        rows[4]["名称"] = "改过的名称"
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        result = outcome.result
        self.assertEqual((result.created, result.updated, result.unchanged), (4, 2, 4))
        self.assertEqual(Patent.objects.count(), 10)
        self.assertEqual(AuditEvent.objects.filter(action="patent.import_update").count(), 2)
        self.assertEqual(Patent.objects.get(application_number=rows[4]["申请号"]).title, "改过的名称")
        self.assertEqual(verify_chain(), [])


@mock.patch.object(patents, "BLOCK_ROWS", 4)
class UploadedJobTests(PeopleTestCase):
    def test_a_job_reports_progress_while_it_writes_and_ends_done(self):
        rows = patent_rows(10, self.enterprise.uscc)
        job = ImportJob.objects.create(
            kind="patents", file=SimpleUploadedFile("p.csv", to_csv(rows)), file_name="p.csv", created_by=self.clerk
        )
        reported = []
        real = runner.progress_updates

        @contextmanager
        def recording(job_id):
            with real(job_id) as report:
                yield lambda done, total: (reported.append(done), report(done, total))

        with mock.patch.object(runner, "progress_updates", recording):
            runner.run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count, job.processed_rows), (ImportJob.Status.DONE, 10, 10))
        self.assertEqual(reported, [4, 8, 10])

    def test_starting_an_import_on_the_page_is_in_the_audit_trail(self):
        self.client.force_login(self.clerk)
        upload = SimpleUploadedFile("p.csv", to_csv(patent_rows(2, self.enterprise.uscc)))
        response = self.client.post(reverse("portfolio:import_new", args=["patents"]), {"file": upload})
        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("portfolio:import_detail", args=[job.pk]), fetch_redirect_response=False)
        event = AuditEvent.objects.get(action="import_job.start")
        self.assertEqual((event.actor_id, event.object_id), (self.clerk.pk, str(job.pk)))
        self.assertEqual((event.after["kind"], event.after["file_name"]), ("patents", "p.csv"))
        self.assertEqual(verify_chain(), [])


class ForeignFamilyGrantedColumnTests(PeopleTestCase):
    def test_the_column_is_read_and_left_out_means_not_granted(self):
        rows = patent_rows(3, self.enterprise.uscc)
        rows[0].update({"海外同族": "是", "海外同族已授权": "是"})
        rows[1].update({"海外同族": "是", "海外同族已授权": "否"})
        rows[2].update({"海外同族": "否", "海外同族已授权": ""})
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        flags = {p.application_number: (p.has_foreign_family, p.foreign_family_granted) for p in Patent.objects.all()}
        numbers = [r["申请号"] for r in rows]
        self.assertEqual([flags[n] for n in numbers], [(True, True), (True, False), (False, False)])
