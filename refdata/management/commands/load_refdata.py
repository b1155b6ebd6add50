"""Load the reference tables (IPC, Nice classes and the similar-goods table, WIPO technology
fields) from the copy shipped in refdata/data. Safe to run again: it replaces the tables' contents."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from refdata import loading


class Command(BaseCommand):
    help = "Load the reference tables (IPC, Nice, similar goods, technology fields) shipped in refdata/data."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--source",
            type=Path,
            default=None,
            help="Folder with a newer edition laid out like refdata/data (default: REFDATA_SOURCE, else refdata/data).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Load only when the tables are empty (one query otherwise)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"] or loading.default_source()
        started = time.perf_counter()
        try:
            counts = loading.ensure_loaded(source) if options["if_empty"] else loading.load_all(source)
        except loading.ReferenceDataNotFound as error:
            raise CommandError(str(error)) from error
        if not counts:
            self.stdout.write("The reference data is already loaded; nothing to do.")
            return
        for model, count in counts.items():
            self.stdout.write(f"{model:<20} {count:>7,}")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded from {source} in {elapsed:.1f} s."))
