"""The district's population moves here from the dashboard, so that the landscape (high-value
patents per 10,000 people) and the dashboard both read it without importing each other. The
table dashboard_districtpopulation is taken over in Django's state and renamed, rows kept
(dashboard 0004 drops the model from the dashboard state)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_phone_validator"),
        ("dashboard", "0003_close_reports_of_the_thread_era"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="DistrictPopulation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                        ("population", models.PositiveIntegerField(verbose_name="population")),
                        (
                            "source",
                            models.CharField(
                                blank=True,
                                help_text="e.g. the statistical yearbook",
                                max_length=200,
                                verbose_name="source",
                            ),
                        ),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demo data")),
                    ],
                    options={
                        "verbose_name": "district population",
                        "verbose_name_plural": "district population",
                        "ordering": ["-year"],
                        "db_table": "dashboard_districtpopulation",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("population__gt", 0)), name="population_positive"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="districtpopulation", table=None),
    ]
