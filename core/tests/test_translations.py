from pathlib import Path

import polib
from django.conf import settings
from django.test import SimpleTestCase

LOCALE = Path(settings.BASE_DIR) / "locale"


class CatalogueTests(SimpleTestCase):
    def catalogue(self, language: str) -> polib.POFile:
        return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    def test_every_string_has_a_chinese_translation(self):
        po = self.catalogue("zh_Hans")
        self.assertGreater(len(po), 100)
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        self.assertEqual(untranslated, [])
        self.assertEqual(fuzzy, [])

    def test_the_english_catalogue_is_complete(self):
        po = self.catalogue("en")
        self.assertEqual([e.msgid for e in po.untranslated_entries()], [])

    def test_placeholders_survive_translation(self):
        import re

        for entry in self.catalogue("zh_Hans").translated_entries():
            wanted = sorted(re.findall(r"%\(\w+\)[sd]", entry.msgid))
            found = sorted(re.findall(r"%\(\w+\)[sd]", entry.msgstr or entry.msgstr_plural.get(0, "")))
            self.assertEqual(set(wanted), set(found), entry.msgid)
