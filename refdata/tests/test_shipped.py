"""The repository carries its reference data: a clone with nothing beside it installs and runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from refdata import loading, sources

ROOT = Path(settings.BASE_DIR)
# A path that leaves the checkout for the data folder beside it, however it is spelled:
# "../shared", "/work/shared", BASE_DIR.parent / "shared", parents[2].parent / "shared" ...
OUTSIDE = re.compile(r"""(\.\./shared|/work/shared|\.parent\s*/\s*["']shared["']|["']shared["']\s*/\s*["']data["'])""")
# Text files of the project that could name a folder: code, settings, scripts, build files.
CHECKED_SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".txt", ".html", ".js", ".yml", ".yaml"}
CHECKED_NAMES = {"Makefile", "run"}


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed]


class ShippedReferenceDataTests(SimpleTestCase):
    def test_every_file_the_loader_reads_is_in_the_repository(self):
        self.assertEqual(sources.missing_files(sources.SHIPPED), [])
        self.assertTrue(str(sources.SHIPPED).startswith(str(ROOT)))

    def test_the_default_source_is_the_shipped_copy(self):
        with self.settings(REFDATA_SOURCE=None):
            self.assertEqual(loading.default_source(), sources.SHIPPED)

    def test_the_compressed_ipc_file_reads_as_the_whole_scheme(self):
        rows = list(sources.read_ipc(sources.SHIPPED))
        self.assertEqual(len(rows), 77242)
        self.assertEqual(rows[0].code, "A")

    def test_the_patent_samples_are_shipped_with_their_licences(self):
        for folder in ("cn_patents_liaoleyuan", "uspto_patentpublicdata_samples"):
            self.assertTrue((sources.SAMPLES / folder / "LICENSE").is_file(), folder)
        self.assertEqual(len(list((sources.SAMPLES / "uspto_patentpublicdata_samples").rglob("*.xml"))), 14)

    def test_no_code_or_script_names_a_folder_outside_the_repository(self):
        offenders = []
        for path in tracked_files():
            if not path.is_file() or path == Path(__file__).resolve():
                continue
            if path.suffix not in CHECKED_SUFFIXES and path.name not in CHECKED_NAMES:
                continue
            if "refdata/data" in str(path.relative_to(ROOT)):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if OUTSIDE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        self.assertEqual(offenders, [])

    def test_the_outside_pattern_would_catch_the_old_defaults(self):
        # The check above can fail: these are the spellings the project used before.
        for line in (
            'DEFAULT_SRC = Path("/work/shared/data")',
            'str(BASE_DIR.parent / "shared" / "data")',
            'Path(__file__).resolve().parents[2].parent / "shared" / "data"',
            "Copied from `../shared/data`",
        ):
            self.assertRegex(line, OUTSIDE)
