from django.core.exceptions import PermissionDenied, ValidationError

from core.tests.people import PeopleTestCase
from registry.actions import set_population
from registry.models import DistrictPopulation


class PopulationTests(PeopleTestCase):
    def test_clerk_enters_and_corrects_a_year_and_later_years_fall_back_to_it(self) -> None:
        set_population(actor=self.clerk, year=2024, population=600_000, source="yearbook")
        set_population(actor=self.clerk, year=2024, population=610_000, source="yearbook, revised")
        self.assertEqual(DistrictPopulation.objects.count(), 1)
        self.assertEqual(DistrictPopulation.of_year(2024), 610_000)
        self.assertEqual(DistrictPopulation.of_year(2026), 610_000)
        self.assertIsNone(DistrictPopulation.of_year(2023))

    def test_outsiders_and_bad_numbers_are_refused(self) -> None:
        with self.assertRaises(PermissionDenied):
            set_population(actor=self.ent_manager, year=2024, population=1)
        with self.assertRaises(ValidationError):
            set_population(actor=self.clerk, year=2024, population=0)
        self.assertFalse(DistrictPopulation.objects.exists())
