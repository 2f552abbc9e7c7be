"""Search ranks by a shorter vector (title, summary and the body's opening), filled here for rows already indexed."""

import django.contrib.postgres.search
from django.db import migrations

FILL = """
UPDATE core_searchdocument SET rank_vector =
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, LEFT(COALESCE(body, ''), 400)), 'C')
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_page_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="ranking vector"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
