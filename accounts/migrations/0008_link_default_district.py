"""Every organisation made before districts became data belongs to the installation's default
district (``settings.DISTRICT_CODE``), which this migration creates."""

from django.conf import settings
from django.db import migrations


def link_default(apps, schema_editor):
    from refdata import divisions

    District = apps.get_model("accounts", "District")
    Organisation = apps.get_model("accounts", "Organisation")
    if not Organisation.objects.exists():
        return
    code = settings.DISTRICT_CODE
    division = divisions.lookup(code)
    district, _ = District.objects.get_or_create(code=code, defaults={"name": division.name if division else code})
    for organisation in Organisation.objects.all():
        organisation.districts.add(district)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_districts")]

    operations = [migrations.RunPython(link_default, migrations.RunPython.noop)]
