"""A sweep of every URL: each needs log-in except a short allow-list."""

import re

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver

# Pages a person reaches before logging in, and the API's own description of itself.
ALLOW_ANONYMOUS = {
    "/accounts/login/",
    "/healthz",
    "/i18n/setlang/",
    "/api/openapi.json",
    "/api/docs",
    "/api/",  # django-ninja's empty root: always 404, shows nothing
}


def all_paths() -> list[str]:
    """Every route of the project with its parameters filled in."""
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                concrete = re.sub(r"<(?:int:)?\w+>", "1", prefix + route)
                concrete = re.sub(r"<(?:str|slug|path):\w+>", "x", concrete)
                paths.append("/" + concrete.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


class RouteSweepTests(TestCase):
    def test_the_sweep_finds_the_routes(self):
        paths = all_paths()
        self.assertIn("/registry/enterprises/1/", paths)
        self.assertIn("/api/enterprises/1", paths)
        self.assertGreater(len(paths), 20)

    def test_every_route_needs_log_in_except_the_allow_list(self):
        for path in all_paths():
            if path in ALLOW_ANONYMOUS:
                continue
            for method in ("get", "post"):
                with self.subTest(path=path, method=method):
                    response = getattr(self.client, method)(path)
                    if path.startswith("/api/"):
                        self.assertIn(response.status_code, {401, 405}, path)
                    else:
                        self.assertIn(response.status_code, {302, 405}, path)
                        if response.status_code == 302:
                            self.assertTrue(response["Location"].startswith("/accounts/login/"), response["Location"])

    def test_allow_listed_routes_answer_without_log_in(self):
        self.assertEqual(self.client.get("/accounts/login/").status_code, 200)
        self.assertIn(self.client.get("/healthz").status_code, {200, 503})  # 503: no mark index in the tests
        self.assertEqual(self.client.get("/api/openapi.json").status_code, 200)
