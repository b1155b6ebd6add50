"""An import may only touch rights the importer may already edit (issue 14: a manager who
imported another enterprise's patent or trademark number with their own code took it over)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import translation

from core.tests.people import PeopleTestCase
from portfolio.importing.runner import import_file
from portfolio.models import Patent, Trademark
from portfolio.tests.factories import patent_rows, to_csv


def mark_row(number: str, owner_uscc: str, text: str = "芝罘湾") -> dict[str, str]:
    return {
        "注册号/申请号": number,
        "商标": text,
        "权利人统一社会信用代码": owner_uscc,
        "类似群": "3301",
        "申请日": "2015-03-02",
        "注册日": "2016-05-07",
        "商标状态": "已注册",
    }


class ImportScopeTests(PeopleTestCase):
    charlies_patent_row: Any

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Charlie's enterprise holds one patent and one mark, imported by the office.
        cls.charlies_patent_row = patent_rows(1, cls.other_enterprise.uscc, seed=7)[0]
        assert import_file("patents", to_csv([cls.charlies_patent_row]), "p.csv", actor=cls.clerk).ok
        assert import_file(
            "trademarks", to_csv([mark_row("40000001", cls.other_enterprise.uscc)]), "m.csv", actor=cls.clerk
        ).ok
        cls.charlies_patent = Patent.objects.get(application_number=cls.charlies_patent_row["申请号"])

    def setUp(self):
        self.enterContext(translation.override("en"))

    def takeover_patent_file(self, good_rows: int = 2) -> tuple[bytes, int]:
        """Bob's own new patents with Charlie's patent in the middle, owned by Bob; its row number."""
        rows = patent_rows(good_rows, self.enterprise.uscc, seed=8)
        stolen = {**self.charlies_patent_row, "权利人统一社会信用代码": self.enterprise.uscc, "名称": "改名"}
        rows.insert(1, stolen)
        return to_csv(rows), 3  # header is row 1

    def takeover_mark_file(self) -> tuple[bytes, int]:
        rows = [
            mark_row("40000002", self.enterprise.uscc, "BOB"),
            mark_row("40000001", self.enterprise.uscc, "抢注"),
        ]
        return to_csv(rows), 3

    def assert_charlie_still_holds_both(self):
        self.assertEqual(list(self.charlies_patent.owners.all()), [self.other_enterprise])
        self.charlies_patent.refresh_from_db()
        self.assertEqual(self.charlies_patent.title, self.charlies_patent_row["名称"])
        mark = Trademark.objects.get(number="40000001")
        self.assertEqual((mark.owner, mark.mark_text), (self.other_enterprise, "芝罘湾"))

    def test_a_manager_importing_another_enterprises_patent_gets_a_row_error_and_nothing_is_imported(self):
        data, row = self.takeover_patent_file()
        outcome = import_file("patents", data, "p.csv", actor=self.ent_manager)
        self.assertFalse(outcome.ok)
        self.assertEqual([(e.row, e.column) for e in outcome.row_errors], [(row, "申请号")])
        self.assertIn("Another enterprise holds this patent", outcome.row_errors[0].message)
        self.assertEqual(Patent.objects.count(), 1)  # Bob's two good rows are not written either
        self.assert_charlie_still_holds_both()

    def test_a_manager_importing_another_enterprises_trademark_gets_a_row_error_and_nothing_is_imported(self):
        data, row = self.takeover_mark_file()
        outcome = import_file("trademarks", data, "m.csv", actor=self.ent_manager)
        self.assertFalse(outcome.ok)
        self.assertEqual([(e.row, e.column) for e in outcome.row_errors], [(row, "注册号/申请号")])
        self.assertIn("Another enterprise holds this trademark", outcome.row_errors[0].message)
        self.assertEqual(Trademark.objects.count(), 1)
        self.assert_charlie_still_holds_both()

    def test_a_manager_cannot_take_a_patent_co_owned_with_another_enterprise(self):
        self.charlies_patent.owners.add(self.enterprise)
        row = {**self.charlies_patent_row, "权利人统一社会信用代码": self.enterprise.uscc}
        outcome = import_file("patents", to_csv([row]), "p.csv", actor=self.ent_manager)
        self.assertEqual([e.row for e in outcome.row_errors], [2])
        self.assertEqual(set(self.charlies_patent.owners.all()), {self.enterprise, self.other_enterprise})

    def test_a_manager_still_updates_their_own_enterprises_patents_and_trademarks(self):
        rows = patent_rows(2, self.enterprise.uscc, seed=9)
        self.assertTrue(import_file("patents", to_csv(rows), "p.csv", actor=self.ent_manager).ok)
        rows[0]["法律状态"] = "失效"
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.ent_manager)
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual((outcome.result.updated, outcome.result.unchanged), (1, 1))
        marks = [mark_row("40000003", self.enterprise.uscc, "BOB")]
        self.assertTrue(import_file("trademarks", to_csv(marks), "m.csv", actor=self.ent_manager).ok)
        marks[0]["商标"] = "BOB2"
        outcome = import_file("trademarks", to_csv(marks), "m.csv", actor=self.ent_manager)
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(outcome.result.updated, 1)

    def test_the_other_enterprises_manager_may_update_its_own_rights(self):
        row = {**self.charlies_patent_row, "法律状态": "失效"}
        outcome = import_file("patents", to_csv([row]), "p.csv", actor=self.other_manager)
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(outcome.result.updated, 1)

    def test_office_clerks_reviewers_and_leaders_may_reassign_any_right_by_import(self):
        for person in (self.clerk, self.reviewer, self.leader):
            with self.subTest(person.username):
                data, _row = self.takeover_patent_file()
                outcome = import_file("patents", data, "p.csv", actor=person)
                self.assertTrue(outcome.ok, outcome.row_errors)
                marks, _row = self.takeover_mark_file()
                outcome = import_file("trademarks", marks, "m.csv", actor=person)
                self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(list(self.charlies_patent.owners.all()), [self.enterprise])
        self.assertEqual(Trademark.objects.get(number="40000001").owner, self.enterprise)

    def test_every_other_role_is_refused_before_any_row_is_read(self):
        others = [
            self.enforcer,
            self.leadership,
            self.ent_member,
            self.bank_officer,
            self.mediator,
            self.police_liaison,
            self.court_liaison,
        ]
        patents, _row = self.takeover_patent_file()
        marks, _row = self.takeover_mark_file()
        for person in others:
            for kind, data in (("patents", patents), ("trademarks", marks)):
                with self.subTest(person=person.username, kind=kind), self.assertRaises(PermissionDenied):
                    import_file(kind, data, "f.csv", actor=person)
        self.assert_charlie_still_holds_both()
