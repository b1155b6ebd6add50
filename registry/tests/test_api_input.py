"""Bad input to the registry API is a 4xx that says what to fix, never a 500 (issue 14)."""

from django.core.exceptions import ValidationError

from core.tests.people import PeopleTestCase
from registry.models import Enterprise, Park


class RegistryApiInputTests(PeopleTestCase):
    def setUp(self):
        self.client.raise_request_exception = False

    def patch(self, url, data):
        return self.client.patch(url, data=data, content_type="application/json", headers={"accept-language": "en"})

    def test_a_manager_patching_the_offices_fields_of_their_enterprise_gets_a_403_naming_them(self):
        self.client.force_login(self.ent_manager)
        url = f"/api/enterprises/{self.enterprise.pk}"
        for body in ({"name": "New name"}, {"industry": "C15"}, {"name": "X", "address": "1 Road"}):
            with self.subTest(body=body):
                response = self.patch(url, body)
                self.assertEqual(response.status_code, 403)
                self.assertIn("Only the IP office changes", response.json()["detail"])
        self.assertEqual(Enterprise.objects.get(pk=self.enterprise.pk).name, "Bob Ltd")

    def test_a_manager_still_patches_their_enterprises_address_representative_and_phone(self):
        self.client.force_login(self.ent_manager)
        body = {"address": "1 Harbour Road", "legal_representative": "Bob", "contact_phone": "0535-6212345"}
        response = self.patch(f"/api/enterprises/{self.enterprise.pk}", body)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Enterprise.objects.get(pk=self.enterprise.pk).address, "1 Harbour Road")

    def test_a_null_for_a_field_that_cannot_be_empty_is_a_422_on_parks_and_enterprises(self):
        self.client.force_login(self.clerk)
        for url, field in [
            (f"/api/parks/{self.park.pk}", "focus"),
            (f"/api/parks/{self.park.pk}", "address"),
            (f"/api/enterprises/{self.enterprise.pk}", "industry"),
        ]:
            with self.subTest(url=url, field=field):
                response = self.patch(url, {field: None})
                self.assertEqual(response.status_code, 422)
                self.assertIn("cannot be null", response.json()["errors"][field][0])
        self.assertEqual(self.patch(f"/api/parks/{self.park.pk}", {"focus": "Wine"}).status_code, 200)
        self.assertEqual(Park.objects.get(pk=self.park.pk).focus, "Wine")


class PhoneNumberTests(PeopleTestCase):
    BAD = ["0535\x00621", "139\r\n0000", "139\t0000", "<b>139</b>", "call me"]
    GOOD = ["0535-6212345", "+86 139 0000 0000", "(0535)6212345 转 801", "１３９００００００００"]

    def test_every_phone_field_refuses_control_characters_and_letters(self):
        from accounts.models import User
        from registry.models import Talent

        for value in self.BAD:
            with self.subTest(value=repr(value)):
                for model, field in ((Enterprise, "contact_phone"), (Talent, "phone"), (User, "phone")):
                    with self.assertRaises(ValidationError):
                        model._meta.get_field(field).clean(value, None)

    def test_ordinary_numbers_with_spaces_dashes_brackets_and_extensions_are_accepted(self):
        for value in self.GOOD:
            with self.subTest(value=value):
                Enterprise._meta.get_field("contact_phone").clean(value, None)

    def test_a_manager_patching_a_phone_with_a_nul_gets_a_422_and_nothing_changes(self):
        self.client.force_login(self.ent_manager)
        response = self.client.patch(
            f"/api/enterprises/{self.enterprise.pk}",
            data={"contact_phone": "0535\x006212345"},
            content_type="application/json",
            headers={"accept-language": "en"},
        )
        self.assertEqual(response.status_code, 422)
        # Refused by the API's parser before the phone validator sees it (core.api_schema.TextParser).
        self.assertIn("Null characters are not allowed", response.json()["errors"]["contact_phone"][0])
        self.assertEqual(Enterprise.objects.get(pk=self.enterprise.pk).contact_phone, "")
