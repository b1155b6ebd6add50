import json
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from similarity.reasons import describe
from similarity.search import clean_query, search


class Command(BaseCommand):
    help = "Find the marks most similar to MARK in the portfolio and the outside-mark corpus."

    def add_arguments(self, parser) -> None:
        parser.add_argument("mark")
        parser.add_argument("--class", dest="classes", action="append", default=[], help="Nice class (repeatable)")
        parser.add_argument("--group", dest="groups", action="append", default=[], help="similar-goods group")
        parser.add_argument("--all-classes", action="store_true", help="consider every class; goods only weigh")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="print the hits as JSON")

    def handle(self, *args: object, **options) -> None:
        try:
            query = clean_query(
                options["mark"], options["classes"], options["groups"], options["all_classes"], options["limit"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(m for ms in exc.message_dict.values() for m in ms)) from None
        started = time.perf_counter()
        hits = search(None, query)
        elapsed = (time.perf_counter() - started) * 1000
        if options["json"]:
            out = [
                {
                    "number": h.number,
                    "mark": h.mark_text,
                    "score": h.score,
                    "source": h.source,
                    "classes": h.classes,
                    "groups": h.groups,
                    "status": h.status,
                    "holder": h.holder,
                    "reasons": [{**r, "text": describe(r)} for r in h.reasons],
                }
                for h in hits
            ]
            self.stdout.write(json.dumps({"query": query.text, "hits": out}, ensure_ascii=False, indent=2))
            return
        if not hits:
            self.stdout.write("no similar marks")
        for rank, h in enumerate(hits, start=1):
            classes = ",".join(str(c) for c in h.classes)
            self.stdout.write(f"{rank:>3}. {h.score:5.1f}  {h.mark_text}  [{h.number}] classes {classes}  {h.holder}")
            self.stdout.write(f"       {'; '.join(describe(r) for r in h.reasons)}")
        self.stderr.write(f"{len(hits)} hit(s) in {elapsed:.1f} ms")
