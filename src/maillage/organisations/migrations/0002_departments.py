from django.db import migrations

from maillage.organisations.departments import DEPARTMENTS, ensure_departments


def load_departments(apps, schema_editor):
    ensure_departments(apps.get_model("organisations", "Territory"))


def unload_departments(apps, schema_editor):
    Territory = apps.get_model("organisations", "Territory")
    Territory.objects.filter(kind="department", code__in=[c for c, _ in DEPARTMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load_departments, unload_departments)]
