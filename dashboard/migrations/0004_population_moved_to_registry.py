"""The district's population now belongs to the registry (registry 0003 took over and renamed
its table): it leaves the dashboard state. Nothing is done to the database here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0003_close_reports_of_the_thread_era"),
        ("registry", "0003_districtpopulation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="DistrictPopulation")],
        ),
    ]
