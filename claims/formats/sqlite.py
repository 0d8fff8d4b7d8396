"""The published knowledge base as one denormalised SQLite file that Datasette serves as it is.

Each table carries the names a reader needs next to the ids (a statement has its
speaker's name, its article's title, its outlet and its claims), the claim graph
is an edge table, the texts have FTS5 indexes, and the foreign keys are declared
so that Datasette links the rows. `metadata()` describes every table and column
for `datasette FILE -m metadata.json`. Records are read in chunks from any
database Django runs on (PostgreSQL or SQLite) and written in chunks.
"""

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from claims.models import Actor, Claim, ClaimRelation, Stance, Statement
from infkb.dates import iso_fuzzy_date
from infkb.provenance import ReviewStatus
from sources.models import Article, Outlet

CHUNK = 2000

WIKIDATA_COLUMN = (
    "wikidata_id",
    "TEXT",
    "Its Wikidata item id, e.g. Q159 (the item https://www.wikidata.org/wiki/Q159); empty when not known.",
)

# table -> (description, [(column, SQL type, description)]); `id` is each table's primary key.
TABLES: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "outlets": (
        "Where the articles were published.",
        [
            ("id", "INTEGER PRIMARY KEY", "The outlet's id in INF KB."),
            ("name", "TEXT", "Its name."),
            ("kind", "TEXT", "news_agency, newspaper, broadcaster, …"),
            ("url", "TEXT", "Its website."),
            WIKIDATA_COLUMN,
        ],
    ),
    "actors": (
        "People, organisations and states that speak or are spoken about.",
        [
            ("id", "INTEGER PRIMARY KEY", "The actor's id in INF KB."),
            ("name", "TEXT", "The canonical name."),
            ("slug", "TEXT", "The actor's address on the site: /actors/<slug>/."),
            ("kind", "TEXT", "person, organisation or state."),
            ("country_id", "INTEGER REFERENCES actors(id)", "The state a person or organisation belongs to."),
            WIKIDATA_COLUMN,
        ],
    ),
    "articles": (
        "The source articles the statements are quoted from.",
        [
            ("id", "INTEGER PRIMARY KEY", "The article's id in INF KB."),
            ("title", "TEXT", "Its headline."),
            ("url", "TEXT", "Where it was published."),
            ("published", "TEXT", "Publication date: YYYY-MM-DD, YYYY-MM or YYYY, as precise as known."),
            ("language", "TEXT", "Language of the stored text."),
            ("is_translation", "INTEGER", "1 if the stored text is a translation."),
            ("translation", "TEXT", "original, machine (machine translation) or human (human translation)."),
            ("original_language", "TEXT", "The language a translation was made from."),
            ("outlet_id", "INTEGER REFERENCES outlets(id)", "The outlet."),
            ("outlet_name", "TEXT", "The outlet's name."),
        ],
    ),
    "claims": (
        "Propositions that statements assert or deny.",
        [
            ("id", "INTEGER PRIMARY KEY", "The claim's id in INF KB."),
            ("slug", "TEXT", "The claim's address on the site: /claims/<slug>/."),
            ("text", "TEXT", "The proposition."),
            ("description", "TEXT", "The editors' note on it."),
            ("n_asserting", "INTEGER", "Published statements asserting it."),
            ("n_denying", "INTEGER", "Published statements denying it."),
        ],
    ),
    "statements": (
        "Who said what, where and when: verbatim quotes anchored in their article, and paraphrases.",
        [
            ("id", "INTEGER PRIMARY KEY", "The statement's id in INF KB."),
            (
                "kind",
                "TEXT",
                "quote (the speaker's words, verbatim), paraphrase (the outlet's summary of them) or "
                "characterisation (the outlet's own wording of the speaker's position).",
            ),
            ("text", "TEXT", "The words."),
            ("speaker_id", "INTEGER REFERENCES actors(id)", "Who said it."),
            ("speaker_name", "TEXT", "The speaker's name."),
            (
                "reported_speaker_id",
                "INTEGER REFERENCES actors(id)",
                "Whose words the speaker reports, if anyone's.",
            ),
            ("reported_speaker_name", "TEXT", "Their name."),
            ("speaker_role", "TEXT", "The role as the article words it."),
            ("role", "TEXT", "The office the speaker held that day, from their roles."),
            ("said", "TEXT", "When it was said, as precise as known (empty: the article's date)."),
            ("venue", "TEXT", "Where it was said."),
            ("article_id", "INTEGER REFERENCES articles(id)", "The article it is quoted from."),
            ("article_title", "TEXT", "The article's headline."),
            ("published", "TEXT", "The article's publication date."),
            ("outlet_name", "TEXT", "The article's outlet."),
            ("translation", "TEXT", "The article's text: original, machine or human translation."),
            ("start", "INTEGER", "Offset of a quote in the article's stored text."),
            ("end", "INTEGER", "Offset of its end."),
            ("claims", "TEXT", "The claims it takes a stance on, as “stance: claim” joined by “ | ”."),
        ],
    ),
    "stances": (
        "How a statement stands on a claim: one row per statement and claim.",
        [
            ("id", "INTEGER PRIMARY KEY", "The stance's id in INF KB."),
            ("statement_id", "INTEGER REFERENCES statements(id)", "The statement."),
            ("claim_id", "INTEGER REFERENCES claims(id)", "The claim."),
            ("stance", "TEXT", "asserts, denies or mentions."),
            ("speaker_name", "TEXT", "Who made the statement."),
            ("claim_text", "TEXT", "The claim's proposition."),
        ],
    ),
    "claim_relations": (
        "The claim graph as an edge table: source supports, counters or responds to target.",
        [
            ("id", "INTEGER PRIMARY KEY", "The relation's id in INF KB."),
            ("source_id", "INTEGER REFERENCES claims(id)", "The claim that supports, counters or responds."),
            ("kind", "TEXT", "supports, counters or responds_to."),
            ("target_id", "INTEGER REFERENCES claims(id)", "The claim it relates to."),
            ("source_text", "TEXT", "The source claim's proposition."),
            ("target_text", "TEXT", "The target claim's proposition."),
        ],
    ),
}
FULL_TEXT = {"statements": ["text", "speaker_name", "article_title"], "claims": ["text", "description"]}
# What Datasette shows for a row that another links to, where its `name` or `title` column is not it.
LABEL_COLUMNS = {"claims": "text"}


def _chunks(rows: Iterable[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def published_statements() -> Any:
    """Published statements whose speaker and article are published too: nothing points at a draft."""
    return Statement.objects.published().filter(
        speaker__in=Actor.objects.published(), article__in=Article.objects.published()
    )


def published_stances() -> Any:
    return Stance.objects.published().filter(statement__in=published_statements())


def _rows() -> dict[str, Iterable[tuple]]:
    """Each table's rows, read lazily in chunks."""
    outlets = (
        Outlet.objects.published().order_by("pk").values_list("pk", "name", "kind", "url", "wikidata_id")
    )
    actors = Actor.objects.published().order_by("pk")
    articles = Article.objects.published().select_related("outlet").defer("text").order_by("pk")
    claims = Claim.objects.published().with_stance_counts().order_by("pk")
    relations = ClaimRelation.objects.published().select_related("source", "target").order_by("pk")
    stances = published_stances().select_related("statement__speaker", "claim").order_by("pk")
    published_actor_ids = set(Actor.objects.published().values_list("pk", flat=True))
    return {
        "outlets": outlets.iterator(CHUNK),
        "actors": (
            (
                a.pk,
                a.name,
                a.slug,
                a.kind,
                a.country_id if a.country_id in published_actor_ids else None,
                a.wikidata_id,
            )
            for a in actors.iterator(CHUNK)
        ),
        "articles": (
            (
                a.pk,
                a.title,
                a.url,
                iso_fuzzy_date(a.published_on, a.published_precision),
                a.language,
                int(a.is_translation),
                a.translation,
                a.original_language,
                a.outlet_id,
                a.outlet.name,
            )
            for a in articles.iterator(CHUNK)
        ),
        "claims": (
            (c.pk, c.slug, c.text, c.description, c.n_asserting, c.n_denying) for c in claims.iterator(CHUNK)
        ),
        "statements": _statement_rows(),
        "stances": (
            (s.pk, s.statement_id, s.claim_id, s.stance, s.statement.speaker.name, s.claim.text)
            for s in stances.iterator(CHUNK)
        ),
        "claim_relations": (
            (r.pk, r.source_id, r.kind, r.target_id, r.source.text, r.target.text)
            for r in relations.iterator(CHUNK)
        ),
    }


def _statement_rows() -> Iterator[tuple]:
    stances = published_stances().select_related("claim").order_by("claim__text")
    statements = (
        published_statements()
        .select_related("speaker", "reported_speaker", "role__organisation", "article__outlet")
        .defer("article__text")
        .order_by("pk")
    )
    # A chunk of statements at a time, with the stances of that chunk: memory stays flat.
    for chunk in _chunks(statements.iterator(CHUNK)):
        claims: dict[int, list[str]] = {s.pk: [] for s in chunk}
        for stance in stances.filter(statement__in=[s.pk for s in chunk]):
            claims[stance.statement_id].append(f"{stance.stance}: {stance.claim.text}")
        for s in chunk:
            article = s.article
            # Only a published actor is in the actors table: a draft one is not named either.
            reported = s.reported_speaker if s.reported_speaker_id else None
            if reported is not None and reported.status != ReviewStatus.PUBLISHED:
                reported = None
            yield (
                s.pk,
                s.kind,
                s.text,
                s.speaker_id,
                s.speaker.name,
                reported.pk if reported else None,
                reported.name if reported else "",
                s.speaker_role,
                str(s.role) if s.role_id else "",
                iso_fuzzy_date(s.said_on, s.said_precision),
                s.venue,
                s.article_id,
                article.title,
                iso_fuzzy_date(article.published_on, article.published_precision),
                article.outlet.name,
                article.translation,
                s.start,
                s.end,
                " | ".join(claims[s.pk]),
            )


def write_sqlite(path: Path) -> dict[str, int]:
    """Write the published knowledge base to a new SQLite file at `path`; return its row counts."""
    if path.exists():
        path.unlink()
    connection = sqlite3.connect(path)
    counts = {}
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        for table, (_, columns) in TABLES.items():
            declared = ", ".join(f'"{name}" {kind}' for name, kind, _ in columns)
            connection.execute(f'CREATE TABLE "{table}" ({declared})')
        # One transaction: the tables are read from one snapshot, and PostgreSQL's server-side
        # cursors stream instead of storing each whole result first (infkb.api._records).
        with transaction.atomic(savepoint=False):
            for table, rows in _rows().items():
                marks = ", ".join("?" for _ in TABLES[table][1])
                counts[table] = 0
                for chunk in _chunks(rows):
                    connection.executemany(f'INSERT INTO "{table}" VALUES ({marks})', chunk)
                    counts[table] += len(chunk)
        for table, columns in FULL_TEXT.items():
            names = ", ".join(columns)
            # content=[table]: an external-content index, in the form Datasette recognises as the
            # table's search (as sqlite-utils writes it); the metadata's fts_table says so too.
            connection.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5({names}, content=[{table}], content_rowid=[id])"
            )
            connection.execute(f"INSERT INTO {table}_fts(rowid, {names}) SELECT id, {names} FROM {table}")
        connection.commit()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        assert not problems, f"rows pointing at nothing: {problems[:5]}"
    finally:
        connection.close()
    return counts


def metadata(database: str, *, license: str, license_url: str, source_url: str) -> dict:
    """Datasette's metadata.json: titles, descriptions, licence and source of every table and column."""
    tables = {}
    for table, (description, columns) in TABLES.items():
        tables[table] = {
            "title": table.replace("_", " ").capitalize(),
            "description": description,
            "columns": {name: text for name, _, text in columns},
        }
        if table in FULL_TEXT:
            tables[table] |= {"fts_table": f"{table}_fts", "fts_pk": "id"}
        if table in LABEL_COLUMNS:
            tables[table]["label_column"] = LABEL_COLUMNS[table]
    return {
        "title": "INF KB: claims and evidence about the INF Treaty dispute",
        "description": (
            "The published part of INF KB: who said what, where and when (statements anchored in "
            "their articles), which claims they assert or deny, and how claims answer each other."
        ),
        "license": license,
        "license_url": license_url,
        "source": "INF KB",
        "source_url": source_url,
        "databases": {database: {"tables": tables}},
    }
