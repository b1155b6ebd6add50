import itertools

from django.urls import reverse

from core.tests.people import PeopleTestCase, new_uscc
from core.tests.querycount import assert_queries_do_not_grow
from registry import actions


class EnterprisePageTests(PeopleTestCase):
    def test_a_bad_code_in_the_form_gets_a_clear_message_and_writes_nothing(self):
        self.client.force_login(self.clerk)
        code = new_uscc(55)
        bad = code[:-1] + ("1" if code[-1] != "1" else "2")
        response = self.client.post(reverse("registry:enterprise_create"), {"uscc": bad, "name": "Form Co"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "校验位")
        form = {"owner_kind": "enterprise", "uscc": code, "name": "Form Co"}
        response = self.client.post(reverse("registry:enterprise_create"), form)
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
    ]

    def test_list_pages_do_not_grow_with_rows(self):
        self.client.force_login(self.clerk)
        serial = itertools.count()

        def add(n: int) -> None:
            for i in itertools.islice(serial, n):
                park = actions.create_park(actor=self.clerk, name=f"park {i}", street_code="370602005")
                enterprise = actions.register_enterprise(
                    actor=self.clerk, uscc=new_uscc(100 + i), name=f"Co {i}", park=park, street_code="370602006"
                )
                actions.add_talent(
                    actor=self.clerk, name=f"p{i}", kind="engineer", organisation=enterprise.organisation
                )

        after = assert_queries_do_not_grow(self, [reverse(name) for name in self.LISTS], add, rows=3)
        self.assertLessEqual(max(after), 16)
