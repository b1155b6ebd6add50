"""The hostile-filter crawl of test_production.py as its group 3 of roles (a module of its own: the
test processes share the groups out)."""

from django.test import TestCase

from core.tests.test_production import ROLE_GROUPS, FilterCrawl


class FilterCrawl3Tests(FilterCrawl, TestCase):
    role_group = ROLE_GROUPS[2]
