import datetime as dt
from decimal import Decimal
from typing import Any

from core.tests.people import PeopleMixin
from funds import actions as fund_actions
from funds.choices import FundLevel
from incentives import actions
from incentives.choices import RuleKind
from portfolio import actions as portfolio_actions

D = dt.date
APPLIED_ON = D(2026, 5, 6)


class FundsMixin(PeopleMixin):
    """Two fund sources with 2026 budgets, a programme open in 2026 for 2025's achievements,
    and two granted 2025 inventions of Bob's enterprise."""

    district: Any
    item: Any
    municipal: Any
    patents: Any
    programme: Any

    @classmethod
    def make_funds(cls) -> None:
        cls.make_people()
        cls.district = fund_actions.create_fund_source(actor=None, name="District fund", level=FundLevel.DISTRICT)
        cls.municipal = fund_actions.create_fund_source(actor=None, name="Municipal fund", level=FundLevel.MUNICIPAL)
        fund_actions.allocate_budget(actor=None, source=cls.district, year=2026, amount=Decimal("100000.00"))
        fund_actions.allocate_budget(actor=None, source=cls.municipal, year=2026, amount=Decimal("50000.00"))
        cls.programme = actions.create_programme(
            actor=None,
            name="Invention awards",
            year=2026,
            opens_on=D(2026, 3, 1),
            closes_on=D(2026, 12, 31),
            period_start=D(2025, 1, 1),
            period_end=D(2025, 12, 31),
        )
        cls.item = actions.add_award_item(
            actor=None,
            programme=cls.programme,
            name="Granted invention",
            rule=RuleKind.INVENTION_GRANTED,
            amount=Decimal("5000.00"),
            shares=[(cls.district, Decimal(70)), (cls.municipal, Decimal(30))],
            # A 2026 grant-stage subsidy breaks 国知发保字〔2021〕1号 (grant subsidies ended by
            # 2025): these workflow tests run it under a documented exception (test_policy.py
            # covers the refusal itself).
            policy_exception="Test exception",
        )
        cls.patents = [
            portfolio_actions.add_patent(
                actor=None,
                application_number=number,
                owners=[cls.enterprise],
                title=f"Invention {i}",
                filing_date="2020-01-01",
                grant_date="2025-06-01",
                status="granted",
            )
            for i, number in enumerate(["202010000001.1", "202010000002.6"])
        ]

    @classmethod
    def submit(cls, *keys, today=APPLIED_ON):
        keys = keys or tuple(f"patent:{p.pk}" for p in cls.patents)
        return actions.submit_application(
            actor=cls.ent_manager,
            programme=cls.programme,
            enterprise=cls.enterprise,
            asset_keys=[(cls.item, k) for k in keys],
            today=today,
        )

    @classmethod
    def publish(cls, application, published=APPLIED_ON):
        """Checked by the clerk and the reviewer, and put in public notice on ``published``."""
        for actor, status in [
            (cls.clerk, "clerk_checked"),
            (cls.reviewer, "reviewer_checked"),
            (cls.clerk, "public_notice"),
        ]:
            application = actions.transition_application(
                actor=actor, application=application, to_status=status, today=published
            )
        return application

    @classmethod
    def approve(cls, application, published=APPLIED_ON):
        application = cls.publish(application, published)
        return actions.transition_application(
            actor=cls.leader,
            application=application,
            to_status="approved",
            today=application.notice_ends + dt.timedelta(days=1),
        )
