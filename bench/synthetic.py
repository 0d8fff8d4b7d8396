"""A large synthetic corpus shaped like the real one, for benchmarks, bulk-loaded.

At the default scale (1,000,000 statements): 100,000 articles from 500 outlets,
10,000 actors (half the people with an alias), 50,000 claims, 200,000 claim
relations, 1,000 events, dates over 2014–2026. Popularity is skewed as in the
real coverage (Zipf-like): the most popular claims draw tens of thousands of
stances, a few speakers make tens of thousands of statements, and the claims
most argued about are also the hubs of the claim graph (which has cycles).
The seed corpus's claims and people come first in those rankings, so the seed's
"Russia violates the INF Treaty" is the biggest claim and Ryabkov the busiest
speaker. Every quote is anchored at its real offsets in its article's text, so
the reader and full-text search work on it.

Loading bypasses the ORM's per-row work: COPY on PostgreSQL (with the
secondary indexes dropped during the load and rebuilt after, and foreign-key
triggers off: the generator writes consistent ids), bulk_create on SQLite. The
full-text search documents fill themselves: generated columns on PostgreSQL
(migration 0006), FTS5 triggers on SQLite (migration 0004); the counter columns
and the ActorClaim table (claims/counters.py) are recounted once at the end; the
rows carry their `reported_on` dates and stances their speakers (which save() would
copy). ANALYZE runs last, a VACUUM with it on PostgreSQL (outside a transaction),
as autovacuum would have by the time a live database is this big.
No history rows are written: the admin's history of these records is empty.

Every curated record is published (`status`), whichever models have a status.
"""

import bisect
import datetime
import hashlib
import io
import itertools
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from claims.counters import recount_all
from claims.models import (
    Actor,
    ActorAlias,
    ActorClaim,
    Claim,
    ClaimRelation,
    Event,
    Role,
    Stance,
    Statement,
    WeaponSystem,
)
from claims.names import normalize_name, transliteration_key
from infkb.provenance import Provenance, ReviewStatus
from sources.anchoring import selector_at
from sources.models import Article, Outlet

FIRST_DAY = datetime.date(2014, 1, 1)
LAST_DAY = datetime.date(2026, 11, 30)
CHUNK = 20_000  # rows per COPY or bulk_create batch
# From this many statements on, the load drops the plain indexes and the foreign-key triggers (PostgreSQL)
# and rebuilds them after: worth it at scale, and impossible inside a transaction with pending
# trigger events (a test's, which adds a small corpus to its own data).
BIG_LOAD = 50_000

WORDS = [
    "missile",
    "treaty",
    "range",
    "launcher",
    "compliance",
    "violation",
    "deployment",
    "Europe",
    "Washington",
    "Moscow",
    "negotiations",
    "moratorium",
    "cruise",
    "ballistic",
    "kilometres",
    "test",
    "allies",
    "security",
    "stability",
    "arms",
    "control",
    "verification",
    "inspection",
    "intermediate",
    "nuclear",
    "forces",
    "withdrawal",
    "suspension",
    "NATO",
    "Pentagon",
    "Kremlin",
    "ministry",
    "spokesman",
    "accusation",
    "evidence",
    "briefing",
    "systems",
    "ground",
    "sea",
    "air",
    "warhead",
    "deterrence",
    "escalation",
    "dialogue",
    "proposal",
    "response",
    "countermeasure",
    "Tomahawk",
    "Aegis",
    "Romania",
    "Poland",
    "Deveselu",
    "Redzikowo",
    "Iskander",
    "drone",
    "satellite",
    "parity",
    "budget",
    "doctrine",
    "summit",
    "sanctions",
    "agreement",
    "obligations",
    "transparency",
    "exercise",
    "radar",
    "interceptor",
]
RARE_WORD = "zirconium"  # in about one statement in ten thousand: the benchmark's rare search term
FIRST_SYLLABLES = ["ka", "ri", "na", "so", "le", "mi", "ta", "vo", "da", "be", "gu", "lo", "ne", "sa", "pe"]
LAST_SYLLABLES = ["rov", "kin", "ski", "ter", "man", "son", "nova", "berg", "ley", "ton", "ez", "ard"]


@dataclass(frozen=True)
class Shape:
    """How many of each record, scaled from the number of statements (the issue's proportions)."""

    statements: int

    @property
    def articles(self) -> int:
        return max(10, self.statements // 10)

    @property
    def outlets(self) -> int:
        return max(5, self.statements // 2_000)

    @property
    def actors(self) -> int:
        return max(20, self.statements // 100)

    @property
    def claims(self) -> int:
        return max(20, self.statements // 20)

    @property
    def relations(self) -> int:
        return self.statements // 5

    @property
    def events(self) -> int:
        return max(5, self.statements // 1_000)


class Progress:
    """One line on stderr, rewritten in place: what is being loaded and how far it got."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()

    def advance(self, n: int) -> None:
        self.done += n
        seconds = time.perf_counter() - self.started
        percent = 100 * self.done / max(1, self.total)
        sys.stderr.write(
            f"\r{self.label:>18}: {self.done:>10,} / ~{self.total:,} ({percent:3.0f}%) {seconds:6.1f} s"
        )
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def _copy_text(value: object) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class Loader:
    """Bulk insert of rows given as {attname: value}; every other column gets its model default."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now()
        self.loaded: list[type[models.Model]] = []

    def first_id(self, model: type[models.Model]) -> int:
        """The id the next row of `model` gets: ids are assigned here so that rows can refer to each other."""
        return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1

    def defaults(self, model: type[models.Model]) -> dict[str, object]:
        values = {}
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                values[field.attname] = self.now
            elif not field.primary_key:
                values[field.attname] = field.get_default()
        if issubclass(model, Provenance) and "status" in values:
            values["status"] = ReviewStatus.PUBLISHED
        return values

    def load(self, model: type[models.Model], rows: Iterable[dict], total: int, label: str = "") -> None:
        progress = Progress(label or model._meta.verbose_name_plural, total)
        self.loaded.append(model)
        defaults = self.defaults(model)
        rows = iter(rows)
        while chunk := list(itertools.islice(rows, CHUNK)):
            if self.postgres:
                self._copy(model, chunk, defaults)
            else:
                model.objects.bulk_create([model(**{**defaults, **row}) for row in chunk], batch_size=2_000)
            progress.advance(len(chunk))
        progress.close()

    def _copy(self, model: type[models.Model], chunk: list[dict], defaults: dict[str, object]) -> None:
        given = list(chunk[0])
        constant = [column for column in defaults if column not in chunk[0]]
        tail = "\t".join(_copy_text(defaults[column]) for column in constant)
        buffer = io.StringIO()
        for row in chunk:
            line = "\t".join([_copy_text(row[column]) for column in given])
            buffer.write(f"{line}\t{tail}\n" if tail else f"{line}\n")
        buffer.seek(0)
        columns = ", ".join(f'"{model._meta.get_field(c).column}"' for c in given + constant)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {model._meta.db_table} ({columns}) FROM STDIN", buffer)

    def finish(self) -> None:
        """Move each id sequence past the ids assigned here."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self.loaded:
                table, pk = model._meta.db_table, model._meta.pk.column
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT MAX({pk}) FROM {table}))",
                    [table, pk],
                )


class SecondaryIndexesDropped:
    """On PostgreSQL, drop the plain indexes of `tables` for the load and rebuild them after.

    Building a GIN or b-tree index once over a full table is many times faster
    than updating it row by row; indexes that back constraints stay.
    """

    def __init__(self, tables: list[str]) -> None:
        self.tables = tables
        self.definitions: list[str] = []

    def __enter__(self) -> "SecondaryIndexesDropped":
        if connection.vendor != "postgresql" or not self.tables:
            return self
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
                "AND i.tablename = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [self.tables],
            )
            found = cursor.fetchall()
            for name, definition in found:
                cursor.execute(f'DROP INDEX "{name}"')
                self.definitions.append(definition)
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None or not self.definitions:
            return
        progress = Progress("indexes", len(self.definitions))
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for definition in self.definitions:
                cursor.execute(definition)
                progress.advance(1)
        progress.close()


class Zipf:
    """Draws positions 0..n-1 with probability proportional to 1 / (position + offset)."""

    def __init__(self, n: int, offset: float, rng: random.Random) -> None:
        self.cumulative = list(itertools.accumulate(1 / (rank + offset) for rank in range(n)))
        self.rng = rng

    def draw(self) -> int:
        return bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])


def _unique_names(syllables: list[str], count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choices(syllables, k=rng.randint(2, 3))).capitalize())
    return sorted(names)


def _sentence(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    if rng.random() < 0.0001:
        chosen[rng.randrange(words)] = RARE_WORD
    return " ".join(chosen).capitalize()


def _day(rng: random.Random) -> datetime.date:
    return FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def add_synthetic_corpus(*, statements: int, seed: int = 1) -> dict[str, int]:
    """Add a corpus of `statements` published statements (and all the rest, in proportion)."""
    rng = random.Random(seed)
    shape = Shape(statements)
    loader = Loader()
    tables = [
        m._meta.db_table
        for m in (Outlet, Article, Actor, ActorAlias, Claim, ClaimRelation, Statement, Stance, Event)
    ] + [Claim.weapon_systems.through._meta.db_table]
    big = statements >= BIG_LOAD
    with transaction.atomic(), SecondaryIndexesDropped(tables if big else []):
        if loader.postgres and big:
            with connection.cursor() as cursor:
                # Foreign keys are not checked row by row (the ids are assigned consistently here).
                cursor.execute("SET LOCAL session_replication_role = replica")
        outlets = _add_outlets(loader, shape, rng)
        speakers = _add_actors(loader, shape, rng)
        claims = _add_claims(loader, shape, rng)
        _add_relations(loader, shape, rng, claims)
        _add_events(loader, shape, rng)
        _add_articles_and_statements(loader, shape, rng, outlets, speakers, claims)
        loader.finish()
        if loader.postgres and big:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
    with connection.cursor() as cursor:
        # Planner statistics, as a live database has them; without, PostgreSQL plans for empty tables.
        cursor.execute("ANALYZE")
        recount_all()  # the counter columns, which COPY and bulk_create leave at 0
        if loader.postgres and not connection.in_atomic_block:
            # What autovacuum keeps on a live database (this server runs without): the visibility
            # map, without which an index-only scan (a count through an index) reads the table.
            cursor.execute("VACUUM ANALYZE")
        else:
            for model in (Claim, Actor, ActorClaim):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {
        "statements": statements,
        "articles": shape.articles,
        "outlets": shape.outlets,
        "actors": shape.actors,
        "claims": shape.claims,
        "claim_relations": shape.relations,
    }


def _add_outlets(loader: Loader, shape: Shape, rng: random.Random) -> list[int]:
    first = loader.first_id(Outlet)
    kinds = [choice for choice, _ in Outlet.Kind.choices]
    rows = [
        {
            "id": first + n,
            "name": f"Synthetic Outlet {n}",
            "slug": f"synthetic-outlet-{n}",
            "kind": rng.choice(kinds),
            "url": f"https://outlet-{n}.bench.invalid/",
        }
        for n in range(shape.outlets)
    ]
    loader.load(Outlet, rows, len(rows))
    return [row["id"] for row in rows]


def _add_actors(loader: Loader, shape: Shape, rng: random.Random) -> list[int]:
    """Actors, with aliases; returns the speakers, most prolific first (the seed's people lead)."""
    first = loader.first_id(Actor)
    first_names = _unique_names(FIRST_SYLLABLES, 120, rng)
    last_names = _unique_names(LAST_SYLLABLES, 100, rng)
    pairs = rng.sample(list(itertools.product(first_names, last_names)), shape.actors)
    rows, aliases = [], []
    for n, (given, family) in enumerate(pairs):
        kind = Actor.Kind.PERSON if n % 10 < 8 else Actor.Kind.ORGANISATION
        name = f"{given} {family}" if kind == Actor.Kind.PERSON else f"{family} Institute of {given}"
        rows.append(
            {
                "id": first + n,
                "name": name,
                "slug": f"synthetic-actor-{n}",
                "kind": kind,
                "normalized_name": normalize_name(name),
                "name_key": transliteration_key(name),
            }
        )
        if kind == Actor.Kind.PERSON and n % 2 == 0:
            alias = f"{given[0]}. {family} ({n})"
            aliases.append(
                {
                    "actor_id": first + n,
                    "name": alias,
                    "normalized": normalize_name(alias),
                    "key": transliteration_key(alias),
                }
            )
    loader.load(Actor, rows, len(rows))
    loader.load(ActorAlias, aliases, len(aliases), "actor aliases")
    seed_people = Actor.objects.persons().exclude(slug__startswith="synthetic-").values_list("slug", "pk")
    busiest = ["sergey-ryabkov", "sergey-lavrov", "nikolai-patrushev"]
    ranked = sorted(
        seed_people, key=lambda pair: (busiest.index(pair[0]) if pair[0] in busiest else 99, pair[1])
    )
    return [pk for _, pk in ranked] + [row["id"] for row in rows]


def _add_claims(loader: Loader, shape: Shape, rng: random.Random) -> list[int]:
    """Claims, some about the seed's weapon systems; returns all claims, most popular first."""
    first = loader.first_id(Claim)
    rows = [
        {
            "id": first + n,
            "text": f"{_sentence(rng, 8)} (synthetic claim {n})",
            "slug": f"synthetic-claim-{n}",
        }
        for n in range(shape.claims)
    ]
    loader.load(Claim, rows, len(rows))
    weapons = list(WeaponSystem.objects.order_by("pk").values_list("pk", flat=True))
    through = Claim.weapon_systems.through
    links = [
        {"claim_id": row["id"], "weaponsystem_id": weapons[min(int(rng.expovariate(1)), len(weapons) - 1)]}
        for row in rows
        if weapons and rng.random() < 0.02
    ]
    loader.load(through, links, len(links), "claim weapons")
    seed_claims = list(Claim.objects.exclude(slug__startswith="synthetic-").values_list("pk", "slug"))
    seed_claims.sort(key=lambda pair: (pair[1] != "russia-violates-inf-treaty", pair[0]))
    return [pk for pk, _ in seed_claims] + [row["id"] for row in rows]


def _add_relations(loader: Loader, shape: Shape, rng: random.Random, claims: list[int]) -> None:
    """Edges between popular claims more often than not: hubs, and cycles where two draws meet."""
    popularity = Zipf(len(claims), 5, rng)
    kinds = [choice for choice, _ in ClaimRelation.Kind.choices]
    taken = set(ClaimRelation.objects.values_list("source_id", "kind", "target_id"))
    first = loader.first_id(ClaimRelation)
    rows = []
    while len(rows) < shape.relations:
        source, target = claims[popularity.draw()], claims[rng.randrange(len(claims))]
        if rng.random() < 0.5:
            source, target = target, source
        edge = (source, rng.choice(kinds), target)
        if source == target or edge in taken:
            continue
        taken.add(edge)
        rows.append({"id": first + len(rows), "source_id": source, "kind": edge[1], "target_id": target})
    loader.load(ClaimRelation, rows, len(rows), "claim relations")


def _add_events(loader: Loader, shape: Shape, rng: random.Random) -> None:
    rows = [
        {
            "title": f"{_sentence(rng, 4)} (synthetic event {n})",
            "slug": f"synthetic-event-{n}",
            "date": _day(rng),
        }
        for n in range(shape.events)
    ]
    loader.load(Event, rows, len(rows))


def _add_articles_and_statements(
    loader: Loader,
    shape: Shape,
    rng: random.Random,
    outlets: list[int],
    speakers: list[int],
    claims: list[int],
) -> None:
    """Articles whose text holds their statements' quotes, the statements, and their stances."""
    per_article = [0] * shape.articles
    for _ in range(shape.statements):
        per_article[rng.randrange(shape.articles)] += 1
    outlet_popularity = Zipf(len(outlets), 2, rng)
    speaker_popularity = Zipf(len(speakers), 3, rng)
    claim_popularity = Zipf(len(claims), 2, rng)
    names = dict(Actor.objects.filter(pk__in=speakers).values_list("pk", "name"))
    # The role at the time, as Statement.clean() would suggest it (the seed's people have roles).
    roles: dict[int, list[Role]] = {}
    for role in Role.objects.filter(person__in=speakers):
        roles.setdefault(role.person_id, []).append(role)

    def role_on(speaker: int, day: datetime.date) -> int | None:
        held = [role.pk for role in roles.get(speaker, []) if role.overlaps(day, day)]
        return held[0] if len(held) == 1 else None

    first_article, first_statement = loader.first_id(Article), loader.first_id(Statement)
    statement_rows: list[dict] = []

    def articles() -> Iterator[dict]:
        for n, count in enumerate(per_article):
            article_id, day = first_article + n, _day(rng)
            parts, length = [], 0
            for _ in range(count):
                speaker = speakers[speaker_popularity.draw()]
                lead = f"{_sentence(rng, 6)}. "
                quote = f"{_sentence(rng, rng.randint(8, 16))}."
                start = length + len(lead) + 1
                parts.append(f"{lead}“{quote}” said {names[speaker]}.\n\n")
                length += len(parts[-1])
                statement_rows.append(
                    {
                        "id": first_statement + len(statement_rows),
                        "article_id": article_id,
                        "speaker_id": speaker,
                        "text": quote,
                        "start": start,
                        "end": start + len(quote),
                        "said_on": day,
                        "role_id": role_on(speaker, day),
                        "reported_on": day,  # the column save() keeps: said_on, here always given
                    }
                )
            parts.append(f"{_sentence(rng, 10)}.")
            text = "".join(parts)
            text_hash = hashlib.sha256(text.encode()).hexdigest()
            for row in statement_rows[len(statement_rows) - count :]:
                selector = selector_at(text, row["start"], row["end"])
                row.update(
                    anchor_prefix=selector.prefix, anchor_suffix=selector.suffix, anchor_text_hash=text_hash
                )
            yield {
                "id": article_id,
                "outlet_id": outlets[outlet_popularity.draw()],
                "title": f"{_sentence(rng, 6)} (synthetic article {n})",
                "slug": f"synthetic-article-{n}",
                "url": f"https://articles.bench.invalid/{n}",
                "published_on": day,
                "text": text,
                "content_hash": text_hash,
            }

    loader.load(Article, articles(), shape.articles)
    loader.load(Statement, statement_rows, len(statement_rows))

    def stances() -> Iterator[dict]:
        kinds = [Stance.Kind.ASSERTS] * 11 + [Stance.Kind.DENIES] * 7 + [Stance.Kind.MENTIONS] * 2
        for row in statement_rows:
            on = {claims[claim_popularity.draw()]}
            if rng.random() < 0.2:
                on.add(claims[claim_popularity.draw()])
            for claim in on:
                yield {
                    "statement_id": row["id"],
                    "claim_id": claim,
                    "stance": rng.choice(kinds),
                    # Its statement's, as Stance.save() copies them.
                    "reported_on": row["reported_on"],
                    "speaker_id": row["speaker_id"],
                }

    loader.load(Stance, stances(), int(len(statement_rows) * 1.2))
