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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    MARK,
    add_common_arguments,
    build_or_migrate,
    export_lines,
    request_plan,
    targets,
    time_requests,
    use_database,
    write_report,
)


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
    return "\n".join(lines + export_lines(report["export"])) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser, statements=100_000, port=8078)
    parser.add_argument("--file", type=Path, help="its SQLite file (/tmp/infkb_bench_<N>.sqlite3)")
    args = parser.parse_args()

    path = (args.file or Path(f"/tmp/infkb_bench_{args.statements}.sqlite3")).resolve()
    env = use_database(f"sqlite:///{path}")
    fresh = prepare_file(path, args.statements, args.reuse)

    import django

    django.setup()
    from django.core.management import call_command

    marker = path.with_name(path.name + ".bench")
    corpus = build_or_migrate(
        fresh, args.statements, lambda: marker.write_text(f"{MARK}: {args.statements} statements")
    )
    if args.build_only:
        return
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    found = targets()
    plan = request_plan(found, args.only, baselines=False)
    export = time_requests(args, env, plan, floor_url=None)
    write_report(args, "sqlite", corpus, found, plan, export, markdown)


if __name__ == "__main__":
    main()
