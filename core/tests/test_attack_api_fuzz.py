"""Issue 14, attacks tried in CI: schemathesis generates requests for every operation of the live
OpenAPI document (/api/openapi.json) and sends them through the project's WSGI application as an
office clerk and as an enterprise manager, each with a read-and-write API token. No answer may be
a server error, and every documented answer must match its schema.

Two of schemathesis's phases, bounded and reproducible: its coverage phase (the boundary values
of every parameter and body field: empty strings, huge numbers, missing and extra fields; at most
COVERAGE_CASES per operation, in its own fixed order), then EXAMPLES generated requests per
operation and persona (valid and invalid data alike), Hypothesis derandomized, no example
database. In a third of the generated requests the ids in the path and the body are ids of the
demo's own records, so the handlers that find something are exercised as well as the 404s."""

from __future__ import annotations

import traceback
from collections import Counter
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase, override_settings
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts import actions as account_actions
from accounts.models import ApiTokenScope, Organisation, User
from core.tests.demo_world import DemoWorldMixin
from cultivation.models import KeyBrand, Training
from exchange.models import Deal, Need, Offer
from financing.models import LoanProduct, PledgeLoan
from incentives.models import Application, AwardItem, Programme
from ipcounty.wsgi import application
from portfolio.models import Patent, Trademark
from protection.models import Case, Mediation, Transfer
from registry.models import Enterprise, Park, Talent
from similarity.models import ProtectedMark, WatchHit

EXAMPLES = 30
COVERAGE_CASES = 60
CHECKS = [not_a_server_error, response_schema_conformance]

# Path parameter → the demo's records it names.
ID_SOURCES = {
    "enterprise_id": Enterprise,
    "park_id": Park,
    "talent_id": Talent,
    "patent_id": Patent,
    "trademark_id": Trademark,
    "hit_id": WatchHit,
    "application_id": Application,
    "product_id": LoanProduct,
    "loan_id": PledgeLoan,
    "case_id": Case,
    "transfer_id": Transfer,
    "mediation_id": Mediation,
    "training_id": Training,
    "brand_id": KeyBrand,
    "offer_id": Offer,
    "need_id": Need,
    "deal_id": Deal,
}
# Body fields naming records → the records they name (singular or a list).
BODY_IDS = {
    **ID_SOURCES,
    "owner_id": Enterprise,
    "owner_ids": Enterprise,
    "complainant_id": Enterprise,
    "patent_ids": Patent,
    "trademark_ids": Trademark,
    "bank_id": Organisation,
    "valuer_id": Organisation,
    "police_id": Organisation,
    "court_id": Organisation,
    "body_id": Organisation,
    "organisation_id": Organisation,
    "programme_id": Programme,
    "item_id": AwardItem,
    "mediator_id": User,
    "officer_ids": User,
    "protected_mark_id": ProtectedMark,
}


class ApiFuzz(DemoWorldMixin):
    """The fuzzing; each persona's run is a TestCase of a module of its own (this one: the clerk;
    test_attack_api_fuzz_manager.py: an enterprise manager) so that the test processes share them
    out."""

    demo: Any
    ids: Any

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ids = {name: list(model.objects.values_list("pk", flat=True)[:20]) for name, model in BODY_IDS.items()}  # type: ignore[attr-defined]  # every model listed has `objects`
        cls.ids["year"] = [2024, 2025, 2026]

    def token_for(self, username: str) -> str:
        _token, raw = account_actions.issue_api_token(
            actor=self.demo[username], name="schemathesis", scope=ApiTokenScope.WRITE
        )
        return raw

    def fuzz(self, username: str) -> tuple[Counter[str], list[str]]:
        headers = {"Authorization": f"Bearer {self.token_for(username)}", "Accept-Language": "en"}
        sent: Counter[str] = Counter()
        findings: dict[str, str] = {}
        crashes: list[str] = []

        def keep_traceback(sender, request=None, **kwargs):
            crashes.append(traceback.format_exc())

        got_request_exception.connect(keep_traceback)
        # As Django's test client does: the requests run inside this test's transaction, which
        # closing "old" connections at each request's end would cut (PostgreSQL; SQLite's
        # in-memory test database is never closed).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
            for result in schema.get_all_operations():
                operation = result.ok()  # type: ignore[union-attr]  # the live schema is valid: an Err fails the test here
                strategy = st.one_of(
                    operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
                    operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
                )
                coverage = CoverageGenerator(
                    operation=operation,
                    generation_modes=list(schemathesis.GenerationMode),
                    generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
                    auth_storage=None,
                    override=Override(),
                    feedback=FeedbackSources(),
                )
                for number, case in enumerate(coverage):
                    if number == COVERAGE_CASES:
                        break
                    self.send(case, headers, sent, findings, crashes)
                run = self.run_operation(operation, strategy, headers, sent, findings, crashes)
                run()
        finally:
            got_request_exception.disconnect(keep_traceback)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return sent, [f"{label}: {text}" for label, text in sorted(findings.items())]

    def run_operation(self, operation, strategy, headers, sent, findings, crashes):
        known = [name for name in self.ids if f"{{{name}}}" in operation.path]

        @hypothesis.settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=strategy, pick=st.integers(min_value=0, max_value=2), which=st.integers(0, 19))
        def run(case, pick, which):
            if pick == 0 and known and isinstance(case.path_parameters, dict):
                for name in known:
                    if self.ids[name]:
                        case.path_parameters[name] = self.ids[name][which % len(self.ids[name])]
            if pick == 0 and isinstance(case.body, dict):
                for name in [n for n in case.body if self.ids.get(n)]:
                    real = self.ids[name][which % len(self.ids[name])]
                    case.body[name] = [real] if name.endswith("_ids") else real
            self.send(case, headers, sent, findings, crashes)

        return run

    def send(self, case, headers, sent, findings, crashes) -> None:
        """Send one case and keep the first failure of each operation, with the server's traceback."""
        label = case.operation.label
        crashes.clear()
        response = case.call(app=application, headers=headers)
        sent[label] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as failure:
            if label not in findings:
                findings[label] = f"{failure}\n{''.join(crashes)[-3000:]}"


@pytest.mark.slow
@override_settings(RATELIMIT_ENABLE=False)
class ApiFuzzTests(ApiFuzz, TestCase):
    def test_the_api_as_an_office_clerk_gives_no_server_error_and_keeps_to_its_schema(self):
        sent, findings = self.fuzz("clerk")
        print(f"\nschemathesis as the clerk: {len(sent)} operations, {sum(sent.values())} requests")
        self.assertGreaterEqual(len(sent), 60)
        self.assertEqual(findings, [], "\n\n".join(findings))
