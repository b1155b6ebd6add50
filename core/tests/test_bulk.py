"""core.bulk: COPY text spelled column by column, the rows it inserts on both databases, and
the writer thread's handling of errors and of stray queries."""

import datetime as dt
import unittest

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.bulk import BulkWriter, RawJson, Same, copy_chunks, insert_columns, reserve_ids
from core.tests.people import PeopleTestCase
from portfolio.models import ImportJob

postgres_only = unittest.skipUnless(connection.vendor == "postgresql", "the writer thread runs on PostgreSQL only")


class CopyTextTests(unittest.TestCase):
    def test_columns_are_spelled_and_escaped_for_copy(self):
        day = dt.date(2024, 2, 29)
        columns = [
            [1, 2, 3],
            ["plain", "tab\there", "back\\slash\nline"],
            [None, day, day],
            [True, False, None],
            Same("100% sure"),
            [RawJson('["A61K31/00"]'), RawJson("[]"), RawJson('["x\\"y"]')],
        ]
        text = "".join(copy_chunks(columns, 3, chunk_rows=2))
        self.assertEqual(
            text.split("\n"),
            [
                '1\tplain\t\\N\tt\t100% sure\t["A61K31/00"]',
                "2\ttab\\there\t2024-02-29\tf\t100% sure\t[]",
                '3\tback\\\\slash\\nline\t2024-02-29\t\\N\t100% sure\t["x\\\\"y"]',
                "",
            ],
        )

    def test_a_column_mixing_flags_and_numbers_keeps_each_spelling(self):
        # True == 1 as a dict key: such a column must not share one spelling per value.
        text = "".join(copy_chunks([[True, 1, False, 0] * 4], 16))
        self.assertEqual(text.split("\n")[:4], ["t", "1", "f", "0"])


JOB_FIELDS = ["kind", "file", "file_name", "created_by", "status", "total_rows", "processed_rows"]


class InsertColumnsTests(PeopleTestCase):
    def job_values(self, names):
        return [Same("patents"), Same(""), names, Same(self.clerk.pk), Same("done"), [1, 2, 3], [1, 2, 3]]

    def insert(self, writer=None):
        now = timezone.now()
        names = ['名单 "一".csv', "back\\slash\ttab.csv", "100%.csv"]
        insert_columns(
            ImportJob,
            [
                *JOB_FIELDS,
                "created_count",
                "updated_count",
                "unchanged_count",
                "file_errors",
                "row_errors",
                "source",
                "columns_used",
                "columns_ignored",
                "owners_waiting",
                "created_at",
            ],
            [
                *self.job_values(names),
                Same(0),
                Same(0),
                Same(0),
                [["坏\\行"], [], ["100%"]],
                Same([]),
                Same(""),
                Same([]),
                Same([]),
                Same(0),
                Same(now),
            ],
            3,
            writer,
        )
        return names

    def check_rows(self, names):
        jobs = list(ImportJob.objects.order_by("total_rows"))
        self.assertEqual([j.file_name for j in jobs], names)
        self.assertEqual([j.file_errors for j in jobs], [["坏\\行"], [], ["100%"]])
        self.assertEqual({j.created_by_id for j in jobs}, {self.clerk.pk})

    def test_rows_go_in_as_given(self):
        with transaction.atomic():
            names = self.insert()
        self.check_rows(names)

    def test_rows_go_in_through_the_writer(self):
        with transaction.atomic(), BulkWriter() as writer:
            names = self.insert(writer)
        self.check_rows(names)

    def test_reserved_ids_are_new_and_never_handed_out_again(self):
        with transaction.atomic():
            self.insert()
            ids = reserve_ids(ImportJob, 3)
            self.assertEqual(len(set(ids)), 3)
            self.assertGreater(min(ids), max(ImportJob.objects.values_list("pk", flat=True)))
            fields = ["id", *JOB_FIELDS, "created_count", "updated_count", "unchanged_count"]
            values = [ids, *self.job_values(["a", "b", "c"]), Same(0), Same(0), Same(0)]
            fields += ["file_errors", "row_errors", "source", "columns_used", "columns_ignored", "owners_waiting"]
            values += [Same([]), Same([]), Same(""), Same([]), Same([]), Same(0)]
            fields += ["created_at"]
            values += [Same(timezone.now())]
            insert_columns(ImportJob, fields, values, 3)
            self.assertGreater(min(reserve_ids(ImportJob, 2)), max(ids))
        self.assertEqual(ImportJob.objects.filter(pk__in=ids).count(), 3)

    @postgres_only
    def test_a_query_while_the_writer_streams_fails_at_once_and_rolls_back(self):
        with self.assertRaisesMessage(RuntimeError, "BulkWriter"), transaction.atomic(), BulkWriter() as writer:
            self.insert(writer)
            ImportJob.objects.count()
        self.assertEqual(ImportJob.objects.count(), 0)

    @postgres_only
    def test_an_error_on_the_writer_thread_reaches_the_caller_and_rolls_back(self):
        with self.assertRaises(Exception) as caught, transaction.atomic(), BulkWriter() as writer:
            self.insert(writer)
            writer.copy("COPY portfolio_importjob (total_rows) FROM STDIN", "not a number\n")
        self.assertIn("not a number", str(caught.exception))
        self.assertEqual(ImportJob.objects.count(), 0)

    @postgres_only
    def test_foreign_keys_are_deferred_again_after_the_writer(self):
        with transaction.atomic():
            with BulkWriter() as writer:
                self.insert(writer)
            # A dangling key is accepted until commit, as before the writer ran.
            with connection.cursor() as cursor:
                cursor.execute("UPDATE portfolio_importjob SET created_by_id = -1")
            with self.assertRaises(IntegrityError), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            transaction.set_rollback(True)
