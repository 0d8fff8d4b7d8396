"""Benchmark: do the main pages and API lists stay fast as the corpus grows?

Measures each URL on the seed corpus (the baseline), then again after adding
N synthetic statements, in the same run and on the same database, and prints
medians and the ratio large/baseline. A ratio near 1 means the page does not
slow down with the size of the tables.

    .venv/bin/python bench/run.py                      # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infkb_bench .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --statements 50000 --repeat 15

It drops and recreates its own database: never point it at real data.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/infkb-bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infkb.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.synthetic import add_synthetic_corpus  # noqa: E402

# Each entry: a label and a URL, measured as an anonymous reader.
URLS = [
    ("API statements, 50 a page", "/api/v1/statements/?page_size=50"),
    ("API statements by speaker", "/api/v1/statements/?speaker=patrushev&page_size=50"),
    ("API claims", "/api/v1/claims/?page_size=50"),
    ("API search", "/api/v1/search/?q=missile"),
    ("API claim graph", "/api/v1/claims/{claim_id}/graph/?depth=3"),
    ("home page", "/"),
    ("claims index", "/claims/"),
    ("claim page", "/claims/{claim_slug}/"),
    ("actor page", "/actors/{actor_slug}/"),
    ("search page", "/search/?q=missile"),
    ("timeline", "/timeline/"),
    ("weapon page (9M729)", "/weapons/9m729/"),
    ("article reader", "/articles/{article_slug}/"),
]


def fresh_database() -> None:
    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor == "sqlite":
        connection.close()
        Path(name).unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)


def measure(client: Client, url: str, repeat: int) -> tuple[float, int, int]:
    """Median seconds, status and number of SQL queries of GET url."""
    client.get(url)  # warm caches
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), response.status_code, len(queries)


def measure_all(repeat: int) -> dict[str, tuple[float, int, int]]:
    from claims.models import Actor, Claim
    from sources.models import Article

    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    article = Article.objects.exclude(slug__startswith="synthetic-").order_by("pk").first()
    actor = Actor.objects.by_alias("Patrushev").get()
    client = Client()
    results = {}
    for label, url in URLS:
        url = url.format(
            claim_id=claim.pk, claim_slug=claim.slug, actor_slug=actor.slug, article_slug=article.slug
        )
        results[label] = measure(client, url, repeat)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=20000, help="synthetic statements to add")
    parser.add_argument("--repeat", type=int, default=11, help="timed requests per URL")
    args = parser.parse_args()
    settings.REST_FRAMEWORK = {**getattr(settings, "REST_FRAMEWORK", {}), "DEFAULT_THROTTLE_CLASSES": []}

    fresh_database()
    baseline = measure_all(args.repeat)
    started = time.perf_counter()
    counts = add_synthetic_corpus(statements=args.statements)
    with connection.cursor() as cursor:
        # Planner statistics, as a live database has them; without, PostgreSQL plans for empty tables.
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    large = measure_all(args.repeat)

    print(f"database: {connection.vendor}; synthetic corpus: {counts} (built in {built:.1f} s)")
    print(f"{'URL':32} {'seed ms':>9} {'large ms':>9} {'ratio':>6} {'queries':>8}  status")
    for label, (seconds, status, queries) in baseline.items():
        big_seconds, big_status, big_queries = large[label]
        print(
            f"{label:32} {seconds * 1000:9.1f} {big_seconds * 1000:9.1f} {big_seconds / seconds:6.2f} "
            f"{queries:>3} → {big_queries:<3} {status}/{big_status}"
        )


if __name__ == "__main__":
    main()
