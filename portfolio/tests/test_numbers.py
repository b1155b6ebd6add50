import csv

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from portfolio.numbers import (
    check_character,
    kind_of_application_number,
    normalise_application_number,
    validate_application_number,
    validate_publication_number,
)
from refdata.sources import SAMPLES

# Application numbers published with their check characters (CNIPA examples of the rule).
REAL = ["201710601862.3", "97101765.4", "95115608.X"]


class ApplicationNumberTests(SimpleTestCase):
    def test_real_numbers_are_valid(self):
        for number in REAL:
            validate_application_number(number)

    def test_written_forms_are_normalised(self):
        self.assertEqual(normalise_application_number("ZL 2017 1060 1862.3"), "201710601862.3")
        self.assertEqual(normalise_application_number("CN2017106018623"), "201710601862.3")
        validate_application_number("ZL95115608x")

    def test_the_kind_digit_gives_the_patent_type(self):
        self.assertEqual(kind_of_application_number("201710601862.3"), "invention")
        self.assertEqual(kind_of_application_number("97101765.4"), "invention")

    def test_an_empty_or_too_short_number_has_no_kind_and_does_not_crash(self):
        # schemathesis posted {"application_number": ""}: an IndexError, a 500 (issue 14)
        for value in ("", "2", "20", ".3"):
            with self.subTest(value=value):
                self.assertEqual(kind_of_application_number(value), "")

    def test_a_wrong_check_character_says_what_it_should_be(self):
        with self.assertRaises(ValidationError) as caught:
            validate_application_number("201710601862.4")
        self.assertEqual(caught.exception.code, "application_number_checksum")
        self.assertIn("3", caught.exception.messages[0])

    def test_the_brief_example_is_not_a_valid_number(self):
        # 202310123456.7 appears in the brief as a format example; its check character would be 6.
        self.assertEqual(check_character("202310123456"), "6")
        with self.assertRaises(ValidationError):
            validate_application_number("202310123456.7")

    @given(position=st.integers(0, 11), delta=st.integers(1, 9))
    def test_every_single_digit_change_is_caught(self, position, delta):
        body = "201710601862"
        changed = body[:position] + str((int(body[position]) + delta) % 10) + body[position + 1 :]
        with self.assertRaises(ValidationError):
            validate_application_number(f"{changed}.3")

    def test_other_shapes_are_refused(self):
        for bad in ["2017106018", "20171060186A.3", "", "CN118866379A"]:
            with self.subTest(bad), self.assertRaises(ValidationError):
                validate_application_number(bad)


class PublicationNumberTests(SimpleTestCase):
    def test_real_publication_numbers_from_the_shared_data_are_accepted(self):
        folder = SAMPLES / "cn_patents_liaoleyuan"
        numbers = []
        for name in ("sample_train.csv", "sample_val.csv", "sample_test.csv"):
            with open(folder / name, encoding="utf-8-sig") as fh:
                numbers += [row["publication_number"] for row in csv.DictReader(fh) if row["publication_number"]]
        self.assertEqual(len(numbers), 57)
        for number in numbers:
            validate_publication_number(number)

    def test_an_application_number_is_not_a_publication_number(self):
        with self.assertRaises(ValidationError):
            validate_publication_number("201710601862.3")
