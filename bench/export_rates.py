"""Benchmark: each whole-corpus export on a corpus already built — its rate and its memory.

Runs every export in a process of its own against the database (read only:
exports write nothing there) and samples that process's resident memory
while it runs: the growth from before the export to its peak is what the
export holds. Streamed exports (the statements' CSV and JSON Lines, the
annotation pages) are read for at most --seconds; the commands (export_aif,
export_sqlite, export_kb) run to the end or are stopped at --command-seconds.

    .venv/bin/python bench/export_rates.py --database infkb_bench_1m

Use a copy of the benchmark corpus (see docs/bench.md), on PostgreSQL.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STREAMED = {
    "statements ?format=csv": "/api/v1/statements/?format=csv",
    "statements ?format=jsonl": "/api/v1/statements/?format=jsonl",
    # A reordered and a filtered export: each statement's stances looked up, not merged.
    "statements ?format=csv&ordering=date": "/api/v1/statements/?format=csv&ordering=date",
    "statements ?format=csv&speaker=<busiest>": "/api/v1/statements/?format=csv&speaker={busiest}",
}
COMMANDS = ["export_aif", "export_sqlite", "export_kb"]


def resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def child(name: str, seconds: float) -> None:
    """In the measured process: run one export, print {"rows", "seconds", "complete"} as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from claims.models import Actor, Statement

    busiest = Actor.objects.order_by("-statement_count").values_list("pk", flat=True).first()
    print("ready", flush=True)
    sys.stdin.readline()  # the parent has read the memory before
    started = time.perf_counter()
    if name in STREAMED:
        response = Client().get(STREAMED[name].format(busiest=busiest))
        lines, complete = 0, True
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            if time.perf_counter() - started > seconds:
                complete = False
                break
        rows = lines - (1 if name.endswith("csv") else 0)
    elif name == "annotations":
        client, page, rows, complete = Client(), 1, 0, True
        while True:
            body = client.get("/api/v1/annotations/", {"page": page, "page_size": 500}).json()
            rows += len(body["items"])
            if "next" not in body:
                break
            if time.perf_counter() - started > seconds:
                complete = False
                break
            page += 1
    else:
        with tempfile.TemporaryDirectory() as folder:
            call_command(name, str(Path(folder) / "export"), stdout=open(os.devnull, "w"))  # noqa: SIM115
        rows, complete = Statement.objects.published().count(), True
    result = {"rows": rows, "seconds": time.perf_counter() - started, "complete": complete}
    print(json.dumps(result), flush=True)


def measure(name: str, seconds: float, limit: float) -> dict:
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", name, "--seconds", str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout.readline().strip() == "ready"
    before = peak = resident_mb(process.pid)
    started = time.perf_counter()
    process.stdin.write("go\n")
    process.stdin.flush()
    while process.poll() is None and time.perf_counter() - started < limit:
        peak = max(peak, resident_mb(process.pid))
        time.sleep(0.2)
    if process.poll() is None:
        process.kill()
        process.wait()
        return {"complete": False, "seconds": limit, "rss_growth_mb": round(peak - before, 1)}
    result = json.loads(process.stdout.read().strip().splitlines()[-1])
    rate = round(result["rows"] / result["seconds"])
    return {**result, "rows_per_second": rate, "rss_growth_mb": round(peak - before, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a built corpus (read only), e.g. a copy of infkb_bench_1m")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--seconds", type=float, default=60, help="read a streamed export this long at most")
    parser.add_argument("--command-seconds", type=float, default=600, help="stop a command after this")
    parser.add_argument("--only", nargs="*", help="these exports only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds)
        return
    os.environ["DATABASE_URL"] = f"{args.server.rstrip('/')}/{args.database}"
    names = [*STREAMED, "annotations", *COMMANDS]
    print("| export | rows | seconds | rows/s | complete | worker RSS growth MB |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for name in args.only or names:
        limit = args.command_seconds if name in COMMANDS else args.seconds + 120
        found = measure(name, args.seconds, limit)
        print(
            f"| {name} | {found.get('rows', '')} | {found['seconds']:.1f} "
            f"| {found.get('rows_per_second', '')} | {'yes' if found['complete'] else 'no (stopped)'} "
            f"| {found['rss_growth_mb']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
