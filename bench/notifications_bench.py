"""The nightly round of reminders over a district of generated rights (docs/notifications.md):

    .venv/bin/python bench/notifications_bench.py [--patents 90000] [--marks 10000] [--enterprises 500]

A scratch SQLite database (or --database-url, e.g. a scratch PostgreSQL database) is migrated and
filled in bulk: enterprises with an e-mail and an SMS contact each; granted patents filed over the
last 20 years with their annuities paid up to a year spread so that some fall due within the
reminder window, some are in their grace and some lapsed; registered marks expiring over the
coming and past years. Then the round (``notifications.nightly.run_nightly``) is timed twice:
the first run tells everything (inbox rows, one mail per contact through Django's in-memory mail
backend, one SMS per contact through the logging gateway); the second finds everything already
sent. Target: the first run for 100,000 rights within 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patents", type=int, default=90_000)
    parser.add_argument("--marks", type=int, default=10_000)
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="notifications-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.getLogger("ipcounty.sms").setLevel(logging.WARNING)
    fill(args, random.Random(7))
    print(f"database ready in {time.perf_counter() - started:.1f} s ({os.environ['DATABASE_URL'].split(':')[0]})")

    from django.core import mail

    from notifications.models import Delivery, Message
    from notifications.nightly import run_nightly

    mail.outbox = []
    today = dt.date(2026, 3, 2)
    for label in ("first run", "second run"):
        begun = time.perf_counter()
        summary = run_nightly(today)
        took = time.perf_counter() - begun
        print(
            f"{label}: {took:.1f} s for {args.patents + args.marks:,} rights; {summary.items:,} items, "
            f"{summary.office_alerts} office alerts; sent inbox {summary.sent['inbox']:,}, "
            f"e-mail {summary.sent['email']:,}, SMS {summary.sent['sms']:,}; failed {sum(summary.failed.values())}"
        )
    print(f"rows: {Message.objects.count():,} inbox messages, {Delivery.objects.count():,} deliveries, "
          f"{len(mail.outbox):,} mails")  # fmt: skip
    return 0


def fill(args, rng: random.Random) -> None:
    from accounts.models import Organisation
    from demo.identity import make_uscc
    from notifications.models import Contact
    from portfolio.models import Patent, Trademark, add_years, patent_expiry
    from portfolio.numbers import check_character
    from registry.models import Enterprise

    Organisation.objects.create(name="Office", kind="office")
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"企业{i}", kind="enterprise") for i in range(args.enterprises)]
    )
    enterprises = Enterprise.objects.bulk_create(
        [Enterprise(uscc=make_uscc(rng, "370602"), name=o.name, organisation=o) for o in organisations]
    )
    Contact.objects.bulk_create(
        [Contact(organisation=o, name="会计", email=f"c{o.pk}@example.com", by_email=True) for o in organisations]
        + [Contact(organisation=o, name="经理", phone=f"139{o.pk:08d}", by_sms=True) for o in organisations]
    )
    today = dt.date(2026, 3, 2)
    patents = []
    for i in range(args.patents):
        filed = today - dt.timedelta(days=rng.randrange(365 * 3, 365 * 19))
        years_since = (today - filed).days // 365
        # Most paid up to this year (next due within a year); some a year behind (in grace or lapsed).
        paid = years_since + (0 if rng.random() < 0.85 else -1)
        body = f"{filed.year}1{i:07d}"
        patents.append(
            Patent(
                application_number=f"{body}.{check_character(body)}", patent_type="invention", title=f"专利{i}",
                filing_date=filed, grant_date=add_years(filed, 2), status="granted", annuity_paid_year=max(paid, 3),
                expiry_date=patent_expiry("invention", filed), has_foreign_family=rng.random() < 0.02,
            )
        )  # fmt: skip
    Patent.objects.bulk_create(patents, batch_size=5000)
    through = Patent.owners.through
    ids = list(Patent.objects.values_list("pk", flat=True))
    through.objects.bulk_create(
        [through(patent_id=pk, enterprise_id=rng.choice(enterprises).pk) for pk in ids], batch_size=5000
    )
    marks = []
    for i in range(args.marks):
        registered = today - dt.timedelta(days=rng.randrange(365 * 9, 365 * 11))
        marks.append(
            Trademark(
                number=f"9{i:07d}", mark_text=f"商标{i}", owner=rng.choice(enterprises), filing_date=registered,
                registration_date=registered, expiry_date=add_years(registered, 10) - dt.timedelta(days=1),
                status="registered", is_well_known=rng.random() < 0.01,
            )
        )  # fmt: skip
    Trademark.objects.bulk_create(marks, batch_size=5000)


if __name__ == "__main__":
    sys.exit(main())
