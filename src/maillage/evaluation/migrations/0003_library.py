from django.db import migrations

from maillage.evaluation.library_catalogue import ENTRIES


def load(apps, schema_editor):
    # The historical model, filled from the pure data of the catalogue (no live model import).
    entry_model = apps.get_model("evaluation", "LibraryEntry")
    existing = set(entry_model.objects.values_list("kind", "text"))
    entry_model.objects.bulk_create(
        entry_model(
            kind=item["kind"],
            theme=item["theme"],
            text=item["text"],
            description=item.get("description", ""),
            target=item.get("target", ""),
            criterion_code=item.get("criterion_code", ""),
            indicator_fields=item.get("indicator_fields", {}),
            keywords=item.get("keywords", ""),
        )
        for item in ENTRIES
        if (item["kind"], item["text"]) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_default_criteria")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
