"""Production mode: no debug pages, the product's own error pages, `check --deploy` clean, and no
value typed into a filter gives a server error."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import path

from core.tests.people import PeopleTestCase
from core.tests.test_routes import all_paths
from home.tests.world import HomeWorld
from ipcounty import urls as project_urls

ROOT = Path(settings.BASE_DIR)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh interpreter, with the settings read from `env` alone."""
    unset = {"DJANGO_DEBUG", "IPCOUNTY_DEPLOY", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug the user must never see")


urlpatterns = [path("broken/", broken_view), *project_urls.urlpatterns]


class DeploySettingsTests(SimpleTestCase):
    def test_debug_is_off_unless_asked_for(self):
        shown = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
        self.assertEqual(shown.stdout.split()[-1], "False", shown.stderr)
        asked = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG="1")
        self.assertEqual(asked.stdout.split()[-1], "True", asked.stderr)

    def test_check_deploy_is_clean_in_production_mode(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            IPCOUNTY_DEPLOY="1",
            SECRET_KEY="a-test-secret-" + "x7Qp" * 12,
            ALLOWED_HOSTS="ip.example.gov.cn",
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_check_deploy_fails_with_the_demo_defaults(self):
        # The check above can fail: without production mode the cookies are not secure.
        result = manage("check", "--deploy", "--fail-level", "WARNING")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SESSION_COOKIE_SECURE", result.stdout + result.stderr)

    def test_production_mode_refuses_to_start_without_a_secret_key(self):
        result = manage("check", IPCOUNTY_DEPLOY="1", ALLOWED_HOSTS="ip.example.gov.cn")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is not set", result.stderr)

    def test_production_mode_refuses_to_start_without_host_names(self):
        result = manage("check", IPCOUNTY_DEPLOY="1", SECRET_KEY="a-test-secret-" + "x7Qp" * 12, ALLOWED_HOSTS="")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ALLOWED_HOSTS is not set", result.stderr)


class ErrorPageTests(PeopleTestCase):
    def test_a_missing_page_is_the_products_404_page_in_chinese(self):
        self.client.force_login(self.clerk)
        response = self.client.get("/no/such/page/")
        self.assertEqual(response.status_code, 404)
        page = response.content.decode()
        self.assertIn("返回首页", page)
        self.assertNotIn("Page not found at", page)  # Django's debug 404
        self.assertNotIn("URLconf", page)

    @override_settings(ROOT_URLCONF=__name__)
    def test_a_server_error_is_the_products_500_page_without_a_traceback(self):
        self.client.raise_request_exception = False
        self.client.force_login(self.clerk)
        response = self.client.get("/broken/")
        self.assertEqual(response.status_code, 500)
        page = response.content.decode()
        self.assertIn("出错", page)
        self.assertIn('href="/"', page)
        self.assertNotIn("a bug the user must never see", page)
        self.assertNotIn("Traceback", page)

    def test_an_expired_form_is_explained_in_chinese(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.clerk)
        response = client.post("/accounts/logout/")
        self.assertEqual(response.status_code, 403)
        self.assertIn("表单已失效", response.content.decode())


# Values a person might type, paste or tamper with in any filter of any page: empty, huge,
# negative and malformed.
HOSTILE_VALUES = ["", "99999999", "9" * 40, "-1", "1e30", "2024-13-45",
                  "abc<script>alert(1)</script>'; DROP TABLE x;--"]  # fmt: skip
# Filter names set on every page besides those its own GET forms name.
FILTER_NAMES = ["days", "year", "page", "status", "q", "kind", "owner", "enterprise", "nice", "term", "stage",
                "bank", "week", "month", "day", "show", "goal", "p", "all"]  # fmt: skip
# Pages a crawl does not request: the API (its own fuzzing: test_attack_api_fuzz), log-out,
# the language switch and the health check (503 is its answer without a mark index). The crawl
# never sets `export` (a file, not a page: the export tests cover the files).
NOT_CRAWLED = ("/api/", "/accounts/logout", "/i18n/", "/healthz", "/accounts/me/logout-everywhere/")
# A page's links to other pages of the product, and the names of its GET forms' fields.
LINK = re.compile(r'href="(/[^"?#]*/\d+/[^"?#]*)"')
GET_FORM = re.compile(r'<form\b(?![^>]*method="post")[^>]*>(.*?)</form>', re.S | re.I)
FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([\w-]+)"', re.I)
# Detail pages followed from the pages' links, at most this many per kind of page (one shows
# whether a kind of page falls over; all of them would only cost time).
DETAILS_PER_KIND = 1


# The roles of the crawl in groups, each crawled by a test of its own module (this one and
# test_production_crawl_2.py, _3.py) so that the test processes share the crawl out; every module
# checks that the groups together are every role.
ROLE_GROUPS: list[tuple[str, ...]] = [
    ("clerk", "police_liaison", "court_liaison"),
    ("reviewer", "leadership", "bank_officer", "mediator"),
    ("leader", "enforcer", "ent_manager", "valuer"),
]
ROLES = ("clerk", "reviewer", "leader", "enforcer", "leadership", "ent_manager", "bank_officer", "valuer",
         "police_liaison", "court_liaison", "mediator")  # fmt: skip
# Requests a role's crawl makes at the least (the whole crawl of the eleven made over 1,000).
REQUESTS_PER_ROLE = 1000 // len(ROLES)


class FilterCrawl(HomeWorld):
    """A crawl as each role of `role_group` (one of ROLE_GROUPS) of the home page's test world
    (something waiting for everyone): every GET page without arguments, and the detail pages its
    lists and worklist link to, with every filter set to each hostile value; none answers with a
    server error."""

    role_group: tuple[str, ...] = ()
    client: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_world()

    def roles(self) -> list:
        return [getattr(self, name) for name in self.role_group]

    def pages(self) -> list[str]:
        # Pages without an id in their path: the lists, reports and search pages.
        return [
            p for p in all_paths()
            if "/1/" not in p and not p.endswith("/1") and "/x" not in p and not p.startswith(NOT_CRAWLED)
        ]  # fmt: skip

    def crawl(self, user) -> tuple[list[str], int]:
        """(failures, requests) of one role's crawl."""
        self.client.force_login(user)
        failures: list[str] = []
        requests = 0
        queue = list(self.pages())
        seen = set(queue)
        per_kind: dict[str, int] = {}
        while queue:
            page = queue.pop(0)
            first = self.client.get(page)
            requests += 1
            if first.status_code >= 500:
                failures.append(f"{user.username} {page}: {first.status_code}")
                continue
            if first.status_code != 200 or not first.get("Content-Type", "").startswith("text/html"):
                continue  # refused, not found or a redirect: its filters are never read
            html = first.content.decode()
            own = {name for form in GET_FORM.findall(html) for name in FIELD_NAME.findall(form)}
            names = (set(FILTER_NAMES) | own) - {"export"}
            # A detail page without a filter of its own reads none: the empty and the last
            # (malformed) value show that stray parameters do not upset it.
            detail = re.search(r"/\d+/", page) is not None
            for value in HOSTILE_VALUES if own or not detail else HOSTILE_VALUES[:: len(HOSTILE_VALUES) - 1]:
                response = self.client.get(page, dict.fromkeys(sorted(names), value))
                requests += 1
                if response.status_code >= 500:
                    failures.append(f"{user.username} {page}?…={value!r}: {response.status_code}")
            for link in LINK.findall(html):
                kind = re.sub(r"\d+", "N", link)
                if link in seen or link.startswith(NOT_CRAWLED) or per_kind.get(kind, 0) >= DETAILS_PER_KIND:
                    continue
                seen.add(link)
                per_kind[kind] = per_kind.get(kind, 0) + 1
                queue.append(link)
        return failures, requests

    def test_no_value_typed_into_a_filter_gives_a_server_error(self):
        self.client.raise_request_exception = False
        failures: list[str] = []
        requests = 0
        for user in self.roles():
            found, made = self.crawl(user)
            failures += found
            requests += made
        self.assertEqual(sorted(name for group in ROLE_GROUPS for name in group), sorted(ROLES))
        self.assertTrue(self.role_group)
        # the crawl reached the pages, not only the log-in
        self.assertGreater(requests, REQUESTS_PER_ROLE * len(self.role_group))
        self.assertEqual(failures, [])


class FilterValueTests(FilterCrawl, TestCase):
    role_group = ROLE_GROUPS[0]

    def test_an_out_of_range_number_of_days_is_answered_with_a_message(self):
        self.client.force_login(self.clerk)
        response = self.client.get("/portfolio/reminders/", {"days": "99999999"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "3650")
