"""Passwords, sessions and the second factor (TOTP with recovery codes)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions
from accounts.choices import Role
from audit.models import AuditEvent
from core.tests.people import PASSWORD, PeopleTestCase


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def log_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


class EnrolmentTests(PeopleTestCase):
    def enrol(self, client: Client, user) -> tuple[TOTPDevice, list[str]]:
        page = client.get("/accounts/me/second-factor/")
        self.assertContains(page, "<svg")  # the QR code, drawn on the server
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        response = client.post("/accounts/me/second-factor/", {"code": code_for(device)})
        self.assertEqual(response.status_code, 302)
        shown = client.get(response["Location"])
        codes = shown.context["codes"]
        self.assertEqual(len(codes), 10)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        return device, codes

    def test_a_person_enrols_an_authenticator_and_then_needs_a_code_at_each_log_in(self):
        client = log_in(self.ent_manager)
        device, _codes = self.enrol(client, self.ent_manager)
        self.assertTrue(AuditEvent.objects.filter(action="user.second_factor_enrol", object_id=self.ent_manager.pk))

        again = log_in(self.ent_manager)
        response = again.get("/portfolio/patents/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/verify/"))
        # No API answer for a session that has not given the code either.
        self.assertEqual(again.get("/api/me").status_code, 401)

        wrong = again.post("/accounts/verify/", {"code": "000000", "next": "/portfolio/patents/"})
        self.assertEqual(wrong.status_code, 200)
        wrong_code_message = wrong.context["form"].errors["code"][0]
        # A wrong code makes the next try wait (django-otp's throttling), and the page says so.
        device.refresh_from_db()
        throttled = again.post("/accounts/verify/", {"code": code_for(device), "next": "/portfolio/patents/"})
        self.assertNotEqual(throttled.context["form"].errors["code"][0], wrong_code_message)
        session_before = again.session.session_key
        # (Later than the enrolment's 30-second step too: a code is never accepted twice.)
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=35)):
            right = again.post("/accounts/verify/", {"code": code_for(device), "next": "/portfolio/patents/"})
        self.assertEqual(right["Location"], "/portfolio/patents/")
        self.assertNotEqual(again.session.session_key, session_before)  # rotated at the second factor
        self.assertEqual(again.get("/portfolio/patents/").status_code, 200)

    def test_a_recovery_code_works_once(self):
        client = log_in(self.ent_manager)
        _device, codes = self.enrol(client, self.ent_manager)
        first = log_in(self.ent_manager)
        self.assertEqual(first.post("/accounts/verify/", {"code": codes[0]}).status_code, 302)
        self.assertEqual(first.get("/").status_code, 200)
        second = log_in(self.ent_manager)
        response = second.post("/accounts/verify/", {"code": codes[0]})
        self.assertEqual(response.status_code, 200)  # refused: the form again
        self.assertEqual(second.get("/").status_code, 302)

    def test_a_wrong_code_does_not_confirm_the_authenticator(self):
        client = log_in(self.ent_manager)
        client.get("/accounts/me/second-factor/")
        response = client.post("/accounts/me/second-factor/", {"code": "123456"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(TOTPDevice.objects.filter(user=self.ent_manager, confirmed=True).exists())

    @override_settings(SECOND_FACTOR_REQUIRED=True)
    def test_office_police_and_court_must_set_it_up_when_required(self):
        for person in (self.clerk, self.enforcer, self.police_liaison, self.court_liaison):
            with self.subTest(person=person.username):
                client = log_in(person)
                response = client.get("/")
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/me/second-factor/"))
                self.assertEqual(client.get("/api/me").status_code, 401)

    @override_settings(SECOND_FACTOR_REQUIRED=True)
    def test_enterprises_and_banks_may_choose(self):
        for person in (self.ent_manager, self.bank_officer, self.mediator):
            with self.subTest(person=person.username):
                self.assertEqual(log_in(person).get("/").status_code, 200)

    def test_api_tokens_are_not_asked_for_a_second_factor(self):
        client = log_in(self.ent_manager)
        self.enrol(client, self.ent_manager)
        _token, raw = actions.issue_api_token(actor=self.ent_manager, name="script")
        response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(response.status_code, 200)

    def test_the_office_resets_a_lost_authenticator_and_it_is_audited(self):
        client = log_in(self.ent_manager)
        self.enrol(client, self.ent_manager)
        office = Client()
        office.force_login(self.clerk)
        response = office.post(f"/accounts/users/{self.ent_manager.pk}/reset-second-factor/")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(TOTPDevice.objects.filter(user=self.ent_manager).exists())
        self.assertTrue(AuditEvent.objects.filter(action="user.second_factor_reset", object_id=self.ent_manager.pk))
        # The reset ends the person's sessions.
        self.assertEqual(client.get("/").status_code, 302)
        self.assertEqual(log_in(self.ent_manager).get("/").status_code, 200)

    def test_no_one_outside_the_office_resets_another_organisations_person(self):
        client = Client()
        client.force_login(self.other_manager)
        response = client.post(f"/accounts/users/{self.ent_manager.pk}/reset-second-factor/")
        self.assertEqual(response.status_code, 404)
        client.force_login(self.bank_officer)
        self.assertEqual(client.post(f"/accounts/users/{self.ent_manager.pk}/reset-second-factor/").status_code, 404)


class PasswordAndSessionTests(PeopleTestCase):
    def test_a_password_shorter_than_12_characters_is_refused(self):
        with self.assertRaises(ValidationError):
            actions.create_user(
                actor=None, organisation=self.bank, username="shorty", password="Short-pw-1", role=Role.MEMBER
            )

    def test_a_breached_password_is_refused(self):
        with self.assertRaises(ValidationError):
            actions.change_password(actor=self.ent_manager, new_password="password1234")

    def test_changing_my_password_checks_the_old_one_and_keeps_me_logged_in(self):
        client = log_in(self.ent_manager)
        wrong = client.post(
            "/accounts/me/password/",
            {
                "old_password": "nope",
                "new_password1": "a-new-long-passphrase-9",
                "new_password2": "a-new-long-passphrase-9",
            },
        )
        self.assertEqual(wrong.status_code, 200)
        right = client.post(
            "/accounts/me/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "a-new-long-passphrase-9",
                "new_password2": "a-new-long-passphrase-9",
            },
        )
        self.assertEqual(right.status_code, 302)
        self.assertEqual(client.get("/").status_code, 200)
        self.assertTrue(AuditEvent.objects.filter(action="user.password_change", object_id=self.ent_manager.pk))

    def test_log_out_everywhere_ends_every_session_of_the_person(self):
        laptop, phone = log_in(self.ent_manager), log_in(self.ent_manager)
        self.assertEqual(phone.get("/").status_code, 200)
        laptop.post("/accounts/me/logout-everywhere/")
        self.assertEqual(phone.get("/").status_code, 302)
        self.assertEqual(laptop.get("/").status_code, 302)
        self.assertEqual(log_in(self.ent_manager).get("/").status_code, 200)
        self.assertTrue(AuditEvent.objects.filter(action="user.logout_everywhere"))

    def test_the_session_id_changes_at_log_in(self):
        client = Client()
        client.get("/accounts/login/")
        client.cookies["sessionid"] = "attacker-chosen"
        client.post("/accounts/login/", {"username": self.ent_manager.username, "password": PASSWORD})
        self.assertNotEqual(client.cookies["sessionid"].value, "attacker-chosen")
