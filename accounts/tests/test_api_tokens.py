from accounts import actions
from audit.models import AuditEvent
from core.tests.people import PeopleTestCase


class ApiTokenTests(PeopleTestCase):
    def test_a_token_calls_the_api_as_its_owner(self):
        _token, raw = actions.issue_api_token(actor=self.ent_manager, name="script")
        response = self.client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["username"], "bob")
        names = [
            row["name"]
            for row in self.client.get("/api/enterprises", headers={"Authorization": f"Bearer {raw}"}).json()["items"]
        ]
        self.assertEqual(names, ["Bob Ltd"])

    def test_no_token_and_a_wrong_token_are_401(self):
        self.assertEqual(self.client.get("/api/enterprises").status_code, 401)
        self.assertEqual(self.client.get("/api/enterprises", headers={"Authorization": "Bearer nope"}).status_code, 401)

    def test_a_revoked_token_stops_working(self):
        token, raw = actions.issue_api_token(actor=self.clerk, name="old")
        actions.revoke_api_token(actor=self.clerk, token=token)
        self.assertEqual(self.client.get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code, 401)

    def test_only_the_hash_is_stored_and_issuing_is_audited(self):
        token, raw = actions.issue_api_token(actor=self.clerk, name="ci")
        self.assertNotEqual(token.digest, raw)
        event = AuditEvent.objects.get(action="api_token.issue", object_id=str(token.pk))
        self.assertNotIn(raw, str(event.after))

    def test_the_api_writes_through_the_same_actions_and_validation(self):
        _token, raw = actions.issue_api_token(actor=self.clerk, name="writer", scope="write")
        auth = {"Authorization": f"Bearer {raw}"}
        bad = self.client.post(
            "/api/enterprises",
            data={"uscc": "913706020000000000", "name": "X"},
            content_type="application/json",
            headers=auth,
        )
        self.assertEqual(bad.status_code, 422)
        self.assertIn("uscc", bad.json()["errors"])
        from core.tests.people import new_uscc

        good = self.client.post(
            "/api/enterprises",
            data={"uscc": new_uscc(77), "name": "API Co"},
            content_type="application/json",
            headers=auth,
        )
        self.assertEqual(good.status_code, 201)
        self.assertTrue(AuditEvent.objects.filter(action="enterprise.register", object_repr="API Co").exists())

    def test_an_enterprise_token_cannot_register_enterprises(self):
        from core.tests.people import new_uscc

        _token, raw = actions.issue_api_token(actor=self.ent_manager, name="script")
        response = self.client.post(
            "/api/enterprises",
            data={"uscc": new_uscc(78), "name": "Y"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        self.assertEqual(response.status_code, 403)

    def test_openapi_document_lists_the_registry(self):
        doc = self.client.get("/api/openapi.json").json()
        self.assertIn("/api/enterprises", doc["paths"])
        self.assertIn("/api/talent/{talent_id}", doc["paths"])


class ApiTokenScopeTests(PeopleTestCase):
    def test_a_read_only_token_reads_but_cannot_write(self):
        _token, raw = actions.issue_api_token(actor=self.clerk, name="reader")
        auth = {"Authorization": f"Bearer {raw}"}
        self.assertEqual(self.client.get("/api/enterprises", headers=auth).status_code, 200)
        response = self.client.post(
            "/api/enterprises", data={"uscc": "x", "name": "X"}, content_type="application/json", headers=auth
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("只能读取", response.json()["detail"])

    def test_an_expired_token_stops_working(self):
        import datetime as dt

        import time_machine
        from django.utils import timezone

        _token, raw = actions.issue_api_token(actor=self.clerk, name="short", days=30)
        auth = {"Authorization": f"Bearer {raw}"}
        self.assertEqual(self.client.get("/api/me", headers=auth).status_code, 200)
        with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
            self.assertEqual(self.client.get("/api/me", headers=auth).status_code, 401)

    def test_a_token_lifetime_outside_the_choices_is_refused(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            actions.issue_api_token(actor=self.clerk, name="forever", days=100000)

    def test_the_account_page_issues_a_scoped_token_and_shows_it_once(self):
        self.client.force_login(self.clerk)
        self.client.post("/accounts/me/tokens/", {"name": "sync", "scope": "write", "days": "30"})
        first = self.client.get("/accounts/me/")
        raw = first.context["new_token"]
        self.assertTrue(raw)
        self.assertIsNone(self.client.get("/accounts/me/").context["new_token"])
        token = self.clerk.api_tokens.get(name="sync")
        lifetime = round((token.expires_at - token.created_at).total_seconds() / 86400)
        self.assertEqual((token.scope, lifetime), ("write", 30))
