"""Issue 14, attacks tried in CI: every URL pattern and API path that names an object, requested with
every id of that object in the demo district, as every persona of another organisation.

The attackers are one organisation of each outside kind that nothing was ever sent to (another
enterprise's manager, another bank's officer, another valuer, another mediation body, another police
station, another court), plus the demo's own second-enterprise manager and bank officer against what
belongs to others (another enterprise's rights, the other bank's loans). A foreign id must be
answered exactly as an id that does not exist is (404, or 403 where the page is refused to the
role; 405 where the method is not allowed); never a 200 or a redirect. Published measures
(subsidy programmes, published loan products) are public to every logged-in person of their
district by design: the ``for_user`` of each says which, and only the others are tried."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.db import models
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import ApiToken, District, Organisation, User
from core.tests.demo_world import DemoWorldMixin
from cultivation.models import KeyBrand, Participation, Training
from dashboard.models import AnnualReport
from exchange.models import Deal, Match, Need, Offer
from financing.models import LoanProduct, PledgeLoan, RiskPool
from incentives.models import Application, Programme
from notifications.models import Contact, Message
from portfolio.models import ImportJob, OwnerName, Patent, Trademark
from protection.models import Case, EvidenceFile, Mediation, Transfer
from registry.models import Enterprise, Park, Talent
from similarity.models import ProtectedMark, WatchHit

# The model a route's first id names, by the route's beginning (the first match wins).
ROUTE_MODELS: list[tuple[str, type[models.Model] | None]] = [
    ("accounts/users/", User),
    ("accounts/me/tokens/", ApiToken),
    ("accounts/organisations/", Organisation),
    ("accounts/districts/", District),  # a division code: who serves the district, the office's own
    ("registry/enterprises/", Enterprise),
    ("registry/parks/", Park),
    ("registry/talent/", Talent),
    ("portfolio/patents/", Patent),
    ("portfolio/trademarks/", Trademark),
    ("portfolio/imports/", ImportJob),
    ("portfolio/owners/", OwnerName),
    ("portfolio/enterprises/", Enterprise),
    ("similarity/watch/", WatchHit),
    ("similarity/marks/", Trademark),  # a mark's image by its index id: a trademark's id is its pk
    ("similarity/protected/", ProtectedMark),
    ("incentives/programmes/", Programme),  # published measures: read by the people of their district
    ("incentives/applications/", Application),
    ("financing/products/", LoanProduct),
    ("financing/loans/", PledgeLoan),
    ("financing/pool/", RiskPool),
    ("protection/cases/", Case),
    ("protection/evidence/", EvidenceFile),
    ("protection/transfers/", Transfer),
    ("protection/mediations/", Mediation),
    ("cultivation/trainings/", Training),
    ("cultivation/participations/", Participation),
    ("cultivation/brands/", KeyBrand),
    ("exchange/offers/", Offer),
    ("exchange/needs/", Need),
    ("exchange/matches/", Match),
    ("exchange/deals/", Deal),
    ("notifications/inbox/", Message),
    ("notifications/contacts/", Contact),
    ("notifications/enterprises/", Enterprise),
    ("notifications/patents/", Patent),
    ("dashboard/reports/year/", None),  # a year, not an object
    ("dashboard/rollup/", None),  # a division code: its 404s are dashboard/tests/test_rollup.py's
    ("dashboard/reports/", AnnualReport),
    ("api/enterprises/", Enterprise),
    ("api/parks/", Park),
    ("api/talent/", Talent),
    ("api/patents/", Patent),
    ("api/trademarks/", Trademark),
    ("api/watch/hits/", WatchHit),
    ("api/award-applications/", Application),
    ("api/loan-products/", LoanProduct),
    ("api/pledge-loans/", PledgeLoan),
    ("api/protection/cases/", Case),
    ("api/protection/transfers/", Transfer),
    ("api/protection/mediations/", Mediation),
    ("api/trainings/", Training),
    ("api/key-brands/", KeyBrand),
    ("api/exchange/offers/", Offer),
    ("api/exchange/needs/", Need),
    ("api/exchange/deals/", Deal),
    ("api/dashboard/", None),  # a year
    ("jobs/", None),  # a scheduled job's name: the office's page (core/tests/test_jobs.py tests its access)
    ("rules/", None),  # a rule's key: the office's page (rules/tests/test_rules.py tests its access)
]
MISSING = 987654321
# Answers that show nothing of the object.
REFUSALS = {403, 404, 405, 422}
# How many ids per route and persona also get a POST (a PATCH on the API): the writes are refused
# before any lookup differs, and every GET above already proves the id is not found.
WRITES_PER_ROUTE = 3
# The foreign ids each persona tries on each route at the most: an even spread over them (the demo's
# districts interleave, so both the same district's other organisations and the neighbours' are in
# it). A route refuses an id for what it is, not for where it stands in the table; every id was tried
# while the demo was one district, and the sweep then took most of the suite's time.
READS_PER_ROUTE = 60


def even_spread(ids: list[int], most: int) -> list[int]:
    """``most`` of ``ids`` (all of them when there are no more), spread evenly from the first on."""
    if len(ids) <= most:
        return ids
    return [ids[i * len(ids) // most] for i in range(most)]


def object_routes() -> list[tuple[str, type[models.Model]]]:
    """(route template with `{}` for the object's id, the model) for every route naming an object."""
    found: list[tuple[str, type[models.Model]]] = []

    def walk(patterns: Any, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and "<" in prefix + route:
                full = prefix + route
                model = next((m for start, m in ROUTE_MODELS if full.startswith(start)), "unmapped")
                assert model != "unmapped", f"a route naming an object is not in ROUTE_MODELS: {full}"
                if model is None:
                    continue
                template = re.sub(r"<(?:int:)?(?:pk|product_pk|\w+_id)>", "{id}", full, count=1)
                if "{id}" not in template:
                    continue  # e.g. an import template's kind and format
                template = re.sub(r"<int:\w+>", "1", template)
                template = re.sub(r"<str:target>|<str:stage>", "closed", template)
                template = re.sub(r"<str:fmt>", "pdf", template)
                found.append(("/" + template, model))  # type: ignore[arg-type]  # "unmapped" is asserted away above

    walk(get_resolver().url_patterns, "")
    return sorted(set(found), key=lambda item: item[0])


# The attackers in groups, each group swept by a test module of its own so that the test processes
# (`pytest -n`, `--dist loadfile`) share the sweep out: test_attack_cross_organisation_2.py and _3.py
# sweep the second and third groups. Every module checks that the groups together are every attacker.
PERSONA_GROUPS: list[tuple[str, ...]] = [
    ("another enterprise manager", "another bank officer", "another valuer"),
    ("another mediator", "another police liaison", "another court liaison"),
    ("another university staff", "the demo's second enterprise's manager", "the demo's bank officer"),
]
# The reads with a foreign id a persona makes at the least (the whole sweep made over 10,000 with
# nine personas).
READS_PER_PERSONA = 1_100


class CrossOrganisationSweep(DemoWorldMixin):
    """The sweep as the personas of `personas` (one of PERSONA_GROUPS); a TestCase of each module
    mixes it in."""

    demo: Any
    foreigners: Any
    personas: tuple[str, ...] = ()
    client: Any

    def setUp(self) -> None:
        self.client.raise_request_exception = False

    def attackers(self) -> dict[str, User]:
        return {
            **{f"another {label}": user for label, user in self.foreigners.items()},
            "the demo's second enterprise's manager": self.demo["ent2_manager"],
            "the demo's bank officer": self.demo["bank_officer"],
        }

    def visible_by_design(self, model: type[models.Model], user: User) -> set[int]:
        manager = model.objects  # type: ignore[attr-defined]  # every model routed has `objects`
        if hasattr(manager, "for_user"):
            return set(manager.for_user(user).values_list("pk", flat=True))
        if model is ApiToken:
            return set(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
        if model is User:
            return {user.pk}
        return set()

    def send(self, method: str, url: str) -> int:
        if method == "get":
            return self.client.get(url).status_code
        if url.startswith("/api/"):
            return self.client.patch(url, data={}, content_type="application/json").status_code
        return self.client.post(url, data={}).status_code

    def test_no_persona_of_another_organisation_reads_or_writes_an_object_by_its_id(self):
        routes = object_routes()
        self.assertGreaterEqual(len(routes), 80)
        ids = {model: list(model.objects.order_by("pk").values_list("pk", flat=True)) for _r, model in routes}
        sent: Counter[str] = Counter()
        leaks: list[str] = []
        everyone = self.attackers()
        self.assertEqual(sorted(p for group in PERSONA_GROUPS for p in group), sorted(everyone))
        self.assertTrue(self.personas)
        for who in self.personas:
            user = everyone[who]
            self.client.force_login(user)
            for template, model in routes:
                mine = self.visible_by_design(model, user)
                foreign = even_spread([pk for pk in ids[model] if pk not in mine], READS_PER_ROUTE)
                for method in ("get", "post"):
                    missing = self.send(method, template.format(id=MISSING))
                    if missing not in REFUSALS:
                        leaks.append(f"{who} {method.upper()} {template} (missing id): {missing}")
                    targets = foreign if method == "get" else foreign[:WRITES_PER_ROUTE]
                    for pk in targets:
                        status = self.send(method, template.format(id=pk))
                        sent[method] += 1
                        if status != missing:
                            leaks.append(
                                f"{who} {method.upper()} {template.format(id=pk)}: {status}, missing: {missing}"
                            )
        print(f"\ncross-organisation sweep: {len(routes)} routes, {len(self.personas)} personas, "
              f"{sent['get']} reads and {sent['post']} writes with a foreign id")  # fmt: skip
        self.assertGreater(sent["get"], READS_PER_PERSONA * len(self.personas))
        # The ids are real: their owners do read them through the same routes.
        owner = self.demo["ent_manager"]
        self.client.force_login(owner)
        own = Patent.objects.for_user(owner).first()
        self.assertEqual(self.send("get", f"/portfolio/patents/{own.pk}/"), 200)
        self.assertEqual(self.send("get", f"/api/patents/{own.pk}"), 200)
        self.assertEqual(leaks, [], "\n".join(leaks[:50]))


@pytest.mark.slow
@override_settings(RATELIMIT_ENABLE=False)
class CrossOrganisationSweepTests(CrossOrganisationSweep, TestCase):
    personas = PERSONA_GROUPS[0]
