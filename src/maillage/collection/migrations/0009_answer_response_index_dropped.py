"""The index of Answer.response dropped: the unique (response, question) index already serves
every lookup by response, and every public submission wrote both (ten answers each).

Only the index is dropped: Django's own AlterField would also drop and re-create the foreign
key, which re-checks every answer (30 million on a national installation) under lock."""

import django.db.models.deletion
from django.db import migrations, models

ANSWER_INDEX = "collection_answer_response_id_39c65c0c"


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0008_survey_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{ANSWER_INDEX}"',
                    f'CREATE INDEX "{ANSWER_INDEX}" ON "collection_answer" ("response_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="answer",
                    name="response",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="collection.response",
                    ),
                ),
            ],
        ),
    ]
