from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.people import PeopleTestCase, new_uscc
from registry import actions


class HomePageTests(PeopleTestCase):
    def test_office_sees_the_district_at_a_glance(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("home:home"))
        self.assertContains(response, 'id="stat-enterprises">2<')
        self.assertContains(response, "芝罘区")

    def test_enterprise_user_sees_its_own_enterprise(self):
        self.client.force_login(self.ent_member)
        response = self.client.get(reverse("home:home"))
        self.assertContains(response, "Bob Ltd")
        self.assertNotContains(response, "Charlie Ltd")

    def test_a_bureau_starts_on_its_districts_compared_and_the_leadership_on_the_dashboard(self):
        self.client.force_login(self.bureau_reader)
        self.assertRedirects(self.client.get(reverse("home:home")), reverse("dashboard:rollup"))
        self.client.force_login(self.leadership)
        self.assertRedirects(self.client.get(reverse("home:home")), reverse("dashboard:dashboard"))

    def test_bank_officer_sees_its_organisation(self):
        self.client.force_login(self.bank_officer)
        self.assertContains(self.client.get(reverse("home:home")), "Bank")

    def test_the_default_language_is_simplified_chinese_and_english_is_a_switch_away(self):
        self.client.force_login(self.clerk)
        self.assertContains(self.client.get(reverse("registry:enterprise_list")), "统一社会信用代码")
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertContains(self.client.get(reverse("registry:enterprise_list")), "Unified Social Credit Code")


class HomeQueryCountTests(PeopleTestCase):
    def count(self) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(reverse("home:home")).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_office_home_does_not_grow_with_enterprises_and_parks(self):
        self.client.force_login(self.clerk)
        self.count()
        before = self.count()
        for i in range(8):
            park = actions.create_park(actor=self.clerk, name=f"park {i}", street_code="370602005")
            actions.register_enterprise(
                actor=self.clerk, uscc=new_uscc(100 + i), name=f"Co {i}", park=park, street_code="370602006"
            )
        self.assertEqual(self.count(), before)
        # The worklist's providers and the district at a glance, each a fixed number of queries.
        self.assertLessEqual(before, 30)
