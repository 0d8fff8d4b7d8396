"""QuoteCandidate moves to claims (claims 0022 takes it over): gone from this app's models only.

Its table, sources_quotecandidate, and every row in it stay where they are; claims'
model keeps that table name.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0005_outlet_wikidata_id"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="QuoteCandidate")],
            database_operations=[],
        ),
    ]
