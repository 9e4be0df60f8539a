"""Migration operations that only PostgreSQL runs: the search's own tables and functions there
(the other databases' search does not use them)."""

from django.db import migrations


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


def run_on_postgres(forward, backward):
    """RunPython executing `forward` (undone by `backward`) on PostgreSQL, nothing elsewhere."""
    return migrations.RunPython(_on_postgres(forward), _on_postgres(backward))
