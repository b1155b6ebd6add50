"""Helpers for the migrations that give a record a district: rows made before districts became
data belong to the installation's default district (``settings.DISTRICT_CODE``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from refdata import divisions


def fill_default_district(app_label: str, model_name: str) -> Callable[[Any, Any], None]:
    """A RunPython function setting ``district`` of every row without one to the default
    district, which it creates when missing."""

    def fill(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        if not model.objects.filter(district__isnull=True).exists():
            return
        district_model = apps.get_model("accounts", "District")
        code = settings.DISTRICT_CODE
        division = divisions.lookup(code)
        district_model.objects.get_or_create(code=code, defaults={"name": division.name if division else code})
        model.objects.filter(district__isnull=True).update(district_id=code)

    return fill
