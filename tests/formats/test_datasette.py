"""`datasette infkb.db -m metadata.json` serves the export_sqlite file: counts, links and search.

Datasette (a dev dependency, requirements-dev.txt) is driven through its own
Python API, `Datasette(...).client`: the same app and JSON API that the command
line serves, without a port.
"""

import asyncio
import io
import json

from datasette.app import Datasette
from django.core.management import call_command

from claims.formats.sqlite import published_statements
from claims.models import Actor, Claim


def served(tmp_path, *paths: str) -> list[dict]:
    """Export the knowledge base, serve it with its metadata, and GET each path's JSON."""
    call_command("export_sqlite", str(tmp_path / "infkb.db"), stdout=io.StringIO())
    metadata = json.loads((tmp_path / "metadata.json").read_text())

    async def get_all() -> list[dict]:
        datasette = Datasette([str(tmp_path / "infkb.db")], metadata=metadata)
        answers = []
        for path in paths:
            response = await datasette.client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
            answers.append(response.json())
        return answers

    return asyncio.run(get_all())


def test_datasette_serves_every_published_statement_and_the_metadata(corpus, tmp_path):
    table, described = served(tmp_path, "/infkb/statements.json?_size=1", "/-/metadata.json")

    assert table["filtered_table_rows_count"] == published_statements().count() > 0
    assert described["title"].startswith("INF KB")
    assert "wikidata_id" in described["databases"]["infkb"]["tables"]["actors"]["columns"]


def test_datasette_links_a_statement_to_its_speaker_and_a_stance_to_its_claim(corpus, tmp_path):
    statement = published_statements().filter(stances__isnull=False).select_related("speaker").first()
    claim = Claim.objects.published().filter(stances__statement=statement).first()

    rows, stances = served(
        tmp_path,
        f"/infkb/statements.json?_shape=objects&_labels=on&id={statement.pk}",
        f"/infkb/stances.json?_shape=objects&_labels=on&statement_id={statement.pk}&claim_id={claim.pk}",
    )

    # A foreign key Datasette recognised comes back as the linked row's id and its label.
    assert rows["rows"][0]["speaker_id"] == {"value": statement.speaker_id, "label": statement.speaker.name}
    assert stances["rows"][0]["claim_id"] == {"value": claim.pk, "label": claim.text}


def test_datasette_search_finds_a_known_quote_through_the_fts_index(corpus, tmp_path):
    quote = published_statements().filter(text__icontains="Tomahawk").first()

    (found,) = served(tmp_path, "/infkb/statements.json?_search=Tomahawk&_shape=objects&_size=max")

    assert quote.pk in {row["id"] for row in found["rows"]}
    assert all("tomahawk" in (row["text"] + row["article_title"]).lower() for row in found["rows"])


def test_datasette_shows_an_actors_wikidata_id(corpus, tmp_path):
    russia = Actor.objects.get(slug="russia")

    (row,) = served(tmp_path, f"/infkb/actors.json?_shape=objects&id={russia.pk}")

    assert row["rows"][0]["wikidata_id"] == "Q159"
