"""Bounds the API puts on numbers before they reach the database, which stores no integer beyond
2^63 - 1 (SQLite raised OverflowError, a server error, for offset=10^22 or a list of ids holding
10^25; schemathesis found both, issue 14).

- The one way of paging a list: django-ninja's limit/offset, bounded; a bounded limit also keeps
  one request from reading a whole table at once.
- ``RecordId``: an id a client names in a list of ids (``document_ids``, ``officer_ids``…).
- ``TextParser``: no text of a request (body or query string) may hold a NUL character, which
  PostgreSQL cannot store (a DataError, a server error; the forms of the pages refuse it already)."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination
from ninja.parser import Parser

MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1
MAX_ID = 2**63 - 1

RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """``?limit=`` 1–1000 (100 by default) and ``?offset=`` 0–2,147,483,647; outside them a 422."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


_no_nul = ProhibitNullCharactersValidator()


def _refuse_nul(value: Any, field: str = "__all__") -> None:
    if isinstance(value, str):
        try:
            _no_nul(value)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, str(key).replace("\x00", ""))
            _refuse_nul(item, str(key).replace("\x00", ""))
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item, field)


class TextParser(Parser):
    """django-ninja's JSON and query-string parser, refusing a NUL character anywhere (a 422)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        _refuse_nul(data)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result
