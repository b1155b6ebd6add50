import time

from django.core.management.base import BaseCommand

from similarity import index


class Command(BaseCommand):
    help = "Rebuild the trademark similarity index from the portfolio and the outside-mark corpus."

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        built = index.build()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(built)} marks indexed in {time.perf_counter() - started:.1f} s at {index.index_dir()}"
            )
        )
