"""A user of another organisation gets 404 on every object page and API endpoint, exactly
like a missing id."""

import re

from django.urls import reverse

from accounts import actions as account_actions
from core.tests.people import PeopleTestCase
from registry import actions

MISSING = 987654


def page_body(response, path: str) -> bytes:
    """The page without what differs by request alone: the CSRF token and the page's own path
    (in the language switch's "next" field)."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return body.replace(path.encode(), b"PATH")


class ForeignAccessTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.talent = actions.add_talent(
            actor=None, name="赵芳", kind="engineer", organisation=cls.enterprise.organisation
        )
        cls.token, _raw = account_actions.issue_api_token(actor=cls.ent_manager, name="script")

    def pages(self):
        """(url name, id of an object owned by Bob's enterprise, method)."""
        return [
            ("registry:enterprise_detail", self.enterprise.pk, "get"),
            ("registry:enterprise_edit", self.enterprise.pk, "get"),
            ("registry:enterprise_edit", self.enterprise.pk, "post"),
            ("registry:park_detail", self.park.pk, "get"),
            ("registry:park_edit", self.park.pk, "get"),
            ("registry:talent_detail", self.talent.pk, "get"),
            ("registry:talent_edit", self.talent.pk, "get"),
            ("accounts:organisation_detail", self.enterprise.organisation.pk, "get"),
            ("accounts:token_revoke", self.token.pk, "post"),
        ]

    def api_calls(self):
        return [
            ("get", f"/api/enterprises/{self.enterprise.pk}", f"/api/enterprises/{MISSING}"),
            ("patch", f"/api/enterprises/{self.enterprise.pk}", f"/api/enterprises/{MISSING}"),
            ("get", f"/api/parks/{self.park.pk}", f"/api/parks/{MISSING}"),
            ("patch", f"/api/parks/{self.park.pk}", f"/api/parks/{MISSING}"),
            ("get", f"/api/talent/{self.talent.pk}", f"/api/talent/{MISSING}"),
            ("patch", f"/api/talent/{self.talent.pk}", f"/api/talent/{MISSING}"),
        ]

    def foreigners(self):
        return [self.other_manager, self.bank_officer, self.mediator, self.police_liaison]

    def test_owner_reaches_every_page(self):
        self.client.force_login(self.ent_manager)
        for name, pk, method in self.pages():
            if method != "get":
                continue
            if name in {"registry:park_edit", "registry:talent_edit"}:
                continue  # the office edits these; Bob sees them read-only
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name, args=[pk])).status_code, 200)

    def test_foreigner_gets_404_identical_to_a_missing_id_on_every_page(self):
        for user in self.foreigners():
            self.client.force_login(user)
            for name, pk, method in self.pages():
                with self.subTest(user=user.username, page=name, method=method):
                    call = getattr(self.client, method)
                    foreign_path, missing_path = reverse(name, args=[pk]), reverse(name, args=[MISSING])
                    foreign, missing = call(foreign_path), call(missing_path)
                    self.assertEqual(foreign.status_code, 404)
                    self.assertEqual(missing.status_code, 404)
                    self.assertEqual(page_body(foreign, foreign_path), page_body(missing, missing_path))

    def test_foreigner_gets_404_identical_to_a_missing_id_on_every_api_endpoint(self):
        for user in self.foreigners():
            self.client.force_login(user)
            for method, foreign_url, missing_url in self.api_calls():
                with self.subTest(user=user.username, url=foreign_url, method=method):
                    call = getattr(self.client, method)
                    kwargs = {"data": {"address": "x"}, "content_type": "application/json"} if method == "patch" else {}
                    foreign = call(foreign_url, **kwargs)
                    missing = call(missing_url, **kwargs)
                    self.assertEqual(foreign.status_code, 404)
                    self.assertEqual(foreign.content, missing.content)

    def test_foreigner_lists_do_not_show_bobs_rows(self):
        self.client.force_login(self.other_manager)
        page = self.client.get(reverse("registry:enterprise_list"))
        self.assertNotContains(page, "Bob Ltd")
        self.assertContains(page, "Charlie Ltd")
        api = self.client.get("/api/enterprises").json()
        self.assertEqual([row["name"] for row in api["items"]], ["Charlie Ltd"])
        self.assertNotContains(self.client.get(reverse("registry:talent_list")), "赵芳")

    def test_foreign_park_id_in_an_api_payload_is_a_404(self):
        other_park = actions.create_park(actor=None, name="Other park")
        self.client.force_login(self.ent_manager)
        response = self.client.patch(
            f"/api/enterprises/{self.enterprise.pk}", data={"park_id": other_park.pk}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 404)
