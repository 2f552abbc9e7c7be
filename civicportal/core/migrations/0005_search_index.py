"""The site-wide search index: pg_trgm first, then the table, then its GIN indexes (on PostgreSQL only).

SQLite, the demo's database, has neither GIN indexes nor pg_trgm: there the extension step does nothing by
itself and the index steps are skipped, and search falls back to matching words (civicportal/core/search.py).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """Add an index to the model's state everywhere, and to the database only when it is PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_pipeline_outbox_notices"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="item")),
                (
                    "kind",
                    models.CharField(
                        db_index=True,
                        help_text="The type residents filter results by.",
                        max_length=40,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                ("body", models.TextField(blank=True, verbose_name="body text")),
                ("url", models.CharField(max_length=500, verbose_name="address")),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False, null=True, verbose_name="search vector"
                    ),
                ),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="indexed")),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "verbose_name": "search document",
                "constraints": [
                    models.UniqueConstraint(fields=("content_type", "object_id"), name="searchdocument_once_per_item")
                ],
            },
        ),
        AddIndexOnPostgreSQL(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="searchdocument_vector"),
        ),
        AddIndexOnPostgreSQL(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass("title", name="gin_trgm_ops"), name="searchdocument_title_trgm"
            ),
        ),
    ]
