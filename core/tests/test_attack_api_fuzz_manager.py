"""The schemathesis fuzzing of test_attack_api_fuzz.py as an enterprise manager (a module of its own:
the test processes share the two personas' runs out)."""

import pytest
from django.test import TestCase, override_settings

from core.tests.test_attack_api_fuzz import ApiFuzz


@pytest.mark.slow
@override_settings(RATELIMIT_ENABLE=False)
class ApiFuzzAsManagerTests(ApiFuzz, TestCase):
    def test_the_api_as_an_enterprise_manager_gives_no_server_error_and_keeps_to_its_schema(self):
        sent, findings = self.fuzz("ent_manager")
        print(f"\nschemathesis as an enterprise manager: {len(sent)} operations, {sum(sent.values())} requests")
        self.assertGreaterEqual(len(sent), 60)
        self.assertEqual(findings, [], "\n\n".join(findings))
