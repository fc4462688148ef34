from django.db import migrations

from maillage.evaluation.criteria import ensure_default_criteria


def load(apps, schema_editor):
    ensure_default_criteria(apps.get_model("evaluation", "Criterion"))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
