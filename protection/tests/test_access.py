"""Who sees what: a police station only the cases sent to it, a court only the disputes it
referred, a mediation body only its own, an enterprise only its complaints; anyone else gets
404 on every page and API endpoint, exactly like a missing id."""

from django.test import TestCase
from django.urls import reverse

import rules
from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from core.tests.querycount import assert_queries_do_not_grow
from portfolio import actions as portfolio_actions
from protection import actions
from protection.choices import MediationStatus
from protection.choices import TransferStatus as T
from protection.tests.base import PDF, ProtectionMixin, Upload, at
from registry.tests.test_access import MISSING, page_body


class ProtectionAccessTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()
        cls.other_court = account_actions.create_organisation(
            actor=None, name="Other court", kind=OrganisationKind.COURT
        )
        cls.other_court_liaison = cls.person(cls.other_court, "cora", Role.MEMBER)
        self = cls()
        cls.complaint = self.lead(complainant=cls.enterprise, mark_text="BOBMARK")
        cls.complaint_evidence = actions.upload_evidence(
            actor=cls.ent_member, case=cls.complaint, upload=Upload("photo.pdf", PDF)
        )
        sent_case = self.investigate(
            self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000"
        )
        cls.sent_case = sent_case
        cls.transfer = self.transfer_until_sent(sent_case, at(2026, 3, 5, 9), at(2026, 3, 5, 10), at(2026, 3, 5, 11))
        cls.document = cls.transfer.documents.first()
        proposed_case = self.investigate(
            self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="70000"
        )
        cls.proposed = actions.propose_transfer(actor=cls.enforcer, case=proposed_case, police=cls.police)
        cls.peoples = self.peoples_mediation(at(2026, 3, 2))
        cls.referral = self.court_referral(at(2026, 3, 2))

    def case_calls(self, case):
        pk = case.pk
        names = [
            ("get", "protection:case_detail", []),
            ("post", "protection:case_step", ["filed"]),
            ("post", "protection:case_figures", []),
            ("post", "protection:case_party", []),
            ("post", "protection:case_pause", []),
            ("post", "protection:case_extend", []),
            ("post", "protection:evidence_upload", []),
            ("post", "protection:transfer_propose", []),
        ]
        calls = [(m, reverse(n, args=[pk, *x]), reverse(n, args=[MISSING, *x])) for m, n, x in names]
        return [
            *calls,
            ("get", f"/api/protection/cases/{pk}", f"/api/protection/cases/{MISSING}"),
            ("post", f"/api/protection/cases/{pk}/steps", f"/api/protection/cases/{MISSING}/steps"),
        ]

    def transfer_calls(self, transfer):
        pk = transfer.pk
        return [
            (
                "get",
                reverse("protection:transfer_detail", args=[pk]),
                reverse("protection:transfer_detail", args=[MISSING]),
            ),
            (
                "post",
                reverse("protection:transfer_step", args=[pk, "accepted"]),
                reverse("protection:transfer_step", args=[MISSING, "accepted"]),
            ),
            (
                "post",
                reverse("protection:transfer_police_limit", args=[pk, "complex"]),
                reverse("protection:transfer_police_limit", args=[MISSING, "complex"]),
            ),
            ("get", f"/api/protection/transfers/{pk}", f"/api/protection/transfers/{MISSING}"),
            ("post", f"/api/protection/transfers/{pk}/steps", f"/api/protection/transfers/{MISSING}/steps"),
        ]

    def mediation_calls(self, mediation):
        pk = mediation.pk
        names = [
            ("get", "protection:mediation_detail", []),
            ("post", "protection:mediation_step", ["accepted"]),
            ("post", "protection:mediation_session", []),
        ]
        calls = [(m, reverse(n, args=[pk, *x]), reverse(n, args=[MISSING, *x])) for m, n, x in names]
        return [
            *calls,
            ("get", f"/api/protection/mediations/{pk}", f"/api/protection/mediations/{MISSING}"),
            ("post", f"/api/protection/mediations/{pk}/steps", f"/api/protection/mediations/{MISSING}/steps"),
        ]

    def evidence_calls(self, item):
        return [
            (
                "get",
                reverse("protection:evidence_download", args=[item.pk]),
                reverse("protection:evidence_download", args=[MISSING]),
            )
        ]

    def assert_404_like_missing(self, user, calls):
        self.client.force_login(user)
        for method, foreign_url, missing_url in calls:
            with self.subTest(user=user.username, url=foreign_url, method=method):
                kwargs = {}
                if "/api/" in foreign_url and method == "post":
                    kwargs = {"data": {"to_status": "accepted"}, "content_type": "application/json"}
                foreign = getattr(self.client, method)(foreign_url, **kwargs)
                missing = getattr(self.client, method)(missing_url, **kwargs)
                self.assertEqual(foreign.status_code, 404)
                self.assertEqual(page_body(foreign, foreign_url), page_body(missing, missing_url))

    def test_an_enterprises_complaint_is_hidden_from_everyone_outside_the_office_and_the_enterprise(self):
        calls = self.case_calls(self.complaint) + self.evidence_calls(self.complaint_evidence)
        for user in [
            self.other_manager,
            self.police_liaison,
            self.other_police_liaison,
            self.mediator,
            self.court_liaison,
            self.bank_officer,
        ]:
            self.assert_404_like_missing(user, calls)

    def test_a_transferred_case_is_seen_only_by_the_police_station_it_was_sent_to(self):
        calls = (
            self.case_calls(self.sent_case) + self.transfer_calls(self.transfer) + self.evidence_calls(self.document)
        )
        for user in [
            self.other_police_liaison,
            self.other_manager,
            self.ent_manager,
            self.mediator,
            self.court_liaison,
        ]:
            self.assert_404_like_missing(user, calls)
        self.client.force_login(self.police_liaison)
        self.assertContains(
            self.client.get(reverse("protection:transfer_detail", args=[self.transfer.pk])), self.sent_case.number
        )
        self.assertEqual(self.client.get(reverse("protection:case_detail", args=[self.sent_case.pk])).status_code, 200)
        self.assertEqual(
            self.client.get(reverse("protection:evidence_download", args=[self.document.pk])).status_code, 200
        )

    def test_the_police_do_not_see_a_transfer_before_it_is_sent(self):
        self.assert_404_like_missing(
            self.police_liaison, self.transfer_calls(self.proposed) + self.case_calls(self.proposed.case)
        )

    def test_a_mediation_is_seen_by_its_body_and_its_applicant_or_court_only(self):
        for user in [self.other_mediator, self.other_court_liaison, self.other_manager, self.police_liaison]:
            self.assert_404_like_missing(user, self.mediation_calls(self.peoples) + self.mediation_calls(self.referral))
        self.assert_404_like_missing(self.court_liaison, self.mediation_calls(self.peoples))
        self.assert_404_like_missing(self.ent_manager, self.mediation_calls(self.referral))
        for user, mediation in [
            (self.mediator, self.peoples),
            (self.mediator, self.referral),
            (self.ent_member, self.peoples),
            (self.court_liaison, self.referral),
            (self.clerk, self.referral),
        ]:
            self.client.force_login(user)
            self.assertEqual(
                self.client.get(reverse("protection:mediation_detail", args=[mediation.pk])).status_code, 200
            )

    def test_lists_hold_only_what_the_organisation_may_see(self):
        self.client.force_login(self.ent_manager)
        ids = [c["id"] for c in self.client.get("/api/protection/cases").json()["items"]]
        self.assertEqual(ids, [self.complaint.pk])
        self.client.force_login(self.police_liaison)
        self.assertEqual(
            [t["id"] for t in self.client.get("/api/protection/transfers").json()["items"]], [self.transfer.pk]
        )
        self.assertEqual(
            [c["id"] for c in self.client.get("/api/protection/cases").json()["items"]], [self.sent_case.pk]
        )
        self.client.force_login(self.other_police_liaison)
        self.assertEqual(self.client.get("/api/protection/transfers").json()["items"], [])
        self.assertNotContains(self.client.get(reverse("protection:transfer_list")), self.sent_case.number)
        self.client.force_login(self.court_liaison)
        self.assertEqual(
            [m["id"] for m in self.client.get("/api/protection/mediations").json()["items"]], [self.referral.pk]
        )
        self.client.force_login(self.other_mediator)
        self.assertEqual(self.client.get("/api/protection/mediations").json()["items"], [])
        self.assertEqual(self.client.get("/api/protection/figures?year=2026").status_code, 403)

    def test_the_overdue_board_shows_each_organisation_its_own_steps(self):
        self.client.force_login(self.clerk)
        office = self.client.get(reverse("protection:overdue")).content.decode()
        self.assertIn(self.sent_case.number, office)
        self.assertIn(self.complaint.number, office)
        self.client.force_login(self.police_liaison)
        police = self.client.get("/api/protection/overdue").json()
        self.assertEqual({r["label"] for r in police}, {f"{self.sent_case.number} → Police"})
        self.assertEqual(police[0]["flag"], "past")
        self.client.force_login(self.other_police_liaison)
        self.assertEqual(self.client.get("/api/protection/overdue").json(), [])
        self.client.force_login(self.court_liaison)
        court = self.client.get("/api/protection/overdue").json()
        self.assertEqual(len(court), 1)
        self.assertIn(f"/mediations/{self.referral.pk}/", court[0]["url"])

    def test_the_police_accept_on_the_page_and_the_transfer_time_is_shown(self):
        self.client.force_login(self.police_liaison)
        url = reverse("protection:transfer_step", args=[self.transfer.pk, T.ACCEPTED])
        self.client.post(url, {"police_case_number": "芝公立字2026-1"})
        self.transfer.refresh_from_db()
        self.assertEqual(self.transfer.status, T.ACCEPTED)
        page = self.client.get(reverse("protection:transfer_detail", args=[self.transfer.pk]))
        self.assertContains(page, 'id="timing"')
        self.assertContains(page, "芝公立字2026-1")

    def test_the_thresholds_page_is_the_offices_and_only_the_head_changes_it(self):
        url = reverse("protection:thresholds")
        self.client.force_login(self.police_liaison)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.clerk)
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {
            "offence": "counterfeit_mark",
            "min_marks": 1,
            "measure": "illegal_gain",
            "amount": "40000",
            "effective_from": "2027-01-01",
        }
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.client.force_login(self.leader)
        self.assertEqual(self.client.post(url, data).status_code, 302)


class ProtectionQueryCountTests(ProtectionMixin, TestCase):
    """Every list page costs the same number of queries for 2 rows as for 6."""

    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def add_rows(self, n):
        for _ in range(n):
            case = self.investigate(
                self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000"
            )
            self.transfer_until_sent(case, at(2026, 3, 5, 9), at(2026, 3, 5, 10), at(2026, 3, 5, 11))
            m = self.mediate(self.peoples_mediation(at(2026, 3, 2)), at(2026, 3, 3), at(2026, 3, 3, 10))
            actions.record_session(actor=self.mediator, mediation=m, held_at=at(2026, 3, 4))
            self.court_referral(at(2026, 3, 2))

    @staticmethod
    def warm_rules() -> None:
        rules.value("protection.filing_decision")  # the rule store's cache is warm, as on a running server

    def test_list_pages_do_not_grow_with_rows(self):
        pages = [
            (self.clerk, reverse("protection:case_list")),
            (self.clerk, reverse("protection:transfer_list")),
            (self.police_liaison, reverse("protection:transfer_list")),
            (self.mediator, reverse("protection:mediation_list")),
            (self.clerk, reverse("protection:overdue") + "?all=1"),
            (self.police_liaison, reverse("protection:overdue") + "?all=1"),
        ]
        many = assert_queries_do_not_grow(self, pages, self.add_rows, rows=2, before=self.warm_rules)
        self.assertLess(max(many), 25)


class ProtectionPageTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def test_an_enterprise_files_a_complaint_on_the_page(self):
        self.client.force_login(self.ent_manager)
        response = self.client.post(
            reverse("protection:case_new"),
            {
                "summary": "Fakes sold online",
                "mark_text": "BOB",
                "respondent_name": "Fake shop",
                "right_kind": "trademark",
            },
        )
        case = self.enterprise.complaints.get()
        self.assertRedirects(response, reverse("protection:case_detail", args=[case.pk]))
        self.assertEqual(case.source, "complaint")

    def test_an_enterprises_complaint_links_only_its_own_rights_never_another_enterprises(self):
        """A complaint typed with another enterprise's patent or mark number keeps the number as
        text: the number neither links nor reveals that enterprise's right."""
        theirs = portfolio_actions.add_patent(
            actor=None,
            application_number="202010000001.1",
            owners=[self.other_enterprise],
            title="Their invention",
            filing_date="2020-01-01",
            status="granted",
            grant_date="2022-06-01",
        )
        their_mark, ours = (
            portfolio_actions.add_trademark(
                actor=None,
                number=number,
                mark_text=text,
                owner=owner,
                groups=["0901"],
                filing_date="2018-01-01",
                status="registered",
            )
            for number, text, owner in [
                ("30000009", "CHARLIE", self.other_enterprise),
                ("30000001", "BOB", self.enterprise),
            ]
        )
        self.client.force_login(self.ent_manager)
        for kind, reference in [
            ("patent", theirs.application_number),
            ("trademark", their_mark.number),
            ("trademark", ours.number),
        ]:
            self.client.post(
                reverse("protection:case_new"),
                {
                    "summary": "Fakes sold online",
                    "respondent_name": "Fake shop",
                    "right_kind": kind,
                    "right_reference": reference,
                },
            )
        linked = [(case.patent, case.trademark, case.right_text) for case in self.enterprise.complaints.order_by("pk")]
        self.assertEqual(
            linked,
            [(None, None, theirs.application_number), (None, None, their_mark.number), (None, ours, "")],
        )

    def test_the_office_walks_a_lead_to_a_proposed_transfer_on_the_pages(self):
        self.client.force_login(self.enforcer)
        self.client.post(
            reverse("protection:case_new"),
            {
                "source": "inspection",
                "summary": "Fake liquor",
                "offence": "counterfeit_mark",
                "right_kind": "trademark",
            },
        )
        case = self.office_case()
        self.client.post(
            reverse("protection:case_step", args=[case.pk, "filed"]),
            {"officers": [self.enforcer.pk, self.enforcer2.pk]},
        )
        self.client.post(reverse("protection:case_step", args=[case.pk, "investigating"]))
        self.client.post(
            reverse("protection:case_figures", args=[case.pk]),
            {"offence": "counterfeit_mark", "marks_count": 1, "business_volume": "52000", "illegal_gain": "0"},
        )
        page = self.client.get(reverse("protection:case_detail", args=[case.pk]))
        self.assertContains(page, 'id="propose"')
        response = self.client.post(reverse("protection:transfer_propose", args=[case.pk]), {"police": self.police.pk})
        transfer = case.transfers.get()
        self.assertRedirects(response, reverse("protection:transfer_detail", args=[transfer.pk]))
        for user in (self.clerk, self.leader, self.enforcer):
            self.client.force_login(user)
            for name, args in [
                ("protection:case_list", []),
                ("protection:case_detail", [case.pk]),
                ("protection:transfer_list", []),
                ("protection:transfer_detail", [transfer.pk]),
                ("protection:overdue", []),
                ("protection:mediation_list", []),
                ("protection:thresholds", []),
            ]:
                self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 200, (user, name))

    def office_case(self):
        from protection.models import Case

        return Case.objects.get(summary="Fake liquor")

    def test_a_mediation_runs_on_the_pages(self):
        self.client.force_login(self.court_liaison)
        self.client.post(
            reverse("protection:mediation_new"),
            {
                "body": self.mediation.pk,
                "applicant_name": "A Ltd",
                "respondent_name": "B Ltd",
                "right_kind": "patent",
                "dispute": "Royalty",
            },
        )
        from protection.models import Mediation

        m = Mediation.objects.get()
        self.assertEqual((m.kind, m.court), ("court_referral", self.court))
        self.client.force_login(self.mediator)
        self.client.post(reverse("protection:mediation_step", args=[m.pk, MediationStatus.ACCEPTED]))
        self.client.post(
            reverse("protection:mediation_step", args=[m.pk, MediationStatus.IN_SESSION]),
            {"mediator": self.mediator.pk},
        )
        self.client.post(
            reverse("protection:mediation_session", args=[m.pk]), {"held_at": "2026-03-05T10:00", "place": "Room"}
        )
        self.client.post(
            reverse("protection:mediation_step", args=[m.pk, MediationStatus.AGREED]),
            {"agreement_text": "Pay 5000", "agreed_amount": "5000", "signed_by_parties": "on"},
        )
        m.refresh_from_db()
        self.assertEqual(m.status, MediationStatus.AGREED)
        self.assertEqual(m.sessions.count(), 1)
        self.client.force_login(self.court_liaison)
        self.assertContains(self.client.get(reverse("protection:mediation_detail", args=[m.pk])), "Pay 5000")
