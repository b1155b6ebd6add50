from django.core.management.base import BaseCommand

from landscape.corpus import rebuild_index, sync_district


class Command(BaseCommand):
    help = (
        "Write the district's own patents and the reference tables (IPC titles, WIPO fields) into the landscape "
        "corpus store and rebuild the full-text index. Reports also sync on demand when the patents changed."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sync_district(force=True, index=False)
        meta = rebuild_index()
        self.stdout.write(f"district synced; full-text index: {meta['documents']} documents, {meta['words']} words")
