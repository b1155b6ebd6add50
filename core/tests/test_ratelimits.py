"""Rate limits: past each limit a 429 that says to wait, and nothing done."""

from __future__ import annotations

from unittest import mock

from django.test import Client, override_settings

from accounts import actions as account_actions
from core.tests.people import PASSWORD, PeopleTestCase

TIGHT = {
    "login_address": "5/10m",
    "login_user": "3/10m",
    "api_token": "5/m",
    "search": "3/m",
    "export": "2/10m",
    "upload": "2/h",
}


@override_settings(RATE_LIMITS=TIGHT, AXES_ENABLED=False)
class RateLimitTests(PeopleTestCase):
    def setUp(self):
        super().setUp()
        # The limiter counts in fixed windows (django_ratelimit: a window ends every period, at
        # an offset per key): a test whose requests straddled a window's end would see the
        # count start again. Its clock is held still for each test.
        clock = mock.patch("django_ratelimit.core.time", **{"time.return_value": 1_800_000_000.0})
        clock.start()
        self.addCleanup(clock.stop)

    def test_failed_log_ins_spread_over_many_user_names_are_slowed_per_address(self):
        client = Client(REMOTE_ADDR="10.9.9.9")
        statuses = [
            client.post("/accounts/login/", {"username": f"guess{i}", "password": "wrong"}).status_code
            for i in range(7)
        ]
        self.assertEqual(statuses[:5], [200] * 5)
        self.assertEqual(statuses[5:], [429, 429])
        # Another address is not held up by this one.
        other = Client(REMOTE_ADDR="10.9.9.10")
        self.assertEqual(other.post("/accounts/login/", {"username": "x", "password": "y"}).status_code, 200)

    def test_guessing_one_user_name_from_many_addresses_is_slowed(self):
        statuses = [
            Client(REMOTE_ADDR=f"10.8.0.{i}")
            .post("/accounts/login/", {"username": self.clerk.username, "password": "wrong"})
            .status_code
            for i in range(5)
        ]
        self.assertEqual(statuses, [200, 200, 200, 429, 429])
        page = Client(REMOTE_ADDR="10.8.1.1").post(
            "/accounts/login/", {"username": self.clerk.username, "password": PASSWORD}
        )
        self.assertEqual(page.status_code, 429)
        self.assertIn("Retry-After", page)

    def test_api_calls_with_one_token_are_limited(self):
        _token, raw = account_actions.issue_api_token(actor=self.clerk, name="flood")
        auth = {"Authorization": f"Bearer {raw}"}
        statuses = [self.client.get("/api/me", headers=auth).status_code for _ in range(7)]
        self.assertEqual(statuses, [200] * 5 + [429] * 2)
        self.assertIn("detail", self.client.get("/api/me", headers=auth).json())

    def test_searches_are_limited_per_person(self):
        self.client.force_login(self.clerk)
        statuses = [
            self.client.get("/similarity/search/", {"q": "芝罘", "all_classes": "on"}).status_code for _ in range(5)
        ]
        self.assertEqual(statuses[3:], [429, 429])
        other = Client()
        other.force_login(self.reviewer)
        self.assertNotEqual(other.get("/similarity/search/", {"q": "芝罘", "all_classes": "on"}).status_code, 429)

    def test_exports_are_limited_per_person(self):
        self.client.force_login(self.clerk)
        statuses = [self.client.get("/portfolio/patents/", {"export": "csv"}).status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 429, 429])
        # The page itself still opens.
        self.assertEqual(self.client.get("/portfolio/patents/").status_code, 200)

    def test_uploads_are_limited_per_person(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.clerk)
        statuses = [
            self.client.post(
                "/portfolio/imports/new/patents/", {"file": SimpleUploadedFile("p.csv", b"a,b\n1,2\n")}
            ).status_code
            for _ in range(3)
        ]
        self.assertNotEqual(statuses[0], 429)
        self.assertEqual(statuses[2], 429)
