"""Structured logs: one JSON line per request and per job, never a password or an ID number.

`JsonFormatter` turns every log record into one line of JSON (time, level, logger, message and
the record's `extra` fields); `RequestLogMiddleware` writes one such line per request with the
method, the path (never the query string, which can carry what a person typed), the status,
the time taken and the user's id. Every line is passed through the personal-number mask, so a
mobile or ID number in a message is never written in full.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from core.masking import mask_personal_numbers_in_text

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
# Never written, whatever a caller passes in `extra`.
_SECRET_KEYS = {"password", "passwd", "secret", "token", "authorization", "cookie", "id_number", "phone"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            line[key] = "[hidden]" if key.lower() in _SECRET_KEYS else value
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return mask_personal_numbers_in_text(json.dumps(line, ensure_ascii=False, default=str))


request_log = logging.getLogger("ipcounty.request")


class RequestLogMiddleware:
    """One line per request: who (user id), what (method, path, view), how it went (status, ms)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "view": match.view_name if match else None,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
