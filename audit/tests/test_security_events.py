"""Log-ins, failed log-ins, refusals, exports and looks at full ID numbers are in the trail, on
the same chain as every change, and never with the password or the number itself."""

from __future__ import annotations

from django.test import Client

from accounts import actions as account_actions
from audit.models import AuditEvent
from audit.trail import verify_chain
from core.tests.people import PASSWORD, PeopleTestCase
from registry import actions as registry_actions

ID_NUMBER = "370602198005051372"


class SecurityEventTests(PeopleTestCase):
    def events(self, action: str):
        return AuditEvent.objects.filter(action=action).order_by("seq")

    def test_a_log_in_and_a_failed_log_in_are_recorded_without_the_password(self):
        client = Client(REMOTE_ADDR="10.1.2.3")
        client.post("/accounts/login/", {"username": self.clerk.username, "password": "wrong-password-1"})
        client.post("/accounts/login/", {"username": self.clerk.username, "password": PASSWORD})
        failed = self.events("security.login_failed").last()
        self.assertEqual((failed.object_repr, failed.actor_name), (self.clerk.username, "anonymous"))
        self.assertEqual(failed.after["address"], "10.1.2.3")
        ok = self.events("security.login").last()
        self.assertEqual(ok.actor_id, self.clerk.pk)
        for event in (failed, ok):
            self.assertNotIn("wrong-password-1", str(event.after))
            self.assertNotIn(PASSWORD, str(event.after))
        self.assertEqual(verify_chain(), [])

    def test_a_refused_page_and_a_refused_api_call_are_recorded(self):
        self.client.force_login(self.ent_manager)
        self.assertEqual(self.client.get("/incentives/funds/").status_code, 403)
        page = self.events("security.denied").last()
        self.assertEqual((page.actor_id, page.after["path"]), (self.ent_manager.pk, "/incentives/funds/"))
        self.assertTrue(page.after["reason"])
        _token, raw = account_actions.issue_api_token(actor=self.ent_manager, name="reader")
        self.client.post(
            "/api/enterprises", data={}, content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
        )
        self.assertEqual(self.events("security.denied").last().after["path"], "/api/enterprises")

    def test_an_export_is_recorded(self):
        self.client.force_login(self.clerk)
        self.client.get("/portfolio/patents/", {"export": "xlsx"})
        event = self.events("security.export").last()
        self.assertEqual((event.actor_id, event.after["format"]), (self.clerk.pk, "xlsx"))

    def test_a_look_at_a_full_id_number_is_recorded_and_a_masked_one_is_not(self):
        talent = registry_actions.add_talent(actor=None, name="赵芳", kind="engineer", id_number=ID_NUMBER)
        self.client.force_login(self.clerk)
        self.assertContains(self.client.get(f"/registry/talent/{talent.pk}/"), ID_NUMBER)
        event = self.events("security.personal_number_view").last()
        self.assertEqual((event.actor_id, event.object_id), (self.clerk.pk, str(talent.pk)))
        self.assertNotIn(ID_NUMBER, str(event.after))
        count = self.events("security.personal_number_view").count()
        self.client.force_login(self.leadership)
        self.assertNotContains(self.client.get(f"/registry/talent/{talent.pk}/"), ID_NUMBER)
        self.assertEqual(self.events("security.personal_number_view").count(), count)
