"""A USCC keeps the region code of the authority that issued it (issue 16, item 9)."""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from stdnum.cn import uscc

from refdata import divisions
from registry.models import Enterprise
from registry.validators import validate_uscc


def with_region(region: str) -> str:
    body = "91" + region + "MA3C4D5E6"
    return body + uscc.calc_check_digit(body)


class HistoricalRegionTests(SimpleTestCase):
    def test_a_code_of_the_former_penglai_city_is_valid_and_historical(self):
        code = with_region("370684")  # 蓬莱市, a district of Yantai since 2020
        validate_uscc(code)
        self.assertTrue(divisions.is_historical_code("370684"))
        self.assertEqual(divisions.historical()["370684"].name, "蓬莱市")

    def test_a_current_code_is_not_historical(self):
        self.assertFalse(divisions.is_historical_code("370602"))

    def test_an_enterprise_says_whether_its_uscc_carries_a_historical_code(self):
        # The enterprise page tags such a code; the property was once defined on Park instead.
        self.assertTrue(Enterprise(uscc=with_region("370684")).region_is_historical)
        self.assertFalse(Enterprise(uscc=with_region("370602")).region_is_historical)

    def test_a_code_that_never_existed_is_still_refused(self):
        with self.assertRaises(ValidationError):
            validate_uscc(with_region("379999"))
