import datetime as dt
from decimal import Decimal
from typing import Any

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from core.money import ZERO
from core.tests.people import PeopleMixin
from financing import actions
from financing.models import LoanProduct
from portfolio import actions as portfolio_actions
from portfolio.models import Patent, Trademark
from portfolio.numbers import check_character

D = dt.date
TODAY = D(2026, 5, 6)
LENT_ON = D(2026, 1, 10)


class FinancingMixin(PeopleMixin):
    """Two banks with a product each, two valuation agencies, Bob's enterprise with two
    granted inventions, one invention co-owned with Charlie's enterprise and a registered
    mark, and the district pool with ¥1,000,000 for 2026."""

    bank2: Organisation
    bank2_officer: User
    mark: Trademark
    other_valuer: User
    other_valuer_org: Organisation
    patents: list[Patent]
    pool: Any
    product: LoanProduct
    product2: LoanProduct
    shared_patent: Patent
    valuer: User
    valuer_org: Organisation

    @classmethod
    def make_financing(cls) -> None:
        cls.make_people()
        cls.bank2 = account_actions.create_organisation(actor=None, name="Second bank", kind=OrganisationKind.BANK)
        cls.bank2_officer = cls.person(cls.bank2, "barry", Role.MEMBER)
        cls.valuer_org = account_actions.create_organisation(actor=None, name="Valuers", kind=OrganisationKind.VALUER)
        cls.valuer = cls.person(cls.valuer_org, "vera", Role.MEMBER)
        cls.other_valuer_org = account_actions.create_organisation(
            actor=None, name="Other valuers", kind=OrganisationKind.VALUER
        )
        cls.other_valuer = cls.person(cls.other_valuer_org, "victor", Role.MEMBER)
        cls.product = cls.make_product(cls.bank, "IP loan", Decimal("40"))
        cls.product2 = cls.make_product(cls.bank2, "Patent loan", Decimal("30"))
        cls.patents = [
            portfolio_actions.add_patent(
                actor=None,
                application_number=number,
                owners=[cls.enterprise],
                title=f"Invention {i}",
                filing_date="2020-01-01",
                grant_date="2022-06-01",
                status="granted",
                claims_count=8,
            )
            for i, number in enumerate(["202010000001.1", "202010000002.6"])
        ]
        cls.shared_patent = portfolio_actions.add_patent(
            actor=None,
            application_number="202010000003.0",
            owners=[cls.enterprise, cls.other_enterprise],
            title="Shared invention",
            filing_date="2020-01-01",
            grant_date="2022-06-01",
            status="granted",
        )
        cls.mark = portfolio_actions.add_trademark(
            actor=None,
            number="30000001",
            mark_text="BOBMARK",
            owner=cls.enterprise,
            groups=["0901"],
            filing_date="2018-01-01",
            registration_date="2019-01-07",
            status="registered",
        )
        cls.pool = actions.set_up_risk_pool(actor=None, name="District risk pool")
        actions.fund_risk_pool(actor=None, year=2026, amount=Decimal("1000000"))

    @classmethod
    def make_product(cls, bank, name, percent, max_amount="10000000"):
        return actions.create_product(
            actor=None,
            bank=bank,
            name=name,
            min_amount=Decimal("100000"),
            max_amount=Decimal(max_amount),
            max_term_months=36,
            rate_from=Decimal("3.20"),
            rate_to=Decimal("4.50"),
            compensation_percent=percent,
        )

    @classmethod
    def apply(cls, product=None, patents=None, amount="2000000", **kwargs):
        return actions.apply_for_loan(
            actor=cls.ent_manager,
            product=product or cls.product,
            enterprise=cls.enterprise,
            requested_amount=Decimal(amount),
            requested_term_months=12,
            patents=cls.patents[:1] if patents is None else patents,
            today=TODAY,
            **kwargs,
        )

    @classmethod
    def officer_of(cls, loan):
        return cls.bank_officer if loan.bank_id == cls.bank.pk else cls.bank2_officer

    @classmethod
    def approve(cls, loan, amount="2000000"):
        officer = cls.officer_of(loan)
        loan = actions.transition_loan(actor=officer, loan=loan, to_status="under_review")
        return actions.transition_loan(
            actor=officer, loan=loan, to_status="approved", amount=Decimal(amount), rate=Decimal("3.85"), term_months=12
        )

    @classmethod
    def lend(cls, loan, on=LENT_ON, amount="2000000"):
        officer = cls.officer_of(loan)
        loan = cls.approve(loan, amount)
        loan = actions.transition_loan(
            actor=officer,
            loan=loan,
            to_status="pledge_registered",
            registration_number="Y2026370000123",
            registered_on=on,
        )
        return actions.transition_loan(actor=officer, loan=loan, to_status="disbursed", disbursed_on=on)

    @classmethod
    def granted_invention(cls, owner, number: int) -> Patent:
        """A granted invention of ``owner`` with the application number made from ``number``."""
        body = f"20201{number:07d}"
        return portfolio_actions.add_patent(
            actor=None,
            application_number=f"{body}.{check_character(body)}",
            owners=[owner],
            title=f"Invention {number}",
            filing_date="2020-01-01",
            grant_date="2022-06-01",
            status="granted",
        )

    @classmethod
    def second_district_default(cls, number: int):
        """A ¥2,000,000 loan of the second district's enterprise on a patent of its own (number
        ``number``), half repaid, in default: ¥400,000 due from the pool (40%)."""
        patent = cls.granted_invention(cls.second_enterprise, number)
        loan = actions.apply_for_loan(
            actor=cls.second_manager,
            product=cls.product,
            enterprise=cls.second_enterprise,
            requested_amount=Decimal("2000000"),
            requested_term_months=12,
            patents=[patent],
            today=TODAY,
        )
        return cls.default_half_repaid(cls.lend(loan))

    @classmethod
    def default_half_repaid(cls, loan):
        """The lent ¥2,000,000 loan, ¥1,000,000 repaid, in default since 2026-06-01."""
        actions.record_repayment(
            actor=cls.bank_officer, loan=loan, paid_on=D(2026, 3, 10), principal=Decimal("1000000"), interest=ZERO
        )
        return actions.transition_loan(
            actor=cls.bank_officer, loan=loan, to_status="defaulted", note="Missed", today=D(2026, 6, 1)
        )
