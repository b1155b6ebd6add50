from decimal import Decimal

from django.test import TestCase

from protection import actions
from protection.choices import CaseStatus, MediationStatus, Offence, RightKind
from protection.choices import TransferStatus as T
from protection.figures import protection_figures
from protection.tests.base import ProtectionMixin, at


class ProtectionFiguresTest(ProtectionMixin, TestCase):
    """A small year built through the actions; every figure counted by hand."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def setUp(self) -> None:
        # A: filed 5 Mar, transferred and accepted the same Tuesday (6 h), closed 20 Mar.
        a = self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 5))
        a = self.investigate(a, at(2026, 3, 6), volume="60000")
        t = self.transfer_until_sent(a, at(2026, 3, 10, 9), at(2026, 3, 10, 10), at(2026, 3, 10, 11))
        self.accept(t, at(2026, 3, 10, 15))
        actions.transition_case(
            actor=self.leader, case=a, to_status=CaseStatus.CLOSED, note="Taken over by the police", now=at(2026, 3, 20)
        )
        # B: a patent case filed, decided and closed.
        b = self.file(self.lead(at(2026, 4, 1), right_kind=RightKind.PATENT), at(2026, 4, 3))
        b = self.investigate(b, at(2026, 4, 7), offence=Offence.PATENT_INFRINGEMENT)
        b = actions.transition_case(
            actor=self.leader,
            case=b,
            to_status=CaseStatus.DECIDED,
            decision_text="Stop; fine",
            fine=Decimal("8000"),
            now=at(2026, 4, 28),
        )
        actions.transition_case(actor=self.enforcer, case=b, to_status=CaseStatus.CLOSED, now=at(2026, 5, 10))
        # C: a lead not filed (not a closed case).
        c = self.lead(at(2026, 6, 1))
        actions.transition_case(
            actor=self.enforcer, case=c, to_status=CaseStatus.NOT_FILED, note="No infringement", now=at(2026, 6, 3)
        )
        # D: a GI lead from 2025 filed in 2026; its transfer is not approved.
        d = self.file(self.lead(at(2025, 12, 20), right_kind=RightKind.GI), at(2026, 1, 5))
        d = self.investigate(d, at(2026, 1, 6), volume="70000")
        td = actions.propose_transfer(actor=self.enforcer, case=d, police=self.police, now=at(2026, 2, 2))
        actions.transition_transfer(
            actor=self.leader, transfer=td, to_status=T.NOT_APPROVED, note="Figures not proven", now=at(2026, 2, 3)
        )
        # E: two marks, ¥35,000: proposed Wed 30 Sep 16:00, accepted Thu 8 Oct 12:00 after the
        # National Day holiday: 188 hours, but only 8 + 12 = 20 hours of working time.
        e = self.file(self.lead(at(2026, 9, 1)), at(2026, 9, 2))
        e = self.investigate(e, at(2026, 9, 3), volume="35000", marks=2)
        t = self.transfer_until_sent(e, at(2026, 9, 30, 16), at(2026, 9, 30, 17), at(2026, 9, 30, 18))
        self.accept(t, at(2026, 10, 8, 12))
        # F: refused, reconsidered, accepted: 72 hours, all on working days.
        f = self.file(self.lead(at(2026, 10, 9)), at(2026, 10, 12))
        f = self.investigate(f, at(2026, 10, 13), gain="31000")
        t = self.transfer_until_sent(f, at(2026, 11, 2, 9), at(2026, 11, 2, 10), at(2026, 11, 2, 12))
        t = actions.transition_transfer(
            actor=self.police_liaison, transfer=t, to_status=T.REFUSED, note="Amounts unclear", now=at(2026, 11, 3, 10)
        )
        t = actions.transition_transfer(
            actor=self.leader,
            transfer=t,
            to_status=T.RECONSIDERATION,
            note="Sales ledger attached",
            now=at(2026, 11, 4, 9),
        )
        self.accept(t, at(2026, 11, 5, 9))
        # Mediations: agreed after 10 days, failed after 20, agreed after 30 (then confirmed);
        # one declined, one concluded in 2025.
        m1 = self.mediate(self.peoples_mediation(at(2026, 3, 1)), at(2026, 3, 2), at(2026, 3, 2, 10))
        self.agree(m1, at(2026, 3, 11))
        m2 = self.mediate(self.court_referral(at(2026, 4, 1)), at(2026, 4, 1, 12), at(2026, 4, 1, 13))
        actions.transition_mediation(
            actor=self.mediator,
            mediation=m2,
            to_status=MediationStatus.FAILED,
            note="No agreement",
            now=at(2026, 4, 21),
        )
        m3 = self.mediate(self.peoples_mediation(at(2026, 5, 1)), at(2026, 5, 2), at(2026, 5, 2, 10))
        m3 = self.agree(m3, at(2026, 5, 31))
        actions.transition_mediation(
            actor=self.ent_manager,
            mediation=m3,
            to_status=MediationStatus.CONFIRMATION,
            both_parties=True,
            now=at(2026, 6, 5),
        )
        m4 = self.peoples_mediation(at(2026, 6, 1))
        actions.transition_mediation(
            actor=self.mediator,
            mediation=m4,
            to_status=MediationStatus.DECLINED,
            note="Not an IP dispute",
            now=at(2026, 6, 2),
        )
        m5 = self.mediate(self.peoples_mediation(at(2025, 12, 1)), at(2025, 12, 2), at(2025, 12, 2, 10))
        self.agree(m5, at(2025, 12, 20))

    def test_every_figure_of_2026(self):
        self.assertEqual(
            protection_figures(2026),
            {
                "leads": 5,
                "cases_filed": 5,
                "cases_closed": 2,
                "cases_filed_closed": 2,
                "closure_rate": Decimal("0.4000"),
                "cases_by_right": {"patent": 1, "trademark": 3, "gi": 1, "special_sign": 0, "other": 0},
                "transfers": 3,
                "transfers_accepted": 3,
                "transfer_median_hours": Decimal("72.00"),
                "transfers_within_one_workday": 2,
                "mediations": 3,
                "mediations_succeeded": 2,
                "mediation_success_rate": Decimal("0.6667"),
                "mediation_median_days": Decimal("20.00"),
            },
        )

    def test_the_closure_rate_is_per_cohort_and_never_passes_100_percent(self):
        # 2025 saw no filings besides G below; G, filed in 2025, closes in 2026. Counting cases
        # closed in 2026 over cases filed in 2026 could pass 100 % in a quiet year; per cohort,
        # 2025's rate is its one filed case, closed: 100 %.
        g = self.file(self.lead(at(2025, 11, 3)), at(2025, 11, 4))
        actions.transition_case(
            actor=self.leader, case=g, to_status=CaseStatus.CLOSED, note="Settled", now=at(2026, 1, 20)
        )
        figures_2025 = protection_figures(2025)
        self.assertEqual((figures_2025["cases_filed"], figures_2025["cases_filed_closed"]), (1, 1))
        self.assertEqual(figures_2025["closure_rate"], Decimal("1.0000"))
        figures_2026 = protection_figures(2026)
        self.assertEqual(figures_2026["cases_closed"], 3)  # closed during 2026, G included
        self.assertEqual(figures_2026["closure_rate"], Decimal("0.4000"))  # 2 of the 5 filed in 2026
        for year in (2025, 2026):
            self.assertLessEqual(protection_figures(year)["closure_rate"], 1)

    def test_a_year_without_anything_has_no_rates(self):
        figures = protection_figures(2024)
        self.assertEqual(figures["leads"], 0)
        self.assertIsNone(figures["closure_rate"])
        self.assertIsNone(figures["transfer_median_hours"])
        self.assertIsNone(figures["mediation_success_rate"])
        self.assertIsNone(figures["mediation_median_days"])

    def test_2025_counts_its_own_lead_and_mediation(self):
        figures = protection_figures(2025)
        self.assertEqual((figures["leads"], figures["cases_filed"], figures["mediations"]), (1, 0, 1))
        self.assertEqual(figures["mediation_median_days"], Decimal("19.00"))
