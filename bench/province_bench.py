"""Province-scale roll-up bench (issue 21): 100 real county-level districts of Shandong (37xxxx,
from refdata), generated enterprises and N generated patents spread over them; times the roll-up
computation (every district's figures, grouped queries, no cache) and one county's dashboard,
p50/p95 over --runs runs each.

    DATABASE_URL=sqlite:////tmp/province.sqlite3 .venv/bin/python bench/province_bench.py --patents 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipc_rollup \
        .venv/bin/python bench/province_bench.py --patents 2000000

The database must be a scratch one (it is migrated and filled; run once per database). Marks
(3M district / 30M outside) are not generated here: the mark search has its own bench
(bench/tmsearch_bench.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.choices import OrganisationKind  # noqa: E402
from accounts.models import District, Organisation  # noqa: E402
from dashboard.figures import build_dashboard  # noqa: E402
from dashboard.rollup import build_rollup  # noqa: E402
from portfolio.choices import PatentStatus, PatentType  # noqa: E402
from portfolio.models import Patent  # noqa: E402
from refdata import divisions  # noqa: E402
from registry.models import DistrictPopulation, Enterprise  # noqa: E402

BATCH = 20_000
TYPES = [PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN]


def shandong_counties(n: int) -> list[str]:
    codes = sorted(d.code for d in divisions.divisions().values() if d.level == "county" and d.code.startswith("37"))
    return codes[:n]


def generate(n_districts: int, n_patents: int, per_district: int, seed: int) -> list[District]:
    rng = random.Random(seed)
    codes = shandong_counties(n_districts)
    districts = [District.of_code(code) for code in codes]
    enterprises: list[int] = []
    with transaction.atomic():
        for district in districts:
            orgs = Organisation.objects.bulk_create(
                [
                    Organisation(name=f"{district.code}{district.name}基准企业{i}", kind=OrganisationKind.ENTERPRISE)
                    for i in range(per_district)
                ]
            )
            Organisation.districts.through.objects.bulk_create(
                [Organisation.districts.through(organisation_id=o.pk, district_id=district.code) for o in orgs]
            )
            made = Enterprise.objects.bulk_create([Enterprise(name=o.name, uscc="", organisation=o) for o in orgs])
            enterprises += [e.pk for e in made]
            DistrictPopulation.objects.bulk_create(
                [
                    DistrictPopulation(district=district, year=y, population=rng.randint(200_000, 1_200_000))
                    for y in range(2019, dt.date.today().year + 1)
                ]
            )
    today = dt.date.today()
    done = 0
    while done < n_patents:
        size = min(BATCH, n_patents - done)
        rows = []
        for i in range(done, done + size):
            filed = dt.date(rng.randint(2008, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
            granted = filed + dt.timedelta(days=rng.randint(300, 1500))
            rows.append(
                Patent(
                    application_number=f"B{i:011d}",
                    patent_type=rng.choices(TYPES, weights=[35, 50, 15])[0],
                    title="基准专利",
                    filing_date=filed,
                    grant_date=granted if granted <= today else None,
                    status=PatentStatus.GRANTED if granted <= today else PatentStatus.PENDING,
                    is_pct=rng.random() < 0.03,
                    foreign_family_granted=rng.random() < 0.02,
                )
            )
        with transaction.atomic():
            saved = Patent.objects.bulk_create(rows, batch_size=5_000)
            Patent.owners.through.objects.bulk_create(
                [Patent.owners.through(patent_id=p.pk, enterprise_id=rng.choice(enterprises)) for p in saved],
                batch_size=5_000,
            )
        done += size
        print(f"  {done:,} patents", flush=True)
    return districts


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--patents", type=int, default=200_000)
    parser.add_argument("--enterprises-per-district", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
    parser.add_argument("--seed", type=int, default=37)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if Patent.objects.exists():
        districts = [District.of_code(c) for c in shandong_counties(args.districts)]
        print(f"reusing {Patent.objects.count():,} patents already in the database")
    else:
        started = time.perf_counter()
        districts = generate(args.districts, args.patents, args.enterprises_per_district, args.seed)
        print(f"generated in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rollup = timed(lambda: build_rollup(args.year, districts), args.runs)
    county = timed(lambda: build_dashboard(args.year, districts[0]), args.runs)
    print(
        f"{platform.node()} {os.cpu_count()} cores, {connection.vendor}, {dt.date.today()}, "
        f"{len(districts)} districts, {Patent.objects.count():,} patents, {args.runs} runs"
    )
    print(f"roll-up ({len(districts)} districts, year {args.year}): p50 {rollup[0]:.3f} s, p95 {rollup[1]:.3f} s")
    print(f"county dashboard ({districts[0].code}): p50 {county[0]:.3f} s, p95 {county[1]:.3f} s")


if __name__ == "__main__":
    main()
