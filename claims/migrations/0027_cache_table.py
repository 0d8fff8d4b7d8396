"""The database cache's table (the API's rate limits count in it), created by `migrate` too.

`manage.py createcachetable` was a separate step: a deployment that ran `migrate` alone answered every
API request with a 500 (no table "infkb_cache"). The command creates only what is missing and does
nothing for a Redis cache (CACHE_URL), so running it here and again by hand is harmless.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("claims", "0026_actor_name_idx")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
