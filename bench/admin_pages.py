"""Benchmark: the editors' admin on a corpus already built — each list, search and autocomplete.

The admin is not in `make bench` (its pages need a signed-in editor and are not readers' pages).
This times them in process, through Django's test client signed in as a superuser
(`bench-admin`, created if missing), with DEBUG off: the median of --repeat runs after
one warm-up, and the SQL queries of one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infkb_bench_admin \
        nice -n 10 .venv/bin/python bench/admin_pages.py [--repeat 3] [--only statement] [--explain]

It adds a user to the database it is given: use a copy of the benchmark corpus (docs/bench.md).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-admin-pages")
os.environ.setdefault("ALLOWED_HOSTS", "*")

USER = "bench-admin"


def urls() -> list[tuple[str, str]]:
    """(name, URL) of each request timed, with the corpus's biggest records filled in."""
    from claims.models import Actor, Claim, Statement

    busiest = Actor.objects.order_by("-statement_count").first()
    biggest = Claim.objects.order_by("-asserting_count").first()
    alias = busiest.aliases.order_by("pk").first()
    statement = Statement.objects.order_by("-pk").first()
    surname = busiest.name.split()[-1]
    auto = "/admin/autocomplete/?app_label={}&model_name={}&field_name={}&term={}"
    return [
        ("statements", "/admin/claims/statement/"),
        ("statements ?q=missile", "/admin/claims/statement/?q=missile"),
        (f"statements ?q={surname} (speaker)", f"/admin/claims/statement/?q={surname}"),
        *(
            [(f"statements ?q={alias.name} (alias)", f"/admin/claims/statement/?q={alias.name}")]
            if alias
            else []
        ),
        ("statements ?q=missile treaty", "/admin/claims/statement/?q=missile+treaty"),
        ("statements, one speaker", f"/admin/claims/statement/?speaker__id__exact={busiest.pk}"),
        ("statement change form", f"/admin/claims/statement/{statement.pk}/change/"),
        ("actors", "/admin/claims/actor/"),
        ("actors ?q=surname", f"/admin/claims/actor/?q={surname}"),
        ("actors by statements", "/admin/claims/actor/?o=-5"),
        ("actor change form (busiest)", f"/admin/claims/actor/{busiest.pk}/change/"),
        ("articles", "/admin/sources/article/"),
        ("articles ?q=missile", "/admin/sources/article/?q=missile"),
        ("articles by statements", "/admin/sources/article/?o=-6"),
        ("claims", "/admin/claims/claim/"),
        ("claims ?q=treaty", "/admin/claims/claim/?q=treaty"),
        ("claim change form (biggest)", f"/admin/claims/claim/{biggest.pk}/change/"),
        ("stances", "/admin/claims/stance/"),
        ("stances ?q=missile", "/admin/claims/stance/?q=missile"),
        ("stances of the biggest claim", f"/admin/claims/stance/?claim__id__exact={biggest.pk}"),
        ("claim relations", "/admin/claims/claimrelation/"),
        ("claim relations ?q=treaty", "/admin/claims/claimrelation/?q=treaty"),
        ("outlets", "/admin/sources/outlet/"),
        ("roles", "/admin/claims/role/"),
        ("autocomplete statement 'missile'", auto.format("claims", "stance", "statement", "missile")),
        (f"autocomplete statement '{surname}'", auto.format("claims", "stance", "statement", surname)),
        ("autocomplete actor 'ryab'", auto.format("claims", "statement", "speaker", "ryab")),
        ("autocomplete claim 'treaty'", auto.format("claims", "stance", "claim", "treaty")),
        ("autocomplete article 'missile'", auto.format("claims", "statement", "article", "missile")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="time only the requests whose name contains this")
    parser.add_argument("--slowest", type=int, default=3, help="print the slowest queries of each")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.filter(username=USER).first()
    if user is None:
        user = get_user_model().objects.create_superuser(USER, "bench@example.org", "x")
    client = Client()
    client.force_login(user)

    print("| request | median ms | queries | status |\n| --- | ---: | ---: | --- |")
    for name, url in urls():
        if args.only not in name:
            continue
        client.get(url)  # warm
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        median = statistics.median(times)
        print(f"| {name} | {median:,.0f} | {len(captured)} | {response.status_code} |", flush=True)
        if args.slowest:
            slow = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[: args.slowest]
            for query in slow:
                print(f"    {float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}", file=sys.stderr)


if __name__ == "__main__":
    main()
