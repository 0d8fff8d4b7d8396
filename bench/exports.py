"""Benchmark: do the whole-corpus exports run in constant memory as the corpus grows?

Measures the peak of Python's allocations (tracemalloc) and the time of each
export on the seed corpus, then after adding N synthetic statements, in the same
run and database. A streamed export's peak does not grow with N.

    .venv/bin/python bench/exports.py --statements 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infkb_bench .venv/bin/python bench/exports.py

It drops and recreates its own database (as bench/run.py): never point it at real data.
"""

import argparse
import io
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.run import fresh_database  # noqa: E402  (sets Django up)
from bench.synthetic import add_synthetic_corpus  # noqa: E402


def streamed(url: str) -> Callable[[], None]:
    def run() -> None:
        response = Client().get(url)
        for _ in response.streaming_content:
            pass

    return run


def command(name: str) -> Callable[[], None]:
    def run() -> None:
        with tempfile.TemporaryDirectory() as folder:
            call_command(name, str(Path(folder) / "out"), stdout=io.StringIO())

    return run


EXPORTS = {
    "statements ?format=csv": streamed("/api/v1/statements/?format=csv"),
    "statements ?format=jsonl": streamed("/api/v1/statements/?format=jsonl"),
    "export_sqlite": command("export_sqlite"),
    "export_aif": command("export_aif"),
}


def measure() -> dict[str, tuple[float, float]]:
    """Seconds and peak MB of Python allocations, per export."""
    found = {}
    for label, run in EXPORTS.items():
        tracemalloc.start()
        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        found[label] = (seconds, peak)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    options = parser.parse_args()
    fresh_database()
    small = measure()
    add_synthetic_corpus(statements=options.statements)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    large = measure()
    print(f"| export | seed: s, peak MB | +{options.statements:,} statements: s, peak MB |")
    print("| --- | ---: | ---: |")
    for label in EXPORTS:
        (s1, m1), (s2, m2) = small[label], large[label]
        print(f"| {label} | {s1:.2f} s, {m1:.1f} MB | {s2:.2f} s, {m2:.1f} MB |")


if __name__ == "__main__":
    main()
