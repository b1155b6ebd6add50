from django.core.management.base import BaseCommand

from landscape.corpus import rebuild_index, sync_district


class Command(BaseCommand):
    help = (
        "Write the district's own patents and the reference tables (IPC titles, WIPO fields) into the landscape "
        "corpus store and rebuild the full-text index. Reports also sync on demand when the patents changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queue", action="store_true", help="Queue the sync for the worker instead.")

    def handle(self, *args, **options):
        if options["queue"]:
            from django.db import transaction

            from core import jobs

            with transaction.atomic():
                run = jobs.submit_coalesced("landscape.sync", {"force": True})
            self.stdout.write(f"queued as {run.key}")
            return
        sync_district(force=True, index=False)
        meta = rebuild_index()
        self.stdout.write(f"district synced; full-text index: {meta['documents']} documents, {meta['words']} words")
