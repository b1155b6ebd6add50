"""Nobody outside the office reaches the watch: every page and endpoint answers 404, exactly
like a missing id."""

from django.urls import reverse

from registry.tests.test_access import MISSING, page_body
from similarity import actions
from similarity.models import ProtectedMark
from similarity.tests.base import IndexedTestCase
from similarity.watch import check_text_against_watch


class WatchAccessTests(IndexedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.entry = actions.add_protected_mark(actor=None, name="芝罘", nice_classes=[33])
        cls.hit = check_text_against_watch("芝罘湾", [33], "lead", None)[0]

    def pages(self):
        return [
            ("similarity:hit_detail", self.hit.pk, "get"),
            ("similarity:hit_transition", self.hit.pk, "post"),
            ("similarity:protected_toggle", self.entry.pk, "post"),
        ]

    def outsiders(self):
        return [
            self.ent_manager,
            self.ent_member,
            self.other_manager,
            self.bank_officer,
            self.mediator,
            self.police_liaison,
        ]

    def test_outsiders_get_404_identical_to_a_missing_id_on_every_page(self):
        for user in self.outsiders():
            self.client.force_login(user)
            for name, pk, method in self.pages():
                with self.subTest(user=user.username, page=name):
                    call = getattr(self.client, method)
                    foreign_path, missing_path = reverse(name, args=[pk]), reverse(name, args=[MISSING])
                    foreign, missing = call(foreign_path), call(missing_path)
                    self.assertEqual(foreign.status_code, 404)
                    self.assertEqual(page_body(foreign, foreign_path), page_body(missing, missing_path))
            for name in ("similarity:watch_list", "similarity:protected_list", "similarity:protected_create"):
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.client.get(reverse(name)).status_code, 404)
            self.assertEqual(self.client.post(reverse("similarity:protected_sync")).status_code, 404)
        self.assertTrue(ProtectedMark.objects.get(pk=self.entry.pk).is_active)

    def test_outsiders_get_404_identical_to_a_missing_id_on_every_api_endpoint(self):
        for user in self.outsiders():
            self.client.force_login(user)
            for method, url in [("get", "/api/watch/hits/{}"), ("post", "/api/watch/hits/{}/transition")]:
                with self.subTest(user=user.username, url=url):
                    kwargs = {"data": {"status": "dismissed", "note": "x"}, "content_type": "application/json"}
                    kwargs = kwargs if method == "post" else {}
                    foreign = getattr(self.client, method)(url.format(self.hit.pk), **kwargs)
                    missing = getattr(self.client, method)(url.format(MISSING), **kwargs)
                    self.assertEqual(foreign.status_code, 404)
                    self.assertEqual(foreign.content, missing.content)
            self.assertEqual(self.client.get("/api/watch/hits").status_code, 404)

    def test_the_office_reaches_every_page(self):
        self.client.force_login(self.enforcer)
        for name in ("similarity:watch_list", "similarity:protected_list"):
            self.assertEqual(self.client.get(reverse(name)).status_code, 200)
        self.assertEqual(self.client.get(reverse("similarity:hit_detail", args=[self.hit.pk])).status_code, 200)
