"""One shape for every "a page costs the same queries whatever its rows" test: count each page's
queries with N rows, add 2N more (3N in all), count again; the counts must not have grown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.test import Client, SimpleTestCase
from django.test.utils import CaptureQueriesContext

# A page is its URL, or (user, URL) when the pages of one test are seen by different people.
Page = str | tuple[Any, str]


def page_queries(client: Client, page: Page) -> int:
    """The queries one GET of the page costs (the page must answer 200)."""
    if isinstance(page, tuple):
        user, url = page
        client.force_login(user)
    else:
        url = page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def assert_queries_do_not_grow(
    test: SimpleTestCase,
    pages: Sequence[Page],
    add_rows: Callable[[int], object],
    rows: int = 2,
    before: Callable[[], object] | None = None,
) -> list[int]:
    """Add `rows` rows and count every page; add twice as many again and count again. The two
    counts must be equal, page by page (each page is visited once before, to fill the process's
    caches as on a running server); returns them so a test can also cap them. `before`
    runs ahead of each count (e.g. to warm a cache that is warm on a running server)."""

    def count() -> list[int]:
        if before is not None:
            before()
        # Rows were just added through the actions, and an audited change has the menu count
        # the person's waiting items again on the next page (home/waiting.py): that page pays
        # for the count once, whatever the rows, and the page after it shows the kept count.
        for page in pages:
            page_queries(test.client, page)
        return [page_queries(test.client, page) for page in pages]

    add_rows(rows)
    for page in pages:  # the first visit fills the process's caches (reference data, rules)
        page_queries(test.client, page)
    few = count()
    add_rows(2 * rows)
    many = count()
    labels = [str(page) for page in pages]
    test.assertEqual(list(zip(labels, few, strict=True)), list(zip(labels, many, strict=True)))
    return many
