import time

from django.core.management.base import BaseCommand

from similarity import index, logos


class Command(BaseCommand):
    help = "Rebuild the trademark similarity index from the portfolio and the outside-mark corpus."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queue", action="store_true", help="Queue the rebuild for the worker instead.")

    def handle(self, *args: object, **options: object) -> None:
        if options["queue"]:
            from django.db import transaction

            from core import jobs

            with transaction.atomic():
                run = jobs.submit_coalesced("similarity.rebuild_index")
            self.stdout.write(f"queued as {run.key}")
            return
        started = time.perf_counter()
        built = index.build()
        hashed = logos.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(built)} marks indexed, {hashed} mark images hashed in {time.perf_counter() - started:.1f} s"
                f" at {index.index_dir()}"
            )
        )
