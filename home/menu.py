"""The menu, grouped by domain, with only the entries a person's organisation may use; the
breadcrumbs every page shows, derived from the page's URL name and the menu; and the number of
waiting items shown beside 我的工作.

Breadcrumbs are one rule, not a block per page: 我的工作 › the menu group › the menu entry the
page belongs to (the entry with the page's URL name, or the one whose list the page is a page
of: ``registry:enterprise_detail`` belongs to ``registry:enterprise_list``). The page's own
heading follows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Who sees an entry: the kinds of organisation, with the office split off from the county
# leadership (read-only, sees figures and lists).
OFFICE = "office"
LEADERSHIP = "leadership"
ENTERPRISE = "enterprise"
BANK = "bank"
VALUER = "valuer"
POLICE = "police"
COURT = "court"
MEDIATION = "mediation"
UNIVERSITY = "university"
BUREAU = "bureau"
PARTNERS = frozenset({BANK, VALUER, POLICE, COURT, MEDIATION, UNIVERSITY})


@dataclass(frozen=True)
class Entry:
    label: Promise
    url_name: str
    audience: frozenset[str]


def _entry(label: Promise, url_name: str, *audience: str | frozenset[str]) -> Entry:
    who: set[str] = set()
    for item in audience:
        who |= {item} if isinstance(item, str) else set(item)
    return Entry(label, url_name, frozenset(who))


# The groups in the order the menu shows them. An entry's label is unique within any one
# person's menu (a test checks this for every audience).
MENU: list[tuple[Promise, list[Entry]]] = [
    (
        _("Enterprises and rights"),
        [
            _entry(_("Enterprises"), "registry:enterprise_list", OFFICE, LEADERSHIP),
            _entry(_("My enterprise"), "registry:enterprise_list", ENTERPRISE),
            _entry(_("Parks"), "registry:park_list", OFFICE),
            _entry(_("Talent"), "registry:talent_list", OFFICE, LEADERSHIP),
            _entry(_("Our people"), "registry:talent_list", ENTERPRISE),
            _entry(_("Patents"), "portfolio:patent_list", OFFICE, LEADERSHIP, ENTERPRISE),
            _entry(_("Registered marks"), "portfolio:trademark_list", OFFICE, LEADERSHIP, ENTERPRISE),
            _entry(_("Protected rights"), "portfolio:protected_rights", OFFICE),
            _entry(_("Reminders"), "portfolio:reminders", OFFICE, ENTERPRISE),
            _entry(_("Inbox"), "notifications:inbox", OFFICE, ENTERPRISE),
            _entry(_("Deadlines and exports"), "notifications:deadlines", ENTERPRISE),
            _entry(_("Contacts and channels"), "notifications:contacts", ENTERPRISE),
            _entry(_("Rights that lapsed"), "notifications:lapsed", OFFICE, LEADERSHIP),
            _entry(_("Import records"), "portfolio:import_list", OFFICE, ENTERPRISE),
            _entry(_("Trainings"), "cultivation:training_list", OFFICE, LEADERSHIP),
        ],
    ),
    (
        _("Awards and funds"),
        [
            _entry(_("Award programmes"), "incentives:programme_list", OFFICE, ENTERPRISE),
            _entry(_("Award applications"), "incentives:application_list", OFFICE, ENTERPRISE),
            _entry(_("Public notice"), "incentives:public_notice", OFFICE, ENTERPRISE),
            _entry(_("Funds"), "incentives:fund_report", OFFICE, LEADERSHIP),
        ],
    ),
    (
        _("Pledge financing"),
        [
            _entry(_("Pledge loans"), "financing:loan_list", OFFICE, ENTERPRISE, BANK, VALUER),
            _entry(_("Loan products"), "financing:product_list", OFFICE, ENTERPRISE, BANK, VALUER),
            _entry(_("Financing figures"), "financing:figures", OFFICE, LEADERSHIP, BANK, VALUER),
        ],
    ),
    (
        pgettext_lazy("menu group", "Protection"),
        [
            _entry(_("Enforcement"), "protection:case_list", OFFICE),
            _entry(_("Complaints"), "protection:case_list", ENTERPRISE),
            _entry(_("Transfers"), "protection:transfer_list", OFFICE, POLICE),
            _entry(_("Mediation"), "protection:mediation_list", OFFICE, COURT, MEDIATION, ENTERPRISE),
            _entry(_("Due and overdue"), "protection:overdue", OFFICE, POLICE, COURT, MEDIATION),
            _entry(_("Criminal thresholds"), "protection:thresholds", OFFICE),
        ],
    ),
    (
        _("Trademark work"),
        [
            _entry(_("Similar marks"), "similarity:search", OFFICE, ENTERPRISE),
            _entry(_("Mark watch"), "similarity:watch_list", OFFICE),
            _entry(_("Key brands"), "cultivation:brand_list", OFFICE, LEADERSHIP),
        ],
    ),
    (
        _("Patent navigation"),
        [
            _entry(_("Landscape reports"), "landscape:report", OFFICE, LEADERSHIP),
            _entry(_("Patent search"), "landscape:search", OFFICE),
            _entry(_("Patent awards and industries"), "landscape:quality", OFFICE),
        ],
    ),
    (
        _("Transfer and use"),
        [
            _entry(_("Patents on offer"), "exchange:offer_list", OFFICE, LEADERSHIP, ENTERPRISE, UNIVERSITY),
            _entry(_("Technology needs"), "exchange:need_list", OFFICE, LEADERSHIP, ENTERPRISE),
            _entry(_("Match board"), "exchange:board", OFFICE),
            _entry(_("Transfer and licence deals"), "exchange:deal_list", OFFICE, LEADERSHIP, ENTERPRISE, UNIVERSITY),
            _entry(_("Transfer figures"), "exchange:figures", OFFICE, LEADERSHIP),
        ],
    ),
    (
        _("Figures and reports"),
        [
            _entry(_("Dashboard"), "dashboard:dashboard", OFFICE, LEADERSHIP),
            _entry(_("Annual reports"), "dashboard:report_list", OFFICE, LEADERSHIP),
            _entry(_("Districts compared"), "dashboard:rollup", OFFICE, LEADERSHIP, BUREAU),
        ],
    ),
    (
        _("Administration"),
        [
            _entry(_("Organisations"), "accounts:organisation_list", OFFICE),
            _entry(_("My organisation"), "accounts:organisation_list", PARTNERS),
            _entry(_("Districts served"), "accounts:district_list", OFFICE),
            _entry(_("Rules and their sources"), "rules:list", OFFICE),
            _entry(_("Audit trail"), "audit:audit_log", OFFICE),
            _entry(_("Background jobs"), "core:background_jobs", OFFICE),
        ],
    ),
]

# Pages outside the menu that still have a place: their own crumb after 我的工作.
OTHER_PAGES: dict[str, Promise] = {
    "accounts:profile": _("My account"),
    "home:search": _("Search"),
}
# The pages of one's own account, under 我的账户.
ACCOUNT_PAGES = (
    "accounts:password",
    "accounts:second_factor",
    "accounts:recovery",
    "accounts:token",
    "accounts:logout",
)
# Pages whose URL name does not start with their list's: the menu entry they belong to.
PARENTS = {
    "similarity:hit_": "similarity:watch_list",
    "similarity:protected_": "similarity:watch_list",
    "portfolio:gi_": "portfolio:protected_rights",
    "portfolio:special_sign_": "portfolio:protected_rights",
    "portfolio:enterprise_plan": "registry:enterprise_list",
    "incentives:apply": "incentives:programme_list",
    "incentives:enterprise_report": "incentives:fund_report",
    "incentives:add_": "incentives:fund_report",
    "financing:apply": "financing:product_list",
    "financing:pool": "financing:figures",
    "dashboard:targets": "dashboard:dashboard",
    "dashboard:rollup_district": "dashboard:rollup",
    "exchange:idle_offer": "exchange:offer_list",
    "exchange:match_": "exchange:board",
}


def audience_of(user: Any) -> str:
    if getattr(user, "is_leadership", False):
        return LEADERSHIP
    if user.is_office:
        return OFFICE
    return str(user.kind)


def groups_for(user: Any) -> list[tuple[Promise, list[Entry]]]:
    """The menu groups with the entries this person's organisation may use; empty groups go."""
    audience = audience_of(user)
    groups = []
    for label, entries in MENU:
        mine = [entry for entry in entries if audience in entry.audience]
        if mine:
            groups.append((label, mine))
    return groups


def _stem(url_name: str) -> str:
    """``registry:enterprise_list`` → ``registry:enterprise``: the pages of that list start so."""
    return url_name.removesuffix("_list")


def breadcrumbs(groups: list[tuple[Promise, list[Entry]]], current: str) -> list[tuple[str, str]]:
    """(label, url) after 我的工作 for the page named ``current``; the url is empty for the
    page itself."""
    if not current or current == "home:home":
        return []
    if current in OTHER_PAGES:
        return [(str(OTHER_PAGES[current]), "")]
    if current.startswith(ACCOUNT_PAGES):
        return [(str(OTHER_PAGES["accounts:profile"]), reverse("accounts:profile"))]
    parent = next((name for prefix, name in PARENTS.items() if current.startswith(prefix)), None)
    best: tuple[int, Promise, Entry] | None = None
    for group, entries in groups:
        for entry in entries:
            if entry.url_name == current:
                return [(str(group), ""), (str(entry.label), "")]
            if entry.url_name == parent:
                return [(str(group), ""), (str(entry.label), reverse(entry.url_name))]
            stem = _stem(entry.url_name)
            namespace = entry.url_name.split(":")[0]
            # The longest matching stem wins; any entry of the same app is the last resort.
            score = len(stem) if current.startswith(stem) else (1 if current.startswith(namespace + ":") else 0)
            if score and (best is None or score > best[0]):
                best = (score, group, entry)
    if best is None:
        return []
    _score, group, entry = best
    return [(str(group), ""), (str(entry.label), reverse(entry.url_name))]


def _unread(user: Any) -> int:
    """The unread messages of the person's organisation's inbox (notifications app), kept in
    the cache between deliveries and readings."""
    from notifications.inbox import unread_count

    return unread_count(user.organisation_id)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The context every page gets: the menu groups, the breadcrumbs, the waiting count."""
    from accounts.models import Organisation
    from home.waiting import waiting_count

    is_demo_site = Organisation.objects.filter(is_demo=True).exists()
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "nav_groups": [], "breadcrumbs": [], "is_demo_site": is_demo_site}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None else ""
    groups = groups_for(user)
    nav_groups: list[dict[str, Any]] = [
        {
            "label": label,
            "entries": [(entry.label, reverse(entry.url_name)) for entry in entries],
        }
        for label, entries in groups
    ]
    return {
        # Every entry in one list (我的工作 first), for whoever needs the menu flat.
        "nav": [(_("My work"), reverse("home:home"))] + [entry for group in nav_groups for entry in group["entries"]],
        "nav_groups": nav_groups,
        "breadcrumbs": breadcrumbs(groups, current),
        "waiting_count": waiting_count(user),
        "unread_count": _unread(user),
        "is_demo_site": is_demo_site,
    }
