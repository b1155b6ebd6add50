"""Issue 21: the office links the banks, valuation agencies, mediation bodies, police and courts
that serve its district (the system administrator any district), audited; the page lists who
serves the district; another district's page is a 404, like a missing one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation

from accounts import actions
from accounts.choices import OrganisationKind
from accounts.models import District, Organisation, User
from audit.models import AuditEvent
from core.tests.people import SECOND_DISTRICT_CODE, PeopleTestCase
from core.tests.querycount import assert_queries_do_not_grow

MISSING_CODE = "999999"


def serving_table(response) -> str:
    """The page's table of who serves the district (the link form below lists the others)."""
    return response.content.decode().split('id="serving"')[1].split("</table>")[0]


class DistrictLinkTests(PeopleTestCase):
    def test_the_clerk_links_a_bank_to_the_own_district_and_it_is_audited(self):
        self.client.force_login(self.second_clerk)
        url = f"/accounts/districts/{SECOND_DISTRICT_CODE}/"
        self.assertNotIn("Mediation", serving_table(self.client.get(url)))
        response = self.client.post(f"{url}link/", {"organisation": self.mediation.pk})
        self.assertRedirects(response, url)
        self.assertIn(self.second_district, self.mediation.districts.all())
        page = serving_table(self.client.get(url))
        self.assertIn("Mediation", page)
        self.assertIn("芝罘区、福山区", page)  # the districts it serves now
        event = AuditEvent.objects.filter(action="organisation.link_district").get()
        self.assertEqual(event.actor, self.second_clerk)
        self.assertEqual(event.before, {"districts": ["370602"]})
        self.assertEqual(event.after, {"districts": ["370602", SECOND_DISTRICT_CODE]})

    def test_the_clerk_unlinks_a_bank_and_it_is_audited(self):
        self.client.force_login(self.second_clerk)
        url = f"/accounts/districts/{SECOND_DISTRICT_CODE}/"
        response = self.client.post(f"{url}unlink/{self.bank.pk}/")
        self.assertRedirects(response, url)
        self.assertEqual(set(self.bank.districts.all()), {self.district})
        event = AuditEvent.objects.filter(action="organisation.unlink_district").get()
        self.assertEqual(event.after, {"districts": ["370602"]})
        self.assertNotIn("Bank", serving_table(self.client.get(url)))

    def test_the_last_district_of_an_organisation_is_kept(self):
        with self.assertRaises(ValidationError), translation.override("en"):
            actions.unlink_from_district(actor=self.clerk, organisation=self.police, district=self.district)
        self.client.force_login(self.clerk)
        response = self.client.post(f"/accounts/districts/370602/unlink/{self.police.pk}/", follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(self.police.districts.all()), {self.district})
        self.assertFalse(AuditEvent.objects.filter(action="organisation.unlink_district").exists())

    def test_an_enterprise_or_an_office_is_not_linked_to_a_second_district(self):
        for organisation in (self.enterprise.organisation, self.office):
            with self.subTest(kind=organisation.kind), self.assertRaises(ValidationError):
                actions.link_to_district(actor=None, organisation=organisation, district=self.second_district)
        self.client.force_login(self.second_clerk)
        response = self.client.post(
            f"/accounts/districts/{SECOND_DISTRICT_CODE}/link/", {"organisation": self.enterprise.organisation.pk}
        )
        self.assertEqual(response.status_code, 200)  # the form again: not a choice
        self.assertNotIn(self.second_district, self.enterprise.organisation.districts.all())

    def test_an_office_links_to_its_own_district_only(self):
        with self.assertRaises(ValidationError):
            actions.link_to_district(actor=self.second_clerk, organisation=self.police, district=self.district)
        with self.assertRaises(ValidationError):
            actions.link_to_district(actor=self.clerk, organisation=self.police, district=self.second_district)

    def test_another_districts_page_is_a_404_like_a_missing_one(self):
        self.client.force_login(self.second_clerk)
        for template in (
            "/accounts/districts/{}/",
            "/accounts/districts/{}/link/",
            "/accounts/districts/{}/unlink/{}/",
        ):
            for method in ("get", "post"):
                with self.subTest(template=template, method=method):
                    send = getattr(self.client, method)
                    missing = send(template.format(MISSING_CODE, self.bank.pk)).status_code
                    foreign = send(template.format(self.district.code, self.bank.pk)).status_code
                    self.assertIn(missing, (404, 405))
                    self.assertEqual(foreign, missing)
        self.assertEqual(set(self.bank.districts.all()), {self.district, self.second_district})
        # The list names the own district only.
        page = self.client.get("/accounts/districts/").content.decode()
        self.assertIn(SECOND_DISTRICT_CODE, page)
        self.assertNotIn("370602", page)

    def test_people_outside_the_office_staff_are_refused(self):
        for user in (self.ent_manager, self.bank_officer, self.mediator, self.leadership, self.bureau_reader):
            self.client.force_login(user)
            for url in ("/accounts/districts/", "/accounts/districts/370602/", f"/accounts/districts/{MISSING_CODE}/"):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)
            response = self.client.post("/accounts/districts/370602/link/", {"organisation": self.police.pk})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(set(self.police.districts.all()), {self.district})
        self.client.logout()
        self.assertEqual(self.client.get("/accounts/districts/").status_code, 302)  # to the log-in page

    def test_the_system_administrator_links_any_district(self):
        admin = User.objects.create_superuser("root", password="x" * 20)
        self.client.force_login(admin)
        page = self.client.get("/accounts/districts/").content.decode()
        self.assertIn("370602", page)
        self.assertIn(SECOND_DISTRICT_CODE, page)
        third = District.of_code("370681")
        response = self.client.post("/accounts/districts/370681/link/", {"organisation": self.court.pk})
        self.assertRedirects(response, "/accounts/districts/370681/")
        self.assertIn(third, self.court.districts.all())

    def test_the_district_page_does_not_grow_with_its_serving_organisations(self):
        serial = iter(range(1000))

        def add_banks(n: int) -> None:
            for _ in range(n):
                bank = actions.create_organisation(
                    actor=None, name=f"Bank {next(serial)}", kind=OrganisationKind.BANK, districts=[self.district]
                )
                bank.districts.add(self.second_district)

        counts = assert_queries_do_not_grow(
            self,
            [
                (self.second_clerk, f"/accounts/districts/{SECOND_DISTRICT_CODE}/"),
                (self.second_clerk, "/accounts/districts/"),
            ],
            add_banks,
        )
        self.assertEqual(Organisation.objects.filter(districts=self.second_district, kind="bank").count(), 1 + 6)
        self.assertLess(max(counts), 30)
