"""Two indexes that others already cover, dropped: every public submission wrote them.

Answer.response is served by the unique (response, question) index, Response.survey by the
(survey, submitted_at) one. Only the indexes are dropped: Django's own AlterField would also drop
and re-create the foreign keys, which re-checks every answer (30 million on a national
installation) under lock."""

import django.db.models.deletion
from django.db import migrations, models

ANSWER_INDEX = "collection_answer_response_id_39c65c0c"
RESPONSE_INDEX = "collection_response_survey_id_742971b6"


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
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{RESPONSE_INDEX}"',
                    f'CREATE INDEX "{RESPONSE_INDEX}" ON "collection_response" ("survey_id")',
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
                migrations.AlterField(
                    model_name="response",
                    name="survey",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responses",
                        to="collection.survey",
                    ),
                ),
            ],
        ),
    ]
