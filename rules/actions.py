"""Every change to the rules: a new dated version, never an edit of an old one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.trail import record, snapshot
from core.actions import require
from rules import store
from rules.catalogue import BY_KEY, LIMIT, NUMBER
from rules.models import Rule
from rules.permissions import can_change_rules

UNITS = ("workdays", "days", "hours", "months")


def _check_value(shape: str, value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError({"value": _("Give the value as a JSON object.")})
    if shape in (LIMIT, NUMBER):
        amount = value.get("amount")
        if not isinstance(amount, int | float) or isinstance(amount, bool) or amount < 0:
            raise ValidationError({"value": _("Give an amount of zero or more.")})
    if shape == LIMIT and value.get("unit") not in UNITS:
        raise ValidationError({"value": _("Give the unit: workdays, days, hours or months.")})


@transaction.atomic
def add_rule_version(
    *,
    actor,
    key: str,
    value: dict[str, Any],
    valid_from: dt.date,
    basis: str,
    source_title: str,
    source_number: str = "",
    source_article: str = "",
    source_url: str = "",
    note: str = "",
    verified: bool = True,
    valid_until: dt.date | None = None,
) -> Rule:
    """Put a new version of a rule in force from ``valid_from``. Earlier versions stay as they
    were: they still answer for days before it."""
    require(can_change_rules(actor))
    entry = BY_KEY.get(key)
    if entry is None:
        raise ValidationError({"key": _("There is no such rule.")})
    _check_value(entry.shape, value)
    if not source_title.strip():
        raise ValidationError({"source_title": _("Name the document the rule comes from.")})
    if Rule.objects.filter(key=key, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": _("A version of this rule already begins on that day.")})
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("A rule ends after it begins.")})
    rule = Rule.objects.create(
        key=key,
        domain=entry.domain,
        value=value,
        valid_from=valid_from,
        valid_until=valid_until,
        basis=basis,
        source_title=source_title.strip(),
        source_number=source_number.strip(),
        source_article=source_article.strip(),
        source_url=source_url.strip(),
        note=note.strip(),
        verified=verified,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record(actor=actor, action="rule.add_version", obj=rule, after=snapshot(rule))
    # The new version answers inside this transaction at once, and everywhere once committed.
    store.forget()
    transaction.on_commit(store.forget)
    return rule
