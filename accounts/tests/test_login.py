import datetime as dt

import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import actions
from accounts.choices import Role
from core.tests.people import PASSWORD, PeopleTestCase


class LoginTests(PeopleTestCase):
    def login(self, password: str):
        return self.client.post(reverse("accounts:login"), {"username": "alice", "password": password})

    def test_right_password_logs_in(self):
        response = self.login(PASSWORD)
        self.assertRedirects(response, reverse("home:home"))

    def test_wrong_password_says_so(self):
        response = self.login("wrong")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errorlist")

    @override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=dt.timedelta(minutes=15))
    def test_repeated_failures_lock_the_account_until_the_cool_off_ends(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(3):
                self.login("wrong")
            locked = self.login(PASSWORD)
            self.assertEqual(locked.status_code, 429)
        with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
            self.assertRedirects(self.login(PASSWORD), reverse("home:home"))


class LockOutPageTests(PeopleTestCase):
    def login(self, password):
        return self.client.post(
            reverse("accounts:login"), {"username": "bob", "password": password}, headers={"accept-language": "en"}
        )

    @override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=dt.timedelta(minutes=15))
    def test_the_lock_out_page_says_how_many_minutes_to_wait(self):
        self.login("wrong")
        locked = self.login("wrong")
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "Try again in 15 minutes", status_code=429)

    @override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=dt.timedelta(seconds=90))
    def test_a_wait_of_part_of_a_minute_is_rounded_up(self):
        self.login("wrong")
        self.assertContains(self.login("wrong"), "Try again in 2 minutes", status_code=429)


class SessionTimeoutTests(PeopleTestCase):
    def test_an_idle_session_expires(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
            self.assertEqual(self.client.get(reverse("home:home")).status_code, 200)
        with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
            response = self.client.get(reverse("home:home"))
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("accounts:login"), response["Location"])

    def test_a_busy_session_still_ends_after_the_absolute_limit(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
        # A request every 20 minutes keeps the session from idling out...
        for minutes in range(20, 600, 20):
            with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
                self.assertEqual(self.client.get(reverse("home:home")).status_code, 200, minutes)
        # ...but ten hours after log-in it ends all the same.
        with time_machine.travel(start + dt.timedelta(hours=10, minutes=1), tick=False):
            response = self.client.get(reverse("home:home"))
            self.assertEqual(response.status_code, 302)


class RoleTests(PeopleTestCase):
    def test_an_office_role_cannot_be_given_to_a_bank_officer(self):
        with self.assertRaises(ValidationError) as caught:
            actions.create_user(actor=None, organisation=self.bank, username="x", password=PASSWORD, role=Role.REVIEWER)
        self.assertIn("role", caught.exception.message_dict)

    def test_an_enterprise_manager_adds_people_to_its_own_enterprise_only(self):
        user = actions.create_user(
            actor=self.ent_manager,
            organisation=self.enterprise.organisation,
            username="bobs-new-hire",
            password=PASSWORD,
            role=Role.MEMBER,
        )
        self.assertEqual(user.organisation, self.enterprise.organisation)
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            actions.create_user(
                actor=self.ent_manager,
                organisation=self.other_enterprise.organisation,
                username="intruder",
                password=PASSWORD,
                role=Role.MEMBER,
            )
