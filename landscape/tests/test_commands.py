"""The import command: a bad file imports nothing and names its rows; a good one is imported
and indexed (with an empty district)."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import translation

from landscape.corpus import get_store
from refdata.sources import SAMPLES

CN_SAMPLE = SAMPLES / "cn_patents_liaoleyuan" / "sample_val.csv"


class ImportCommandTests(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="landscape-cmd-"))
        self.addCleanup(shutil.rmtree, self.dir, True)
        override = override_settings(LANDSCAPE_STORE_DIR=self.dir / "store")
        override.enable()
        self.addCleanup(override.disable)

    def test_bad_file_imports_nothing_and_names_the_rows(self):
        bad = self.dir / "bad.csv"
        bad.write_text(
            "application_number,title,filing_date,ipc_codes\n"
            "2020100000011,甲,2020-01-01,G06F16/35\n"
            "2020100000012,乙,2020-13-01,XX\n",
            encoding="utf-8",
        )
        with translation.override("en"), self.assertRaises(CommandError) as raised:
            call_command("import_patent_corpus", str(bad))
        message = str(raised.exception)
        self.assertIn("Row 3, filing_date: not a date", message)
        self.assertIn("Row 3, ipc_codes: not an IPC symbol", message)
        self.assertIn("Nothing was imported.", message)
        self.assertEqual([p["source"] for p in get_store().manifest()["parts"]], ["district"])

    def test_good_file_is_imported_and_searchable(self):
        out = StringIO()
        call_command("import_patent_corpus", str(CN_SAMPLE), stdout=out)
        self.assertIn("19 patents imported", out.getvalue())
        index_hits = get_store().connection().execute("SELECT count(*) FROM p").fetchone()[0]
        self.assertEqual(index_hits, 19)
