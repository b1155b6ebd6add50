from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.people import PeopleTestCase, new_uscc
from registry import actions


class HomePageTests(PeopleTestCase):
    def test_office_sees_the_district_at_a_glance(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, 'id="stat-enterprises">2<')
        self.assertContains(response, "芝罘区")

    def test_enterprise_user_sees_its_own_enterprise(self):
        self.client.force_login(self.ent_member)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, "Bob Ltd")
        self.assertNotContains(response, "Charlie Ltd")

    def test_bank_officer_sees_its_organisation(self):
        self.client.force_login(self.bank_officer)
        self.assertContains(self.client.get(reverse("core:home")), "Bank")

    def test_the_default_language_is_simplified_chinese_and_english_is_a_switch_away(self):
        self.client.force_login(self.clerk)
        self.assertContains(self.client.get(reverse("registry:enterprise_list")), "统一社会信用代码")
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertContains(self.client.get(reverse("registry:enterprise_list")), "Unified Social Credit Code")


class EnterprisePageTests(PeopleTestCase):
    def test_a_bad_code_in_the_form_gets_a_clear_message_and_writes_nothing(self):
        self.client.force_login(self.clerk)
        code = new_uscc(55)
        bad = code[:-1] + ("1" if code[-1] != "1" else "2")
        response = self.client.post(reverse("registry:enterprise_create"), {"uscc": bad, "name": "Form Co"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "校验位")
        response = self.client.post(reverse("registry:enterprise_create"), {"uscc": code, "name": "Form Co"})
        self.assertEqual(response.status_code, 302)

    def test_history_is_shown_to_the_office_only(self):
        actions.update_enterprise(actor=self.clerk, enterprise=self.enterprise, industry="医药制造业")
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("registry:enterprise_detail", args=[self.enterprise.pk]))
        # The action in words, the person by name, the change as "field: old → new".
        self.assertContains(response, "修改企业信息")
        self.assertContains(response, f"{self.clerk.get_full_name() or self.clerk.username}</td>")
        self.assertContains(response, "行业: — → 医药制造业")
        self.assertNotContains(response, "enterprise.update")
        self.client.force_login(self.ent_manager)
        response = self.client.get(reverse("registry:enterprise_detail", args=[self.enterprise.pk]))
        self.assertNotContains(response, "修改企业信息")

    def test_edit_button_missing_with_the_reason(self):
        self.client.force_login(self.ent_member)
        response = self.client.get(reverse("registry:enterprise_detail", args=[self.enterprise.pk]))
        self.assertNotContains(response, reverse("registry:enterprise_edit", args=[self.enterprise.pk]))
        self.assertContains(response, 'class="why"')


class QueryCountTests(PeopleTestCase):
    """List pages cost the same number of queries whatever the number of rows."""

    LISTS = [
        "registry:enterprise_list",
        "registry:park_list",
        "registry:talent_list",
        "accounts:organisation_list",
        "audit:audit_log",
        "core:home",
    ]

    def count(self, name: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(reverse(name)).status_code, 200)
        return len(ctx.captured_queries)

    def test_list_pages_do_not_grow_with_rows(self):
        self.client.force_login(self.clerk)
        actions.add_talent(actor=self.clerk, name="first", kind="engineer", organisation=self.enterprise.organisation)
        before = {name: self.count(name) for name in self.LISTS}
        for i in range(8):
            park = actions.create_park(actor=self.clerk, name=f"park {i}", street_code="370602005")
            enterprise = actions.register_enterprise(
                actor=self.clerk, uscc=new_uscc(100 + i), name=f"Co {i}", park=park, street_code="370602006"
            )
            actions.add_talent(actor=self.clerk, name=f"p{i}", kind="engineer", organisation=enterprise.organisation)
        after = {name: self.count(name) for name in self.LISTS}
        self.assertEqual(before, after)
        self.assertLessEqual(max(after.values()), 16)  # the office home also counts the due case steps
