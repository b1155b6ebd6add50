"""The demo store: the district's patents plus the real samples, and demo award records."""

import shutil
import tempfile
from pathlib import Path

from django.test import override_settings

from core.tests.people import PeopleTestCase
from demo.landscape import seed_landscape
from landscape.corpus import get_store
from landscape.models import PatentAward
from landscape.tests.helpers import battery_patent


class DemoStoreTests(PeopleTestCase):
    def test_seed_builds_the_store_from_district_and_samples(self):
        patent = battery_patent(self.enterprise, is_demo=True)
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
