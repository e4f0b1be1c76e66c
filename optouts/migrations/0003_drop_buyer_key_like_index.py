from django.db import migrations


def drop_like_index(apps, schema_editor):
    # Buyer keys are only ever compared for equality; the varchar_pattern_ops index Django adds to
    # a CharField key on PostgreSQL would double the table's index size for nothing.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'optouts_optout' AND indexname LIKE '%%_like'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("optouts", "0002_optout_table")]
    operations = [migrations.RunPython(drop_like_index, migrations.RunPython.noop)]
