"""Issue 14, attacks tried in CI: stored cross-site scripting. Every free-text field of every record
of the demo district (names of enterprises, parks, people and organisations, patent titles and
abstracts, mark text, case facts and parties, mediation disputes, programme and product names,
training titles, notes…) is overwritten with a probe, straight in the database so that no form's
validation stands in the way. Then every page, the SVG charts drawn into them, the PDF report and
every export is read as each persona: a probe may show only as text (escaped in HTML, literal in a
PDF's text or a spreadsheet's cell), never as markup."""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import SimpleTestCase, TestCase, override_settings
from openpyxl import load_workbook

from core.charts import bar_chart, pie_chart
from core.tests.demo_world import DemoWorldMixin
from core.tests.test_attack_cross_organisation import object_routes
from core.tests.test_headers import INLINE_SCRIPT
from core.tests.test_routes import all_paths

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PROBES = (SCRIPT, IMG)
# Markup that would run if a probe reached a page unescaped.
LIVE = re.compile(rb"<script>alert\(1\)|<img src=x onerror", re.IGNORECASE)
APPS = ["accounts", "registry", "portfolio", "similarity", "funds", "incentives", "financing", "protection",
        "landscape", "cultivation", "dashboard"]  # fmt: skip
# Text fields that are not free text: secrets, or keys other code parses (they have no validator
# of their own, but nothing a person types reaches them unchecked).
NOT_FREE_TEXT = {"password", "digest", "prefix", "sha256", "ipc_codes", "main_ipc", "goods_groups", "doc_id",
                 "content_type", "extension", "original_name"}  # fmt: skip
PERSONAS = ["clerk", "leadership", "ent_manager", "bank_officer", "valuer", "mediator", "police", "court"]
SKIP_PAGES = ("/api/", "/accounts/logout", "/i18n/", "/healthz")


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    harmless = (models.CharField, models.TextField)
    fields: list[models.Field] = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, harmless) or isinstance(field, models.FileField) or field.choices:
            continue
        if field.primary_key or field.name in NOT_FREE_TEXT:
            continue
        own_validators = [v for v in field.validators if type(v).__name__ not in {"MaxLengthValidator",
                          "ProhibitNullCharactersValidator"}]  # fmt: skip
        if own_validators:
            continue  # codes and numbers with their own check (USCC, street, phone, application number…)
        fields.append(field)
    return fields


def plant_probes() -> Counter[str]:
    """Overwrite every free-text field of every row: the first probe in rows with an odd id (or code), the
    second in rows with an even id (with the id appended: some names are unique)."""
    planted: Counter[str] = Counter()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in free_text_fields(model):
                longest = max(len(p) for p in PROBES) + 10
                if field.max_length is not None and field.max_length < longest:
                    continue
                for pk in model.objects.values_list("pk", flat=True):  # type: ignore[attr-defined]  # every model planted has `objects`
                    probe = PROBES[int(pk) % 2]  # a district's key is its numeric code
                    value = f"{probe}{pk}"  # the id keeps unique names unique
                    model.objects.filter(pk=pk).update(**{field.name: value})  # type: ignore[attr-defined]  # every model planted has `objects`
                    planted[f"{model._meta.label}.{field.name}"] += 1
    return planted


@pytest.mark.slow
@override_settings(RATELIMIT_ENABLE=False)
class StoredXssTests(DemoWorldMixin, TestCase):
    planted: Any

    empty_landscape_store = True

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.planted = plant_probes()

    def setUp(self) -> None:
        self.client.raise_request_exception = False

    def pages(self) -> list[str]:
        lists = [p for p in all_paths() if "/1/" not in p and not p.endswith("/1") and "/x" not in p]
        details = []
        for template, model in object_routes():
            if template.startswith("/api/"):
                continue
            details += [template.format(id=pk) for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:2]]  # type: ignore[attr-defined]  # every model planted has `objects`
        return [p for p in lists + details if not p.startswith(SKIP_PAGES)]

    def test_probes_are_planted_in_the_free_text_of_every_kind_of_record(self):
        for field in ["registry.Enterprise.name", "portfolio.Patent.title", "portfolio.Trademark.mark_text",
                      "protection.Mediation.dispute", "incentives.Programme.name", "cultivation.Training.title",
                      "accounts.Organisation.name", "financing.LoanProduct.name"]:  # fmt: skip
            self.assertGreater(self.planted[field], 0, field)
        self.assertGreater(len(self.planted), 40)

    def test_no_probe_reaches_a_page_or_an_svg_chart_as_markup(self):
        pages = self.pages()
        shown, read, failures = 0, 0, []
        for username in PERSONAS:
            self.client.force_login(self.demo[username])
            for page in pages:
                response = self.client.get(page)
                if response.status_code >= 500:
                    failures.append(f"{username} {page}: {response.status_code}")
                    continue
                if response.status_code != 200 or response.get("Content-Disposition"):
                    continue
                read += 1
                body = response.content
                shown += body.count(b"alert(1)")
                if LIVE.search(body):
                    at = LIVE.search(body).start()
                    failures.append(f"{username} {page}: …{body[max(0, at - 120) : at + 60]!r}")
                inline = INLINE_SCRIPT.search(body.decode(errors="replace"))
                if inline:
                    failures.append(f"{username} {page}: inline script {inline.group(0)}")
        print(f"\nstored XSS: {len(self.planted)} fields planted, {read} pages read, {shown} probes shown escaped")
        self.assertEqual(failures, [], "\n".join(failures[:40]))
        self.assertGreater(shown, 1000)

    def test_exports_carry_the_probes_as_plain_cell_text(self):
        self.client.force_login(self.demo["clerk"])
        exports = Counter()
        failures = []
        for page in [p for p in self.pages() if "/1/" not in p]:
            for fmt in ("csv", "xlsx"):
                response = self.client.get(page, {"export": fmt})
                if response.status_code != 200 or not response.get("Content-Disposition", "").startswith("attachment"):
                    continue
                exports[fmt] += 1
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertNotIn("html", response["Content-Type"])
                # A download that is a file of its own (a portfolio workbook, a calendar) is what it
                # is whatever ?export= says: read it by its type.
                body = b"".join(response.streaming_content) if response.streaming else response.content
                if "spreadsheetml" not in response["Content-Type"]:
                    text = body.decode("utf-8-sig", errors="replace")
                else:
                    book = load_workbook(io.BytesIO(body), read_only=True)
                    text = "\n".join(str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r)
                if "alert(1)" in text and not any(p in text for p in PROBES):
                    failures.append(f"{page} {fmt}: a probe was altered")
        print(f"\nstored XSS: {exports['csv']} CSV and {exports['xlsx']} XLSX exports read")
        self.assertGreaterEqual(exports["csv"], 5)
        self.assertEqual(failures, [])

    def test_the_landscape_pdf_shows_the_probes_as_text(self):
        self.client.force_login(self.demo["clerk"])
        response = self.client.get("/landscape/report/", {"export": "pdf"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        # WeasyPrint would have drawn markup, not written it: the probe's characters are on the page.
        self.assertIn("alert(1)", text)
        self.assertTrue(any(p[:12] in text for p in PROBES), text[:2000])


class ChartTests(SimpleTestCase):
    def test_a_chart_escapes_its_labels_and_carries_no_script(self):
        for svg in (bar_chart(SCRIPT, [IMG, "</script><script>alert(2)</script>"], {SCRIPT: [1, 2]}),
                    pie_chart(IMG, {SCRIPT: 1, IMG: 2})):  # fmt: skip
            self.assertNotIn("<script", svg)
            self.assertNotRegex(svg, LIVE.pattern.decode())
            self.assertIn("&lt;script&gt;alert(1)", svg)


def pdf_text(pdf: bytes) -> str:
    command = ["pdftotext", "-layout", "-", "-"]
    return subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603
