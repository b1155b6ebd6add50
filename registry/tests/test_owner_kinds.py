"""Every kind of owner: enterprises, universities, research institutes, hospitals and
individuals are registered, filtered and shown; an individual by a valid resident ID number,
masked for everyone but the office's staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from core.tests.people import PeopleTestCase, new_uscc
from registry import actions
from registry.choices import OwnerKind
from registry.models import Enterprise

ID_NUMBER = "370602198503120035"


class OwnerKindTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.university = actions.register_enterprise(
            actor=None, uscc=new_uscc(31), name="烟台大学", owner_kind=OwnerKind.UNIVERSITY
        )
        cls.person_owner = actions.register_enterprise(
            actor=None, name="张发明", owner_kind=OwnerKind.INDIVIDUAL, id_number=ID_NUMBER
        )

    def test_existing_and_new_rows_default_to_enterprise(self):
        self.assertEqual(self.enterprise.owner_kind, OwnerKind.ENTERPRISE)
        self.assertEqual(self.person_owner.uscc, "")
        self.assertEqual(self.person_owner.region_code, "370602")

    def test_an_individual_needs_a_valid_id_number_and_no_credit_code(self):
        with self.assertRaises(ValidationError) as caught:
            actions.register_enterprise(actor=None, name="李四", owner_kind=OwnerKind.INDIVIDUAL)
        self.assertIn("id_number", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            actions.register_enterprise(
                actor=None, name="李四", owner_kind=OwnerKind.INDIVIDUAL, id_number="370602198503120036"
            )
        self.assertIn("id_number", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            actions.register_enterprise(
                actor=None, name="李四", owner_kind=OwnerKind.INDIVIDUAL, id_number="370602199001011239",
                uscc=new_uscc(32),
            )  # fmt: skip
        self.assertIn("uscc", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            actions.register_enterprise(actor=None, name="某医院", owner_kind=OwnerKind.HOSPITAL)
        self.assertIn("uscc", caught.exception.message_dict)
        with self.assertRaises(ValidationError):  # one ID number, one owner
            actions.register_enterprise(
                actor=None, name="张发明2", owner_kind=OwnerKind.INDIVIDUAL, id_number=ID_NUMBER
            )

    def test_the_clerk_registers_an_individual_through_the_form_and_bad_input_keeps_values(self):
        self.client.force_login(self.clerk)
        page = self.client.post(
            "/registry/enterprises/new/", {"owner_kind": "individual", "name": "王五", "id_number": "12345"}
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'value="12345"')
        self.assertContains(page, 'value="王五"')
        self.assertFalse(Enterprise.objects.filter(name="王五").exists())
        response = self.client.post(
            "/registry/enterprises/new/",
            {"owner_kind": "individual", "name": "王五", "id_number": "370602199001011239"},
        )
        owner = Enterprise.objects.get(name="王五")
        self.assertRedirects(response, f"/registry/enterprises/{owner.pk}/")
        self.assertEqual((owner.owner_kind, owner.uscc), (OwnerKind.INDIVIDUAL, ""))

    def test_the_list_filters_by_kind_and_shows_it(self):
        self.client.force_login(self.clerk)
        page = self.client.get("/registry/enterprises/?kind=university")
        self.assertContains(page, "烟台大学")
        self.assertContains(page, "高校")
        self.assertNotContains(page, "Bob Ltd")
        page = self.client.get("/registry/enterprises/?kind=individual")
        self.assertContains(page, "张发明")
        self.assertNotContains(page, ID_NUMBER)
        self.assertEqual(self.client.get("/registry/enterprises/?kind=nonsense").status_code, 200)

    def test_the_id_number_is_shown_in_full_to_the_office_only_and_the_look_is_audited(self):
        url = f"/registry/enterprises/{self.person_owner.pk}/"
        self.client.force_login(self.clerk)
        page = self.client.get(url)
        self.assertContains(page, ID_NUMBER)
        self.assertContains(page, "个人")
        self.assertTrue(
            AuditEvent.objects.filter(
                action="security.personal_number_view", object_id=str(self.person_owner.pk)
            ).exists()
        )
        self.client.force_login(self.leadership)
        page = self.client.get(url)
        self.assertNotContains(page, ID_NUMBER)
        self.assertContains(page, "370602********0035")

    def test_the_api_takes_and_shows_the_kind(self):
        self.client.force_login(self.clerk)
        response = self.client.get(f"/api/enterprises/{self.university.pk}")
        self.assertEqual(response.json()["owner_kind"], "university")
        self.assertNotIn("id_number", self.client.get(f"/api/enterprises/{self.person_owner.pk}").json())
