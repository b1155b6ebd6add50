"""Bounds the API puts on numbers before they reach the database, which stores no integer beyond
2^63 - 1 (SQLite raised OverflowError, a server error, for offset=10^22 or a list of ids holding
10^25; schemathesis found both, issue 14).

- The one way of paging a list: django-ninja's limit/offset, bounded; a bounded limit also keeps
  one request from reading a whole table at once.
- ``RecordId``: an id a client names in a list of ids (``document_ids``, ``officer_ids``…)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1
MAX_ID = 2**63 - 1

RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """``?limit=`` 1–1000 (100 by default) and ``?offset=`` 0–2,147,483,647; outside them a 422."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
