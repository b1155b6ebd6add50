from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("IP pledge financing")

    def ready(self) -> None:
        # Interest subsidies are award items of incentives' loan-interest rule; financing
        # knows the loans, so it tells incentives how to find them (incentives imports no
        # financing code).
        from financing.subsidies import repaid_loan_interest
        from incentives.choices import RuleKind
        from incentives.rules import register_asset_finder

        register_asset_finder(RuleKind.LOAN_INTEREST, repaid_loan_interest)
