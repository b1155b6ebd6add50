import time_machine
from django.test import TestCase
from django.urls import reverse

from home.gather import search_for
from home.menu import MENU, groups_for
from home.tests.world import NOW, HomeWorld


@time_machine.travel(NOW, tick=False)
class SearchTests(HomeWorld, TestCase):
    """One box finds an enterprise, patent, mark, case, transfer or application by number or
    name, among what the person may see; another organisation's records are never found."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_world()

    def found(self, user, query: str) -> list[str]:
        return [hit.url for hit in search_for(user, query)]

    def test_the_office_finds_every_kind_by_number_or_name(self):
        cases = [
            ("Charlie", reverse("registry:enterprise_detail", args=[self.other_enterprise.pk])),
            (self.other_enterprise.uscc, reverse("registry:enterprise_detail", args=[self.other_enterprise.pk])),
            ("202010000003", reverse("portfolio:patent_detail", args=[self.charlie_patent.pk])),
            ("secret invention", reverse("portfolio:patent_detail", args=[self.charlie_patent.pk])),
            ("30000002", reverse("portfolio:trademark_detail", args=[self.charlie_mark.pk])),
            ("CHARLIEMARK", reverse("portfolio:trademark_detail", args=[self.charlie_mark.pk])),
            (self.sent_case.number, reverse("protection:case_detail", args=[self.sent_case.pk])),
            (self.sent_case.number, reverse("protection:transfer_detail", args=[self.transfer.pk])),
            ("Copycat", reverse("protection:mediation_detail", args=[self.peoples.pk])),
            ("Invention awards", reverse("incentives:application_detail", args=[self.charlie_application.pk])),
            ("Bob Ltd", reverse("financing:loan_detail", args=[self.loan.pk])),
        ]
        for query, url in cases:
            with self.subTest(query=query):
                self.assertIn(url, self.found(self.clerk, query))

    def test_an_enterprise_finds_its_own_records_and_nothing_of_another_enterprise(self):
        self.assertIn(
            reverse("portfolio:trademark_detail", args=[self.bob_mark.pk]), self.found(self.ent_member, "BOBMARK")
        )
        for query in [
            "Charlie",
            self.other_enterprise.uscc,
            "202010000003",
            "secret",
            "30000002",
            "CHARLIEMARK",
            self.sent_case.number,
            "Invention awards",  # the programme's name: Bob finds only his own application
        ]:
            with self.subTest(query=query):
                found = search_for(self.ent_member, query)
                self.assertEqual([hit for hit in found if "Charlie" in hit.name or "CHARLIE" in hit.name], [])
                self.assertNotIn(
                    reverse("incentives:application_detail", args=[self.charlie_application.pk]),
                    [hit.url for hit in found],
                )
        self.assertEqual(self.found(self.ent_member, "Charlie"), [])
        self.assertEqual(self.found(self.ent_member, self.sent_case.number), [])

    def test_partners_find_only_what_was_sent_to_them(self):
        for person in (
            self.other_police_liaison,
            self.other_bank_officer,
            self.other_court_liaison,
            self.other_mediator,
        ):
            for query in ("Bob", "Charlie", self.sent_case.number, "202010000001", "Copycat", "Alpha"):
                with self.subTest(person=person.username, query=query):
                    self.assertEqual(self.found(person, query), [])
        self.assertEqual(
            self.found(self.police_liaison, self.sent_case.number),
            [
                reverse("protection:case_detail", args=[self.sent_case.pk]),
                reverse("protection:transfer_detail", args=[self.transfer.pk]),
            ],
        )
        self.assertEqual(self.found(self.bank_officer, "Charlie"), [])

    def test_the_results_page_lists_the_hits_and_says_when_the_query_is_too_short(self):
        self.client.force_login(self.ent_member)
        page = self.client.get(reverse("home:search"), {"find": "BOBMARK"})
        self.assertContains(page, reverse("portfolio:trademark_detail", args=[self.bob_mark.pk]))
        self.assertContains(page, 'id="search-results"')
        self.assertNotContains(self.client.get(reverse("home:search"), {"find": "Charlie"}), "Charlie Ltd")
        self.assertContains(self.client.get(reverse("home:search"), {"find": "B"}), "至少输入 2 个字")
        self.assertEqual(self.client.get(reverse("home:search"), {"find": "%" * 500}).status_code, 200)


class MenuTests(HomeWorld, TestCase):
    """The menu is grouped by domain, shows each role only what it may use, no label twice."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_world()

    def people(self):
        return [
            self.clerk,
            self.leadership,
            self.ent_manager,
            self.bank_officer,
            self.valuer,
            self.police_liaison,
            self.court_liaison,
            self.mediator,
        ]

    def test_no_two_entries_or_groups_share_a_label_in_anyones_menu(self):
        for person in self.people():
            labels = [str(group) for group, _ in groups_for(person)]
            labels += [str(entry.label) for _, entries in groups_for(person) for entry in entries]
            with self.subTest(person=person.username):
                self.assertEqual(len(labels), len(set(labels)), labels)

    def test_every_entry_a_person_is_shown_opens_for_them(self):
        for person in self.people():
            self.client.force_login(person)
            for _group, entries in groups_for(person):
                for entry in entries:
                    with self.subTest(person=person.username, entry=entry.url_name):
                        self.assertEqual(self.client.get(reverse(entry.url_name)).status_code, 200)

    def test_the_groups_are_the_nine_domains_in_order(self):
        self.assertEqual(
            [str(group) for group, _ in MENU],
            ["企业与权利", "资助与资金", "质押融资", "保护", "商标", "专利导航", "转化运用", "统计与报告", "管理"],
        )

    def test_the_menu_groups_are_dropdowns_and_partners_see_no_office_entries(self):
        self.client.force_login(self.police_liaison)
        page = self.client.get(reverse("home:home"))
        self.assertContains(page, '<details class="nav-group">')
        self.assertContains(page, reverse("protection:transfer_list"))
        for office_only in ("registry:enterprise_list", "audit:audit_log", "incentives:fund_report"):
            self.assertNotContains(page, f'href="{reverse(office_only)}"')

    def test_every_page_has_breadcrumbs_derived_from_the_menu(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("registry:enterprise_detail", args=[self.enterprise.pk]))
        self.assertContains(page, 'class="breadcrumbs"')
        self.assertContains(page, f'<a href="{reverse("registry:enterprise_list")}">企业</a>')
        self.assertContains(page, "<span>企业与权利</span>")
        page = self.client.get(reverse("protection:transfer_detail", args=[self.transfer.pk]))
        self.assertContains(page, f'<a href="{reverse("protection:transfer_list")}">移送公安</a>')
        self.client.force_login(self.police_liaison)
        page = self.client.get(reverse("protection:transfer_detail", args=[self.transfer.pk]))
        self.assertContains(page, f'<a href="{reverse("protection:transfer_list")}">移送公安</a>')
        page = self.client.get(reverse("accounts:profile"))
        self.assertContains(page, 'class="breadcrumbs"')

    def test_every_page_without_parameters_shows_breadcrumbs_to_the_office(self):
        from django.urls import get_resolver

        self.client.force_login(self.clerk)
        seen = 0
        for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
            for name, (possibilities, *_rest) in resolver.reverse_dict.items():
                if not isinstance(name, str) or namespace == "home" or possibilities[0][1]:
                    continue  # the home page has no crumbs; pages with parameters are covered above
                url = reverse(f"{namespace}:{name}")
                if url.startswith("/api/"):
                    continue  # the API's own documentation page
                response = self.client.get(url)
                if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                    continue
                seen += 1
                with self.subTest(url=url):
                    self.assertContains(response, 'class="breadcrumbs"')
        self.assertGreater(seen, 25)
