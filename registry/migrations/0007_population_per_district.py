"""The population becomes one row per district and year; the rows entered before districts
became data are the default district's (``settings.DISTRICT_CODE``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_default_district(apps, schema_editor):
    from refdata import divisions

    DistrictPopulation = apps.get_model("registry", "DistrictPopulation")
    if not DistrictPopulation.objects.exists():
        return
    District = apps.get_model("accounts", "District")
    code = settings.DISTRICT_CODE
    division = divisions.lookup(code)
    district, _ = District.objects.get_or_create(code=code, defaults={"name": division.name if division else code})
    DistrictPopulation.objects.update(district=district)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_link_default_district"),
        ("registry", "0006_district"),
    ]

    operations = [
        migrations.AddField(
            model_name="districtpopulation",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="population",
                to="accounts.district",
                verbose_name="district",
            ),
        ),
        migrations.RunPython(to_default_district, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="districtpopulation",
            name="district",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="population",
                to="accounts.district",
                verbose_name="district",
            ),
        ),
        migrations.AlterField(
            model_name="districtpopulation",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AlterModelOptions(
            name="districtpopulation",
            options={
                "ordering": ["district", "-year"],
                "verbose_name": "district population",
                "verbose_name_plural": "district population",
            },
        ),
        migrations.AddConstraint(
            model_name="districtpopulation",
            constraint=models.UniqueConstraint(
                fields=("district", "year"), name="population_unique_per_district_year"
            ),
        ),
    ]
