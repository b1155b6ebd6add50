"""A clerk sets up an authenticator app when the office requires it, then logs in with a code."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import hotp
from playwright.sync_api import Page, expect

from e2e.conftest import PASSWORD, screenshot

pytestmark = pytest.mark.browser


def code(secret: str, step: int) -> str:
    """The authenticator's code of the 30-second ``step`` (seconds since the epoch // 30)."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{hotp(key, step):06d}"


def password_step(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_clerk_enrols_an_authenticator_and_logs_in_with_it(page: Page, live_server, people, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    password_step(page, live_server.url, "alice")
    # The office must use a second factor: the clerk is taken to set it up before anything else.
    page.wait_for_url("**/accounts/me/second-factor/**")
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    screenshot(page, "second-factor-enrol")
    page.fill("#id_code", "000000")
    page.locator("form.toolbar button[type=submit]").click()
    expect(page.locator(".errorlist")).to_be_visible()  # a wrong code confirms nothing
    enrolled = int(time.time()) // 30
    page.fill("#id_code", code(secret, enrolled))
    page.locator("form.toolbar button[type=submit]").click()
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    screenshot(page, "second-factor-recovery-codes")
    page.locator("#recovery-codes a.btn").click()
    page.wait_for_url(f"{live_server.url}/")

    page.locator("form[action='/accounts/logout/'] button").first.click()
    password_step(page, live_server.url, "alice")
    page.wait_for_url("**/accounts/verify/**")
    # The code of the step after the enrolment's: that code is never accepted twice. (Counted
    # from the enrolment's step, not from the clock now: a code sent just after a step ends is
    # accepted one step late and the device then counts its clock one step behind.)
    page.fill("#id_code", code(secret, enrolled + 1))
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("header .who")).to_contain_text("alice")
