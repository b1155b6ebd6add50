"""An enterprise manager issues an API token on 我的账户, a script calls the API with it, and
the manager revokes it: the script is refused from then on."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from accounts.models import ApiToken
from audit.models import AuditEvent
from e2e.conftest import log_in, screenshots

pytestmark = pytest.mark.browser


def call_api(base: str, path: str, token: str) -> tuple[int, dict]:
    """The call a script makes: the token and nothing else (no session cookie)."""
    request = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_a_manager_issues_a_token_the_script_uses_it_and_revoking_stops_it(page: Page, live_server, people):
    base = live_server.url
    log_in(page, base, "bob")
    page.locator("header .who").get_by_role("link", name="bob").click()
    expect(page.get_by_role("heading", name="API 令牌")).to_be_visible()
    expect(page.locator("main table").last).to_contain_text("尚无令牌")

    page.fill("#id_name", "ERP 同步脚本")
    page.select_option("#id_scope", "read")
    page.select_option("#id_days", "30")
    page.get_by_role("button", name="签发令牌").click()
    expect(page.locator(".messages .success")).to_contain_text("令牌已签发")
    raw = page.locator("#new-token").inner_text().strip()
    token = ApiToken.objects.get(user=people.ent_manager)
    assert raw.startswith(token.prefix) and token.digest == ApiToken.digest_of(raw)
    row = page.locator("main table").last.locator("tbody tr", has_text="ERP 同步脚本")
    expect(row).to_contain_text("只读")
    expect(row).to_contain_text(token.prefix)
    screenshots(page, "token-issued")

    # The token is shown once: the next visit lists it by its prefix only.
    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(raw)

    # A script calls the API as Bob with it.
    status, body = call_api(base, "/api/me", raw)
    assert status == 200 and body["username"] == "bob" and body["organisation"] == "Bob Ltd"

    row.get_by_role("button", name="撤销").click()
    expect(page.locator(".messages .success")).to_contain_text("令牌已撤销")
    expect(page.locator("main table").last.locator("tbody tr", has_text="ERP 同步脚本")).to_contain_text("已撤销")
    screenshots(page, "token-revoked")

    status, _ = call_api(base, "/api/me", raw)
    assert status == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    actions = AuditEvent.objects.filter(object_type="accounts.apitoken", object_id=str(token.pk))
    assert set(actions.values_list("action", flat=True)) == {"api_token.issue", "api_token.revoke"}
