"""The demo store: the district's patents plus the real samples, and demo award records."""

import shutil
import tempfile
from pathlib import Path

from django.test import override_settings

from core.demo.landscape import seed_landscape
from core.tests.people import PeopleTestCase
from landscape.corpus import get_store
from landscape.models import PatentAward
from portfolio import actions as portfolio_actions


class DemoStoreTests(PeopleTestCase):
    def test_seed_builds_the_store_from_district_and_samples(self):
        patent = portfolio_actions.add_patent(
            actor=None,
            application_number="202010000004.5",
            owners=[self.enterprise],
            title="一种锂电池极片涂布装置",
            filing_date="2020-01-01",
            grant_date="2022-06-01",
            status="granted",
            is_demo=True,
        )
        folder = Path(tempfile.mkdtemp(prefix="landscape-demo-"))
        self.addCleanup(shutil.rmtree, folder, True)
        with override_settings(LANDSCAPE_STORE_DIR=folder):
            counts = seed_landscape()
            again = seed_landscape()  # seeding twice does not duplicate the samples
            con = get_store().connection()
            by_country = dict(con.execute("SELECT country, count(*) FROM p GROUP BY 1").fetchall())
        self.assertEqual(counts["landscape_samples"], 14 + 57)
        self.assertEqual(counts["landscape_corpus"], 1 + 14 + 57)
        self.assertEqual(again["landscape_corpus"], 1 + 14 + 57)
        self.assertEqual(by_country, {"CN": 58, "US": 14})
        award = PatentAward.objects.get(patent=patent)
        self.assertTrue(award.is_demo)
