"""The cross-organisation sweep of test_attack_cross_organisation.py as its group 2 of personas (a
module of its own: the test processes share the groups out)."""

import pytest
from django.test import TestCase, override_settings

from core.tests.test_attack_cross_organisation import PERSONA_GROUPS, CrossOrganisationSweep


@pytest.mark.slow
@override_settings(RATELIMIT_ENABLE=False)
class CrossOrganisationSweep2Tests(CrossOrganisationSweep, TestCase):
    personas = PERSONA_GROUPS[1]
