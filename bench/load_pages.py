"""The main pages of each role, for the load test (bench/locustfile.py, bench/load_test.py)."""

PAGES = {
    "office": [
        "/",
        "/dashboard/",
        "/registry/enterprises/",
        "/registry/talent/",
        "/portfolio/patents/",
        "/portfolio/trademarks/",
        "/incentives/applications/",
        "/incentives/funds/",
        "/financing/loans/",
        "/financing/figures/",
        "/cultivation/trainings/",
        "/cultivation/brands/",
        "/protection/case-list/",
    ],
    "leadership": [
        "/dashboard/",
        "/dashboard/reports/",
        "/registry/enterprises/",
        "/portfolio/patents/",
        "/incentives/funds/",
        "/financing/figures/",
        "/cultivation/trainings/",
        "/cultivation/brands/",
    ],
    "enterprise": ["/", "/portfolio/patents/", "/portfolio/trademarks/", "/financing/", "/incentives/"],
}
