import random

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from demo.identity import make_uscc
from registry.validators import validate_id_number, validate_uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Any printable character a clerk could type in place of a correct one.
TYPED = st.characters(min_codepoint=0x21, max_codepoint=0x7E)


class UsccTests(SimpleTestCase):
    def test_generated_codes_are_valid(self):
        for seed in range(50):
            validate_uscc(make_uscc(random.Random(seed), "370602"))

    @settings(max_examples=400, deadline=None)
    @given(seed=st.integers(0, 10**6), position=st.integers(0, 17), replacement=TYPED)
    def test_every_single_character_change_of_a_valid_code_is_rejected(self, seed, position, replacement):
        code = make_uscc(random.Random(seed), "370602")
        if code[position] == replacement.upper():
            replacement = ALPHABET[(ALPHABET.index(code[position]) + 1) % len(ALPHABET)]
        changed = code[:position] + replacement + code[position + 1 :]
        with self.assertRaises(ValidationError):
            validate_uscc(changed)

    def test_check_digit_error_says_which_character_to_fix(self):
        code = make_uscc(random.Random(7), "370602")
        wrong = code[:-1] + ALPHABET[(ALPHABET.index(code[-1]) + 1) % 31]
        with self.assertRaises(ValidationError) as caught:
            validate_uscc(wrong)
        self.assertEqual(caught.exception.code, "uscc_checksum")
        self.assertIn(wrong, caught.exception.messages[0])

    def test_region_part_must_be_a_real_division(self):
        # 379999 is not a GB/T 2260 code, though the check digit is right.
        code = make_uscc(random.Random(3), "379999")
        with self.assertRaises(ValidationError) as caught:
            validate_uscc(code)
        self.assertEqual(caught.exception.code, "uscc_region")

    def test_wrong_length_is_reported_with_the_count(self):
        with self.assertRaises(ValidationError) as caught:
            validate_uscc("91370602ABC")
        self.assertEqual(caught.exception.code, "uscc_length")


class IdNumberTests(SimpleTestCase):
    def test_a_zhifu_number_of_someone_born_before_1983_is_valid(self):
        validate_id_number("370602198005051372")

    def test_a_number_issued_by_a_county_since_abolished_is_valid(self):
        # 110228 密云县 (1982–2015) is now 110118 密云区, and Beijing has no 110200 any more.
        number = "11022819800505137"
        validate_id_number(number + ric.calc_check_digit(number + "X"))  # the last character is ignored

    def test_a_region_that_never_was_a_county_is_rejected(self):
        number = "37990119800505137"  # neither 379901 nor 379900 was ever a region code
        with self.assertRaises(ValidationError) as caught:
            validate_id_number(number + ric.calc_check_digit(number + "X"))  # the last character is ignored
        self.assertEqual(caught.exception.code, "id_number_region")

    def test_wrong_check_digit_is_rejected(self):
        with self.assertRaises(ValidationError):
            validate_id_number("370602198005051373")

    def test_impossible_birth_date_is_rejected(self):
        with self.assertRaises(ValidationError):
            validate_id_number("370602198013321372")
