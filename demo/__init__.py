"""The demo district (Zhifu District, Yantai) that ``manage.py seed_demo`` builds: generated
enterprises, portfolio, awards, loans, cases, trainings and one user per role, all marked as
demo data. A top-floor app: it calls every domain app's actions; nothing imports it but tests
and benchmarks."""

# The password of every demo user: printed by seed_demo and published in the README.
DEMO_PASSWORD = "demo-Zhifu-2026"  # noqa: S105 - printed for the demo, documented in the README
