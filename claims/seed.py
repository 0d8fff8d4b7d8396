"""Load the curated seed corpus (claims/seed/corpus.yaml and its article texts).

The format is documented in docs/seed-format.md. Every record is found again
by its natural key and created only if it is missing, so loading twice changes
nothing, and loading again never undoes what editors changed since.
Every record goes through full_clean(): the seed obeys the same rules as an
editor in the admin (a quote must be verbatim in its article, and so on).
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimedRange,
    ClaimRelation,
    Event,
    Role,
    Stance,
    Statement,
    WeaponDesignation,
    WeaponSystem,
)
from claims.names import normalize_name
from infkb.dates import DatePrecision, parse_fuzzy_date
from infkb.provenance import Reviewable, ReviewStatus
from sources.models import Article, Outlet

SEED_DIR = Path(__file__).resolve().parent / "seed"


class SeedError(Exception):
    pass


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def count(self, record: models.Model, created: bool) -> None:
        bucket = self.created if created else self.existing
        name = type(record).__name__
        bucket[name] = bucket.get(name, 0) + 1

    def __str__(self) -> str:
        created = ", ".join(f"{n} {name}" for name, n in sorted(self.created.items())) or "nothing"
        return f"created {created}; {sum(self.existing.values())} records already there, left as they are"


def _date(value: Any, what: str) -> tuple[Any, str]:
    if value in (None, ""):
        return None, DatePrecision.DAY
    try:
        return parse_fuzzy_date(value)
    except ValueError as error:
        raise SeedError(f"{what}: {error}") from None


def _translation(entry: dict, what: str) -> str:
    """original, machine or human; the older `is_translation: true` meant a machine translation."""
    translation = entry.get("translation") or (
        Article.Translation.MACHINE if entry.get("is_translation") else Article.Translation.ORIGINAL
    )
    if translation not in Article.Translation.values:
        raise SeedError(f"{what}: translation {translation!r} is not one of {Article.Translation.values}")
    return translation


class _Loader:
    def __init__(self, data: dict, directory: Path) -> None:
        self.data = data
        self.directory = directory
        self.report = LoadReport()
        self.actors: dict[str, Actor] = {}
        self.weapons: dict[str, WeaponSystem] = {}
        self.events: dict[str, Event] = {}
        self.claims: dict[str, Claim] = {}
        self.outlets: dict[str, Outlet] = {}
        self.created_pks: set[tuple[type[models.Model], Any]] = set()

    def lookup(self, table: dict[str, Any], slug: str | None, what: str) -> Any:
        if slug is None:
            return None
        try:
            return table[slug]
        except KeyError:
            raise SeedError(f"{what}: unknown slug {slug!r}") from None

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """Create the record found by `lookup` if it is missing; leave an existing one as it is.

        Records already there may have been edited or reviewed since they were
        seeded: loading the seed again must never undo that work.
        """
        record = model.objects.filter(**lookup).first()
        created = record is None
        if created:
            if issubclass(model, Reviewable):
                values = {"status": ReviewStatus.PUBLISHED, **values}  # the seed corpus is reviewed
            record = model(**{**values, **lookup})
            try:
                record.full_clean()
            except ValidationError as error:
                raise SeedError(f"{model.__name__} {lookup}: {error.message_dict}") from None
            record.save()
            self.created_pks.add((model, record.pk))
        self.report.count(record, created)
        return record

    def set_m2m(self, owner: models.Model, field: str, records: list[models.Model]) -> None:
        """Link a record the loader just created; the links of an existing one are the editors'."""
        if (type(owner), owner.pk) in self.created_pks:
            getattr(owner, field).set(records)

    # -- sections, in dependency order

    def load(self) -> LoadReport:
        self.load_actors()
        self.load_outlets()
        self.load_weapon_systems()
        self.load_events()
        self.load_claims()
        self.load_relations()
        self.load_articles()
        self.load_relation_evidence()
        return self.report

    def load_actors(self) -> None:
        entries = self.data.get("actors", [])
        # States first, so people and organisations can name their country.
        for entry in sorted(entries, key=lambda e: e["kind"] != Actor.Kind.STATE):
            actor = self.upsert(
                Actor,
                {"slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "kind": entry["kind"],
                    "country": self.lookup(self.actors, entry.get("country"), f"actor {entry['slug']}"),
                    "description": entry.get("description", ""),
                    "wikidata_id": entry.get("wikidata_id", ""),
                },
            )
            self.actors[actor.slug] = actor
            for alias in entry.get("aliases", []):
                if normalize_name(alias) != actor.normalized_name:
                    self.upsert(
                        ActorAlias, {"normalized": normalize_name(alias)}, {"actor": actor, "name": alias}
                    )
        for entry in entries:
            person = self.actors[entry["slug"]]
            for role in entry.get("roles", []):
                start, start_precision = _date(role.get("start"), f"role of {person.slug}")
                end, end_precision = _date(role.get("end"), f"role of {person.slug}")
                self.upsert(
                    Role,
                    {
                        "person": person,
                        "title": role["title"],
                        "organisation": self.lookup(
                            self.actors, role.get("organisation"), f"role of {person.slug}"
                        ),
                    },
                    {
                        "start": start,
                        "start_precision": start_precision,
                        "end": end,
                        "end_precision": end_precision,
                    },
                )

    def load_outlets(self) -> None:
        for entry in self.data.get("outlets", []):
            outlet = self.upsert(
                Outlet,
                {"slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "kind": entry.get("kind", Outlet.Kind.OTHER),
                    "country": self.lookup(self.actors, entry.get("country"), f"outlet {entry['slug']}"),
                    "url": entry.get("url", ""),
                    "description": entry.get("description", ""),
                    "wikidata_id": entry.get("wikidata_id", ""),
                },
            )
            self.outlets[outlet.slug] = outlet

    def load_weapon_systems(self) -> None:
        for entry in self.data.get("weapon_systems", []):
            weapon = self.upsert(
                WeaponSystem,
                {"slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "country": self.lookup(self.actors, entry.get("country"), f"weapon {entry['slug']}"),
                    "category": entry["category"],
                    "basing": entry.get("basing", ""),
                    "description": entry.get("description", ""),
                    "wikidata_id": entry.get("wikidata_id", ""),
                },
            )
            self.weapons[weapon.slug] = weapon
            for designation in entry.get("designations", []):
                self.upsert(
                    WeaponDesignation,
                    {"normalized": normalize_name(designation["name"])},
                    {
                        "weapon_system": weapon,
                        "name": designation["name"],
                        "kind": designation.get("kind", WeaponDesignation.Kind.ALIAS),
                    },
                )

    def load_events(self) -> None:
        for entry in self.data.get("events", []):
            date, precision = _date(entry["date"], f"event {entry['slug']}")
            event = self.upsert(
                Event,
                {"slug": entry["slug"]},
                {
                    "title": entry["title"],
                    "date": date,
                    "date_precision": precision,
                    "description": entry.get("description", ""),
                },
            )
            what = f"event {event.slug}"
            self.set_m2m(
                event, "actors", [self.lookup(self.actors, s, what) for s in entry.get("actors", [])]
            )
            self.set_m2m(
                event,
                "weapon_systems",
                [self.lookup(self.weapons, s, what) for s in entry.get("weapon_systems", [])],
            )
            self.events[event.slug] = event

    def load_claims(self) -> None:
        for entry in self.data.get("claims", []):
            what = f"claim {entry['slug']}"
            claim = self.upsert(
                Claim,
                {"slug": entry["slug"]},
                {
                    "text": entry["text"],
                    "description": entry.get("description", ""),
                    "status": ReviewStatus.PUBLISHED,
                },
            )
            self.set_m2m(
                claim,
                "weapon_systems",
                [self.lookup(self.weapons, s, what) for s in entry.get("weapon_systems", [])],
            )
            self.set_m2m(
                claim, "subjects", [self.lookup(self.actors, s, what) for s in entry.get("subjects", [])]
            )
            if entry.get("range"):
                claimed = entry["range"]
                self.upsert(
                    ClaimedRange,
                    {"claim": claim},
                    {
                        "weapon_system": self.lookup(self.weapons, claimed["weapon_system"], what),
                        "min_km": claimed.get("min_km"),
                        "max_km": claimed.get("max_km"),
                    },
                )
            self.claims[claim.slug] = claim

    def load_relations(self) -> None:
        for entry in self.data.get("relations", []):
            what = f"relation {entry}"
            self.upsert(
                ClaimRelation,
                {
                    "source": self.lookup(self.claims, entry["source"], what),
                    "kind": entry["kind"],
                    "target": self.lookup(self.claims, entry["target"], what),
                },
                {"note": entry.get("note", ""), "status": ReviewStatus.PUBLISHED},
            )

    def load_relation_evidence(self) -> None:
        """Cite the statements that argue a relation, once the articles and their statements are in."""
        for entry in self.data.get("relations", []):
            if not entry.get("evidence"):
                continue
            what = f"evidence of relation {entry['source']} {entry['kind']} {entry['target']}"
            relation = ClaimRelation.objects.get(
                source=self.lookup(self.claims, entry["source"], what),
                kind=entry["kind"],
                target=self.lookup(self.claims, entry["target"], what),
            )
            self.set_m2m(
                relation, "evidence", [self.find_statement(cited, what) for cited in entry["evidence"]]
            )

    def find_statement(self, cited: dict, what: str) -> Statement:
        """The statement of `cited["article"]` (a file) whose text begins with `cited["text"]`."""
        url = next((a["url"] for a in self.data.get("articles", []) if a["file"] == cited["article"]), None)
        found = list(Statement.objects.filter(article__url=url, text__startswith=cited["text"])[:2])
        if len(found) != 1:
            raise SeedError(f"{what}: {len(found)} statements of {cited['article']} begin {cited['text']!r}")
        return found[0]

    def load_articles(self) -> None:
        for entry in self.data.get("articles", []):
            path = self.directory / "articles" / entry["file"]
            text = path.read_text(encoding="utf-8")
            published, precision = _date(entry["published"], f"article {entry['file']}")
            article = self.upsert(
                Article,
                {"url": entry["url"]},
                {
                    "slug": entry.get("slug") or slugify(entry["title"])[:80].rstrip("-"),
                    "outlet": self.lookup(self.outlets, entry["outlet"], f"article {entry['file']}"),
                    "title": entry["title"],
                    "published_on": published,
                    "published_precision": precision,
                    "language": entry.get("language", "en"),
                    "original_language": entry.get("original_language", ""),
                    "translation": _translation(entry, f"article {entry['file']}"),
                    "translation_note": entry.get("translation_note", ""),
                    "text": text,
                },
            )
            for statement in entry.get("statements", []):
                self.load_statement(article, statement)

    def load_statement(self, article: Article, entry: dict) -> None:
        what = f"statement in {article.slug}: {entry['text'][:50]!r}"
        probe = Statement(article=article, kind=entry.get("kind", Statement.Kind.QUOTE), text=entry["text"])
        probe.occurrence = entry.get("occurrence")
        try:
            probe.clean()
        except ValidationError as error:
            raise SeedError(f"{what}: {error.message_dict}") from None
        said_on, said_precision = _date(entry.get("said"), what)
        speaker = self.lookup(self.actors, entry["speaker"], what)
        office = None  # left empty, Statement.clean() suggests the role the date falls in
        if entry.get("office"):
            office = Role.objects.filter(person=speaker, title=entry["office"]).first()
            if office is None:
                raise SeedError(f"{what}: {speaker} has no role titled {entry['office']!r}")
        statement = self.upsert(
            Statement,
            {"article": article, "start": probe.start, "end": probe.end}
            if probe.start is not None
            else {"article": article, "text": probe.text, "start": None},
            {
                "speaker": speaker,
                "role": office,
                "reported_speaker": self.lookup(self.actors, entry.get("reports"), what),
                "kind": probe.kind,
                "text": probe.text,
                "speaker_role": entry.get("role", ""),
                "said_on": said_on,
                "said_precision": said_precision,
                "venue": entry.get("venue", ""),
                "status": ReviewStatus.PUBLISHED,
            },
        )
        self.set_m2m(
            statement, "events", [self.lookup(self.events, s, what) for s in entry.get("events", [])]
        )
        for stance in entry.get("stances", []):
            self.upsert(
                Stance,
                {"statement": statement, "claim": self.lookup(self.claims, stance["claim"], what)},
                {
                    "stance": stance["stance"],
                    "note": stance.get("note", ""),
                    "status": ReviewStatus.PUBLISHED,
                },
            )


@transaction.atomic
def load_corpus(directory: Path = SEED_DIR) -> LoadReport:
    """Load corpus.yaml from `directory`; all or nothing."""
    with open(directory / "corpus.yaml", encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    return _Loader(data, directory).load()
