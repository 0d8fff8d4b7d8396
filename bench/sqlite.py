"""Benchmark on SQLite, the embedded default: is every page usable at 100,000 statements?

The same corpus generator (bench/synthetic.py, loaded with bulk_create on
SQLite), the same pages and API requests as bench/run.py, served the same way
(gunicorn, one sync worker, on loopback, bench/settings.py) and timed the same
way (warm, interleaved rounds, median and p95). No floor and no naive baseline:
the question here is only "usable", a median under 300 ms. It writes
bench/results/<date>-<scale>-sqlite.json and .md.

    .venv/bin/python bench/sqlite.py                          # 100,000 statements
    .venv/bin/python bench/sqlite.py --statements 10000       # the quick run
    .venv/bin/python bench/sqlite.py --reuse                  # time again on the file already built
    .venv/bin/python bench/sqlite.py --build-only             # build it, time nothing

It writes the corpus to its own file (default /tmp/infkb_bench_<scale>.sqlite3)
and replaces on the next run only a file it built itself (marked by a
`<file>.bench` file beside it), never any other.
"""

import argparse
import datetime
import http.client
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import MARK, PAGES, Server, api_requests, count_queries, get, p95, resident_mb, targets  # noqa: E402


def prepare_file(path: Path, statements: int, reuse: bool) -> bool:
    """Remove the benchmark's previous file; False if --reuse found it built at this scale."""
    marker = path.with_name(path.name + ".bench")
    wanted = f"{MARK}: {statements} statements"
    if path.exists() and not marker.exists():
        sys.exit(f"{path} exists and was not built by the benchmark: not touching it.")
    if path.exists() and reuse and marker.read_text() == wanted:
        return False
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    marker.write_text(f"{MARK}: building")
    return True


def build_corpus(path: Path, statements: int) -> tuple[dict, float]:
    from django.core.management import call_command

    from bench.synthetic import add_synthetic_corpus

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    counts = add_synthetic_corpus(statements=statements)
    seconds = time.perf_counter() - started
    path.with_name(path.name + ".bench").write_text(f"{MARK}: {statements} statements")
    return counts, seconds


def measure(port: int, plan: list[dict], repeat: int) -> None:
    """Fill each entry's timings: warm once, then `repeat` rounds, each requesting every URL once."""
    for round_number in range(repeat + 1):
        for entry in plan:
            started = time.perf_counter()
            try:
                status, size = get(port, entry["url"])
            except (OSError, http.client.HTTPException):
                status, size = 0, 0
            elapsed = (time.perf_counter() - started) * 1000
            entry.setdefault("statuses", set()).add(status)
            entry["bytes"] = size
            if round_number:  # round 0 warms the caches
                entry.setdefault("timings", []).append(elapsed)
        print(f"round {round_number}/{repeat} done", file=sys.stderr)


def measure_export(port: int, server: Server, seconds: float) -> dict:
    """Stream the CSV export of all statements for at most `seconds`: rows/s and the worker's memory."""
    worker = server.worker_pid()
    before = peak = resident_mb(worker)
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
    rows = max(0, lines - 1)  # the header
    return {
        "status": response.status,
        "rows": rows,
        "complete": complete,
        "seconds": round(elapsed, 1),
        "rows_per_second": round(rows / elapsed),
        "worker_rss_growth_mb": round(peak - before, 1),
    }


def summarise(plan: list[dict]) -> dict[str, dict]:
    return {
        entry["label"]: {
            "url": entry["url"],
            "status": sorted(entry["statuses"]),
            "median_ms": round(statistics.median(entry["timings"]), 1),
            "p95_ms": round(p95(entry["timings"]), 1),
            "queries": entry["queries"],
            "bytes": entry["bytes"],
        }
        for entry in plan
    }


def markdown(report: dict) -> str:
    lines = [
        f"{report['statements']:,} statements, SQLite, {report['date']}, "
        f"median of {report['repeat']} interleaved rounds over HTTP (gunicorn, 1 worker)",
        "",
        "| request | median ms | p95 ms | queries | usable (< 300 ms) |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, result in report["requests"].items():
        usable = "yes" if result["median_ms"] < 300 and result["status"] == [200] else "**no**"
        timing = f"{result['median_ms']:,.1f} | {result['p95_ms']:,.1f}"
        lines.append(f"| {label} | {timing} | {result['queries']} | {usable} |")
    export = report["export"]
    lines += [
        "",
        f"CSV export of all statements: {export['rows']:,} rows in {export['seconds']} s "
        f"({'complete' if export['complete'] else 'stopped there'}), "
        f"**{export['rows_per_second']:,} rows/s**; "
        f"worker memory grew by {export['worker_rss_growth_mb']} MB.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000, help="size of the synthetic corpus")
    parser.add_argument("--repeat", type=int, default=11, help="timed rounds")
    parser.add_argument("--file", type=Path, help="its SQLite file (/tmp/infkb_bench_<N>.sqlite3)")
    parser.add_argument("--port", type=int, default=8078, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--reuse", action="store_true", help="keep the corpus of the last run at this scale")
    parser.add_argument("--export-seconds", type=float, default=60, help="stop reading the export after this")
    parser.add_argument("--build-only", action="store_true", help="build or migrate the corpus, time nothing")
    args = parser.parse_args()

    path = (args.file or Path(f"/tmp/infkb_bench_{args.statements}.sqlite3")).resolve()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-not-for-production"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    fresh = prepare_file(path, args.statements, args.reuse)

    import django

    django.setup()
    from django.core.management import call_command

    counts, build_seconds = (None, None)
    if fresh:
        counts, build_seconds = build_corpus(path, args.statements)
        print(f"corpus built in {build_seconds:.0f} s: {counts}", file=sys.stderr)
    else:
        call_command("migrate", verbosity=0)  # a reused corpus gets the migrations added since
    if args.build_only:
        return
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    found = targets()

    plan = [{"label": label, "url": url.format(**found)} for label, url in PAGES]
    plan += [{"label": label, "url": url.format(**found)} for label, url, *_ in api_requests()]
    for entry in plan:
        entry["queries"] = count_queries(entry["url"])

    server = Server(args.port, env)
    try:
        measure(args.port, plan, args.repeat)
        export = measure_export(args.port, server, args.export_seconds)
    finally:
        server.stop()

    today = datetime.date.today().isoformat()
    report = {
        "date": today,
        "statements": args.statements,
        "repeat": args.repeat,
        "database": "sqlite",
        "corpus": counts,
        "build_seconds": round(build_seconds, 1) if build_seconds else None,
        "targets": {key: value for key, value in found.items() if key != "root"},
        "requests": summarise(plan),
        "export": export,
    }
    out = ROOT / "bench" / "results" / f"{today}-{args.statements}-sqlite"
    out.parent.mkdir(exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))
    print(f"written: {out}.json and .md", file=sys.stderr)


if __name__ == "__main__":
    main()
