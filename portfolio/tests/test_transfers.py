"""Transfers in the legal-status lists: the patent's owners follow the published new owner —
matched like any imported owner, or waiting on the clerk's queue — the old owner's link ends,
the change is audited and kept in the status history, and a list imported again changes
nothing."""

from __future__ import annotations

import datetime as dt

from audit.models import AuditEvent
from core.tests.people import PeopleTestCase
from landscape.quality import high_value_summary
from portfolio import matching
from portfolio.importing.ownership import new_owners_in
from portfolio.importing.runner import import_file
from portfolio.models import OwnerDecision, OwnerName, PatentOwnerName, PatentStatusEvent, StatusEventKind
from portfolio.tests.factories import granted_invention, numbered, to_csv

HEADINGS = ("申请号", "法律状态公告日", "法律状态", "详细信息")
GAZETTE = "变更事项：专利权人 变更前权利人：Bob Ltd 变更后权利人：{new} 变更事项：地址 变更前权利人：烟台市芝罘区 变更后权利人：烟台市莱山区 登记生效日：2024.05.10"  # noqa: E501


class NewOwnerWordingTests(PeopleTestCase):
    def test_the_new_owner_is_read_from_the_gazette_and_the_prose_forms(self):
        self.assertEqual(new_owners_in(GAZETTE.format(new="Charlie Ltd")), "Charlie Ltd")
        self.assertEqual(
            new_owners_in("专利权人由甲有限公司变更为乙有限公司；丙有限公司 地址由A变更为B"), "乙有限公司;丙有限公司"
        )
        self.assertEqual(new_owners_in("变更后权利人:丁公司\n登记生效日:2020.01.02"), "丁公司")
        # An address change alone names no new owner.
        self.assertEqual(new_owners_in("变更事项：地址 变更前权利人：甲地 变更后权利人：乙地"), "")
        self.assertEqual(new_owners_in(""), "")


class TransferImportTests(PeopleTestCase):
    def setUp(self) -> None:
        # A high-value invention patent (a family member granted abroad): counted by owner.
        self.patent = granted_invention(31, self.enterprise, "一种转让测试装置", foreign_family_granted=True)

    def transfer(self, new_owner: str, day: str = "2024-05-10", text: str = "专利权的转移"):
        data = to_csv(
            [
                dict(
                    zip(
                        HEADINGS,
                        (self.patent.application_number, day, text, GAZETTE.format(new=new_owner)),
                        strict=True,
                    )
                )
            ]
        )
        outcome = import_file("legal_status", data, "转移.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, (outcome.file_errors, outcome.row_errors))
        return outcome

    def owners(self) -> list[str]:
        return sorted(self.patent.owners.values_list("name", flat=True))

    def high_value_by_owner(self) -> dict[str, int]:
        return {e.name: n for e, n in high_value_summary(dt.date.today())["by_enterprise"]}

    def test_a_transfer_to_a_registered_enterprise_moves_the_patent_and_is_audited(self):
        self.assertEqual(self.high_value_by_owner(), {"Bob Ltd": 1})
        outcome = self.transfer("Charlie  Ltd")  # written another way: matched once normalised
        self.assertEqual((outcome.result.created, outcome.result.updated, outcome.owners_waiting), (1, 1, 0))
        self.assertEqual(self.owners(), ["Charlie Ltd"])
        event = PatentStatusEvent.objects.get(patent=self.patent)
        self.assertEqual((event.kind, event.new_owners), (StatusEventKind.TRANSFER, "Charlie  Ltd"))
        audit = AuditEvent.objects.get(action="patent.owners_transfer")
        self.assertEqual(audit.before["owners"], [self.enterprise.pk])
        self.assertEqual(audit.after["owners"], [self.other_enterprise.pk])
        self.assertEqual(audit.after["event_day"], "2024-05-10")
        # The figures counted by owner follow.
        self.assertEqual(self.high_value_by_owner(), {"Charlie Ltd": 1})
        # The patent page's history shows the transfer and its new owner.
        self.client.force_login(self.clerk)
        page = self.client.get(f"/portfolio/patents/{self.patent.pk}/")
        self.assertContains(page, "专利权的转移")
        self.assertContains(page, 'class="new-owners"', html=False)

    def test_an_unknown_new_owner_waits_on_the_queue_and_the_decision_gives_it_the_patent(self):
        outcome = self.transfer("烟台新受让人有限公司")
        self.assertEqual(outcome.owners_waiting, 1)
        self.assertEqual(self.owners(), [])  # the old owner's link ended
        name = OwnerName.objects.get()
        self.assertEqual((name.name, name.decision), ("烟台新受让人有限公司", OwnerDecision.PENDING))
        self.assertEqual(list(PatentOwnerName.objects.values_list("patent_id", flat=True)), [self.patent.pk])
        audit = AuditEvent.objects.get(action="patent.owners_transfer")
        self.assertEqual((audit.after["owners"], audit.after["waiting_for_matching"]), ([], ["烟台新受让人有限公司"]))
        self.assertEqual(self.high_value_by_owner(), {})
        matching.match_owner(actor=self.clerk, owner_name=name, enterprise=self.other_enterprise)
        self.assertEqual(self.owners(), ["Charlie Ltd"])
        # The next transfer to the same name is matched by the remembered decision.
        PatentStatusEvent.objects.all().delete()
        self.patent.owners.set([self.enterprise])
        again = self.transfer("烟台新受让人有限公司", day="2025-01-02")
        self.assertEqual((again.owners_waiting, self.owners()), (0, ["Charlie Ltd"]))

    def test_the_same_transfer_imported_twice_changes_nothing_the_second_time(self):
        self.transfer("Charlie Ltd")
        events, audits = PatentStatusEvent.objects.count(), AuditEvent.objects.count()
        # Bob's people put the patent back by hand meanwhile: the old event must not move it again.
        self.patent.owners.set([self.enterprise, self.other_enterprise])
        again = self.transfer("Charlie Ltd")
        self.assertEqual((again.result.created, again.result.updated, again.result.unchanged), (0, 0, 1))
        self.assertEqual((PatentStatusEvent.objects.count(), AuditEvent.objects.count()), (events, audits))
        self.assertEqual(self.owners(), ["Bob Ltd", "Charlie Ltd"])

    def test_an_older_transfer_imported_after_a_newer_one_does_not_move_the_patent_back(self):
        self.transfer("Charlie Ltd", day="2024-05-10")
        # Recorded by hand since (a co-owner added): neither the old transfer nor the latest
        # one imported before may undo it.
        self.patent.owners.add(self.enterprise)
        self.transfer("Bob Ltd", day="2023-01-10")
        self.assertEqual(self.owners(), ["Bob Ltd", "Charlie Ltd"])
        self.assertEqual(AuditEvent.objects.filter(action="patent.owners_transfer").count(), 1)

    def test_a_transfer_to_an_owner_ruled_outside_the_district_leaves_the_patent_without_owners(self):
        name = OwnerName.objects.create(name="外省某公司", key="外省某公司")
        matching.mark_outside(actor=self.clerk, owner_name=name)
        outcome = self.transfer("外省某公司", text="专利权转让")
        self.assertEqual((outcome.owners_waiting, self.owners()), (0, []))
        audit = AuditEvent.objects.get(action="patent.owners_transfer")
        self.assertEqual(audit.after["outside_district"], ["外省某公司"])

    def test_a_transfer_row_in_a_bad_file_writes_nothing(self):
        rows = [
            (self.patent.application_number, "2024-05-10", "专利权的转移", GAZETTE.format(new="Charlie Ltd")),
            (numbered(99), "2024-05-10", "专利权的转移", GAZETTE.format(new="Charlie Ltd")),
        ]
        data = to_csv([dict(zip(HEADINGS, row, strict=True)) for row in rows])
        outcome = import_file("legal_status", data, "转移.csv", actor=self.clerk)
        self.assertFalse(outcome.ok)
        self.assertEqual([e.row for e in outcome.row_errors], [3])
        self.assertEqual((self.owners(), PatentStatusEvent.objects.count()), (["Bob Ltd"], 0))

    def test_a_new_owner_column_is_read_when_the_list_has_one(self):
        headings = (*HEADINGS, "受让人")
        row = (self.patent.application_number, "2024-05-10", "专利申请权、专利权的转移", "", "Charlie Ltd")
        outcome = import_file(
            "legal_status", to_csv([dict(zip(headings, row, strict=True))]), "t.csv", actor=self.clerk
        )
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual(self.owners(), ["Charlie Ltd"])

    def test_after_the_transfer_the_old_owners_people_get_404_and_the_new_owners_see_it(self):
        url = f"/portfolio/patents/{self.patent.pk}/"
        self.client.force_login(self.ent_manager)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.transfer("Charlie Ltd")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.other_manager)
        self.assertEqual(self.client.get(url).status_code, 200)
