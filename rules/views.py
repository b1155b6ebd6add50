"""The office's page 规则与依据: every rule with its versions and sources, and the head's form
for a new dated version."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import require
from core.views_helpers import paginate
from rules.actions import add_rule_version
from rules.catalogue import BY_KEY, ENTRIES
from rules.choices import Domain
from rules.forms import RuleVersionForm
from rules.models import Rule
from rules.permissions import can_change_rules, can_see_rules


def _office_only(request: HttpRequest) -> None:
    # Others get the same 404 as a missing page: the page's existence is the office's business.
    if not can_see_rules(request.user):
        raise Http404


# Rules per page (a rule with all its dated versions counts once).
RULES_PER_PAGE = 25


def rule_list(request: HttpRequest) -> HttpResponse:
    _office_only(request)
    today = timezone.localdate()
    domains = list(Domain)
    order = {str(domain): n for n, domain in enumerate(domains)}
    entries = sorted(ENTRIES, key=lambda e: order[str(e.domain)])  # the catalogue's order within a domain
    page = paginate(request, entries, per_page=RULES_PER_PAGE)
    versions: dict[str, list[Rule]] = {}
    for row in Rule.objects.filter(key__in=[e.key for e in page]).order_by("key", "valid_from"):
        versions.setdefault(row.key, []).append(row)
    groups = []
    for domain in domains:
        rules = []
        for entry in (e for e in page if e.domain == domain):
            rows = versions.get(entry.key, [])
            current = None
            for row in rows:
                if row.valid_from <= today and (row.valid_until is None or row.valid_until >= today):
                    current = row
            rules.append(
                {
                    "entry": entry,
                    "versions": [
                        {"row": r, "current": r is current, "value": json.dumps(r.value, ensure_ascii=False)}
                        for r in rows
                    ],
                }
            )
        if rules:
            groups.append({"label": domain.label, "rules": rules})
    return render(
        request,
        "rules/rule_list.html",
        {"groups": groups, "page": page, "can_change": can_change_rules(request.user), "today": today},
    )


def add_version(request: HttpRequest, key: str) -> HttpResponse:
    _office_only(request)
    entry = BY_KEY.get(key)
    if entry is None:
        raise Http404
    require(can_change_rules(request.user))
    latest = Rule.objects.filter(key=key).order_by("-valid_from").first()
    initial = {}
    if latest is not None:
        initial = {
            "value": json.dumps(latest.value, ensure_ascii=False),
            "basis": latest.basis,
            "source_title": latest.source_title,
            "source_number": latest.source_number,
            "source_article": latest.source_article,
            "source_url": latest.source_url,
        }
    form = RuleVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            add_rule_version(actor=request.user, key=key, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The new version is in force from the day given."))
            return redirect("rules:list")
    title = _("New version: %(rule)s") % {"rule": entry.label}
    return render(request, "form.html", {"form": form, "title": title})
