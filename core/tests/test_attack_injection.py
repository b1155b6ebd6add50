"""Issue 14, attacks tried in CI: SQL and DuckDB injection. Every text filter and search box of the
API (read from the OpenAPI document: every string query parameter of every list or search) and of
the pages (the list filters, the registry and portfolio searches, the landscape report's slice and
its full-text search over the DuckDB patent store, the trademark similarity search) gets each
probe. Compared with an innocuous value that matches nothing, a probe must change nothing: the same
status, the same result set (the API) or the same rows (the pages), and never a server error.
LIKE wildcards (``%``, ``_``) are probes too: a filter that passed them on unescaped would match
everything."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import TestCase, override_settings

from core.tests.demo_world import DemoWorldMixin
from core.tests.test_production import FILTER_NAMES
from core.tests.test_routes import all_paths

INNOCUOUS = "zqxjv无此项"
SQL = ["' OR 1=1 --", '"; DROP TABLE registry_enterprise; --', "x') OR ('1'='1", "1; SELECT pg_sleep(0) --",
       "1' UNION SELECT username, password FROM accounts_user --"]  # fmt: skip
DUCKDB = ["'); SELECT * FROM read_csv_auto('/etc/passwd'); --", "x' || (SELECT current_setting('home_directory')) || '",
          "') UNION ALL SELECT doc_id FROM p --", "$$ OR TRUE $$", "%", "_", "*", "\\"]  # fmt: skip
# A NUL character: PostgreSQL refuses it in any text, so a filter that passes it on errs there.
PROBES = [*SQL, *DUCKDB, "a\x00b"]
# Page filters beside the common ones: the landscape slice and the mark search.
PAGE_FILTERS = [*FILTER_NAMES, "ipc", "keywords", "applicant", "region", "text", "mark"]
# Parts of an answer that only echo the request or time it.
ECHOES = {"slice", "timings_ms", "query", "elapsed_ms"}
ROW = re.compile(rb"<tr[ >]")
INPUT_NAME = re.compile(rb'<(?:input|select|textarea)[^>]*\bname="(\w+)"')
# The full-text searches (the landscape's jieba/BM25 index, no SQL) and the mark similarity search
# (an in-memory index that finds marks near the letters typed, e.g. "biortru" for "OR TRUE", once
# the outside register holds marks) look up the probe's words: for them the probe is compared with
# its words alone ("' OR 1=1 --" with "OR 1 1"), not with a no-match.
FULL_TEXT = {("/api/landscape/search", "q"), ("/api/landscape/report", "keywords"), ("/landscape/search/", "q"),
             ("/landscape/report/", "keywords"), ("/api/marks/similar", "q"), ("/similarity/search/", "q")}  # fmt: skip


def words_of(probe: str) -> str:
    return re.sub(r"[\W_]+", " ", probe).strip() or INNOCUOUS


def strip_echoes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_echoes(v) for k, v in value.items() if k not in ECHOES}
    if isinstance(value, list):
        return [strip_echoes(v) for v in value]
    return value


@pytest.mark.slow
@override_settings(RATELIMIT_ENABLE=False)
class InjectionTests(DemoWorldMixin, TestCase):
    demo: Any

    empty_landscape_store = True

    def setUp(self) -> None:
        self.client.raise_request_exception = False

    def api_filters(self) -> list[tuple[str, str]]:
        """(path, parameter) for every string query parameter of every GET without a path parameter."""
        self.client.force_login(self.demo["clerk"])
        document = self.client.get("/api/openapi.json").json()
        found = []
        for path, operations in document["paths"].items():
            if "{" in path or "get" not in operations:
                continue
            for parameter in operations["get"].get("parameters", []):
                schema = parameter.get("schema", {})
                kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
                if parameter["in"] == "query" and "string" in kinds:
                    found.append((path, parameter["name"]))
        return found

    def test_no_probe_in_an_api_filter_changes_a_result_or_errs(self):
        filters = self.api_filters()
        self.assertIn(("/api/landscape/search", "q"), filters)
        self.assertIn(("/api/landscape/report", "keywords"), filters)
        self.assertIn(("/api/marks/similar", "q"), filters)
        sent, differences = 0, []
        for username in ("clerk", "ent_manager"):
            self.client.force_login(self.demo[username])
            for path, name in filters:
                for probe in PROBES:
                    plain = words_of(probe) if (path, name) in FULL_TEXT else INNOCUOUS
                    baseline = self.client.get(path, {name: plain})
                    expected = strip_echoes(baseline.json()) if baseline.status_code == 200 else None
                    response = self.client.get(path, {name: probe})
                    sent += 1
                    if "\x00" in probe:  # a 422 naming the field (core.api_schema.TextParser)
                        if response.status_code != 422:
                            differences.append(f"{username} {path}?{name}={probe!r}: {response.status_code}, not 422")
                    elif response.status_code >= 500 or response.status_code != baseline.status_code:
                        differences.append(f"{username} {path}?{name}={probe!r}: {response.status_code}, "
                                           f"innocuous: {baseline.status_code}")  # fmt: skip
                    elif expected is not None and strip_echoes(response.json()) != expected:
                        shown = json.dumps(strip_echoes(response.json()), ensure_ascii=False)[:300]
                        differences.append(f"{username} {path}?{name}={probe!r}: another result: {shown}")
        print(f"\ninjection: {len(filters)} API filters × {len(PROBES)} probes × 2 personas = {sent} requests")
        self.assertEqual(differences, [], "\n".join(differences[:40]))

    def test_no_probe_in_a_page_filter_or_search_box_changes_the_rows_or_errs(self):
        pages = [p for p in all_paths() if "/1/" not in p and not p.endswith("/1") and "/x" not in p]
        pages = [p for p in pages if not p.startswith(("/api/", "/accounts/", "/i18n/", "/healthz", "/audit/"))]
        self.client.force_login(self.demo["clerk"])
        sent, differences = 0, []
        for page in pages:
            plain_page = self.client.get(page)
            if plain_page.status_code != 200 or plain_page.get("Content-Disposition"):
                continue
            # The page's own filters and search boxes (its form fields), and the common filter names.
            names = {n.decode() for n in INPUT_NAME.findall(plain_page.content)} & set(PAGE_FILTERS)
            for name in sorted(names):
                for probe in PROBES:
                    plain = words_of(probe) if (page, name) in FULL_TEXT else INNOCUOUS
                    baseline = self.client.get(page, {name: plain})
                    rows = len(ROW.findall(baseline.content))
                    response = self.client.get(page, {name: probe})
                    sent += 1
                    if "\x00" in probe:  # refused before any view (core.middleware), on every database
                        if response.status_code != 400:
                            differences.append(f"{page}?{name}={probe!r}: {response.status_code}, not 400")
                    elif response.status_code != 200:
                        differences.append(f"{page}?{name}={probe!r}: {response.status_code}")
                    elif len(ROW.findall(response.content)) != rows:
                        differences.append(f"{page}?{name}={probe!r}: {len(ROW.findall(response.content))} rows, "
                                           f"innocuous: {rows}")  # fmt: skip
        print(f"\ninjection: {len(pages)} pages, their filters × {len(PROBES)} probes: {sent} requests")
        self.assertGreater(sent, 300)
        self.assertEqual(differences, [], "\n".join(differences[:40]))

    def test_the_database_still_holds_its_tables_and_users_afterwards(self):
        from accounts.models import User
        from registry.models import Enterprise

        self.client.force_login(self.demo["clerk"])
        for probe in SQL:
            self.client.get("/registry/enterprises/", {"q": probe})
            self.client.get("/api/enterprises", {"q": probe})
        self.assertGreaterEqual(Enterprise.objects.count(), 40)
        self.assertTrue(User.objects.filter(username="clerk").exists())
