"""Money on pages: yuan with thousands separators and two decimals, whatever the language."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value: Decimal | int | float | None) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"
