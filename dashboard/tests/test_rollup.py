"""The dashboard per district and the roll-up: a second district's records are not counted on
the first's dashboard; the grouped roll-up equals each district's own dashboard; who sees which
districts (a bureau its linked ones, an office its city's, a bureau of another city none of
these, an enterprise or a bank nothing)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import District, Organisation, User
from core.tests.people import PeopleTestCase, new_uscc
from cultivation import actions as cultivation_actions
from cultivation.choices import EventKind, EventLevel
from dashboard import actions
from dashboard.choices import Indicator as I
from dashboard.figures import build_dashboard
from dashboard.rollup import ROLLUP_INDICATORS, build_rollup, figures_by_district, peers_of, rank, sparkline
from portfolio.choices import PatentStatus, PatentType, TrademarkStatus
from portfolio.models import Patent, Trademark
from registry import actions as registry_actions
from registry.models import Enterprise

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


def _patent(number: int, owner, *, granted: dt.date, pct: bool = False) -> Patent:
    patent = Patent.objects.create(
        application_number=f"20191{number:07d}",
        patent_type=PatentType.INVENTION,
        title=f"发明 {number}",
        filing_date=dt.date(2019, 1, 1),
        grant_date=granted,
        status=PatentStatus.GRANTED,
        is_pct=pct,
    )
    patent.owners.add(owner)
    return patent


def _mark(number: int, owner) -> Trademark:
    return Trademark.objects.create(
        number=f"T{number}",
        mark_text=f"标 {number}",
        owner=owner,
        filing_date=dt.date(2019, 1, 1),
        registration_date=dt.date(2020, 1, 1),
        status=TrademarkStatus.REGISTERED,
    )


class RollupTests(PeopleTestCase):
    """370602 芝罘区 (the default, the people's district), 370611 福山区 (same city, 烟台市) and
    370102 历下区 (济南市)."""

    home: District
    fushan: District
    lixia: District
    fushan_firm: Enterprise
    lixia_firm: Enterprise
    bureau: Organisation
    bureau_user: User
    jinan: Organisation
    jinan_user: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.home = District.default()
        cls.fushan = District.of_code("370611")
        cls.lixia = District.of_code("370102")
        cls.fushan_firm = registry_actions.register_enterprise(
            actor=None, name="福山企业", uscc=new_uscc(11), district=cls.fushan
        )
        cls.lixia_firm = registry_actions.register_enterprise(
            actor=None, name="历下企业", uscc=new_uscc(12), district=cls.lixia
        )
        n = 0
        for owner, count in ((cls.enterprise, 2), (cls.fushan_firm, 5), (cls.lixia_firm, 3)):
            for _ in range(count):
                n += 1
                _patent(n, owner, granted=dt.date(2021, 1, 1), pct=n % 2 == 0)
                _mark(n, owner)
        # co-owned by a 芝罘 and a 福山 enterprise: counts once in each
        n += 1
        shared = _patent(n, cls.enterprise, granted=dt.date(LAST_YEAR, 3, 1))
        shared.owners.add(cls.fushan_firm)
        for district, trainings in ((cls.home, 2), (cls.fushan, 1)):
            for k in range(trainings):
                cultivation_actions.create_training(
                    actor=None,
                    kind=EventKind.TRAINING,
                    title=f"专利培训{k}",
                    organiser="知识产权局",
                    level=EventLevel.DISTRICT,
                    held_on=dt.date(LAST_YEAR, 5, 1),
                    district=district,
                )
        for district, people in ((cls.home, 20_000), (cls.fushan, 10_000), (cls.lixia, 30_000)):
            registry_actions.set_population(actor=cls.clerk, year=LAST_YEAR, population=people, district=district)
        actions.set_target(
            actor=cls.clerk, year=LAST_YEAR, indicator=I.VALID_INVENTION_PATENTS, value=Decimal(4), district=cls.fushan
        )
        actions.set_target(actor=cls.clerk, year=LAST_YEAR, indicator=I.VALID_INVENTION_PATENTS, value=Decimal(4))
        cls.bureau = account_actions.create_organisation(
            actor=None, name="烟台市知识产权局", kind=OrganisationKind.BUREAU, districts=[cls.home, cls.fushan]
        )
        cls.bureau_user = cls.person(cls.bureau, "yantai", Role.LEADERSHIP)
        cls.jinan = account_actions.create_organisation(
            actor=None, name="济南市知识产权局", kind=OrganisationKind.BUREAU, districts=[cls.lixia]
        )
        cls.jinan_user = cls.person(cls.jinan, "jinan", Role.LEADERSHIP)

    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    # ------------------------------------------------------------ figures per district

    def test_each_dashboard_counts_only_its_own_districts_records(self):
        home = build_dashboard(LAST_YEAR).row(I.VALID_INVENTION_PATENTS).actual
        fushan = build_dashboard(LAST_YEAR, self.fushan)
        self.assertEqual(home, 3)  # two of its own and the shared one
        self.assertEqual(fushan.row(I.VALID_INVENTION_PATENTS).actual, 6)
        self.assertEqual(fushan.row(I.VALID_TRADEMARKS).actual, 5)
        self.assertEqual(build_dashboard(LAST_YEAR).row(I.VALID_TRADEMARKS).actual, 2)
        self.assertEqual(fushan.row(I.INVENTION_PER_10K).actual, Decimal("6.00"))
        self.assertTrue(fushan.row(I.VALID_INVENTION_PATENTS).reached)
        self.assertFalse(build_dashboard(LAST_YEAR).row(I.VALID_INVENTION_PATENTS).reached)
        # a training counts in the district of the office that held it
        self.assertEqual(fushan.row(I.TRAININGS).actual, 1)
        self.assertEqual(build_dashboard(LAST_YEAR).row(I.TRAININGS).actual, 2)
        self.assertEqual(build_dashboard(LAST_YEAR, self.lixia).row(I.TRAININGS).actual, 0)

    def test_the_grouped_rollup_equals_each_districts_own_dashboard(self):
        figures, _found = figures_by_district(LAST_YEAR, ["370602", "370611", "370102"])
        for district in (self.home, self.fushan, self.lixia):
            board = build_dashboard(LAST_YEAR, district)
            for code in ROLLUP_INDICATORS:
                with self.subTest(district=district.code, indicator=code):
                    self.assertEqual(figures[district.code][code][-1], board.row(code).actual)
            for code in (I.VALID_INVENTION_PATENTS, I.VALID_TRADEMARKS, I.PCT_APPLICATIONS):
                with self.subTest(district=district.code, indicator=code, years="trend"):
                    self.assertEqual(figures[district.code][code][-3:], board.row(code).values)

    def test_the_rollup_ranks_and_sorts_by_the_chosen_indicator(self):
        table = build_rollup(LAST_YEAR, [self.home, self.fushan, self.lixia], I.VALID_INVENTION_PATENTS)
        # a tie shares the place and is listed by division code
        self.assertEqual([r.district.code for r in table.rows], ["370611", "370102", "370602"])
        self.assertEqual([r.rank for r in table.rows], [1, 2, 2])
        by_people = build_rollup(LAST_YEAR, [self.home, self.fushan, self.lixia], I.INVENTION_PER_10K)
        self.assertEqual([r.district.code for r in by_people.rows], ["370611", "370602", "370102"])
        self.assertEqual(by_people.rows[2].cell(I.INVENTION_PER_10K).value, Decimal("1.00"))
        self.assertTrue(table.rows[0].cell(I.VALID_INVENTION_PATENTS).reached)
        self.assertIsNone(table.rows[1].cell(I.VALID_INVENTION_PATENTS).reached)  # 历下 set no target
        self.assertFalse(table.rows[2].cell(I.VALID_INVENTION_PATENTS).reached)

    def test_ranking_shares_a_place_on_a_tie_and_leaves_out_missing_figures(self):
        self.assertEqual(rank({"a": 3, "b": 5, "c": 3, "d": None, "e": 1}), {"b": 1, "a": 2, "c": 2, "e": 4})
        self.assertEqual(rank({"a": 3, "b": 5}, lower_is_better=True), {"a": 1, "b": 2})

    def test_the_sparkline_is_an_inline_svg_and_skips_years_without_a_figure(self):
        line = sparkline([1, None, 3, 2, 5])
        self.assertTrue(line.startswith("<svg"))
        self.assertEqual(line.count(","), 4)  # four points
        self.assertEqual(sparkline([None, None, 4]), "")

    def test_a_county_s_peers_are_the_served_districts_of_its_city(self):
        self.assertEqual([d.code for d in peers_of(self.home)], ["370602", "370611"])
        self.assertEqual([d.code for d in peers_of(self.lixia)], ["370102"])

    # ------------------------------------------------------------ who sees what

    def _rollup_codes(self, user) -> list[str]:
        self.client.force_login(user)
        response = self.client.get(reverse("dashboard:rollup"), {"year": LAST_YEAR})
        self.assertEqual(response.status_code, 200)
        return [row.district.code for row in response.context["table"].rows]

    def test_a_bureau_sees_its_linked_districts_and_opens_a_countys_trend(self):
        self.assertEqual(sorted(self._rollup_codes(self.bureau_user)), ["370602", "370611"])
        response = self.client.get(reverse("dashboard:rollup_district", args=["370611"]), {"year": LAST_YEAR})
        self.assertContains(response, "福山区")
        self.assertEqual(response.context["row"].cell(I.VALID_INVENTION_PATENTS).trend[-1], 6)
        lixia = self.client.get(reverse("dashboard:rollup_district", args=["370102"]))
        self.assertEqual(lixia.status_code, 404)

    def test_a_bureau_of_another_city_sees_none_of_these_districts(self):
        self.assertEqual(self._rollup_codes(self.jinan_user), ["370102"])
        for code in ("370602", "370611"):
            response = self.client.get(reverse("dashboard:rollup_district", args=[code]))
            self.assertEqual(response.status_code, 404)

    def test_the_office_and_the_leadership_see_their_district_among_the_citys(self):
        for user in (self.clerk, self.leadership):
            with self.subTest(user=user.username):
                self.assertEqual(sorted(self._rollup_codes(user)), ["370602", "370611"])
        self.assertEqual(self.client.get(reverse("dashboard:rollup_district", args=["370102"])).status_code, 404)

    def test_an_enterprise_a_bank_and_a_stranger_get_404(self):
        for user in (self.ent_manager, self.bank_officer, self.mediator):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("dashboard:rollup")).status_code, 404)
                self.assertEqual(
                    self.client.get(reverse("dashboard:rollup_district", args=["370602"])).status_code, 404
                )
        self.client.logout()
        self.assertNotEqual(self.client.get(reverse("dashboard:rollup")).status_code, 200)

    def test_a_bad_sort_or_year_or_code_never_fails(self):
        self.client.force_login(self.bureau_user)
        response = self.client.get(reverse("dashboard:rollup"), {"sort": "<x>", "year": "abc"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["table"].sort, ROLLUP_INDICATORS[0])
        self.assertEqual(self.client.get(reverse("dashboard:rollup_district", args=["99999x"])).status_code, 404)

    def test_the_rollup_downloads_as_a_workbook(self):
        self.client.force_login(self.bureau_user)
        response = self.client.get(
            reverse("dashboard:rollup"), {"year": LAST_YEAR, "sort": I.VALID_INVENTION_PATENTS, "export": "xlsx"}
        )
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual([r[1] for r in rows[1:]], ["福山区", "芝罘区"])
        column = rows[0].index(str(I.VALID_INVENTION_PATENTS.label))
        self.assertEqual([r[column] for r in rows[1:]], [6, 3])

    def test_the_county_dashboard_says_where_it_stands_among_its_city(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("dashboard:dashboard"), {"year": LAST_YEAR})
        standing = {s.code: (s.rank, s.of) for s in response.context["standing"]}
        self.assertEqual(standing[I.VALID_INVENTION_PATENTS], (2, 2))
        self.assertContains(response, reverse("dashboard:rollup"))
