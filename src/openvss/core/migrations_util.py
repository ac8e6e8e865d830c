"""Migration helpers for PostgreSQL-only features that SQLite does without."""

from django.db import migrations


def trigram_indexes(*tables: str) -> migrations.RunPython:
    """GIN trigram indexes on ``name_folded`` so that ``contains`` search uses an index.

    SQLite has no such index; its tables are small enough to scan. pg_trgm is a trusted
    extension (PostgreSQL 13+), so the database owner can create it.
    """

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in tables:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_name_trgm" ON "{table}" '
                f'USING gin ("name_folded" gin_trgm_ops)'
            )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_name_trgm"')

    return migrations.RunPython(forward, backward, elidable=False)
