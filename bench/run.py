"""Benchmark: every main page and researcher's request at scale, over HTTP, against the database's floor.

On PostgreSQL, in a database of its own, it builds the synthetic corpus
(bench/synthetic.py: the seed plus N statements), serves the app with gunicorn
on loopback (DEBUG off, settings bench/settings.py), and times over HTTP, warm,
in interleaved rounds (each round requests every URL once), every main page
and every researcher's request. For the API requests it also times, in the
same rounds, the floor (the same rows as JSON from one hand-written query
through psycopg2, bench/floor.py) and the naive baseline (the same list the
default DRF way, bench/naive.py). It writes bench/results/<date>-<scale>.json
and .md.

    .venv/bin/python bench/run.py --statements 10000          # the quick run
    .venv/bin/python bench/run.py                             # 1,000,000 statements
    .venv/bin/python bench/run.py --reuse                     # time again on the corpus already built

It creates (and drops, on the next run) only a database it created itself
(default infkb_bench; marked with a COMMENT), never any other.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MARK = "infkb bench corpus"
# gunicorn kills a request (its worker) after this many seconds; a request that slow is not timed again.
REQUEST_LIMIT = 120
# A request slower than this (ms) in the warm-up round is timed that once, not in every round.
SLOW_MS = 20_000  # the COMMENT on the databases this script created

# (label, product URL, naive URL or None, floor SQL name or None, floor parameters)
PAGES = [
    ("home page", "/"),
    ("claims index", "/claims/"),
    ("claim page (biggest claim)", "/claims/{claim_slug}/"),
    ("actor page (busiest speaker)", "/actors/{actor_slug}/"),
    ("weapon page (9M729)", "/weapons/9m729/"),
    ("timeline", "/timeline/"),
    ("timeline of the 9M729", "/timeline/?weapon=9m729"),
    ("search page `missile`", "/search/?q=missile"),
    ("article reader", "/articles/{article_slug}/"),
]


def api_requests() -> list[tuple[str, str, str, str, dict]]:
    """(label, API URL, naive URL, floor SQL, floor parameters) for each researcher's request."""
    from bench import floor

    return [
        ("API statements", "/api/v1/statements/?page_size=50", "/naive/statements/", floor.statements(), {}),
        (
            "API statements by speaker",
            "/api/v1/statements/?speaker={actor_slug}&page_size=50",
            "/naive/statements/?speaker={actor_slug}",
            floor.statements("AND s.speaker_id = %(actor_id)s"),
            {},
        ),
        (
            "API statements by claim and stance",
            "/api/v1/statements/?claim={claim_slug}&stance=denies&page_size=50",
            "/naive/statements/?claim={claim_slug}&stance=denies",
            floor.statements(
                "AND s.id IN (SELECT st.statement_id FROM claims_stance st WHERE st.claim_id = %(claim_id)s "
                "AND st.stance = 'denies' AND st.status = 'published')"
            ),
            {},
        ),
        (
            "API statements by date range",
            "/api/v1/statements/?said_after=2019-01-01&said_before=2019-06-30&page_size=50",
            "/naive/statements/?said_after=2019-01-01&said_before=2019-06-30",
            floor.statements("AND s.said_on BETWEEN '2019-01-01' AND '2019-06-30'"),
            {},
        ),
        ("API claims", "/api/v1/claims/?page_size=50", "/naive/claims/", floor.CLAIMS, {}),
        (
            "API search, rare word",
            "/api/v1/search/?q=zirconium",
            "/naive/statements/?search=zirconium",
            floor.search(through_gin=("claim", "statement", "actor", "article")),
            {"q": "zirconium", "words": "zirconium"},
        ),
        (
            "API search, common word",
            "/api/v1/search/?q=missile",
            "/naive/statements/?search=missile",
            floor.search(through_gin=("actor",)),
            {"q": "missile", "words": "missile"},
        ),
        (
            "API search, phrase",
            "/api/v1/search/?q=%22treaty+violation%22",
            "/naive/statements/?search=treaty+violation",
            floor.search(through_gin=("claim", "actor")),
            {"q": '"treaty violation"', "words": "treaty violation"},
        ),
        (
            "API claim graph, depth 2 of a hub",
            "/api/v1/claims/{hub_id}/graph/?depth=2",
            "/naive/claims/{hub_id}/graph/?depth=2",
            floor.GRAPH,
            {"depth": 2},
        ),
    ]


# ---------------------------------------------------------------- the database


@contextlib.contextmanager
def admin_cursor(url: str) -> Iterator["psycopg2.extensions.cursor"]:
    """A cursor outside any transaction (CREATE DATABASE refuses to run in one)."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def prepare_database(admin_url: str, name: str, statements: int, reuse: bool) -> bool:
    """Create the benchmark's database (dropping its previous one); False if --reuse found it built."""
    marker = f"{MARK}: {statements} statements"
    with admin_cursor(admin_url) as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        )
        found = cursor.fetchone()
        if found and not (found[0] or "").startswith(MARK):
            sys.exit(f"Database {name} exists and was not created by the benchmark: not touching it.")
        if found and reuse and found[0] == marker:
            return False
        if found:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}: building'")
    return True


def mark_built(admin_url: str, name: str, statements: int) -> None:
    with admin_cursor(admin_url) as cursor:
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}: {statements} statements'")


def targets() -> dict[str, object]:
    """The biggest claim, the busiest speaker, the hub of the claim graph, the longest article."""
    from django.db import connection

    queries = {
        "claim": "SELECT claim_id FROM claims_stance GROUP BY claim_id ORDER BY count(*) DESC LIMIT 1",
        "actor": "SELECT speaker_id FROM claims_statement GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1",
        "hub": "SELECT c FROM (SELECT source_id c FROM claims_claimrelation UNION ALL "
        "SELECT target_id FROM claims_claimrelation) e GROUP BY c ORDER BY count(*) DESC LIMIT 1",
        "article": "SELECT article_id FROM claims_statement GROUP BY article_id "
        "ORDER BY count(*) DESC LIMIT 1",
    }
    found = {}
    with connection.cursor() as cursor:
        for key, sql in queries.items():
            cursor.execute(sql)
            found[key] = cursor.fetchone()[0]
        cursor.execute("SELECT slug FROM claims_claim WHERE id = %s", [found["claim"]])
        claim_slug = cursor.fetchone()[0]
        cursor.execute("SELECT slug FROM claims_actor WHERE id = %s", [found["actor"]])
        actor_slug = cursor.fetchone()[0]
        cursor.execute("SELECT slug FROM sources_article WHERE id = %s", [found["article"]])
        article_slug = cursor.fetchone()[0]
    return {
        "claim_id": found["claim"],
        "claim_slug": claim_slug,
        "actor_id": found["actor"],
        "actor_slug": actor_slug,
        "hub_id": found["hub"],
        "root": found["hub"],
        "article_slug": article_slug,
    }


# ---------------------------------------------------------------- the server


class Server:
    """gunicorn serving the app on loopback, one sync worker (requests are sent one at a time)."""

    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.port = port
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "infkb.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                f"--timeout={REQUEST_LIMIT}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(port, "/static/favicon.svg")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("gunicorn did not start")

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return int(children[0])

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # quick shutdown: do not wait for an export to finish
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(port: int, url: str) -> tuple[int, int]:
    """GET url; its status and the size of its body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---------------------------------------------------------------- measuring


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def count_queries(url: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        Client().get(url)
    return len(queries)


def measure(port: int, plan: list[dict], repeat: int, floor_url: str | None = None) -> None:
    """Fill each entry's timings: warm once, then `repeat` rounds, each timing every entry once.

    An entry's `url` is the app's; an entry may also have a `naive_url` and a `floor_sql` (run on
    `floor_url`), timed in the same rounds.
    """
    floor_db = psycopg2.connect(floor_url) if floor_url else None
    if floor_db:
        floor_db.autocommit = True

    def run(entry: dict, key: str) -> float:
        started = time.perf_counter()
        if key == "floor_sql":
            with floor_db.cursor() as cursor:
                cursor.execute(entry["floor_sql"], entry["floor_params"])
                json.dumps(cursor.fetchone()[0])  # the floor includes turning the rows into JSON text
        else:
            try:
                status, size = get(port, entry[key])
            except (OSError, http.client.HTTPException):
                status, size = 0, 0
            if status != 200 and key == "naive_url":
                entry["naive_failed"] = f"{status or 'no answer'} after {time.perf_counter() - started:.0f} s"
            if key == "url":
                entry.setdefault("statuses", set()).add(status)
                entry["bytes"] = size
        return (time.perf_counter() - started) * 1000

    kinds = {"url": "timings", "naive_url": "naive_timings", "floor_sql": "floor_timings"}
    for round_number in range(repeat + 1):
        for entry in plan:
            for key, timings in kinds.items():
                if entry.get(key) is None or (key == "naive_url" and "naive_failed" in entry):
                    continue
                if round_number and len(entry.get(timings, [])) and entry[timings][0] > SLOW_MS:
                    continue  # timed once: repeating it would take the run hours
                elapsed = run(entry, key)
                if round_number == 0 and elapsed > SLOW_MS:
                    entry[timings] = [elapsed]  # too slow for a warm-up to matter; this is its one timing
                    entry.setdefault("timed_once", []).append(
                        {"timings": "app"}.get(timings, timings.split("_")[0])
                    )
                elif round_number:  # round 0 warms the caches
                    entry.setdefault(timings, []).append(elapsed)
        print(f"round {round_number}/{repeat} done", file=sys.stderr)
    if floor_db:
        floor_db.close()


# The export's label for --only, as the requests' labels (substring match).
EXPORT_LABEL = "CSV export of all statements"


def times_export(only: list[str] | None) -> bool:
    """Whether the run times the export: always without --only, else when an --only part is in its label."""
    return not only or any(part in EXPORT_LABEL for part in only)


def measure_export(port: int, server: Server, seconds: float) -> dict:
    """Stream the CSV export of all statements for at most `seconds`: rows/s and the worker's memory."""
    worker = server.worker_pid()
    before = resident_mb(worker)
    peak = before
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, resident_mb(worker))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    started = time.perf_counter()
    connection.request("GET", "/api/v1/statements/export/csv/")
    response = connection.getresponse()
    lines, complete = 0, True
    while chunk := response.read(1 << 16):
        lines += chunk.count(b"\n")
        if time.perf_counter() - started > seconds:
            complete = False
            break
    elapsed = time.perf_counter() - started
    connection.close()
    stop.set()
    sampler.join()
    rows = max(0, lines - 1)  # the header; a quoted newline inside a field would count twice (none here)
    return {
        "status": response.status,
        "rows": rows,
        "complete": complete,
        "seconds": round(elapsed, 1),
        "rows_per_second": round(rows / elapsed),
        "worker_rss_growth_mb": round(peak - before, 1),
    }


def floor_export_rate(floor_url: str) -> int:
    """Rows/s of the export's floor: COPY … TO STDOUT CSV of the same rows."""
    from bench import floor

    floor_db = psycopg2.connect(floor_url)
    floor_started = time.perf_counter()
    with floor_db.cursor() as cursor:

        class Counter:
            lines = 0

            def write(self, data: bytes) -> None:
                Counter.lines += data.count(b"\n")

        cursor.copy_expert(floor.EXPORT, Counter())
    floor_seconds = time.perf_counter() - floor_started
    floor_db.close()
    return round((Counter.lines - 1) / floor_seconds)


# ---------------------------------------------------------------- the report


def summarise(plan: list[dict]) -> dict[str, dict]:
    results = {}
    for entry in plan:
        median = statistics.median(entry["timings"])
        result = {
            "url": entry["url"],
            "status": sorted(entry["statuses"]),
            "median_ms": round(median, 1),
            "p95_ms": round(p95(entry["timings"]), 1),
            "queries": entry["queries"],
            "bytes": entry["bytes"],
            "floor_ms": None,
            "ratio_to_floor": None,
            "naive_ms": None,
            "ratio_to_naive": None,
        }
        if entry.get("floor_timings"):
            result["floor_ms"] = round(statistics.median(entry["floor_timings"]), 1)
            result["ratio_to_floor"] = round(median / result["floor_ms"], 2)
        if "timed_once" in entry:
            result["timed_once"] = entry["timed_once"]
        if "naive_failed" in entry:
            result["naive_failed"] = entry["naive_failed"]
        elif entry.get("naive_timings"):
            result["naive_ms"] = round(statistics.median(entry["naive_timings"]), 1)
            result["ratio_to_naive"] = round(median / result["naive_ms"], 3)
        results[entry["label"]] = result
    return results


def markdown(report: dict) -> str:
    def number(value: float | None) -> str:
        return "" if value is None else f"{value:,.1f}"

    lines = [
        f"{report['statements']:,} statements, PostgreSQL, {report['date']}, "
        f"median of {report['repeat']} interleaved rounds over HTTP (gunicorn, 1 worker)",
        "",
        "| request | median ms | p95 ms | queries | floor ms | × floor | naive ms | × naive |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, result in report["requests"].items():
        once = f" (timed once: {', '.join(result['timed_once'])})" if "timed_once" in result else ""
        lines.append(
            f"| {label}{once} "
            f"| {number(result['median_ms'])} | {number(result['p95_ms'])} | {result['queries']} "
            f"| {number(result['floor_ms'])} | {result['ratio_to_floor'] or ''} "
            f"| {number(result['naive_ms']) or result.get('naive_failed', '')} "
            f"| {result['ratio_to_naive'] or ''} |"
        )
    return "\n".join(lines + export_lines(report["export"])) + "\n"


def export_lines(export: dict | None) -> list[str]:
    """The Markdown paragraph on the CSV export (none when --only left it out)."""
    if export is None:
        return []
    floor = export.get("floor_rows_per_second")
    return [
        "",
        f"{EXPORT_LABEL}: {export['rows']:,} rows in {export['seconds']} s "
        f"({'complete' if export['complete'] else 'stopped there'}), "
        f"**{export['rows_per_second']:,} rows/s**; "
        f"worker memory grew by {export['worker_rss_growth_mb']} MB."
        + (f" Floor (COPY … TO STDOUT CSV): {floor:,} rows/s." if floor else ""),
    ]


# ---------------------------------------------------------------- shared with bench/sqlite.py


def add_common_arguments(parser: argparse.ArgumentParser, statements: int, port: int) -> None:
    """The options bench/run.py and bench/sqlite.py share."""
    parser.add_argument("--statements", type=int, default=statements, help="size of the synthetic corpus")
    parser.add_argument("--repeat", type=int, default=11, help="timed rounds")
    parser.add_argument("--port", type=int, default=port, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--reuse", action="store_true", help="keep the corpus of the last run at this scale")
    parser.add_argument("--export-seconds", type=float, default=60, help="stop reading the export after this")
    parser.add_argument("--build-only", action="store_true", help="build or migrate the corpus, time nothing")
    parser.add_argument(
        "--only",
        action="append",
        help=f"time only requests whose label contains this (repeatable); the export only if one is in "
        f"{EXPORT_LABEL!r} (--only export: the export alone)",
    )
    parser.add_argument("--out", help="results file name under bench/results/ (default <date>-<scale>)")


def build_or_migrate(
    fresh: bool, statements: int, mark: Callable[[], None]
) -> tuple[dict | None, float | None]:
    """Build the corpus in a fresh database (then `mark` it as built), or migrate the one reused."""
    from django.core.management import call_command

    from bench.synthetic import add_synthetic_corpus

    if not fresh:
        call_command("migrate", verbosity=0)  # a reused corpus gets the migrations added since
        return None, None
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    counts = add_synthetic_corpus(statements=statements)
    seconds = time.perf_counter() - started
    mark()
    print(f"corpus built in {seconds:.0f} s: {counts}", file=sys.stderr)
    return counts, round(seconds, 1)


def use_database(database_url: str) -> dict[str, str]:
    """Point this process (and the gunicorn it starts) at the benchmark's database; the server's env."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-not-for-production"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        # As deployed (deploy/infkb.env.example) and as the floor's one connection: the worker keeps its
        # connection. A new one per request cost 7–20 ms to open, and its first plans 20–40 ms more
        # (a new server process reads the catalogs again).
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    }
    os.environ.update(env)
    return env


def request_plan(found: dict, only: list[str] | None, baselines: bool) -> list[dict]:
    """Every page and API request (with its naive URL and floor SQL if `baselines`), filtered by --only."""
    plan = [{"label": label, "url": url.format(**found)} for label, url in PAGES]
    for label, url, naive_url, floor_sql, params in api_requests():
        entry = {"label": label, "url": url.format(**found)}
        if baselines:
            entry["naive_url"] = naive_url.format(**found)
            entry["floor_sql"] = floor_sql
            entry["floor_params"] = {**found, **params}
        plan.append(entry)
    if only:  # a quick look at a few requests while working on them
        plan = [entry for entry in plan if any(part in entry["label"] for part in only)]
    for entry in plan:
        entry["queries"] = count_queries(entry["url"])
    return plan


def time_requests(
    args: argparse.Namespace, env: dict, plan: list[dict], floor_url: str | None
) -> dict | None:
    """Serve the app, time the plan in interleaved rounds, then the export (unless --only leaves it out);
    its results."""
    server = Server(args.port, env)
    try:
        measure(args.port, plan, args.repeat, floor_url)
        return measure_export(args.port, server, args.export_seconds) if times_export(args.only) else None
    finally:
        server.stop()


def write_report(
    args: argparse.Namespace,
    database: str,
    corpus: tuple[dict | None, float | None],
    found: dict,
    plan: list[dict],
    export: dict | None,
    render: Callable[[dict], str],
) -> None:
    """Write bench/results/<--out, or date-scale[-database]>.json and its Markdown table (`render`)."""
    counts, build_seconds = corpus
    today = datetime.date.today().isoformat()
    report = {
        "date": today,
        "statements": args.statements,
        "repeat": args.repeat,
        "database": database,
        "corpus": counts,
        "build_seconds": build_seconds,
        "targets": {key: value for key, value in found.items() if key != "root"},
        "requests": summarise(plan),
        "export": export,
    }
    default_name = f"{today}-{args.statements}" + ("" if database == "postgresql" else f"-{database}")
    out = ROOT / "bench" / "results" / (args.out or default_name)
    out.parent.mkdir(exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(render(report))
    print(render(report))
    print(f"written: {out}.json and .md", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser, statements=1_000_000, port=8079)
    parser.add_argument("--database", default="infkb_bench", help="its own database (created, dropped)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server")
    args = parser.parse_args()

    server_url = args.server.rstrip("/")
    database_url = f"{server_url}/{args.database}"
    env = use_database(database_url)
    fresh = prepare_database(f"{server_url}/postgres", args.database, args.statements, args.reuse)

    import django

    django.setup()
    from django.core.management import call_command

    corpus = build_or_migrate(
        fresh, args.statements, lambda: mark_built(f"{server_url}/postgres", args.database, args.statements)
    )
    if args.build_only:
        return
    call_command("collectstatic", "--noinput", verbosity=0)
    found = targets()
    plan = request_plan(found, args.only, baselines=True)
    export = time_requests(args, env, plan, floor_url=database_url)
    if export:
        export["floor_rows_per_second"] = floor_export_rate(database_url)
    write_report(args, "postgresql", corpus, found, plan, export, markdown)


if __name__ == "__main__":
    main()
