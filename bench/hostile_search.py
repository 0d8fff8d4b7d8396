"""Benchmark: what do overlong searches cost, alone and for the other readers?

Times, against a running server, a reader's search alone, the long queries an
attacker sent (540 words, 2.6 kB; 10 kB) on the search and the lists, and the
reader's search again while four clients send, in a loop, the 540-word query
and then the longest query the search accepts (16 words).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infkb_x .venv/bin/python manage.py load_seed
    API_ANON_PER_MINUTE=100000 DATABASE_URL=… .venv/bin/python manage.py runserver 127.0.0.1:8120 --noreload
    .venv/bin/python bench/hostile_search.py --base http://127.0.0.1:8120

It only reads: point it at any server whose throttle lets it through.
"""

import argparse
import itertools
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

# Words of the seed corpus, so that every term of the query is in the index.
VOCABULARY = [
    "russia",
    "missile",
    "treaty",
    "violation",
    "launcher",
    "cruise",
    "ground",
    "range",
    "nuclear",
    "weapons",
    "united",
    "states",
    "deployment",
    "europe",
    "inspection",
    "systems",
    "aegis",
    "ashore",
    "tomahawk",
    "withdrawal",
    "compliance",
]
READER = "/api/v1/claims/?q=missile"


def long_query(size: int) -> str:
    words = itertools.cycle(VOCABULARY)
    query = ""
    while len(query) < size:
        query += next(words) + " "
    return query.strip()


def timed_get(base: str, path: str, params: dict | None = None) -> tuple[float, int]:
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - started, status


def median_of(base: str, path: str, params: dict | None, repeat: int) -> tuple[float, int]:
    results = [timed_get(base, path, params) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _ in results), results[-1][1]


def reader_under_attack(base: str, repeat: int, query: str, attackers: int = 4) -> float:
    stop = threading.Event()
    hostile = {"q": query}

    def attack() -> None:
        while not stop.is_set():
            timed_get(base, "/api/v1/search/", hostile)

    threads = [threading.Thread(target=attack) for _ in range(attackers)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    try:
        return median_of(base, READER, None, repeat)[0]
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    seconds, status = median_of(args.base, READER, None, args.repeat)
    print(f"{'reader alone ' + READER:58} {seconds * 1000:8.0f} ms  {status}")
    for path in ("/api/v1/search/", "/api/v1/actors/", "/api/v1/statements/"):
        for size in (2600, 10_000):
            seconds, status = median_of(args.base, path, {"q": long_query(size)}, args.repeat)
            print(f"{path + f' q of {size} chars':58} {seconds * 1000:8.0f} ms  {status}")
    longest_allowed = " ".join(VOCABULARY[:16])  # claims/search.py: MAX_QUERY_TERMS
    seconds, status = median_of(args.base, "/api/v1/search/", {"q": longest_allowed}, args.repeat)
    print(f"{'/api/v1/search/ q of 16 words':58} {seconds * 1000:8.0f} ms  {status}")
    for label, query in (("2.6 kB", long_query(2600)), ("16-word", longest_allowed)):
        seconds = reader_under_attack(args.base, args.repeat * 2, query)
        print(f"{f'reader while 4 clients send {label} queries':58} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
