"""Province-scale roll-up bench (issue 21): 100 real county-level districts of Shandong (37xxxx,
from refdata), generated enterprises and N generated patents spread over them; times the roll-up
computation without a snapshot (every district's figures, grouped queries) and one county's
dashboard (--live-runs runs), the snapshot refresh (dashboard.snapshots), then the roll-up page
and a county dashboard page read from the snapshot (--runs requests each, the cache cleared
before each), p50/p95 of wall and CPU time, with the load average.

    DATABASE_URL=sqlite:////tmp/province.sqlite3 .venv/bin/python bench/province_bench.py --patents 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipc_rollup \
        .venv/bin/python bench/province_bench.py --patents 2000000

The database must be a scratch one (it is migrated and filled; run once per database); without
DATABASE_URL the bench makes a scratch SQLite file in a temporary folder, removed at the end (it
never writes into db.sqlite3). Marks (3M district / 30M outside) are not generated here: the
province-scale mark search has its own bench (bench/province_marks.py).
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import platform
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")
if "DATABASE_URL" not in os.environ:  # a scratch database, never the installation's db.sqlite3
    _scratch = tempfile.mkdtemp(prefix="province_bench_")
    atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_scratch}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

from accounts import actions as account_actions  # noqa: E402
from accounts.choices import OrganisationKind, Role  # noqa: E402
from accounts.models import District, Organisation, User  # noqa: E402
from dashboard import snapshots  # noqa: E402
from dashboard.figures import build_dashboard  # noqa: E402
from dashboard.models import DistrictIndicatorSnapshot  # noqa: E402
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
    write = _copy_patents if connection.vendor == "postgresql" else _insert_patents
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
        owners = [rng.choice(enterprises) for _row in rows]
        write(rows, owners)
        done += size
        print(f"  {done:,} patents", flush=True)
    return districts


def _insert_patents(rows: list[Patent], owners: list[int]) -> None:
    with transaction.atomic():
        saved = Patent.objects.bulk_create(rows, batch_size=5_000)
        Patent.owners.through.objects.bulk_create(
            [Patent.owners.through(patent_id=p.pk, enterprise_id=e) for p, e in zip(saved, owners, strict=True)],
            batch_size=5_000,
        )


def _copy_patents(rows: list[Patent], owners: list[int]) -> None:
    """PostgreSQL's COPY, ids taken from the table's sequence in one call: some ten times faster
    than INSERTs at two million rows (generation time is not what the bench measures)."""
    now = dt.datetime.now(dt.UTC)
    fields = list(Patent._meta.concrete_fields)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    through = Patent.owners.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Patent._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f'COPY "{Patent._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for pk, patent in zip(ids, rows, strict=True):
                patent.pk, patent.created_at, patent.updated_at = pk, now, now
                copy.write_row([_db_value(f, patent) for f in fields])
        with raw.copy(f'COPY "{through}" (patent_id, enterprise_id) FROM STDIN') as copy:
            for pk, enterprise in zip(ids, owners, strict=True):
                copy.write_row([pk, enterprise])


def _db_value(field, obj):
    value = field.get_db_prep_save(getattr(obj, field.attname), connection)
    return json.dumps(value.obj) if isinstance(value, Jsonb) else value


def timed(fn, runs: int) -> dict[str, float]:
    """p50 and p95 of wall and CPU time (this process) over ``runs`` calls, the cache cleared
    before each (the dashboard view keeps its page a minute)."""
    walls, cpus = [], []
    for _ in range(runs):
        cache.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "wall_p50": _pct(walls, 0.5),
        "wall_p95": _pct(walls, 0.95),
        "cpu_p50": _pct(cpus, 0.5),
        "cpu_p95": _pct(cpus, 0.95),
    }


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return statistics.median(values) if q == 0.5 else values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _say(what: str, found: dict[str, float], runs: int) -> None:
    print(
        f"{what}: wall p50 {found['wall_p50']:.3f} s, p95 {found['wall_p95']:.3f} s; "
        f"CPU (this process) p50 {found['cpu_p50']:.3f} s, p95 {found['cpu_p95']:.3f} s; {runs} runs",
        flush=True,
    )


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _reader(name: str, kind: str, districts: list[District]) -> User:
    """A leadership person of a bureau over ``districts`` (or of one district's office)."""
    found = User.objects.filter(username=name).first()
    if found is not None:
        return found
    organisation = account_actions.create_organisation(actor=None, name=name, kind=kind, districts=districts)
    return account_actions.create_user(
        actor=None, organisation=organisation, username=name, password=secrets.token_urlsafe(16), role=Role.LEADERSHIP
    )


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--patents", type=int, default=200_000)
    parser.add_argument("--enterprises-per-district", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20, help="requests per page, read from the snapshot")
    parser.add_argument("--live-runs", type=int, default=1, help="runs of the live computation (no snapshot)")
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
    parser.add_argument("--seed", type=int, default=37)
    parser.add_argument(
        "--keep-snapshot",
        action="store_true",
        help="time the pages on the snapshot already in the database (no refresh) when there is one",
    )
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
    codes = [d.code for d in districts]
    print(
        f"{platform.node()} {os.cpu_count()} cores, {connection.vendor}, {dt.date.today()}, "
        f"{len(districts)} districts, {Patent.objects.count():,} patents, year {args.year}",
        flush=True,
    )
    trend = list(range(args.year - 4, args.year + 1))
    print(_load())
    if args.live_runs:
        # What a page costs without a snapshot: the roll-up's five years of every district, one
        # county's dashboard (three years), both computed from the records.
        _say(
            "live roll-up figures (no snapshot)",
            timed(lambda: snapshots.compute(codes, trend), args.live_runs),
            args.live_runs,
        )
        _say(
            "live county dashboard (no snapshot)",
            timed(lambda: build_dashboard(args.year, districts[0]), args.live_runs),
            args.live_runs,
        )
        print(_load())
    if not args.runs:  # the live computation only
        return
    if args.keep_snapshot and DistrictIndicatorSnapshot.objects.exists():
        print("timing the pages on the snapshot already in the database")
    else:
        refreshed = timed(snapshots.refresh, 1)
        _say(f"snapshot refresh (every district, {snapshots.SNAPSHOT_YEARS} years)", refreshed, 1)
        print(_load())
    client = Client()
    client.force_login(_reader("bench_bureau", OrganisationKind.BUREAU, districts))
    rollup_url = f"/dashboard/rollup/?year={args.year}"
    _get(client, rollup_url)
    _say(f"roll-up page ({len(districts)} districts)", timed(lambda: _get(client, rollup_url), args.runs), args.runs)
    county = Client()
    county.force_login(_reader("bench_county", OrganisationKind.OFFICE, districts[:1]))
    county_url = f"/dashboard/?year={args.year}"
    _get(county, county_url)
    _say(f"county dashboard page ({districts[0].code})", timed(lambda: _get(county, county_url), args.runs), args.runs)
    print(_load())


if __name__ == "__main__":
    main()
