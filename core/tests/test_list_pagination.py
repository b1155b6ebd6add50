"""Every list in the menu is paginated: its page holds a Django ``Page`` (``core.views_helpers.
paginate``) with the page links (``includes/pagination.html``), so a register of thousands never
arrives as one page. A menu page that is not a list says why below; a new menu entry must be one
or the other. The rules page and the protected-rights page are shown going to a second page."""

from __future__ import annotations

from django.core.paginator import Page
from django.urls import reverse

from core.tests.people import PeopleTestCase
from home.menu import MENU

# Menu pages that are not a list of rows, and why.
NOT_LISTS = {
    "incentives:fund_report": "a report: one row per fund source and year",
    "financing:figures": "figures, not rows",
    "protection:thresholds": "one form and the dated versions of a handful of thresholds",
    "similarity:search": "a search form; its hits are capped, not paged",
    "landscape:report": "a report",
    "landscape:search": "a search; its hits are capped, not paged",
    "landscape:quality": "figures per industry",
    "dashboard:dashboard": "figures",
    "dashboard:rollup": "one row per district the person may compare (a city has a few dozen at most)",
    "exchange:figures": "figures per year, source and IPC section",
    "notifications:contacts": "the few contact people of one's own organisation, with the form to add one",
    "notifications:deadlines": "one owner's rights due within the year, with the forms to record a payment",
    # Printed and posted whole (a notice cut into pages is not a notice); it holds only the
    # applications within their notice days, tens at a time, not the register.
    "incentives:public_notice": "the printable public notice, shown whole",
}


def _pages_in(context) -> list[Page]:
    """The Page objects a response's templates were given (every template's context)."""
    contexts = context if isinstance(context, list) else [context]
    return [
        value
        for one in contexts
        for layer in getattr(one, "dicts", [])
        for value in layer.values()
        if isinstance(value, Page)
    ]


class ListPaginationTests(PeopleTestCase):
    def test_every_list_in_the_menu_is_paginated(self):
        # Each page opened by someone it is in the menu of: the office where it is, else the
        # enterprise, else a partner.
        people = {
            "office": self.clerk,
            "enterprise": self.ent_manager,
            "bank": self.bank_officer,
            "mediation": self.mediator,
            "police": self.police_liaison,
            "court": self.court_liaison,
        }
        entries = {entry.url_name: entry for _label, group in MENU for entry in group}
        unpaginated = []
        for name in sorted(entries):
            if name in NOT_LISTS:
                continue
            person = next((people[kind] for kind in people if kind in entries[name].audience), None)
            self.assertIsNotNone(person, f"{name}: nobody here to open it")
            self.client.force_login(person)
            page = self.client.get(reverse(name))
            self.assertEqual(page.status_code, 200, name)
            if not _pages_in(page.context):
                unpaginated.append(name)
        self.assertEqual(unpaginated, [], "list pages without pagination (paginate them, or say why in NOT_LISTS)")

    def test_the_rules_page_goes_on_to_a_second_page(self):
        from rules.catalogue import ENTRIES
        from rules.views import RULES_PER_PAGE

        self.client.force_login(self.clerk)
        first = self.client.get(reverse("rules:list"))
        self.assertEqual(first.context["page"].paginator.count, len(ENTRIES))
        if len(ENTRIES) <= RULES_PER_PAGE:
            self.skipTest("the catalogue fits on one page")
        self.assertContains(first, "?page=2")
        second = self.client.get(reverse("rules:list"), {"page": 2})

        def keys(page) -> set[str]:
            return {rule["entry"].key for group in page.context["groups"] for rule in group["rules"]}

        self.assertEqual(len(keys(first)), RULES_PER_PAGE)
        self.assertEqual(len(keys(second)), len(ENTRIES) - RULES_PER_PAGE)
        self.assertEqual(keys(first) | keys(second), {entry.key for entry in ENTRIES})  # every rule, once
        for key in keys(second):
            self.assertContains(second, f'data-key="{key}"')

    def test_the_protected_rights_page_pages_each_register_on_its_own(self):
        from portfolio import actions

        for n in range(27):
            actions.add_special_sign(actor=self.clerk, name=f"标志{n:02d}", kind="olympic", holder_name="组委会")
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("portfolio:protected_rights"))
        self.assertEqual(len(page.context["signs"]), 25)
        self.assertContains(page, "?sign_page=2")
        self.assertNotContains(page, "?gi_page=2")  # the other register has one page
        second = self.client.get(reverse("portfolio:protected_rights"), {"sign_page": 2, "gi_page": 1})
        self.assertEqual(len(second.context["signs"]), 2)
        self.assertContains(second, "标志26")
        self.assertContains(second, "gi_page=1&sign_page=1")  # the other list's place is kept
