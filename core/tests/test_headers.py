"""Every page carries the security headers, and no template holds inline script (so the
Content-Security-Policy can forbid it)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from core.tests.people import PeopleTestCase

ROOT = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.I)


class SecurityHeaderTests(PeopleTestCase):
    def test_pages_carry_csp_frame_and_feature_headers(self):
        self.client.force_login(self.clerk)
        for path in ("/", "/accounts/login/", "/portfolio/patents/", "/no/such/page/"):
            with self.subTest(path=path):
                response = self.client.get(path)
                csp = response["Content-Security-Policy"]
                self.assertIn("script-src 'self'", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertIn("object-src 'none'", csp)
                self.assertNotIn("unsafe-inline", csp.split("script-src", 1)[1].split(";", 1)[0])
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(response["Referrer-Policy"], "same-origin")
                self.assertIn("camera=()", response["Permissions-Policy"])

    def test_the_api_docs_load_swagger_from_the_installed_package_not_a_cdn(self):
        page = self.client.get("/api/docs").content.decode()
        self.assertIn("/static/ninja/swagger-ui-bundle.js", page)
        self.assertNotIn("cdn.", page)
        self.assertNotIn("https://", page)


class NoInlineScriptTests(PeopleTestCase):
    def templates(self) -> list[Path]:
        return [p for p in ROOT.rglob("templates/**/*.html") if ".venv" not in p.parts]

    def test_no_template_has_inline_script_or_event_attributes(self):
        offenders = []
        for path in self.templates():
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE):
                for match in pattern.finditer(text):
                    offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        self.assertEqual(offenders, [])

    def test_the_patterns_catch_what_they_are_for(self):
        self.assertRegex("<script>alert(1)</script>", INLINE_SCRIPT)
        self.assertNotRegex('<script src="/static/x.js"></script>', INLINE_SCRIPT)
        self.assertRegex('<select onchange="go()">', EVENT_ATTRIBUTE)
        self.assertGreater(len(self.templates()), 20)
