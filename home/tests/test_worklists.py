import datetime as dt

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.gather import worklist_for
from home.tests.world import NOW, HomeWorld


@time_machine.travel(NOW, tick=False)
class WorklistTests(HomeWorld, TestCase):
    """Each role's home page lists what waits for it, and nothing of another organisation."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_world()

    def home(self, user):
        self.client.force_login(user)
        page = self.client.get(reverse("home:home"))
        self.assertEqual(page.status_code, 200)
        return page

    def urls(self, user) -> list[str]:
        return [item.url for item in worklist_for(user)]

    def detail(self, name: str, obj) -> str:
        return reverse(name, args=[obj.pk])

    def test_the_clerk_sees_applications_to_check_reminders_this_week_watch_hits_and_rejected_imports(self):
        urls = self.urls(self.clerk)
        self.assertIn(self.detail("incentives:application_detail", self.bob_application), urls)
        # Charlie's application is past the clerk's check: it waits for the reviewer.
        self.assertNotIn(self.detail("incentives:application_detail", self.charlie_application), urls)
        self.assertIn(self.detail("portfolio:trademark_detail", self.bob_mark), urls)
        self.assertNotIn(self.detail("portfolio:trademark_detail", self.charlie_mark), urls)  # July: not this week
        self.assertIn(self.detail("portfolio:import_detail", self.rejected_import), urls)
        self.assertTrue(any("/similarity/watch/" in url for url in urls))
        page = self.home(self.clerk)
        self.assertContains(page, 'id="worklist"')
        self.assertContains(page, "BOBMARK")
        self.assertContains(page, 'id="stat-enterprises">2<')  # the district at a glance stays below

    def test_the_reviewer_sees_the_application_the_clerk_checked(self):
        urls = self.urls(self.reviewer)
        self.assertIn(self.detail("incentives:application_detail", self.charlie_application), urls)
        self.assertNotIn(self.detail("incentives:application_detail", self.bob_application), urls)

    def test_the_leader_sees_the_transfer_to_approve(self):
        urls = self.urls(self.leader)
        self.assertIn(self.detail("protection:transfer_detail", self.proposed), urls)
        self.assertNotIn(self.detail("protection:transfer_detail", self.transfer), urls)  # the police's step

    def test_the_leader_sees_an_application_once_its_public_notice_has_ended(self):
        from incentives import actions

        earlier = NOW.date() - dt.timedelta(days=20)
        application = actions.transition_application(
            actor=self.reviewer, application=self.charlie_application, to_status="reviewer_checked", today=earlier
        )
        application = actions.transition_application(
            actor=self.clerk, application=application, to_status="public_notice", today=earlier
        )
        self.assertLess(application.notice_ends, NOW.date())
        self.assertIn(self.detail("incentives:application_detail", application), self.urls(self.leader))

    def test_the_enforcement_officer_sees_the_lead_to_decide_and_its_own_cases(self):
        urls = self.urls(self.enforcer)
        self.assertIn(self.detail("protection:case_detail", self.lead_case), urls)
        self.assertIn(self.detail("protection:case_detail", self.sent_case), urls)
        self.assertNotIn(self.detail("protection:transfer_detail", self.proposed), urls)  # the head's step

    def test_the_police_see_the_transfer_sent_to_them_and_another_station_nothing(self):
        urls = self.urls(self.police_liaison)
        self.assertEqual(urls, [self.detail("protection:transfer_detail", self.transfer)])
        page = self.home(self.police_liaison)
        self.assertContains(page, self.sent_case.number)
        self.assertEqual(self.urls(self.other_police_liaison), [])

    def test_the_mediation_body_sees_the_application_to_accept_and_another_body_nothing(self):
        urls = self.urls(self.mediator)
        self.assertIn(self.detail("protection:mediation_detail", self.peoples), urls)
        self.assertIn(self.detail("protection:mediation_detail", self.referral), urls)
        self.assertEqual(self.urls(self.other_mediator), [])

    def test_the_court_sees_its_referral_and_another_court_nothing(self):
        self.assertEqual(self.urls(self.court_liaison), [self.detail("protection:mediation_detail", self.referral)])
        self.assertEqual(self.urls(self.other_court_liaison), [])

    def test_the_bank_and_the_valuer_see_the_application_at_their_step_and_others_nothing(self):
        loan_url = self.detail("financing:loan_detail", self.loan)
        self.assertEqual(self.urls(self.bank_officer), [loan_url])
        self.assertEqual(self.urls(self.valuer), [loan_url])
        self.assertEqual(self.urls(self.other_bank_officer), [])
        self.assertContains(self.home(self.valuer), loan_url)

    def test_the_enterprise_sees_its_rights_due_its_programme_its_application_loan_and_agreement(self):
        urls = self.urls(self.ent_manager)
        for expected in [
            self.detail("portfolio:trademark_detail", self.bob_mark),
            self.detail("incentives:apply", self.programme),  # its second invention still qualifies
            self.detail("incentives:application_detail", self.bob_application),
            self.detail("financing:loan_detail", self.loan),
            self.detail("protection:mediation_detail", self.agreed),
        ]:
            self.assertIn(expected, urls)
        for foreign in [
            self.detail("portfolio:trademark_detail", self.charlie_mark),
            self.detail("incentives:application_detail", self.charlie_application),
        ]:
            self.assertNotIn(foreign, urls)
        page = self.home(self.ent_manager)
        self.assertNotContains(page, "CHARLIEMARK")
        self.assertNotContains(page, "Charlie secret invention")

    def test_charlie_sees_his_own_mark_and_application_and_no_programme_he_has_nothing_left_for(self):
        urls = self.urls(self.other_manager)
        self.assertIn(self.detail("portfolio:trademark_detail", self.charlie_mark), urls)
        self.assertIn(self.detail("incentives:application_detail", self.charlie_application), urls)
        self.assertNotIn(self.detail("incentives:apply", self.programme), urls)
        self.assertNotIn(self.detail("portfolio:trademark_detail", self.bob_mark), urls)

    def test_the_nearest_limit_comes_first_and_the_menu_shows_the_count(self):
        items = worklist_for(self.clerk)
        moments = [item.due_moment for item in items if item.due_moment is not None]
        self.assertEqual(moments, sorted(moments))
        self.assertIsNotNone(items[0].due)  # limits before the items that have none
        page = self.home(self.clerk)
        self.assertContains(page, f'id="waiting-count" title="等待您处理的事项">{len(items)}<')
        # Every other page shows the number from the session, at no query.
        self.assertContains(self.client.get(reverse("registry:enterprise_list")), f">{len(items)}</span>")

    def test_the_time_left_is_said_in_days_and_hours(self):
        page = self.home(self.police_liaison)
        self.assertContains(page, "还剩")

    def test_the_home_page_costs_the_same_number_of_queries_with_more_waiting(self):
        self.client.force_login(self.enforcer)
        self.client.get(reverse("home:home"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("home:home"))
        self.lead()
        self.lead()
        self.client.get(reverse("home:home"))
        with CaptureQueriesContext(connection) as more:
            self.client.get(reverse("home:home"))
        self.assertEqual(len(few.captured_queries), len(more.captured_queries))

    def test_the_enterprise_home_costs_the_same_number_of_queries_with_more_rights(self):
        from portfolio import actions

        self.client.force_login(self.ent_manager)
        self.client.get(reverse("home:home"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("home:home"))
        for number in ("202010000004.5", "202010000005.X", "202010000006.4"):
            actions.add_patent(
                actor=None,
                application_number=number,
                owners=[self.enterprise],
                title="More",
                filing_date="2020-01-01",
                grant_date="2025-06-01",
                status="granted",
            )
        self.client.get(reverse("home:home"))
        with CaptureQueriesContext(connection) as more:
            self.client.get(reverse("home:home"))
        self.assertEqual(len(few.captured_queries), len(more.captured_queries))
