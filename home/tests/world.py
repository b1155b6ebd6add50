"""A small world with something waiting for every role, built through the apps' actions around
one moment (the unit tests travel to Wednesday 6 May 2026; the browser tests build it around
now): Bob's enterprise and Charlie's each have rights, an award application, a loan; the office
has a lead, a transfer proposed and one sent, two mediations, a rejected import and a watch hit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from financing import actions as financing_actions
from financing.models import PledgeLoan
from financing.tests.base import FinancingMixin
from funds import actions as fund_actions
from funds.choices import FundLevel
from incentives import actions as incentive_actions
from incentives.choices import RuleKind
from incentives.models import Application, AwardItem, Programme
from portfolio import actions as portfolio_actions
from portfolio.models import ImportJob, Patent, Trademark
from protection import actions as protection_actions
from protection.models import Case, Mediation, Transfer
from protection.tests.base import ProtectionMixin, at
from similarity import actions as similarity_actions

NOW = at(2026, 5, 6, 10)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class HomeWorld(ProtectionMixin, FinancingMixin):
    base: dt.datetime = NOW
    # What make_world sets up (for the type checker; the values are made there).
    other_bank: Organisation
    other_bank_officer: User
    valuer_org: Organisation
    valuer: User
    other_court: Organisation
    other_court_liaison: User
    bob_patents: list[Patent]
    charlie_patent: Patent
    bob_mark: Trademark
    charlie_mark: Trademark
    programme: Programme
    award_item: AwardItem
    bob_application: Application
    charlie_application: Application
    loan: PledgeLoan
    lead_case: Case
    sent_case: Case
    transfer: Transfer
    proposed: Transfer
    peoples: Mediation
    referral: Mediation
    agreed: Mediation
    rejected_import: ImportJob

    @classmethod
    def make_world(cls, base: dt.datetime = NOW) -> None:
        cls.base = base
        cls.make_protection()
        cls.other_bank = account_actions.create_organisation(actor=None, name="Other bank", kind=OrganisationKind.BANK)
        cls.other_bank_officer = cls.person(cls.other_bank, "olga", Role.MEMBER)
        cls.valuer_org = account_actions.create_organisation(actor=None, name="Valuers", kind=OrganisationKind.VALUER)
        cls.valuer = cls.person(cls.valuer_org, "vera", Role.MEMBER)
        cls.other_court = account_actions.create_organisation(
            actor=None, name="Other court", kind=OrganisationKind.COURT
        )
        cls.other_court_liaison = cls.person(cls.other_court, "cora", Role.MEMBER)
        cls._rights()
        cls._awards()
        cls._loans()
        cls._protection()
        cls._watch_and_imports()

    @classmethod
    def _rights(cls) -> None:
        def invention(number: str, owner, title: str):
            return portfolio_actions.add_patent(
                actor=None,
                application_number=number,
                owners=[owner],
                title=title,
                filing_date="2020-01-01",
                grant_date=dt.date(cls.base.year - 1, 6, 1),
                status="granted",
            )

        cls.bob_patents = [
            invention("202010000001.1", cls.enterprise, "Bob invention one"),
            invention("202010000002.6", cls.enterprise, "Bob invention two"),
        ]
        cls.charlie_patent = invention("202010000003.0", cls.other_enterprise, "Charlie secret invention")
        # Bob's mark ends in three days (this week); Charlie's in two and a half months.
        today = cls.base.date()

        def mark(number: str, text: str, owner, days_left: int):
            return portfolio_actions.add_trademark(
                actor=None,
                number=number,
                mark_text=text,
                owner=owner,
                groups=["0901"],
                filing_date="2015-01-01",
                registration_date=_years_before(today + dt.timedelta(days=days_left + 1), 10),
                status="registered",
            )

        cls.bob_mark = mark("30000001", "BOBMARK", cls.enterprise, 3)
        cls.charlie_mark = mark("30000002", "CHARLIEMARK", cls.other_enterprise, 75)

    @classmethod
    def _awards(cls) -> None:
        today = cls.base.date()
        source = fund_actions.create_fund_source(actor=None, name="District fund", level=FundLevel.DISTRICT)
        fund_actions.allocate_budget(actor=None, source=source, year=today.year, amount=Decimal("100000.00"))
        cls.programme = incentive_actions.create_programme(
            actor=None,
            name="Invention awards",
            year=today.year,
            opens_on=today - dt.timedelta(days=60),
            closes_on=today + dt.timedelta(days=55),
            period_start=dt.date(today.year - 1, 1, 1),
            period_end=dt.date(today.year - 1, 12, 31),
        )
        cls.award_item = incentive_actions.add_award_item(
            actor=None,
            programme=cls.programme,
            name="Granted invention",
            rule=RuleKind.INVENTION_GRANTED,
            amount=Decimal("5000.00"),
            shares=[(source, Decimal(100))],
            policy_exception="Test exception",
        )
        # Bob claims one invention (the other still qualifies); Charlie claims his only one.
        cls.bob_application = incentive_actions.submit_application(
            actor=cls.ent_manager,
            programme=cls.programme,
            enterprise=cls.enterprise,
            asset_keys=[(cls.award_item, f"patent:{cls.bob_patents[0].pk}")],
            today=today,
        )
        cls.charlie_application = incentive_actions.submit_application(
            actor=cls.other_manager,
            programme=cls.programme,
            enterprise=cls.other_enterprise,
            asset_keys=[(cls.award_item, f"patent:{cls.charlie_patent.pk}")],
            today=today,
        )
        cls.charlie_application = incentive_actions.transition_application(
            actor=cls.clerk, application=cls.charlie_application, to_status="clerk_checked", today=today
        )

    @classmethod
    def _loans(cls) -> None:
        today = cls.base.date()
        cls.loan = financing_actions.apply_for_loan(
            actor=cls.ent_manager,
            product=cls.make_product(cls.bank, "IP loan", Decimal("40")),
            enterprise=cls.enterprise,
            requested_amount=Decimal("2000000"),
            requested_term_months=12,
            patents=cls.bob_patents[1:],
            today=today,
        )
        cls.loan = financing_actions.assign_valuer(actor=cls.bank_officer, loan=cls.loan, valuer=cls.valuer_org)
        cls.make_product(cls.other_bank, "Other loan", Decimal("40"))

    @classmethod
    def _protection(cls) -> None:
        self = cls()
        base = cls.base
        day, hour = dt.timedelta(days=1), dt.timedelta(hours=1)
        cls.lead_case = self.lead(base - 2 * day)

        def investigated(volume: str):
            case = self.file(self.lead(base - 35 * day), base - 34 * day)
            return self.investigate(case, base - 33 * day, volume=volume)

        cls.sent_case = investigated("60000")
        cls.transfer = self.transfer_until_sent(cls.sent_case, base - 26 * hour, base - 25 * hour, base - 24 * hour)
        cls.proposed = protection_actions.propose_transfer(
            actor=cls.enforcer, case=investigated("70000"), police=cls.police, now=base - hour
        )
        cls.peoples = self.peoples_mediation(base - day)
        cls.referral = self.court_referral(base - day)
        # Bob's agreement, signed yesterday: his to take to the court for confirmation.
        agreed = self.peoples_mediation(base - 16 * day)
        cls.agreed = self.agree(self.mediate(agreed, base - 15 * day, base - 14 * day), base - day)

    @classmethod
    def _watch_and_imports(cls) -> None:
        protected = similarity_actions.add_protected_mark(actor=None, name="芝罘湾", nice_classes=[33])
        similarity_actions.record_watch_findings(
            [
                similarity_actions.Finding(
                    protected_mark_id=protected.pk,
                    source_kind="portfolio",
                    source_label="test",
                    mark_text="芝罘湾湾",
                    score=90.0,
                    reasons=[],
                    source_type_id=ContentType.objects.get_for_model(Trademark).pk,
                    source_id=cls.charlie_mark.pk,
                )
            ]
        )
        cls.rejected_import = ImportJob.objects.create(
            kind=ImportJob.Kind.PATENTS,
            file_name="patents.csv",
            file="imports/patents.csv",
            created_by=cls.clerk,
            status=ImportJob.Status.FAILED,
        )
        ImportJob.objects.filter(pk=cls.rejected_import.pk).update(created_at=cls.base - dt.timedelta(days=1))
