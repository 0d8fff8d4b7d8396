"""Load test: readers and editors at once against gunicorn on PostgreSQL, for a bounded time.

    .venv/bin/python bench/load.py                                   # 60 s, database infkb_bench_load
    .venv/bin/python bench/load.py --database infkb_me_load --port 8131 --seconds 30

It creates its own database (migrated, with the seed corpus, an editor and an API
token), collects the static files, starts gunicorn on 127.0.0.1 and runs, for
`--seconds` or `--max-requests` whichever comes first:

- readers: anonymous GETs of the analysts' pages and of API lists and search;
- editors: token-authenticated API writes: new draft claims (POST), changes to
  them (PATCH with the version read) and new draft statements taking a stance
  on them (POST).

Then it stops gunicorn and prints throughput and median / p99 latencies by kind
of request, the errors (any answer but the expected status, or no answer), and
checks in the database that every acknowledged write is there: each 201's id,
and each claim as its last acknowledged PATCH left it.

The client is threads over http.client, not locust: no new dependency, no
gevent, and the check of the writes needs the ids the client saw. It talks to
127.0.0.1 only. The anonymous throttle (API_ANON_PER_MINUTE) is raised for the
server, since all readers come from one address. The database it drops and
recreates must carry its mark (a comment it writes when it creates it), so it
never drops a database of anyone else's.
"""

import argparse
import http.client
import io
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else
MARK = "infkb bench/load.py: scratch database, dropped by the next run"
TOKEN_USER = "bench-editor"


# ---------------------------------------------------------------- the database


def recreate_database(server: str, name: str) -> None:
    """Drop and create `name`, refusing a database this script did not create."""
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        )
        found = cursor.fetchone()
        if found is not None and found[0] != MARK:
            sys.exit(
                f"Database {name} exists and was not created by bench/load.py: choose another --database."
            )
        if found is not None:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [MARK])
    admin.close()


def prepare_site() -> dict:
    """Migrate, load the seed, make an editor with a token; return what the clients need."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from claims.models import Actor, Claim
    from claims.seed import load_corpus
    from sources.models import Article

    call_command("migrate", verbosity=0)
    call_command("createcachetable")  # the rate limit counts in it
    load_corpus()
    call_command("setup_groups", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    editor = User.objects.create_user(TOKEN_USER, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    claims = list(Claim.objects.published().values_list("pk", "slug"))
    return {
        "token": Token.objects.create(user=editor).key,
        "claim_ids": [pk for pk, _ in claims],
        "claim_slugs": [slug for _, slug in claims],
        "actor_slugs": list(Actor.objects.speakers().values_list("slug", flat=True)),
        "speaker_ids": list(Actor.objects.persons().values_list("pk", flat=True)),
        "article_slugs": list(Article.objects.values_list("slug", flat=True)),
        "article_ids": list(Article.objects.values_list("pk", flat=True)),
    }


# ---------------------------------------------------------------- the server


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    log = open(f"/tmp/infkb-load-gunicorn-{port}.log", "w")  # noqa: SIM115 - the server's lifetime
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "infkb.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited; see {log.name}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit(f"gunicorn did not answer within 30 s; see {log.name}")


def stop(server: subprocess.Popen) -> None:
    """Stop the gunicorn master this script started, and its workers (its own process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# ---------------------------------------------------------------- the clients


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    created: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    claim_descriptions: dict[int, str] = field(default_factory=dict)  # last acknowledged PATCH
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0


class Client:
    def __init__(self, port: int, results: Results, stop_at: float, max_requests: int) -> None:
        self.port, self.results, self.stop_at, self.max_requests = port, results, stop_at, max_requests

    def running(self) -> bool:
        return time.monotonic() < self.stop_at and self.results.requests < self.max_requests

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        expect: int = 200,
        body: dict | None = None,
        token: str = "",
    ) -> dict | None:
        headers = {"Accept": "application/json" if path.startswith("/api/") else "text/html"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            connection.request(
                method, path, body=json.dumps(body) if body is not None else None, headers=headers
            )
            response = connection.getresponse()
            data = response.read()
            connection.close()
        except OSError as error:
            self.record(kind, time.perf_counter() - started, f"{method} {path}: {error}")
            return None
        failure = None if response.status == expect else f"{method} {path}: {response.status} {data[:200]!r}"
        self.record(kind, time.perf_counter() - started, failure)
        if failure or not path.startswith("/api/"):
            return None
        return json.loads(data)

    def record(self, kind: str, seconds: float, failure: str | None) -> None:
        with self.results.lock:
            self.results.requests += 1
            self.results.latencies[kind].append(seconds)
            if failure:
                self.results.errors.append(failure)


def reader(client: Client, site: dict, rng: random.Random) -> None:
    pages = [
        lambda: "/",
        lambda: "/claims/",
        lambda: f"/claims/{rng.choice(site['claim_slugs'])}/",
        lambda: f"/actors/{rng.choice(site['actor_slugs'])}/",
        lambda: f"/articles/{rng.choice(site['article_slugs'])}/",
        lambda: "/timeline/",
        lambda: "/weapons/9m729/",
        lambda: f"/search/?q={rng.choice(['missile', 'treaty', 'Yermakov', 'range'])}",
    ]
    api = [
        lambda: "/api/v1/statements/?page_size=50",
        lambda: "/api/v1/claims/?page_size=50",
        lambda: "/api/v1/actors/",
        lambda: f"/api/v1/search/?q={rng.choice(['missile', 'violation', 'Ryabkov', 'NATO'])}",
        lambda: f"/api/v1/claims/{rng.choice(site['claim_ids'])}/graph/?depth=2",
    ]
    while client.running():
        if rng.random() < 0.5:
            client.call("page", "GET", rng.choice(pages)())
        else:
            client.call("API read", "GET", rng.choice(api)())


def editor(client: Client, site: dict, rng: random.Random, name: str) -> None:
    token, results, number = site["token"], client.results, 0
    while client.running():
        number += 1
        label = f"{name} {number}"
        claim = client.call(
            "API write", "POST", "/api/v1/claims/", expect=201, token=token,
            body={"text": f"Load test proposition {label}", "slug": f"load-{name}-{number}"},
        )  # fmt: skip
        if claim is None:
            continue
        with results.lock:
            results.created["claims.claim"].add(claim["id"])
        description = f"Changed by {label}"
        changed = client.call(
            "API write", "PATCH", f"/api/v1/claims/{claim['id']}/", token=token,
            body={"description": description, "version": claim["version"]},
        )  # fmt: skip
        if changed is not None:
            with results.lock:
                results.claim_descriptions[claim["id"]] = description
        statement = client.call(
            "API write", "POST", "/api/v1/statements/", expect=201, token=token,
            body={
                "article": rng.choice(site["article_ids"]), "speaker": rng.choice(site["speaker_ids"]),
                "kind": "paraphrase", "text": f"Says the proposition of {label}",
                "stances": [{"claim": claim["id"], "stance": "asserts"}],
            },
        )  # fmt: skip
        if statement is not None:
            with results.lock:
                results.created["claims.statement"].add(statement["id"])
        client.call("API read", "GET", "/api/v1/claims/?status=draft&page_size=20", token=token)


# ---------------------------------------------------------------- the report


def check_writes(results: Results) -> list[str]:
    """What an acknowledged write left in the database; a list of what is missing."""
    from django.db import connection

    from claims.models import Claim, Statement

    connection.close()  # a fresh connection, after the server's last commit
    missing = []
    for model, label in ((Claim, "claims.claim"), (Statement, "claims.statement")):
        acknowledged = results.created[label]
        found = set(model.objects.filter(pk__in=acknowledged).values_list("pk", flat=True))
        missing += [f"{label} {pk}" for pk in sorted(acknowledged - found)]
    stored = dict(Claim.objects.filter(pk__in=results.claim_descriptions).values_list("pk", "description"))
    missing += [
        f"claims.claim {pk}: description {stored.get(pk)!r}, acknowledged {text!r}"
        for pk, text in results.claim_descriptions.items()
        if stored.get(pk) != text
    ]
    return missing


def report(results: Results, seconds: float, args: argparse.Namespace, missing: list[str]) -> None:
    def line(kind: str, values: list[float]) -> str:
        values = sorted(values)
        p99 = statistics.quantiles(values, n=100)[98] if len(values) >= 2 else values[0]
        return (
            f"| {kind} | {len(values):,} | {len(values) / seconds:.1f} | "
            f"{statistics.median(values) * 1000:.0f} | {p99 * 1000:.0f} |"
        )

    every = [value for values in results.latencies.values() for value in values]
    print(
        f"\n{seconds:.1f} s, {args.readers} readers + {args.editors} editors, "
        f"gunicorn {args.workers} sync workers, PostgreSQL database {args.database}\n"
    )
    print("| requests | count | per second | median ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for kind in ("page", "API read", "API write"):
        if results.latencies[kind]:
            print(line(kind, results.latencies[kind]))
    print(line("all", every))
    created = {label: len(ids) for label, ids in results.created.items()}
    changes = len(results.claim_descriptions)
    print(
        f"\nerrors: {len(results.errors)}; acknowledged creations: {created}, changes: {changes}; "
        f"missing from the database: {len(missing)}"
    )
    for problem in (results.errors + missing)[:20]:
        print("  ", problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="infkb_bench_load", help="scratch database it (re)creates")
    parser.add_argument("--server", default=f"postgres://postgres@{HOST}:5432", help="PostgreSQL server URL")
    parser.add_argument("--port", type=int, default=8765, help=f"gunicorn's port on {HOST}")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop earlier after this many")
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    args = parser.parse_args()

    recreate_database(args.server, args.database)
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.server}/{args.database}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-load-only-" + "x" * 40,
        "ALLOWED_HOSTS": HOST,
        # Every reader comes from 127.0.0.1: the anonymous throttle would answer 429 within seconds.
        "API_ANON_PER_MINUTE": "10000000",
        "DJANGO_SETTINGS_MODULE": "infkb.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    site = prepare_site()

    server = start_gunicorn(args.port, args.workers, env)
    results = Results()
    try:
        started = time.monotonic()
        stop_at = started + args.seconds
        threads = [
            threading.Thread(target=reader, args=(Client(args.port, results, stop_at, args.max_requests),
                                                  site, random.Random(n)))
            for n in range(args.readers)
        ] + [
            threading.Thread(target=editor, args=(Client(args.port, results, stop_at, args.max_requests),
                                                  site, random.Random(100 + n), f"e{n}"))
            for n in range(args.editors)
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        stop(server)
    missing = check_writes(results)
    report(results, elapsed, args, missing)
    sys.exit(1 if results.errors or missing else 0)


if __name__ == "__main__":
    main()
