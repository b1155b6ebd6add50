"""Long work (imports, annual reports) in a thread of its own, so the page can show progress."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection


def run_in_background(work: Callable[[], None], *, name: str, background: bool) -> None:
    """Run ``work`` in a daemon thread that closes its own database connection when done;
    with ``background`` off (the tests) run it in line."""
    if not background:
        work()
        return

    def target() -> None:
        try:
            work()
        finally:
            connection.close()
            close_old_connections()

    threading.Thread(target=target, name=name, daemon=True).start()
