"""Migration operations shared by the apps."""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """SQL that only PostgreSQL understands (extensions, ICU collations, trigram indexes).

    On SQLite, the embedded development database, the operation does nothing: the lists there
    work without these indexes, only slower at scale, and order Chinese by code point.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
