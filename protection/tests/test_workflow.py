import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditEvent
from protection import actions
from protection.choices import CaseStatus, MediationStatus, Offence, TransferStatus
from protection.clocks import case_step
from protection.models import Case, CriminalThreshold, Mediation, Transfer
from protection.permissions import can_take_case_step, can_take_mediation_step, can_take_transfer_step
from protection.tests.base import ProtectionMixin, at
from protection.workflow import CASE_TRANSITIONS, MEDIATION_TRANSITIONS, TRANSFER_TRANSITIONS


class IllegalTransitionsTest(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def test_every_transition_not_in_the_tables_is_refused_even_for_the_system(self):
        pairs = [
            (CASE_TRANSITIONS, CaseStatus, lambda s: Case(status=s), can_take_case_step),
            (TRANSFER_TRANSITIONS, TransferStatus, lambda s: Transfer(status=s), can_take_transfer_step),
            (MEDIATION_TRANSITIONS, MediationStatus, lambda s: Mediation(status=s), can_take_mediation_step),
        ]
        refused = 0
        for table, states, make, predicate in pairs:
            for source in states.values:
                for target in states.values:
                    if target in table.get(source, {}):
                        continue
                    self.assertFalse(predicate(None, make(source), target), (source, target))
                    refused += 1
        self.assertGreater(refused, 100)

    def test_a_lead_cannot_jump_to_decided(self):
        case = self.lead()
        with translation.override("en"), self.assertRaisesMessage(PermissionDenied, "cannot become Decided"):
            actions.transition_case(actor=self.leader, case=case, to_status=CaseStatus.DECIDED, decision_text="x")


class CaseRolesTest(ProtectionMixin, TestCase):
    enforcer3: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()
        cls.enforcer3 = cls.person(cls.office, "erin", Role.ENFORCEMENT)

    def test_filing_needs_two_enforcement_officers(self):
        case = self.lead()
        with self.assertRaises(ValidationError):
            actions.transition_case(
                actor=self.enforcer, case=case, to_status=CaseStatus.FILED, officers=[self.enforcer]
            )
        with self.assertRaises(ValidationError):
            actions.transition_case(
                actor=self.enforcer, case=case, to_status=CaseStatus.FILED, officers=[self.enforcer, self.clerk]
            )
        case = self.file(case, at(2026, 3, 3))
        self.assertEqual(case.status, CaseStatus.FILED)
        self.assertEqual(case.officers.count(), 2)

    def test_only_enforcement_officers_decide_filing(self):
        case = self.lead()
        for person in (self.clerk, self.reviewer, self.leader, self.police_liaison, self.ent_manager, self.mediator):
            with self.assertRaises(PermissionDenied):
                actions.transition_case(
                    actor=person, case=case, to_status=CaseStatus.FILED, officers=[self.enforcer, self.enforcer2]
                )

    def test_only_the_cases_own_officers_investigate_and_only_the_head_decides(self):
        case = self.file(self.lead(), at(2026, 3, 3))
        with self.assertRaises(PermissionDenied):
            actions.transition_case(actor=self.enforcer3, case=case, to_status=CaseStatus.INVESTIGATING)
        case = actions.transition_case(actor=self.enforcer2, case=case, to_status=CaseStatus.INVESTIGATING)
        with self.assertRaises(PermissionDenied):
            actions.transition_case(actor=self.enforcer, case=case, to_status=CaseStatus.DECIDED, decision_text="x")
        case = actions.transition_case(
            actor=self.leader, case=case, to_status=CaseStatus.DECIDED, decision_text="Fine", fine=Decimal("5000")
        )
        self.assertEqual(case.fine, Decimal("5000.00"))
        with self.assertRaises(PermissionDenied):
            actions.transition_case(actor=self.clerk, case=case, to_status=CaseStatus.CLOSED)
        case = actions.transition_case(actor=self.enforcer, case=case, to_status=CaseStatus.CLOSED)
        self.assertEqual(case.status, CaseStatus.CLOSED)
        self.assertTrue(AuditEvent.objects.filter(action="case.closed", object_id=str(case.pk)).exists())

    def test_not_filing_needs_a_reason(self):
        case = self.lead()
        with self.assertRaises(ValidationError):
            actions.transition_case(actor=self.enforcer, case=case, to_status=CaseStatus.NOT_FILED)

    def test_days_are_counted_in_shanghai_even_though_the_database_hands_back_utc(self):
        # 07:00 on Wed 30 Sep 2026 in Shanghai is still 29 Sep in UTC. Counting from 30 Sep:
        # 8, 9, 10 (make-up Saturday), 12–16, 19–23, 26, 27 Oct is the 15th working day.
        case = Case.objects.get(pk=self.lead(at(2026, 9, 30, 7)).pk)
        due = timezone.localtime(case_step(case, at(2026, 10, 1)).clock.due)
        self.assertEqual((due.date(), due.hour, due.minute), (dt.date(2026, 10, 27), 23, 59))

    def test_the_head_extends_the_filing_decision_once_by_fifteen_working_days(self):
        case = self.lead(at(2024, 9, 20, 10))
        self.assertEqual(
            case_step(case, at(2024, 9, 23)).clock.due,
            dt.datetime(2024, 10, 16, 23, 59, 59, tzinfo=case.received_at.tzinfo),
        )
        with self.assertRaises(PermissionDenied):
            actions.extend_filing(actor=self.enforcer, case=case, note="Need more time")
        case = actions.extend_filing(actor=self.leader, case=case, note="Need more time")
        self.assertEqual(case_step(case, at(2024, 9, 23)).clock.due.date(), dt.date(2024, 11, 6))
        with self.assertRaises(PermissionDenied):
            actions.extend_filing(actor=self.leader, case=case, note="Again")

    def test_a_pause_stops_the_decision_limit_and_blocks_steps_while_open(self):
        case = self.file(self.lead(at(2026, 1, 2)), at(2026, 1, 5, 10))
        self.assertEqual(case_step(case, at(2026, 1, 6)).clock.due.date(), dt.date(2026, 4, 7))
        actions.pause_case(actor=self.enforcer, case=case, reason="Testing of goods", now=at(2026, 2, 1))
        self.assertEqual(case_step(case, at(2026, 2, 3)).clock.flag, "paused")
        with self.assertRaises(ValidationError):
            actions.transition_case(actor=self.enforcer, case=case, to_status=CaseStatus.INVESTIGATING)
        with self.assertRaises(PermissionDenied):
            actions.pause_case(actor=self.police_liaison, case=case, reason="x")
        actions.resume_case(actor=self.enforcer2, case=case, now=at(2026, 2, 20))
        self.assertEqual(case_step(case, at(2026, 2, 21)).clock.due.date(), dt.date(2026, 4, 24))

    def test_the_lead_is_checked_against_the_protected_marks(self):
        from similarity.choices import ProtectedKind
        from similarity.models import ProtectedMark, WatchHit

        ProtectedMark.objects.create(name="烟台苹果", kind=ProtectedKind.GEOGRAPHICAL_INDICATION, cross_class=True)
        case = self.lead(mark_text="烟台苹菓")
        hit = WatchHit.objects.get(source_id=case.pk)
        self.assertEqual(hit.protected_mark.name, "烟台苹果")
        self.assertGreaterEqual(hit.score, 75)


class TransferRolesTest(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def _case(self, volume="60000", gain="0", marks=1, offence=Offence.COUNTERFEIT_MARK):
        case = self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3))
        return self.investigate(case, at(2026, 3, 4), volume=volume, gain=gain, marks=marks, offence=offence)

    def test_below_every_threshold_no_transfer_can_be_proposed(self):
        case = self._case(volume="49999.99", gain="29999")
        with translation.override("en"), self.assertRaisesMessage(PermissionDenied, "do not meet"):
            actions.propose_transfer(actor=self.enforcer, case=case, police=self.police)

    def test_two_marks_use_the_lower_figures_and_selling_counterfeits_its_own(self):
        from protection.thresholds import thresholds_met

        self.assertTrue(thresholds_met(self._case(volume="30000", marks=2), dt.date(2026, 3, 5)))
        self.assertFalse(thresholds_met(self._case(volume="30000", marks=1), dt.date(2026, 3, 5)))
        self.assertTrue(thresholds_met(self._case(gain="20000", marks=2), dt.date(2026, 3, 5)))
        selling = self._case(volume="50000", offence=Offence.SELLING_COUNTERFEITS)
        self.assertTrue(thresholds_met(selling, dt.date(2026, 3, 5)))
        patent = self._case(volume="900000", offence=Offence.PATENT_INFRINGEMENT)
        self.assertFalse(thresholds_met(patent, dt.date(2026, 3, 5)))

    def test_every_role_takes_only_its_own_transfer_steps(self):
        case = self._case()
        transfer = actions.propose_transfer(actor=self.enforcer, case=case, police=self.police, now=at(2026, 3, 5))
        with self.assertRaises(PermissionDenied):  # a second one while the first is under way
            actions.propose_transfer(actor=self.enforcer, case=case, police=self.police)
        for person in (self.enforcer, self.clerk, self.police_liaison):
            with self.assertRaises(PermissionDenied):
                actions.transition_transfer(actor=person, transfer=transfer, to_status=TransferStatus.APPROVED)
        transfer = actions.transition_transfer(
            actor=self.leader, transfer=transfer, to_status=TransferStatus.APPROVED, now=at(2026, 3, 5, 10)
        )
        with self.assertRaises(ValidationError):  # without its documents
            actions.transition_transfer(actor=self.enforcer, transfer=transfer, to_status=TransferStatus.SENT)
        with self.assertRaises(PermissionDenied):
            actions.transition_transfer(
                actor=self.leader, transfer=transfer, to_status=TransferStatus.SENT, documents=self.documents(case)
            )
        transfer = actions.transition_transfer(
            actor=self.enforcer,
            transfer=transfer,
            to_status=TransferStatus.SENT,
            documents=self.documents(case),
            now=at(2026, 3, 5, 11),
        )
        for person in (self.other_police_liaison, self.enforcer, self.leader):
            with self.assertRaises(PermissionDenied):
                actions.transition_transfer(actor=person, transfer=transfer, to_status=TransferStatus.ACCEPTED)
        with self.assertRaises(ValidationError):  # refusing needs reasons
            actions.transition_transfer(actor=self.police_liaison, transfer=transfer, to_status=TransferStatus.REFUSED)
        transfer = self.accept(transfer, at(2026, 3, 5, 14))
        self.assertEqual(transfer.status, TransferStatus.ACCEPTED)
        with self.assertRaises(PermissionDenied):
            self.accept(transfer, at(2026, 3, 5, 15))

    def test_reconsideration_is_asked_for_within_three_days_of_the_refusal(self):
        case = self._case()
        transfer = self.transfer_until_sent(case, at(2026, 3, 5, 9), at(2026, 3, 5, 10), at(2026, 3, 5, 11))
        transfer = actions.transition_transfer(
            actor=self.police_liaison,
            transfer=transfer,
            to_status=TransferStatus.REFUSED,
            note="No crime",
            now=at(2026, 3, 6),
        )
        with self.assertRaises(ValidationError):
            actions.transition_transfer(
                actor=self.leader,
                transfer=transfer,
                to_status=TransferStatus.RECONSIDERATION,
                note="Please",
                now=at(2026, 3, 10),
            )
        with self.assertRaises(PermissionDenied):
            actions.transition_transfer(
                actor=self.enforcer,
                transfer=transfer,
                to_status=TransferStatus.RECONSIDERATION,
                note="Please",
                now=at(2026, 3, 7),
            )
        transfer = actions.transition_transfer(
            actor=self.leader,
            transfer=transfer,
            to_status=TransferStatus.RECONSIDERATION,
            note="Please",
            now=at(2026, 3, 9),
        )
        transfer = actions.transition_transfer(
            actor=self.police_liaison,
            transfer=transfer,
            to_status=TransferStatus.REFUSED_FINAL,
            note="Still no",
            now=at(2026, 3, 10),
        )
        self.assertEqual(transfer.status, TransferStatus.REFUSED_FINAL)
        # After a final refusal the office may propose again (with new figures).
        actions.propose_transfer(actor=self.enforcer, case=case, police=self.police)

    def test_only_the_head_keeps_the_thresholds_and_a_new_figure_ends_the_old_one(self):
        kwargs = {"offence": Offence.COUNTERFEIT_MARK, "min_marks": 1, "measure": "business_volume"}
        with self.assertRaises(PermissionDenied):
            actions.set_threshold(
                actor=self.clerk, amount=Decimal("80000"), effective_from=dt.date(2027, 1, 1), **kwargs
            )
        actions.set_threshold(actor=self.leader, amount=Decimal("80000"), effective_from=dt.date(2027, 1, 1), **kwargs)
        old = CriminalThreshold.objects.get(amount=Decimal("50000"), effective_from=dt.date(2025, 4, 26), **kwargs)
        self.assertEqual(old.effective_to, dt.date(2026, 12, 31))
        from protection.thresholds import thresholds_met

        case = self._case(volume="60000")
        self.assertTrue(thresholds_met(case, dt.date(2026, 12, 31)))
        self.assertFalse(thresholds_met(case, dt.date(2027, 1, 1)))
        self.assertTrue(AuditEvent.objects.filter(action="threshold.set").exists())


class MediationRolesTest(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def test_every_role_takes_only_its_own_mediation_steps(self):
        mediation = self.peoples_mediation(at(2026, 3, 2))
        for person in (self.other_mediator, self.ent_manager, self.clerk, self.court_liaison):
            with self.assertRaises(PermissionDenied):
                actions.transition_mediation(actor=person, mediation=mediation, to_status=MediationStatus.ACCEPTED)
        mediation = actions.transition_mediation(
            actor=self.mediator, mediation=mediation, to_status=MediationStatus.ACCEPTED, now=at(2026, 3, 3)
        )
        with self.assertRaises(ValidationError):  # a mediator of another body
            actions.transition_mediation(
                actor=self.mediator,
                mediation=mediation,
                to_status=MediationStatus.IN_SESSION,
                mediator=self.other_mediator,
            )
        mediation = actions.transition_mediation(
            actor=self.mediator,
            mediation=mediation,
            to_status=MediationStatus.IN_SESSION,
            mediator=self.mediator,
            now=at(2026, 3, 3, 10),
        )
        actions.record_session(actor=self.mediator, mediation=mediation, held_at=at(2026, 3, 5), place="Room 1")
        with self.assertRaises(PermissionDenied):
            actions.record_session(actor=self.other_mediator, mediation=mediation, held_at=at(2026, 3, 5))
        with self.assertRaises(ValidationError):  # not signed
            actions.transition_mediation(
                actor=self.mediator, mediation=mediation, to_status=MediationStatus.AGREED, agreement_text="Pay"
            )
        mediation = self.agree(mediation, at(2026, 3, 10))
        with self.assertRaises(PermissionDenied):
            actions.transition_mediation(
                actor=self.other_manager, mediation=mediation, to_status=MediationStatus.CONFIRMATION
            )
        with self.assertRaises(ValidationError):  # more than 30 days after the agreement
            actions.transition_mediation(
                actor=self.ent_manager,
                mediation=mediation,
                to_status=MediationStatus.CONFIRMATION,
                both_parties=True,
                now=at(2026, 4, 14),
            )
        mediation = actions.transition_mediation(
            actor=self.ent_manager,
            mediation=mediation,
            to_status=MediationStatus.CONFIRMATION,
            both_parties=True,
            now=at(2026, 4, 9),
        )
        self.assertEqual(mediation.status, MediationStatus.CONFIRMATION)

    def test_a_court_refers_only_in_its_own_name_and_an_enterprise_applies_only_in_its_own(self):
        with self.assertRaises(PermissionDenied):
            actions.refer_to_mediation(
                actor=self.police_liaison,
                court=self.court,
                body=self.mediation,
                applicant_name="A",
                respondent_name="B",
                right_kind="patent",
                dispute="x",
            )
        with self.assertRaises(PermissionDenied):
            actions.apply_for_mediation(
                actor=self.other_manager,
                applicant=self.enterprise,
                body=self.mediation,
                respondent_name="B",
                right_kind="patent",
                dispute="x",
            )
        referral = self.court_referral(at(2026, 3, 2))
        self.assertEqual(referral.court, self.court)


class FrozenTimeBoardTest(ProtectionMixin, TestCase):
    """The board reads the clock: a lead received Mon 2 Mar 2026 is due at the end of Mon 23 Mar
    (3–6, 9–13, 16–20 and 23 Mar are its 15 working days)."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def test_a_lead_goes_from_on_time_to_near_to_past(self):
        import time_machine

        from protection.board import office_counts, open_steps

        self.lead(at(2026, 3, 2))
        for moment, near, past in [(at(2026, 3, 5), 0, 0), (at(2026, 3, 20), 1, 0), (at(2026, 3, 24), 0, 1)]:
            with time_machine.travel(moment, tick=False):
                self.assertEqual(office_counts(self.clerk), {"near": near, "past": past}, moment)
        with time_machine.travel(at(2026, 3, 5), tick=False):
            self.assertEqual(len(open_steps(self.clerk, everything=True)), 1)
            self.assertEqual(office_counts(self.police_liaison), {"near": 0, "past": 0})
