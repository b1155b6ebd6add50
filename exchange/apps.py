from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Patent exchange")

    def ready(self) -> None:
        # The transfer incentive is an award item of incentives' transfer rule; the exchange
        # knows the registered transfers, so it tells incentives how to find them.
        from exchange.incentive import registered_transfers
        from incentives.choices import RuleKind
        from incentives.rules import register_asset_finder

        register_asset_finder(RuleKind.PATENT_TRANSFER_IN, registered_transfers)

        # A university's list of offered patents goes through the portfolio's import machinery.
        from exchange import importing
        from exchange.permissions import can_offer
        from portfolio.importing.runner import register_importer

        register_importer("exchange_offers", importing, can_offer)
